/** The zod schemas of drafts: what main parses drafts from the renderer and the vault with. */
import { z } from 'zod';
import type { Impact, Timing } from '../request/constants.js';
import { AWS_REGIONS } from '../request/aws.js';
import { FIELDS, FIELD_NAMES, type FieldName, type FieldSpec } from '../request/fields.js';
import type { RealmId } from '../request/realms.js';
import { DRAFT_FORMAT, MAX_KEYS_SET_ASIDE, STEP_IDS } from './draft.js';
import { MAX_NOTE_LENGTH, MAX_TICKET_LENGTH } from './limits.js';

const text = (max: number) => z.string().max(max);

export const DraftKeyPairSchema = z.strictObject({
  oldKeyArn: text(FIELDS.keys.draftEntryMax),
  newKeyArn: text(FIELDS.keys.draftEntryMax),
});

/** A draft field: what the user may have typed so far, within generous limits (from the field registry). */
function draftField(spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'text':
      return text(spec.draftMax);
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]]).or(z.literal(''));
    case 'list':
      return z.array(text(spec.draftEntryMax)).max(spec.draftMaxItems);
    case 'keys':
      return z.array(DraftKeyPairSchema).max(spec.draftMaxItems);
  }
}

/** The draft's request: every registry field, all present (empty while not filled in). */
// A type, not an interface: the form indexes it by field name.
export type DraftRequest = {
  siteUrl: string;
  participants: string[];
  awsAccountId: string;
  impact: Impact | '';
  organizationId: string;
  realm: RealmId | '';
  keys: { oldKeyArn: string; newKeyArn: string }[];
  timing: Timing | '';
  workingHours: string;
  phone: string;
  attachments: string[];
  notes: string;
};

export const DraftRequestSchema = z.strictObject(
  Object.fromEntries(FIELD_NAMES.map((name) => [name, draftField(FIELDS[name])])) as Record<
    FieldName,
    z.ZodType
  >,
) as unknown as z.ZodType<DraftRequest, DraftRequest>;

/** What `aws kms describe-key` said about one key ARN, and when it was checked (KeyFacts in key-facts.ts). */
export const KeyCheckRecordSchema = z.strictObject({
  arn: text(500),
  checkedAt: z.iso.datetime(),
  facts: z.strictObject({
    arn: text(500),
    region: text(40),
    account: text(20),
    enabled: z.boolean(),
    keyState: text(40).optional(),
    keyUsage: text(40).optional(),
    keySpec: text(40).optional(),
    keyManager: text(40).optional(),
    multiRegion: z.boolean().optional(),
    deletionDate: text(60).optional(),
    creationDate: text(60).optional(),
  }),
});
export type KeyCheckRecord = z.infer<typeof KeyCheckRecordSchema>;

/** Where the user was, so a draft reopens at the same step and field. */
export const DraftPositionSchema = z.strictObject({ step: z.enum(STEP_IDS), field: text(200).optional() });
export type DraftPosition = z.infer<typeof DraftPositionSchema>;

const draftId = z.string().regex(/^[0-9a-f]{32}$/);

/** Version 1 of the draft document (read from older vaults, migrated on read; never written any more). */
export const DraftDocumentV1Schema = z.strictObject({
  format: z.literal(DRAFT_FORMAT),
  version: z.literal(1),
  id: draftId,
  title: text(200),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  request: DraftRequestSchema,
  position: DraftPositionSchema,
  /** Ticked items of the "Before you start" checklist. */
  checklist: z.array(text(100)).max(20),
});
export type DraftDocumentV1 = z.infer<typeof DraftDocumentV1Schema>;

/** A date and time with its UTC offset, as people and ISO 8601 write it: `2026-11-30T14:05:00+01:00`. */
export const zonedTime = z.iso.datetime({ offset: true });

/** Who did something: the operating system's user name, and a name they typed if they gave one. */
export const ActorSchema = z.strictObject({ user: text(200), name: text(200).optional() });
export type Actor = z.infer<typeof ActorSchema>;

/** Why a request was sent although the rules advise against it (recorded, never hidden). */
export const SEND_WARNINGS = ['has-errors', 'checklist-unticked'] as const;
export type SendWarning = (typeof SEND_WARNINGS)[number];

