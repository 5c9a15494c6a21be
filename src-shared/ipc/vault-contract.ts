/** The drafts vault's part of the IPC contract (merged into CONTRACT in contract.ts). */
import { z } from 'zod';
import { DraftDocumentSchema, DraftRequestSchema } from '../drafts/draft-schema.js';
import { DraftSummarySchema, TrashEntrySchema } from '../drafts/summary.js';

export const VAULT_STATES = ['none', 'locked', 'unlocked'] as const;
export const MAX_AUTO_LOCK_MINUTES = 240;

export const VaultStatusSchema = z.strictObject({
  /** `none`: no vault in the folder yet (offer to create one). */
  state: z.enum(VAULT_STATES),
  folder: z.string().max(4096),
  /** Saving works after a first unlock in this session, even while locked again (autosave). */
  canSave: z.boolean(),
  /** Minutes without input before the vault locks itself; 0 turns auto-lock off. */
  autoLockMinutes: z.number().int().min(0).max(MAX_AUTO_LOCK_MINUTES),
  /** The vault's own age recipient, and any extra ones (e.g. a compliance team's). */
  recipient: z.string().max(200),
  extraRecipients: z.array(z.string().max(200)).max(20),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

const Passphrase = z.string().min(1).max(1024);
const DraftId = DraftSummarySchema.shape.id;
const Empty = z.strictObject({});
const SavedFile = z.strictObject({ fileName: z.string().min(1).max(255) });

export const VAULT_CONTRACT = {
  vaultStatus: { arg: Empty, result: VaultStatusSchema },
  vaultCreate: {
    arg: z.strictObject({ passphrase: Passphrase, recipients: z.array(z.string().max(200)).max(20) }),
    result: VaultStatusSchema,
  },
  vaultUnlock: { arg: z.strictObject({ passphrase: Passphrase }), result: VaultStatusSchema },
  vaultLock: { arg: Empty, result: VaultStatusSchema },
  vaultChangePassphrase: {
    arg: z.strictObject({ current: Passphrase, next: Passphrase }),
    result: VaultStatusSchema,
  },
  vaultSetAutoLock: {
    arg: z.strictObject({ minutes: z.number().int().min(0).max(MAX_AUTO_LOCK_MINUTES) }),
    result: VaultStatusSchema,
  },
  /** Needs the passphrase again: a compromised renderer alone cannot add a recipient of its own. */
  vaultSetRecipients: {
    arg: z.strictObject({ passphrase: Passphrase, recipients: z.array(z.string().max(200)).max(20) }),
    result: VaultStatusSchema,
  },
  /** Shows a folder dialog and switches to the vault there (or to "none" if it has none yet). */
  vaultChooseFolder: { arg: Empty, result: VaultStatusSchema },
  draftsList: { arg: Empty, result: z.array(DraftSummarySchema) },
  draftsTrash: { arg: Empty, result: z.array(TrashEntrySchema) },
  draftNew: {
    arg: z.strictObject({ request: DraftRequestSchema.optional(), title: z.string().max(200).optional() }),
    result: DraftDocumentSchema,
  },
  draftLoad: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
  draftSave: { arg: z.strictObject({ draft: DraftDocumentSchema }), result: DraftDocumentSchema },
  draftDuplicate: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
  draftRename: {
    arg: z.strictObject({ id: DraftId, title: z.string().min(1).max(200) }),
    result: DraftDocumentSchema,
  },
  draftDelete: { arg: z.strictObject({ id: DraftId }), result: Empty },
  draftRestore: { arg: z.strictObject({ id: DraftId }), result: Empty },
  /** Saves a draft as an `.age` file through a Save dialog. */
  draftExport: { arg: z.strictObject({ id: DraftId }), result: SavedFile },
  /** Imports an `.age` draft or a request `.json` through an Open dialog. */
  draftImport: { arg: Empty, result: DraftDocumentSchema },
  /** The user chose to trust a flagged (untrusted) file: it becomes a sealed draft. */
  draftAcceptFlagged: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
  draftDiscardFlagged: { arg: z.strictObject({ id: DraftId }), result: Empty },
  /** Mark as sent: the ticket reference as typed; when (ISO 8601 with offset, default now); an optional name. */
  draftMarkSent: {
    arg: z.strictObject({
      id: DraftId,
      ticket: z.string().max(1000),
      at: z.string().max(100).optional(),
      name: z.string().max(200).optional(),
    }),
    result: DraftDocumentSchema,
  },
  draftComplete: {
    arg: z.strictObject({
      id: DraftId,
      at: z.string().max(100).optional(),
      note: z.string().max(5000).optional(),
    }),
    result: DraftDocumentSchema,
  },
  draftWithdraw: {
    arg: z.strictObject({ id: DraftId, reason: z.string().max(5000) }),
    result: DraftDocumentSchema,
  },
  /** New revision of a sent request: an open copy linked to it. */
  draftRevise: { arg: z.strictObject({ id: DraftId }), result: DraftDocumentSchema },
} as const satisfies Record<string, { arg: z.ZodType; result: z.ZodType }>;
