/**
 * The archive browser's state: the packs of the archive folder (listed at once from bag-info), their
 * badges (verified by main in the background, in batches, so the list never waits), search, filter,
 * sort, and one pack opened read-only.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { PackContent, PackEntry, PackVerdict, Verdict } from '../../src-shared/archive/pack-schema.js';
import type { ArchiveStatus } from '../../src-shared/ipc/archive-contract.js';
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

const BATCH = 100;
const BADGE_ORDER: Record<Verdict | 'pending', number> = {
  tampered: 0,
  'unknown-signer': 1,
  unverifiable: 2,
  pending: 3,
  valid: 4,
};

export class ArchiveBrowser {
  status = $state.raw<ArchiveStatus | undefined>(undefined);
  entries = $state.raw<readonly PackEntry[]>([]);
  readonly verdicts = new SvelteMap<string, PackVerdict>();
  state = $state<'idle' | 'loading' | 'loaded' | 'failed'>('idle');
  problem = $state('');
  query = $state('');
  badgeFilter = $state<BadgeFilter>('all');
  statusFilter = $state('all');
  sort = $state<SortKey>('sealed');
  opened = $state.raw<PackContent | undefined>(undefined);
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

  readonly visible = $derived.by(() => {
    const query = this.query.trim().toLowerCase();
    const matches = this.entries.filter((entry) => {
      if (this.badgeFilter !== 'all' && this.badgeOf(entry.name) !== this.badgeFilter) return false;
      if (this.statusFilter !== 'all' && entry.status !== this.statusFilter) return false;
      if (query === '') return true;
      return [entry.name, entry.organizationId, entry.awsAccountId, entry.ticketRef, entry.site, entry.signer]
        .join('\n')
        .toLowerCase()
        .includes(query);
    });
    const by = (pick: (entry: PackEntry) => string) => (left: PackEntry, right: PackEntry) =>
      pick(left).localeCompare(pick(right)) || left.name.localeCompare(right.name);
    switch (this.sort) {
      case 'sealed':
        return matches.sort((left, right) => right.sealedAt.localeCompare(left.sealedAt));
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
            right.sealedAt.localeCompare(left.sealedAt),
        );
    }
  });

  /** Reads the folder's packs, shows them, then verifies them in the background. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.state = 'loading';
    const status = await this.api.archiveStatus({});
    if (status.ok) this.status = status.value;
    const listed = await this.api.archiveList({});
    if (generation !== this.#generation) return;
    if (!listed.ok) {
      this.state = 'failed';
      this.problem = listed.message;
      this.entries = [];
      return;
    }
    this.entries = listed.value;
    this.verdicts.clear();
    this.state = 'loaded';
    void this.#verifyAll(generation);
  }

  async #verifyAll(generation: number): Promise<void> {
    // what is on screen first: the current order, in batches
    const names = this.visible.map((entry) => entry.name);
    const rest = this.entries.map((entry) => entry.name).filter((name) => !names.includes(name));
    const queue = [...names, ...rest];
    for (let start = 0; start < queue.length; start += BATCH) {
      const result = await this.api.archiveVerify({ names: queue.slice(start, start + BATCH) });
      if (generation !== this.#generation) return;
      if (!result.ok) {
        this.notices.alert(`The packs could not be checked. ${result.message}`);
        return;
      }
      for (const verdict of result.value) this.verdicts.set(verdict.name, verdict);
    }
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

  async open(name: string): Promise<void> {
    const result = await this.api.archiveOpen({ name });
    if (!result.ok) {
      this.notices.alert(result.message);
      return;
    }
    this.opened = result.value;
  }

  close(): void {
    this.opened = undefined;
  }
}
