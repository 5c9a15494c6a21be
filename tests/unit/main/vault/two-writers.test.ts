/**
 * Two writers on one vault folder (two apps, or an app and the command line, pointed at the same folder):
 * a save made on an older version keeps the other writer's changes to other fields.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { DraftDocument } from '../../../../src-shared/drafts/draft.js';
import { COMPLIANCE_RECIPIENT } from '../../../fixtures/policies.js';
import type { Vault } from '../../../../src-main/vault/vault.js';
import { PASSPHRASE, newVault, removeTempFolders, reopen, validDraftRequest, value } from './helpers.js';

afterAll(removeTempFolders);

/** The editor's next save: its version with some fields changed. */
function edited(draft: DraftDocument, request: Partial<DraftDocument['request']>): DraftDocument {
  return { ...draft, request: { ...draft.request, ...request } };
}

async function twoWriters(): Promise<{ a: Vault; b: Vault; draft: DraftDocument }> {
  const a = await newVault();
  const draft = value(await a.newDraft({ title: 'Rotate', request: { ...validDraftRequest(), impact: '' } }));
  const b = await reopen(a);
  return { a, b, draft };
}

describe('two writers on one vault', () => {
  it("keeps the other writer's field when each changed a different one", async () => {
    const { a, b, draft } = await twoWriters();
    const inB = value(await b.load(draft.id));
    const savedA = value(await a.save(edited(value(await a.load(draft.id)), { impact: 'L1' })));
    const savedB = value(await b.save(edited(inB, { workingHours: 'Asia Pacific (09:00-17:00 AEST)' })));
    expect(savedB.request).toMatchObject({ impact: 'L1', workingHours: 'Asia Pacific (09:00-17:00 AEST)' });
    const reread = await reopen(a);
    expect(value(await reread.load(draft.id)).request).toEqual(savedB.request);
    expect(savedA.request.impact).toBe('L1');
  });

  it('keeps it on the following saves too, while that editor still shows its own older value', async () => {
    const { a, b, draft } = await twoWriters();
    const inB = value(await b.load(draft.id));
    value(await a.save(edited(value(await a.load(draft.id)), { impact: 'L1' })));
    const first = value(await b.save(edited(inB, { phone: '+44 20 7946 0958' })));
    // B's editor took the new updatedAt but still shows impact '' (what it sent).
    const stale = {
      ...edited(inB, { phone: '+44 20 7946 0958', notes: 'Second save' }),
      updatedAt: first.updatedAt,
    };
    const second = value(await b.save(stale));
    expect(second.request).toMatchObject({ impact: 'L1', phone: '+44 20 7946 0958', notes: 'Second save' });
  });

  it("keeps it when the editor's next save only moves to another step, and on the save after that", async () => {
    const { a, b, draft } = await twoWriters();
    const inB = value(await b.load(draft.id));
    value(await a.save(edited(value(await a.load(draft.id)), { impact: 'L1' })));
    // Moving between steps is not an edit: nothing is written, and the answer is A's version.
    const moved = value(await b.save({ ...inB, position: { step: 'timing' } }));
    expect(moved.request.impact).toBe('L1');
    const typed = { ...edited(inB, { notes: 'typed on Timing' }), updatedAt: moved.updatedAt };
    expect(value(await b.save(typed)).request).toMatchObject({ impact: 'L1', notes: 'typed on Timing' });
  });

  it('takes the later save where both changed the same field', async () => {
    const { a, b, draft } = await twoWriters();
    const inB = value(await b.load(draft.id));
    value(await a.save(edited(value(await a.load(draft.id)), { impact: 'L1' })));
    expect(value(await b.save(edited(inB, { impact: 'L3' }))).request.impact).toBe('L3');
  });

  it("does not merge one editor's own saves: a value changed and changed back is saved as it is now", async () => {
    const { a, draft } = await twoWriters();
    // Two saves sent on the same version (the second while the first was on its way, as on leaving the page).
    value(await a.save(edited(draft, { impact: 'L1' })));
    const back = value(await a.save(edited(draft, { impact: '', notes: 'typed after' })));
    expect(back.request).toMatchObject({ impact: '', notes: 'typed after' });
  });

  it("refuses to save over another writer's version while locked, and merges after unlock", async () => {
    const { a, b, draft } = await twoWriters();
    const inB = value(await b.load(draft.id));
    value(await a.save(edited(value(await a.load(draft.id)), { impact: 'L1' })));
    await b.lock();
    const change = edited(inB, { notes: 'while locked' });
    expect(await b.save(change)).toMatchObject({
      ok: false,
      code: 'locked',
      message: expect.stringMatching(/changed elsewhere/) as unknown,
    });
    value(await b.unlock(PASSPHRASE));
    expect(value(await b.save(change)).request).toMatchObject({ impact: 'L1', notes: 'while locked' });
  });

  it('takes a draft this process re-encrypted for new recipients as its own: it still autosaves while locked', async () => {
    const { a, draft } = await twoWriters();
    value(await a.setRecipients(PASSPHRASE, [COMPLIANCE_RECIPIENT]));
    expect(value(await a.reencryptSome(10))).toMatchObject({ reencrypted: 1 });
    await a.lock();
    expect(value(await a.save(edited(draft, { notes: 'typed while locked' }))).request.notes).toBe(
      'typed while locked',
    );
  });

  it('refuses an edit of a request the other writer marked sent, with that stored record; a step change gets it too', async () => {
    const { a, b, draft } = await twoWriters();
    const inB = value(await b.load(draft.id));
    const sent = value(await a.markSent(draft.id, { ticket: 'CMK-77' }));
    const refused = await b.save(edited(inB, { notes: 'typed after it was sent' }));
    expect(refused).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This request is sent and read-only; make a New revision to change it.',
      detail: sent,
    });
    // Nothing was written: the file is still the sent one.
    expect(value(await (await reopen(a)).load(draft.id))).toEqual(sent);
    // Moving to another step is not an edit: the answer is the stored, sent draft (the editor takes its state).
    expect(value(await b.save({ ...inB, position: { step: 'timing' } }))).toEqual(sent);
  });

  it('refuses a rename of a frozen request without the stored draft (the drafts list does not show one)', async () => {
    const { a, draft } = await twoWriters();
    value(await a.withdraw(draft.id, { reason: 'Wrong account' }));
    expect(await a.rename(draft.id, 'Other')).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This request is withdrawn and read-only; make a New revision to change it.',
    });
  });
});
