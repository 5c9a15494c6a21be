/** Finding drafts: search, status and realm filters, sorting, and the command line's option parsing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LIFE_STATUSES,
  findDrafts,
  parseDraftQuery,
  summaryLifeStatus,
} from '../../../src-shared/drafts/find.js';
import type { DraftSummary } from '../../../src-shared/drafts/summary.js';
import { draftSummary } from '../renderer/fixtures.js';

const id = (n: number) => n.toString(16).padStart(32, '0');

const OPEN = draftSummary({
  id: id(1),
  title: 'acme.atlassian.net · 481516234200',
  siteUrl: 'https://ACME.atlassian.net/wiki',
  awsAccountId: '481516234200',
  organizationId: '5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d',
  realm: 'eu',
  status: 'has-errors',
  updatedAt: '2026-11-30T10:00:00.000Z',
});
const READY = draftSummary({
  id: id(2),
  title: 'Globex EU rotation',
  siteUrl: 'globex.atlassian.net',
  awsAccountId: '1234 5678 9012',
  realm: 'eu',
  status: 'ready',
  updatedAt: '2026-11-29T10:00:00.000Z',
});
const SENT_EARLY = draftSummary({
  id: id(3),
  title: 'Initech US',
  siteUrl: 'https://initech.atlassian.net',
  awsAccountId: '210987654321',
  realm: 'us',
  status: 'ready',
  state: 'sent',
  ticket: 'CMK-104233',
  // 09:00 in New York is 14:00 UTC: later than the one below, although its wall-clock time is earlier.
  sentAt: '2026-11-20T09:00:00-05:00',
  updatedAt: '2026-11-28T10:00:00.000Z',
});
const SENT_LATE = draftSummary({
  id: id(4),
  title: 'Umbrella',
  realm: 'us',
  siteUrl: 'https://umbrella.atlassian.net',
  awsAccountId: '333333333333',
  status: 'ready',
  state: 'completed',
  ticket: 'https://support.atlassian.com/requests/CMK-99',
  sentAt: '2026-11-20T12:00:00+01:00',
  completedAt: '2026-11-25T12:00:00+01:00',
  updatedAt: '2026-11-27T10:00:00.000Z',
});
const WITHDRAWN = draftSummary({
  id: id(5),
  title: 'Untitled draft',
  realm: '',
  siteUrl: '',
  awsAccountId: '',
  status: 'incomplete',
  state: 'withdrawn',
  updatedAt: '2026-12-01T10:00:00.000Z',
});
const FLAGGED = draftSummary({
  id: 'untrusted-20261130T120000000Z-planted',
  title: 'planted acme.age',
  realm: '',
  awsAccountId: '',
  siteUrl: '',
  updatedAt: '',
  problem: 'untrusted',
});
const ALL: readonly DraftSummary[] = [READY, FLAGGED, SENT_EARLY, OPEN, WITHDRAWN, SENT_LATE];

const titles = (found: readonly DraftSummary[]) => found.map((summary) => summary.title);

describe('summaryLifeStatus', () => {
  it('is draft or ready while open, the stored state after, and none for a file set aside', () => {
    expect([OPEN, READY, SENT_EARLY, SENT_LATE, WITHDRAWN, FLAGGED].map(summaryLifeStatus)).toEqual([
      'draft',
      'ready',
      'sent',
      'completed',
      'withdrawn',
      undefined,
    ]);
  });
});

describe('findDrafts', () => {
  it('sorts by last change, newest first, with files set aside last', () => {
    expect(titles(findDrafts(ALL))).toEqual([
      'Untitled draft',
      'acme.atlassian.net · 481516234200',
      'Globex EU rotation',
      'Initech US',
      'Umbrella',
      'planted acme.age',
    ]);
  });

  it('searches title, site, account, org ID and ticket, case-insensitive, every word', () => {
    const search = (text: string) => titles(findDrafts(ALL, { search: text }));
    expect(search('acme')).toEqual(['acme.atlassian.net · 481516234200', 'planted acme.age']);
    expect(search('GLOBEX')).toEqual(['Globex EU rotation']);
    expect(search('initech.atlassian')).toEqual(['Initech US']);
    expect(search('5f0c2a7e-93d1')).toEqual(['acme.atlassian.net · 481516234200']);
    expect(search('cmk-104')).toEqual(['Initech US']);
    expect(search('requests/CMK-99')).toEqual(['Umbrella']);
    // An account as typed with spaces or dashes finds the same account.
    expect(search('123456789012')).toEqual(['Globex EU rotation']);
    expect(search('4815-1623-4200')).toEqual(['acme.atlassian.net · 481516234200']);
    expect(search('  globex   rotation ')).toEqual(['Globex EU rotation']);
    expect(search('globex umbrella')).toEqual([]);
    expect(search('')).toHaveLength(ALL.length);
    expect(search('no such thing')).toEqual([]);
  });

  it('filters by status and realm (none: not chosen), leaving files set aside out', () => {
    const find = (status?: (typeof LIFE_STATUSES)[number], realm?: string) =>
      titles(findDrafts(ALL, { status, realm }));
    expect(find('draft')).toEqual(['acme.atlassian.net · 481516234200']);
    expect(find('ready')).toEqual(['Globex EU rotation']);
    expect(find('sent')).toEqual(['Initech US']);
    expect(find('completed')).toEqual(['Umbrella']);
    expect(find('withdrawn')).toEqual(['Untitled draft']);
    expect(find(undefined, 'us')).toEqual(['Initech US', 'Umbrella']);
    expect(find(undefined, 'none')).toEqual(['Untitled draft']);
    expect(find('ready', 'us')).toEqual([]);
    expect(titles(findDrafts(ALL, { search: 'acme', realm: 'eu' }))).toEqual([
      'acme.atlassian.net · 481516234200',
    ]);
  });

  it('sorts by sent date (by the moment, whatever the offset), then by status', () => {
    expect(titles(findDrafts(ALL, { sort: 'sent' }))).toEqual([
      'Initech US',
      'Umbrella',
      'Untitled draft',
      'acme.atlassian.net · 481516234200',
      'Globex EU rotation',
      'planted acme.age',
    ]);
    expect(titles(findDrafts(ALL, { sort: 'status' }))).toEqual([
      'acme.atlassian.net · 481516234200',
      'Globex EU rotation',
      'Initech US',
      'Umbrella',
      'Untitled draft',
      'planted acme.age',
    ]);
  });

  it('never changes its input, and always returns a sorted subset that holds every match', () => {
    const summary = fc.record({
      n: fc.integer({ min: 1, max: 1_000_000 }),
      title: fc.string({ maxLength: 20 }),
      status: fc.constantFrom(...LIFE_STATUSES),
      realm: fc.constantFrom('', 'eu', 'us'),
      day: fc.integer({ min: 1, max: 28 }),
    });
    fc.assert(
      fc.property(
        fc.array(summary, { maxLength: 30 }),
        fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('-', '--', '0-1', '12-3', 'a-')),
        (rows, search) => {
          const summaries = rows.map((row) =>
            draftSummary({
              id: id(row.n),
              title: row.title,
              realm: row.realm,
              state: row.status === 'draft' || row.status === 'ready' ? 'open' : row.status,
              status: row.status === 'ready' ? 'ready' : 'incomplete',
              updatedAt: `2026-11-${String(row.day).padStart(2, '0')}T10:00:00.000Z`,
            }),
          );
          const before = structuredClone(summaries);
          const found = findDrafts(summaries, { search });
          expect(summaries).toEqual(before);
          const expected = summaries.filter((s) =>
            search
              .toLowerCase()
              .split(/\s+/u)
              .filter(Boolean)
              .every(
                (word) =>
                  [s.title, s.siteUrl, s.awsAccountId, s.organizationId]
                    .join('\n')
                    .toLowerCase()
                    .includes(word) ||
                  (word.replace(/-/gu, '') !== '' && s.awsAccountId.includes(word.replace(/-/gu, ''))),
              ),
          );
          expect(new Set(found)).toEqual(new Set(expected));
          const times = found.map((s) => Date.parse(s.updatedAt));
          expect(times).toEqual([...times].sort((a, b) => b - a));
        },
      ),
    );
  });
});

describe('parseDraftQuery', () => {
  it('takes the command line options', () => {
    expect(parseDraftQuery({ search: 'acme', status: 'sent', realm: 'none', sort: 'sent' })).toEqual({
      ok: true,
      value: { search: 'acme', status: 'sent', realm: 'none', sort: 'sent' },
    });
    expect(parseDraftQuery({})).toEqual({
      ok: true,
      value: { search: '', status: undefined, realm: undefined, sort: 'updated' },
    });
  });

  it('refuses a status, realm or sort that does not exist, naming the ones that do', () => {
    expect(parseDraftQuery({ status: 'open' })).toEqual({
      ok: false,
      code: 'invalid-argument',
      message: 'unknown status "open": use one of draft, ready, sent, completed, withdrawn',
    });
    expect(parseDraftQuery({ status: 'Sent' })).toMatchObject({ ok: false });
    expect(parseDraftQuery({ realm: 'europe' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^unknown realm "europe": use one of us, eu, .*, none$/u) as string,
    });
    expect(parseDraftQuery({ sort: 'title' })).toMatchObject({
      ok: false,
      message: 'unknown sort "title": use one of updated, sent, status',
    });
    expect(parseDraftQuery({ status: '' })).toMatchObject({ ok: false });
    expect(parseDraftQuery({ status: `${'x'.repeat(100)}\u001b[2J` })).toMatchObject({
      ok: false,
      message: `unknown status "${'x'.repeat(40)}": use one of draft, ready, sent, completed, withdrawn`,
    });
  });
});
