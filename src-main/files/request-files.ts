/** Request files and ticket exports, behind native dialogs: the renderer never names a path. */
import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  draftFromRequest,
  notLoadedFields,
  requestFileText,
  requestFromDraft,
  ticketInputOf,
  tidiedFields,
  type DraftRequest,
} from '../../src-shared/drafts/draft.js';
import type { ArgOf, ResultOf } from '../../src-shared/ipc/contract.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { render, type TicketFormat } from '../../src-shared/request/render.js';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import { validateRequest } from '../../src-shared/request/validate.js';
import type { KeyCheckEvidence } from '../../src-shared/request/key-check-rules.js';
import { withProvenance, type Provenance } from '../drafts/record-export.js';
import { noPolicy, type Policy } from '../policy/policy.js';
import { UnconfirmedWriteError, removeStaleTempFilesOf, writeFileAtomic } from './atomic-write.js';
import { errnoCode, reasonFor } from './safe-fs.js';
import { otherFileKind, type OtherFileKind } from './other-file-kind.js';
import { readRequestFile } from './read-request.js';

export interface FileFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

/** The native dialogs, injectable so the services run outside Electron (tests, end-to-end harness). */
export interface Dialogs {
  chooseOpenPath(options: { title: string; filters: readonly FileFilter[] }): Promise<string | undefined>;
  chooseSavePath(options: {
    title: string;
    defaultName: string;
    filters: readonly FileFilter[];
  }): Promise<string | undefined>;
  chooseFolderPath(options: { title: string }): Promise<string | undefined>;
}

/** What to do instead, for a file that is not a request, in the app's words. */
const OTHER_FILE_HINTS: Readonly<Record<OtherFileKind, string>> = {
  age: 'This is an encrypted draft (.age), not a request file. Bring it in with Import… on the Drafts screen.',
  draft:
    'This is a CMK Rekey draft as a vault stores it, not a request file. Open drafts from the Drafts screen; Save writes a request file.',
  ticket:
    'This is an exported ticket, not a request file: it holds the ticket to paste, not the request. Open the request file you saved with Save, or the draft on the Drafts screen.',
};

/** How many names of fields not loaded from a request file the notice lists. */
const MAX_NOT_LOADED_NAMES = 10;

/** The notice's sentence about the fields a request file had that the form could not take as written. */
function notLoadedText(names: readonly string[], fileName: string): string {
  if (names.length === 0) return '';
  const more = names.length - MAX_NOT_LOADED_NAMES;
  const listed = names.slice(0, MAX_NOT_LOADED_NAMES).map((name) => escapeUnsafe(name).slice(0, 80));
  return `Not loaded, because the form cannot hold them as written: ${listed.join(', ')}${more > 0 ? ` and ${String(more)} more` : ''}. Check them in the file; Save asks for a new file name, so ${fileName} keeps them.`;
}

/** What the form left out of a field it took from a request file (tidiedFields), in words. */
function tidiedPart(name: string, value: unknown): string {
  if (!Array.isArray(value)) return `${name} (empty)`;
  if (value.length === 0) return `${name} (an empty list)`;
  const blank = value.filter((entry) => typeof entry === 'string' && entry.trim() === '').length;
  return `${name} (${String(blank)} blank ${blank === 1 ? 'entry' : 'entries'})`;
}

/**
 * The notice's sentence about the empty values the form left out of a request file: the form judges the
 * request without them, `cmk-rekey check` the file with them, so the two verdicts differ until it is saved.
 */
function tidiedText(record: Record<string, unknown>, names: readonly string[], fileName: string): string {
  if (names.length === 0) return '';
  const listed = names.map((name) => tidiedPart(escapeUnsafe(name), record[name]));
  return `The form left out what is empty in ${fileName}: ${listed.join(', ')}. "cmk-rekey check" refuses the file as written for that; Save writes the request without it.`;
}

const REQUEST_FILTERS: readonly FileFilter[] = [{ name: 'CMK Rekey request', extensions: ['json'] }];
const TICKET_FILES: Readonly<Record<TicketFormat, { extension: string; filter: FileFilter }>> = {
  text: { extension: 'txt', filter: { name: 'Text', extensions: ['txt'] } },
  markdown: { extension: 'md', filter: { name: 'Markdown', extensions: ['md'] } },
  json: { extension: 'json', filter: { name: 'JSON', extensions: ['json'] } },
};

function baseName(draft: DraftRequest, kind: string): string {
  const account = /^[0-9]{12}$/.test(draft.awsAccountId) ? `-${draft.awsAccountId}` : '';
  return `cmk-re-encryption${account}${kind}`;
}

/** Where else a failed write can go: Save writes its last file again, Export asks for one each time. */
const ELSEWHERE = { Save: 'use Save as… to choose another folder', Export: 'export to another folder' };

/** A write that failed, in words: why, whether the old file is still there, and what to do. */
function writeFailure(error: unknown, action: keyof typeof ELSEWHERE): Result<never> {
  // The temp file is made beside the target: ENOENT can only mean its folder.
  const reason =
    errnoCode(error) === 'ENOENT'
      ? 'its folder does not exist (ENOENT)'
      : reasonFor(error, { advice: false });
  if (error instanceof UnconfirmedWriteError)
    return failure(
      'io',
      `The file was written, but the disk did not confirm that it is stored (${reason}). ${action} again to be sure.`,
    );
  return failure(
    'io',
    `The file could not be saved: ${reason}. Nothing was overwritten. Try again, or ${ELSEWHERE[action]}.`,
  );
}

