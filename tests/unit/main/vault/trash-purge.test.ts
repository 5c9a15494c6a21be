/** Deleting from the trash for good: chosen drafts, all, by age; the automatic purge keeps records. */
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Vault } from '../../../../src-main/vault/vault.js';
import {
  PASSPHRASE,
  filesIn,
  newVault,
  removeTempFolders,
  reopen,
  validDraftRequest,
  value,
} from './helpers.js';

afterAll(removeTempFolders);

const DAY = 24 * 60 * 60 * 1000;

/** Moves a trashed draft's deletion time back by `days` (the trash keeps it as the file's mtime). */
function deletedDaysAgo(vault: Vault, id: string, days: number): void {
  const when = new Date(Date.now() - days * DAY);
  utimesSync(join(vault.folder, 'trash', `${id}.age`), when, when);
}

async function trashed(vault: Vault, title: string, days = 0) {
  const draft = value(await vault.newDraft({ title, request: validDraftRequest() }));
  value(await vault.delete(draft.id));
  if (days > 0) deletedDaysAgo(vault, draft.id, days);
  return draft;
}

describe('deleting from the trash for good', () => {
  it('deletes the chosen drafts only, and says what went', async () => {
    const vault = await newVault();
    const a = await trashed(vault, 'Alpha');
    const b = await trashed(vault, 'Beta');
    const kept = value(await vault.newDraft({ title: 'Not deleted' }));
    const report = value(await vault.purgeTrash({ ids: [a.id] }));
    expect(report.removed).toEqual([expect.objectContaining({ id: a.id, title: 'Alpha', state: 'open' })]);
    expect(report.kept).toEqual([]);
    expect(filesIn(vault.folder, 'trash')).toEqual([`${b.id}.age`]);
    expect(value(await vault.listTrash()).map((entry) => entry.id)).toEqual([b.id]);
    expect(value(await vault.list()).map((entry) => entry.id)).toEqual([kept.id]);
    // The index forgets it too: a reopened vault lists the same.
    const again = await reopen(vault);
    expect(value(await again.listTrash()).map((entry) => entry.id)).toEqual([b.id]);
  });

  it('refuses an id that is not in the trash, or is not an id, and deletes nothing', async () => {
    const vault = await newVault();
    const a = await trashed(vault, 'Alpha');
    const open = value(await vault.newDraft({ title: 'Open' }));
    expect(await vault.purgeTrash({ ids: [a.id, open.id] })).toMatchObject({
      ok: false,
      code: 'not-found',
      message: `${open.id} is not in the trash; nothing was deleted.`,
    });
    expect(await vault.purgeTrash({ ids: ['../../etc/passwd'] })).toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });
    expect(filesIn(vault.folder, 'trash')).toEqual([`${a.id}.age`]);
    expect(filesIn(vault.folder, 'drafts')).toEqual([`${open.id}.age`]);
  });

  it('refuses a number of days that is negative, not a number, fractional or too large', async () => {
    const vault = await newVault();
    await trashed(vault, 'Alpha', 40);
    for (const days of [-1, 0, Number.NaN, 1.5, 3651, Number.POSITIVE_INFINITY]) {
      const result = await vault.purgeTrash({ olderThanDays: days });
      expect(result).toMatchObject({ ok: false, code: 'invalid-argument' });
      if (!result.ok)
        expect(result.message).toMatch(/^The number of days must be a whole number from 1 to 3650, not /);
    }
    expect(filesIn(vault.folder, 'trash')).toHaveLength(1);
  });

  it('by age: only drafts deleted more than N days ago', async () => {
    const vault = await newVault();
    const old = await trashed(vault, 'Old', 31);
    const recent = await trashed(vault, 'Recent', 29);
    const today = await trashed(vault, 'Today');
    const report = value(await vault.purgeTrash({ olderThanDays: 30 }));
    expect(report.removed.map((draft) => draft.id)).toEqual([old.id]);
    expect(Date.parse(report.removed[0]?.deletedAt ?? '')).toBeLessThan(Date.now() - 30 * DAY);
    expect(filesIn(vault.folder, 'trash').sort()).toEqual([`${recent.id}.age`, `${today.id}.age`].sort());
    // A later "now" (the app running for days) makes the others old enough too.
    const later = value(await vault.purgeTrash({ olderThanDays: 30, now: new Date(Date.now() + 2 * DAY) }));
    expect(later.removed.map((draft) => draft.id)).toEqual([recent.id]);
  });

  it('the automatic purge keeps sent, completed and withdrawn requests; an explicit one removes them', async () => {
    const vault = await newVault();
    const open = await trashed(vault, 'Open');
    const sent = value(await vault.newDraft({ title: 'Sent', request: validDraftRequest() }));
    value(await vault.markSent(sent.id, { ticket: 'ABC-1' }));
    const completed = value(await vault.newDraft({ title: 'Completed', request: validDraftRequest() }));
    value(await vault.markSent(completed.id, { ticket: 'ABC-2' }));
    value(await vault.markCompleted(completed.id, {}));
    const withdrawn = value(await vault.newDraft({ title: 'Withdrawn', request: validDraftRequest() }));
    value(await vault.withdraw(withdrawn.id, { reason: 'not needed' }));
    for (const { id } of [sent, completed, withdrawn]) {
      value(await vault.delete(id));
      deletedDaysAgo(vault, id, 100);
    }
    deletedDaysAgo(vault, open.id, 100);
    const auto = value(await vault.purgeTrash({ olderThanDays: 30, keepRecords: true }));
    expect(auto.removed.map((draft) => draft.id)).toEqual([open.id]);
    expect(auto.kept.map((draft) => [draft.title, draft.state]).sort()).toEqual([
      ['Completed', 'completed'],
      ['Sent', 'sent'],
      ['Withdrawn', 'withdrawn'],
    ]);
    expect(filesIn(vault.folder, 'trash')).toHaveLength(3);
    const explicit = value(await vault.purgeTrash({ ids: [sent.id] }));
    expect(explicit.removed).toEqual([expect.objectContaining({ id: sent.id, state: 'sent' })]);
    expect(value(await vault.emptyTrash())).toBe(2);
    expect(filesIn(vault.folder, 'trash')).toEqual([]);
  });
});

