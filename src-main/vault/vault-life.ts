/**
 * Opening drafts and everything that changes one: edits from the editor (only real changes are written,
 * with a history entry naming the fields), and the request's life after the form (sent, completed,
 * withdrawn, New revision). Part of the Vault class (vault.ts).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import {
  applyEdit,
  isFrozen,
  markCompleted,
  markSent,
  openContent,
  parseZonedTime,
  rebaseEdit,
  revise,
  withdraw,
  type LifeChange,
} from '../../src-shared/drafts/life.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { stripUnsafe } from '../../src-shared/text/safe-text.js';
import { entryKind } from '../files/safe-fs.js';
import { DRAFT_ID_PATTERN, newDraftId, parseDraft } from './drafts.js';
import { currentActor, localNow } from './history.js';
import { fingerprint } from './index-store.js';
import { VaultCore } from './vault-core.js';

export function badId(id: string): Result<never> {
  return failure('invalid-argument', `"${id.slice(0, 40)}" is not a draft id.`);
}

/** What the user typed for Mark as sent; `at` defaults to now. */
export interface SendRequest {
  readonly ticket: string;
  readonly at?: string | undefined;
  readonly name?: string | undefined;
  /** Refuse instead of recording warnings (the organization's policy `markSentRequiresReady`). */
  readonly requireReady?: boolean;
  /** The policy's rules on the request, so that its errors count as errors when sending. */
  readonly rules?: PolicyRules;
  /** The sender confirms the "Before you start" checklist now (the command line's --checklist-confirmed). */
  readonly checklistConfirmed?: boolean;
}

export interface CompleteRequest {
  readonly at?: string | undefined;
  readonly note?: string | undefined;
  readonly name?: string | undefined;
}

export interface WithdrawRequest {
  readonly reason: string;
  readonly name?: string | undefined;
}

function offsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}

/** A time the user typed (or now), with its offset; the failure names the field. */
export function timeOrNow(text: string | undefined, what: string): Result<string> {
  return text === undefined || text.trim() === ''
    ? ok(localNow())
    : parseZonedTime(text, offsetMinutes(), what);
}

/** How many versions of one draft are remembered as possible bases of an editor's next save. */
const BASES_KEPT = 8;

interface Version {
  /** The draft as the editor that has this version shows it (the stored one, except after a merge). */
  readonly view: DraftDocument;
  /** Written by this process (not read from a file another process wrote). */
  readonly ours: boolean;
}

export class VaultLife extends VaultCore {
  /**
   * The versions of each draft this process read or wrote, by `updatedAt`: an editor's save names the
   * version it was made on, so a save over another process's newer version keeps that version's changes.
   */
  private readonly versions = new Map<string, Map<string, Version>>();

  private remember(draft: DraftDocument, ours: boolean, view: DraftDocument = draft): void {
    const versions = this.versions.get(draft.id) ?? new Map<string, Version>();
    versions.delete(draft.updatedAt);
    versions.set(draft.updatedAt, { view, ours });
    const oldest = versions.keys().next().value;
    if (versions.size > BASES_KEPT && oldest !== undefined) versions.delete(oldest);
    this.versions.set(draft.id, versions);
  }

  /**
   * What the editor changed, put on the stored draft. The editor's version is named by `updatedAt`: when
   * the stored one is another process's newer version (or holds another writer's fields the editor has
   * not shown yet), the fields only the other writer changed keep their stored values.
   */
  private rebased(stored: DraftDocument, incoming: DraftDocument): DraftDocument {
    const versions = this.versions.get(incoming.id);
    const base = versions?.get(incoming.updatedAt)?.view;
    if (base === undefined) return incoming;
    // A newer version this process wrote itself came from the same editor: its fields are the editor's.
    const ownNewer =
      stored.updatedAt !== incoming.updatedAt && versions?.get(stored.updatedAt)?.ours === true;
    return ownNewer ? incoming : rebaseEdit(base, stored, incoming);
  }

  /**
   * The last version of each draft this process wrote or read, with the file's fingerprint then: an
   * autosave compares against it without decrypting while the file is unchanged (and while locked).
   */
  private readonly known = new Map<string, { draft: DraftDocument; fp: string | undefined }>();

  private async fingerprintOf(id: string): Promise<string | undefined> {
    const info = await stat(join(this.folder, 'drafts', `${id}.age`), { bigint: true }).catch(
      () => undefined,
    );
    return info === undefined ? undefined : fingerprint(info);
  }

  /**
   * After this process rewrote drafts without changing them (re-encryption to new recipients): their new
   * fingerprints, so that an autosave while locked does not take them for another process's changes.
   */
  protected async refreshFingerprints(): Promise<void> {
    for (const [id, entry] of this.known) this.known.set(id, { ...entry, fp: await this.fingerprintOf(id) });
  }

