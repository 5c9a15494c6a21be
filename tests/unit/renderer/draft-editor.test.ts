import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftEditor } from '../../../src-renderer/lib/draft-editor.svelte.js';
import { notSaved } from '../../../src-renderer/lib/changed-elsewhere.js';
import { relativeTime } from '../../../src-renderer/lib/draft-format.js';
import { fieldId } from '../../../src-renderer/lib/paths.js';
import { DraftDocumentSchema } from '../../../src-shared/drafts/draft-schema.js';
import { autoTitle } from '../../../src-shared/drafts/title.js';
import { failure } from '../../../src-shared/ipc/result.js';
import { arn, describeKeyOutput, draftDocument, validDraft } from './fixtures.js';
import { FakeVault } from './fake-vault.js';

let vault: FakeVault;
let editor: DraftEditor | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  vault = new FakeVault();
});

afterEach(() => {
  editor?.close();
  editor = undefined;
  vi.useRealTimers();
});

function open(draft = draftDocument()): DraftEditor {
  editor = new DraftEditor(vault.api, draft);
  flushSync();
  return editor;
}

/** Types into the form the way a field's binding does, and lets the effects run. */
function type(target: DraftEditor, siteUrl: string): void {
  target.form.draft.siteUrl = siteUrl;
  flushSync();
}

