import { expect, test } from './fixture.js';
import { startHarness, type Harness } from './harness.js';
import { RequestPage } from './pages/request-page.js';

let harness: Harness;

test.beforeEach(async () => {
  harness = await startHarness({ vault: 'unlocked' });
});

// Leaving a field can show a note under it ("Tidied: …", an error), which moves the buttons below.
// A click that starts on "Next" must still land there, however the page moves between press and release.
test('clicking Next right after typing into a field that gets tidied moves on', async () => {
  const form = new RequestPage(harness.page);
  await form.startNewDraft();
  await form.goTo('organization');
  await form
    .field('organizationId')
    .fill('https://admin.atlassian.com/o/BE0DF05B-77EC-4A4F-AC84-F818BEF651CE/overview');
  await harness.page.getByRole('button', { name: /^Next:/ }).click();
  await form.expectStep('account');
  await form.goTo('organization');
  await expect(form.field('organizationId')).toHaveValue('be0df05b-77ec-4a4f-ac84-f818bef651ce');
});
