/** The archive's part of the IPC contract (merged into CONTRACT in contract.ts); only sealing writes. */
import { z } from 'zod';
import { DraftSummarySchema } from '../drafts/summary.js';
import { PackContentSchema, PackEntrySchema, PackVerdictSchema } from '../archive/pack-schema.js';

const Empty = z.strictObject({});
/** A pack is named by its folder's plain name inside the archive folder; never a path. */
export const PackNameSchema = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[^/\\]+$/)
  .refine((name) => name !== '.' && name !== '..', 'not a pack name');

export const ArchiveStatusSchema = z.strictObject({
  /** Empty until chosen in settings. */
  folder: z.string().max(4096),
  /** The auditor's own allowed-signers file (trust never comes from the packs); empty when none. */
  allowedSigners: z.string().max(4096),
});
export type ArchiveStatus = z.infer<typeof ArchiveStatusSchema>;

export const ARCHIVE_CONTRACT = {
  archiveStatus: { arg: Empty, result: ArchiveStatusSchema },
  /** Shows a folder dialog and makes the chosen folder the archive. */
  archiveChooseFolder: { arg: Empty, result: ArchiveStatusSchema },
  /** Shows an Open dialog for the allowed-signers file used to decide trust. */
  archiveChooseAllowedSigners: { arg: Empty, result: ArchiveStatusSchema },
  /**
   * Every entry of the archive folder, newest first, from the folder listing alone, and the listings of
   * the first `first` of them (the first screen, in the same round trip).
   */
  archiveNames: {
    arg: z.strictObject({ first: z.number().int().min(0).max(500) }),
    result: z.strictObject({
      names: z.array(PackNameSchema).max(1_000_000),
      entries: z.array(PackEntrySchema).max(500),
    }),
  },
  /** The listings of some packs, from bag-info.txt (the browser asks in batches: its first screen first). */
  archiveEntries: {
    arg: z.strictObject({ names: z.array(PackNameSchema).min(1).max(500) }),
    result: z.array(PackEntrySchema),
  },
  /** Verdicts for some packs (the browser asks in batches, in the background); cached while unchanged. */
  archiveVerify: {
    arg: z.strictObject({ names: z.array(PackNameSchema).min(1).max(200) }),
    result: z.array(PackVerdictSchema),
  },
  /** Seals a vault draft into the archive folder (the only channel that writes there: a new pack). */
  archiveSeal: {
    arg: z.strictObject({ id: DraftSummarySchema.shape.id }),
    result: z.strictObject({ name: z.string().max(300) }),
  },
  /** Saves a .zip of one pack where the user chooses in a Save dialog (never inside the archive's packs). */
  archiveZip: {
    arg: z.strictObject({ name: PackNameSchema }),
    result: z.strictObject({ path: z.string().max(4096) }),
  },
  /** One pack's record and ticket, read-only. */
  archiveOpen: { arg: z.strictObject({ name: PackNameSchema }), result: PackContentSchema },
} as const satisfies Record<string, { arg: z.ZodType; result: z.ZodType }>;
