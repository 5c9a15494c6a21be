/** The zod schemas of drafts: what main parses drafts from the renderer and the vault with. */
import { z } from 'zod';
import type { Impact, Timing } from '../request/constants.js';
import { FIELDS, FIELD_NAMES, type FieldName, type FieldSpec } from '../request/fields.js';
import type { RealmId } from '../request/realms.js';
import { DRAFT_FORMAT, STEP_IDS } from './draft.js';

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
  Object.fromEntries(FIELD_NAMES.map((name) => [name, draftField(FIELDS[name])])) as Record<FieldName, z.ZodType>,
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

export const DraftDocumentSchema = z.strictObject({
  format: z.literal(DRAFT_FORMAT),
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  title: text(200),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  request: DraftRequestSchema,
  position: DraftPositionSchema,
  /** Ticked items of the "Before you start" checklist. */
  checklist: z.array(text(100)).max(20),
  /** describe-key results per checked key ARN (optional: drafts written before it still parse). */
  keyChecks: z.array(KeyCheckRecordSchema).max(16).optional(),
});
export type DraftDocument = z.infer<typeof DraftDocumentSchema>;