describe('DraftEditor autosave', () => {
  it('saves once, 600 ms after the last change, with what is on screen then', async () => {
    const draft = open();
    expect(draft.saveState).toBe('saved');
    type(draft, 'https://a');
    expect(draft.saveState).toBe('saving');
    await vi.advanceTimersByTimeAsync(500);
    type(draft, 'https://acme.atlassian.net');
    await vi.advanceTimersByTimeAsync(599);
    expect(vault.api.draftSave).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
    const saved = vault.api.draftSave.mock.calls[0]?.[0].draft;
    expect(saved?.request.siteUrl).toBe('https://acme.atlassian.net');
    expect(saved?.id).toBe(draftDocument().id);
    expect(draft.saveState).toBe('saved');
    expect(draft.saveError).toBeUndefined();
  });

  it('does not save when nothing changed', async () => {
    const draft = open();
    await vi.advanceTimersByTimeAsync(5000);
    expect(await draft.save()).toBe(true);
    expect(vault.api.draftSave).not.toHaveBeenCalled();
  });

  it('once edited, saves at once on a step change, with the step and field as the position', async () => {
    const draft = open();
    type(draft, 'https://acme.atlassian.net');
    draft.setField('check-backups');
    draft.form.goTo('account');
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
    expect(vault.api.draftSave.mock.calls[0]?.[0].draft).toMatchObject({
      request: { siteUrl: 'https://acme.atlassian.net' },
      position: { step: 'account', field: 'check-backups' },
    });
    draft.form.goTo('keys');
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    expect(vault.api.draftSave.mock.calls[1]?.[0].draft.position.step).toBe('keys');
  });

  it('opening and moving between steps without editing saves nothing, also on leaving', async () => {
    const draft = open();
    draft.setField('check-backups');
    draft.form.goTo('account');
    flushSync();
    await vi.advanceTimersByTimeAsync(5000);
    expect(await draft.flush()).toBe(true);
    draft.saveBeforeLeaving();
    expect(vault.api.draftSave).not.toHaveBeenCalled();
    // The editor still knows where the user is (auto-lock brings them back there).
    expect(draft.position).toEqual({ step: 'account', field: 'check-backups' });
  });

  it('keeps the edits after a failed save, says why, and tries again until it works', async () => {
    vault.api.draftSave.mockResolvedValueOnce(failure('io', 'The disk is full.'));
    const draft = open();
    type(draft, 'https://acme.atlassian.net');
    await vi.advanceTimersByTimeAsync(600);
    expect(draft.saveState).toBe('error');
    expect(draft.saveError).toBe('The disk is full.');
    expect(draft.form.draft.siteUrl).toBe('https://acme.atlassian.net');
    // More typing while it fails: still shown as not saved.
    type(draft, 'https://acme-cloud.atlassian.net');
    expect(draft.saveState).toBe('error');
    await vi.advanceTimersByTimeAsync(600);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    expect(draft.saveState).toBe('saved');
    expect(vault.drafts.get(draft.id)?.request.siteUrl).toBe('https://acme-cloud.atlassian.net');
  });

  it('retries a failed save by itself after a few seconds', async () => {
    vault.api.draftSave.mockResolvedValueOnce(failure('io', 'The disk is full.'));
    const draft = open();
    type(draft, 'https://acme.atlassian.net');
    await vi.advanceTimersByTimeAsync(600);
    expect(draft.saveState).toBe('error');
    await vi.advanceTimersByTimeAsync(5000);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    expect(draft.saveState).toBe('saved');
  });

  it('save() runs now, after a save already under way, and then saves what changed meanwhile', async () => {
    let finish: () => void = () => undefined;
    const slow = vault.api.draftSave.getMockImplementation();
    vault.api.draftSave.mockImplementationOnce(
      (arg) =>
        new Promise((resolve) => {
          finish = () => {
            void slow?.(arg).then(resolve);
          };
        }),
    );
    const draft = open();
    type(draft, 'https://one.atlassian.net');
    const first = draft.save();
    await vi.advanceTimersByTimeAsync(0);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
    type(draft, 'https://two.atlassian.net');
    const second = draft.save();
    finish();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    expect(vault.api.draftSave.mock.calls[0]?.[0].draft.request.siteUrl).toBe('https://one.atlassian.net');
    expect(vault.drafts.get(draft.id)?.request.siteUrl).toBe('https://two.atlassian.net');
    // The debounce timer was cancelled: nothing more is saved later.
    await vi.advanceTimersByTimeAsync(1000);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    expect(draft.saveState).toBe('saved');
  });

  it("shows another app's changes that main kept with a save (two apps on one vault)", async () => {
    const stores = vault.api.draftSave.getMockImplementation();
    const draft = open();
    vault.api.draftSave.mockImplementationOnce(async (arg) => {
      const merged = { ...arg.draft, request: { ...arg.draft.request, notes: 'Written in the other app' } };
      if (stores === undefined) throw new Error('no implementation');
      return stores({ draft: merged });
    });
    type(draft, 'https://mine.atlassian.net');
    expect(await draft.save()).toBe(true);
    flushSync();
    expect(draft.form.draft).toMatchObject({
      siteUrl: 'https://mine.atlassian.net',
      notes: 'Written in the other app',
    });
    // What it shows is what is stored: nothing more to save.
    await vi.advanceTimersByTimeAsync(5000);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
    expect(draft.saveState).toBe('saved');
  });

  it("does not show the draft again when main's answer differs only in key order or in the title", async () => {
    const stores = vault.api.draftSave.getMockImplementation();
    const draft = open();
    vault.api.draftSave.mockImplementationOnce(async (arg) => {
      // the same request with its keys in another order, and the title as main cleans it
      const reordered = Object.fromEntries(
        Object.entries(arg.draft.request).reverse(),
      ) as typeof arg.draft.request;
      if (stores === undefined) throw new Error('no implementation');
      return stores({ draft: { ...arg.draft, title: `${arg.draft.title}.`, request: reordered } });
    });
    const reopened = vi.spyOn(draft.form, 'openDraft');
    type(draft, 'https://mine.atlassian.net');
    expect(await draft.save()).toBe(true);
    expect(reopened).not.toHaveBeenCalled();
    expect(draft.form.draft.siteUrl).toBe('https://mine.atlassian.net');
  });

  it('keeps what the user typed while such a save was on its way: the next save carries it', async () => {
    const stores = vault.api.draftSave.getMockImplementation();
    const draft = open();
    vault.api.draftSave.mockImplementationOnce(async (arg) => {
      type(draft, 'https://typed-meanwhile.atlassian.net');
      const merged = { ...arg.draft, request: { ...arg.draft.request, notes: 'Written in the other app' } };
      if (stores === undefined) throw new Error('no implementation');
      return stores({ draft: merged });
    });
    type(draft, 'https://first.atlassian.net');
    expect(await draft.save()).toBe(true);
    expect(draft.form.draft.siteUrl).toBe('https://typed-meanwhile.atlassian.net');
    await vi.advanceTimersByTimeAsync(600);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
  });

  it('flush() also saves what was typed while its save was running', async () => {
    const works = vault.api.draftSave.getMockImplementation();
    const draft = open();
    vault.api.draftSave.mockImplementationOnce(async (arg) => {
      type(draft, 'https://typed-meanwhile.atlassian.net');
      if (works === undefined) throw new Error('no implementation');
      return works(arg);
    });
    type(draft, 'https://first.atlassian.net');
    expect(await draft.flush()).toBe(true);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    expect(vault.drafts.get(draft.id)?.request.siteUrl).toBe('https://typed-meanwhile.atlassian.net');
  });

  it('when the page goes away, sends what is on screen within the call, even while a save is on its way', async () => {
    let finish: () => void = () => undefined;
    const stores = vault.api.draftSave.getMockImplementation();
    // Main takes saves in the order they arrive and answers this one late.
    vault.api.draftSave.mockImplementationOnce((arg) => {
      const answer = stores?.(arg);
      return new Promise((resolve) => {
        finish = () => void answer?.then(resolve);
      });
    });
    const draft = open();
    type(draft, 'https://one.atlassian.net');
    void draft.save();
    await vi.advanceTimersByTimeAsync(0);
    type(draft, 'https://two.atlassian.net');
    // No await between: a page being unloaded runs nothing queued after its pagehide handler.
    draft.saveBeforeLeaving();
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    expect(vault.api.draftSave.mock.calls[1]?.[0].draft.request.siteUrl).toBe('https://two.atlassian.net');
    // Should the page stay after all, both answers are taken in order and the draft reads as saved.
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(vault.drafts.get(draft.id)?.request.siteUrl).toBe('https://two.atlassian.net');
    expect(draft.saveState).toBe('saved');
    await vi.advanceTimersByTimeAsync(1000);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
    // Nothing changed since: nothing is sent.
    draft.saveBeforeLeaving();
    expect(vault.api.draftSave).toHaveBeenCalledTimes(2);
  });

  it('when the page goes away and the send itself fails, the edits stay and the error shows', async () => {
    const draft = open();
    vault.api.draftSave.mockImplementationOnce(() => {
      throw new Error('IPC closed');
    });
    type(draft, 'https://acme.atlassian.net');
    draft.saveBeforeLeaving();
    await vi.advanceTimersByTimeAsync(0);
    expect(draft.saveState).toBe('error');
    expect(draft.saveError).toBe('IPC closed');
    expect(draft.form.draft.siteUrl).toBe('https://acme.atlassian.net');
  });

  it('stops saving once closed', async () => {
    const draft = open();
    type(draft, 'https://acme.atlassian.net');
    draft.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(vault.api.draftSave).not.toHaveBeenCalled();
  });
});

