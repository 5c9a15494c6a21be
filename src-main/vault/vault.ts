/**
 * The encrypted drafts vault, entry point for the app (via IPC) and the CLI. One folder: an X25519
 * identity under the user's passphrase, one age file per draft (sealed against planting), an encrypted
 * index for fast listing, a trash and a quarantine. Every method returns a Result and never throws.
 * Format and threat model: docs/vault-format.md.
 */
import { readdir, stat, unlink, utimes } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import { FLAGGED_ID_PATTERN, type DraftSummary, type TrashEntry } from '../../src-shared/drafts/summary.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { fsyncFolder, moveFileDurable, removeStaleTempFiles } from '../files/atomic-write.js';
import { RecipientEncrypter } from './age-files.js';
import { readConfig, readVaultFile } from './config.js';
import {
  DRAFT_ID_PATTERN,
  copyOf,
  draftFromImport,
  draftFromImportText,
  makeDraft,
  type NewDraft,
} from './drafts.js';
import { fingerprint } from './index-store.js';
import { checkRecipients, createVaultFiles } from './lifecycle.js';
import { DEFAULT_SCRYPT_WORK_FACTOR } from './scrypt.js';
import { MAX_DRAFT_FILE_BYTES } from './store.js';
import type { VaultOptions } from './vault-core.js';
import { VaultLife, badId } from './vault-life.js';
import { verifyVault, type VerifyReport } from './verify.js';

export type { VaultOptions } from './vault-core.js';
export type { VerifyReport, VaultProblem } from './verify.js';
export type { NewDraft } from './drafts.js';

const STALE_TEMP_MS = 60 * 60 * 1000;

