/** The drafts vault's part of the IPC contract (merged into CONTRACT in contract.ts). */
import { z } from 'zod';
import { DraftDocumentSchema, DraftRequestSchema } from '../drafts/draft-schema.js';
import { DRAFT_STATES } from '../drafts/draft-schema.js';
import { MAX_RETENTION_DAYS } from '../drafts/retention.js';
import { DraftSummarySchema, TrashEntrySchema } from '../drafts/summary.js';
import type { ContractEntry } from './contract.js';

export const VAULT_STATES = ['none', 'locked', 'unlocked'] as const;
export const MAX_AUTO_LOCK_MINUTES = 240;

export const VaultStatusSchema = z.strictObject({
  /** `none`: no vault in the folder yet (offer to create one). */
  state: z.enum(VAULT_STATES),
  folder: z.string().max(4096),
  /**
   * With `none`: the folder the user or the organization chose is not there at all (a network share not
   * connected, a drive not plugged in), so "no vault yet" may be wrong. Absent for the default folder, which
   * a first run makes.
   */
  folderMissing: z.boolean().optional(),
  /**
   * With `none`: the settings file is there but damaged, so the folder is the default one and may not be
   * where the user's drafts are. Absent when the settings read as they should.
   */
  settingsDamaged: z.boolean().optional(),
  /** Saving works after a first unlock in this session, even while locked again (autosave). */
  canSave: z.boolean(),
  /** Minutes without input before the vault locks itself; 0 turns auto-lock off. */
  autoLockMinutes: z.number().int().min(0).max(MAX_AUTO_LOCK_MINUTES),
  /** Drafts leave the trash this many days after they were deleted (never sent requests); 0: off. */
  trashRetentionDays: z.number().int().min(0).max(MAX_RETENTION_DAYS),
  /** The vault's own age recipient, and any extra ones (e.g. a compliance team's). */
  recipient: z.string().max(200),
  extraRecipients: z.array(z.string().max(200)).max(20),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

const Passphrase = z.string().min(1).max(1024);
/**
 * Bounded against abuse only: main checks each key and the count (at most 20) and says in words what is
 * wrong, where a tighter bound here answered a pasted SSH key with "Invalid … argument at recipients.0".
 */
const PastedRecipients = z.array(z.string().max(4096)).max(100);
const DraftId = DraftSummarySchema.shape.id;
const Empty = z.strictObject({});
const SiteText = z.string().max(2000);
const ZoneText = z.string().max(100);
const SiteZone = z.strictObject({ timeZone: ZoneText });
const SavedFile = z.strictObject({ fileName: z.string().min(1).max(255) });
const Recipients = z.array(z.string().max(200)).max(40);

const PurgedDraftSchema = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{32}$/u),
  title: z.string().max(200),
  state: z.enum(DRAFT_STATES),
  deletedAt: z.iso.datetime(),
});

/** What a purge deleted for good, and the sent, completed or withdrawn requests it left (automatic purge). */
export const PurgeReportSchema = z.strictObject({
  removed: z.array(PurgedDraftSchema),
  kept: z.array(PurgedDraftSchema),
});

