/**
 * A draft: the guided form's content, which may be incomplete or invalid, plus where the user was.
 * Drafts are what the vault stores; `requestFromDraft` turns one into a request file for the rules.
 * Plain functions only (the zod schemas are in draft-schema.ts), so the renderer bundle carries no zod.
 */
import { REQUEST_FORMAT, REQUEST_VERSION } from '../request/constants.js';
import { FIELDS, FIELD_NAMES, type FieldName, type FieldSpec, type KeysField } from '../request/fields.js';
import { REALMS, isRealmId } from '../request/realms.js';
import type { DraftRequest } from './draft-schema.js';
import type { TicketInput } from '../request/render.js';

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

export { STEP_IDS, type StepId } from './step-ids.js';

export const DRAFT_FORMAT = 'cmk-rekey/draft';
/** The version of the draft document this app writes (older ones are migrated on read). */
export const DRAFT_VERSION = 3;

/** How many key pairs a draft keeps from earlier realm choices (main refuses a save with more). */
export const MAX_KEYS_SET_ASIDE = 16;

/** The "Before you start" checklist's items (the Start step shows them). */
export const CHECKLIST_IDS = ['new-keys-ready', 'old-keys-kept', 'backups', 'all-apps'] as const;
export type ChecklistId = (typeof CHECKLIST_IDS)[number];

/** A draft with nothing filled in: every registry field empty. */
export function emptyDraftRequest(): DraftRequest {
  const draft: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const kind = FIELDS[name].kind;
    draft[name] = kind === 'list' || kind === 'keys' ? [] : '';
  }
  return draft as unknown as DraftRequest;
}

/** The text of the request file a draft stands for, as Save writes it and as "sent" freezes it. */
export function requestFileText(draft: DraftRequest): string {
  return JSON.stringify(requestFromDraft(draft), null, 2) + '\n';
}

/** The request file a draft stands for: empty optional fields left out, everything else kept for the rules. */
export function requestFromDraft(draft: DraftRequest): Record<string, unknown> {
  const request: Record<string, unknown> = { format: REQUEST_FORMAT, version: REQUEST_VERSION };
  for (const name of FIELD_NAMES) {
    const spec = FIELDS[name];
    const value = draft[name];
    if (spec.kind === 'list') {
      const entries = (value as string[]).filter((entry) => entry.trim() !== '');
      if (entries.length > 0) request[name] = entries;
    } else if (!spec.optional || (value as string).trim() !== '') {
      request[name] = value;
    }
  }
  return request;
}

/**
 * What the ticket shows for a draft: the request the rules judge, so that it carries no blank row or
 * blank optional value that the form keeps while editing and the rules leave out.
 */
export function ticketInputOf(draft: DraftRequest): TicketInput {
  return requestFromDraft(draft);
}

function pick(record: Record<string, unknown>, field: string): string {
  const value = record[field];
  return typeof value === 'string' ? value : '';
}

function pickList(record: Record<string, unknown>, field: string): string[] {
  const value = record[field];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

function pickKeys(record: Record<string, unknown>, spec: KeysField): DraftRequest['keys'] {
  const keys = Array.isArray(record['keys']) ? record['keys'] : [];
  return Array.from(keys.slice(0, spec.draftMaxItems), (pair: unknown) => {
    const entry = typeof pair === 'object' && pair !== null ? (pair as Record<string, unknown>) : {};
    return {
      oldKeyArn: pick(entry, 'oldKeyArn').slice(0, spec.draftEntryMax),
      newKeyArn: pick(entry, 'newKeyArn').slice(0, spec.draftEntryMax),
    };
  });
}

/** Loads what a request file holds into the form; values of the wrong type are dropped, never thrown on. */
export function draftFromRequest(record: Record<string, unknown>): DraftRequest {
  const draft: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const spec: FieldSpec = FIELDS[name];
    switch (spec.kind) {
      case 'text':
        draft[name] = pick(record, name).slice(0, spec.draftMax);
        break;
      case 'choice': {
        const value = pick(record, name);
        draft[name] = spec.choices.includes(value) ? value : '';
        break;
      }
      case 'list':
        draft[name] = pickList(record, name)
          .slice(0, spec.draftMaxItems)
          .map((entry) => entry.slice(0, spec.draftEntryMax));
        break;
      case 'keys':
        draft[name] = pickKeys(record, spec);
        break;
    }
  }
  return draft as unknown as DraftRequest;
}

function sameStrings(value: unknown, loaded: readonly string[]): boolean {
  return (
    Array.isArray(value) && value.length === loaded.length && value.every((entry, at) => entry === loaded[at])
  );
}

function samePairs(value: unknown, loaded: DraftRequest['keys']): boolean {
  return (
    Array.isArray(value) &&
    value.length === loaded.length &&
    value.every((pair: unknown, at) => {
      if (typeof pair !== 'object' || pair === null || Array.isArray(pair)) return false;
      const entry = pair as Record<string, unknown>;
      const kept = loaded[at];
      return (
        kept !== undefined &&
        Object.keys(entry).every((name) => name === 'oldKeyArn' || name === 'newKeyArn') &&
        (entry['oldKeyArn'] ?? '') === kept.oldKeyArn &&
        (entry['newKeyArn'] ?? '') === kept.newKeyArn
      );
    })
  );
}

/**
 * More key pairs than the draft's realm has regions. The form keeps one pair per region in the request
 * and sets the others aside (src-renderer/lib/key-slots.ts), so not all of a request file's pairs would
 * reach the ticket, nor a plain Save of that file.
 */
function pairsBeyondRealm(draft: DraftRequest): boolean {
  return isRealmId(draft.realm) && draft.keys.length > REALMS[draft.realm].regions.length;
}

/**
 * The fields of a request file the form took as written but leaves out of the request it judges: empty
 * optional values, empty lists and blank list entries (requestFromDraft). `cmk-rekey check` refuses the
 * file as written for them while the form says nothing, so the user must be told.
 */
export function tidiedFields(record: Record<string, unknown>, draft: DraftRequest): string[] {
  const request = requestFromDraft(draft);
  const notLoaded = notLoadedFields(record, draft);
  return Object.keys(record).filter(
    (name) =>
      Object.hasOwn(FIELDS, name) &&
      FIELDS[name as FieldName].kind !== 'keys' &&
      !notLoaded.includes(name) &&
      JSON.stringify(record[name]) !== JSON.stringify(request[name]),
  );
}

/**
 * The fields of a request file that `draftFromRequest` did not take as written (unknown fields, values of
 * the wrong type, choices the form does not offer, text or lists beyond the draft's limits, key pairs with
 * other members, more key pairs than the realm has regions), in the file's order: the form cannot show
 * them, so the user must be told.
 */
export function notLoadedFields(record: Record<string, unknown>, draft: DraftRequest): string[] {
  return Object.keys(record).filter((name) => {
    if (name === 'format' || name === 'version') return false;
    if (!Object.hasOwn(FIELDS, name)) return true;
    const field = name as FieldName;
    const value = record[field];
    switch (FIELDS[field].kind) {
      case 'text':
      case 'choice':
        return value !== draft[field];
      case 'list':
        return !sameStrings(value, draft[field] as string[]);
      case 'keys':
        return !samePairs(value, draft.keys) || pairsBeyondRealm(draft);
    }
  });
}
