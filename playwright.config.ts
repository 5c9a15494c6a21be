import { defineConfig } from '@playwright/test';

/** End-to-end tests: the built renderer in Debian's Chromium, with the real main-process services. */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'out/test-results/playwright.json' }]],
  outputDir: 'out/test-results/playwright',
});