export const VAULT_CONTRACT = {
  vaultStatus: { arg: Empty, result: VaultStatusSchema },
  vaultCreate: {
    arg: z.strictObject({ passphrase: Passphrase, recipients: PastedRecipients }),
    result: VaultStatusSchema,
  },
  vaultUnlock: { arg: z.strictObject({ passphrase: Passphrase }), result: VaultStatusSchema },
  vaultLock: { arg: Empty, result: VaultStatusSchema },
  vaultChangePassphrase: {
    arg: z.strictObject({ current: Passphrase, next: Passphrase }),
    result: VaultStatusSchema,
  },
  /** 0 turns the automatic purge off. */
  vaultSetTrashRetention: {
    arg: z.strictObject({ days: z.number().int().min(0).max(MAX_RETENTION_DAYS) }),
    result: VaultStatusSchema,
  },
  vaultSetAutoLock: {
    arg: z.strictObject({ minutes: z.number().int().min(0).max(MAX_AUTO_LOCK_MINUTES) }),
    result: VaultStatusSchema,
  },
  /** Needs the passphrase again: a compromised renderer alone cannot add a recipient of its own. */
  vaultSetRecipients: {
    arg: z.strictObject({ passphrase: Passphrase, recipients: PastedRecipients }),
    result: VaultStatusSchema,
  },
  /**
   * The maintenance window's timezone the user last chose for a site (a per-user setting, so every draft
   * of that site gets it back); '' when none. Setting '' forgets it.
   */
  siteTimeZone: { arg: z.strictObject({ site: SiteText }), result: SiteZone },
  siteTimeZoneSet: { arg: z.strictObject({ site: SiteText, timeZone: ZoneText }), result: SiteZone },
  /** Shows a folder dialog and switches to the vault there (or to "none" if it has none yet). */
  vaultChooseFolder: { arg: Empty, result: VaultStatusSchema },
  draftsList: { arg: Empty, result: z.array(DraftSummarySchema) },
  draftsTrash: { arg: Empty, result: z.array(TrashEntrySchema) },
  draftNew: {
    arg: z.strictObject({ request: DraftRequestSchema.optional(), title: z.string().max(200).optional() }),
    result: DraftDocumentSchema,
  },
  draftLoad: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
  /**
   * A save of a sent, completed or withdrawn request is refused ('read-only') with the stored draft as its
   * `detail`, so the editor can show what happened to it elsewhere.
   */
  draftSave: {
    arg: z.strictObject({ draft: DraftDocumentSchema }),
    result: DraftDocumentSchema,
    refused: DraftDocumentSchema,
  },
  draftDuplicate: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
  draftRename: {
    arg: z.strictObject({ id: DraftId, title: z.string().min(1).max(200) }),
    result: DraftDocumentSchema,
  },
  draftDelete: { arg: z.strictObject({ id: DraftId }), result: Empty },
  draftRestore: { arg: z.strictObject({ id: DraftId }), result: Empty },
  /** Deletes drafts from the trash for good: these ids (each must be in the trash), or all of them. */
  draftsPurge: {
    arg: z.strictObject({ ids: z.array(DraftId).min(1).max(10_000).optional() }),
    result: PurgeReportSchema,
  },
  /** How many drafts are encrypted to another set of recipients than the current one. */
  draftsRecipients: {
    arg: Empty,
    result: z.strictObject({
      outdated: z.number().int().nonnegative(),
      missing: Recipients,
      extra: Recipients,
    }),
  },
  /** Re-encrypts up to `limit` of those drafts; called again until `remaining` is 0 (progress between). */
  draftsReencrypt: {
    arg: z.strictObject({ limit: z.number().int().min(1).max(1000) }),
    result: z.strictObject({
      reencrypted: z.number().int().nonnegative(),
      remaining: z.number().int().nonnegative(),
      skipped: z.number().int().nonnegative(),
    }),
  },
  /** Saves a draft as an `.age` file through a Save dialog. */
  draftExport: { arg: z.strictObject({ id: DraftId }), result: SavedFile },
  /** Imports an `.age` draft or a request `.json` through an Open dialog. */
  draftImport: { arg: Empty, result: DraftDocumentSchema },
  /** The user chose to trust a flagged (untrusted) file: it becomes a sealed draft. */
  draftAcceptFlagged: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
  draftDiscardFlagged: { arg: z.strictObject({ id: DraftId }), result: Empty },
  /**
   * Mark as sent: the ticket reference as typed; when (ISO 8601 with offset, default now); an optional name.
   * This and the next two, refused because the request is sent, completed or withdrawn already (elsewhere,
   * perhaps), carry the stored draft as the refusal's `detail`, as draftSave does.
   */
  draftMarkSent: {
    arg: z.strictObject({
      id: DraftId,
      ticket: z.string().max(1000),
      at: z.string().max(100).optional(),
      name: z.string().max(200).optional(),
    }),
    result: DraftDocumentSchema,
    refused: DraftDocumentSchema,
  },
  draftComplete: {
    arg: z.strictObject({
      id: DraftId,
      at: z.string().max(100).optional(),
      note: z.string().max(5000).optional(),
    }),
    result: DraftDocumentSchema,
    refused: DraftDocumentSchema,
  },
  draftWithdraw: {
    arg: z.strictObject({ id: DraftId, reason: z.string().max(5000) }),
    result: DraftDocumentSchema,
    refused: DraftDocumentSchema,
  },
  /** New revision of a sent request: an open copy linked to it. */
  draftRevise: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
} as const satisfies Record<string, ContractEntry>;
