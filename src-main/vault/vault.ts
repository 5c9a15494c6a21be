/**
 * The encrypted drafts vault, entry point for the app (via IPC) and the CLI. One folder: an X25519
 * identity under the user's passphrase, one age file per draft (sealed against planting), an encrypted
 * index for fast listing, a trash and a quarantine. Every method returns a Result and never throws.
 * Format and threat model: docs/vault-format.md.
 */
import { lutimes, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import { hasPolicyRules, type PolicyRules } from '../../src-shared/drafts/status.js';
import {
  FLAGGED_ID_PATTERN,
  summaryUnderPolicy,
  type DraftSummary,
  type TrashEntry,
} from '../../src-shared/drafts/summary.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { STALE_TEMP_MS, removeStaleTempFiles } from '../files/atomic-write.js';
import {
  entryKind,
  moveRegularFile,
  readRegularFile,
  realFolder,
  removeRegularFile,
} from '../files/safe-fs.js';
import { RecipientEncrypter, unarmored } from './age-files.js';
import { AREAS, readConfig } from './config.js';
import {
  DRAFT_ID_PATTERN,
  copyOf,
  draftFromImport,
  draftFromImportText,
  makeDraft,
  type NewDraft,
} from './drafts.js';
import { fingerprint } from './index-store.js';
import { checkRecipients, createVaultFiles, tightenFolder } from './lifecycle.js';
import { DEFAULT_SCRYPT_WORK_FACTOR } from './scrypt.js';
import { MAX_DRAFT_FILE_BYTES } from './store.js';
import type { VaultOptions } from './vault-core.js';
import { TimeSlices } from './time-slices.js';
import { VaultLife, badId } from './vault-life.js';
import {
  checkDraftRecipients,
  reencryptDrafts,
  reencryptSome,
  type RecipientsCheck,
  type ReencryptReport,
} from './recipients.js';
import { purgeTrash, type PurgeSelection } from './trash-purge.js';
import { verifyVault, type VerifyReport } from './verify.js';
import type { PurgeReport } from '../../src-shared/drafts/retention.js';

export type { VaultOptions } from './vault-core.js';
export type { VerifyReport, VaultProblem } from './verify.js';
export type { NewDraft } from './drafts.js';
export type { RecipientsCheck, ReencryptReport } from './recipients.js';
export type { PurgeSelection } from './trash-purge.js';
export { verifyWithIdentity } from './recipients.js';

/**
 * Each scanned draft's summary with its status under the policy's rules, in time slices: judging ten
 * thousand drafts under a policy takes main tens of milliseconds, and its event loop serves every IPC call.
 */
async function underPolicy(
  items: readonly { summary: DraftSummary }[],
  rules: PolicyRules,
): Promise<DraftSummary[]> {
  if (!hasPolicyRules(rules)) return items.map((item) => item.summary);
  const slices = new TimeSlices();
  const summaries: DraftSummary[] = [];
  for (const item of items) {
    if (slices.due()) await slices.pause();
    summaries.push(summaryUnderPolicy(item.summary, rules));
  }
  return summaries;
}

function newestFirst(a: { updatedAt: string }, b: { updatedAt: string }): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
}

/** The refusal for an id that names no set-aside file (quarantine ids are `<problem>-<time>-<name>`). */
function notFlaggedId(id: string): Result<never> {
  return failure(
    'invalid-argument',
    DRAFT_ID_PATTERN.test(id)
      ? `${id} is a draft, not a file the vault set aside.`
      : `"${id.slice(0, 40)}" is not the id of a set-aside file.`,
  );
}

export class Vault extends VaultLife {
  /** Whether `folder` holds a vault (its vault.json exists), to choose between "create" and "unlock". */
  static async exists(folder: string): Promise<boolean> {
    return (await readConfig(folder)).ok;
  }

