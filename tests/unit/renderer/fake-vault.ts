/**
 * An in-memory stand-in for main's vault behind the renderer API: every channel is a vi.fn with a
 * working default (drafts, trash, flagged files, lock state), so tests can check calls and override
 * single answers with mockResolvedValueOnce.
 */
import { vi } from 'vitest';
import type { Api } from '../../../src-renderer/lib/api.js';
import type { DraftDocument } from '../../../src-shared/drafts/draft.js';
import type { DraftSummary, TrashEntry } from '../../../src-shared/drafts/summary.js';
import {
  applyEdit,
  isFrozen,
  markCompleted,
  markSent,
  revise,
  withdraw,
  type LifeChange,
} from '../../../src-shared/drafts/life.js';
import { failure, ok, type Result } from '../../../src-shared/ipc/result.js';
import type { VaultStatus } from '../../../src-shared/ipc/vault-contract.js';
import { NO_POLICY } from '../../../src-renderer/lib/policy.svelte.js';
import { draftDocument, vaultStatus } from './fixtures.js';

export const PASSPHRASE = 'copper lantern drifts over quiet harbor';

export type FakeApi = { [M in keyof Api]: ReturnType<typeof vi.fn<Api[M]>> };

function summaryOf(draft: DraftDocument): DraftSummary {
  return {
    id: draft.id,
    title: draft.title,
    status: draft.request.awsAccountId === '' ? 'incomplete' : 'has-errors',
    realm: draft.request.realm,
    awsAccountId: draft.request.awsAccountId,
    updatedAt: draft.updatedAt,
    state: draft.state,
    revision: draft.revision,
    siteUrl: draft.request.siteUrl,
    organizationId: draft.request.organizationId,
    ...(draft.sent === undefined ? {} : { ticket: draft.sent.ticket, sentAt: draft.sent.at }),
    ...(draft.completed === undefined ? {} : { completedAt: draft.completed.at }),
  };
}

const ACTOR = { user: 'tester' };
const noArchive = () =>
  Promise.resolve(
    failure(
      'not-found',
      'No archive folder is chosen yet. Choose one on the Archive screen, with Choose… next to "Archive folder".',
    ),
  );

export class FakeVault {
  /**
   * Stores a lifecycle change made with the app's own rules (src-shared/drafts/life.ts); a frozen draft's
   * refusal carries it, as main's does.
   */
  private changed<D>(change: Result<LifeChange, D>): Result<DraftDocument, D> {
    return change.ok ? ok(this.add(change.value.draft)) : change;
  }

  status: VaultStatus;
  readonly drafts = new Map<string, DraftDocument>();
  readonly trash = new Map<string, TrashEntry>();
  /** The maintenance-window timezone per site, as main keeps it in its settings (here by the site as given). */
  readonly siteTimeZones = new Map<string, string>();
  flagged: DraftSummary[] = [];
  /** Drafts encrypted to an older set of recipients (re-encryption brings the count down). */
  recipients = { outdated: 0, missing: [] as string[], extra: [] as string[] };
  #counter = 0;
  readonly api: FakeApi;

