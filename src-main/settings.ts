/**
 * The app's own settings (vault folder, auto-lock, trash retention, archive folder and allowed signers,
 * the maintenance window's timezone per site),
 * one small JSON file in the user-data folder. Only what the user chose is stored; defaults and the
 * organization's policy apply in src-main/policy.
 *
 * Versioned like every stored format: version 1 files (before trash retention) carry no `format` or
 * `version` and are read as version 1; a file of a newer app is read for the fields this app knows, and
 * an update keeps the fields it does not know and the newer version number, so nothing is lost.
 */
import { readFile, rename, stat } from 'node:fs/promises';
import { z } from 'zod';
import { RETENTION_DAYS_RANGE } from '../src-shared/drafts/retention.js';
import { latestVersion, migrate, type FormatChain } from '../src-shared/formats/migrate.js';
import { MAX_AUTO_LOCK_MINUTES } from '../src-shared/ipc/vault-contract.js';
import type { UserValues } from '../src-shared/policy/effective.js';
import { writeFileAtomic } from './files/atomic-write.js';
import { errnoCode, reasonFor } from './files/safe-fs.js';
import { MAX_SITE_TIME_ZONES } from './site-time-zones.js';
import { withoutBom } from '../src-shared/text/json-syntax.js';

const SETTINGS_FORMAT = 'cmk-rekey/settings';
/** Far more than the app ever writes (500 sites' timezones take at most about 75 KB): a larger file is no settings file. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

/**
 * v1 → v2: trash retention was added (absent: off); v2 → v3: the maintenance window's timezone per site
 * (absent: none chosen). Nothing stored changes.
 */
export const SETTINGS_CHAIN: FormatChain = {
  format: SETTINGS_FORMAT,
  noun: 'settings file',
  steps: [(v1) => v1, (v2) => v2],
};

