/**
 * Finding drafts in the list: search, filter by status and realm, sort. Pure and without zod, so the drafts
 * screen (on the renderer's path to the form) and `cmk-rekey drafts list` apply the very same rules.
 */
import { failure, ok, type Result } from '../ipc/result.js';
import { REALM_IDS } from '../request/realms.js';
import type { DraftSummary } from './summary.js';

/** What the user sees: `draft` and `ready` are open drafts without and with a valid request. */
export const LIFE_STATUSES = ['draft', 'ready', 'sent', 'completed', 'withdrawn'] as const;
export type LifeStatus = (typeof LIFE_STATUSES)[number];

/**
 * Whether the draft's content (its title too) can still be edited: only open drafts can. Here, without
 * zod, so the drafts list offers only what main will accept.
 */
export function isFrozen(draft: Pick<DraftSummary, 'state'>): boolean {
  return draft.state !== 'open';
}

/** `updated`: last change, newest first; `sent`: sent date, newest first; `status`: in LIFE_STATUSES order. */
export const DRAFT_SORTS = ['updated', 'sent', 'status'] as const;
export type DraftSort = (typeof DRAFT_SORTS)[number];

/** The realm filter's value for drafts whose realm is not chosen yet. */
export const NO_REALM = 'none';

export interface DraftQuery {
  /** Words that must all occur (case-insensitive) in the title, site, AWS account, org ID or ticket. */
  readonly search?: string;
  readonly status?: LifeStatus | undefined;
  /** A realm id, or NO_REALM. */
  readonly realm?: string | undefined;
  readonly sort?: DraftSort;
}

type Listed = Pick<
  DraftSummary,
  | 'id'
  | 'title'
  | 'siteUrl'
  | 'awsAccountId'
  | 'organizationId'
  | 'ticket'
  | 'state'
  | 'status'
  | 'realm'
  | 'updatedAt'
  | 'sentAt'
  | 'problem'
>;

/** A summary's status as the user sees it; none for a file the vault set aside. */
export function summaryLifeStatus(
  summary: Pick<Listed, 'state' | 'status' | 'problem'>,
): LifeStatus | undefined {
  if (summary.problem !== undefined) return undefined;
  if (summary.state !== 'open') return summary.state;
  return summary.status === 'ready' ? 'ready' : 'draft';
}

const time = (iso = ''): number => Date.parse(iso) || 0;

/**
 * The one search rule of the drafts list, `drafts list --search` and the Archive screen: every word occurs
 * (case-insensitive) in one of the texts. An account typed with dashes or spaces (0123-4567-8901) finds the
 * account stored without them; a word that is only dashes matches nothing more than itself.
 */
export function searchMatcher(search: string): (texts: readonly string[], account: string) => boolean {
  const words = search.toLowerCase().split(/\s+/u).filter(Boolean);
  return (texts, account) => {
    const text = texts.join('\n').toLowerCase();
    const digits = account.replace(/[\s-]/gu, '');
    return words.every((word) => {
      const bare = word.replace(/-/gu, '');
      return text.includes(word) || (bare !== '' && digits.includes(bare));
    });
  };
}

/**
 * The drafts that match `query`, sorted (last change, newest first, unless it says otherwise; ties keep
 * their order). Files set aside by the vault come last and match only by title; a status or realm filter
 * leaves them out.
 */
export function findDrafts<T extends Listed>(summaries: readonly T[], query: DraftQuery = {}): T[] {
  const { status, sort } = query;
  const realm = query.realm === NO_REALM ? '' : query.realm;
  const found = searchMatcher(query.search ?? '');
  const matches = (summary: T): boolean => {
    if (status !== undefined && summaryLifeStatus(summary) !== status) return false;
    if (realm !== undefined && (summary.problem !== undefined || summary.realm !== realm)) return false;
    const { awsAccountId: account } = summary;
    return found(
      [summary.title, summary.siteUrl, account, summary.organizationId, summary.ticket ?? ''],
      account,
    );
  };
  // Larger sorts first: set aside last, then the chosen order, then the last change.
  const keys = (summary: T): number[] => [
    summary.problem === undefined ? 1 : 0,
    sort === 'sent'
      ? time(summary.sentAt)
      : sort === 'status'
        ? -LIFE_STATUSES.indexOf(summaryLifeStatus(summary) ?? 'draft')
        : 0,
    time(summary.updatedAt),
  ];
  return summaries
    .filter(matches)
    .map((summary) => ({ summary, keys: keys(summary) }))
    .sort(
      ({ keys: [a0 = 0, a1 = 0, a2 = 0] }, { keys: [b0 = 0, b1 = 0, b2 = 0] }) =>
        b0 - a0 || b1 - a1 || b2 - a2,
    )
    .map(({ summary }) => summary);
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): Result<T> {
  if ((allowed as readonly string[]).includes(value)) return ok(value as T);
  const shown = JSON.stringify(value.slice(0, 40));
  return failure('invalid-argument', `unknown ${what} ${shown}: use one of ${allowed.join(', ')}`);
}

/** A query from text options (the command line): an unknown status, realm or sort is refused by name. */
export function parseDraftQuery(options: {
  readonly search?: string | undefined;
  readonly status?: string | undefined;
  readonly realm?: string | undefined;
  readonly sort?: string | undefined;
}): Result<DraftQuery> {
  const status = options.status === undefined ? undefined : oneOf(options.status, LIFE_STATUSES, 'status');
  if (status?.ok === false) return status;
  const realm =
    options.realm === undefined ? undefined : oneOf(options.realm, [...REALM_IDS, NO_REALM], 'realm');
  if (realm?.ok === false) return realm;
  const sort = oneOf(options.sort ?? 'updated', DRAFT_SORTS, 'sort');
  if (!sort.ok) return sort;
  return ok({
    search: options.search ?? '',
    status: status?.value,
    realm: realm?.value,
    sort: sort.value,
  });
}
