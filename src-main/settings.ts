/**
 * The app's own settings (vault folder, auto-lock, archive folder and allowed signers), one small JSON file
 * in the user-data folder. Only what the user chose is stored; defaults and the organization's policy
 * apply in src-main/policy.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { MAX_AUTO_LOCK_MINUTES } from '../src-shared/ipc/vault-contract.js';
import type { UserValues } from '../src-shared/policy/effective.js';
import { writeFileAtomic } from './files/atomic-write.js';

export const SettingsSchema = z.object({
  vaultFolder: z.string().min(1).max(4096).optional(),
  autoLockMinutes: z.number().int().min(0).max(MAX_AUTO_LOCK_MINUTES).optional(),
  /** The archive of sealed evidence packs (may be a network share). */
  archiveFolder: z.string().min(1).max(4096).optional(),
  /** The allowed-signers file that decides which pack signers are trusted. */
  allowedSignersFile: z.string().min(1).max(4096).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export class SettingsFile {
  constructor(
    private readonly path: string,
    private readonly log: (message: string) => void,
  ) {}

  /** The saved settings; a missing or damaged file gives the defaults (and is logged), never an error. */
  async read(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return SettingsSchema.parse({});
    }
    try {
      return SettingsSchema.parse(JSON.parse(text));
    } catch (error) {
      this.log(
        `settings: ignoring unreadable ${this.path}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return SettingsSchema.parse({});
    }
  }

  /** The settings a policy may also set, under their policy names. */
  async userValues(): Promise<UserValues> {
    const { vaultFolder, autoLockMinutes } = await this.read();
    return {
      ...(vaultFolder !== undefined && { vaultFolder }),
      ...(autoLockMinutes !== undefined && { idleLockMinutes: autoLockMinutes }),
    };
  }

  async update(change: Partial<Settings>): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await this.read()), ...change });
    await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n');
    return next;
  }
}
