/**
 * The vault's only way to touch files: reads that never follow a link, never block on a FIFO or device and
 * never read more than a limit; moves, renames and deletes of regular files only (links are moved or
 * followed never); new files that never replace what exists unless asked. Errors become failures that say
 * whether the file is missing, not a regular file, too large, or could not be read now (permission, too
 * many open files, I/O): only the caller that read a file whole and found it wrong may call it corrupt.
 */
import { constants, type BigIntStats, type Stats } from 'node:fs';
import { link, lstat, mkdir, open, realpath, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { failure, ok, type Failure, type Result } from '../../src-shared/ipc/result.js';
import {
  fsyncFolder,
  removeStaleTempFilesOf,
  renameRetrying,
  writeFileAtomic,
  writeTempBeside,
} from './atomic-write.js';
import { errnoCode } from './errno.js';

/** Open flags for a file the user named: no hang on a FIFO (the type is checked with fstat next). */
const optional = (flag: number | undefined): number => flag ?? 0;
export const READ_USER_FLAGS = constants.O_RDONLY | optional(constants.O_NONBLOCK);
/** Open flags for the vault's own files: the same, and no link at the last component (0 on Windows). */
export const READ_FLAGS = READ_USER_FLAGS | optional(constants.O_NOFOLLOW);

export { errnoCode };

/** Words for errno codes; those that pass on their own also say "try again" (unless the caller advises). */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files in this process; try again',
  ENFILE: 'too many open files on this system; try again',
  EIO: 'input/output error from the disk or network share',
  EBUSY: 'the file is busy (locked by another program?); try again',
  EAGAIN: 'the file is temporarily unavailable; try again',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the folder is read-only',
  ENAMETOOLONG: 'the path is too long',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'a folder has that name',
  ELOOP: 'a symbolic link points to itself, or too many links in a row',
  EXDEV: 'the file cannot be moved to another disk',
  ETIMEDOUT: 'the network share did not answer',
  ESTALE: 'the network share lost the file handle; try again',
};

const TRY_AGAIN = '; try again';

/**
 * Words for an errno code, for messages ("permission denied (EACCES)"). `advice: false` leaves out the "try
 * again" of a fault that passes, for a message that goes on to say what to do.
 */
export function reasonFor(error: unknown, { advice = true }: { advice?: boolean } = {}): string {
  const code = errnoCode(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  const words = REASONS[code] ?? 'unexpected error';
  return `${advice ? words : words.replace(TRY_AGAIN, '')} (${code})`;
}

/** What kind of entry a path is, without following a link at its last component. */
export type EntryKind = 'missing' | 'file' | 'folder' | 'link' | 'fifo' | 'device' | 'other';

export function kindOf(stats: Stats | BigIntStats): Exclude<EntryKind, 'missing'> {
  if (stats.isSymbolicLink()) return 'link';
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isFIFO()) return 'fifo';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  return 'other';
}

export async function entryKind(path: string): Promise<EntryKind> {
  try {
    return kindOf(await lstat(path));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 'missing';
    throw error;
  }
}

/**
 * Whether nothing is at `path`, as with a mistyped path: no such entry, or a part of the path is a file
 * (ENOTDIR). An entry of any kind, or one that cannot be looked at, is not missing: its reader says what.
 */
