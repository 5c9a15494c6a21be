// `npm run screenshots`: a screenshot of every step, with a filled-in dual-region request, for the README
// (docs/screenshots/). Runs the built renderer in Chromium with the real main-process services.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closeBrowser, startHarness } from '../tests/e2e/harness.js';
import { DraftsPage } from '../tests/e2e/pages/drafts-page.js';
import { RequestPage, STEPS } from '../tests/e2e/pages/request-page.js';
import { validRequest } from '../tests/fixtures/requests.js';

const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });

const harness = await startHarness({ viewport: { width: 1280, height: 860 }, vault: 'unlocked' });
const form = new RequestPage(harness.page);
await form.startNewDraft();
const file = join(harness.folder, 'eu-re-encryption.json');
writeFileSync(
  file,
  JSON.stringify(
    validRequest('eu', { impact: 'L1', timing: 'immediate', participants: ['secops@acme-cloud.example'] }),
  ),
);
harness.dialogs.answers.push(file);
await harness.page.keyboard.press('ControlOrMeta+O');
await harness.page.getByText('eu-re-encryption.json').first().waitFor();
await harness.page.getByRole('button', { name: 'Dismiss' }).click();
for (const [index, step] of STEPS.entries()) {
  await form.goTo(step);
  await harness.page.screenshot({ path: join(out, `${String(index + 1)}-${step}.png`), fullPage: true });
}
await harness.page.emulateMedia({ colorScheme: 'dark' });
await harness.page.screenshot({ path: join(out, '6-review-dark.png'), fullPage: true });
await harness.page.emulateMedia({ colorScheme: 'light' });
await new DraftsPage(harness.page).show('Drafts');
await harness.page.screenshot({ path: join(out, '7-drafts.png'), fullPage: true });
await harness.close();
await closeBrowser();
console.log(`wrote ${String(STEPS.length + 2)} screenshots to ${out}/`);