describe('DraftEditor content', () => {
  it('opens a draft at its step, with its checklist, field and request', () => {
    const draft = open(
      draftDocument({
        request: validDraft(),
        position: { step: 'keys', field: 'field-keys-1-newKeyArn' },
        checklist: ['backups', 'all-apps'],
        title: 'EU keys for March',
      }),
    );
    expect(draft.form.step).toBe('keys');
    expect(draft.field).toBe('field-keys-1-newKeyArn');
    expect(draft.form.checklist).toEqual({
      'new-keys-ready': false,
      'old-keys-kept': false,
      backups: true,
      'all-apps': true,
    });
    expect(draft.form.draft.keys).toEqual(validDraft().keys);
    expect(draft.title).toBe('EU keys for March');
    expect(draft.form.fileName).toBeUndefined();
    // Steps before the current one show their findings; a fresh draft's first step shows none.
    expect(draft.form.isRevealed('siteUrl')).toBe(true);
    expect(draft.form.isRevealed('timing')).toBe(false);
  });

  it('titles a new draft from the site and account until the user renames it', async () => {
    const draft = open();
    expect(draft.title).toBe('Untitled draft');
    type(draft, 'acme.atlassian.net/wiki');
    draft.form.draft.awsAccountId = '012345678901';
    flushSync();
    expect(draft.title).toBe('acme.atlassian.net · 012345678901');
    await vi.advanceTimersByTimeAsync(600);
    expect(vault.drafts.get(draft.id)?.title).toBe('acme.atlassian.net · 012345678901');
    expect(await draft.rename('  EU   keys ')).toBe(true);
    expect(vault.drafts.get(draft.id)?.title).toBe('EU keys');
    type(draft, 'https://other.atlassian.net');
    expect(draft.title).toBe('EU keys');
  });

  it('is pristine until something is entered', () => {
    const draft = open();
    expect(draft.pristine).toBe(true);
    draft.form.checklist.backups = true;
    flushSync();
    expect(draft.pristine).toBe(false);
  });

  it('remembers only plain element ids as the field', () => {
    const draft = open();
    draft.setField('field-awsAccountId');
    expect(draft.position).toEqual({ step: 'start', field: 'field-awsAccountId' });
    draft.setField('not an id!');
    expect(draft.position).toEqual({ step: 'start' });
  });
});

