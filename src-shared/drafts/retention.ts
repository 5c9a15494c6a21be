/**
 * Deleting drafts from the trash for good: which ones (by id, by age), and the setting that does it by
 * itself ("remove drafts from the trash after N days"). A sent, completed or withdrawn request is the
 * record of what was asked of Atlassian: the automatic purge never removes it, only an explicit one.
 */
import { failure, ok, type Result } from '../ipc/result.js';
import type { DraftState } from './draft-schema.js';

/** Ten years: longer than any retention a team would set, short enough to catch a typo. */
export const MAX_RETENTION_DAYS = 3650;
export const RETENTION_DAYS_RANGE = { min: 1, max: MAX_RETENTION_DAYS } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A number of days as typed (CLI option, setting): a whole number from 1 to 3650, else a clear error. */
export function checkRetentionDays(value: unknown, what = 'The number of days'): Result<number> {
  const days = typeof value === 'string' && /^\s*\d+\s*$/u.test(value) ? Number(value) : value;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    const shown = typeof value === 'string' ? `"${value.slice(0, 20)}"` : String(value);
    return failure(
      'invalid-argument',
      `${what} must be a whole number from 1 to ${String(MAX_RETENTION_DAYS)}, not ${shown}.`,
    );
  }
  return ok(days);
}

/** Whether a draft in this state records a request's life (sent, completed, withdrawn). */
export function isRecord(state: DraftState): boolean {
  return state !== 'open';
}

/** Whether something deleted at `deletedAt` (ISO) has been in the trash for more than `days` days. */
export function olderThan(deletedAt: string, days: number, now: Date): boolean {
  return now.getTime() - Date.parse(deletedAt) > days * DAY_MS;
}

/** One draft deleted for good, or kept by the automatic purge (schema: PurgeReportSchema in the IPC contract). */
export interface PurgedDraft {
  readonly id: string;
  readonly title: string;
  readonly state: DraftState;
  readonly deletedAt: string;
}

export interface PurgeReport {
  readonly removed: PurgedDraft[];
  /** Sent, completed or withdrawn requests the automatic purge left in the trash. */
  readonly kept: PurgedDraft[];
}
