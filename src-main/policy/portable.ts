/**
 * Portable mode, as VS Code does it: a `cmk-rekey-data` folder beside the program keeps the settings and
 * the vault there instead of in the user's profile. electron-builder's Windows portable build is always
 * portable (it sets PORTABLE_EXECUTABLE_DIR); the folder is then made on first start.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PORTABLE_DATA_FOLDER = 'cmk-rekey-data';

/** The portable data folder, or undefined for a normal install (data in the user's profile). */
export function portableDataFolder(programFolder: string, env: NodeJS.ProcessEnv): string | undefined {
  const folder = join(programFolder, PORTABLE_DATA_FOLDER);
  if (existsSync(folder) && statSync(folder).isDirectory()) return folder;
  if (env['PORTABLE_EXECUTABLE_DIR'] === undefined) return undefined;
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}