function newestFirst(a: { updatedAt: string }, b: { updatedAt: string }): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
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
      const logN = options.unsafeScryptWorkFactor ?? DEFAULT_SCRYPT_WORK_FACTOR;
      const created = await createVaultFiles(folder, passphrase, options.recipients ?? [], logN);
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
      for (const sub of [folder, join(folder, 'drafts'), join(folder, 'trash')]) {
        await removeStaleTempFiles(sub, STALE_TEMP_MS);
      }
      return ok(new Vault(folder, config.value, options));
    });
  }

  /** Drafts, newest first, then files set aside in quarantine (with `problem` set). Needs unlocked. */
  async list(): Promise<Result<DraftSummary[]>> {
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const drafts = await reader.store.scan(reader, 'drafts');
      const flagged = await reader.store.scan(reader, 'quarantine');
      this.scheduleFlush();
      const summaries = (items: typeof drafts) => items.map((item) => item.summary).sort(newestFirst);
      return ok([...summaries(drafts), ...summaries(flagged)]);
    });
  }

  /** Opens a draft. A corrupt or untrusted file is moved to quarantine and reported, never returned. */
  async load(id: string): Promise<Result<DraftDocument>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.exclusive(() => this.loadNow(id));
  }

  /** Creates and saves a new draft (empty unless `init` says otherwise). Works while locked. */
  async newDraft(init: NewDraft = {}): Promise<Result<DraftDocument>> {
    return this.exclusive(() => this.record(makeDraft(init), { event: 'created' }));
  }

  /** Saves a copy of a draft under a new id, titled "… (copy)": a new open draft. Needs unlocked. */
  async duplicate(id: string): Promise<Result<DraftDocument>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.exclusive(async () => {
      const draft = await this.loadNow(id);
      return draft.ok
        ? this.record(copyOf(draft.value), { event: 'created', detail: `copy of ${id}` })
        : draft;
    });
  }

  /** Moves a draft to the vault's trash (restorable). */
  async delete(id: string): Promise<Result<void>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.exclusive(async () => {
      const store = this.writer();
      if ('ok' in store) return store;
      const from = store.path('drafts', `${id}.age`);
      const to = store.path('trash', `${id}.age`);
      const before = await stat(from, { bigint: true }).catch(() => undefined);
      if (before === undefined) return failure('not-found', 'There is no such draft.');
      await moveFileDurable(from, to);
      const now = new Date();
      await utimes(to, now, now); // deletedAt: a rename keeps the old modification time
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

  /** Drafts in the trash, most recently deleted first. Needs unlocked. */
  async listTrash(): Promise<Result<TrashEntry[]>> {
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const items = await reader.store.scan(reader, 'trash');
      this.scheduleFlush();
      const entries = items.map((item) => ({ ...item.summary, deletedAt: item.mtime.toISOString() }));
      return ok(entries.sort((a, b) => (a.deletedAt < b.deletedAt ? 1 : a.deletedAt > b.deletedAt ? -1 : 0)));
    });
  }

  /** Moves a draft back from the trash; 'exists' if a draft with its id is in the list. */
  async restore(id: string): Promise<Result<void>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    return this.exclusive(async () => {
      const store = this.writer();
      if ('ok' in store) return store;
      const from = store.path('trash', `${id}.age`);
      const to = store.path('drafts', `${id}.age`);
      if ((await stat(from).catch(() => undefined)) === undefined)
        return failure('not-found', 'It is not in the trash.');
      if ((await stat(to).catch(() => undefined)) !== undefined)
        return failure('exists', 'A draft with this id exists.');
      await moveFileDurable(from, to);
      this.index?.delete(`trash/${id}.age`);
      this.scheduleFlush();
      return ok(undefined);
    });
  }

  /** Deletes everything in the trash for good; returns how many drafts were removed. */
  async emptyTrash(): Promise<Result<number>> {
    return this.exclusive(async () => {
      const store = this.writer();
      if ('ok' in store) return store;
      const folder = join(this.folder, 'trash');
      const names = (await readdir(folder)).filter((name) => name.endsWith('.age'));
      for (const name of names) {
        await unlink(join(folder, name));
        this.index?.delete(`trash/${name}`);
      }
      await fsyncFolder(folder);
      this.scheduleFlush();
      return ok(names.length);
    });
  }

  /** Writes a draft, sealed, as an age file at `path`, to the vault's recipients or to `recipients`. */
  async exportDraft(id: string, path: string, recipients?: readonly string[]): Promise<Result<void>> {
    if (!DRAFT_ID_PATTERN.test(id)) return badId(id);
    const checked = checkRecipients(recipients ?? []);
    if (!checked.ok) return checked;
    return this.exclusive(async () => {
      const draft = await this.loadNow(id);
      if (!draft.ok) return draft;
      const store = this.writer();
      if ('ok' in store) return store;
      const to = recipients === undefined ? [this.recipient, ...this.extraRecipients] : checked.value;
      if (to.length === 0) return failure('invalid-argument', 'Name at least one recipient.');
      await store.writeCopy(draft.value, new RecipientEncrypter(to), path);
      return ok(undefined);
    });
  }

  /**
   * Imports an age file encrypted to this vault (exported draft, draft or request written with
   * `age -r <recipient>`): the user chose it, so it is re-sealed as a new draft. Needs unlocked.
   */
  async importFile(path: string): Promise<Result<DraftDocument>> {
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const bytes = await readVaultFile(path, MAX_DRAFT_FILE_BYTES);
      if (!bytes.ok) return bytes;
      const decrypted = await reader.decrypter.decrypt(bytes.value);
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
    return this.exclusive(() => this.record(draft.value, { event: 'created', detail: 'imported' }));
  }

  /** Imports a quarantined file's draft as a new, sealed draft (the user trusts it), then removes it. */
  async acceptFlagged(id: string): Promise<Result<DraftDocument>> {
    if (!FLAGGED_ID_PATTERN.test(id)) return badId(id);
    return this.exclusive(async () => {
      const reader = await this.reader();
      if ('ok' in reader) return reader;
      const opened = await reader.store.inspect(reader, 'quarantine', `${id}.age`);
      if (opened === undefined) return failure('not-found', 'It is no longer in quarantine.');
      if (opened.kind === 'corrupt' || opened.kind === 'newer')
        return failure('corrupt', `This file holds no readable draft: ${opened.reason}`);
      if (opened.draft === undefined)
        return failure('not-a-request', 'This file decrypts but holds no draft.');
      const saved = await this.record(copyOf(opened.draft, opened.draft.title), {
        event: 'created',
        detail: 'imported from quarantine',
      });
      if (saved.ok) {
        await unlink(reader.store.path('quarantine', `${id}.age`));
        await fsyncFolder(join(this.folder, 'quarantine'));
        reader.index.delete(`quarantine/${id}.age`);
      }
      return saved;
    });
  }

  /** Deletes a quarantined file for good (the user chose to). */
  async discardFlagged(id: string): Promise<Result<void>> {
    if (!FLAGGED_ID_PATTERN.test(id)) return badId(id);
    return this.exclusive(async () => {
      const store = this.writer();
      if ('ok' in store) return store;
      await unlink(store.path('quarantine', `${id}.age`)).catch(() => undefined);
      await fsyncFolder(join(this.folder, 'quarantine'));
      this.index?.delete(`quarantine/${id}.age`);
      this.scheduleFlush();
      return ok(undefined);
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
