/**
 * A request changed elsewhere while it is open here (QA J, F5), with describe-key output pasted then (Fix V),
 * and texts typed outside the draft over a lock (F6), with the real main-process services behind the page.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ok, type Result } from '../../src-shared/ipc/result.js';
import { Vault } from '../../src-main/vault/vault.js';
import { describeKeyResult } from '../fixtures/describe-key.js';
import { validDraftRequest } from '../unit/main/vault/helpers.js';
import { expect, test } from './fixture.js';
import { startHarness, TEST_PASSPHRASE, type Harness } from './harness.js';
import { DraftsPage, openOneDraft } from './pages/drafts-page.js';
import { RequestPage } from './pages/request-page.js';

let harness: Harness | undefined;

function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The app's own vault, behind the page (main's). */
async function appVault(h: Harness): Promise<Vault> {
  return value(await h.vault.withVault((open) => Promise.resolve(ok(open))));
}

/** Counts the saves main's vault gets from the page from now on. */
async function countSaves(h: Harness): Promise<() => number> {
  const vault = await appVault(h);
  const save = vault.save.bind(vault);
  let count = 0;
  vault.save = (draft) => {
    count += 1;
    return save(draft);
  };
  return () => count;
}

/** The command line (another process on the same vault folder) marks the only draft sent as CMK-77. */
async function markSentElsewhere(h: Harness): Promise<void> {
  const other = value(await Vault.open(h.vaultFolder, { unsafeScryptWorkFactor: 10 }));
  value(await other.unlock(TEST_PASSPHRASE));
  const [summary] = value(await other.list());
  value(await other.markSent(summary?.id ?? '', { ticket: 'CMK-77' }));
  await other.close();
}

/** Where the file toolbar is on the page (wherever it is scrolled to), and how big. */
function toolbarBox(page: Page): Promise<string> {
  return page.locator('.toolbar').evaluate((toolbar) => {
    const { x, y, width, height } = toolbar.getBoundingClientRect();
    return JSON.stringify([x + window.scrollX, y + window.scrollY, width, height]);
  });
}

