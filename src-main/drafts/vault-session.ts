/**
 * The app's one open vault: which folder, whether it is unlocked, auto-lock setting, and the dialogs
 * for exporting and importing drafts. Handlers for the vault's IPC channels call this.
 */
import { basename } from 'node:path';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import type { ArgOf, ResultOf } from '../../src-shared/ipc/contract.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import type { VaultStatus } from '../../src-shared/ipc/vault-contract.js';
import type { Dialogs } from '../files/request-files.js';
import { fileNameFrom } from '../files/file-name.js';
import { readRequestFile } from '../files/read-request.js';
import { entryKind } from '../files/safe-fs.js';
import type { PurgeReport } from '../../src-shared/drafts/retention.js';
import { noPolicy, type Policy } from '../policy/policy.js';
import type { SettingsFile } from '../settings.js';
import { isZoneChoice, siteKey, withZone } from '../site-time-zones.js';
import { Vault, type VaultOptions } from '../vault/vault.js';

const AGE_FILTERS = [{ name: 'Encrypted draft (age)', extensions: ['age'] }];
const DAY_MS = 24 * 60 * 60 * 1000;

const IMPORT_FILTERS = [
  { name: 'Draft or request', extensions: ['age', 'json'] },
  ...AGE_FILTERS,
  { name: 'Request file', extensions: ['json'] },
];

export class VaultSession {
  private vault: Vault | undefined;
  private folder: string | undefined;
  /** When the automatic trash purge last ran (ms since the epoch), to run it at most once a day. */
  private lastPurge: number | undefined;

  constructor(
    private readonly settings: SettingsFile,
    defaultFolder: string,
    private readonly dialogs: Dialogs,
    options: VaultOptions = {},
    /** The organization's policy (read at start); none by default. */
    readonly policy: Policy = noPolicy(defaultFolder),
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.options = { ...options, ...policy.vaultOptions };
  }

  private readonly options: VaultOptions;

  /** The effective settings: policy, then the user's own, then defaults. */
  private async effective() {
    return this.policy.resolve(await this.settings.userValues());
  }

  private async currentFolder(): Promise<string> {
    this.folder ??= (await this.effective()).vaultFolder.value;
    return this.folder;
  }

  private async refuseLocked(
    key: 'idleLockMinutes' | 'vaultFolder',
    what: string,
  ): Promise<Result<never> | undefined> {
    return (await this.effective())[key].locked
      ? failure('forbidden', `${what} is set by your organization and cannot be changed here.`)
      : undefined;
  }

  /**
   * The open vault, opening it (locked) on first use; undefined if the folder has no vault yet (no
   * vault.json). A vault that is there but cannot be opened (damaged, or made by a newer app) is a failure
   * that says why: it is never taken for "no vault", which would offer to set up a new one over it.
   */
  private async openVault(): Promise<Result<Vault | undefined>> {
    if (this.vault !== undefined) return ok(this.vault);
    const folder = await this.currentFolder();
    const opened = await Vault.open(folder, this.options);
    if (!opened.ok) {
      if (opened.code === 'not-found') return ok(undefined);
      const doctor =
        opened.code === 'corrupt'
          ? ` Nothing was changed; "cmk-rekey vault doctor --vault ${folder}" (the command line, for IT) shows what is there and how to recover it.`
          : '';
      return failure(opened.code, `${opened.message}${doctor}`);
    }
    this.vault = opened.value;
    return ok(this.vault);
  }

  private async require(): Promise<Result<Vault>> {
    const vault = await this.openVault();
    if (!vault.ok) return vault;
    return vault.value === undefined
      ? failure('locked', 'Create a vault first: there is none in the chosen folder.')
      : ok(vault.value);
  }

  async status(): Promise<Result<VaultStatus>> {
    const opened = await this.openVault();
    if (!opened.ok) return opened;
    const vault = opened.value;
    const autoLockMinutes = (await this.effective()).idleLockMinutes.value;
    const trashRetentionDays = (await this.settings.read()).trashRetentionDays ?? 0;
    const folder = await this.currentFolder();
    if (vault === undefined) {
      const chosen = (await this.effective()).vaultFolder.source !== 'default';
      // the default folder because the settings that may name another cannot be read (not a policy's)
      return ok({
        state: 'none',
        folder,
        ...(chosen && (await entryKind(folder)) === 'missing' && { folderMissing: true }),
        ...(!chosen && (await this.settings.isDamaged()) && { settingsDamaged: true }),
        canSave: false,
        autoLockMinutes,
        trashRetentionDays,
        recipient: '',
        extraRecipients: [],
      });
    }
    return ok({
      state: vault.isUnlocked() ? 'unlocked' : 'locked',
      folder,
      canSave: vault.canSave(),
      autoLockMinutes,
      trashRetentionDays,
      recipient: vault.recipient,
      extraRecipients: [...vault.extraRecipients],
    });
  }

