/** The zod schemas of drafts: what main parses drafts from the renderer and the vault with. */
import { z } from 'zod';
import { IMPACTS, TIMINGS } from '../request/constants.js';
import { REALM_IDS } from '../request/realms.js';
import { DRAFT_FORMAT, STEP_IDS } from './draft.js';

const text = (max: number) => z.string().max(max);

export const DraftKeyPairSchema = z.strictObject({ oldKeyArn: text(500), newKeyArn: text(500) });

export const DraftRequestSchema = z.strictObject({
  siteUrl: text(2000),
  participants: z.array(text(320)).max(50),
  awsAccountId: text(100),
  impact: z.enum(IMPACTS).or(z.literal('')),
  organizationId: text(500),
  realm: z.enum(REALM_IDS).or(z.literal('')),
  keys: z.array(DraftKeyPairSchema).max(4),
  timing: z.enum(TIMINGS).or(z.literal('')),
  workingHours: text(1000),
  phone: text(200),
  attachments: z.array(text(1000)).max(50),
  notes: text(20000),
});
export type DraftRequest = z.infer<typeof DraftRequestSchema>;

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
