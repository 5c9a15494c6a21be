/**
 * One open draft: the guided form for it, its title, where the user is (step and field), and autosave.
 * Every change is saved, encrypted, about 600 ms after the last keystroke, and at once on a step change,
 * before a lock and when the page goes away. A failed save keeps the edits here and tries again.
 */
import { untrack } from 'svelte';
import { emptyDraftRequest, type DraftDocument, type DraftPosition } from '../../src-shared/drafts/draft.js';
import type { KeyCheckRecord, KeySetAside } from '../../src-shared/drafts/draft-schema.js';
import { isFrozen } from '../../src-shared/drafts/find.js';
import { MAX_TITLE_LENGTH, UNTITLED, autoTitle, isAutoTitle } from '../../src-shared/drafts/title.js';
import type { Result } from '../../src-shared/ipc/result.js';
import { canonicalJson } from '../../src-shared/text/canonical-json.js';
import type { Api } from './api.js';
import { CHECKLIST_IDS, FormState } from './form-state.svelte.js';
import { Unsaved } from './unsaved.svelte.js';
import { Workspace } from './workspace.svelte.js';

export type SaveState = 'saved' | 'saving' | 'error';

export interface EditorOptions {
  /** Quiet time after the last change before saving (ms). */
  readonly delayMs?: number;
  /** Wait before trying a failed save again (ms). */
  readonly retryMs?: number;
  /** What was typed and not stored when this draft's previous editor closed (a lock). */
  readonly unsaved?: Unsaved;
}

export const AUTOSAVE_DELAY_MS = 600;
export const RETRY_DELAY_MS = 5000;

/** Element ids the position may name (the form's own ids are short and plain). */
const FIELD_ID = /^[A-Za-z][\w-]{0,199}$/;

type SaveResult = Awaited<ReturnType<Api['draftSave']>>;

/**
 * The fields another app can change in a draft, compared whatever the order of their keys (main answers
 * in its schema's order). Not the title: main strips unsafe characters from it.
 */
function contentOf(draft: DraftDocument): string {
  return canonicalJson([draft.request, draft.checklist, draft.keyChecks, draft.keysSetAside]);
}

/** What a save writes, without the time stamp main adds. */
function keyOf(draft: DraftDocument): string {
  return JSON.stringify({ ...draft, updatedAt: '' });
}

export class DraftEditor {
  readonly form = new FormState();
  /** Texts typed that are not part of the draft (record form, Rename, describe-key), in memory only. */
  readonly unsaved: Unsaved;
  readonly workspace: Workspace;
  readonly id: string;
  /** A title the user chose; without one the title follows the site and account. */
  customTitle = $state<string | undefined>(undefined);
  readonly title: string = $derived(this.customTitle ?? (autoTitle(this.form.draft) || UNTITLED));
  /** The id of the form control the user was last in. */
  field = $state<string | undefined>(undefined);
  saveState = $state<SaveState>('saved');
  saveError = $state<string | undefined>(undefined);
  updatedAt = $state('');
  /** Nothing entered yet: a file opened now can go into this draft. */
  readonly pristine: boolean = $derived(
    this.customTitle === undefined &&
      this.form.checklistDone === 0 &&
      this.form.setAside.length === 0 &&
      JSON.stringify(this.form.draft) === JSON.stringify(emptyDraftRequest()),
  );

  #base: DraftDocument;
  /** The draft's life as stored: state, sent/completed/withdrawn records, revision, history. */
  record = $state<DraftDocument>() as DraftDocument;
  /** Sent, completed or withdrawn: shown read-only, changed only through a New revision. */
  readonly frozen: boolean = $derived(isFrozen(this.record));
  readonly #delayMs: number;
  readonly #retryMs: number;
  #savedKey: string;
  #contentKey = '';
  /**
   * Something was changed since the draft was opened here: from then on the step and field are saved too,
   * so the draft reopens there after a restart. Opening and moving around without editing write nothing.
   */
  #edited = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #zoneTimer: ReturnType<typeof setTimeout> | undefined;
  /** The site and maintenance-window timezone main last gave or was given, so only changes go to it. */
  #zone = { site: '', timeZone: '' };
  #queue: Promise<boolean> = Promise.resolve(true);
  #closed = false;
  readonly #stop: () => void;

