/**
 * Deleting from the trash for good (Delete forever, Empty trash) and the offer to re-encrypt drafts after
 * the recipients changed: the built renderer with the real VaultSession behind the contract.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import type { VaultSession } from '../../src-main/drafts/vault-session.js';
import { validDraftRequest } from '../unit/main/vault/helpers.js';
import { expect, test } from './fixture.js';
import { TEST_PASSPHRASE, startHarness, type Harness } from './harness.js';
import { DraftsPage } from './pages/drafts-page.js';

const SHOTS = process.env['SHOTS_DIR'];
let harness: Harness | undefined;

async function made(vault: VaultSession, title: string, sent?: string): Promise<string> {
  const draft = await vault.withVault((open) => open.newDraft({ title, request: validDraftRequest() }));
  if (!draft.ok) throw new Error(draft.message);
  if (sent !== undefined) await vault.withVault((open) => open.markSent(draft.value.id, { ticket: sent }));
  return draft.value.id;
}

async function noAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => `${what}: ${violation.id} ${violation.help}`)).toEqual([]);
}

function trashFiles(h: Harness): string[] {
  return readdirSync(join(h.vaultFolder, 'trash')).filter((name) => name.endsWith('.age'));
}

test('Undo in the "Moved … to the trash" notice brings the draft back, and says so', async () => {
  harness = await startHarness({
    vault: 'unlocked',
    beforeLoad: async (_page, vault) => {
      for (const title of ['EU keys', 'US keys']) await made(vault, title);
    },
  });
  const h = harness;
  const { page } = h;
  const drafts = new DraftsPage(page);
  await drafts
    .card('EU keys')
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expect(drafts.card('EU keys')).toHaveCount(0);
  expect(trashFiles(h)).toHaveLength(1);
  const notice = page.getByRole('status').filter({ hasText: 'Moved “EU keys” to the trash.' });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Restored “EU keys”: it is back in your drafts.' }),
  ).toBeVisible();
  await expect(drafts.card('EU keys')).toBeVisible();
  await expect(drafts.card('US keys')).toBeVisible();
  expect(trashFiles(h)).toEqual([]);
  await drafts.show('Trash');
  await expect(page.getByText('The trash is empty.')).toBeVisible();
});

test('Delete forever and Empty trash ask first, name what is lost, and delete it from disk', async () => {
  harness = await startHarness({
    vault: 'unlocked',
    beforeLoad: async (_page, vault) => {
      for (const [title, sent] of [
        ['Old attempt', undefined],
        ['EU keys, sent in March', 'ABC-123456'],
        ['Scratch', undefined],
      ] as const) {
        const id = await made(vault, title, sent);
        await vault.withVault((open) => open.delete(id));
      }
    },
  });
  const h = harness;
  const { page } = h;
  const drafts = new DraftsPage(page);
  await drafts.show('Trash');
  await expect(drafts.card('Old attempt')).toBeVisible();

  await drafts
    .card('Old attempt')
    .getByRole('button', { name: /^Delete forever/ })
    .click();
  const one = page.getByRole('dialog', { name: 'Delete “Old attempt” forever?' });
  await expect(one).toContainText('“Old attempt” will be deleted for good.');
  await one.getByRole('button', { name: 'Cancel' }).click();
  expect(trashFiles(h)).toHaveLength(3);
  await drafts
    .card('Old attempt')
    .getByRole('button', { name: /^Delete forever/ })
    .click();
  await one.getByRole('button', { name: 'Delete forever' }).click();
  await expect(drafts.card('Old attempt')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Deleted “Old attempt” for good.' })).toBeVisible();
  expect(trashFiles(h)).toHaveLength(2);

  await page.getByRole('button', { name: 'Empty trash…' }).click();
  const all = page.getByRole('dialog', { name: 'Empty the trash?' });
  await expect(all).toContainText(
    /2 drafts will be deleted for good: (“EU keys, sent in March” and “Scratch”|“Scratch” and “EU keys, sent in March”)\./,
  );
  await expect(all).toContainText('1 of them is a sent, completed or withdrawn request');
  if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'trash-empty-confirm.png') });
  await noAxeViolations(page, 'empty-trash dialog');
  await all.getByRole('button', { name: 'Empty trash' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  expect(trashFiles(h)).toEqual([]);
  await drafts.show('Drafts');
  await expect(page.getByText('No drafts yet.')).toBeVisible();
});

test('after a compliance recipient is added, the drafts screen offers to re-encrypt, and does', async () => {
  const compliance = await identityToRecipient(await generateIdentity());
  harness = await startHarness({
    vault: 'unlocked',
    beforeLoad: async (_page, vault) => {
      for (const title of ['EU keys', 'US keys', 'JP keys']) await made(vault, title);
      const set = await vault.setRecipients({ passphrase: TEST_PASSPHRASE, recipients: [compliance] });
      if (!set.ok) throw new Error(set.message);
    },
  });
  const { page } = harness;
  const callout = page.getByRole('region', { name: /3 drafts are encrypted to an older set of recipients/ });
  await expect(callout).toContainText(
    `the key ${compliance.slice(0, 12)}…${compliance.slice(-6)} cannot open them`,
  );
  if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'reencrypt-callout.png') });
  await noAxeViolations(page, 're-encrypt callout');
  await callout.getByRole('button', { name: 'Re-encrypt now' }).click();
  await expect(
    page.getByText('Re-encrypted 3 drafts: every draft is now encrypted to the current recipients.'),
  ).toBeVisible();
  await expect(callout).toHaveCount(0);
  if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'reencrypt-done.png') });
  const check = await harness.vault.withVault((open) => open.recipientsCheck());
  expect(check).toEqual({ ok: true, value: { outdated: 0, missing: [], extra: [] } });
});
