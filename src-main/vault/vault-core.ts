/**
 * The vault's state machine, shared by every operation: never unlocked → unlocked → locked (can still
 * save) → closed. Holds the keys, serialises operations, and writes the index some time after changes.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import type { LifeEvent } from '../../src-shared/drafts/life.js';
import { failure, ok, type Failure, type Result } from '../../src-shared/ipc/result.js';
import { IdentityDecrypter, RecipientEncrypter } from './age-files.js';
import { readConfig, writeConfig, type VaultConfig } from './config.js';
import { openIdentity, rewrapIdentity } from './identity.js';
import { appendHistory, currentActor, localNow } from './history.js';
import { DraftIndex } from './index-store.js';
import { deriveKeys, wipe, wipeKeys, type VaultKeys } from './keys.js';
import { checkNewPassphrase, checkRecipients, unlockVaultFiles, type UnlockedVault } from './lifecycle.js';
import { DEFAULT_SCRYPT_WORK_FACTOR } from './scrypt.js';
import { signingKeyFromSeed } from './signing.js';
import { DraftStore, type Reader } from './store.js';

export interface VaultOptions {
  /** TEST ONLY: scrypt work factor (log2 N) for identity.age. Production always uses 18, age's default. */
  readonly unsafeScryptWorkFactor?: number;
  /** How long after the last change the index is written (ms; default 2000). */
  readonly indexFlushDelayMs?: number;
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

function describe(error: unknown): string {
  const code =
    error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
  return `${error instanceof Error ? error.message : String(error)}${code}`;
}

export class VaultCore {
  /** Seal key and writer: from the first unlock until close(), so autosave works while locked. */
  private session: Session | undefined;
  /** Decryption state: only while unlocked. */
  private unlocked: Unlocked | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;

  protected constructor(
    readonly folder: string,
    protected config: VaultConfig,
    protected readonly options: VaultOptions,
  ) {}

  /** Runs `task`, turning any exception (disk full, permissions…) into an 'io' failure. */
  protected static async guard<T>(task: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await task();
    } catch (error) {
      return failure('io', `The vault could not be updated: ${describe(error)}.`);
    }
  }

  /** Runs `task` after every operation started before it (one at a time), guarded. */
  protected exclusive<T>(task: () => Promise<Result<T>>): Promise<Result<T>> {
    const run = this.queue.then(() => VaultCore.guard(task));
    this.queue = run.catch(() => undefined);
    return run;
  }

  protected get workFactor(): number {
    return this.options.unsafeScryptWorkFactor ?? DEFAULT_SCRYPT_WORK_FACTOR;
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
    const everyone = new RecipientEncrypter([this.config.recipient, ...this.config.recipients]);
    const checker = { verifyKey: createPublicKey(signingKey), seal };
    const store = new DraftStore(this.folder, { key: signingKey, checker }, everyone);
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
    if (unlocked?.index === undefined) return;
    await unlocked.index.save(this.folder, unlocked.own, unlocked.keys.index);
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

  /** Unlocks with the passphrase; 'wrong-passphrase' changes nothing. Never blocks the event loop. */
  async unlock(passphrase: string): Promise<Result<void>> {
    if (this.unlocked !== undefined) return ok(undefined);
    return VaultCore.guard(async () => {
      const unlocked = await unlockVaultFiles(this.folder, passphrase);
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
    return this.exclusive(async () => {
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

  /** Sets the extra recipients (e.g. a compliance team's age1… key) for drafts saved from now on. */
  async setRecipients(recipients: readonly string[]): Promise<Result<void>> {
    return this.exclusive(async () => {
      const checked = checkRecipients(recipients, this.config.recipient);
      if (!checked.ok) return checked;
      const unlocked = this.unlocked;
      if (unlocked === undefined) return failure('locked', 'Unlock the vault to change its recipients.');
      const config = await writeConfig(
        this.folder,
        { ...this.config, recipients: checked.value },
        unlocked.keys.config,
      );
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
    const store = this.writer();
    if (!(store instanceof DraftStore)) return store;
    const now = new Date();
    const stored = appendHistory({ ...draft, updatedAt: now.toISOString() }, event, actor, localNow(now));
    // While unlocked, keep the index current (loading it once); while locked, entries go stale and are
    // rebuilt from the draft files at the next list.
    const reader = this.unlocked === undefined ? undefined : await this.reader();
    await store.write(stored, reader === undefined || 'ok' in reader ? undefined : reader.index);
    this.scheduleFlush();
    return ok(stored);
  }
}
