/** Building draft documents: new ones, copies, and drafts made from imported content. */
import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';
import {
  DRAFT_FORMAT,
  DRAFT_VERSION,
  emptyDraftRequest,
  notLoadedFields,
  type DraftDocument,
  type DraftRequest,
} from '../../src-shared/drafts/draft.js';
import { FIELDS, type FieldName, type FieldSpec } from '../../src-shared/request/fields.js';
import { DraftDocumentSchema } from '../../src-shared/drafts/draft-schema.js';
import { MAX_TITLE_LENGTH, UNTITLED, autoTitle } from '../../src-shared/drafts/title.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { stripUnsafe } from '../../src-shared/text/safe-text.js';
import { draftInJson, requestInJson } from './envelope.js';

export const DRAFT_ID_PATTERN = /^[0-9a-f]{32}$/u;

export interface NewDraft {
  readonly title?: string;
  readonly request?: DraftRequest;
}

export function newDraftId(): string {
  return randomBytes(16).toString('hex');
}

function cleanTitle(title: string | undefined): string {
  const trimmed = stripUnsafe(title ?? '')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, MAX_TITLE_LENGTH);
  return trimmed === '' ? UNTITLED : trimmed;
}

export function makeDraft(init: NewDraft = {}, now = new Date().toISOString()): DraftDocument {
  return {
    format: DRAFT_FORMAT,
    version: DRAFT_VERSION,
    id: newDraftId(),
    title: cleanTitle(init.title),
    createdAt: now,
    updatedAt: now,
    request: init.request ?? emptyDraftRequest(),
    position: { step: 'start' },
    checklist: [],
    state: 'open',
    revision: 1,
    history: [],
  };
}

/**
 * A copy with a new id, new dates and "(copy)" after the title: a new open draft (revision 1, empty
 * history); the original's record, if it was sent, stays with the original. Key pairs kept from an
 * earlier realm choice are typed content, so the copy keeps them too (duplicate, import, trust).
 */
export function copyOf(draft: DraftDocument, title = `${draft.title} (copy)`): DraftDocument {
  const fresh = makeDraft({ title, request: structuredClone(draft.request) });
  const copy = { ...fresh, position: { ...draft.position }, checklist: [...draft.checklist] };
  return draft.keysSetAside === undefined
    ? copy
    : { ...copy, keysSetAside: structuredClone(draft.keysSetAside) };
}

/** Parses a draft the caller hands in; the failure names the first problem. */
export function parseDraft(value: unknown): Result<DraftDocument> {
  const parsed = DraftDocumentSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  return failure('invalid-argument', `This is not a valid draft${where}: ${issue?.message ?? 'invalid'}.`);
}

/** How a draft would cut a request file's text or list short (longer text, more entries), if it would. */
function cutShort(given: unknown, kept: unknown): string | undefined {
  if (typeof given === 'string' && typeof kept === 'string' && given.length > kept.length)
    return `(${given.length.toLocaleString('en')} characters, a draft keeps ${kept.length.toLocaleString('en')})`;
  if (Array.isArray(given) && Array.isArray(kept)) {
    if (given.length > kept.length)
      return `(${String(given.length)} entries, a draft keeps ${String(kept.length)})`;
    const longer = given.some(
      (entry: unknown, at) => typeof entry === 'string' && entry.length > String(kept[at] ?? '').length,
    );
    if (longer) return '(an entry is too long)';
  }
  return undefined;
}

/**
 * What of a request file a draft would not hold as written, each field with how it would be cut short
 * when that is why (a choice the form lacks, a value of the wrong type or an unknown field: its name).
 */
function notKept(record: Record<string, unknown>, request: DraftRequest): string[] {
  return notLoadedFields(record, request).map((name) => {
    const field = FIELDS[name as FieldName] as FieldSpec | undefined;
    const cut =
      field === undefined || field.kind === 'choice'
        ? undefined
        : cutShort(record[name], request[name as FieldName]);
    return cut === undefined ? name : `${name} ${cut}`;
  });
}

/**
 * An imported draft's title: the one it has, unless that says nothing (empty, "Untitled draft", the file's
 * name): then the request's own (site host · AWS account), else the file's name as before.
 */
function importedTitle(title: string, request: DraftRequest, fileTitle: string): string {
  const plain = title.trim();
  const says = plain !== '' && plain !== UNTITLED && plain !== fileTitle && !/\.(json|age)$/iu.test(plain);
  return says ? title : autoTitle(request) || plain || fileTitle;
}

/** A new draft from an imported file's JSON: a draft (sealed or not) or a request file. */
export function draftFromImport(value: unknown, fileName: string): Result<DraftDocument> {
  const fileTitle = basename(fileName, extname(fileName)).replace(/\.json$/u, '');
  const found = draftInJson(value);
  // Refused, not imported as what this app knows: the new draft would lose what the newer version added.
  if (found.kind === 'newer')
    return failure(
      'unsupported-version',
      `${fileName} cannot be imported: ${found.message} Nothing was imported.`,
    );
  if (found.kind === 'draft') {
    const { draft } = found;
    return ok(copyOf(draft, importedTitle(draft.title, draft.request, fileTitle)));
  }
  const request = requestInJson(value);
  if (request !== undefined) {
    // Imported as written or not at all (Open… in the app loads what it can and names the rest).
    const left = notKept(value as Record<string, unknown>, request);
    if (left.length > 0)
      return failure(
        'invalid-request',
        `${fileName} cannot be imported as written: ${left.join('; ')}. Nothing was imported; fix the file first ("cmk-rekey check" says what is wrong with each field).`,
      );
    return ok(makeDraft({ title: importedTitle('', request, fileTitle), request }));
  }
  return failure('not-a-request', `${fileName} holds neither a CMK Rekey draft nor a request.`);
}

/** Same, from a decrypted file's text. */
export function draftFromImportText(text: string, fileName: string): Result<DraftDocument> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return failure('not-json', `${fileName} decrypts, but does not hold JSON.`);
  }
  return draftFromImport(value, fileName);
}
