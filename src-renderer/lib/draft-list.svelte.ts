/**
 * The drafts list, the trash and what can be done to a draft without opening it. Files the vault set
 * aside (`problem` set) are kept apart, so a damaged or planted file never hides the others.
 */
import { findDrafts, type DraftSort, type LifeStatus } from '../../src-shared/drafts/find.js';
import type { DraftSummary, TrashEntry } from '../../src-shared/drafts/summary.js';
import type { Failure, Result } from '../../src-shared/ipc/result.js';
import type { Api } from './api.js';
import type { Notices } from './notices.svelte.js';
import { Paged } from './paged.svelte.js';
import { ReencryptOffer } from './reencrypt-offer.svelte.js';

export type LoadState = 'idle' | 'loading' | 'loaded' | 'failed';

export class DraftList {
  drafts = $state.raw<readonly DraftSummary[]>([]);
  flagged = $state.raw<readonly DraftSummary[]>([]);
  trash = $state.raw<readonly TrashEntry[]>([]);
  state = $state<LoadState>('idle');
  trashState = $state<LoadState>('idle');
  /** Why the last load failed, in words for the user. */
  loadError = $state<string | undefined>(undefined);
  busy = $state(false);
  /**
   * The Rename dialog open on the list, with what is typed in it: kept over a lock (in memory only, as the
   * form's texts are), so it is open again, with the text, after unlock.
   */
  renaming = $state<{ readonly draft: DraftSummary; text: string } | undefined>(undefined);
  /** Drafts encrypted to an older set of recipients, and re-encrypting them. */
  readonly offer: ReencryptOffer;
  /** The list's search and filters ('' = any); cleared on lock, as the words may name an account. */
  search = $state('');
  status = $state<LifeStatus | ''>('');
  realm = $state('');
  sort = $state<DraftSort>('updated');
  /** The drafts that match, in the chosen order. */
  readonly shown = $derived(
    findDrafts(this.drafts, {
      search: this.search,
      status: this.status || undefined,
      realm: this.realm || undefined,
      sort: this.sort,
    }),
  );
  /** The matching drafts on screen, a page at a time (one page again when the search, filters or order change). */
  readonly page = new Paged(
    () => this.shown,
    () => [this.search, this.status, this.realm, this.sort],
  );
  /** The trash on screen, a page at a time. */
  readonly trashPage = new Paged(() => this.trash);

  constructor(
    private readonly api: Api,
    private readonly notices: Notices,
    /** Called when main says the vault is locked (screen lock, sleep). */
    private readonly onlocked: () => void,
  ) {
    this.offer = new ReencryptOffer(api, onlocked);
  }