describe('drafts encrypted to an older set of recipients', () => {
  it('are counted, with the keys that cannot open them, and re-encrypted in batches', async () => {
    const vault = await newVault();
    for (const title of ['A', 'B', 'C']) value(await vault.newDraft({ title }));
    await trashed(vault, 'D', 40);
    const deletedAt = value(await vault.listTrash()).map((row) => row.deletedAt);
    expect(value(await vault.recipientsCheck())).toEqual({ outdated: 0, missing: [], extra: [] });
    const compliance = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';
    value(await vault.setRecipients(PASSPHRASE, [compliance]));
    expect(value(await vault.recipientsCheck())).toEqual({ outdated: 4, missing: [compliance], extra: [] });
    // The count survives a restart (the index keeps each file's recipients).
    const again = await reopen(vault);
    expect(value(await again.recipientsCheck())).toMatchObject({ outdated: 4 });
    expect(value(await again.reencryptSome(3))).toEqual({ reencrypted: 3, remaining: 1, skipped: 0 });
    expect(value(await again.recipientsCheck())).toMatchObject({ outdated: 1 });
    expect(value(await again.reencryptSome(3))).toEqual({ reencrypted: 1, remaining: 0, skipped: 0 });
    expect(value(await again.recipientsCheck())).toEqual({ outdated: 0, missing: [], extra: [] });
    const report = value(await again.verify());
    expect(report.problems).toEqual([]);
    // Re-encrypted or not, a trashed draft keeps the time it was deleted (the trash's date and retention).
    expect(value(await again.listTrash()).map((row) => row.deletedAt)).toEqual(deletedAt);
    // Removing the recipient again: the drafts still open for it, which is what `extra` says.
    value(await again.setRecipients(PASSPHRASE, []));
    expect(value(await again.recipientsCheck())).toEqual({ outdated: 4, missing: [], extra: [compliance] });
  });
});
