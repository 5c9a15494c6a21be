/** Building draft documents: new ones, copies, and drafts made from imported content. */
import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';
import {
  DRAFT_FORMAT,
  DRAFT_VERSION,
  emptyDraftRequest,
  type DraftDocument,
  type DraftRequest,
} from '../../src-shared/drafts/draft.js';
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

/** Fields of a request file that a draft would keep only in part (longer text, more entries). */
function cutShort(record: Record<string, unknown>, request: DraftRequest): string[] {
  return Object.entries(request).flatMap(([field, kept]: [string, unknown]) => {
    const given = record[field];
    if (typeof given === 'string' && typeof kept === 'string' && given.length > kept.length)
      return [
        `${field} (${given.length.toLocaleString('en')} characters, a draft keeps ${kept.length.toLocaleString('en')})`,
      ];
    if (Array.isArray(given) && Array.isArray(kept)) {
      if (given.length > kept.length)
        return [`${field} (${String(given.length)} entries, a draft keeps ${String(kept.length)})`];
      const longer = given.some(
        (entry: unknown, at) => typeof entry === 'string' && entry.length > String(kept[at] ?? '').length,
      );
      if (longer) return [`${field} (an entry is too long)`];
    }
    return [];
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
  const draft = draftInJson(value);
  if (draft !== undefined) return ok(copyOf(draft, importedTitle(draft.title, draft.request, fileTitle)));
  const request = requestInJson(value);
  if (request !== undefined) {
    const cut = cutShort(value as Record<string, unknown>, request);
    if (cut.length > 0)
      return failure(
        'invalid-request',
        `${fileName} cannot be imported whole: ${cut.join('; ')}. Nothing was imported; shorten it first.`,
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
