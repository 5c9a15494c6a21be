/**
 * Deleting drafts from the trash for good: chosen ones, all, or those deleted more than N days ago. Only
 * drafts the trash lists are removed (never a link, a file set aside or one of a newer app), so what the
 * user confirmed is exactly what goes. Part of the Vault class (vault.ts).
 */
import {
  checkRetentionDays,
  isRecord,
  olderThan,
  type PurgeReport,
  type PurgedDraft,
} from '../../src-shared/drafts/retention.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { removeRegularFile } from '../files/safe-fs.js';
import { DRAFT_ID_PATTERN } from './drafts.js';
import type { DraftStore, Reader } from './store.js';

export interface PurgeSelection {
  /** Only these drafts; each must be in the trash, else nothing is deleted. All when absent. */
  readonly ids?: readonly string[];
  /** Only drafts deleted more than this many days ago (1 to 3650). */
  readonly olderThanDays?: number;
  /** Leave sent, completed and withdrawn requests (the automatic purge does). */
  readonly keepRecords?: boolean;
  readonly now?: Date;
}

/** Refuses a selection with a malformed id or number of days, before anything is read. */
function checkSelection(selection: PurgeSelection): Result<void> {
  for (const id of selection.ids ?? []) {
    if (!DRAFT_ID_PATTERN.test(id))
      return failure('invalid-argument', `"${id.slice(0, 40)}" is not a draft id; nothing was deleted.`);
  }
  if (selection.olderThanDays !== undefined) {
    const days = checkRetentionDays(selection.olderThanDays);
    if (!days.ok) return days;
  }
  return ok(undefined);
}

export async function purgeTrash(
  reader: Reader & { readonly store: DraftStore },
  selection: PurgeSelection,
  changed: () => void,
): Promise<Result<PurgeReport>> {
  const checked = checkSelection(selection);
  if (!checked.ok) return checked;
  const scanned = await reader.store.scan(reader, 'trash');
  if (!scanned.ok) return scanned;
  const listed = new Map(
    scanned.value
      .filter((item) => item.summary.problem === undefined)
      .map((item) => [item.summary.id, { item, deletedAt: item.mtime.toISOString() }]),
  );
  const missing = (selection.ids ?? []).find((id) => !listed.has(id));
  if (missing !== undefined)
    return failure('not-found', `${missing} is not in the trash; nothing was deleted.`);
  const wanted = selection.ids === undefined ? [...listed.keys()] : [...new Set(selection.ids)];
  const now = selection.now ?? new Date();
  const removed: PurgedDraft[] = [];
  const kept: PurgedDraft[] = [];
  for (const id of wanted) {
    const found = listed.get(id);
    if (found === undefined) continue;
    const { item, deletedAt } = found;
    const { title, state } = item.summary;
    const entry = { id, title, state, deletedAt };
    const days = selection.olderThanDays;
    if (days !== undefined && !olderThan(deletedAt, days, now)) continue;
    if (selection.keepRecords === true && isRecord(state)) {
      kept.push(entry);
      continue;
    }
    const gone = await removeRegularFile(reader.store.path('trash', item.name));
    if (!gone.ok) {
      changed();
      return failure(
        gone.code,
        `${gone.message} ${String(removed.length)} draft(s) were deleted before this one.`,
      );
    }
    reader.index.delete(`trash/${item.name}`);
    removed.push(entry);
  }
  changed();
  return ok({ removed, kept });
}
