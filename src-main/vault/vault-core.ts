/**
 * The vault's state machine, shared by every operation: never unlocked → unlocked → locked (can still
 * save) → closed. Holds the keys, serialises operations, and writes the index some time after changes.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import type { LifeEvent } from '../../src-shared/drafts/life.js';
import { failure, ok, type Failure, type Result } from '../../src-shared/ipc/result.js';
import { stripUnsafe } from '../../src-shared/text/safe-text.js';
import { reasonFor } from '../files/safe-fs.js';
import { IdentityDecrypter, RecipientEncrypter } from './age-files.js';
import { configGeneration, configMatches, readConfig, type VaultConfig } from './config.js';
import { appendHistory, currentActor, localNow } from './history.js';
import { generationInText, openIdentity, rewrapIdentity } from './identity.js';
import { DraftIndex } from './index-store.js';
import { deriveKeys, wipe, wipeKeys, type VaultKeys } from './keys.js';
import { checkNewPassphrase, checkRecipients, unlockVaultFiles, type UnlockedVault } from './lifecycle.js';
import { DEFAULT_SCRYPT_WORK_FACTOR } from './scrypt.js';
import { signingKeyFromSeed } from './signing.js';
import { DraftStore, type Reader } from './store.js';
import { FolderLock, type LockProgram } from './folder-lock.js';

export interface VaultOptions {
  /** TEST ONLY: scrypt work factor (log2 N) for identity.age. Production always uses 18, age's default. */
  readonly unsafeScryptWorkFactor?: number;
  /** Recipients the organization's policy requires on every save, besides the vault's own settings. */
  readonly complianceRecipients?: readonly string[];
  /** The organization's minimum scrypt work factor for new passphrases (policy minScryptWorkFactor). */
  readonly minScryptWorkFactor?: number;
  /** How long after the last change the index is written (ms; default 2000). */
  readonly indexFlushDelayMs?: number;
  /** Which program this process is, named in the folder's write lock for the others (default the app). */
  readonly program?: LockProgram;
}

interface Session {
  readonly seal: Buffer;
  /** The Ed25519 seed (wiped at close) and the key made from it. */
  readonly signingSeed: Buffer;
  readonly signingKey: KeyObject;
  readonly store: DraftStore;
}

interface Unlocked {
  readonly keys: VaultKeys;
  readonly decrypter: IdentityDecrypter;
  readonly own: RecipientEncrypter;
  index?: DraftIndex;
}

export class VaultCore {
  /** Seal key and writer: from the first unlock until close(), so autosave works while locked. */
  private session: Session | undefined;
  /** Decryption state: only while unlocked. */
  private unlocked: Unlocked | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The folder's lock between processes, held around every change (see `writing`). */
  protected readonly folderLock: FolderLock;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Things the user should know that did not stop the vault from opening (e.g. a folder others can read). */
  readonly warnings: string[] = [];

  protected constructor(
    readonly folder: string,
    protected config: VaultConfig,
    protected readonly options: VaultOptions,
  ) {
    this.folderLock = new FolderLock(folder, options.program ?? 'app');
  }

  /** Runs `task`, turning any exception (disk full, permissions…) into an 'io' failure. */
  protected static async guard<T, D = never>(task: () => Promise<Result<T, D>>): Promise<Result<T, D>> {
    try {
      return await task();
    } catch (error) {
      // In words with its code, not the system's message: that names a temp file the user never sees.
      return failure('io', `The vault could not be updated: ${reasonFor(error)}.`);
    }
  }