  constructor(status: Partial<VaultStatus> = {}) {
    this.status = vaultStatus(status);
    const done = <T>(value: T) => Promise.resolve(ok(value));
    const unlocked = <T, D = never>(run: () => Result<T, D>): Promise<Result<T, D>> =>
      Promise.resolve(this.status.state === 'unlocked' ? run() : failure('locked', 'The vault is locked.'));
    const found = <T, D = never>(
      id: string,
      run: (draft: DraftDocument) => Result<T, D>,
    ): Promise<Result<T, D>> =>
      unlocked(() => {
        const draft = this.drafts.get(id);
        return draft === undefined ? failure('not-found', 'There is no such draft.') : run(draft);
      });
    this.api = {
      openRequest: vi.fn<Api['openRequest']>(() =>
        Promise.resolve(failure('cancelled', 'No file was opened.')),
      ),
      saveRequest: vi.fn<Api['saveRequest']>(() => done({ fileName: 'acme.json' })),
      exportTicket: vi.fn<Api['exportTicket']>(() => done({ fileName: 'ticket.txt' })),
      newRequest: vi.fn<Api['newRequest']>(() => done({})),
      policyStatus: vi.fn<Api['policyStatus']>(() => done(NO_POLICY)),
      appInfo: vi.fn<Api['appInfo']>(() => done({ name: 'CMK Rekey', version: '0.1.0', platform: 'linux' })),
      vaultStatus: vi.fn<Api['vaultStatus']>(() => done(this.status)),
      vaultCreate: vi.fn<Api['vaultCreate']>(() => {
        this.status = { ...this.status, state: 'unlocked', canSave: true };
        return done(this.status);
      }),
      vaultUnlock: vi.fn<Api['vaultUnlock']>(({ passphrase }) => {
        if (passphrase !== PASSPHRASE)
          return Promise.resolve(failure('wrong-passphrase', 'The passphrase is not right.'));
        this.status = { ...this.status, state: 'unlocked', canSave: true };
        return done(this.status);
      }),
      vaultLock: vi.fn<Api['vaultLock']>(() => {
        if (this.status.state === 'unlocked') this.status = { ...this.status, state: 'locked' };
        return done(this.status);
      }),
      vaultChangePassphrase: vi.fn<Api['vaultChangePassphrase']>(({ current }) =>
        current === PASSPHRASE
          ? done(this.status)
          : Promise.resolve(failure('wrong-passphrase', 'The passphrase is not right.')),
      ),
      vaultSetAutoLock: vi.fn<Api['vaultSetAutoLock']>(({ minutes }) => {
        this.status = { ...this.status, autoLockMinutes: minutes };
        return done(this.status);
      }),
      vaultSetTrashRetention: vi.fn<Api['vaultSetTrashRetention']>(({ days }) => {
        this.status = { ...this.status, trashRetentionDays: days };
        return done(this.status);
      }),
      siteTimeZone: vi.fn<Api['siteTimeZone']>(({ site }) =>
        Promise.resolve(ok({ timeZone: this.siteTimeZones.get(site) ?? '' })),
      ),
      siteTimeZoneSet: vi.fn<Api['siteTimeZoneSet']>(({ site, timeZone }) => {
        this.siteTimeZones.set(site, timeZone);
        return Promise.resolve(ok({ timeZone }));
      }),
      vaultSetRecipients: vi.fn<Api['vaultSetRecipients']>(({ passphrase, recipients }) => {
        if (passphrase !== PASSPHRASE)
          return Promise.resolve(failure('wrong-passphrase', 'The passphrase is not right.'));
        this.status = { ...this.status, extraRecipients: recipients };
        return done(this.status);
      }),
      vaultChooseFolder: vi.fn<Api['vaultChooseFolder']>(() =>
        Promise.resolve(failure('cancelled', 'The vault folder was not changed.')),
      ),
      draftsList: vi.fn<Api['draftsList']>(() =>
        unlocked(() =>
          ok([
            ...[...this.drafts.values()].map(summaryOf).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)),
            ...this.flagged,
          ]),
        ),
      ),
      draftsTrash: vi.fn<Api['draftsTrash']>(() => unlocked(() => ok([...this.trash.values()]))),
      draftNew: vi.fn<Api['draftNew']>(({ request, title }) => {
        const draft = this.add(
          draftDocument({ id: this.nextId(), ...(request && { request }), ...(title && { title }) }),
        );
        return done(draft);
      }),
      draftLoad: vi.fn<Api['draftLoad']>(({ id }) => found(id, (draft) => ok(structuredClone(draft)))),
      draftSave: vi.fn<Api['draftSave']>(({ draft }) => {
        if (!this.status.canSave)
          return Promise.resolve(failure('locked', 'Unlock the vault once before saving drafts.'));
        // The app's own rule (as main applies it): a frozen request refuses edits, with the stored draft,
        // and a step change gets the stored draft back.
        const stored = this.drafts.get(draft.id);
        const edit = stored === undefined ? undefined : applyEdit(stored, draft);
        if (edit?.ok === false) return Promise.resolve(edit);
        if (stored !== undefined && isFrozen(stored)) return done(stored);
        return done(this.add({ ...structuredClone(draft), updatedAt: this.now() }));
      }),
      draftDuplicate: vi.fn<Api['draftDuplicate']>(({ id }) =>
        found(id, (draft) =>
          ok(this.add({ ...structuredClone(draft), id: this.nextId(), title: `${draft.title} (copy)` })),
        ),
      ),
      draftRename: vi.fn<Api['draftRename']>(({ id, title }) =>
        found(id, (draft) => ok(this.add({ ...draft, title }))),
      ),
      draftDelete: vi.fn<Api['draftDelete']>(({ id }) =>
        found(id, (draft) => {
          this.drafts.delete(id);
          this.trash.set(id, { ...summaryOf(draft), deletedAt: this.now() });
          return ok({});
        }),
      ),
      draftRestore: vi.fn<Api['draftRestore']>(({ id }) =>
        unlocked(() => {
          const entry = this.trash.get(id);
          if (entry === undefined) return failure('not-found', 'It is not in the trash.');
          this.trash.delete(id);
          this.drafts.set(id, draftDocument({ id, title: entry.title, updatedAt: entry.updatedAt }));
          return ok({});
        }),
      ),
      draftsPurge: vi.fn<Api['draftsPurge']>(({ ids }) =>
        unlocked(() => {
          const chosen = ids ?? [...this.trash.keys()];
          const missing = chosen.find((id) => !this.trash.has(id));
          if (missing !== undefined) return failure('not-found', `${missing} is not in the trash.`);
          const removed = chosen.flatMap((id) => {
            const entry = this.trash.get(id);
            this.trash.delete(id);
            return entry === undefined
              ? []
              : [{ id, title: entry.title, state: entry.state, deletedAt: entry.deletedAt }];
          });
          return ok({ removed, kept: [] });
        }),
      ),
      draftsRecipients: vi.fn<Api['draftsRecipients']>(() =>
        unlocked(() => ok(structuredClone(this.recipients))),
      ),
      draftsReencrypt: vi.fn<Api['draftsReencrypt']>(({ limit }) =>
        unlocked(() => {
          const reencrypted = Math.min(limit, this.recipients.outdated);
          const remaining = this.recipients.outdated - reencrypted;
          this.recipients =
            remaining === 0
              ? { outdated: 0, missing: [], extra: [] }
              : { ...this.recipients, outdated: remaining };
          return ok({ reencrypted, remaining, skipped: 0 });
        }),
      ),
      draftMarkSent: vi.fn<Api['draftMarkSent']>(({ id, ticket, at }) =>
        found(id, (draft) =>
          this.changed(markSent(draft, { ticket, at: at ?? this.now(), by: ACTOR }, new Date())),
        ),
      ),
      draftComplete: vi.fn<Api['draftComplete']>(({ id, at, note }) =>
        found(id, (draft) =>
          this.changed(
            markCompleted(draft, { at: at ?? this.now(), note: note ?? '', by: ACTOR }, new Date()),
          ),
        ),
      ),
      draftWithdraw: vi.fn<Api['draftWithdraw']>(({ id, reason }) =>
        found(id, (draft) => this.changed(withdraw(draft, { at: this.now(), reason, by: ACTOR }))),
      ),
      draftRevise: vi.fn<Api['draftRevise']>(({ id }) =>
        found(id, (draft) => this.changed(revise(draft, this.nextId(), this.now()))),
      ),
      draftExport: vi.fn<Api['draftExport']>(({ id }) => found(id, () => ok({ fileName: 'draft.age' }))),
      draftImport: vi.fn<Api['draftImport']>(() =>
        done(this.add(draftDocument({ id: this.nextId(), title: 'imported request' }))),
      ),
      draftAcceptFlagged: vi.fn<Api['draftAcceptFlagged']>(({ id }) =>
        unlocked(() => {
          const file = this.flagged.find((entry) => entry.id === id);
          if (file === undefined) return failure('not-found', 'It is no longer in quarantine.');
          this.flagged = this.flagged.filter((entry) => entry.id !== id);
          return ok(this.add(draftDocument({ id: this.nextId(), title: file.title })));
        }),
      ),
      draftDiscardFlagged: vi.fn<Api['draftDiscardFlagged']>(({ id }) =>
        unlocked(() => {
          this.flagged = this.flagged.filter((entry) => entry.id !== id);
          return ok({});
        }),
      ),
      // No archive folder chosen: the archive screen's own tests use a real archive in the e2e harness.
      archiveStatus: vi.fn<Api['archiveStatus']>(() => done({ folder: '', allowedSigners: '' })),
      archiveChooseFolder: vi.fn<Api['archiveChooseFolder']>(noArchive),
      archiveChooseAllowedSigners: vi.fn<Api['archiveChooseAllowedSigners']>(noArchive),
      archiveNames: vi.fn<Api['archiveNames']>(noArchive),
      archiveEntries: vi.fn<Api['archiveEntries']>(noArchive),
      archiveZip: vi.fn<Api['archiveZip']>(noArchive),
      archiveVerify: vi.fn<Api['archiveVerify']>(noArchive),
      archiveOpen: vi.fn<Api['archiveOpen']>(noArchive),
      archiveSeal: vi.fn<Api['archiveSeal']>(noArchive),
    };
  }

  now(): string {
    return new Date().toISOString();
  }

  nextId(): string {
    this.#counter++;
    return this.#counter.toString(16).padStart(32, '0');
  }

  add(draft: DraftDocument): DraftDocument {
    this.drafts.set(draft.id, draft);
    return draft;
  }
}
