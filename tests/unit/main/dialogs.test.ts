/**
 * The native Save dialog asks before replacing a file on every OS: Windows and macOS always do; on Linux
 * Electron asks only with `showOverwriteConfirmation`, and the app's saves (exports, a pack's .zip) rely
 * on that question instead of asking again.
 */
import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron } from '../../mocks/electron.js';

describe('the native dialogs', () => {
  it('ask before replacing an existing file when saving', async () => {
    const fake = createFakeElectron();
    const showSaveDialog = vi.fn<(window: unknown, options?: unknown) => Promise<unknown>>(() =>
      Promise.resolve({ canceled: false, filePath: '/tmp/evidence.zip' }),
    );
    vi.doMock('electron', () => ({ ...fake, dialog: { ...fake.dialog, showSaveDialog } }));
    const { electronDialogs } = await import('../../../src-main/dialogs.js');
    const path = await electronDialogs(() => undefined).chooseSavePath({
      title: 'Save the evidence pack as a .zip',
      defaultName: 'pack.zip',
      filters: [{ name: 'Zip archive', extensions: ['zip'] }],
    });
    expect(path).toBe('/tmp/evidence.zip');
    expect(showSaveDialog.mock.calls.map((call) => call[0])).toEqual([
      expect.objectContaining({
        properties: expect.arrayContaining(['showOverwriteConfirmation']) as unknown,
      }),
    ]);
    vi.doUnmock('electron');
  });
});