  /** Creates a vault in `folder` (made if missing) and returns it unlocked; weak passphrases are refused. */
  static async create(
    folder: string,
    passphrase: string,
    options: VaultOptions & { readonly recipients?: readonly string[] } = {},
  ): Promise<Result<Vault>> {
    return Vault.guard(async () => {
      const logN = Math.max(
        options.unsafeScryptWorkFactor ?? DEFAULT_SCRYPT_WORK_FACTOR,
        options.minScryptWorkFactor ?? 0,
      );
      const created = await createVaultFiles(
        folder,
        passphrase,
        options.recipients ?? [],
        logN,
        options.program ?? 'app',
      );
      if (!created.ok) return created;
      const vault = new Vault(folder, created.value.config, options);
      await vault.enter(created.value);
      return ok(vault);
    });
  }

  /** Opens an existing vault, locked: it can neither read nor save until unlock() succeeds. */
  static async open(folder: string, options: VaultOptions = {}): Promise<Result<Vault>> {
    return Vault.guard(async () => {
      const config = await readConfig(folder);
      if (!config.ok) return config;
      for (const area of AREAS) {
        const kind = await entryKind(join(folder, area));
        if (kind !== 'missing' && kind !== 'folder')
          return failure(
            'not-a-file',
            `${area}/ in ${folder} is a ${kind}, not a folder: the vault never follows links. Nothing was changed; "cmk-rekey vault doctor --vault ${folder}" (the command line, for IT) shows how to repair it.`,
          );
      }
      for (const sub of [folder, join(folder, 'drafts'), join(folder, 'trash')]) {
        await removeStaleTempFiles(sub, STALE_TEMP_MS);
      }
      const vault = new Vault(folder, config.value, options);
      const loose = await tightenFolder(folder);
      if (loose !== undefined) vault.warnings.push(loose);
      return ok(vault);
    });
  }

