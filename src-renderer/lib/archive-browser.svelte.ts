/**
 * The archive browser's state: the archive folder's pack names (newest first, from the folder listing),
 * the listings read so far (the first screen at once, the rest in the background, in batches), their
 * badges (verified by main in the background, so the list never waits), search, filter and sort over what
 * is read, and one pack opened read-only.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { PackContent, PackEntry, PackVerdict, Verdict } from '../../src-shared/archive/pack-schema.js';
import type { ArchiveStatus } from '../../src-shared/ipc/archive-contract.js';
import { searchMatcher } from '../../src-shared/drafts/find.js';
import type { Api } from './api.js';
import type { Notices } from './notices.svelte.js';

export const BADGE_LABELS: Record<Verdict | 'pending', string> = {
  valid: 'Valid',
  tampered: 'Tampered',
  'unknown-signer': 'Unknown signer',
  unverifiable: 'Unverifiable',
  pending: 'Checking…',
};

export const SORTS = {
  sealed: 'Sealed, newest first',
  organization: 'Organization',
  account: 'AWS account',
  ticket: 'Ticket',
  badge: 'Badge (problems first)',
} as const;
export type SortKey = keyof typeof SORTS;
export type BadgeFilter = Verdict | 'pending' | 'all';

/** Listings read before the list shows: more than a screen of rows. */
const FIRST_SCREEN = 40;
const READ_BATCH = 250;
const VERIFY_BATCH = 100;
const count = new Intl.NumberFormat('en-US');
/** One collator for every sort: far quicker than localeCompare on thousands of packs. */
const collator = new Intl.Collator('en');
const BADGE_ORDER: Record<Verdict | 'pending', number> = {
  tampered: 0,
  'unknown-signer': 1,
  unverifiable: 2,
  pending: 3,
  valid: 4,
};

export class ArchiveBrowser {
  status = $state.raw<ArchiveStatus | undefined>(undefined);
  /** Every entry of the archive folder, newest first. */
  names = $state.raw<readonly string[]>([]);
  /** The listings read so far, in the order of `names`. */
  entries = $state.raw<readonly PackEntry[]>([]);
  readonly verdicts = new SvelteMap<string, PackVerdict>();
  /** `no-folder`: none chosen yet, the normal first visit (not an error). */
  state = $state<'idle' | 'loading' | 'loaded' | 'no-folder' | 'failed'>('idle');
  problem = $state('');
  query = $state('');
  badgeFilter = $state<BadgeFilter>('all');
  statusFilter = $state('all');
  sort = $state<SortKey>('sealed');
  opened = $state.raw<PackContent | undefined>(undefined);
  /**
   * What the last Save as .zip of the opened pack came to. Shown in the pack, which is a modal dialog:
   * the app's notices would show under its backdrop.
   */
  saved = $state.raw<{ readonly failed: boolean; readonly text: string } | undefined>(undefined);
  /** Bumped on every load, so an older background run stops feeding badges. */
  #generation = 0;

  constructor(
    private readonly api: Api,
    private readonly notices: Notices,
  ) {}

  badgeOf(name: string): Verdict | 'pending' {
    return this.verdicts.get(name)?.verdict ?? 'pending';
  }

  readonly statuses = $derived(
    this.entries
      .map((entry) => entry.status)
      .filter((status, index, all) => status !== '' && all.indexOf(status) === index)
      .sort(),
  );

  readonly checked = $derived(this.verdicts.size);

  /** What the list shows and how far the background reading and checking are. */
  readonly progress = $derived.by(() => {
    const total = count.format(this.names.length);
    const shown = `${count.format(this.visible.length)} of ${count.format(this.entries.length)} packs shown`;
    if (this.entries.length < this.names.length)
      return `Reading ${count.format(this.entries.length)} of ${total} packs… ${shown}.`;
    return `${shown}; ${count.format(this.checked)} of ${total} checked.`;
  });

  readonly visible = $derived.by(() => {
    const found = searchMatcher(this.query);
    const matches = this.entries.filter((entry) => {
      if (this.badgeFilter !== 'all' && this.badgeOf(entry.name) !== this.badgeFilter) return false;
      if (this.statusFilter !== 'all' && entry.status !== this.statusFilter) return false;
      const { awsAccountId: account } = entry;
      return found(
        [entry.name, entry.organizationId, account, entry.ticketRef, entry.site, entry.signer],
        account,
      );
    });
    const by = (pick: (entry: PackEntry) => string) => (left: PackEntry, right: PackEntry) =>
      collator.compare(pick(left), pick(right)) || collator.compare(left.name, right.name);
    switch (this.sort) {
      case 'sealed':
        return matches.sort((left, right) => collator.compare(right.sealedAt, left.sealedAt));
      case 'organization':
        return matches.sort(by((entry) => entry.organizationId));
      case 'account':
        return matches.sort(by((entry) => entry.awsAccountId));
      case 'ticket':
        return matches.sort(by((entry) => entry.ticketRef));
      case 'badge':
        return matches.sort(
          (left, right) =>
            BADGE_ORDER[this.badgeOf(left.name)] - BADGE_ORDER[this.badgeOf(right.name)] ||
            collator.compare(right.sealedAt, left.sealedAt),
        );
    }
  });