test('a request marked sent elsewhere while open: the record says so, the form turns read-only, the typing is in the alert, no retries', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const { page } = harness;
  const { drafts, form } = await openOneDraft(page);
  await expect(page.locator('.record-status')).toHaveText('Draft');
  const saves = await countSaves(harness);
  const toolbarTop = (await page.locator('.toolbar').boundingBox())?.y;

  await markSentElsewhere(harness);

  // The user, who has not seen it, types.
  await form.field('awsAccountId').fill('210987654321');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'This request was marked sent elsewhere (Atlassian ticket CMK-77) while it was open here. Your last changes were not saved:',
  );
  await expect(alert.locator('dt')).toHaveText(['AWS account ID']);
  await expect(alert.locator('dd')).toHaveText(['210987654321']);
  await expect(page.locator('.record-status')).toHaveText('Sent');
  await expect(page.locator('.record-ticket')).toHaveText('CMK-77');
  await expect(page.getByRole('button', { name: 'Mark as sent…' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: 'Read-only' })).toBeVisible();
  await expect(form.field('awsAccountId')).toHaveCount(0);
  // The status says so too, in the alert's words; the toolbar stays on its line.
  await expect(drafts.saveStatus()).toHaveText('! Not saved · sent elsewhere');
  expect((await page.locator('.toolbar').boundingBox())?.y).toBe(toolbarTop);
  const wide = await toolbarBox(page);
  await page.screenshot({ path: 'test-results/changed-elsewhere-1280.png', fullPage: true });
  await page.setViewportSize({ width: 800, height: 600 });
  const narrow = await toolbarBox(page);
  await page.screenshot({ path: 'test-results/changed-elsewhere-800x600.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/changed-elsewhere-800x600-dark.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.map(
      (violation) => `${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);

  // One save, refused; no retry (the refused save used to be sent every 5 s).
  await page.waitForTimeout(11_000);
  expect(saves()).toBe(1);
  await expect(alert).toBeVisible();
  // Dismissed: the status of a request opened sent, and the toolbar where it was, at either size.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toHaveCount(0);
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await expect(page.getByRole('heading', { level: 2, name: 'Read-only' })).toBeFocused();
  expect(await toolbarBox(page)).toBe(narrow);
  await page.evaluate(() => {
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: 'test-results/changed-elsewhere-dismissed-800x600-dark.png' });
  await page.setViewportSize({ width: 1280, height: 860 });
  expect(await toolbarBox(page)).toBe(wide);
  // Leaving asks nothing: what is on screen is the stored request, and the alert held the rest.
  await drafts.show('Drafts');
  await expect(drafts.card('AWS account 012345678901')).toContainText('CMK-77');
});

test('a ticket reference typed in Mark as sent, and describe-key output pasted, are there after Lock and unlock', async () => {
  harness = await startHarness({
    vault: 'unlocked',
    beforeLoad: async (_page, vault) => {
      value(
        await vault.withVault((open) => open.newDraft({ title: 'EU keys', request: validDraftRequest() })),
      );
    },
  });
  const { page } = harness;
  const drafts = new DraftsPage(page);
  const form = new RequestPage(page);
  await drafts.open('EU keys');
  await form.goTo('keys');
  await page.locator('summary', { hasText: 'Fill in and check with the AWS CLI' }).first().click();
  const output = page.getByLabel(/Paste the command's output here/).first();
  await output.fill('{ "KeyMetadata": { "KeyId": "copied half');
  await page.getByRole('button', { name: 'Mark as sent…' }).click();
  await page.getByLabel(/Atlassian ticket reference/).fill('ABC-123456');

  await drafts.lock();
  await drafts.unlock(TEST_PASSPHRASE);
  await expect(page.getByRole('form', { name: 'Mark as sent' })).toBeVisible();
  await expect(page.getByLabel(/Atlassian ticket reference/)).toHaveValue('ABC-123456');
  await expect(page.getByLabel(/Paste the command's output here/).first()).toHaveValue(
    '{ "KeyMetadata": { "KeyId": "copied half',
  );
  await page.screenshot({ path: 'test-results/kept-over-lock.png', fullPage: true });
});

test('a Mark as sent form open with a typed ticket when the request turns out sent elsewhere: it closes, the ticket is in the alert', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const { page } = harness;
  const { drafts, form } = await openOneDraft(page);
  // The save of what the user types next waits in main until the command line has marked it sent.
  const vault = await appVault(harness);
  const save = vault.save.bind(vault);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  vault.save = async (draft) => {
    await held;
    return save(draft);
  };
  await form.field('awsAccountId').fill('210987654321');
  await page.getByRole('button', { name: 'Mark as sent…' }).click();
  await page.getByLabel(/Atlassian ticket reference/).fill('ABC-123456');
  await markSentElsewhere(harness);
  release();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This request was marked sent elsewhere (Atlassian ticket CMK-77)');
  await expect(alert.locator('dt')).toHaveText(['AWS account ID', 'Atlassian ticket reference']);
  await expect(alert.locator('dd')).toHaveText(['210987654321', 'ABC-123456']);
  await expect(page.getByRole('form', { name: 'Mark as sent' })).toHaveCount(0);
  await expect(page.locator('.record-ticket')).toHaveText('CMK-77');
  await expect(drafts.saveStatus()).toHaveText('! Not saved · sent elsewhere');
  // The box typed in is gone: focus is on the record that says why, not lost to the page.
  await expect(page.getByRole('heading', { level: 2, name: /^Request:/ })).toBeFocused();
  // Selectable: the user copies it from there.
  await alert.locator('dd').nth(1).selectText();
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('ABC-123456');
  await page.screenshot({ path: 'test-results/changed-elsewhere-form-1280.png' });
});

test('Mark as sent submitted on a request sent elsewhere: the form closes, the sent record shows, the ticket is in the alert', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const { page } = harness;
  const { drafts } = await openOneDraft(page);
  await page.getByRole('button', { name: 'Mark as sent…' }).click();
  await page.getByLabel(/Atlassian ticket reference/).fill('ABC-123456');
  await markSentElsewhere(harness);
  await page.getByRole('button', { name: 'Mark as sent', exact: true }).click();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'This request was marked sent elsewhere (Atlassian ticket CMK-77) while it was open here. Your last changes were not saved:',
  );
  await expect(alert.locator('dt')).toHaveText(['Atlassian ticket reference']);
  await expect(alert.locator('dd')).toHaveText(['ABC-123456']);
  await expect(page.getByRole('form', { name: 'Mark as sent' })).toHaveCount(0);
  await expect(page.locator('.record-status')).toHaveText('Sent');
  await expect(page.getByText('it cannot be marked as sent again')).toHaveCount(0);
  await expect(drafts.saveStatus()).toHaveText('! Not saved · sent elsewhere');
  await expect(page.getByRole('heading', { level: 2, name: /^Request:/ })).toBeFocused();
});

test('describe-key output pasted in the Keys step when the request turns out sent elsewhere: each text is in the alert under its key', async () => {
  harness = await startHarness({
    vault: 'unlocked',
    beforeLoad: async (_page, vault) => {
      value(
        await vault.withVault((open) => open.newDraft({ title: 'EU keys', request: validDraftRequest() })),
      );
    },
  });
  const { page } = harness;
  const drafts = new DraftsPage(page);
  const form = new RequestPage(page);
  await drafts.open('EU keys');
  await form.goTo('keys');
  await markSentElsewhere(harness);

  // Pasted, not checked: the box keeps it, and nothing is saved for it.
  const half = '{ "KeyMetadata": { "KeyId": "copied half';
  await page.locator('summary', { hasText: 'old key, eu-central-1 (Frankfurt)' }).click();
  await page
    .getByLabel("Paste the command's output here for the old key, eu-central-1 (Frankfurt)")
    .fill(half);
  // Pasted whole: it fills the new key's ARN, and that save finds the request sent.
  const newKey = `arn:aws:kms:eu-west-1:${validDraftRequest().awsAccountId}:key/9f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d`;
  const whole = JSON.stringify(describeKeyResult(newKey), null, 4);
  await page.locator('summary', { hasText: 'new key, eu-west-1 (Ireland)' }).click();
  await page.getByLabel("Paste the command's output here for the new key, eu-west-1 (Ireland)").fill(whole);

  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    'This request was marked sent elsewhere (Atlassian ticket CMK-77) while it was open here. Your last changes were not saved:',
  );
  await expect(alert.locator('dt')).toHaveText([
    'Keys checked with aws kms describe-key',
    'Key ARNs, eu-west-1',
    'Output of aws kms describe-key for the old key, eu-central-1 (Frankfurt)',
    'Output of aws kms describe-key for the new key, eu-west-1 (Ireland)',
  ]);
  const values = alert.locator('dd');
  await expect(values.nth(2)).toHaveText(half);
  // As pasted, line breaks and all, and selectable: the user copies it from there.
  expect(await values.nth(3).textContent()).toBe(whole);
  await values.nth(3).selectText();
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(whole);
  await expect(page.getByRole('heading', { level: 2, name: 'Read-only' })).toBeVisible();
  await expect(page.getByLabel(/Paste the command's output here/)).toHaveCount(0);
  await expect(drafts.saveStatus()).toHaveText('! Not saved · sent elsewhere');
  await page.evaluate(() => {
    window.getSelection()?.removeAllRanges();
  });
  await page.screenshot({ path: 'test-results/changed-elsewhere-pasted-1280.png', fullPage: true });
  await page.setViewportSize({ width: 800, height: 600 });
  await alert.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/changed-elsewhere-pasted-800x600.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/changed-elsewhere-pasted-800x600-dark.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(
    axe.violations.map(
      (violation) => `${violation.id} ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
  ).toEqual([]);
});
