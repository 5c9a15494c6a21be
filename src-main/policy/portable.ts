/**
 * Portable mode, as VS Code does it: a `cmk-rekey-data` folder beside the program keeps the settings and
 * the vault there instead of in the user's profile. electron-builder's Windows portable build is always
 * portable (it sets PORTABLE_EXECUTABLE_DIR); the folder is then made on first start.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PORTABLE_DATA_FOLDER = 'cmk-rekey-data';

/**
 * The portable data folder, or undefined for a normal install (data in the user's profile). A portable
 * .exe started where it cannot make its folder (a read-only share, a file of that name) keeps its data in
 * the profile and logs why: it ran into an exception before any window, and never started.
 */
export function portableDataFolder(
  programFolder: string,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void = () => undefined,
): string | undefined {
  const folder = join(programFolder, PORTABLE_DATA_FOLDER);
  if (existsSync(folder) && statSync(folder).isDirectory()) return folder;
  if (env['PORTABLE_EXECUTABLE_DIR'] === undefined) return undefined;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    log(`portable: ${folder} cannot be made (${code}); settings and drafts stay in the user's profile`);
    return undefined;
  }
  return folder;
}