describe('DraftEditor: keys across reopening', () => {
  /** What main stored last, checked with main's own schema, reopened in a new editor (as after unlock). */
  async function reopen(current: DraftEditor): Promise<DraftEditor> {
    expect(await current.flush()).toBe(true);
    const stored = DraftDocumentSchema.parse(vault.drafts.get(current.id));
    current.close();
    return open(stored);
  }

  it('saves the pairs a realm change sets aside, brings them back on reopen, and saves their restore or discard', async () => {
    let draft = open(draftDocument({ request: validDraft(), position: { step: 'account' } }));
    const west = validDraft().keys[1];
    draft.form.setRealm('de');
    flushSync();
    expect(draft.saveState).toBe('saving');
    draft = await reopen(draft);
    expect(vault.drafts.get(draft.id)?.keysSetAside).toEqual([{ ...west, region: 'eu-west-1' }]);
    expect(draft.form.draft.keys).toEqual([validDraft().keys[0]]);
    expect(draft.form.setAside).toEqual([{ ...west, region: 'eu-west-1' }]);

    draft.form.setRealm('eu');
    flushSync();
    draft = await reopen(draft);
    expect(draft.form.draft.keys).toEqual(validDraft().keys);
    expect(draft.form.setAside).toEqual([]);
    expect(vault.drafts.get(draft.id)?.keysSetAside).toBeUndefined();

    draft.form.setRealm('de');
    flushSync();
    draft = await reopen(draft);
    const saves = vault.api.draftSave.mock.calls.length;
    draft.form.discardSetAside(0);
    flushSync();
    await vi.advanceTimersByTimeAsync(600);
    expect(vault.api.draftSave).toHaveBeenCalledTimes(saves + 1);
    expect(vault.drafts.get(draft.id)?.keysSetAside).toBeUndefined();
  });

  it('keeps a value typed in the second row in that row, exactly as typed', async () => {
    const request = { ...validDraft(), keys: [] };
    let draft = open(draftDocument({ request, position: { step: 'account' } }));
    draft.form.setRealm('eu');
    flushSync();
    for (const typed of [
      'arn:aws:kms:eu-west-1:123456789012:alias/rotate',
      'arn:aws:kms:eu-wst-1:123456789012:key/1',
      'arn:aws:kms:eu-we',
    ]) {
      const row = draft.form.draft.keys[1];
      if (row === undefined) throw new Error('no second row');
      row.oldKeyArn = typed;
      flushSync();
      draft = await reopen(draft);
      expect(draft.form.draft.keys).toEqual([
        { oldKeyArn: '', newKeyArn: '' },
        { oldKeyArn: typed, newKeyArn: '' },
      ]);
    }
    // A valid eu-west-1 key in the eu-central-1 row is not moved to the eu-west-1 row either.
    const first = draft.form.draft.keys[0];
    if (first === undefined) throw new Error('no first row');
    first.newKeyArn = arn('eu-west-1', 9);
    flushSync();
    draft = await reopen(draft);
    expect(draft.form.draft.keys[0]).toEqual({ oldKeyArn: '', newKeyArn: arn('eu-west-1', 9) });
    expect(draft.form.setAside).toEqual([]);
  });

  it('is not pristine while it keeps set-aside pairs (a file opened into it would drop them)', () => {
    const draft = open(
      draftDocument({
        keysSetAside: [{ oldKeyArn: arn('eu-west-1', 3), newKeyArn: '', region: 'eu-west-1' }],
      }),
    );
    expect(draft.pristine).toBe(false);
  });
});

