/**
 * A request's life end to end: viewing a draft changes nothing on disk; mark sent → frozen read-only view →
 * New revision → completed; the history is shown.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validDraftRequest } from '../unit/main/vault/helpers.js';
import { expect, test } from './fixture.js';
import { startHarness, type Harness } from './harness.js';
import { DraftsPage, openOneDraft } from './pages/drafts-page.js';
import { RequestPage } from './pages/request-page.js';

let harness: Harness | undefined;

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
  const { drafts, form } = await openOneDraft(page);
  await page.getByRole('button', { name: 'Mark as sent…' }).click();
  await expect(
    page.getByText(/the record will say it was sent although the request still had errors/),
  ).toBeVisible();
  // A pasted reference too long to keep is refused as a whole, never cut short into another reference.
  const ticket = page.getByLabel(/Atlassian ticket reference/);
  const long = `https://support.atlassian.com/requests/${'x'.repeat(211)}`;
  await ticket.fill(long);
  await page.getByRole('button', { name: 'Mark as sent', exact: true }).click();
  await expect(page.getByRole('form', { name: 'Mark as sent' }).getByRole('alert')).toHaveText(
    'The ticket reference is 250 characters long; at most 200 are kept.',
  );
  await expect(ticket).toHaveValue(long);
  await page.screenshot({ path: 'test-results/record-ticket-too-long.png' });
  await ticket.fill('ABC-123456');
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
  await page.getByLabel('Completion note (optional)').fill('Support confirmed.');
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

/** A vault with one draft per title, each then left open, marked as sent or withdrawn before the page loads. */
function withDrafts(drafts: Record<string, 'open' | 'sent' | 'withdrawn'>): Promise<Harness> {
  return startHarness({
    vault: 'unlocked',
    beforeLoad: async (_page, vault) => {
      for (const [title, state] of Object.entries(drafts)) {
        const draft = await vault.withVault((open) => open.newDraft({ title, request: validDraftRequest() }));
        if (!draft.ok) throw new Error(draft.message);
        const { id } = draft.value;
        const changed = await vault.withVault((open) =>
          state === 'sent'
            ? open.markSent(id, { ticket: 'ABC-123456' })
            : state === 'withdrawn'
              ? open.withdraw(id, { reason: 'Wrong AWS account' })
              : open.load(id),
        );
        if (!changed.ok) throw new Error(changed.message);
      }
    },
  });
}

test('Rename is offered only where it will be accepted: on open drafts, not on sent ones', async () => {
  harness = await withDrafts({ 'EU keys, sent in March': 'sent', 'US keys': 'open' });
  const { page } = harness;
  const drafts = new DraftsPage(page);
  const rename = /^Rename/;
  await expect(drafts.card('US keys').getByRole('button', { name: rename })).toBeVisible();
  await expect(drafts.card('EU keys, sent in March').getByRole('button', { name: /^Open/ })).toBeVisible();
  await expect(drafts.card('EU keys, sent in March').getByRole('button', { name: rename })).toHaveCount(0);

  const bar = page.getByRole('region', { name: 'Draft' });
  await drafts.card('EU keys, sent in March').getByRole('button', { name: /^Open/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Read-only' })).toBeVisible();
  await expect(bar.getByRole('button', { name: rename })).toHaveCount(0);
  // The new revision is open again: it may be renamed, and the rename is kept.
  await page.getByRole('button', { name: 'New revision' }).click();
  await expect(page.locator('.record-revision')).toHaveText('revision 2');
  await bar.getByRole('button', { name: 'Rename this draft' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename the draft' });
  await dialog.getByRole('textbox', { name: 'New draft name' }).fill('EU keys, revision 2');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  await expect(bar.locator('.draft-name-text')).toHaveText('EU keys, revision 2');
  await drafts.show('Drafts');
  await expect(drafts.card('EU keys, revision 2').getByRole('button', { name: rename })).toBeVisible();
});

test('a request withdrawn before it was sent still shows what it held; a frozen request offers no Export', async () => {
  harness = await withDrafts({ 'EU keys, withdrawn': 'withdrawn', 'EU keys, sent': 'sent' });
  const { page } = harness;
  const drafts = new DraftsPage(page);
  const toolbar = page.getByRole('group', { name: 'File' });
  const open = (title: string) => drafts.card(title).getByRole('button', { name: /^Open/ }).click();
  await open('EU keys, withdrawn');
  await expect(page.getByRole('heading', { level: 2, name: 'Read-only' })).toBeFocused();
  await expect(page.getByText('It was withdrawn before it was sent.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Ticket text (never sent)' })).toBeVisible();
  const [ticket, json] = await page.locator('.frozen-text').allTextContents();
  expect(ticket).toContain('Re-encryption for AWS account');
  expect(JSON.parse(json ?? '')).toMatchObject({ format: 'cmk-rekey/request', realm: 'eu' });
  // Export belongs to the Review step, which a frozen request does not show: no button, and Ctrl+E stays put.
  await expect(toolbar.getByRole('button', { name: 'Save as…' })).toBeVisible();
  await expect(toolbar.getByRole('button', { name: 'Export…' })).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+E');
  expect(await page.evaluate(() => location.hash)).not.toBe('#review');
  await page.screenshot({ path: 'test-results/record-withdrawn-unsent.png', fullPage: true });

  await drafts.show('Drafts');
  await open('EU keys, sent');
  await expect(page.getByRole('heading', { level: 3, name: 'Ticket text, as sent' })).toBeVisible();
  await expect(page.getByText('It was withdrawn before it was sent.')).toHaveCount(0);
  await expect(toolbar.getByRole('button', { name: 'Export…' })).toHaveCount(0);
});