  constructor(
    private readonly api: Api,
    draft: DraftDocument,
    options: EditorOptions = {},
  ) {
    this.id = draft.id;
    this.#delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.#retryMs = options.retryMs ?? RETRY_DELAY_MS;
    this.unsaved = options.unsaved ?? new Unsaved();
    // The Keys step's describe-key boxes read and write their pasted output there.
    this.form.pasted = this.unsaved.pasted;
    this.workspace = new Workspace(this.form, api, draft.id);
    this.#base = this.record = draft;
    this.#savedKey = this.#show(draft);
    // Open when the vault locked, frozen elsewhere before it unlocked: as if it happened on screen.
    const atLock = this.unsaved.atLock;
    this.unsaved.atLock = undefined;
    if (atLock !== undefined && !isFrozen(atLock) && isFrozen(draft))
      this.unsaved.frozenElsewhere(draft, atLock);
    this.field = draft.position.field;
    void this.#syncZone(this.form.draft.siteUrl, this.form.serverTimeZone);
    this.#stop = $effect.root(() => {
      // Content: save after a quiet moment.
      $effect(() => {
        const key = JSON.stringify([
          this.form.draft,
          this.form.checklist,
          this.title,
          this.form.currentKeyChecks,
          this.form.setAside,
        ]);
        untrack(() => {
          this.#changed(key);
        });
      });
      // The maintenance window's timezone is the user's, per site (main keeps it in its settings, not in
      // the draft): after a quiet moment a new choice is remembered, and a new site gets its earlier one.
      $effect(() => {
        const site = this.form.draft.siteUrl;
        const timeZone = this.form.serverTimeZone;
        untrack(() => {
          clearTimeout(this.#zoneTimer);
          this.#zoneTimer = setTimeout(() => {
            this.#zoneTimer = undefined;
            void this.#syncZone(site, timeZone);
          }, this.#delayMs);
        });
      });
      // Step: save at once (the position is part of the draft, once it was edited here).
      let shown = this.form.step;
      $effect(() => {
        const step = this.form.step;
        if (step === shown) return;
        shown = step;
        untrack(() => void this.save());
      });
    });
  }

  /** Shows a stored version of the draft in the form; returns what saving it would write. */
  #show(draft: DraftDocument): string {
    // The timezone is not part of the draft: another app's save of the same site keeps the one chosen here.
    const { siteUrl } = this.form.draft;
    const timeZone = this.form.serverTimeZone;
    this.form.openDraft(
      structuredClone(draft.request),
      draft.checklist,
      draft.position.step,
      structuredClone(draft.keyChecks ?? []),
      draft.keysSetAside,
    );
    if (this.form.draft.siteUrl === siteUrl) this.form.serverTimeZone = timeZone;
    this.customTitle = isAutoTitle(draft.title, draft.request) ? undefined : draft.title;
    this.updatedAt = draft.updatedAt;
    return keyOf(this.document());
  }

  /**
   * Tells main a timezone chosen for the site, or shows the one chosen for it before when none is chosen
   * here (a draft reopened, another site typed). Failures change nothing: the choice is a convenience.
   */
  async #syncZone(site: string, timeZone: string): Promise<void> {
    const last = this.#zone;
    if (this.#closed || site.trim() === '' || (site === last.site && timeZone === last.timeZone)) return;
    this.#zone = { site, timeZone };
    if (timeZone !== '') {
      await this.api.siteTimeZoneSet({ site, timeZone }).catch(() => undefined);
      return;
    }
    if (site === last.site) return;
    const answer = await this.api.siteTimeZone({ site }).catch(() => undefined);
    const chosen = answer?.ok === true ? answer.value.timeZone : '';
    if (chosen === '' || this.form.draft.siteUrl !== site || this.form.serverTimeZone !== '') return;
    this.#zone = { site, timeZone: chosen };
    this.form.serverTimeZone = chosen;
  }

  /** Tells main a timezone choice still waiting for its quiet moment, now (before a lock, leaving). */
  #zoneNow(): Promise<void> {
    clearTimeout(this.#zoneTimer);
    this.#zoneTimer = undefined;
    return this.#syncZone(this.form.draft.siteUrl, this.form.serverTimeZone);
  }

  get position(): DraftPosition {
    return this.field === undefined ? { step: this.form.step } : { step: this.form.step, field: this.field };
  }

  /** The draft as it is on screen now. */
  document(): DraftDocument {
    const base: DraftDocument = { ...this.#base };
    delete base.keyChecks;
    const keyChecks = $state.snapshot(this.form.currentKeyChecks) as KeyCheckRecord[];
    // A region not known is undefined here, and left out when the draft is stored (JSON drops it).
    const keysSetAside = $state.snapshot(this.form.setAside) as KeySetAside[];
    return {
      ...base,
      title: this.title,
      updatedAt: this.updatedAt,
      request: $state.snapshot(this.form.draft),
      position: this.#edited ? this.position : this.#base.position,
      checklist: CHECKLIST_IDS.filter((id) => this.form.checklist[id]),
      // Left out while empty, so a draft without checks keeps the shape it had before they existed.
      ...(keyChecks.length > 0 && { keyChecks }),
      // None is stored as absent: such a draft is stored as version 2, which older apps still open.
      keysSetAside: keysSetAside.length > 0 ? keysSetAside : undefined,
    };
  }

  /**
   * A lifecycle step (mark sent, completed, withdrawn, new revision) through `run`; on success the record
   * shown is the stored one. Resolves to the failure message, or the draft the step returned, or neither
   * when the request turned out frozen elsewhere (its alert says so; see #frozenElsewhere).
   */
  async changeLife(
    run: (api: Api) => Promise<Result<DraftDocument, DraftDocument>>,
  ): Promise<{ error?: string; draft?: DraftDocument }> {
    const state = this.record.state;
    if (!(await this.flush())) return { error: this.saveError ?? 'The draft could not be saved first.' };
    // The save before it found the request frozen elsewhere: the step was meant for what it was before.
    if (this.record.state !== state) return {};
    const result = await run(this.api);
    // Refused because it is frozen: in another state than here, it was changed elsewhere.
    if (!result.ok && result.detail?.id === this.id && result.detail.state !== state) {
      this.#frozenElsewhere(result.detail);
      return {};
    }
    if (!result.ok) return { error: result.message };
    if (result.value.id === this.id) {
      this.#base = result.value;
      this.record = result.value;
      this.updatedAt = result.value.updatedAt;
      this.#savedKey = keyOf(this.document());
    }
    return { draft: result.value };
  }

  /** Remembers the control the user is in (from focus), so the draft reopens there. */
  setField(id: string | undefined): void {
    this.field = id !== undefined && FIELD_ID.test(id) ? id : undefined;
  }

  /** Renames the draft and saves at once. */
  rename(title: string): Promise<boolean> {
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
    this.customTitle = clean === '' ? undefined : clean;
    return this.save();
  }

  #changed(key: string): void {
    if (key === this.#contentKey) return;
    const first = this.#contentKey === '';
    this.#contentKey = key;
    // A frozen request is not edited here: its stored content shown again is no change to save.
    if (first || this.#closed || this.frozen) return;
    this.#edited = true;
    if (this.saveState !== 'error') this.saveState = 'saving';
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.save();
    }, this.#delayMs);
  }

  /**
   * Saves now if anything changed since the last save (after any save already running). Resolves true
   * when what is on screen is saved.
   */
  save(): Promise<boolean> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const run = this.#queue.then(() => this.#saveOnce());
    this.#queue = run;
    return run;
  }

  /** Saves until what is on screen is saved (keys typed during a save are saved too), or a save fails. */
  async flush(): Promise<boolean> {
    if (this.#zoneTimer !== undefined) await this.#zoneNow();
    for (let round = 0; round < 5; round++) {
      if (!(await this.save())) return false;
      if (keyOf(this.document()) === this.#savedKey) return true;
    }
    return keyOf(this.document()) === this.#savedKey;
  }

  /**
   * The page is going away (reload, quit): what is on screen goes to main within this call, because what a
   * page queues for later may never run. A save already on its way arrives first, and main applies saves
   * in the order they come. Should the page stay after all, the answer is taken in turn like any save's.
   */
  saveBeforeLeaving(): void {
    // #syncZone sends before its first await: within this call.
    if (this.#zoneTimer !== undefined) void this.#zoneNow();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const draft = this.document();
    const key = keyOf(draft);
    if (key === this.#savedKey) return;
    const sending = this.#send(draft);
    const run = this.#queue.then(() => this.#settle(key, sending));
    this.#queue = run;
  }

  async #saveOnce(): Promise<boolean> {
    const draft = this.document();
    const key = keyOf(draft);
    if (key === this.#savedKey) {
      this.saveError = undefined;
      this.saveState = this.#timer === undefined ? 'saved' : 'saving';
      return true;
    }
    return this.#settle(key, this.#send(draft));
  }

  /** Sends a save to main now; a failure to send comes back as an answer like main's own failures. */
  #send(draft: DraftDocument): Promise<SaveResult> {
    const failed = (error: unknown): SaveResult => ({
      ok: false,
      code: 'internal',
      message: error instanceof Error ? error.message : String(error),
    });
    try {
      return this.api.draftSave({ draft }).catch(failed);
    } catch (error) {
      return Promise.resolve(failed(error));
    }
  }

  /**
   * Takes a save's answer: what was sent (`key`) is saved, or the error shows and saving is tried again.
   * A request sent, completed or withdrawn elsewhere meanwhile is shown as it is stored (see #frozenElsewhere).
   */
  async #settle(key: string, sending: Promise<SaveResult>): Promise<boolean> {
    if (this.saveState !== 'error') this.saveState = 'saving';
    const result = await sending;
    // Main refuses an edit of a frozen request with the stored draft, and answers a step change with it.
    const stored = result.ok ? result.value : result.detail;
    if (stored?.id === this.id && isFrozen(stored) && (!result.ok || stored.state !== this.record.state)) {
      this.#frozenElsewhere(stored);
      return true;
    }
    if (result.ok) {
      this.#savedKey = key;
      this.updatedAt = result.value.updatedAt;
      // Main kept another app's changes to other fields (two apps on one vault): show them, unless the
      // user typed since this save left (the next save brings them back).
      const shown = this.document();
      if (keyOf(shown) === key && contentOf(shown) !== contentOf(result.value))
        this.#savedKey = this.#show({ ...result.value, position: shown.position });
      this.saveError = undefined;
      clearTimeout(this.#retry);
      this.#retry = undefined;
      // Typed more while this save ran? The next one is due: still "Saving…".
      this.saveState = this.#timer === undefined ? 'saved' : 'saving';
      return true;
    }
    this.saveState = 'error';
    this.saveError = result.message;
    if (!this.#closed) {
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        void this.save();
      }, this.#retryMs);
    }
    return false;
  }

  /**
   * The request was sent, completed or withdrawn elsewhere (another CMK Rekey, the command line) while open
   * here. Its stored record is shown, read-only as any frozen request; what the user had on screen, and
   * had typed in the record form or the Rename box (which close), stays in `unsaved.changedElsewhere` until
   * dismissed (the alert names what was not saved). No more saves: the form on screen is the stored draft,
   * and any save of other content would be refused again.
   */
  #frozenElsewhere(stored: DraftDocument): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#retry);
    this.#timer = undefined;
    this.#retry = undefined;
    const { mine } = this.unsaved.frozenElsewhere(stored, this.document());
    this.#base = this.record = stored;
    this.#savedKey = this.#show({ ...stored, position: mine.position });
    this.saveError = undefined;
    this.saveState = 'saved';
  }

  /** Stops autosave (the draft is closed); call save() first. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#retry);
    clearTimeout(this.#zoneTimer);
    this.#timer = undefined;
    this.#retry = undefined;
    this.#stop();
  }
}
