/** What the trash's "Delete forever" and "Empty trash" confirmations say is lost. Pure, no zod. */
import type { TrashEntry } from '../../src-shared/drafts/summary.js';
import { isRecord } from '../../src-shared/drafts/retention.js';

const NAMED = 5;

/** “A”, “B” and “C” (at most five titles, then "and N more"). */
function titles(entries: readonly TrashEntry[]): string {
  const named = entries.slice(0, NAMED).map((entry) => `“${entry.title}”`);
  const more = entries.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${String(more)} more`;
  if (named.length === 1) return named[0] ?? '';
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1) ?? ''}`;
}

export interface PurgeQuestion {
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
}

/** The confirmation for deleting `entries` for good: what goes, how many, and which records go with them. */
export function purgeQuestion(entries: readonly TrashEntry[], all: boolean): PurgeQuestion {
  const records = entries.filter((entry) => isRecord(entry.state));
  const one = entries.length === 1;
  const what = one
    ? `${titles(entries)} will be deleted for good.`
    : `${String(entries.length)} drafts will be deleted for good: ${titles(entries)}.`;
  const recordText =
    records.length === 0
      ? ''
      : one
        ? ` It is a ${records[0]?.state ?? 'sent'} request${records[0]?.ticket === undefined ? '' : ` (ticket ${records[0].ticket})`}: the record of it (ticket reference, dates and history) goes too.`
        : ` ${String(records.length)} of them ${records.length === 1 ? 'is a sent, completed or withdrawn request' : 'are sent, completed or withdrawn requests'} (${titles(records)}): the record of ${records.length === 1 ? 'it' : 'them'} (ticket reference, dates and history) goes too.`;
  return {
    title: all ? 'Empty the trash?' : `Delete ${one ? titles(entries) : 'these drafts'} forever?`,
    message: `${what}${recordText} This cannot be undone: nothing can restore ${one ? 'it' : 'them'}.`,
    confirmLabel: all ? 'Empty trash' : 'Delete forever',
  };
}

/**
 * Why Empty trash or Delete forever deleted nothing when the trash changed elsewhere: which of the
 * `chosen` entries the trash, read again (`now`), no longer holds; undefined when it still holds them all.
 */
export function goneFromTrash(chosen: readonly TrashEntry[], now: readonly TrashEntry[]): string | undefined {
  const held = new Set(now.map((entry) => entry.id));
  const gone = chosen.filter((entry) => !held.has(entry.id));
  if (gone.length === 0) return undefined;
  return `${titles(gone)} ${gone.length === 1 ? 'is' : 'are'} no longer in the trash (restored or deleted elsewhere meanwhile). The trash shows what it holds now.`;
}