  /** Runs `task` after every operation started before it (one at a time), guarded. */
  protected exclusive<T, D = never>(task: () => Promise<Result<T, D>>): Promise<Result<T, D>> {
    const run = this.queue.then(() => VaultCore.guard(task));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Like `exclusive`, holding the folder's lock: what the task checks on disk and what it writes are one
   * step for every process, not only this one. 'busy' when another process keeps the vault.
   */
  protected writing<T, D = never>(task: () => Promise<Result<T, D>>): Promise<Result<T, D>> {
    return this.exclusive(() => this.folderLock.hold(task));
  }

  protected get workFactor(): number {
    return Math.max(
      this.options.unsafeScryptWorkFactor ?? DEFAULT_SCRYPT_WORK_FACTOR,
      this.options.minScryptWorkFactor ?? 0,
    );
  }

  /** Everyone a saved draft is encrypted for: the vault, its extra recipients, and the policy's. */
  protected everyone(config: VaultConfig): RecipientEncrypter {
    const extra = new Set([...config.recipients, ...(this.options.complianceRecipients ?? [])]);
    extra.delete(config.recipient);
    return new RecipientEncrypter([config.recipient, ...extra]);
  }

  /** Becomes unlocked with a checked identity and its keys. */
  protected async enter({ config, identity, keys }: UnlockedVault): Promise<void> {
    this.config = config;
    const decrypter = await IdentityDecrypter.create(identity);
    if (this.session !== undefined && this.session.seal !== keys.seal) {
      wipe(this.session.seal);
      wipe(this.session.signingSeed);
    }
    this.session = this.newSession(keys.seal, keys.signing, signingKeyFromSeed(keys.signing));
    this.unlocked = { keys, decrypter, own: new RecipientEncrypter([config.recipient]) };
  }

  private newSession(seal: Buffer, signingSeed: Buffer, signingKey: KeyObject): Session {
    const checker = { verifyKey: createPublicKey(signingKey), seal };
    const store = new DraftStore(
      this.folder,
      { key: signingKey, checker },
      this.everyone(this.config),
      this.folderLock,
    );
    return { seal, signingSeed, signingKey, store };
  }

  /**
   * The vault's Ed25519 private key (for signing evidence packs), while unlocked; 'locked' otherwise.
   * Its public half is `signingPublicKey`.
   */
  signingKey(): Result<KeyObject> {
    const session = this.session;
    if (this.unlocked === undefined || session === undefined)
      return failure('locked', 'The vault is locked.');
    return ok(session.signingKey);
  }

  /** The vault's public signing key in OpenSSH form (`ssh-ed25519 AAAA… cmk-rekey-vault`), from vault.json. */
  get signingPublicKey(): string | undefined {
    return this.config.signingKey;
  }

  /** The writer, or 'locked' if the vault was never unlocked in this process. */
  protected writer(): DraftStore | Failure {
    return this.session?.store ?? failure('locked', 'Unlock the vault once before saving drafts.');
  }

  /** The reader (identity and index), or 'locked'. */
  protected async reader(): Promise<(Reader & { store: DraftStore }) | Failure> {
    const unlocked = this.unlocked;
    const store = this.session?.store;
    if (unlocked === undefined || store === undefined) return failure('locked', 'The vault is locked.');
    unlocked.index ??= await DraftIndex.load(this.folder, unlocked.decrypter, unlocked.keys.index);
    return { decrypter: unlocked.decrypter, index: unlocked.index, indexKey: unlocked.keys.index, store };
  }

  /** The loaded index, if any (saves keep it current while unlocked). */
  protected get index(): DraftIndex | undefined {
    return this.unlocked?.index;
  }

  /** Writes the index later (debounced); errors are ignored: the index is only a cache. */
  protected scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.unlocked?.index?.dirty !== true) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.exclusive(async () => {
        await this.flushNow();
        return ok(undefined);
      }).catch(() => undefined);
    }, this.options.indexFlushDelayMs ?? 2000);
    this.flushTimer.unref();
  }

  protected async flushNow(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const unlocked = this.unlocked;
    // Nothing to write, no lock: a command that only reads (export, verify) leaves the folder as it was.
    if (unlocked?.index?.dirty !== true) return;
    const index = unlocked.index;
    // Not written while another process changes the vault, and not waited for: the index is only a
    // cache, written at a later change or rebuilt from the drafts.
    await this.folderLock.hold(async () => {
      await index.save(this.folder, unlocked.own, unlocked.keys.index);
      return ok(undefined);
    }, false);
  }

  /** The vault's own age recipient (public key): `age -r` with it writes files only the vault reads. */
  get recipient(): string {
    return this.config.recipient;
  }

  /** Extra recipients every draft is also encrypted to. */
  get extraRecipients(): readonly string[] {
    return this.config.recipients;
  }

  /** Whether drafts can be read now. */
  isUnlocked(): boolean {
    return this.unlocked !== undefined;
  }

  /** Whether drafts can be saved now: after a first unlock in this process, even while locked again. */
  canSave(): boolean {
    return this.session !== undefined;
  }

  /**
   * Unlocks with the passphrase; 'wrong-passphrase' changes nothing. Never blocks the event loop. On an
   * unlocked vault the passphrase is still checked: a wrong one is refused.
   */
  async unlock(passphrase: string): Promise<Result<void>> {
    if (this.unlocked !== undefined) {
      return VaultCore.guard(async () => {
        const checked = await openIdentity(this.folder, this.config, passphrase);
        return checked.ok ? ok(undefined) : checked;
      });
    }
    return VaultCore.guard(async () => {
      const unlocked = await unlockVaultFiles(this.folder, passphrase, this.workFactor, this.folderLock);
      if (!unlocked.ok) return unlocked;
      await this.enter(unlocked.value);
      return ok(undefined);
    });
  }

  /** Locks: writes pending index changes, then forgets the identity and the index. Saving still works. */
  async lock(): Promise<void> {
    await this.exclusive(async () => {
      await this.flushNow().catch(() => undefined);
      if (this.unlocked !== undefined) {
        wipe(this.unlocked.keys.index);
        wipe(this.unlocked.keys.config);
      }
      this.unlocked = undefined;
      return ok(undefined);
    });
  }

  /** Locks and also forgets the seal key: nothing can be saved until the next unlock. */
  async close(): Promise<void> {
    await this.lock();
    if (this.session !== undefined) {
      wipe(this.session.seal);
      wipe(this.session.signingSeed);
    }
    this.session = undefined;
  }

  /** Writes pending index changes now (lock and close do it too). */
  async flush(): Promise<Result<void>> {
    return this.exclusive(async () => {
      await this.flushNow();
      return ok(undefined);
    });
  }

  /** Re-encrypts the identity under a new passphrase (drafts untouched). Crash-safe: old or new works. */
  async changePassphrase(current: string, next: string): Promise<Result<void>> {
    const strong = checkNewPassphrase(next);
    if (!strong.ok) return strong;
    return this.writing(async () => {
      const config = await readConfig(this.folder);
      if (!config.ok) return config;
      const opened = await openIdentity(this.folder, config.value, current);
      if (!opened.ok) return opened;
      const keys = deriveKeys(opened.value.identity);
      try {
        this.config = await rewrapIdentity(
          this.folder,
          config.value,
          keys,
          opened.value,
          next,
          this.workFactor,
        );
        return ok(undefined);
      } finally {
        wipeKeys(keys);
      }
    });
  }

  /**
   * Sets the extra recipients (e.g. a compliance team's age1… key) for drafts saved from now on. Needs the
   * passphrase: the new settings generation is recorded in identity.age, so that an older vault.json (with
   * a removed recipient) is refused from then on. Crash-safe like a passphrase change.
   */
  async setRecipients(passphrase: string, recipients: readonly string[]): Promise<Result<void>> {
    return this.writing(async () => {
      const checked = checkRecipients(recipients, this.config.recipient);
      if (!checked.ok) return checked;
      if (this.unlocked === undefined) return failure('locked', 'Unlock the vault to change its recipients.');
      const current = await readConfig(this.folder);
      if (!current.ok) return current;
      const opened = await openIdentity(this.folder, current.value, passphrase);
      if (!opened.ok) return opened;
      const keys = deriveKeys(opened.value.identity);
      let config: VaultConfig;
      try {
        if (!configMatches(current.value, keys.config) || current.value.recipient !== this.config.recipient)
          return failure(
            'untrusted',
            'vault.json changed since the vault was unlocked; lock and unlock again.',
          );
        const held = Math.max(configGeneration(current.value), generationInText(opened.value.plaintext));
        const next = {
          ...current.value,
          version: 2 as const,
          generation: held + 1,
          recipients: checked.value,
        };
        config = await rewrapIdentity(this.folder, next, keys, opened.value, passphrase, this.workFactor);
      } finally {
        wipeKeys(keys);
      }
      this.config = config;
      const session = this.session;
      if (session !== undefined) {
        this.session = this.newSession(session.seal, session.signingSeed, session.signingKey);
      }
      return ok(undefined);
    });
  }

  /**
   * Saves a draft (create or update), stamping updatedAt and recording `event` in its history (by the OS
   * user, or `actor`); works while locked after a first unlock.
   */
  protected async write(
    draft: DraftDocument,
    event: LifeEvent,
    actor = currentActor(),
  ): Promise<Result<DraftDocument>> {
    const now = new Date();
    // Titles never keep control, invisible or direction-changing characters (they would spoof lists).
    const cleaned = { ...draft, title: stripUnsafe(draft.title), updatedAt: now.toISOString() };
    return this.writeAsIs(appendHistory(cleaned, event, actor, localNow(now)));
  }

  /**
   * Writes a draft as it is: no new updatedAt, no history entry. For what is not an edit but must survive
   * a restart (the step the editor shows).
   */
  protected async writeAsIs(draft: DraftDocument): Promise<Result<DraftDocument>> {
    const store = this.writer();
    if (!(store instanceof DraftStore)) return store;
    // While unlocked, keep the index current (loading it once); while locked, entries go stale and are
    // rebuilt from the draft files at the next list.
    const reader = this.unlocked === undefined ? undefined : await this.reader();
    await store.write(draft, reader === undefined || 'ok' in reader ? undefined : reader.index);
    this.scheduleFlush();
    return ok(draft);
  }
}