/** What was sent, frozen: shown read-only from then on. */
export const SentRecordSchema = z.strictObject({
  /** When it was sent, with the sender's UTC offset. */
  at: zonedTime,
  /** The Atlassian ticket reference exactly as typed (e.g. `ABC-123456` or the ticket's URL). */
  ticket: text(MAX_TICKET_LENGTH),
  by: ActorSchema,
  /** The ticket text (as rendered for pasting) and the request JSON at that moment. */
  ticketText: text(100_000),
  requestJson: text(100_000),
  warnings: z.array(z.enum(SEND_WARNINGS)).max(SEND_WARNINGS.length),
});
export type SentRecord = z.infer<typeof SentRecordSchema>;

export const CompletedRecordSchema = z.strictObject({
  at: zonedTime,
  note: text(MAX_NOTE_LENGTH),
  by: ActorSchema,
});
export type CompletedRecord = z.infer<typeof CompletedRecordSchema>;

export const WithdrawnRecordSchema = z.strictObject({
  at: zonedTime,
  reason: text(MAX_NOTE_LENGTH),
  by: ActorSchema,
});
export type WithdrawnRecord = z.infer<typeof WithdrawnRecordSchema>;

/** Stored lifecycle state; `draft` and `ready` are both `open` here (ready is computed from the rules). */
export const DRAFT_STATES = ['open', 'sent', 'completed', 'withdrawn'] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

export const HISTORY_EVENTS = ['created', 'edited', 'sent', 'completed', 'withdrawn', 'revised'] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

/**
 * One history entry. `prev` is the SHA-256 (hex) of the previous entry's canonical JSON (64 zeros for the
 * first), so a removed, reordered or altered entry breaks the chain; the draft's signature covers it all.
 */
export const HistoryEntrySchema = z.strictObject({
  at: zonedTime,
  by: ActorSchema,
  event: z.enum(HISTORY_EVENTS),
  /**
   * For `edited`: the names of the fields that changed (`title`, `request.siteUrl`, `checklist`…); for
   * `sent`: `checklist` when the sender confirmed the checklist as they sent it.
   */
  fields: z.array(text(100)).max(40).optional(),
  /** For `revised`: the other revision's draft id; for state changes, the ticket reference or reason. */
  detail: text(500).optional(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const MAX_HISTORY_ENTRIES = 5000;

/**
 * A key pair typed for a region the draft's realm does not have (after a realm change), kept with the
 * draft until the user moves it into a row or discards it; `region` is absent when it was never known.
 */
export const KeySetAsideSchema = z.strictObject({
  ...DraftKeyPairSchema.shape,
  region: z.enum(Object.keys(AWS_REGIONS) as [string, ...string[]]).optional(),
});
export type KeySetAside = z.infer<typeof KeySetAsideSchema>;

/** Version 2 of the draft document: version 1 plus its life after the form (still written, see DraftDocumentSchema). */
export const DraftDocumentV2Schema = z.strictObject({
  ...DraftDocumentV1Schema.shape,
  version: z.literal(2),
  state: z.enum(DRAFT_STATES),
  /** 1 for a new request; a New revision of a sent request counts on. */
  revision: z.number().int().min(1).max(10_000),
  /** The revision this one was made from. */
  previous: z.strictObject({ id: draftId, revision: z.number().int().min(1).max(10_000) }).optional(),
  sent: SentRecordSchema.optional(),
  completed: CompletedRecordSchema.optional(),
  withdrawn: WithdrawnRecordSchema.optional(),
  history: z.array(HistoryEntrySchema).max(MAX_HISTORY_ENTRIES),
  /** describe-key results per checked key ARN; absent when none (drafts without it parse as before). */
  keyChecks: z.array(KeyCheckRecordSchema).max(16).optional(),
});

/**
 * The draft document this app reads and writes (version 3): version 2 plus the key pairs kept from an
 * earlier realm choice. A draft without them is stored as version 2 (`storedDraft`), so older apps open it.
 */
export const DraftDocumentSchema = z.strictObject({
  ...DraftDocumentV2Schema.shape,
  version: z.literal(3),
  keysSetAside: z.array(KeySetAsideSchema).min(1).max(MAX_KEYS_SET_ASIDE).optional(),
});
export type DraftDocument = z.infer<typeof DraftDocumentSchema>;
