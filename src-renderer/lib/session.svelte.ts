/**
 * The app's screens around the vault: first run (create), unlock, the drafts list, trash, settings and
 * the open draft. Locks on request, after idle time and when main says the vault is locked; before
 * locking it saves the open draft, and after unlocking it reopens it at the same step and field.
 * The form and its rules load on demand (`../editor.js`), so start-up stays small.
 */
import type { DraftDocument, DraftPosition } from '../../src-shared/drafts/draft.js';
import { STEP_IDS } from '../../src-shared/drafts/step-ids.js';
import type { Failure } from '../../src-shared/ipc/result.js';
import type { VaultStatus } from '../../src-shared/ipc/vault-contract.js';
import type { Api } from './api.js';
import type { ArchiveBrowser } from './archive-browser.svelte.js';
import type { DraftEditor } from './draft-editor.svelte.js';
import { DraftList } from './draft-list.svelte.js';
import { policy } from './policy.svelte.js';
import { IdleTimer } from './idle-timer.js';
import { Notices } from './notices.svelte.js';
import type { Unsaved } from './unsaved.svelte.js';
import type { OpenedRequest } from './workspace.svelte.js';

export type EditorModule = typeof import('../editor.js');

export type Screen =
  'loading' | 'unavailable' | 'create' | 'unlock' | 'drafts' | 'trash' | 'archive' | 'settings' | 'editor';

export type LockReason = 'user' | 'idle' | 'elsewhere';

/**
 * The id of the draft open in the form, kept for the page's life in this window only (sessionStorage: a
 * reload keeps it, quitting the app does not), so a reload opens it again. No content of the draft.
 */
const OPEN_DRAFT_KEY = 'cmk-rekey.open-draft';

/**
 * Where the user was in that draft (`{ id, step, field }`), written as the page goes away or the vault
 * locks: moving around without editing writes nothing to the vault, yet a reload comes back there.
 */
const OPEN_POSITION_KEY = 'cmk-rekey.open-position';

/** The position kept for draft `id`, if it is one (what sessionStorage holds is checked, not trusted). */
function keptPosition(id: string): DraftPosition | undefined {
  let kept: unknown;
  try {
    kept = JSON.parse(sessionStorage.getItem(OPEN_POSITION_KEY) ?? 'null');
  } catch {
    return undefined;
  }
  if (typeof kept !== 'object' || kept === null) return undefined;
  const { id: keptId, step, field } = kept as Record<string, unknown>;
  if (keptId !== id || !STEP_IDS.some((known) => known === step)) return undefined;
  const position = { step: step as DraftPosition['step'] };
  // The draft's schema takes a field id of up to 200 characters: a longer one would make every save fail.
  return typeof field === 'string' && field.length <= 200 ? { ...position, field } : position;
}

/** Where the user wanted to go when the open draft could not be saved. */
type LeaveTarget = 'drafts' | 'trash' | 'archive' | 'settings' | 'new' | 'folder';

/** Screens that show drafts: only while the vault is unlocked. */
const UNLOCKED_SCREENS: readonly Screen[] = ['drafts', 'trash', 'archive', 'settings', 'editor'];

const NO_APP =
  'Encrypted drafts work only in the CMK Rekey app. This page is running outside it, so nothing can be saved.';

function minutes(count: number): string {
  return `${String(count)} minute${count === 1 ? '' : 's'}`;
}

export class Session {
  status = $state.raw<VaultStatus | undefined>(undefined);
  screen = $state<Screen>('loading');
  /** Why the vault cannot be used (screen `unavailable`). */
  problem = $state<string | undefined>(undefined);
  /** Shown on the unlock screen: why the vault was locked and what happened to the open draft. */
  lockMessage = $state<string | undefined>(undefined);
  editor = $state.raw<DraftEditor | undefined>(undefined);
  /** The form screen, once its code has loaded. */
  editorModule = $state.raw<EditorModule | undefined>(undefined);
  /** Leaving the open draft was stopped because its last changes are not saved. */
  leaving = $state.raw<{ readonly to: LeaveTarget; readonly error: string } | undefined>(undefined);
  busy = $state(false);
  readonly notices = new Notices();
  readonly list: DraftList;
  /** The archive browser: made (and its code loaded) when the archive is first shown. */
  archive = $state.raw<ArchiveBrowser | undefined>(undefined);