export const SettingsSchema = z.object({
  vaultFolder: z.string().min(1).max(4096).optional(),
  autoLockMinutes: z.number().int().min(0).max(MAX_AUTO_LOCK_MINUTES).optional(),
  /** Drafts deleted more than this many days ago leave the trash (records never do); absent: never. */
  trashRetentionDays: z.number().int().min(RETENTION_DAYS_RANGE.min).max(RETENTION_DAYS_RANGE.max).optional(),
  /** The archive of sealed evidence packs (may be a network share). */
  archiveFolder: z.string().min(1).max(4096).optional(),
  /** The allowed-signers file that decides which pack signers are trusted. */
  allowedSignersFile: z.string().min(1).max(4096).optional(),
  /** The maintenance window's timezone chosen per site, by a hash of the site's host (site-time-zones.ts). */
  siteTimeZones: z
    .record(z.string().regex(/^[0-9a-f]{32}$/), z.string().min(1).max(100))
    .refine((zones) => Object.keys(zones).length <= MAX_SITE_TIME_ZONES, 'too many sites')
    .optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

type Stored = Record<string, unknown>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The stored object at the latest version (or a newer one, as it is), or why it cannot be read. */
function upgrade(value: unknown): Stored {
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  if (record === undefined) throw new Error('it is not a JSON object');
  // Version 1 files name neither format nor version.
  const labelled = 'version' in record ? record : { ...record, format: SETTINGS_FORMAT, version: 1 };
  const migrated = migrate(labelled, SETTINGS_CHAIN);
  if (migrated.kind === 'invalid') throw new Error(migrated.message);
  return migrated.kind === 'current' ? migrated.document : labelled;
}

/** The settings file could not be read or written; the message says so in words, for the user. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export class SettingsFile {
  /** `named`: the file as messages name it (the app's own, or the path the CLI was given). */
  constructor(
    private readonly path: string,
    private readonly log: (message: string) => void,
    private readonly named = "settings.json, in the app's data folder",
  ) {}

  /** The stored object, migrated; a missing or damaged file gives {} (damage is logged). */
  private async stored(): Promise<Stored> {
    return (await this.load()).stored;
  }

  /**
   * The stored object, and whether the file is there but damaged (no JSON object, or a version that is no
   * version). A file that cannot be read now (a share away, a lock, permissions) throws SettingsError: it
   * still holds the user's vault folder and other choices, so neither defaults nor a write over it may take
   * its place.
   */
  private async load(): Promise<{ stored: Stored; damaged: boolean }> {
    let text: string;
    try {
      // Read only when it can be settings: a huge file chosen by mistake would fill the memory first, and a
      // named pipe would wait for a writer for ever.
      const info = await stat(this.path);
      if (!info.isFile() && !info.isDirectory())
        return this.unreadable('it is a named pipe or a device, not a file');
      if (info.size > MAX_SETTINGS_BYTES) {
        this.log(`settings: ignoring ${this.path}: it is far larger than a settings file can be`);
        return { stored: {}, damaged: true };
      }
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (error instanceof SettingsError) throw error;
      if (errnoCode(error) === 'ENOENT') return { stored: {}, damaged: false };
      return this.unreadable(reasonFor(error, { advice: false }));
    }
    try {
      return { stored: upgrade(JSON.parse(withoutBom(text))), damaged: false };
    } catch (error) {
      this.log(`settings: ignoring unreadable ${this.path}: ${describe(error)}`);
      return { stored: {}, damaged: true };
    }
  }

  /**
   * A damaged file may still hold the user's folders in words a person can read (a hand edit with one comma
   * too many): before a change is written in its place, it is kept beside it, as it is, and the log says where.
   */
  private async keepDamaged(): Promise<void> {
    const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
    const kept = `${this.path.replace(/\.json$/, '')}.damaged-${stamp}.json`;
    try {
      await rename(this.path, kept);
    } catch (error) {
      throw new SettingsError(
        `Your settings could not be saved: ${this.named} is damaged and could not be kept aside (${reasonFor(error, { advice: false })}), so it was left as it is.`,
      );
    }
    this.log(`settings: kept the damaged ${this.path} as ${kept}; a new one holds the settings chosen since`);
  }

  private unreadable(reason: string): never {
    throw new SettingsError(
      `Your settings (${this.named}) cannot be read: ${reason}. Nothing was changed; try again.`,
    );
  }

  /**
   * The settings this app knows, each read on its own: a value it cannot use (a newer app's, or edited by
   * hand) leaves out that setting only, not the vault folder and everything else with it.
   */
  private known(stored: Stored, log: boolean): Settings {
    const settings: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
      if (stored[key] === undefined) continue;
      const parsed = schema.safeParse(stored[key]);
      if (parsed.success) settings[key] = parsed.data;
      else if (log)
        this.log(
          `settings: ignoring ${key} in ${this.path}: ${parsed.error.issues[0]?.message ?? 'not valid'}`,
        );
    }
    return settings;
  }

  /**
   * The saved settings; a missing or damaged file or setting gives its default (and is logged). Throws
   * SettingsError when the file cannot be read now.
   */
  async read(): Promise<Settings> {
    return this.known(await this.stored(), true);
  }

  /** Whether the file is there but damaged (read as no settings): its choices, the vault folder too, are not known. */
  async isDamaged(): Promise<boolean> {
    return (await this.load()).damaged;
  }

  /** The settings a policy may also set, under their policy names. */
  async userValues(): Promise<UserValues> {
    const { vaultFolder, autoLockMinutes } = await this.read();
    return {
      ...(vaultFolder !== undefined && { vaultFolder }),
      ...(autoLockMinutes !== undefined && { idleLockMinutes: autoLockMinutes }),
    };
  }

  /**
   * Changes some settings (undefined removes one); every other field is kept as it is, including a newer
   * app's fields and values this app cannot use; a damaged file is kept aside first (keepDamaged). Throws
   * SettingsError when the file cannot be read or written.
   */
  async update(change: Partial<Settings>): Promise<Settings> {
    SettingsSchema.parse(change);
    const { stored, damaged } = await this.load();
    if (damaged) await this.keepDamaged();
    const merged: Stored = {
      format: SETTINGS_FORMAT,
      version: latestVersion(SETTINGS_CHAIN),
      ...stored,
      ...change,
    };
    // A setting changed to undefined is removed (back to its default).
    const next = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
    try {
      await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
    } catch (error) {
      throw new SettingsError(`Your settings could not be saved: ${reasonFor(error)}.`);
    }
    return this.known(next, false);
  }
}
