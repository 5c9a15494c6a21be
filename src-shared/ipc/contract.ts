/**
 * The IPC contract: one entry per channel, with the schema of its argument and of its result. Main
 * serves handlers from it (parsing every argument), the preload builds the renderer's API from it.
 */
import { z } from 'zod';
import { DraftRequestSchema } from '../drafts/draft-schema.js';
import { PolicyViewSchema } from '../policy/effective.js';
import { TICKET_FORMATS } from '../request/render.js';
import { ARCHIVE_CONTRACT } from './archive-contract.js';
import { VAULT_CONTRACT } from './vault-contract.js';

const FileNameSchema = z.string().min(1).max(255);

export const OpenedRequestSchema = z.strictObject({
  fileName: FileNameSchema,
  request: DraftRequestSchema,
  /** What of the file the form could not take as written, as a sentence for the user; empty if nothing. */
  notLoaded: z.string().max(2000),
  /** The empty values of the file the form left out (so check refuses the file, not the form), as a sentence; empty if none. */
  tidied: z.string().max(2000),
});

export const SavedFileSchema = z.strictObject({ fileName: FileNameSchema });

export const AppInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
});

/**
 * One channel: its argument's schema, its result's, and for a method whose refusal carries data (see
 * Failure's `detail`), that data's schema. Main parses the argument and checks both answers against them.
 */
export interface ContractEntry {
  readonly arg: z.ZodType;
  readonly result: z.ZodType;
  readonly refused?: z.ZodType;
}

export const CONTRACT = {
  /** Shows the Open dialog and reads a request file. */
  openRequest: { arg: z.strictObject({}), result: OpenedRequestSchema },
  /** Saves the form as a request file; `saveAs` asks for a new path even if the file has one. */
  saveRequest: {
    arg: z.strictObject({ request: DraftRequestSchema, saveAs: z.boolean() }),
    result: SavedFileSchema,
  },
  /** Renders the ticket and saves it through a Save dialog, with provenance (of the draft `draftId`) after it. */
  exportTicket: {
    arg: z.strictObject({
      request: DraftRequestSchema,
      format: z.enum(TICKET_FORMATS),
      draftId: z
        .string()
        .regex(/^[0-9a-f]{32}$/u)
        .optional(),
    }),
    result: SavedFileSchema,
  },
  /** Forgets the current file, so the next save asks where to save. */
  newRequest: { arg: z.strictObject({}), result: z.strictObject({}) },
  appInfo: { arg: z.strictObject({}), result: AppInfoSchema },
  /** The organization's policy: locked keys, restrictions, defaults, and its files' problems. */
  policyStatus: { arg: z.strictObject({}), result: PolicyViewSchema },
  ...VAULT_CONTRACT,
  ...ARCHIVE_CONTRACT,
} as const satisfies Record<string, ContractEntry>;

export type Contract = typeof CONTRACT;
export type Method = keyof Contract;
export type ArgOf<M extends Method> = z.input<Contract[M]['arg']>;
export type ResultOf<M extends Method> = z.output<Contract[M]['result']>;
/** What a refusal of method M carries (`detail`), for the methods whose entry names it; never for others. */
export type RefusedOf<M extends Method> = Contract[M] extends { refused: infer S extends z.ZodType }
  ? z.output<S>
  : never;

export const METHODS = Object.keys(CONTRACT) as Method[];

export { channelOf } from './channel.js';
