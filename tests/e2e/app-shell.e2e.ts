import { expect, test } from './fixture.js';
import { startHarness, type Harness } from './harness.js';

let harness: Harness;

test.beforeEach(async () => {
  harness = await startHarness();
});

test('the page loads under the strict CSP with no errors and only its own files', async () => {
  const { page } = harness;
  await expect(page.locator('h1')).toBeVisible();
  const info = await page.evaluate(() =>
    (window as unknown as { cmkRekey: { appInfo: (arg: object) => Promise<unknown> } }).cmkRekey.appInfo({}),
  );
  expect(info).toMatchObject({ ok: true, value: { name: 'CMK Rekey', version: '0.0.0-e2e' } });
  await page.waitForLoadState('networkidle');
  expect(harness.requests.length).toBeGreaterThan(0);
  expect(harness.requests.filter((url) => !url.startsWith(`${harness.origin}/`))).toEqual([]);
  expect(harness.consoleErrors).toEqual([]);
});

test('the renderer API refuses bad arguments as data', async () => {
  const result = await harness.page.evaluate(() =>
    (
      window as unknown as { cmkRekey: { exportTicket: (arg: unknown) => Promise<unknown> } }
    ).cmkRekey.exportTicket({ format: 'pdf' }),
  );
  expect(result).toMatchObject({ ok: false, code: 'invalid-argument' });
});