  /** Reads and checks a draft; a corrupt or untrusted file goes to quarantine, a newer one stays. */
  protected async loadNow(id: string): Promise<Result<DraftDocument>> {
    const reader = await this.reader();
    if ('ok' in reader) return reader;
    const fp = await this.fingerprintOf(id);
    const opened = await reader.store.inspect(reader, 'drafts', `${id}.age`);
    if (opened === undefined) return failure('not-found', 'There is no such draft (it may be in the trash).');
    if (opened.kind === 'trusted') {
      this.known.set(id, { draft: opened.draft, fp });
      this.remember(opened.draft, false);
      return ok(opened.draft);
    }
    if (opened.kind === 'newer')
      return failure(
        'unsupported-version',
        `This draft cannot be opened: ${opened.reason.replace(/\.$/, '')}.`,
      );
    if (opened.kind === 'unreadable') return failure('io', `This draft cannot be read now: ${opened.reason}`);
    const problem = opened.kind === 'corrupt' ? 'corrupt' : 'untrusted';
    const moved = await reader.store.quarantine(reader, 'drafts', `${id}.age`, problem, opened.reason, fp);
    this.scheduleFlush();
    const what = problem === 'untrusted' ? 'was not written by this app' : 'is damaged';
    const where = moved.ok ? 'was set aside in quarantine' : `could not be set aside (${moved.message})`;
    return failure(problem, `This draft ${what} and ${where}: ${opened.reason}`);
  }

  /** Writes and remembers. */
  protected async record(
    draft: DraftDocument,
    change: LifeChange['event'],
    name?: string,
  ): Promise<Result<DraftDocument>> {
    const saved = await this.write(draft, change, currentActor(name));
    if (saved.ok) {
      this.known.set(saved.value.id, { draft: saved.value, fp: await this.fingerprintOf(saved.value.id) });
      this.remember(saved.value, true);
    }
    return saved;
  }

  /**
   * The stored version to compare an edit with: the file while unlocked, else what this process knows;
   * undefined when there is no such draft yet (a save then creates it).
   */
  private async stored(id: string): Promise<Result<DraftDocument | undefined>> {
    const fp = await this.fingerprintOf(id);
    if (fp === undefined) return ok(undefined);
    const known = this.known.get(id);
    if (known?.fp === fp) return ok(known.draft);
    if (this.isUnlocked()) return this.loadNow(id);
    // Changed by another process since: its changes can be kept only once the file can be read.
    return failure(
      'locked',
      known === undefined
        ? 'Unlock the vault to save this draft.'
        : 'Unlock the vault to save this draft: it was changed elsewhere (another CMK Rekey or the command line) since it was opened here.',
    );
  }

  /**
   * Saves an edit from the editor. Content changes are written with updatedAt and a history entry naming
   * the fields; a change of step alone is written without either (`keepPosition`); opening or viewing
   * changes nothing on disk. The lifecycle and history are the stored ones; a sent, completed or withdrawn
   * draft refuses any content change, and the refusal carries that stored draft (`detail`).
   */
  async save(draft: DraftDocument): Promise<Result<DraftDocument, DraftDocument>> {
    const parsed = parseDraft(draft);
    if (!parsed.ok) return parsed;
    // Compared by its title as stored (writes strip unsafe characters): the editor keeps sending its own,
    // which would make every later save, a step change too, a title edit.
    const incoming = { ...parsed.value, title: stripUnsafe(parsed.value.title) };
    return this.writing(async () => {
      const writer = this.writer();
      if ('ok' in writer) return writer;
      const stored = await this.stored(incoming.id);
      if (!stored.ok) return stored;
      if (stored.value === undefined) {
        // A late autosave of a draft just deleted must not bring it back: its id would then be both in
        // the list and in the trash, and Restore would refuse.
        // (When the trash cannot be looked at, the save goes ahead: losing an edit is worse.)
        const inTrash = await entryKind(join(this.folder, 'trash', `${incoming.id}.age`)).catch(
          () => 'missing' as const,
        );
        if (inTrash !== 'missing')
          return failure(
            'not-found',
            'This draft is in the trash: restore it to edit it. This change was not saved.',
          );
        // A new draft under the caller's id: it starts its life (and history) here, open.
        const content = openContent(incoming);
        return this.record({ ...content, revision: 1, history: [] }, { event: 'created' });
      }
      const merged = this.rebased(stored.value, incoming);
      const edit = applyEdit(stored.value, merged);
      if (!edit.ok) return edit;
      const wrote = edit.value.fields.length > 0;
      const saved = wrote
        ? await this.record(edit.value.draft, { event: 'edited', fields: edit.value.fields })
        : await this.keepPosition(stored.value, edit.value.draft);
      // Until the editor shows the other writer's fields, its next save is made on what it sent (also
      // when this one changed nothing but the step, and the stored version is the other writer's).
      if (saved.ok && merged !== incoming) {
        const ours = wrote || this.versions.get(stored.value.id)?.get(stored.value.updatedAt)?.ours === true;
        this.remember(saved.value, ours, { ...incoming, updatedAt: saved.value.updatedAt });
      }
      return saved;
    });
  }