  #failed(result: Failure, what: string): void {
    if (result.code === 'locked') {
      this.onlocked();
      return;
    }
    if (result.code !== 'cancelled') this.notices.alert(`${what} ${result.message}`);
  }

  /** Reads the list (or takes the answer to a `draftsList` call already made, e.g. at start-up). */
  async refresh(pending = this.api.draftsList({})): Promise<void> {
    if (this.state !== 'loaded') this.state = 'loading';
    const result = await pending;
    if (!result.ok) {
      this.loadError = result.message;
      this.state = 'failed';
      if (result.code === 'locked') this.onlocked();
      return;
    }
    this.drafts = result.value.filter((summary) => summary.problem === undefined);
    this.flagged = result.value.filter((summary) => summary.problem !== undefined);
    this.loadError = undefined;
    this.state = 'loaded';
  }

  async refreshTrash(): Promise<void> {
    if (this.trashState !== 'loaded') this.trashState = 'loading';
    const result = await this.api.draftsTrash({});
    if (!result.ok) {
      this.loadError = result.message;
      this.trashState = 'failed';
      if (result.code === 'locked') this.onlocked();
      return;
    }
    this.trash = result.value;
    this.loadError = undefined;
    this.trashState = 'loaded';
  }

  /** Forgets every summary (on lock: titles and accounts are not shown while locked). */
  clear(): void {
    this.drafts = [];
    this.flagged = [];
    this.trash = [];
    this.state = 'idle';
    this.trashState = 'idle';
    this.clearFilters();
  }

  /** Puts a draft the user is about to be taken to on screen, if it matches the search and filters. */
  #reveal(id: string): void {
    const index = this.shown.findIndex((draft) => draft.id === id);
    if (index >= 0) this.page.reveal(index);
  }

  clearFilters(): void {
    this.search = this.status = this.realm = '';
  }

  /**
   * Runs one action; a failure is shown, and the list and the trash (once shown) read again: the vault may
   * have set the file aside, or another app changed them. `explain` may word a failure once they are read.
   */
  async #act<T>(
    call: () => Promise<Result<T>>,
    what: string,
    explain?: (failure: Failure) => Promise<string | undefined>,
  ): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    try {
      const result = await call();
      if (result.ok) return result.value;
      if (result.code !== 'cancelled' && result.code !== 'locked') await this.#reread();
      this.#failed({ ...result, message: (await explain?.(result)) ?? result.message }, what);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** The list, and the trash if it was shown: after a change, or a refusal that may mean one elsewhere. */
  #reread(): Promise<unknown> {
    return Promise.all([this.refresh(), this.trashState === 'idle' ? undefined : this.refreshTrash()]);
  }

  /** Copies a draft; resolves with the copy's id. */
  async duplicate(draft: DraftSummary): Promise<string | undefined> {
    const copy = await this.#act(() => this.api.draftDuplicate({ id: draft.id }), 'The copy was not made.');
    if (copy === undefined) return undefined;
    await this.refresh();
    this.#reveal(copy.id);
    this.notices.status(`Made a copy: “${copy.title}”.`);
    return copy.id;
  }

  async rename(draft: DraftSummary, title: string): Promise<boolean> {
    const renamed = await this.#act(
      () => this.api.draftRename({ id: draft.id, title }),
      'The draft was not renamed.',
    );
    if (renamed === undefined) return false;
    await this.refresh();
    this.notices.status(`Renamed to “${renamed.title}”.`);
    return true;
  }

  /** Moves a draft to the trash, with Undo. */
  async remove(draft: DraftSummary): Promise<boolean> {
    const done = await this.#act(() => this.api.draftDelete({ id: draft.id }), 'The draft was not deleted.');
    if (done === undefined) return false;
    await this.refresh();
    this.notices.status(`Moved “${draft.title}” to the trash.`, {
      label: 'Undo',
      run: () => void this.restore(draft),
    });
    return true;
  }

  async restore(draft: DraftSummary): Promise<boolean> {
    const done = await this.#act(
      () => this.api.draftRestore({ id: draft.id }),
      'The draft was not restored.',
    );
    if (done === undefined) return false;
    await this.#reread();
    this.notices.status(`Restored “${draft.title}”: it is back in your drafts.`);
    return true;
  }

  /** Deletes these drafts from the trash for good (exactly these: the ones the user confirmed). */
  async purge(entries: readonly TrashEntry[]): Promise<boolean> {
    const report = await this.#act(
      () => this.api.draftsPurge({ ids: entries.map((entry) => entry.id) }),
      'Nothing was deleted.',
      // The Trash screen's texts (loaded with it): which of them went elsewhere, by title.
      async (failure) =>
        failure.code === 'not-found'
          ? (await import('./trash-text.js')).goneFromTrash(entries, this.trash)
          : undefined,
    );
    if (report === undefined) return false;
    await this.refreshTrash();
    const [first] = report.removed;
    this.notices.status(
      report.removed.length === 1 && first !== undefined
        ? `Deleted “${first.title}” for good.`
        : `Deleted ${String(report.removed.length)} drafts for good.`,
    );
    return true;
  }

  async exportDraft(draft: DraftSummary): Promise<boolean> {
    const file = await this.#act(() => this.api.draftExport({ id: draft.id }), 'The draft was not exported.');
    if (file === undefined) return false;
    this.notices.status(
      `Exported “${draft.title}” as ${file.fileName}. It is encrypted: only this vault and its compliance recipients, if any, can open it.`,
    );
    return true;
  }

  /** Seals the draft into the archive folder as a signed evidence pack. */
  async sealDraft(draft: DraftSummary): Promise<boolean> {
    const pack = await this.#act(() => this.api.archiveSeal({ id: draft.id }), 'The draft was not sealed.');
    if (pack === undefined) return false;
    this.notices.status(`Sealed “${draft.title}” into the archive as ${pack.name}.`);
    return true;
  }

  /** Imports an `.age` draft or a request `.json`; resolves with the new draft's id. */
  async importDraft(): Promise<string | undefined> {
    const draft = await this.#act(() => this.api.draftImport({}), 'Nothing was imported.');
    if (draft === undefined) return undefined;
    await this.refresh();
    this.#reveal(draft.id);
    this.notices.status(`Imported “${draft.title}” as a new draft.`);
    return draft.id;
  }

  /** The user trusts a flagged file: it becomes a normal draft. Resolves with the new draft's id. */
  async acceptFlagged(file: DraftSummary): Promise<string | undefined> {
    const draft = await this.#act(
      () => this.api.draftAcceptFlagged({ id: file.id }),
      'The file was not imported.',
    );
    if (draft === undefined) return undefined;
    await this.refresh();
    this.#reveal(draft.id);
    this.notices.status(`Imported “${draft.title}” as a new draft.`);
    return draft.id;
  }

  async discardFlagged(file: DraftSummary): Promise<boolean> {
    const done = await this.#act(
      () => this.api.draftDiscardFlagged({ id: file.id }),
      'The file was not deleted.',
    );
    if (done === undefined) return false;
    await this.refresh();
    this.notices.status(`Deleted “${file.title}” for good.`);
    return true;
  }
}
