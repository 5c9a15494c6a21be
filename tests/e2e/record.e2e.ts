/**
 * A request's life end to end: viewing a draft changes nothing on disk; mark sent → frozen read-only view →
 * New revision → completed; the history is shown.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { closeBrowser, startHarness, type Harness } from './harness.js';
import { DraftsPage } from './pages/drafts-page.js';
import { RequestPage } from './pages/request-page.js';

let harness: Harness | undefined;

test.afterEach(async () => {
  if (harness !== undefined) {
    expect(harness.consoleErrors).toEqual([]);
    await harness.close();
  }
  harness = undefined;
});
test.afterAll(closeBrowser);

function draftBytes(h: Harness): Buffer {
  const [name] = readdirSync(join(h.vaultFolder, 'drafts')).filter((file) => file.endsWith('.age'));
  return readFileSync(join(h.vaultFolder, 'drafts', name ?? ''));
}

test('opening a draft and moving through its steps leaves the file byte for byte unchanged', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const drafts = new DraftsPage(harness.page);
  const form = new RequestPage(harness.page);
  await drafts.createDrafts(form, ['012345678901']);
  const before = draftBytes(harness);
  await drafts.open('AWS account 012345678901');
  await form.goTo('keys');
  await form.goTo('timing');
  await form.goTo('organization');
  await drafts.show('Drafts');
  expect(draftBytes(harness)).toEqual(before);
});

test('mark sent → frozen read-only → new revision → completed, with the history shown', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const { page } = harness;
  const drafts = new DraftsPage(page);
  const form = new RequestPage(page);
  await drafts.createDrafts(form, ['012345678901']);
  await drafts.open('AWS account 012345678901');
  await page.getByRole('button', { name: 'Mark as sent…' }).click();
  await expect(
    page.getByText(/the record will say it was sent although the request still had errors/),
  ).toBeVisible();
  await page.getByLabel(/Atlassian ticket reference/).fill('ABC-123456');
  await page.getByRole('button', { name: 'Mark as sent', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Read-only' })).toBeVisible();
  await expect(page.locator('.frozen-text').first()).toContainText(
    'Re-encryption for AWS account 012345678901',
  );
  await expect(page.getByText('Sent although the request still had errors or missing parts.')).toBeVisible();
  await expect(page.locator('.record-ticket')).toHaveText('ABC-123456');
  await page.screenshot({ path: 'test-results/record-sent.png', fullPage: true });

  await page.getByRole('button', { name: 'New revision' }).click();
  await expect(page.locator('.record-revision')).toHaveText('revision 2');
  await expect(form.field('awsAccountId')).toBeEditable(); // the revision is an open draft again
  await drafts.show('Drafts');
  await expect(drafts.card('AWS account 012345678901').filter({ hasText: 'Sent' })).toContainText(
    'ABC-123456',
  );
  await drafts
    .card('AWS account 012345678901')
    .filter({ hasText: 'ABC-123456' })
    .getByRole('button', { name: /^Open/ })
    .click();
  await page.getByRole('button', { name: 'Completed…' }).click();
  await page.getByLabel('Note (optional)').fill('Support confirmed.');
  await page.getByRole('button', { name: 'Mark completed' }).click();
  await expect(page.locator('.record-status')).toHaveText('Completed');
  await page.getByText(/^History \(\d+\)$/).click();
  await expect(page.locator('.record-history li')).toHaveText([
    /: created/,
    /: edited \(.*request.awsAccountId/,
    /: sent — ABC-123456/,
    /: completed/,
  ]);
  await page.screenshot({ path: 'test-results/record-completed.png', fullPage: true });
});
