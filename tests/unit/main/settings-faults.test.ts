/**
 * settings.json when the disk says no (a roaming profile's share away, antivirus, a full disk): a file that
 * cannot be read is neither taken for "no settings" nor written over, and every failure reaches the user
 * in words through the IPC dispatch. The idle lock still locks meanwhile.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../../src-main/ipc/dispatch.js';
import { createHandlers } from '../../../src-main/ipc/handlers.js';
import { RequestFiles } from '../../../src-main/files/request-files.js';
import { QueuedDialogs, archiveService, vaultSession } from '../../support/queued-dialogs.js';

/** Calls on paths that contain `match` fail with `code` while `match` is set. */
const fault = vi.hoisted(() => ({ fn: '', match: '', code: '' }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const wrapped: Record<string, unknown> = { ...real };
  for (const name of ['readFile', 'open']) {
    const fn = real[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = (...args: unknown[]) => {
      if (fault.fn === name && fault.match !== '' && String(args[0]).includes(fault.match))
        return Promise.reject(Object.assign(new Error(`${fault.code}: injected`), { code: fault.code }));
      return fn(...args);
    };
  }
  return { ...wrapped, default: wrapped };
});

const PASSPHRASE = 'violet harbour seventy lanterns';
let root: string;
let path: string;
let dialogs: QueuedDialogs;
let dispatch: ReturnType<typeof createDispatch>;
const internal: string[] = [];

const CHOSEN = {
  format: 'cmk-rekey/settings',
  version: 3,
  vaultFolder: '',
  archiveFolder: '/srv/archive',
  allowedSignersFile: '/srv/allowed_signers',
  autoLockMinutes: 7,
};

beforeEach(() => {
  Object.assign(fault, { fn: '', match: '', code: '' });
  root = mkdtempSync(join(tmpdir(), 'cmk-rekey-settings-faults-'));
  path = join(root, 'settings.json');
  dialogs = new QueuedDialogs();
  internal.length = 0;
  dispatch = createDispatch(
    createHandlers({
      files: new RequestFiles(dialogs),
      vault: vaultSession(root, dialogs),
      archive: archiveService(root, dialogs),
      version: '1.2.3',
    }),
    (line) => internal.push(line),
  );
});

describe('a settings file that cannot be read now', () => {
  it('is never written over: every change is refused, saying why, and the file keeps every choice', async () => {
    const text = JSON.stringify({ ...CHOSEN, vaultFolder: join(root, 'share', 'vault') });
    writeFileSync(path, text);
    Object.assign(fault, { fn: 'readFile', match: 'settings.json', code: 'EIO' });
    const refused = {
      ok: false,
      code: 'io',
      message:
        "Your settings (settings.json, in the app's data folder) cannot be read: input/output error from the disk or network share (EIO). Nothing was changed; try again.",
    };
    expect(
      await dispatch('siteTimeZoneSet', { site: 'https://acme.atlassian.net', timeZone: 'Europe/Berlin' }),
    ).toEqual(refused);
    expect(await dispatch('vaultSetAutoLock', { minutes: 5 })).toEqual(refused);
    expect(await dispatch('vaultSetTrashRetention', { days: 30 })).toEqual(refused);
    dialogs.answers.push(join(root, 'elsewhere'));
    expect(await dispatch('archiveChooseFolder', {})).toEqual(refused);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(internal).toEqual([]);
  });

  it('is not taken for a first run in the default folder: the vault status says what failed', async () => {
    writeFileSync(path, JSON.stringify({ ...CHOSEN, vaultFolder: join(root, 'share', 'vault') }));
    Object.assign(fault, { fn: 'readFile', match: 'settings.json', code: 'EACCES' });
    expect(await dispatch('vaultStatus', {})).toMatchObject({
      ok: false,
      code: 'io',
      message: expect.stringMatching(
        /settings\.json.*cannot be read: permission denied \(EACCES\)/,
      ) as string,
    });
    Object.assign(fault, { fn: '', match: '' });
    expect(await dispatch('vaultStatus', {})).toMatchObject({
      ok: true,
      value: { state: 'none', folder: join(root, 'share', 'vault') },
    });
  });

  it('still lets the idle lock lock the vault (at the default time), and deletes nothing from the trash', async () => {
    const session = vaultSession(root, dialogs);
    const created = await session.create({ passphrase: PASSPHRASE, recipients: [] });
    expect(created).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await session.setAutoLock({ minutes: 0 })).toMatchObject({ ok: true });
    Object.assign(fault, { fn: 'readFile', match: 'settings.json', code: 'EBUSY' });
    expect(await session.purgeOldTrash(true)).toBeUndefined();
    expect(await session.lockIfIdle(24 * 3600)).toBe(true);
  });
});

describe('a settings change that cannot be written', () => {
  it('says why in words, and the next change works once the fault is gone', async () => {
    writeFileSync(path, JSON.stringify(CHOSEN));
    Object.assign(fault, { fn: 'open', match: '.settings.json.', code: 'ENOSPC' });
    expect(await dispatch('vaultSetAutoLock', { minutes: 5 })).toEqual({
      ok: false,
      code: 'io',
      message: 'Your settings could not be saved: the disk is full (ENOSPC).',
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(CHOSEN);
    Object.assign(fault, { fn: '', match: '' });
    expect(await dispatch('vaultSetAutoLock', { minutes: 5 })).toMatchObject({
      ok: true,
      value: { autoLockMinutes: 5 },
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...CHOSEN, autoLockMinutes: 5 });
    expect(internal).toEqual([]);
  });
});