describe('draft formatting', () => {
  it('makes titles from what was typed', () => {
    expect(autoTitle({ siteUrl: 'https://acme.atlassian.net/jira', awsAccountId: '0123-4567-8901' })).toBe(
      'acme.atlassian.net · 012345678901',
    );
    expect(autoTitle({ siteUrl: '', awsAccountId: '012345678901' })).toBe('AWS account 012345678901');
    expect(autoTitle({ siteUrl: 'acme.atlassian.net', awsAccountId: '' })).toBe('acme.atlassian.net');
    expect(autoTitle({ siteUrl: '', awsAccountId: '' })).toBe('');
  });

  it('says how long ago, in words', () => {
    const now = Date.parse('2025-03-03T12:00:00Z');
    expect(relativeTime('2025-03-03T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2025-03-03T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2025-03-02T10:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2025-02-10T10:00:00Z', now)).toBe('3 weeks ago');
  });
});

describe("DraftEditor and the maintenance window's timezone (kept per site by main, not in the draft)", () => {
  const SITE = 'https://acme.atlassian.net';
  const withSite = () => draftDocument({ request: { ...draftDocument().request, siteUrl: SITE } });

  it('shows the timezone chosen earlier for the site when the draft opens again', async () => {
    vault.siteTimeZones.set(SITE, 'Europe/Berlin');
    const draft = open(withSite());
    await vi.advanceTimersByTimeAsync(0);
    expect(draft.form.serverTimeZone).toBe('Europe/Berlin');
    await vi.advanceTimersByTimeAsync(5000);
    // shown, not chosen: nothing is written back, and the draft is not saved for it
    expect(vault.api.siteTimeZoneSet).not.toHaveBeenCalled();
    expect(vault.api.draftSave).not.toHaveBeenCalled();
  });

  it("remembers the user's choice for the site after a quiet moment, and a new site gets its own", async () => {
    vault.siteTimeZones.set('https://globex.atlassian.net', 'Asia/Tokyo');
    const draft = open(withSite());
    await vi.advanceTimersByTimeAsync(0);
    expect(draft.form.serverTimeZone).toBe('');
    draft.form.serverTimeZone = 'America/New_York';
    flushSync();
    await vi.advanceTimersByTimeAsync(600);
    expect(vault.api.siteTimeZoneSet).toHaveBeenCalledExactlyOnceWith({
      site: SITE,
      timeZone: 'America/New_York',
    });
    // the choice stays when the site changes; "Not chosen" on another site shows that site's
    draft.form.serverTimeZone = '';
    type(draft, 'https://globex.atlassian.net');
    await vi.advanceTimersByTimeAsync(600);
    expect(draft.form.serverTimeZone).toBe('Asia/Tokyo');
    expect(vault.siteTimeZones.get(SITE)).toBe('America/New_York');
  });

  it("keeps the choice when another app's save of the same draft is shown", async () => {
    const draft = open(withSite());
    draft.form.serverTimeZone = 'Europe/Dublin';
    draft.form.draft.workingHours = 'EMEA';
    flushSync();
    vault.api.draftSave.mockImplementationOnce(({ draft: sent }) =>
      Promise.resolve({
        ok: true,
        value: { ...sent, request: { ...sent.request, impact: 'L2' }, updatedAt: '2026-12-01T10:00:00.000Z' },
      }),
    );
    await vi.advanceTimersByTimeAsync(600);
    expect(draft.form.draft.impact).toBe('L2');
    expect(draft.form.serverTimeZone).toBe('Europe/Dublin');
  });
});

