/**
 * A request changed elsewhere while it is open here (QA J, F5), and texts typed outside the draft over a
 * lock (F6), with the real main-process services behind the page.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ok, type Result } from '../../src-shared/ipc/result.js';
import { Vault } from '../../src-main/vault/vault.js';
import { validDraftRequest } from '../unit/main/vault/helpers.js';
import { closeBrowser, startHarness, TEST_PASSPHRASE, type Harness } from './harness.js';
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

function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** Counts the saves main's vault gets from the page from now on. */
async function countSaves(h: Harness): Promise<() => number> {
  const vault = value(await h.vault.withVault((open) => Promise.resolve(ok(open))));
  const save = vault.save.bind(vault);
  let count = 0;
  vault.save = (draft) => {
    count += 1;
    return save(draft);
  };
  return () => count;
}

test('a request marked sent elsewhere while open: the record says so, the form turns read-only, the typing is in the alert, no retries', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const { page } = harness;
  const drafts = new DraftsPage(page);
  const form = new RequestPage(page);
  await drafts.createDrafts(form, ['012345678901']);
  await drafts.open('AWS account 012345678901');
  await expect(page.locator('.record-status')).toHaveText('Draft');
  const saves = await countSaves(harness);

  // The command line (another process on the same vault folder) marks it sent as CMK-77.
  const other = value(await Vault.open(harness.vaultFolder, { unsafeScryptWorkFactor: 10 }));
  value(await other.unlock(TEST_PASSPHRASE));
  const [summary] = value(await other.list());
  value(await other.markSent(summary?.id ?? '', { ticket: 'CMK-77' }));
  await other.close();

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
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await page.screenshot({ path: 'test-results/changed-elsewhere-1280.png', fullPage: true });
  await page.setViewportSize({ width: 800, height: 600 });
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