  async create({ passphrase, recipients }: ArgOf<'vaultCreate'>): Promise<Result<VaultStatus>> {
    const folder = await this.currentFolder();
    if (await Vault.exists(folder))
      return failure('exists', 'This folder already holds a vault: unlock it instead.');
    const initial = this.policy.newVaultRecipients(recipients, await this.effective());
    const created = await Vault.create(folder, passphrase, { ...this.options, recipients: initial });
    if (!created.ok) return created;
    this.vault = created.value;
    return this.status();
  }

  async unlock({ passphrase }: ArgOf<'vaultUnlock'>): Promise<Result<VaultStatus>> {
    const vault = await this.require();
    if (!vault.ok) return vault;
    const unlocked = await vault.value.unlock(passphrase);
    if (!unlocked.ok) return unlocked;
    await this.purgeOldTrash(true);
    return this.status();
  }

  /**
   * The automatic purge (setting "remove drafts from the trash after N days"): at unlock (`force`), and at
   * most once a day while the app runs. Sent, completed and withdrawn requests stay. Returns what it did,
   * or undefined when it did not run (off, locked, or already run today).
   */
  async purgeOldTrash(force = false, now = new Date()): Promise<PurgeReport | undefined> {
    // Settings that cannot be read now delete nothing: the purge waits for them.
    const days = await this.settings.read().then(
      (settings) => settings.trashRetentionDays,
      (error: unknown) => {
        this.log(`trash retention: not run: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      },
    );
    const vault = this.vault;
    if (days === undefined || vault?.isUnlocked() !== true) return undefined;
    if (!force && this.lastPurge !== undefined && now.getTime() - this.lastPurge < DAY_MS) return undefined;
    this.lastPurge = now.getTime();
    const purged = await vault.purgeTrash({ olderThanDays: days, keepRecords: true, now });
    if (!purged.ok) {
      this.log(`trash retention: nothing more was deleted: ${purged.message}`);
      return undefined;
    }
    if (purged.value.removed.length > 0)
      this.log(
        `trash retention: deleted ${String(purged.value.removed.length)} draft(s) in the trash for more than ${String(days)} days`,
      );
    return purged.value;
  }

  /** Runs the automatic trash purge every `everyMs` (it acts at most once a day). Returns a stop function. */
  startTrashRetention(everyMs = 60 * 60 * 1000): () => void {
    const timer = setInterval(() => {
      void this.purgeOldTrash().catch(() => undefined);
    }, everyMs);
    timer.unref();
    return () => {
      clearInterval(timer);
    };
  }

  /** Sets the automatic purge (days in the trash; 0 turns it off) and applies it now. */
  /** The maintenance window's timezone last chosen for a site, or ''. */
  async siteTimeZone({ site }: ArgOf<'siteTimeZone'>): Promise<Result<ResultOf<'siteTimeZone'>>> {
    const key = siteKey(site);
    const zones = (await this.settings.read()).siteTimeZones ?? {};
    return ok({ timeZone: key === undefined ? '' : (zones[key] ?? '') });
  }

  /** Remembers (or, with '', forgets) the timezone chosen for a site; a site URL not valid yet is skipped. */
  async setSiteTimeZone({
    site,
    timeZone,
  }: ArgOf<'siteTimeZoneSet'>): Promise<Result<ResultOf<'siteTimeZoneSet'>>> {
    if (timeZone !== '' && !isZoneChoice(timeZone))
      return failure('invalid-argument', `"${timeZone}" is not a timezone this app knows.`);
    const key = siteKey(site);
    if (key === undefined) return ok({ timeZone: '' });
    const zones = (await this.settings.read()).siteTimeZones ?? {};
    await this.settings.update({ siteTimeZones: withZone(zones, key, timeZone) });
    return ok({ timeZone });
  }

  async setTrashRetention({ days }: ArgOf<'vaultSetTrashRetention'>): Promise<Result<VaultStatus>> {
    await this.settings.update({ trashRetentionDays: days === 0 ? undefined : days });
    await this.purgeOldTrash(true);
    return this.status();
  }

  /**
   * Main's own auto-lock, whatever the renderer does: every `everyMs`, locks the vault once the system has
   * had no input for the auto-lock time (`idleSeconds`: Electron's powerMonitor.getSystemIdleTime).
   * Returns a function that stops it.
   */
  startIdleLock(idleSeconds: () => number, everyMs = 15_000): () => void {
    const timer = setInterval(() => {
      void this.lockIfIdle(idleSeconds()).catch(() => undefined);
    }, everyMs);
    timer.unref();
    return () => {
      clearInterval(timer);
    };
  }

  /** Locks if the vault is unlocked and `idle` seconds reach the auto-lock time (0: never). */
  async lockIfIdle(idle: number): Promise<boolean> {
    if (this.vault?.isUnlocked() !== true) return false;
    // Settings that cannot be read now lock after the policy's or the default time, never not at all.
    const values = await this.settings.userValues().catch(() => ({}));
    const autoLockMinutes = this.policy.resolve(values).idleLockMinutes.value;
    if (autoLockMinutes === 0 || idle < autoLockMinutes * 60) return false;
    await this.vault.lock();
    return true;
  }

  /** Locks now (idle timeout, screen lock, or the user's choice); saving keeps working. */
  async lock(): Promise<Result<VaultStatus>> {
    await this.vault?.lock();
    return this.status();
  }

  async changePassphrase({ current, next }: ArgOf<'vaultChangePassphrase'>): Promise<Result<VaultStatus>> {
    const vault = await this.require();
    if (!vault.ok) return vault;
    const changed = await vault.value.changePassphrase(current, next);
    return changed.ok ? this.status() : changed;
  }

  async setAutoLock({ minutes }: ArgOf<'vaultSetAutoLock'>): Promise<Result<VaultStatus>> {
    const refused = await this.refuseLocked('idleLockMinutes', 'The auto-lock time');
    if (refused !== undefined) return refused;
    const max = (await this.effective()).idleLockMaxMinutes;
    if (max.source !== 'default' && (minutes === 0 || minutes > max.value)) {
      return failure(
        'forbidden',
        `Your organization allows an auto-lock of 1 to ${String(max.value)} minutes; it cannot be turned off.`,
      );
    }
    await this.settings.update({ autoLockMinutes: minutes });
    return this.status();
  }

  async setRecipients({ passphrase, recipients }: ArgOf<'vaultSetRecipients'>): Promise<Result<VaultStatus>> {
    const vault = await this.require();
    if (!vault.ok) return vault;
    const set = await vault.value.setRecipients(passphrase, recipients);
    return set.ok ? this.status() : set;
  }

  /** Switches to a vault folder the user picks; the current vault is closed first. */
  async chooseFolder(): Promise<Result<VaultStatus>> {
    const refused = await this.refuseLocked('vaultFolder', 'The vault folder');
    if (refused !== undefined) return refused;
    const folder = await this.dialogs.chooseFolderPath({ title: 'Choose the folder for encrypted drafts' });
    if (folder === undefined) return failure('cancelled', 'The vault folder was not changed.');
    await this.vault?.close();
    this.vault = undefined;
    this.folder = folder;
    await this.settings.update({ vaultFolder: folder });
    return this.status();
  }

  /** Runs `action` on the open vault, or says why it cannot. */
  async withVault<T, D = never>(action: (vault: Vault) => Promise<Result<T, D>>): Promise<Result<T, D>> {
    const vault = await this.require();
    return vault.ok ? action(vault.value) : vault;
  }

  async exportDraft({ id }: ArgOf<'draftExport'>): Promise<Result<ResultOf<'draftExport'>>> {
    return this.withVault(async (vault) => {
      const loaded = await vault.load(id);
      if (!loaded.ok) return loaded;
      const name = fileNameFrom(loaded.value.title, 'draft');
      const path = await this.dialogs.chooseSavePath({
        title: 'Export the encrypted draft',
        defaultName: `${name}.age`,
        filters: AGE_FILTERS,
      });
      if (path === undefined) return failure('cancelled', 'The draft was not exported.');
      const exported = await vault.exportDraft(id, path, undefined, true); // the dialog asked
      return exported.ok ? ok({ fileName: basename(path) }) : exported;
    });
  }

  async importDraft(): Promise<Result<DraftDocument>> {
    return this.withVault(async (vault) => {
      const path = await this.dialogs.chooseOpenPath({
        title: 'Import a draft or a request file',
        filters: IMPORT_FILTERS,
      });
      if (path === undefined) return failure('cancelled', 'Nothing was imported.');
      if (!path.toLowerCase().endsWith('.json')) return vault.importFile(path);
      const read = await readRequestFile(path);
      if (!read.ok) return failure(read.code, `${basename(path)}: ${read.message}`);
      return vault.importRequest(read.value, basename(path, '.json'));
    });
  }

  /** Locks and forgets the keys (app quit). */
  async close(): Promise<void> {
    await this.vault?.close();
  }
}