describe('DraftEditor: a request marked sent elsewhere while it is open here', () => {
  /** A draft open here, stored in the fake main; the command line then marks it sent as CMK-77. */
  async function sentElsewhere(): Promise<DraftEditor> {
    const stored = vault.add(draftDocument({ request: validDraft() }));
    const draft = open(stored);
    const sent = await vault.api.draftMarkSent({ id: stored.id, ticket: 'CMK-77' });
    expect(sent.ok).toBe(true);
    vault.api.draftSave.mockClear();
    return draft;
  }

  it('shows the stored record read-only, keeps what was typed in the alert, and stops saving', async () => {
    const draft = await sentElsewhere();
    expect(draft.record.state).toBe('open');
    draft.form.draft.notes = 'Please start after 18:00 UTC.';
    draft.form.draft.phone = '+44 20 7946 0958';
    flushSync();
    await vi.advanceTimersByTimeAsync(600);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
    expect(await vault.api.draftSave.mock.results[0]?.value).toMatchObject({ ok: false, code: 'read-only' });
    // The record as stored: sent, with its ticket; the form shows the stored request, frozen.
    expect(draft.record.state).toBe('sent');
    expect(draft.record.sent?.ticket).toBe('CMK-77');
    expect(draft.frozen).toBe(true);
    expect(draft.form.draft.notes).toBe(validDraft().notes);
    // Not an error to retry: nothing more is sent, and leaving or locking is not held up.
    expect(draft.saveState).toBe('saved');
    expect(draft.saveError).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
    expect(await draft.flush()).toBe(true);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
    // What was typed is kept for the alert, beside the record it could not change.
    const changed = draft.unsaved.changedElsewhere;
    expect(changed?.record.sent?.ticket).toBe('CMK-77');
    expect(changed?.mine.request).toMatchObject({
      notes: 'Please start after 18:00 UTC.',
      phone: '+44 20 7946 0958',
    });
  });

  it('takes the sent record from the answer to a step change too (main keeps the position of a frozen request)', async () => {
    const draft = await sentElsewhere();
    draft.form.draft.notes = 'typed';
    flushSync();
    draft.form.goTo('keys');
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(draft.record.state).toBe('sent');
    expect(draft.frozen).toBe(true);
    expect(draft.unsaved.changedElsewhere?.mine.request.notes).toBe('typed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(vault.api.draftSave).toHaveBeenCalledOnce();
  });

  it('a step change alone after saved edits takes the record, with nothing to list', async () => {
    const stored = vault.add(draftDocument({ request: validDraft() }));
    const draft = open(stored);
    draft.form.draft.notes = 'saved before it was sent';
    flushSync();
    await vi.advanceTimersByTimeAsync(600);
    expect(draft.saveState).toBe('saved');
    expect((await vault.api.draftMarkSent({ id: stored.id, ticket: 'CMK-77' })).ok).toBe(true);
    draft.form.goTo('keys');
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(draft.record.state).toBe('sent');
    expect(draft.form.draft.notes).toBe('saved before it was sent');
    const changed = draft.unsaved.changedElsewhere;
    expect(changed === undefined ? undefined : notSaved(changed)).toEqual([]);
  });

  it('closes the record form and the Rename box open then; what was typed in them goes into the alert', async () => {
    const draft = await sentElsewhere();
    draft.form.draft.notes = 'typed';
    flushSync();
    // Typed while the save of the notes was on its way (the form and the box are the editor's, see Unsaved).
    draft.unsaved.showRecordForm('send');
    draft.unsaved.record.ticket = 'ABC-123456';
    draft.unsaved.record.name = 'Ada Admin';
    draft.unsaved.rename = 'EU keys, March';
    await vi.advanceTimersByTimeAsync(600);
    expect(draft.record.state).toBe('sent');
    // Closed, and empty: the texts are in the alert, not in two places.
    expect(draft.unsaved.record).toEqual({ form: undefined, ticket: '', at: '', text: '', name: '' });
    expect(draft.unsaved.rename).toBeUndefined();
    const changed = draft.unsaved.changedElsewhere;
    expect(changed === undefined ? undefined : notSaved(changed)).toEqual([
      { label: 'Notes for support', value: 'typed' },
      { label: 'Atlassian ticket reference', value: 'ABC-123456' },
      { label: 'Your name', value: 'Ada Admin' },
      { label: 'New draft name', value: 'EU keys, March' },
    ]);
  });

  it('describe-key output pasted in the Keys step goes into the alert under its key; the boxes, gone, keep none', async () => {
    const stored = vault.add(draftDocument({ request: validDraft() }));
    const draft = open(stored);
    const newBox = fieldId('keys[1].newKeyArn');
    const oldBox = fieldId('keys[0].oldKeyArn');
    // Pasted and used: it filled the old key's ARN, which is saved (the draft keeps the ARN and the
    // check, not the text). Then one pasted half, not checked (as the describe-key boxes write them).
    const used = describeKeyOutput(arn('eu-central-1', 9));
    draft.form.pasted[oldBox] = used;
    draft.form.fill('keys[0].oldKeyArn', arn('eu-central-1', 9));
    flushSync();
    await vi.advanceTimersByTimeAsync(600);
    expect(vault.drafts.get(stored.id)?.request.keys[0]?.oldKeyArn).toBe(arn('eu-central-1', 9));
    draft.form.pasted[newBox] = '{ "KeyMetadata": { "KeyId": "copied half';
    expect((await vault.api.draftMarkSent({ id: stored.id, ticket: 'CMK-77' })).ok).toBe(true);
    // A step change saves at once: main answers with the sent record.
    draft.form.goTo('timing');
    flushSync();
    await vi.advanceTimersByTimeAsync(0);
    expect(draft.record.state).toBe('sent');
    const changed = draft.unsaved.changedElsewhere;
    expect(changed === undefined ? undefined : notSaved(changed)).toEqual([
      { label: 'Output of aws kms describe-key for the old key, eu-central-1 (Frankfurt)', value: used },
      {
        label: 'Output of aws kms describe-key for the new key, eu-west-1 (Ireland)',
        value: '{ "KeyMetadata": { "KeyId": "copied half',
      },
    ]);
    // In the alert, not in two places: a frozen request shows no Keys step.
    expect(draft.form.pasted).toEqual({});
    expect(draft.unsaved.pasted).toEqual({});
    // Told again (completed elsewhere too, a Withdraw refused): the alert keeps them.
    expect((await vault.api.draftComplete({ id: draft.id, note: 'Done.' })).ok).toBe(true);
    draft.unsaved.showRecordForm('withdraw');
    draft.unsaved.record.text = 'Wrong account';
    expect(
      await draft.changeLife((api) => api.draftWithdraw({ id: draft.id, reason: 'Wrong account' })),
    ).toEqual({});
    const again = draft.unsaved.changedElsewhere;
    expect(again?.record.state).toBe('completed');
    expect(again === undefined ? undefined : notSaved(again).map((text) => text.label)).toEqual([
      'Output of aws kms describe-key for the old key, eu-central-1 (Frankfurt)',
      'Output of aws kms describe-key for the new key, eu-west-1 (Ireland)',
      'Withdrawal reason',
    ]);
  });

  it('a Mark as sent refused because it was sent elsewhere: the sent record shows, the ticket typed is in the alert', async () => {
    const draft = await sentElsewhere();
    draft.unsaved.showRecordForm('send');
    draft.unsaved.record.ticket = 'ABC-123456';
    const result = await draft.changeLife((api) => api.draftMarkSent({ id: draft.id, ticket: 'ABC-123456' }));
    // Neither an error to show in the form that cannot succeed nor a change made: the alert says it.
    expect(result).toEqual({});
    expect(draft.record.state).toBe('sent');
    expect(draft.record.sent?.ticket).toBe('CMK-77');
    expect(draft.frozen).toBe(true);
    expect(draft.unsaved.record.form).toBeUndefined();
    const changed = draft.unsaved.changedElsewhere;
    expect(changed?.record.sent?.ticket).toBe('CMK-77');
    expect(changed === undefined ? undefined : notSaved(changed)).toEqual([
      { label: 'Atlassian ticket reference', value: 'ABC-123456' },
    ]);
    expect(vault.api.draftSave).not.toHaveBeenCalled();
  });

  it('a Withdraw refused because it was completed elsewhere shows the completed record, with the reason typed', async () => {
    const draft = await sentElsewhere();
    expect((await vault.api.draftComplete({ id: draft.id, note: 'Done.' })).ok).toBe(true);
    draft.unsaved.showRecordForm('withdraw');
    draft.unsaved.record.text = 'Wrong account';
    expect(
      await draft.changeLife((api) => api.draftWithdraw({ id: draft.id, reason: 'Wrong account' })),
    ).toEqual({});
    expect(draft.record.state).toBe('completed');
    const changed = draft.unsaved.changedElsewhere;
    expect(changed?.record.state).toBe('completed');
    expect(changed === undefined ? undefined : notSaved(changed)).toEqual([
      { label: 'Withdrawal reason', value: 'Wrong account' },
    ]);
  });

  it('edits whose save before a life change is refused: the change is not asked for, both go into the alert', async () => {
    const draft = await sentElsewhere();
    draft.form.draft.notes = 'typed';
    flushSync();
    draft.unsaved.showRecordForm('withdraw');
    draft.unsaved.record.text = 'Wrong account';
    const result = await draft.changeLife((api) =>
      api.draftWithdraw({ id: draft.id, reason: 'Wrong account' }),
    );
    expect(result).toEqual({});
    // Withdrawing was asked of a draft, not of a request sent elsewhere: the user decides again.
    expect(vault.api.draftWithdraw).not.toHaveBeenCalled();
    expect(vault.drafts.get(draft.id)?.state).toBe('sent');
    const changed = draft.unsaved.changedElsewhere;
    expect(changed === undefined ? undefined : notSaved(changed)).toEqual([
      { label: 'Notes for support', value: 'typed' },
      { label: 'Withdrawal reason', value: 'Wrong account' },
    ]);
  });

  it('a life change refused for what was typed, or refused with the state shown here, is an error to show', async () => {
    const stored = vault.add(draftDocument({ request: validDraft() }));
    const sent = await vault.api.draftMarkSent({ id: stored.id, ticket: 'CMK-77' });
    if (!sent.ok) throw new Error(sent.message);
    // Opened sent: the editor knows.
    const draft = open(sent.value);
    draft.unsaved.showRecordForm('complete');
    draft.unsaved.record.text = 'x'.repeat(4001);
    const long = await draft.changeLife((api) => api.draftComplete({ id: draft.id, note: 'x'.repeat(4001) }));
    expect(long.error).toMatch(/^The note /u);
    // Sent here too: a second Mark as sent (another window's form) says why, and changes nothing here.
    const again = await draft.changeLife((api) => api.draftMarkSent({ id: draft.id, ticket: 'ABC-1' }));
    expect(again).toEqual({ error: 'This request is sent: it cannot be marked as sent again.' });
    expect(draft.unsaved.record.form).toBe('complete');
    expect(draft.unsaved.changedElsewhere).toBeUndefined();
  });

  it("keeps retrying a refusal that does not carry this draft's frozen record", async () => {
    const draft = open(vault.add(draftDocument()));
    // Not frozen, and another draft's: the editor does not take either for its own record.
    vault.api.draftSave.mockResolvedValueOnce(
      failure('read-only', 'Refused.', draftDocument({ state: 'open' })),
    );
    vault.api.draftSave.mockResolvedValueOnce(
      failure('read-only', 'Refused.', { ...draftDocument({ id: 'f'.repeat(32) }), state: 'withdrawn' }),
    );
    type(draft, 'https://acme.atlassian.net');
    await vi.advanceTimersByTimeAsync(600);
    expect(draft.saveState).toBe('error');
    await vi.advanceTimersByTimeAsync(5000);
    expect(draft.saveState).toBe('error');
    expect(draft.record.state).toBe('open');
    await vi.advanceTimersByTimeAsync(5000);
    expect(draft.saveState).toBe('saved');
    expect(vault.api.draftSave).toHaveBeenCalledTimes(3);
    expect(draft.unsaved.changedElsewhere).toBeUndefined();
  });
});