  /**
   * What to show after the next unlock: the draft that was open, where the user was in it and what they
   * had typed that is not part of it (in memory only), or the screen.
   */
  #resume: { readonly id: string; readonly position: DraftPosition; readonly unsaved?: Unsaved } | undefined;
  #resumeScreen: 'drafts' | 'trash' | 'archive' | 'settings' = 'drafts';
  #locking: Promise<void> | undefined;
  /** Counts locks: a draft whose answer arrives after a lock began is not shown behind the lock screen. */
  #locks = 0;
  #idleMinutes = 0;
  readonly #idle = new IdleTimer(() => void this.lock('idle'));
  readonly #api: Api | undefined;

  constructor(
    api: Api | undefined,
    private readonly loadEditor: () => Promise<EditorModule> = () => import('../editor.js'),
  ) {
    this.#api = api;
    this.list = new DraftList(api as Api, this.notices, () => void this.lock('elsewhere'));
  }

  get unlocked(): boolean {
    return UNLOCKED_SCREENS.includes(this.screen);
  }

  #go(screen: Screen): void {
    this.screen = screen;
    this.#syncIdle();
  }

  #apply(status: VaultStatus): void {
    this.status = status;
    this.#syncIdle();
  }

  /** Auto-lock runs while drafts are on screen and the setting is not 0. */
  #syncIdle(): void {
    const minutes = this.status?.autoLockMinutes ?? 0;
    const on = this.status?.state === 'unlocked' && this.unlocked && minutes > 0;
    if (!on) {
      this.#idle.stop();
      this.#idleMinutes = 0;
    } else if (!this.#idle.running || minutes !== this.#idleMinutes) {
      this.#idleMinutes = minutes;
      this.#idle.start(minutes * 60_000);
    }
  }

  /** Reads the vault's state and shows the screen for it. */
  async start(): Promise<void> {
    const api = this.#api;
    if (api === undefined) {
      this.problem = NO_APP;
      this.#go('unavailable');
      return;
    }
    // The list is asked with the status: when the vault is unlocked (a reload), it comes a round trip sooner.
    // While it is locked, main refuses it and the answer is dropped.
    const listing = api.draftsList({});
    const [result] = await Promise.all([api.vaultStatus({}), policy.load(api)]);
    if (!result.ok) {
      this.problem = `The drafts vault could not be read. ${result.message}`;
      this.#go('unavailable');
      return;
    }
    this.problem = undefined;
    const open = sessionStorage.getItem(OPEN_DRAFT_KEY);
    if (result.value.state === 'unlocked' && open !== null) {
      this.#apply(result.value);
      await this.openDraft(open, true, keptPosition(open));
    } else this.#enter(result.value, listing);
  }

  /** Shows the screen for a vault state (after start, or after choosing another folder). */
  #enter(status: VaultStatus, listing?: ReturnType<Api['draftsList']>): void {
    this.#apply(status);
    if (status.state === 'none') this.#go('create');
    else if (status.state === 'locked') this.#go('unlock');
    else {
      this.#go('drafts');
      void this.list.refresh(listing);
    }
  }

  /** The user did something (keyboard or pointer): auto-lock counts from now. */
  activity(): void {
    this.#idle.activity();
  }

  /** The window is visible again: main may have locked the vault meanwhile (screen lock, sleep). */
  async checkStatus(): Promise<void> {
    const api = this.#api;
    if (api === undefined || this.screen === 'loading' || this.screen === 'unavailable') return;
    const result = await api.vaultStatus({});
    if (!result.ok) return;
    if (result.value.state === 'locked' && this.unlocked) await this.lock('elsewhere');
    else if (result.value.state !== 'unlocked' && this.unlocked) this.#enter(result.value);
    else this.#apply(result.value);
  }

  /** The page is going away (reload, quit): what is open goes to main now. */
  pagehide(): void {
    this.editor?.saveBeforeLeaving();
    this.#keepPosition();
  }

  /** Keeps where the user is in the open draft for this window's next page (see OPEN_POSITION_KEY). */
  #keepPosition(): void {
    const editor = this.editor;
    if (editor !== undefined)
      sessionStorage.setItem(OPEN_POSITION_KEY, JSON.stringify({ id: editor.id, ...editor.position }));
  }

  async create(passphrase: string): Promise<Failure | undefined> {
    const api = this.#api;
    if (api === undefined) return { ok: false, code: 'internal', message: NO_APP };
    const result = await api.vaultCreate({ passphrase, recipients: [] });
    if (!result.ok) return result;
    this.#enter(result.value);
    this.notices.status('Your encrypted drafts vault is ready.');
    return undefined;
  }

  async unlock(passphrase: string): Promise<Failure | undefined> {
    const api = this.#api;
    if (api === undefined) return { ok: false, code: 'internal', message: NO_APP };
    const result = await api.vaultUnlock({ passphrase });
    if (!result.ok) return result;
    this.#apply(result.value);
    this.lockMessage = undefined;
    const resume = this.#resume;
    this.#resume = undefined;
    const open = sessionStorage.getItem(OPEN_DRAFT_KEY);
    if (resume !== undefined && this.editor?.id === resume.id) {
      // Its last changes could not be saved before the lock: it stayed here, with them.
      this.#go('editor');
    } else if (resume !== undefined) {
      await this.openDraft(resume.id, false, resume.position, resume.unsaved);
    } else if (open !== null) {
      await this.openDraft(open, true, keptPosition(open));
    } else {
      const screen = this.#resumeScreen;
      this.#go(screen);
      if (screen === 'trash') void this.list.refreshTrash();
      else void this.list.refresh();
    }
    return undefined;
  }

  /** Saves the open draft, locks the vault and shows the unlock screen. */
  lock(reason: LockReason): Promise<void> {
    this.#locking ??= this.#lock(reason).finally(() => {
      this.#locking = undefined;
    });
    return this.#locking;
  }

  async #lock(reason: LockReason): Promise<void> {
    const api = this.#api;
    if (api === undefined || !this.unlocked) return;
    this.#locks++;
    this.#idle.stop();
    this.leaving = undefined;
    const editor = this.editor;
    let draftNote = '';
    if (
      this.screen === 'drafts' ||
      this.screen === 'trash' ||
      this.screen === 'archive' ||
      this.screen === 'settings'
    )
      this.#resumeScreen = this.screen;
    if (editor !== undefined) {
      const saved = await editor.flush();
      this.#resume = { id: editor.id, position: editor.position, unsaved: editor.unsaved };
      this.#keepPosition();
      if (saved) {
        // The next editor of it compares: it may be sent elsewhere before unlock.
        editor.unsaved.atLock = editor.document();
        editor.close();
        this.editor = undefined;
        // No title here: it may hold the account ID, and the lock screen shows nothing of the drafts.
        draftNote = 'Your open draft is saved; unlock to carry on where you left off.';
      } else {
        draftNote = `The latest changes to your open draft could not be saved yet: ${editor.saveError ?? 'unknown error.'} They are kept, and saving is tried again.`;
      }
    }
    const result = await api.vaultLock({});
    if (result.ok) this.status = result.value;
    else if (this.status !== undefined) this.status = { ...this.status, state: 'locked' };
    this.list.clear();
    this.notices.dismiss();
    const why =
      reason === 'idle'
        ? `Locked after ${minutes(this.status?.autoLockMinutes ?? 0)} without input.`
        : reason === 'elsewhere'
          ? 'The vault was locked (the computer was locked or went to sleep).'
          : '';
    this.lockMessage = [why, draftNote].filter((part) => part !== '').join(' ') || undefined;
    this.#go('unlock');
  }

  /** Goes to another screen; the open draft is saved and closed first. */
  async show(screen: 'drafts' | 'trash' | 'archive' | 'settings', force = false): Promise<boolean> {
    if (!(await this.#closeEditor(screen, force))) return false;
    if (screen === 'archive' && this.archive === undefined) {
      try {
        const { ArchiveBrowser } = await import('./archive-browser.svelte.js');
        this.archive = new ArchiveBrowser(this.#api as Api, this.notices);
      } catch (error) {
        this.notices.alert(
          `The archive could not be opened. ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      }
    }
    // A success message belongs to the screen it was shown on (Undo of a delete still fits the trash).
    if (this.notices.notice?.kind === 'status' && screen !== 'trash') this.notices.dismiss();
    this.#go(screen);
    if (screen === 'drafts') void this.list.refresh();
    if (screen === 'trash') void this.list.refreshTrash();
    if (screen === 'archive') void this.archive?.load();
    return true;
  }

  /** Closes the open draft after saving it; if that fails (and not forced) asks the user first. */
  async #closeEditor(to: LeaveTarget, force: boolean): Promise<boolean> {
    const editor = this.editor;
    if (editor === undefined) return true;
    const saved = await editor.flush();
    if (!saved && !force) {
      this.leaving = { to, error: editor.saveError ?? 'unknown error' };
      return false;
    }
    this.leaving = undefined;
    editor.close();
    this.editor = undefined;
    sessionStorage.removeItem(OPEN_DRAFT_KEY);
    sessionStorage.removeItem(OPEN_POSITION_KEY);
    return true;
  }

  /** After "leave anyway": goes where the user wanted to go, without the unsaved changes. */
  async leaveAnyway(): Promise<void> {
    const to = this.leaving?.to;
    this.leaving = undefined;
    if (to === 'new') await this.newDraft(true);
    else if (to === 'folder') await this.chooseFolder(true);
    else if (to !== undefined) await this.show(to, true);
  }

  /**
   * Shows a draft in the form once the form's code and the code of the step it opens at are here (the
   * other steps load after it is on screen), and main has forgotten the previous request file if asked to.
   */
  async #openEditor(
    draft: DraftDocument,
    locks: number,
    forgetting?: Promise<unknown>,
    unsaved?: Unsaved,
  ): Promise<DraftEditor | undefined> {
    const api = this.#api as Api;
    const [module] = await Promise.all([this.#loadForm(draft.position.step), forgetting]);
    if (this.#locks !== locks) {
      // The vault locked while this draft was on its way (main answered what it was asked before): it
      // opens after unlock.
      this.#resume = { id: draft.id, position: draft.position, ...(unsaved !== undefined && { unsaved }) };
      return undefined;
    }
    const editor = new module.DraftEditor(api, draft, unsaved === undefined ? {} : { unsaved });
    this.editor = editor;
    sessionStorage.setItem(OPEN_DRAFT_KEY, draft.id);
    // Used once: after a crash of the page (no pagehide) the stored position, saved later, is the newer one.
    sessionStorage.removeItem(OPEN_POSITION_KEY);
    this.#go('editor');
    return editor;
  }

  async #loadForm(step: DraftPosition['step']): Promise<EditorModule> {
    const module = (this.editorModule ??= await this.loadEditor());
    await module.stepViews.load(step);
    return module;
  }

  /**
   * The request file of the previous draft is not the next one's: the next Save asks where to save. Asked
   * for together with the draft (once the previous one is closed), so it costs no round trip of its own.
   */
  #forgetFile(api: Api): Promise<unknown> {
    const forgetting = api.newRequest({});
    // Awaited where the draft opens; when it does not open, nobody needs the answer.
    forgetting.catch(() => undefined);
    return forgetting;
  }

  /** Loads the form's code ahead of time, so opening a draft is instant. */
  preload(): void {
    void this.loadEditor()
      .then((module) => {
        this.editorModule ??= module;
      })
      .catch(() => undefined);
  }

  /**
   * Opens a draft; `quietly` (the draft open before a reload): if it cannot be, the list, without an alert.
   * At `position` (where the user was before a lock or reload) instead of the stored one, which is only
   * written once the draft is edited; with what was typed and not stored before a lock (`unsaved`).
   */
  async openDraft(id: string, quietly = false, position?: DraftPosition, unsaved?: Unsaved): Promise<void> {
    const api = this.#api;
    const locks = this.#locks;
    if (api === undefined || !(await this.#closeEditor('drafts', false))) return;
    this.busy = true;
    try {
      const forgetting = this.#forgetFile(api);
      const result = await api.draftLoad({ id });
      if (result.ok) {
        const draft = position === undefined ? result.value : { ...result.value, position };
        await this.#openEditor(draft, locks, forgetting, unsaved);
        return;
      }
      if (result.code === 'locked') {
        await this.lock('elsewhere');
        return;
      }
      if (quietly) sessionStorage.removeItem(OPEN_DRAFT_KEY);
      else
        this.notices.alert(
          `The draft could not be opened. ${result.message}${(await unsaved?.lostAtLock()) ?? ''}`,
        );
      this.#go('drafts');
      await this.list.refresh();
    } finally {
      this.busy = false;
    }
  }

  /** Creates an empty draft and opens it on the first step. */
  async newDraft(force = false): Promise<void> {
    const api = this.#api;
    const locks = this.#locks;
    if (api === undefined || !(await this.#closeEditor('new', force))) return;
    const fromEditor = this.screen === 'editor';
    this.busy = true;
    try {
      const forgetting = this.#forgetFile(api);
      const result = await api.draftNew({});
      if (!result.ok) {
        if (result.code === 'locked') await this.lock('elsewhere');
        else this.notices.alert(`No new draft was made. ${result.message}`);
        if (fromEditor) this.#go('drafts');
        return;
      }
      const editor = await this.#openEditor(result.value, locks, forgetting);
      if (fromEditor)
        editor?.workspace.notify('status', 'Started a new draft. The one before is in your drafts.');
    } finally {
      this.busy = false;
    }
  }

  /**
   * Open… in the form: an empty draft takes the file; otherwise the file becomes a new draft, so
   * nothing typed so far is replaced.
   */
  async openFile(): Promise<void> {
    const editor = this.editor;
    if (editor === undefined) return;
    if (editor.pristine) {
      await editor.workspace.open();
      return;
    }
    const locks = this.#locks;
    await editor.workspace.open(async (opened: OpenedRequest) => {
      // This draft is left for the new one: its latest changes are saved first, or the file is not opened.
      if (!(await editor.flush())) {
        editor.workspace.notify(
          'alert',
          `The file was not opened: the latest changes to this draft could not be saved: ${editor.saveError ?? 'unknown error.'} They are kept here, and saving is tried again.`,
        );
        return;
      }
      const api = this.#api as Api;
      const created = await api.draftNew({ request: opened.request });
      if (!created.ok) {
        editor.workspace.notify(
          'alert',
          `The file was not opened. ${created.message} Your form is unchanged.`,
        );
        return;
      }
      if (!(await this.#closeEditor('drafts', false))) return;
      const next = await this.#openEditor(created.value, locks);
      next?.workspace.show(opened, ' as a new draft');
    });
  }

  async setAutoLock(minutes: number): Promise<Failure | undefined> {
    const result = await (this.#api as Api).vaultSetAutoLock({ minutes });
    if (!result.ok) return result;
    this.#idle.stop(); // counts afresh from now with the new setting
    this.#apply(result.value);
    return undefined;
  }

  /** Days in the trash before a draft is removed (0: never); main applies it at once. */
  async setTrashRetention(days: number): Promise<Failure | undefined> {
    const result = await (this.#api as Api).vaultSetTrashRetention({ days });
    if (!result.ok) return result;
    this.#apply(result.value);
    return undefined;
  }

  async changePassphrase(current: string, next: string): Promise<Failure | undefined> {
    const result = await (this.#api as Api).vaultChangePassphrase({ current, next });
    if (!result.ok) return result;
    this.#apply(result.value);
    return undefined;
  }

  async setRecipients(passphrase: string, recipients: string[]): Promise<Failure | undefined> {
    const result = await (this.#api as Api).vaultSetRecipients({ passphrase, recipients });
    if (!result.ok) return result;
    this.#apply(result.value);
    return undefined;
  }

  /** Switches to a vault in another folder (or to creating one there). */
  async chooseFolder(force = false): Promise<Failure | undefined> {
    const api = this.#api;
    if (api === undefined) return undefined;
    if (!(await this.#closeEditor('folder', force))) return undefined;
    const result = await api.vaultChooseFolder({});
    if (!result.ok) return result.code === 'cancelled' ? undefined : result;
    this.list.clear();
    this.#resume = undefined;
    this.#resumeScreen = 'drafts';
    this.lockMessage = undefined;
    this.#enter(result.value);
    return undefined;
  }
}
