/**
 * Smoke test of the real Electron app. It needs the Electron binary, which npm downloads lazily and which
 * cannot be fetched on a closed network: there the test is skipped and says why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

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
});