  /**
   * Drafts, newest first, then files set aside in quarantine (with `problem` set), each draft's status under
   * the policy's rules given. Needs unlocked.
   */
  async list(rules: PolicyRules = {}): Promise<Result<DraftSummary[]>> {
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const drafts = await reader.store.scan(reader, 'drafts');
      if (!drafts.ok) return drafts;
      const flagged = await reader.store.scan(reader, 'quarantine');
      if (!flagged.ok) return flagged;
      this.scheduleFlush();
      const rows = await underPolicy([...drafts.value, ...flagged.value], rules);
      const sorted = (items: DraftSummary[]) => items.sort(newestFirst);
      return ok([
        ...sorted(rows.filter((row) => row.problem === undefined)),
        ...sorted(rows.filter((row) => row.problem !== undefined)),
      ]);
    });
  }

  /** Opens a draft. A corrupt or untrusted file is moved to quarantine and reported, never returned. */
  async load(id: string): Promise<Result<DraftDocument>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.exclusive(() => this.loadNow(id));
  }

  /** Creates and saves a new draft (empty unless `init` says otherwise). Works while locked. */
  async newDraft(init: NewDraft = {}): Promise<Result<DraftDocument>> {
    return this.writing(() => this.record(makeDraft(init), { event: 'created' }));
  }

  /** Saves a copy of a draft under a new id, titled "… (copy)": a new open draft. Needs unlocked. */
  async duplicate(id: string): Promise<Result<DraftDocument>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.writing(async () => {
      const draft = await this.loadNow(id);
      return draft.ok
        ? this.record(copyOf(draft.value), { event: 'created', detail: `copy of ${id}` })
        : draft;
    });
  }

  /** Moves a draft to the vault's trash (restorable). */
  async delete(id: string): Promise<Result<void>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.writing(async () => {
      const store = this.writer();
      if ('ok' in store) return store;
      const from = store.path('drafts', `${id}.age`);
      const to = store.path('trash', `${id}.age`);
      const before = await stat(from, { bigint: true }).catch(() => undefined);
      if (before === undefined) return failure('not-found', 'There is no such draft.');
      const trash = await realFolder(join(this.folder, 'trash'), true);
      if (!trash.ok) return trash;
      // deletedAt is the modification time, which a rename keeps: set before the move, so that a crash
      // between the two leaves the draft in the list, not in the trash dated by its last edit (which the
      // trash's "remove after N days" would take for an old deletion). lutimes: never through a link.
      const now = new Date();
      await lutimes(from, now, now);
      const moved = await moveRegularFile(from, to, true);
      if (!moved.ok) return moved;
      const entry = this.index?.get(`drafts/${id}.age`);
      this.index?.delete(`drafts/${id}.age`);
      const info = await stat(to, { bigint: true });
      // The entry moves along only if it described this very file (the rename keeps its bytes).
      if (entry?.fp === fingerprint(before))
        this.index?.set(`trash/${id}.age`, { ...entry, fp: fingerprint(info) });
      this.scheduleFlush();
      return ok(undefined);
    });
  }

  /** Drafts in the trash, most recently deleted first, with their status as `list` gives it. Needs unlocked. */
  async listTrash(rules: PolicyRules = {}): Promise<Result<TrashEntry[]>> {
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const scanned = await reader.store.scan(reader, 'trash');
      if (!scanned.ok) return scanned;
      this.scheduleFlush();
      const items = scanned.value.filter((item) => item.summary.problem === undefined);
      const summaries = await underPolicy(items, rules);
      const entries = items.map((item, index) => ({
        ...(summaries[index] ?? item.summary),
        deletedAt: item.mtime.toISOString(),
      }));
      return ok(entries.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0)));
    });
  }

  /** Moves a draft back from the trash; 'exists' if a draft with its id is in the list. */
  async restore(id: string): Promise<Result<void>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.writing(async () => {
      const store = this.writer();
      if ('ok' in store) return store;
      const from = store.path('trash', `${id}.age`);
      const to = store.path('drafts', `${id}.age`);
      if ((await entryKind(from)) === 'missing') return failure('not-found', 'It is not in the trash.');
      if ((await entryKind(to)) !== 'missing') return failure('exists', 'A draft with this id exists.');
      const moved = await moveRegularFile(from, to);
      if (!moved.ok) return moved;
      this.index?.delete(`trash/${id}.age`);
      this.scheduleFlush();
      return ok(undefined);
    });
  }

  /**
   * Deletes drafts from the trash for good: the chosen ones, or all, or those deleted more than N days
   * ago; with `keepRecords` (the automatic purge) sent, completed and withdrawn requests stay. Needs unlocked.
   */
  async purgeTrash(selection: PurgeSelection = {}): Promise<Result<PurgeReport>> {
    return this.writing(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      return purgeTrash(reader, selection, () => {
        this.scheduleFlush();
      });
    });
  }

  /** Deletes every draft in the trash for good; returns how many were removed. */
  async emptyTrash(): Promise<Result<number>> {
    const purged = await this.purgeTrash();
    return purged.ok ? ok(purged.value.removed.length) : purged;
  }

  /**
   * Writes a draft, sealed, as an age file at `path`, to the vault's recipients or to `recipients`. An
   * existing file is replaced only with `force` (the app's save dialog asked); never inside the vault.
   */
  async exportDraft(
    id: string,
    path: string,
    recipients?: readonly string[],
    force = false,
  ): Promise<Result<void>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    const checked = checkRecipients(recipients ?? []);
    if (!checked.ok) return checked;
    return this.exclusive(async () => {
      const draft = await this.loadNow(id);
      if (!draft.ok) return draft;
      const store = this.writer();
      if ('ok' in store) return store;
      if (recipients !== undefined && checked.value.length === 0)
        return failure('invalid-argument', 'Name at least one recipient.');
      const to =
        recipients === undefined ? this.everyone(this.config) : new RecipientEncrypter(checked.value);
      return store.writeCopy(draft.value, to, path, force);
    });
  }

  /**
   * Imports an age file encrypted to this vault (exported draft, draft or request written with
   * `age -r <recipient>`): the user chose it, so it is re-sealed as a new draft. Needs unlocked.
   */
  async importFile(path: string): Promise<Result<DraftDocument>> {
    return this.writing(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const bytes = await readRegularFile(path, MAX_DRAFT_FILE_BYTES, true);
      if (!bytes.ok) return bytes;
      const binary = unarmored(bytes.value);
      const decrypted = binary.ok ? await reader.decrypter.decrypt(binary.bytes) : binary;
      if (!decrypted.ok)
        return failure('corrupt', `${basename(path)} cannot be imported: ${decrypted.reason}.`);
      const draft = draftFromImportText(decrypted.text, basename(path, '.age'));
      return draft.ok
        ? this.record(draft.value, { event: 'created', detail: `imported from ${basename(path)}` })
        : draft;
    });
  }

  /** Saves a request file's content (already read and parsed) as a new draft. Works while locked. */
  async importRequest(request: Record<string, unknown>, title: string): Promise<Result<DraftDocument>> {
    const draft = draftFromImport(request, `${title}.json`);
    if (!draft.ok) return draft;
    return this.writing(() => this.record(draft.value, { event: 'created', detail: 'imported' }));
  }

  /** Imports a quarantined file's draft as a new, sealed draft (the user trusts it), then removes it. */
  async acceptFlagged(id: string): Promise<Result<DraftDocument>> {
    if (!FLAGGED_ID_PATTERN.test(id)) return notFlaggedId(id);
    return this.writing(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const opened = await reader.store.inspect(reader, 'quarantine', `${id}.age`);
      if (opened === undefined) return failure('not-found', 'It is no longer in quarantine.');
      if (opened.kind === 'unreadable') return failure('io', `It cannot be read now: ${opened.reason}`);
      if (opened.kind === 'newer')
        return failure(
          'unsupported-version',
          `This file cannot be imported by this version of the app: ${opened.reason.replace(/\.$/, '')}. It stays in quarantine.`,
        );
      if (opened.kind === 'corrupt')
        return failure('corrupt', `This file holds no readable draft: ${opened.reason}`);
      if (opened.draft === undefined)
        return failure('not-a-request', 'This file decrypts but holds no draft.');
      const saved = await this.record(copyOf(opened.draft, opened.draft.title), {
        event: 'created',
        detail: 'imported from quarantine',
      });
      if (saved.ok) {
        const removed = await removeRegularFile(reader.store.path('quarantine', `${id}.age`));
        if (!removed.ok) return removed;
        reader.index.delete(`quarantine/${id}.age`);
      }
      return saved;
    });
  }

  /** Deletes a quarantined file for good (the user chose to). */
  async discardFlagged(id: string): Promise<Result<void>> {
    if (!FLAGGED_ID_PATTERN.test(id)) return notFlaggedId(id);
    return this.writing(async () => {
      const store = this.writer();
      if ('ok' in store) return store;
      const removed = await removeRegularFile(store.path('quarantine', `${id}.age`));
      if (!removed.ok && removed.code !== 'not-found') return removed;
      this.index?.delete(`quarantine/${id}.age`);
      this.scheduleFlush();
      return ok(undefined);
    });
  }

  /**
   * Re-encrypts every draft (and trashed draft) to the current recipients, signed; crash-safe file by
   * file. Needs unlocked.
   */
  async reencrypt(progress?: (done: number) => void): Promise<Result<ReencryptReport>> {
    return this.writing(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const report = await reencryptDrafts(this.folder, reader, progress);
      await this.refreshFingerprints();
      this.scheduleFlush();
      return report;
    });
  }

  /** How many drafts are encrypted to another set of recipients than the current one. Needs unlocked. */
  async recipientsCheck(): Promise<Result<RecipientsCheck>> {
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const checked = await checkDraftRecipients(reader);
      this.scheduleFlush();
      return checked;
    });
  }

  /** Re-encrypts at most `limit` drafts that `recipientsCheck` counts; the app repeats it to show progress. */
  async reencryptSome(limit: number) {
    return this.writing(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const done = await reencryptSome(reader, limit);
      await this.refreshFingerprints();
      this.scheduleFlush();
      return done;
    });
  }

  /** Checks every file (identity was checked by unlock; index, drafts, trash, quarantine) without changing any. */
  async verify(): Promise<Result<VerifyReport>> {
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      return ok(await verifyVault(this.folder, reader));
    });
  }
}
