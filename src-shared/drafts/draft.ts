/**
 * A draft: the guided form's content, which may be incomplete or invalid, plus where the user was.
 * Drafts are what the vault stores; `requestFromDraft` turns one into a request file for the rules.
 * Plain functions only (the zod schemas are in draft-schema.ts), so the renderer bundle carries no zod.
 */
import { IMPACTS, REQUEST_FORMAT, REQUEST_VERSION, TIMINGS } from '../request/constants.js';
import { REALM_IDS } from '../request/realms.js';
import type { DraftRequest } from './draft-schema.js';

export type {
  Actor,
  CompletedRecord,
  DraftDocument,
  DraftPosition,
  DraftRequest,
  DraftState,
  HistoryEntry,
  HistoryEvent,
  SendWarning,
  SentRecord,
  WithdrawnRecord,
} from './draft-schema.js';

export const STEP_IDS = ['start', 'organization', 'account', 'keys', 'timing', 'review'] as const;
export type StepId = (typeof STEP_IDS)[number];

export const DRAFT_FORMAT = 'cmk-rekey/draft';
/** The version of the draft document this app writes (older ones are migrated on read). */
export const DRAFT_VERSION = 2;

/** The "Before you start" checklist's items (the Start step shows them). */
export const CHECKLIST_IDS = ['new-keys-ready', 'old-keys-kept', 'backups', 'all-apps'] as const;
export type ChecklistId = (typeof CHECKLIST_IDS)[number];

export function emptyDraftRequest(): DraftRequest {
  return {
    siteUrl: '',
    participants: [],
    awsAccountId: '',
    impact: '',
    organizationId: '',
    realm: '',
    keys: [],
    timing: '',
    workingHours: '',
    phone: '',
    attachments: [],
    notes: '',
  };
}

/** The request file a draft stands for: empty optional fields left out, everything else kept for the rules. */
export function requestFromDraft(draft: DraftRequest): Record<string, unknown> {
  const request: Record<string, unknown> = {
    format: REQUEST_FORMAT,
    version: REQUEST_VERSION,
    siteUrl: draft.siteUrl,
    awsAccountId: draft.awsAccountId,
    impact: draft.impact,
    organizationId: draft.organizationId,
    realm: draft.realm,
    keys: draft.keys,
    timing: draft.timing,
    workingHours: draft.workingHours,
  };
  const participants = draft.participants.filter((entry) => entry.trim() !== '');
  const attachments = draft.attachments.filter((entry) => entry.trim() !== '');
  if (participants.length > 0) request['participants'] = participants;
  if (draft.phone.trim() !== '') request['phone'] = draft.phone;
  if (attachments.length > 0) request['attachments'] = attachments;
  if (draft.notes.trim() !== '') request['notes'] = draft.notes;
  return request;
}

function pick(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

function pickList(record: Record<string, unknown>, field: string): string[] {
  const value = record[field];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function pickChoice<T extends string>(value: string, choices: readonly T[]): T | '' {
  return (choices as readonly string[]).includes(value) ? (value as T) : '';
}

/** Loads what a request file holds into the form; values of the wrong type are dropped, never thrown on. */
export function draftFromRequest(record: Record<string, unknown>): DraftRequest {
  const keys = Array.isArray(record['keys']) ? record['keys'] : [];
  return {
    siteUrl: pick(record, 'siteUrl').slice(0, 2000),
    participants: pickList(record, 'participants')
      .slice(0, 50)
      .map((entry) => entry.slice(0, 320)),
    awsAccountId: pick(record, 'awsAccountId').slice(0, 100),
    impact: pickChoice(pick(record, 'impact'), IMPACTS),
    organizationId: pick(record, 'organizationId').slice(0, 500),
    realm: pickChoice(pick(record, 'realm'), REALM_IDS),
    keys: Array.from(keys.slice(0, 4), (pair: unknown) => {
      const entry = typeof pair === 'object' && pair !== null ? (pair as Record<string, unknown>) : {};
      return {
        oldKeyArn: pick(entry, 'oldKeyArn').slice(0, 500),
        newKeyArn: pick(entry, 'newKeyArn').slice(0, 500),
      };
    }),
    timing: pickChoice(pick(record, 'timing'), TIMINGS),
    workingHours: pick(record, 'workingHours').slice(0, 1000),
    phone: pick(record, 'phone').slice(0, 200),
    attachments: pickList(record, 'attachments')
      .slice(0, 50)
      .map((entry) => entry.slice(0, 1000)),
    notes: pick(record, 'notes').slice(0, 20000),
  };
}