  /**
   * Lists the folder, reads and shows the first screen's packs, then reads the rest and verifies
   * everything in the background (what is on screen first).
   */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.state = 'loading';
    // an opened pack is shown as it was read: a new reading of the folder closes it
    this.opened = undefined;
    const [status, first] = await Promise.all([
      this.api.archiveStatus({}),
      this.api.archiveNames({ first: FIRST_SCREEN }),
    ]);
    if (status.ok) this.status = status.value;
    if (generation !== this.#generation) return;
    this.verdicts.clear();
    if (!first.ok) {
      this.state = status.ok && status.value.folder === '' ? 'no-folder' : 'failed';
      this.problem = first.message;
      this.names = [];
      this.entries = [];
      return;
    }
    this.names = first.value.names;
    this.entries = first.value.entries;
    this.state = 'loaded';
    void this.#fill(generation);
  }

  #read(names: readonly string[]): ReturnType<Api['archiveEntries']> {
    return this.api.archiveEntries({ names: [...names] });
  }

  async #fill(generation: number): Promise<void> {
    const firstScreen = this.entries.map((entry) => entry.name);
    if (!(await this.#verify(firstScreen, generation))) return;
    for (let start = this.entries.length; start < this.names.length; start += READ_BATCH) {
      const result = await this.#read(this.names.slice(start, start + READ_BATCH));
      if (generation !== this.#generation) return;
      if (!result.ok) {
        this.notices.alert(`The rest of the archive could not be read. ${result.message}`);
        return;
      }
      this.entries = [...this.entries, ...result.value];
    }
    // what is on screen now first, in the current order
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, not state
    const queue = new Set([...this.visible, ...this.entries].map((entry) => entry.name));
    await this.#verify(
      [...queue].filter((name) => !this.verdicts.has(name)),
      generation,
    );
  }

  /** Verifies `names` in batches; false when it stopped (a newer load, or an error shown). */
  async #verify(names: readonly string[], generation: number): Promise<boolean> {
    for (let start = 0; start < names.length; start += VERIFY_BATCH) {
      const result = await this.api.archiveVerify({ names: names.slice(start, start + VERIFY_BATCH) });
      if (generation !== this.#generation) return false;
      if (!result.ok) {
        this.notices.alert(`The packs could not be checked. ${result.message}`);
        return false;
      }
      for (const verdict of result.value) this.verdicts.set(verdict.name, verdict);
    }
    return true;
  }

  chooseFolder(): Promise<void> {
    return this.#choose(() => this.api.archiveChooseFolder({}));
  }

  chooseAllowedSigners(): Promise<void> {
    return this.#choose(() => this.api.archiveChooseAllowedSigners({}));
  }

  /** Runs a chooser dialog in main; a new choice reloads the list and its badges. */
  async #choose(dialog: () => ReturnType<Api['archiveChooseFolder']>): Promise<void> {
    const result = await dialog();
    if (!result.ok) {
      if (result.code !== 'cancelled') this.notices.alert(result.message);
      return;
    }
    this.status = result.value;
    await this.load();
  }

  /**
   * Opens a pack read-only and checks it again, so the badge beside what is shown is about the pack as it
   * is now (it may have changed since the list was checked; the cache makes an unchanged pack quick).
   */
  async open(name: string): Promise<void> {
    const [result, checked] = await Promise.all([
      this.api.archiveOpen({ name }),
      this.api.archiveVerify({ names: [name] }),
    ]);
    if (checked.ok) for (const verdict of checked.value) this.verdicts.set(verdict.name, verdict);
    else {
      this.verdicts.delete(name);
      this.notices.alert(`The packs could not be checked. ${checked.message}`);
    }
    if (!result.ok) {
      this.notices.alert(result.message);
      return;
    }
    this.saved = undefined;
    this.opened = result.value;
  }

  close(): void {
    this.opened = undefined;
  }

  /** Saves a .zip of the opened pack where the user chooses (main shows the Save dialog). */
  async zip(name: string): Promise<void> {
    const result = await this.api.archiveZip({ name });
    if (result.ok) this.saved = { failed: false, text: `Saved ${name} as ${result.value.path}.` };
    else if (result.code !== 'cancelled') this.saved = { failed: true, text: result.message };
  }
}