export async function isMissing(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return false;
  } catch (error) {
    const code = errnoCode(error);
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

/** A failure for a path that is not what it should be (a regular file). */
export function notRegular(path: string, kind: EntryKind): Failure {
  const what: Record<string, string> = {
    link: 'is a symbolic link (links are never followed)',
    folder: 'is a folder, not a file',
    fifo: 'is a named pipe, not a file',
    device: 'is a device, not a file',
    other: 'is not a regular file',
    missing: 'does not exist',
  };
  return failure(kind === 'missing' ? 'not-found' : 'not-a-file', `${path} ${what[kind] ?? what['other']}.`);
}

/** The failure for an error while reading or changing `path`: missing, not a file, or could not now. */
export function fsFailure(path: string, error: unknown, doing = 'cannot be read'): Failure {
  const code = errnoCode(error);
  if (code === 'ENOENT') return failure('not-found', `${path} does not exist.`);
  if (code === 'EISDIR') return notRegular(path, 'folder');
  if (code === 'ELOOP') return notRegular(path, 'link');
  return failure('io', `${path} ${doing}: ${reasonFor(error)}. It was left as it is.`);
}

/**
 * Reads a regular file of at most `maxBytes`: opened without following a link and without waiting on a
 * FIFO, checked with fstat (type and size) BEFORE any byte is read, read through the same descriptor.
 * 'too-large' means a regular file over the limit; 'io' means it could not be read now (not corrupt).
 * `followLink`: for a file the user named (an import), a link to a regular file is read. `named`: how
 * messages name the file (its path by default; "It" where the caller names it already).
 */
export async function readRegularFile(
  path: string,
  maxBytes: number,
  followLink = false,
  named = path,
): Promise<Result<Buffer>> {
  let handle;
  try {
    handle = await open(path, followLink ? READ_USER_FLAGS : READ_FLAGS);
  } catch (error) {
    // Links are followed here: ELOOP means links that lead back to themselves.
    if (followLink && errnoCode(error) === 'ELOOP')
      return failure('not-a-file', `${named} is a loop of symbolic links, not a file.`);
    return fsFailure(named, error);
  }
  try {
    const stats = await handle.stat({ bigint: true });
    if (!stats.isFile()) return notRegular(named, kindOf(stats));
    if (stats.size > BigInt(maxBytes))
      return failure('too-large', `${named} is far larger than this kind of file can be.`);
    const bytes = Buffer.alloc(Number(stats.size) + 1);
    let length = 0;
    while (length < bytes.length) {
      const { bytesRead } = await handle.read(bytes, length, bytes.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes)
      return failure('too-large', `${named} grew past its size limit while it was read.`);
    return ok(bytes.subarray(0, length));
  } catch (error) {
    return fsFailure(named, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Whether `path` is a real folder (not a link to one); creates it (0700) if `create` and missing. */
export async function realFolder(path: string, create = false): Promise<Result<void>> {
  const kind = await entryKind(path).catch((error: unknown) => fsFailure(path, error));
  if (typeof kind !== 'string') return kind;
  if (kind === 'folder') return ok(undefined);
  if (kind === 'missing' && create) {
    try {
      await mkdir(path, { mode: 0o700 });
      return ok(undefined);
    } catch (error) {
      return fsFailure(path, error, 'cannot be created');
    }
  }
  return kind === 'missing' ? failure('not-found', `${path} does not exist.`) : notFolder(path, kind);
}

/** A failure for a path that should be a real folder but is something else. */
function notFolder(path: string, kind: Exclude<EntryKind, 'folder' | 'missing'>): Failure {
  const what = {
    link: 'a symbolic link (links are never followed)',
    file: 'a file',
    fifo: 'a named pipe',
    device: 'a device',
    other: 'something else',
  }[kind];
  return failure('not-a-file', `${path} is ${what}, not a folder.`);
}

async function regularFile(path: string): Promise<Result<void>> {
  const kind = await entryKind(path).catch((error: unknown) => fsFailure(path, error));
  if (typeof kind !== 'string') return kind;
  return kind === 'file' ? ok(undefined) : notRegular(path, kind);
}

/**
 * Moves a regular file (never a link, FIFO, device or folder) to `to`, which must not exist unless
 * `replace`; both folders must be real folders. Durable: both folders are fsynced. Throws nothing.
 */
export async function moveRegularFile(from: string, to: string, replace = false): Promise<Result<void>> {
  for (const folder of new Set([dirname(from), dirname(to)])) {
    const real = await realFolder(folder);
    if (!real.ok) return real;
  }
  const source = await regularFile(from);
  if (!source.ok) return source;
  const target = await entryKind(to).catch(() => 'other' as const);
  if (target !== 'missing' && !(replace && target === 'file'))
    return failure('exists', `${to} already exists; nothing was moved.`);
  try {
    await renameRetrying(from, to);
    await fsyncFolder(dirname(to));
    if (dirname(from) !== dirname(to)) await fsyncFolder(dirname(from));
    return ok(undefined);
  } catch (error) {
    return fsFailure(from, error, 'cannot be moved');
  }
}

/** Deletes a regular file of a real folder (never a link's target, never a folder). Throws nothing. */
export async function removeRegularFile(path: string): Promise<Result<void>> {
  const real = await realFolder(dirname(path));
  if (!real.ok) return real;
  const file = await regularFile(path);
  if (!file.ok) return file;
  try {
    await unlink(path);
    await fsyncFolder(dirname(path));
    return ok(undefined);
  } catch (error) {
    return fsFailure(path, error, 'cannot be deleted');
  }
}

/** `path` resolved through links as far as it exists (the rest, not there yet, as it is written). */
export async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return join(await realPathOf(dirname(path)).catch(() => dirname(path)), basename(path));
  }
}

/** Whether `path` (resolved through links) is `folder` or inside it. */
export async function isInside(path: string, folder: string): Promise<boolean> {
  const rel = relative(await realPathOf(resolve(folder)), await realPathOf(resolve(path)));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export interface NewFileOptions {
  /** Replace an existing regular file (never a link, folder or device). */
  readonly force?: boolean;
  /** Folders the file must not be written into (the vault's own). */
  readonly outside?: readonly string[];
}

const alreadyExists = (path: string): Failure =>
  failure('exists', `${path} already exists; choose another name or pass --force to replace it.`);

/**
 * Whether `writeNewFile` may write `path` now (see there): a command checks it before the work that
 * makes the file's content, such as asking for a passphrase, so the user hears of a bad `--out` first.
 */
export async function checkNewFile(
  path: string,
  { force = false, outside = [] }: NewFileOptions = {},
): Promise<Result<void>> {
  for (const folder of outside) {
    if (await isInside(path, folder))
      return failure('invalid-argument', `${path} is inside the vault folder; write it somewhere else.`);
  }
  const parent = await entryKind(dirname(path)).catch(() => 'other' as const);
  if (parent === 'missing') return failure('not-found', `The folder ${dirname(path)} does not exist.`);
  const kind = await entryKind(path).catch(() => 'other' as const);
  if (kind !== 'missing' && kind !== 'file') return notRegular(path, kind);
  return kind === 'file' && !force ? alreadyExists(path) : ok(undefined);
}

/**
 * Writes a file the user named (`--out`, an export): refuses a folder, a link, a device or a missing
 * folder with a clear message; refuses an existing file unless `force`; never writes into `outside`.
 * Atomic: a temp file beside it is renamed (force) or hard-linked (no clobber, race-free) into place.
 */
export async function writeNewFile(
  path: string,
  data: string | Uint8Array,
  { force = false, outside = [] }: NewFileOptions = {},
): Promise<Result<void>> {
  const checked = await checkNewFile(path, { force, outside });
  if (!checked.ok) return checked;
  try {
    if (force) {
      await writeFileAtomic(path, data);
      await removeStaleTempFilesOf(path);
      return ok(undefined);
    }
    const temp = await writeTempBeside(path, data);
    try {
      await link(temp, path).catch(async (error: unknown) => {
        // File systems without hard links (FAT, some shares): check again, then rename.
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV'].includes(errnoCode(error) ?? '')) throw error;
        if ((await entryKind(path)) !== 'missing')
          throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        await renameRetrying(temp, path);
      });
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await fsyncFolder(dirname(path));
    await removeStaleTempFilesOf(path);
    return ok(undefined);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return alreadyExists(path);
    return fsFailure(path, error, 'cannot be written');
  }
}

/**
 * Creates a folder and its missing parents (0700), one level at a time: Node's recursive mkdir never
 * returns on some paths (e.g. under /proc), this fails with a clear message instead.
 */
export async function makeFolders(path: string): Promise<Result<void>> {
  const missing: string[] = [];
  for (let at = resolve(path); ; at = dirname(at)) {
    const kind = await entryKind(at).catch((error: unknown) => fsFailure(at, error));
    if (typeof kind !== 'string') return kind;
    if (kind === 'folder' || (kind === 'link' && at !== resolve(path))) break;
    if (kind !== 'missing') return notFolder(at, kind);
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder, { mode: 0o700 });
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST')
        return failure('io', `The folder ${folder} cannot be created: ${reasonFor(error)}.`);
    }
  }
  return ok(undefined);
}
