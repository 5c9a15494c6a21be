/**
 * Main-process code runs on Electron's Node, whose crypto is BoringSSL's: every main test sees
 * `node:crypto` as Electron has it (tests/support/electron-crypto.ts), so a cipher or hash the app lacks
 * fails here, not first in the app. The command line runs on plain Node; its tests (tests/cli) do not
 * use this.
 */
import { vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const { electronCrypto } = await import('../../support/electron-crypto.js');
  return electronCrypto(await importOriginal());
});
