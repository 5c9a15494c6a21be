/**
 * A draft's history: hash-chained entries (each holds the SHA-256 of the previous entry's canonical JSON;
 * the first holds 64 zeros). The draft's signature covers the whole chain, so a removed, reordered or
 * altered entry is detected twice over: the chain breaks, and the signature no longer matches.
 */
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Actor, DraftDocument, HistoryEntry } from '../../src-shared/drafts/draft.js';
import { MAX_HISTORY_ENTRIES } from '../../src-shared/drafts/draft-schema.js';
import type { LifeEvent } from '../../src-shared/drafts/life.js';
import { localIso as localNow } from '../../src-shared/text/zoned-time.js';
import { canonicalJson } from '../../src-shared/text/canonical-json.js';

export const CHAIN_START = '0'.repeat(64);

export function entryHash(entry: HistoryEntry): string {
  return createHash('sha256').update(canonicalJson(entry), 'utf8').digest('hex');
}

/** Now (or the moment given), written with this machine's UTC offset. */
export { localNow };

/** The operating system's user name (what "who" records), with an optional name the user typed. */
export function currentActor(name?: string): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username || 'unknown';
  } catch {
    // No user database entry (containers): recorded as unknown.
  }
  const typed = name?.replace(/\s+/gu, ' ').trim().slice(0, 200);
  return typed === undefined || typed === ''
    ? { user: user.slice(0, 200) }
    : { user: user.slice(0, 200), name: typed };
}

/** Edits by one user this close together are one entry (its fields merged, its time the latest). */
const EDIT_SESSION_MS = 10 * 60 * 1000;

function continuesEdit(last: HistoryEntry | undefined, event: LifeEvent, by: Actor, at: string): boolean {
  if (last?.event !== 'edited' || event.event !== 'edited') return false;
  if (last.by.user !== by.user || last.by.name !== by.name) return false;
  const gap = new Date(at).getTime() - new Date(last.at).getTime();
  return gap >= 0 && gap < EDIT_SESSION_MS;
}

/**
 * The draft with one more history entry for `event`. Autosave edits by the same user within ten minutes
 * amend the latest entry instead (it is the last one, so no later entry's link changes).
 */
export function appendHistory(
  draft: DraftDocument,
  event: LifeEvent,
  by: Actor,
  at = localNow(),
): DraftDocument {
  let last = draft.history.at(-1);
  let earlier = draft.history;
  if (last !== undefined && continuesEdit(last, event, by, at)) {
    event = { ...event, fields: [...new Set([...(last.fields ?? []), ...(event.fields ?? [])])] };
    earlier = draft.history.slice(0, -1);
    last = earlier.at(-1);
  }
  const entry: HistoryEntry = {
    at,
    by,
    event: event.event,
    ...(event.fields === undefined ? {} : { fields: event.fields.slice(0, 40) }),
    ...(event.detail === undefined ? {} : { detail: event.detail.slice(0, 500) }),
    prev: last === undefined ? CHAIN_START : entryHash(last),
  };
  const history = [...earlier, entry];
  if (history.length > MAX_HISTORY_ENTRIES) {
    throw new RangeError(`This draft's history has reached ${String(MAX_HISTORY_ENTRIES)} entries.`);
  }
  return { ...draft, history };
}

/** Where the chain breaks, in words; undefined when every entry links to the one before it. */
export function chainProblem(history: readonly HistoryEntry[]): string | undefined {
  let prev = CHAIN_START;
  for (const [index, entry] of history.entries()) {
    if (entry.prev !== prev) {
      return `its history chain is broken at entry ${String(index + 1)} of ${String(history.length)} (an entry before it was removed, reordered or altered)`;
    }
    prev = entryHash(entry);
  }
  return undefined;
}
