/** The request's life after the form (pure rules) and the format migration chains. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKLIST_IDS,
  DRAFT_FORMAT,
  MAX_KEYS_SET_ASIDE,
  emptyDraftRequest,
  draftFromRequest,
} from '../../../src-shared/drafts/draft.js';
import {
  CompletedRecordSchema,
  DraftDocumentSchema,
  DraftDocumentV1Schema,
  DraftDocumentV2Schema,
  type DraftDocument,
  type DraftDocumentV1,
} from '../../../src-shared/drafts/draft-schema.js';
import {
  applyEdit,
  checkTicket,
  lifeStatus,
  markCompleted,
  markSent,
  parseZonedTime,
  rebaseEdit,
  revise,
  sendingRules,
  withdraw,
  zonedIso,
} from '../../../src-shared/drafts/life.js';
import { DRAFT_CHAIN, REQUEST_CHAIN, storedDraft } from '../../../src-shared/formats/chains.js';
import { latestVersion, migrate } from '../../../src-shared/formats/migrate.js';
import { STEP_IDS } from '../../../src-shared/drafts/draft.js';
import { autoTitle } from '../../../src-shared/drafts/title.js';
import { openDraftDocument } from '../../fixtures/drafts.js';
import { validRequestFile } from '../main/vault/helpers.js';

const by = { user: 'alice' };
const NOW = new Date('2026-11-30T12:00:00Z');

function draft(overrides: Partial<DraftDocument> = {}): DraftDocument {
  return openDraftDocument(draftFromRequest(validRequestFile('eu')), overrides);
}

/** A key pair typed for `region` (its new key left empty, as a half-typed row would be). */
function pair(region: string) {
  return {
    oldKeyArn: `arn:aws:kms:${region}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    newKeyArn: '',
  };
}

function value<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

const v1Draft: fc.Arbitrary<DraftDocumentV1> = fc.record({
  format: fc.constant(DRAFT_FORMAT),
  version: fc.constant(1 as const),
  id: fc.stringMatching(/^[0-9a-f]{32}$/),
  title: fc.string({ maxLength: 200 }),
  createdAt: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  updatedAt: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  request: fc
    .record({
      siteUrl: fc.string({ maxLength: 50 }),
      notes: fc.string({ maxLength: 100 }),
      awsAccountId: fc.string({ maxLength: 20 }),
    })
    .map((part) => ({ ...emptyDraftRequest(), ...part })),
  position: fc.record({ step: fc.constantFrom(...STEP_IDS) }),
  checklist: fc.subarray([...CHECKLIST_IDS]),
});

describe('migrations', () => {
  it('migrate(v1) is a valid v3 draft that keeps every stored value, and migrating the latest changes nothing', () => {
    fc.assert(
      fc.property(v1Draft, (v1) => {
        expect(DraftDocumentV1Schema.safeParse(v1).success).toBe(true);
        const migrated = migrate(v1, DRAFT_CHAIN);
        if (migrated.kind !== 'current') throw new Error(migrated.kind);
        const v3 = DraftDocumentSchema.parse(migrated.document);
        expect(v3).toEqual({ ...v1, version: 3, state: 'open', revision: 1, history: [] });
        const again = migrate(v3, DRAFT_CHAIN);
        expect(again).toEqual({ kind: 'current', document: v3, from: 3 });
      }),
      { numRuns: 200 },
    );
  });

  it('migrate(v2) changes nothing but the version: a v2 draft has no key pairs set aside', () => {
    const v2 = { ...draft(), version: 2 };
    expect(DraftDocumentV2Schema.parse(v2)).toEqual(v2);
    const migrated = migrate(v2, DRAFT_CHAIN);
    expect(migrated).toEqual({ kind: 'current', document: { ...v2, version: 3 }, from: 2 });
    expect(DraftDocumentSchema.parse(migrated.kind === 'current' && migrated.document)).not.toHaveProperty(
      'keysSetAside',
    );
  });

  it('stores a draft as version 2 unless it keeps key pairs set aside, and either form reads back the same', () => {
    const plain = draft();
    const kept = draft({ keysSetAside: [{ ...pair('eu-west-1'), region: 'eu-west-1' }] });
    expect(storedDraft(plain)).toEqual({ ...plain, version: 2 });
    expect(DraftDocumentV2Schema.safeParse(storedDraft(plain)).success).toBe(true);
    expect(storedDraft(kept)).toEqual(kept);
    // An older app's strict version 2 schema could not read the new field: hence version 3 for it.
    expect(DraftDocumentV2Schema.safeParse({ ...kept, version: 2 }).success).toBe(false);
    for (const document of [plain, kept]) {
      const read = migrate(JSON.parse(JSON.stringify(storedDraft(document))), DRAFT_CHAIN);
      expect(read.kind === 'current' && DraftDocumentSchema.parse(read.document)).toEqual(document);
    }
  });

  it('stores a draft with describe-key results as version 3: the first version 2 apps could not read them', () => {
    const arn = 'arn:aws:kms:eu-west-1:012345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const facts = { arn, region: 'eu-west-1', account: '012345678901', enabled: true };
    const checked = draft({ keyChecks: [{ arn, checkedAt: '2026-11-30T11:00:00.000Z', facts }] });
    expect(storedDraft(checked)).toEqual(checked);
    expect(storedDraft(checked).version).toBe(3);
    // the draft schema of the app that made tests/fixtures/vault-v2 (e64f455): strict, without keyChecks
    const firstVersion2 = DraftDocumentV2Schema.omit({ keyChecks: true });
    expect(firstVersion2.safeParse({ ...checked, version: 2 }).success).toBe(false);
    expect(firstVersion2.safeParse(storedDraft(draft())).success).toBe(true);
    // what versions before this fix stored as version 2 still reads back as it was
    const read = migrate(JSON.parse(JSON.stringify({ ...checked, version: 2 })), DRAFT_CHAIN);
    expect(read.kind === 'current' && DraftDocumentSchema.parse(read.document)).toEqual(checked);
  });

  it('keeps the limits of kept key pairs: count, ARN length, known regions, none stored as an empty list', () => {
    const kept = (keysSetAside: unknown) =>
      DraftDocumentSchema.safeParse({ ...draft(), keysSetAside }).success;
    const many = Array.from({ length: MAX_KEYS_SET_ASIDE }, () => pair('eu-west-1'));
    expect(kept(many)).toBe(true);
    expect(kept([...many, pair('eu-west-1')])).toBe(false);
    expect(kept([{ oldKeyArn: 'a'.repeat(500), newKeyArn: '' }])).toBe(true);
    expect(kept([{ oldKeyArn: 'a'.repeat(501), newKeyArn: '' }])).toBe(false);
    expect(kept([{ ...pair('eu-west-1'), region: 'eu-west-1' }])).toBe(true);
    expect(kept([{ ...pair('eu-west-1'), region: 'mars-north-1' }])).toBe(false);
    expect(kept([{ ...pair('eu-west-1'), note: 'x' }])).toBe(false);
    expect(kept([])).toBe(false);
  });

  it('refuses a newer version with a clear message, and says what is not a draft', () => {
    const newer = migrate({ format: DRAFT_FORMAT, version: 4 }, DRAFT_CHAIN);
    expect(newer).toMatchObject({ kind: 'newer', version: 4 });
    expect(newer.kind === 'newer' && newer.message).toMatch(
      /newer version of CMK Rekey \(version 4; this app reads up to version 3\)/,
    );
    expect(migrate({ format: 'other', version: 1 }, DRAFT_CHAIN).kind).toBe('invalid');
    expect(migrate({ format: DRAFT_FORMAT, version: 0 }, DRAFT_CHAIN).kind).toBe('invalid');
    expect(migrate({ format: DRAFT_FORMAT, version: '1' }, DRAFT_CHAIN).kind).toBe('invalid');
  });

  it('request files: version 1 is the latest and passes unchanged; version 2 is refused', () => {
    const request = validRequestFile('us');
    expect(latestVersion(REQUEST_CHAIN)).toBe(1);
    expect(migrate(request, REQUEST_CHAIN)).toEqual({ kind: 'current', document: request, from: 1 });
    expect(migrate({ ...request, version: 2 }, REQUEST_CHAIN).kind).toBe('newer');
  });
});

describe('lifecycle', () => {
  it('draft → ready (computed) → sent → completed, with the frozen ticket text and request JSON', () => {
    expect(lifeStatus(draft({ request: emptyDraftRequest() }))).toBe('draft');
    expect(lifeStatus(draft())).toBe('ready');
    const sent = value(
      markSent(draft(), { ticket: '  ABC-123456 ', at: '2026-11-30T13:00:00+01:00', by }, NOW),
    );
    expect(sent.event).toEqual({ event: 'sent', detail: 'ABC-123456' });
    expect(sent.draft.state).toBe('sent');
    expect(sent.draft.sent).toMatchObject({
      ticket: 'ABC-123456',
      at: '2026-11-30T13:00:00+01:00',
      warnings: [],
    });
    expect(sent.draft.sent?.ticketText).toContain('Re-encryption for AWS account 012345678901');
    expect(JSON.parse(sent.draft.sent?.requestJson ?? '')).toMatchObject({
      format: 'cmk-rekey/request',
      realm: 'eu',
    });
    const done = value(markCompleted(sent.draft, { at: '2026-11-30', note: 'Confirmed', by }, NOW));
    expect(done.draft.state).toBe('completed');
    expect(lifeStatus(done.draft)).toBe('completed');
  });

  it('freezes the ticket the rules judged: no blank rows or values the form kept while editing', () => {
    const request = {
      ...draftFromRequest(validRequestFile('eu')),
      participants: ['secops@acme.example', '', '  '],
      attachments: ['', 'kms.png', ' '],
      phone: '  ',
    };
    const sent = value(
      markSent(draft({ request }), { ticket: 'X-1', at: '2026-11-30T12:00:00+00:00', by }, NOW),
    );
    expect(sent.draft.sent?.warnings).toEqual([]);
    const text = sent.draft.sent?.ticketText ?? '';
    expect(text).toContain('\nsecops@acme.example\n');
    expect(text).toContain('Upload screenshots or videos\nkms.png\n');
    expect(text).toContain('Your phone number\n(leave empty)\n');
  });

  it('records warnings when sending with errors or an unticked checklist (the one place a policy can change)', () => {
    expect(sendingRules(draft())).toEqual([]);
    expect(sendingRules(draft({ request: emptyDraftRequest(), checklist: [] }))).toEqual([
      'has-errors',
      'checklist-unticked',
    ]);
    const sent = value(
      markSent(draft({ checklist: [] }), { ticket: 'X-1', at: '2026-11-30T12:00:00+00:00', by }, NOW),
    );
    expect(sent.draft.sent?.warnings).toEqual(['checklist-unticked']);
  });

  it("refuses to send an unready request when the organization's policy requires a ready one", () => {
    const at = '2026-11-30T12:00:00+00:00';
    const refused = markSent(draft({ checklist: [] }), { ticket: 'X-1', at, by, requireReady: true }, NOW);
    expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
    expect(refused.ok ? '' : refused.message).toContain('"Before you start" checklist was not fully ticked');
    const ready = value(markSent(draft(), { ticket: 'X-1', at, by, requireReady: true }, NOW));
    expect(ready.draft.sent?.warnings).toEqual([]);
  });

  it('sends with the checklist confirmed: every point ticked, no warning, the sent event names the checklist', () => {
    const at = '2026-11-30T12:00:00+00:00';
    const input = { ticket: 'X-1', at, by, requireReady: true, checklistConfirmed: true };
    const partly = draft({ checklist: ['backups', 'not-a-point-any-more'] });
    const sent = value(markSent(partly, input, NOW));
    expect([...sent.draft.checklist].sort()).toEqual([...CHECKLIST_IDS, 'not-a-point-any-more'].sort());
    expect(sent.draft.sent?.warnings).toEqual([]);
    expect(sent.event).toEqual({ event: 'sent', detail: 'X-1', fields: ['checklist'] });
    // a checklist already ticked is not confirmed again
    expect(value(markSent(draft(), input, NOW)).event).toEqual({ event: 'sent', detail: 'X-1' });
    // confirming the checklist does not lift the other rule
    const invalid = draft({ checklist: [], request: { ...draft().request, awsAccountId: '12345' } });
    expect(markSent(invalid, input, NOW)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('counts a stored describe-key result that shows the key unusable as an error when sending', () => {
    const request = draftFromRequest(validRequestFile('eu'));
    const arn = request.keys[0]?.newKeyArn ?? '';
    const [, , , region = '', account = ''] = arn.split(':');
    const facts = { arn, region, account, enabled: false, keyState: 'Disabled' };
    const checked = draft({ keyChecks: [{ arn, checkedAt: '2026-11-30T11:00:00.000Z', facts }] });
    expect(sendingRules(checked)).toEqual(['has-errors']);
    // The "Ready to send" status follows the same result: the form shows that key's error.
    expect(lifeStatus(draft())).toBe('ready');
    expect(lifeStatus(checked)).toBe('draft');
  });

  it("counts the organization policy's errors (a realm it forbids, another organization) when given", () => {
    const at = '2026-11-30T12:00:00+00:00';
    const eu = draft();
    const onlyGermany = { allowedRealms: ['de'] as const };
    const otherOrganization = { lockedValues: { organizationId: 'be0df05b-77ec-4a4f-ac84-f818bef651ce' } };
    for (const rules of [onlyGermany, otherOrganization]) {
      expect(lifeStatus(eu, rules)).toBe('draft');
      expect(sendingRules(eu, rules)).toEqual(['has-errors']);
      const refused = markSent(eu, { ticket: 'X-1', at, by, requireReady: true, rules }, NOW);
      expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
      const sent = value(markSent(eu, { ticket: 'X-1', at, by, rules }, NOW));
      expect(sent.draft.sent?.warnings).toEqual(['has-errors']);
    }
    const allowsEurope = { allowedRealms: ['eu', 'de'] as const };
    expect(lifeStatus(eu, allowsEurope)).toBe('ready');
    expect(sendingRules(eu, allowsEurope)).toEqual([]);
  });

  it('refuses bad input with a clear message and changes nothing', () => {
    const open = draft();
    expect(checkTicket('x'.repeat(201))).toMatchObject({ ok: false, message: /201 characters/ });
    expect(checkTicket('x'.repeat(200)).ok).toBe(true);
    expect(checkTicket('ABC-1\nDEF-2')).toMatchObject({ ok: false, message: /control character/ });
    expect(checkTicket('   ')).toMatchObject({ ok: false });
    // A note and a reason count characters as the stored record does: 4,000 emoji fit, one more does not.
    const sentOne = value(markSent(open, { ticket: 'A-1', at: '2026-11-30T10:00:00+00:00', by }, NOW)).draft;
    const emoji = '\u{1F600}';
    const noted = markCompleted(
      sentOne,
      { at: '2026-11-30T12:00:00+00:00', note: emoji.repeat(4000), by },
      NOW,
    );
    expect(value(noted).draft.completed?.note).toBe(emoji.repeat(4000));
    expect(CompletedRecordSchema.safeParse(value(noted).draft.completed).error).toBeUndefined();
    expect(markCompleted(sentOne, { at: '2026-11-30', note: emoji.repeat(4001), by }, NOW)).toMatchObject({
      ok: false,
      message: 'The note is 4,001 characters long; at most 4,000 are kept.',
    });
    expect(withdraw(open, { at: '2026-11-30T10:00:00+00:00', reason: 'x'.repeat(4001), by })).toMatchObject({
      ok: false,
      message: /4,001 characters long/,
    });
    expect(markSent(open, { ticket: 'A-1', at: '2026-12-30T12:00:00+00:00', by }, NOW)).toMatchObject({
      ok: false,
      message: /future/,
    });
    expect(markCompleted(open, { at: '2026-11-30', note: '', by }, NOW)).toMatchObject({
      ok: false,
      code: 'read-only',
    });
    const sent = value(markSent(open, { ticket: 'A-1', at: '2026-11-30T10:00:00+00:00', by }, NOW)).draft;
    expect(markCompleted(sent, { at: '2026-11-29T10:00:00+00:00', note: '', by }, NOW)).toMatchObject({
      ok: false,
      message: /before the request was sent/,
    });
    // A time on the day it was sent is taken as written: an hour before the sending is refused.
    expect(markCompleted(sent, { at: '2026-11-30T09:00:00+00:00', note: '', by }, NOW)).toMatchObject({
      ok: false,
      message: /before the request was sent/,
    });
    expect(markCompleted(sent, { at: '2026-11-30T10:30:00+01:00', note: '', by }, NOW)).toMatchObject({
      ok: false,
      message: /before the request was sent/,
    });
    // A date alone is that whole day, in the zone it was written in: the day it was sent counts (10:00 UTC
    // is still 30 November at UTC-5 and at UTC+12, and already 1 December at UTC+14).
    expect(markCompleted(sent, { at: '2026-11-30T00:00:00+00:00', note: '', by }, NOW).ok).toBe(true);
    expect(markCompleted(sent, { at: '2026-11-30T00:00:00-05:00', note: '', by }, NOW).ok).toBe(true);
    expect(markCompleted(sent, { at: '2026-11-30T00:00:00+14:00', note: '', by }, NOW)).toMatchObject({
      ok: false,
      message: /before the request was sent/,
    });
    expect(markCompleted(sent, { at: '2026-11-30T10:00:00+00:00', note: '', by }, NOW).ok).toBe(true);
    expect(markCompleted(sent, { at: '2026-12-29T10:00:00+00:00', note: '', by }, NOW)).toMatchObject({
      ok: false,
      message: /future/,
    });
    expect(markSent(sent, { ticket: 'A-2', at: '2026-11-30T10:00:00+00:00', by }, NOW)).toMatchObject({
      ok: false,
      code: 'read-only',
    });
    expect(withdraw(sent, { at: '2026-11-30T10:00:00+00:00', reason: '  ', by })).toMatchObject({
      ok: false,
      message: /reason is required/,
    });
    const completed = value(
      markCompleted(sent, { at: '2026-11-30T11:00:00+00:00', note: '', by }, NOW),
    ).draft;
    expect(withdraw(completed, { at: '2026-11-30T12:00:00+00:00', reason: 'late', by })).toMatchObject({
      ok: false,
      code: 'read-only',
    });
    expect(open).toEqual(draft());
  });

  it('a sent draft is read-only; moving around is not editing; New revision is an open linked copy', () => {
    const sent = value(markSent(draft(), { ticket: 'A-1', at: '2026-11-30T10:00:00+00:00', by }, NOW)).draft;
    const moved = value(applyEdit(sent, { ...sent, position: { step: 'start' } }));
    expect(moved.fields).toEqual([]);
    expect(applyEdit(sent, { ...sent, title: 'Other' })).toMatchObject({ ok: false, code: 'read-only' });
    const edited = value(
      applyEdit(draft(), {
        ...draft(),
        title: 'New',
        request: { ...draft().request, notes: 'n' },
        state: 'completed',
      }),
    );
    expect(edited.fields).toEqual(['title', 'request.notes']);
    expect(edited.draft.state).toBe('open');
    const kept = [pair('eu-west-1')];
    const setAside = value(applyEdit(draft(), { ...draft(), keysSetAside: kept }));
    expect(setAside).toEqual({ draft: draft({ keysSetAside: kept }), fields: ['keysSetAside'] });
    const discarded = value(applyEdit(setAside.draft, draft()));
    expect(discarded).toEqual({ draft: draft(), fields: ['keysSetAside'] });
    expect(applyEdit(sent, { ...sent, keysSetAside: kept })).toMatchObject({ ok: false, code: 'read-only' });
    const next = value(revise(sent, 'b'.repeat(32), '2026-11-30T12:00:00.000Z')).draft;
    expect(next).toMatchObject({
      id: 'b'.repeat(32),
      state: 'open',
      revision: 2,
      previous: { id: sent.id, revision: 1 },
      history: [],
    });
    expect(next.sent).toBeUndefined();
    // said for the app and the CLI alike (the CLI has no Duplicate)
    expect(revise(draft(), 'c'.repeat(32), '2026-11-30T12:00:00.000Z')).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This draft is not sent yet: edit it as it is; a new revision is for a request already sent.',
    });
  });

  it('reads times with their offset, and dates alone at the local offset; impossible dates are refused', () => {
    expect(value(parseZonedTime('2026-11-30T14:05+01:00', 0, 'Sent at'))).toBe('2026-11-30T14:05:00+01:00');
    expect(value(parseZonedTime('2026-11-30T14:05:07Z', 60, 'Sent at'))).toBe('2026-11-30T14:05:07+00:00');
    expect(value(parseZonedTime('2026-11-30', -300, 'Sent at'))).toBe('2026-11-30T00:00:00-05:00');
    expect(parseZonedTime('2026-02-30', 0, 'Sent at')).toMatchObject({
      ok: false,
      message: /Sent at: "2026-02-30"/,
    });
    expect(parseZonedTime('yesterday', 0, 'Sent at').ok).toBe(false);
    expect(parseZonedTime('2026-11-30T14:05', 0, 'Sent at').ok).toBe(false);
    // Offsets no place uses, and RFC 3339's "unknown" offset, are refused with the reason.
    for (const offset of ['+14:30', '+23:59', '-12:30', '+05:10'])
      expect(parseZonedTime(`2026-11-30T14:05${offset}`, 0, 'Sent at')).toMatchObject({
        ok: false,
        message: `Sent at: ${offset} is not a UTC offset in use; they run from -12:00 to +14:00 (the IANA time zone database).`,
      });
    expect(parseZonedTime('2026-11-30T14:05-00:00', 0, 'Sent at')).toMatchObject({
      ok: false,
      message: /-00:00 means "unknown" \(RFC 3339\); for UTC write \+00:00 or Z/,
    });
    for (const [typed, kept] of [
      ['2026-11-30T14:05+14:00', '2026-11-30T14:05:00+14:00'],
      ['2026-11-30T14:05-12:00', '2026-11-30T14:05:00-12:00'],
      ['2026-11-30T14:05+05:45', '2026-11-30T14:05:00+05:45'],
      ['2026-11-30T14:05-09:30', '2026-11-30T14:05:00-09:30'],
    ] as const)
      expect(value(parseZonedTime(typed, 0, 'Sent at'))).toBe(kept);
    expect(zonedIso(new Date('2026-11-30T12:00:00Z'), 330)).toBe('2026-11-30T17:30:00+05:30');
  });
});

describe('rebaseEdit (a save made on an older version than the stored one)', () => {
  const check = {
    arn: 'arn',
    checkedAt: '2026-11-01T09:00:00.000Z',
    facts: { arn: 'arn', region: 'eu-west-1', account: '012345678901', enabled: true },
  };

  it('keeps what only the other writer changed, and takes what the editor changed', () => {
    const base = draft({ keyChecks: [check] });
    // The other writer renamed it, unticked the checklist and cleared the key check.
    const stored = draft({ title: 'Renamed elsewhere', checklist: [] });
    const incoming = draft({ keyChecks: [check], request: { ...base.request, notes: 'mine' } });
    const expected = draft({ title: 'Renamed elsewhere', checklist: [], request: incoming.request });
    expect(rebaseEdit(base, stored, incoming)).toStrictEqual(expected);
    expect(incoming.title).toBe('Acme'); // the editor's own draft is left as it was
  });

  it('gives the editor its own draft back when the other writer changed nothing it kept', () => {
    const base = draft();
    const incoming = draft({ title: 'Mine' });
    expect(rebaseEdit(base, { ...base, title: 'Theirs' }, incoming)).toBe(incoming);
    expect(rebaseEdit(base, base, incoming)).toBe(incoming);
  });

  describe('a title the app makes from the site and account', () => {
    const titled = (request: DraftDocument['request'], title = autoTitle(request)) =>
      draft({ title, request });
    const base = titled({ ...draft().request, awsAccountId: '012345678901' });
    const account = (id: string) => ({ ...base.request, awsAccountId: id });

    it('is no rename by the editor: a rename made elsewhere is kept when the account changes here', () => {
      const stored = { ...base, title: 'Renamed by a colleague' };
      const incoming = titled(account('111122223333'));
      expect(rebaseEdit(base, stored, incoming)).toStrictEqual({
        ...incoming,
        title: 'Renamed by a colleague',
      });
    });

    it('follows the merged request when nobody chose a title', () => {
      // Here the account changed, elsewhere the site: the title names both new values.
      const stored = titled({ ...base.request, siteUrl: 'https://globex.atlassian.net' });
      const incoming = titled(account('111122223333'));
      const merged = rebaseEdit(base, stored, incoming);
      expect(merged.request).toMatchObject({
        siteUrl: 'https://globex.atlassian.net',
        awsAccountId: '111122223333',
      });
      expect(merged.title).toBe('globex.atlassian.net · 111122223333');
    });

    it("gives way to the editor's own rename", () => {
      const stored = { ...base, title: 'Theirs', request: { ...base.request, notes: 'theirs' } };
      const incoming = draft({ title: 'Mine', request: account('111122223333') });
      expect(rebaseEdit(base, stored, incoming)).toMatchObject({
        title: 'Mine',
        request: { notes: 'theirs', awsAccountId: '111122223333' },
      });
    });
  });
});
