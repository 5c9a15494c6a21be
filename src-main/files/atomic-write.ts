/** Atomic file replacement: a reader sees the old file or the new one, never a mix, even after a crash. */
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode } from './errno.js';

/** Makes a folder's entries (created, renamed, removed files) durable. */
export async function fsyncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return; // folders cannot be opened for fsync on Windows
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Errors a Windows rename gives while another program has the file or its folder open for a moment. */
const BUSY = new Set(['EACCES', 'EPERM', 'EBUSY']);

export interface RenameOptions {
  /** How long to keep trying on Windows, in ms. */
  readonly timeoutMs?: number;
  readonly platform?: NodeJS.Platform;
  readonly rename?: (from: string, to: string) => Promise<void>;
}

/**
 * Renames `from` to `to` (replacing a file there). On Windows, antivirus and endpoint scanners, search
 * indexers and sync clients open a file just written, or a folder just filled, to look at it, and a rename
 * then fails for a moment with EACCES, EPERM or EBUSY: the locked-down workstations this app is for all
 * run such scanners. There it tries again, 10 ms later, then up to every 100 ms, for `timeoutMs` (10 s),
 * as graceful-fs and VS Code do (they wait up to 60 s), before it gives up with the last error. Elsewhere
 * those errors are final and are thrown at once.
 */
export async function renameRetrying(from: string, to: string, options: RenameOptions = {}): Promise<void> {
  const { timeoutMs = 10_000, platform = process.platform, rename: move = rename } = options;
  const start = Date.now();
  for (let wait = 10; ; wait = Math.min(wait + 10, 100)) {
    try {
      await move(from, to);
      return;
    } catch (error) {
      const busy = platform === 'win32' && BUSY.has(errnoCode(error) ?? '');
      if (!busy || Date.now() - start + wait > timeoutMs) throw error;
    }
    await sleep(wait);
  }
}

/** How much of the target's name a temp file keeps: at most 4 bytes each, so any name fits in 255 bytes. */
const TEMP_NAME_KEEPS = 50;

/**
 * A new temp file's path beside `path`: `.<start of its name>.<12 hex>.tmp`. Only the start of the name, so
 * that a name the file system just allows still gets a temp file it allows.
 */
export function tempPathBeside(path: string): string {
  const start = Array.from(basename(path)).slice(0, TEMP_NAME_KEEPS).join('');
  return join(dirname(path), `.${start}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The new file replaced the old one, but the folder's fsync failed: a crash now may still bring back the
 * old one. Its `code` is the fsync's.
 */
export class UnconfirmedWriteError extends Error {
  override readonly name = 'UnconfirmedWriteError';
  readonly code: unknown;

  constructor(reason: unknown) {
    super('the file was replaced, but the disk did not confirm that it is stored', { cause: reason });
    this.code = reason instanceof Error && 'code' in reason ? reason.code : undefined;
  }
}

export interface WriteOptions {
  /** Permissions of a new file (0600 by default). */
  readonly mode?: number;
  /**
   * The written file's modification (and access) time, set before it takes the target's name: a crash
   * never leaves the new content with the time of the write instead (a trashed draft's time is when it was
   * deleted).
   */
  readonly mtime?: Date;
}

/**
 * Writes `data` to a new temp file beside `path` and fsyncs it; returns the temp file's path. On a failure
 * the temp file is removed.
 */
export async function writeTempBeside(
  path: string,
  data: string | Uint8Array,
  { mode = 0o600, mtime }: WriteOptions = {},
): Promise<string> {
  const temp = tempPathBeside(path);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    if (mtime !== undefined) await handle.utimes(mtime, mtime);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

/**
 * Writes to a temp file beside the target, fsyncs it, renames it over the target, fsyncs the folder.
 * Throws UnconfirmedWriteError when only the last step failed (the new file is in place).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const temp = await writeTempBeside(path, data, options);
  try {
    await renameRetrying(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncFolder(dirname(path)).catch((error: unknown) => {
    throw new UnconfirmedWriteError(error);
  });
}

/** Renames a file (replacing `to` if it exists) and makes both folders durable: the move survives a crash. */
export async function moveFileDurable(from: string, to: string): Promise<void> {
  await renameRetrying(from, to);
  await fsyncFolder(dirname(to));
  if (dirname(from) !== dirname(to)) await fsyncFolder(dirname(from));
}

const TEMP_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** How old a temp file must be before it counts as left behind by a write that died (an hour). */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Whether temp file `name` was written for a file named `target`: its own temp file, or a temp file of
 * that temp file (what the no-clobber write of earlier builds left when it died).
 */
function isTempOf(name: string, target: string): boolean {
  const start = Array.from(target).slice(0, TEMP_NAME_KEEPS);
  return name.startsWith(`.${start.join('')}.`) || name.startsWith(`..${start.slice(0, -1).join('')}`);
}

/**
 * Removes temp files that writeFileAtomic left behind when its process died, if older than `olderThanMs`
 * (a younger one may belong to a write in progress in another process); with `target` (a file name), only
 * those written for that file. Returns how many were removed.
 */
export async function removeStaleTempFiles(
  folder: string,
  olderThanMs: number,
  target?: string,
): Promise<number> {
  let removed = 0;
  const names = await readdir(folder).catch(() => [] as string[]);
  const stale = names.filter(
    (name) => TEMP_NAME.test(name) && (target === undefined || isTempOf(name, target)),
  );
  for (const name of stale) {
    const path = join(folder, name);
    const info = await lstat(path).catch(() => undefined);
    if (info?.isFile() === true && Date.now() - info.mtimeMs > olderThanMs) {
      await unlink(path).then(
        () => removed++,
        () => undefined,
      );
    }
  }
  return removed;
}

/**
 * After a file the user chose was written: the temp files of earlier writes of that file whose process
 * died (a crash, a kill) are removed, so none stays in the user's folder for good. Never fails.
 */
export async function removeStaleTempFilesOf(path: string): Promise<void> {
  await removeStaleTempFiles(dirname(path), STALE_TEMP_MS, basename(path)).catch(() => undefined);
}
