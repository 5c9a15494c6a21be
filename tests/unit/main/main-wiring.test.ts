import { beforeEach, describe, expect, it, vi } from 'vitest';
import { METHODS, channelOf } from '../../../src-shared/ipc/contract.js';
import { FakeBrowserWindow, createFakeElectron } from '../../mocks/electron.js';

async function startMain() {
  return importMain(createFakeElectron());
}

/** Imports a fresh main.ts against `fake` (vi.doMock applies to the imports that follow it). */
async function importMain(fake: ReturnType<typeof createFakeElectron>) {
  vi.resetModules();
  vi.doMock('electron', () => fake);
  await import('../../../src-main/main.js');
  // Start-up reads the policy files first; the window comes once that is done.
  if (fake.app.singleInstance) {
    await vi.waitFor(() => {
      expect(FakeBrowserWindow.instances).toHaveLength(1);
    });
  }
  return fake;
}

beforeEach(() => {
  FakeBrowserWindow.instances = [];
});

describe('main.ts wiring', () => {
  it('opens one hardened window on the built renderer', async () => {
    await startMain();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const window = FakeBrowserWindow.instances[0];
    expect(window?.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    // On an 800×600 screen (560 pixels above the taskbar) the whole window fits, and may be made smaller.
    expect(window?.options).toMatchObject({ width: 800, height: 560, minWidth: 640, minHeight: 480 });
    expect((window?.options['webPreferences'] as { preload: string }).preload).toMatch(/preload\.cjs$/);
    expect(window?.loadedFile).toMatch(/renderer[/\\]index\.html$/);
  });

  it('serves every contract channel and refuses calls from anything but the app window', async () => {
    const fake = await startMain();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(METHODS.map(channelOf).sort());
    const handler = fake.ipcMain.handlers.get(channelOf('appInfo'));
    const stranger = { sender: {}, senderFrame: { url: 'https://evil.example/' } };
    expect(await handler?.(stranger, {})).toMatchObject({ ok: false, code: 'invalid-argument' });
  });

  it('answers the app window, parsing its arguments', async () => {
    const fake = await startMain();
    const window = FakeBrowserWindow.instances[0];
    const handler = fake.ipcMain.handlers.get(channelOf('appInfo'));
    const own = { sender: window?.webContents, senderFrame: { url: `file://${String(window?.loadedFile)}` } };
    await expect(handler?.(own, {})).resolves.toMatchObject({
      ok: true,
      value: { name: 'CMK Rekey', version: '0.0.0-test' },
    });
    await expect(handler?.(own, { extra: 1 })).resolves.toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });
    // The step in the URL hash does not make the app's own page a stranger; another file does.
    const onStep = { ...own, senderFrame: { url: `${own.senderFrame.url}#keys` } };
    await expect(handler?.(onStep, {})).resolves.toMatchObject({ ok: true });
    const otherFile = { ...own, senderFrame: { url: 'file:///tmp/evil.html' } };
    expect(await handler?.(otherFile, {})).toMatchObject({ ok: false, code: 'invalid-argument' });
  });

  it('denies permissions (but clipboard writing), remote requests, pop-ups and navigation', async () => {
    const fake = await startMain();
    const session = fake.session.defaultSession;
    const answers: boolean[] = [];
    session.permissionRequest?.({}, 'geolocation', (granted: boolean) => answers.push(granted));
    session.permissionRequest?.({}, 'clipboard-read', (granted: boolean) => answers.push(granted));
    session.permissionRequest?.({}, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false, true]);
    const cancelled: boolean[] = [];
    session.beforeRequest?.({ url: 'https://fonts.example/font.woff2' }, (result: { cancel: boolean }) =>
      cancelled.push(result.cancel),
    );
    // Its own files load; any other file on the disk does not (README: "blocks every request that is
    // not one of its own files").
    const own = `file://${String(FakeBrowserWindow.instances[0]?.loadedFile)}`;
    for (const url of [own, new URL('assets/index.js', own).href, 'file:///etc/passwd'])
      session.beforeRequest?.({ url }, (result: { cancel: boolean }) => cancelled.push(result.cancel));
    expect(cancelled).toEqual([true, false, false, true]);
    const contents = FakeBrowserWindow.instances[0]?.webContents;
    expect(contents?.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents?.emitPreventable('will-navigate', 'https://example.com')).toBe(true);
    expect(contents?.emitPreventable('will-attach-webview')).toBe(true);
  });

  it('asks before a reload or close the page stopped because changes are not saved; Stay keeps the page', async () => {
    const fake = await startMain();
    const contents = FakeBrowserWindow.instances[0]?.webContents;
    // preventDefault on will-prevent-unload lets the page go; without it, the page stays.
    expect(contents?.emitPreventable('will-prevent-unload')).toBe(false);
    expect(fake.dialog.messageBoxes.at(-1)).toMatchObject({
      buttons: ['Stay', 'Leave anyway'],
      cancelId: 0,
      message: 'Your last changes to the open draft are not saved.',
    });
    fake.dialog.messageBoxAnswer = 1;
    expect(contents?.emitPreventable('will-prevent-unload')).toBe(true);
    expect(fake.dialog.messageBoxes).toHaveLength(2);
  });

  it('quitting waits for the vault to finish its work, then goes on', async () => {
    const fake = await startMain();
    // Every window is closed: Electron is about to end the process. Main holds it until the vault is done.
    expect(fake.app.emitPreventable('will-quit')).toBe(true);
    expect(fake.app.quitCalled).toBe(false);
    await vi.waitFor(() => {
      expect(fake.app.quitCalled).toBe(true);
    });
    // The quit main asks for then goes through.
    expect(fake.app.emitPreventable('will-quit')).toBe(false);
  });

  it('quits at once when another instance holds the lock', async () => {
    const fake = createFakeElectron();
    fake.app.singleInstance = false;
    await importMain(fake);
    expect(fake.app.quitCalled).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
