/** Sealed evidence packs: the record a pack holds, and what the archive browser lists and shows. */
import { z } from 'zod';
import { HistoryEntrySchema } from '../drafts/draft-schema.js';
import { LIFE_STATUSES } from '../drafts/life.js';
import { MAX_NOTE_LENGTH } from '../drafts/limits.js';

export const PACK_RECORD_FORMAT = 'cmk-rekey/archive-record';
export const PACK_FORMAT_VERSION = 1;
export const VERDICTS = ['valid', 'tampered', 'unknown-signer', 'unverifiable'] as const;
export type Verdict = (typeof VERDICTS)[number];

const text = (max: number) => z.string().max(max);

/**
 * `value` cut to what `field` holds, less `reserve` characters for text shown beside it (the last kept
 * character an ellipsis): text read from an archive folder, which anyone may write to, must fit the
 * answer it goes into, or that whole answer would be refused.
 */
export function fit(value: string, field: z.ZodString, reserve = 0): string {
  const max = (field.maxLength ?? Infinity) - reserve;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
const optionalText = (max: number) => text(max).optional();

/** A moment as the vault records it (ISO 8601 with its offset). */
const TIME_MAX = 40;
/**
 * Sealing joins draft fields (seal-draft.ts): `sentBy` is "name (user)" and `withdrawnReason` is
 * "time: reason", so each may be longer than its parts; a genuine pack at the draft's limits must read.
 */
const ACTOR_TEXT_MAX = 200 + ' ('.length + 200 + ')'.length;
const WITHDRAWN_TEXT_MAX = TIME_MAX + ': '.length + MAX_NOTE_LENGTH;

/** `data/record.json`: the request's life as the vault knew it when the pack was sealed. */
export const PackRecordSchema = z.strictObject({
  format: z.literal(PACK_RECORD_FORMAT),
  version: z.literal(PACK_FORMAT_VERSION),
  draftId: z.string().regex(/^[0-9a-f]{32}$/),
  revision: z.number().int().min(1).max(10000),
  title: text(200),
  status: z.enum(LIFE_STATUSES),
  ticketRef: text(500),
  sentAt: optionalText(TIME_MAX),
  sentBy: optionalText(ACTOR_TEXT_MAX),
  completedAt: optionalText(TIME_MAX),
  completionNote: optionalText(MAX_NOTE_LENGTH),
  withdrawnReason: optionalText(WITHDRAWN_TEXT_MAX),
  /** The pack this one replaces (an earlier seal or revision of the same request). */
  supersedes: optionalText(200),
  /** Warnings the sender acknowledged (errors left in the request, checklist not ticked). */
  warnings: z.array(text(1000)).max(200),
  /** The draft's hash-chained history, as the vault stores it. */
  history: z.array(HistoryEntrySchema).max(10000),
});
export type PackRecord = z.infer<typeof PackRecordSchema>;

/** One pack as the archive browser lists it (from bag-info.txt; cheap to read for thousands). */
export const PackEntrySchema = z.strictObject({
  name: text(300),
  organizationId: text(500),
  site: text(2000),
  awsAccountId: text(100),
  realm: text(50),
  timing: text(50),
  status: text(20),
  ticketRef: text(500),
  sealedAt: text(40),
  signer: text(300),
  revision: text(10),
  draftId: text(40),
  supersedes: text(300),
  /** Set when the folder could not be read as a pack at all (its verdict says why). */
  unreadable: z.boolean(),
});
export type PackEntry = z.infer<typeof PackEntrySchema>;

export const PackVerdictSchema = z.strictObject({
  name: text(300),
  verdict: z.enum(VERDICTS),
  /** Empty when valid; otherwise which file or why. */
  reason: text(1000),
  /** The principal of the allowed-signers entry that trusts the key, or the key's fingerprint. */
  signer: text(300),
});
export type PackVerdict = z.infer<typeof PackVerdictSchema>;

/** A pack opened read-only: its record and the ticket exactly as sent. */
export const PackContentSchema = z.strictObject({
  name: text(300),
  record: PackRecordSchema,
  request: z.record(z.string(), z.unknown()),
  ticketText: text(200_000),
  bagInfo: z.array(z.tuple([text(200), text(4000)])).max(100),
});
export type PackContent = z.infer<typeof PackContentSchema>;
