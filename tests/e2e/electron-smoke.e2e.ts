/**
 * Smoke test of the real Electron app. It needs the Electron binary, which npm downloads lazily and which
 * cannot be fetched on a closed network: there the test is skipped and says why.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';
import { TEST_PASSPHRASE } from './harness.js';
import { DraftsPage, openOneDraft } from './pages/drafts-page.js';

const electronPackage = fileURLToPath(new URL('../../node_modules/electron/', import.meta.url));

function electronBinary(): string | undefined {
  const pathFile = `${electronPackage}path.txt`;
  if (!existsSync(pathFile)) return undefined;
  const binary = `${electronPackage}dist/${readFileSync(pathFile, 'utf8').trim()}`;
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary() ?? '';

test.describe('Electron smoke', () => {
  test.skip(
    binary === '',
    'The Electron binary is not installed here (it is downloaded on first use, and this machine has no network for it).',
  );

  test('starts a hardened window with the contract API and no Node in the page', async () => {
    const app = await electron.launch({
      executablePath: binary,
      args: ['.'],
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
    });
    const page = await app.firstWindow();
    // The first screen names itself in the title ("Set up encrypted drafts – CMK Rekey", "Locked – …").
    await expect(page).toHaveTitle(/CMK Rekey$/);
    const exposed = await page.evaluate(() => ({
      api: Object.keys((window as unknown as { cmkRekey: object }).cmkRekey).sort(),
      node: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed.api).toContain('saveRequest');
    expect(exposed.node).toBe('undefined');
    expect(exposed.process).toBe('undefined');
    const url = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(url);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await app.close();
  });

  // Main's crypto runs on Electron's BoringSSL here, not on Node's OpenSSL as in every other test: a
  // cipher it lacks failed exactly these steps (tests/unit/main/electron-crypto.test.ts stands in for it
  // where there is no Electron). Portable mode keeps the vault in a folder of the test's own.
  test('creates a vault, saves a draft, locks and unlocks it again', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-smoke-'));
    const app = await electron.launch({
      executablePath: binary,
      args: ['.'],
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      env: { ...process.env, PORTABLE_EXECUTABLE_DIR: folder },
    });
    try {
      const page = await app.firstWindow();
      const drafts = new DraftsPage(page);
      await drafts.createVault(TEST_PASSPHRASE);
      await openOneDraft(page);
      await drafts.show('Drafts');
      await drafts.lock();
      await drafts.unlock(TEST_PASSPHRASE);
      await expect(drafts.card('AWS account 012345678901')).toBeVisible();
      expect(existsSync(join(folder, 'cmk-rekey-data', 'vault', 'identity.age'))).toBe(true);
    } finally {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