/**
 * Writes a file the user chose, atomically. Over a link, the file it points to (a link on a share stays a
 * link); over a file, with that file's permissions (0644 for a new one); never over a read-only file.
 */
async function writeChosenFile(
  chosen: string,
  data: string,
  action: keyof typeof ELSEWHERE,
): Promise<Result<void>> {
  const path = await realpath(chosen).catch(() => chosen);
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && (existing.mode & 0o222) === 0)
    return failure(
      'io',
      `${basename(chosen)} is read-only. Nothing was overwritten; ${ELSEWHERE[action]}, or another name.`,
    );
  try {
    await writeFileAtomic(path, data, { mode: existing === undefined ? 0o644 : existing.mode & 0o777 });
    await removeStaleTempFilesOf(path);
    return ok(undefined);
  } catch (error) {
    return writeFailure(error, action);
  }
}

export class RequestFiles {
  /** The file the current form was opened from or last saved to; set only from dialogs. */
  private currentPath: string | undefined;

  constructor(
    private readonly dialogs: Dialogs,
    private readonly policy: Policy = noPolicy(),
  ) {}

  /** Refuses unencrypted files when the organization's policy forbids them. */
  private refusePlaintext(): Result<never> | undefined {
    return this.policy.plaintextExportsAllowed
      ? undefined
      : failure(
          'forbidden',
          'Your organization does not allow unencrypted exports; the request stays in the encrypted drafts vault.',
        );
  }

  async openRequest(): Promise<Result<ResultOf<'openRequest'>>> {
    const path = await this.dialogs.chooseOpenPath({
      title: 'Open a re-encryption request',
      filters: REQUEST_FILTERS,
    });
    if (path === undefined) return failure('cancelled', 'No file was opened.');
    const read = await readRequestFile(path);
    if (!read.ok) {
      const kind = read.code === 'not-found' ? undefined : await otherFileKind(path);
      return failure(
        read.code,
        `${basename(path)}: ${kind === undefined ? read.message : OTHER_FILE_HINTS[kind]}`,
      );
    }
    const request = draftFromRequest(read.value);
    const notLoaded = notLoadedFields(read.value, request);
    // A plain Save would write the file back without what was not loaded: it asks for a file instead.
    this.currentPath = notLoaded.length === 0 ? path : undefined;
    return ok({
      fileName: basename(path),
      request,
      notLoaded: notLoadedText(notLoaded, basename(path)),
      tidied: tidiedText(read.value, tidiedFields(read.value, request), basename(path)),
    });
  }

  async saveRequest({ request, saveAs }: ArgOf<'saveRequest'>): Promise<Result<ResultOf<'saveRequest'>>> {
    const refused = this.refusePlaintext();
    if (refused !== undefined) return refused;
    let path = saveAs ? undefined : this.currentPath;
    path ??= await this.dialogs.chooseSavePath({
      title: 'Save the re-encryption request',
      defaultName: baseName(request, '.json'),
      filters: REQUEST_FILTERS,
    });
    if (path === undefined) return failure('cancelled', 'The request was not saved.');
    const written = await writeChosenFile(path, requestFileText(request), 'Save');
    if (!written.ok) return written;
    this.currentPath = path;
    return ok({ fileName: basename(path) });
  }

  /**
   * Saves the rendered ticket, with `provenance` as a footer apart from it when given, if the request passes
   * every rule the form applies: the policy's and those of the stored describe-key results (`keyChecks`).
   */
  async exportTicket(
    { request, format }: ArgOf<'exportTicket'>,
    provenance?: Provenance,
    keyChecks: readonly KeyCheckEvidence[] = [],
  ): Promise<Result<ResultOf<'exportTicket'>>> {
    const refused = this.refusePlaintext();
    if (refused !== undefined) return refused;
    const validation = validateRequest(requestFromDraft(request), { ...this.policy.requestRules, keyChecks });
    if (!validation.valid) {
      const count = validation.errors.length;
      return failure(
        'invalid-request',
        `Fix the ${String(count)} error${count === 1 ? '' : 's'} in the request before exporting the ticket.`,
      );
    }
    const file = TICKET_FILES[format];
    const path = await this.dialogs.chooseSavePath({
      title: 'Export the support ticket',
      defaultName: baseName(request, `-ticket.${file.extension}`),
      filters: [file.filter],
    });
    if (path === undefined) return failure('cancelled', 'The ticket was not exported.');
    const ticket = render(ticketInputOf(request), format);
    const written = await writeChosenFile(
      path,
      provenance === undefined ? ticket : withProvenance(ticket, format, provenance),
      'Export',
    );
    if (!written.ok) return written;
    return ok({ fileName: basename(path) });
  }

  newRequest(): Promise<Result<ResultOf<'newRequest'>>> {
    this.currentPath = undefined;
    return Promise.resolve(ok({}));
  }
}
