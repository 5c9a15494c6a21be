/** How drafts read on screen: statuses, realms and dates. Pure functions, no zod. */
import type { DraftState } from '../../src-shared/drafts/draft.js';
import type { DraftStatus } from '../../src-shared/drafts/summary.js';
import { REALMS, isRealmId } from '../../src-shared/request/realms.js';
import { localIso } from '../../src-shared/text/zoned-time.js';

export const STATUS_LABELS: Readonly<Record<DraftStatus, string>> = {
  ready: 'Ready',
  'has-errors': 'Has errors',
  incomplete: 'Incomplete',
};

export const STATUS_HINTS: Readonly<Record<DraftStatus, string>> = {
  ready: 'Every field passes the checks: ready to send.',
  'has-errors': 'Something entered is wrong: open the draft to see what.',
  incomplete: 'Some required fields are still empty.',
};

export function realmLabel(realm: string): string {
  return isRealmId(realm) ? REALMS[realm].name : '';
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown';
  const seconds = Math.round((time - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** The exact local date and time, e.g. "Monday, 3 March 2025 at 14:05". */
export function exactTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long' }).format(time);
}

export const LIFE_LABELS: Readonly<Record<DraftState, string>> = {
  open: 'Open',
  sent: 'Sent',
  completed: 'Completed',
  withdrawn: 'Withdrawn',
};

/** A zoned time as stored (`2026-11-30T10:15:00+01:00`), shown with its offset: `2026-11-30 10:15 (UTC+01:00)`. */
export function zonedText(zoned: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2})$/u.exec(zoned);
  if (match === null) return zoned;
  const [, date = '', time = '', offset = ''] = match;
  return `${date} ${time} (UTC${offset === 'Z' ? '' : offset})`;
}

/** A stored UTC time in this machine's zone, with the offset: `2026-11-30 10:15 (UTC+01:00)`. */
export function localText(iso: string): string {
  return zonedText(localIso(new Date(iso)));
}
