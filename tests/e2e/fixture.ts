/**
 * The `test` every end-to-end spec uses: Playwright's, with two checks no spec can forget. After each test,
 * every harness it started must have made no request off its own origin (the app never uses the network)
 * and logged no error in the page; then it is closed, pass or fail. After the worker's last test, the one
 * Chromium closes.
 */
import { expect, test as base } from '@playwright/test';
import { closeBrowser, takeRunning } from './harness.js';

export { expect };

export const test = base.extend<{ checkedHarnesses: undefined }, { sharedBrowser: undefined }>({
  checkedHarnesses: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      await use(undefined);
      const started = takeRunning();
      try {
        for (const harness of started) {
          const offsite = harness.requests.filter((url) => !url.startsWith(`${harness.origin}/`));
          expect(offsite, 'network use').toEqual([]);
          expect(harness.consoleErrors, 'errors in the page').toEqual([]);
        }
      } finally {
        for (const harness of started) await harness.close();
      }
    },
    { auto: true },
  ],
  sharedBrowser: [
    // eslint-disable-next-line no-empty-pattern -- as above
    async ({}, use) => {
      await use(undefined);
      await closeBrowser();
    },
    { auto: true, scope: 'worker' },
  ],
});