  /**
   * A save that changes nothing but where the editor is (step, field): written as it is, without a new
   * updatedAt or history entry (moving around is not editing, and does not move the draft up the list),
   * so that the draft reopens there after a restart. A read-only request is never rewritten by viewing it.
   */
  private async keepPosition(stored: DraftDocument, moved: DraftDocument): Promise<Result<DraftDocument>> {
    const same =
      stored.position.step === moved.position.step && stored.position.field === moved.position.field;
    if (same || isFrozen(stored)) return ok(stored);
    const saved = await this.writeAsIs(moved);
    if (saved.ok) {
      this.known.set(saved.value.id, { draft: saved.value, fp: await this.fingerprintOf(saved.value.id) });
      const ours = this.versions.get(saved.value.id)?.get(saved.value.updatedAt)?.ours === true;
      this.remember(saved.value, ours);
    }
    return saved;
  }

  /** Changes a draft's title (an edit like any other). Needs unlocked. */
  async rename(id: string, title: string): Promise<Result<DraftDocument>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.writing(async () => {
      const draft = await this.loadNow(id);
      if (!draft.ok) return draft;
      const clean = title.replace(/\s+/gu, ' ').trim().slice(0, 200);
      if (clean === '') return failure('invalid-argument', 'Type a title.');
      const edit = applyEdit(draft.value, { ...draft.value, title: clean });
      // The drafts list renames (its contract carries no stored draft with a refusal).
      if (!edit.ok) return failure(edit.code, edit.message);
      if (edit.value.fields.length === 0) return ok(draft.value);
      return this.record(edit.value.draft, { event: 'edited', fields: edit.value.fields });
    });
  }

  /** A life change of the stored draft; refused by a frozen one, that refusal carries it (see `refuse`). */
  private change(
    id: string,
    name: string | undefined,
    apply: (draft: DraftDocument) => Result<LifeChange, DraftDocument>,
  ): Promise<Result<DraftDocument, DraftDocument>> {
    if (!DRAFT_ID_PATTERN.test(id)) return Promise.resolve(badId(id));
    return this.writing(async () => {
      const draft = await this.loadNow(id);
      if (!draft.ok) return draft;
      const changed = apply(draft.value);
      if (!changed.ok) return changed;
      return this.record(changed.value.draft, changed.value.event, name);
    });
  }

  /**
   * Mark as sent: the ticket reference as typed, when (default now), who; freezes the ticket text and the
   * request JSON. Errors or an unticked checklist are recorded as warnings (see `sendingRules`).
   */
  markSent(id: string, input: SendRequest): Promise<Result<DraftDocument, DraftDocument>> {
    const at = timeOrNow(input.at, 'Sent at');
    if (!at.ok) return Promise.resolve(at);
    return this.change(id, input.name, (draft) =>
      markSent(
        draft,
        {
          ticket: input.ticket,
          at: at.value,
          by: currentActor(input.name),
          requireReady: input.requireReady === true,
          checklistConfirmed: input.checklistConfirmed === true,
          ...(input.rules !== undefined && { rules: input.rules }),
        },
        new Date(),
      ),
    );
  }

  /** Completed: the date Atlassian confirmed it (default now) and a note. */
  markCompleted(id: string, input: CompleteRequest): Promise<Result<DraftDocument, DraftDocument>> {
    const at = timeOrNow(input.at, 'Completed at');
    if (!at.ok) return Promise.resolve(at);
    return this.change(id, input.name, (draft) =>
      markCompleted(
        draft,
        { at: at.value, note: input.note ?? '', by: currentActor(input.name) },
        new Date(),
      ),
    );
  }

  /** Withdrawn, with a reason (any time before completed). */
  withdraw(id: string, input: WithdrawRequest): Promise<Result<DraftDocument, DraftDocument>> {
    return this.change(id, input.name, (draft) =>
      withdraw(draft, { at: localNow(), reason: input.reason, by: currentActor(input.name) }),
    );
  }

  /** New revision of a sent request: an open copy linked to it (the original stays frozen). */
  /**
   * The draft that is already the New revision of `draft` (linked to it by `previous`), if one is on the
   * drafts list. Only drafts whose summary has the next revision number can be one, so few are opened.
   */
  private async nextRevisionOf(draft: DraftDocument): Promise<DraftDocument | undefined> {
    const reader = await this.reader();
    if ('ok' in reader) return undefined;
    const drafts = await reader.store.scan(reader, 'drafts');
    if (!drafts.ok) return undefined;
    for (const { summary } of drafts.value) {
      if (summary.revision !== draft.revision + 1) continue;
      const candidate = await this.loadNow(summary.id);
      if (candidate.ok && candidate.value.previous?.id === draft.id) return candidate.value;
    }
    return undefined;
  }

  async revise(id: string): Promise<Result<DraftDocument>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.writing(async () => {
      const draft = await this.loadNow(id);
      if (!draft.ok) return draft;
      const next = await this.nextRevisionOf(draft.value);
      if (next !== undefined) {
        return failure(
          'exists',
          `This request already has a New revision: “${next.title}” (revision ${String(next.revision)}), on the drafts list. Change that one: a second revision of the same request would split its history in two.`,
        );
      }
      const revised = revise(draft.value, newDraftId(), new Date().toISOString());
      if (!revised.ok) return revised;
      return this.record(revised.value.draft, revised.value.event);
    });
  }
}
