/**
 * `drafts purge`: deletes drafts from the vault's trash for good (chosen ids, `--all`, or those deleted
 * more than `--older-than DAYS` ago) and prints each one it removed. Part of the `drafts` command.
 */
import { checkRetentionDays, isRecord, type PurgedDraft } from '../../src-shared/drafts/retention.js';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import { localNow } from '../vault/history.js';
import type { PurgeSelection } from '../vault/vault.js';
import { EXIT, UsageError } from './io.js';
import type { RecordContext } from './record-commands.js';
import { draftId } from './usage.js';
import { POLICY_FILE_USAGE } from './workstation-policy.js';

export const PURGE_USAGE = `cmk-rekey drafts purge --vault DIR [<id>…|--all] [--older-than DAYS] [--passphrase-stdin] ${POLICY_FILE_USAGE}   # deletes from the trash for good`;

export const PURGE_OPTIONS = { all: { type: 'boolean' }, 'older-than': { type: 'string' } } as const;

function line(draft: PurgedDraft): string {
  const record = isRecord(draft.state) ? ` (${draft.state} request: its record is gone too)` : '';
  const title = escapeUnsafe(draft.title);
  return `Deleted ${draft.id} “${title}”, in the trash since ${localNow(new Date(draft.deletedAt))}${record}\n`;
}

/** Checks the arguments (before the passphrase is asked for) and turns them into a selection. */
function selection(ids: readonly string[], all: boolean, olderThan: string | undefined): PurgeSelection {
  if (all && ids.length > 0) throw new UsageError('give draft ids or --all, not both');
  if (!all && ids.length === 0 && olderThan === undefined)
    throw new UsageError(
      "name the drafts to delete for good (ids of drafts in the trash: the app's Trash screen lists them, and they name the files in the vault's trash/ folder), or --all, or --older-than DAYS",
    );
  for (const id of ids) draftId(id);
  let days: number | undefined;
  if (olderThan !== undefined) {
    const checked = checkRetentionDays(olderThan, '--older-than');
    if (!checked.ok) throw new UsageError(checked.message);
    days = checked.value;
  }
  return { ...(ids.length > 0 && { ids }), ...(days !== undefined && { olderThanDays: days }) };
}

export async function purgeCommand(
  ids: readonly string[],
  values: { readonly all?: boolean | undefined; readonly 'older-than'?: string | undefined },
  context: RecordContext,
): Promise<number> {
  const chosen = selection(ids, values.all === true, values['older-than']);
  return context.withVault(async (vault) => {
    const purged = await vault.purgeTrash(chosen);
    if (!purged.ok) return context.report(purged, vault.folder);
    for (const draft of purged.value.removed) context.io.stdout(line(draft));
    const count = purged.value.removed.length;
    context.io.stdout(
      count === 0
        ? 'Nothing was deleted: no draft in the trash matches.\n'
        : `Deleted ${String(count)} draft${count === 1 ? '' : 's'} for good.\n`,
    );
    return EXIT.ok;
  });
}
