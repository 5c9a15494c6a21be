/**
 * The vault folder's write lock between processes: the app, the command line, or another user's app on a
 * shared folder. Like git's index.lock: `vault.lock` in the vault folder, created with O_EXCL and holding
 * who made it; removed when the change is done. Every read-modify-write of the vault holds it, so that a
 * check ("already has a New revision", "is the file still the one I read?") and the write it allows are
 * one step for every process. Reads take no lock. Rules (stale locks, network shares): docs/vault-format.md.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { failure, ok, type Failure, type Result } from '../../src-shared/ipc/result.js';
import { tempPathBeside } from '../files/atomic-write.js';
import { errnoCode, readRegularFile, reasonFor } from '../files/safe-fs.js';

export const LOCK_FILE = 'vault.lock';

/** Which program holds the lock, for the message another one shows. */
export type LockProgram = 'app' | 'cli';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly program: LockProgram;
}

export interface LockTiming {
  /** How long a writer waits for another process's lock before it gives up. */
  readonly waitMs: number;
  /** A lock whose file was not refreshed for this long belongs to a holder that is gone. */
  readonly staleMs: number;
  /** How often a holder refreshes its lock file's modification time while it works. */
  readonly refreshMs: number;
}

/** A save holds the lock for milliseconds; a re-encryption of thousands of drafts for minutes (refreshed). */
export const LOCK_TIMING: LockTiming = { waitMs: 5000, staleMs: 30_000, refreshMs: 5000 };

/**
 * An EMPTY lock older than this was left by a process killed between creating it and writing its owner
 * (where there are no hard links, `createNamed`): a live one writes it in the same go, microseconds later
 * (one round trip on a share). 3 s: less than a writer's 5 s wait, so a save that finds such a lock takes
 * it over and goes through instead of giving up `busy`; and still 1 s more than FAT's 2 s granularity of
 * modification times (the file system without hard links most met), which can make a file look up to 2 s
 * older than it is. Its age is measured against this machine's clock and, under the takeover guard, against
 * the clock of the file system that stamped it (`takeOver`), so a share's clock behind this machine's
 * cannot make a fresh empty lock look old.
 */
export const EMPTY_LOCK_GRACE_MS = 3000;

/** The lock file as another process sees it; `owner` is undefined when it cannot be read or parsed. */
interface Seen {
  readonly ino: bigint;
  readonly mtimeMs: number;
  readonly size: bigint;
  /** Nothing in it: made, its owner not written (yet). */
  readonly empty: boolean;
  /** A folder of that name: never a lock this app made, and never moved aside or taken over. */
  readonly folder: boolean;
  readonly owner: LockOwner | undefined;
}

type FileInfo = { ino: bigint; mtimeMs: bigint; size: bigint } | undefined;

interface Held {
  readonly path: string;
  readonly handle: FileHandle;
  readonly ino: bigint;
  readonly refresh: NodeJS.Timeout;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host, since, program } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
    if (typeof host !== 'string' || typeof since !== 'string') return undefined;
    if (program !== 'app' && program !== 'cli') return undefined;
    return { pid, host, since, program };
  } catch {
    return undefined; // empty (a holder between creating and writing it) or not ours: judged by its age
  }
}

async function look(path: string): Promise<Seen | undefined> {
  const info = await lstat(path, { bigint: true }).catch(() => undefined);
  if (info === undefined) return undefined;
  // Never follows a link, never reads more than a lock holds.
  const bytes = await readRegularFile(path, 4096);
  return {
    ino: info.ino,
    mtimeMs: Number(info.mtimeMs),
    size: info.size,
    empty: info.size === 0n && bytes.ok && bytes.value.length === 0,
    folder: info.isDirectory(),
    owner: bytes.ok ? parseOwner(bytes.value.toString('utf8')) : undefined,
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM'; // it exists, run by another user
  }
}

/**
 * A holder on this machine whose process is gone is stale at once. Any other (another machine's, whose
 * process cannot be checked) only when its file was not refreshed for `staleMs`; an empty file, named by
 * nobody, once older than `emptyGraceMs` (the lock: `EMPTY_LOCK_GRACE_MS`, confirmed by `takeOver`).
 */
function isStale(seen: Seen, timing: LockTiming, emptyGraceMs = timing.staleMs): boolean {
  if (seen.owner?.host === hostname() && !alive(seen.owner.pid)) return true;
  const age = Date.now() - seen.mtimeMs;
  return age > timing.staleMs || (seen.empty && age > emptyGraceMs);
}

/**
 * The file taken over is still the one judged stale (same inode, not refreshed since, and as long: an empty
 * lock written meanwhile may keep its modification time where times are coarse, as FAT's 2 s).
 */
function same(info: FileInfo, seen: Seen): boolean {
  return info?.ino === seen.ino && Number(info.mtimeMs) === seen.mtimeMs && info.size === seen.size;
}

/** Whether the file at `path` is still the one `handle` has open (no other process took it over). */
async function stillOurs(handle: FileHandle, path: string): Promise<boolean> {
  const [mine, there] = await Promise.all([
    handle.stat({ bigint: true }),
    lstat(path, { bigint: true }).catch(() => undefined),
  ]);
  return there?.ino === mine.ino;
}

/**
 * Creates `path` holding `text`, failing with EEXIST if anything is there. The text is written to a temp
 * file beside it first, which is then hard-linked into place (a link never replaces): so the file never
 * exists empty. Where the file system has no hard links (FAT, some shares), it is created in place with
 * O_EXCL and written after: a holder killed in between leaves an empty file, which others judge stale after
 * `EMPTY_LOCK_GRACE_MS`. One that stalled that long in between finds its file taken over once it has
 * written it, and fails with EEXIST as if it had found the other's. Returns an open handle on it.
 */
async function createNamed(path: string, text: string): Promise<FileHandle> {
  const temp = tempPathBeside(path);
  const handle = await open(temp, 'wx', 0o600);
  let linked = false;
  try {
    await handle.writeFile(text);
    await link(temp, path);
    linked = true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
    if (!linked) await handle.close().catch(() => undefined);
  }
  if (linked) return handle;
  const inPlace = await open(path, 'wx', 0o600);
  let kept = false;
  try {
    await inPlace.writeFile(text);
    // Still empty, it may have been judged stale and taken over meanwhile: then it is another's, or none.
    kept = await stillOurs(inPlace, path);
    if (kept) return inPlace;
  } catch (error) {
    // Removed only while still this process's own: never the file of one that took it over.
    if (await stillOurs(inPlace, path).catch(() => false)) await unlink(path).catch(() => undefined);
    throw error;
  } finally {
    if (!kept) await inPlace.close().catch(() => undefined);
  }
  throw Object.assign(new Error(`EEXIST: ${path} was taken over before its owner was written`), {
    code: 'EEXIST',
  });
}

function ownerText(program: LockProgram): string {
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), program };
  return JSON.stringify(owner) + '\n';
}

/**
 * Removes the file at `path` if it is still the one judged stale (same inode, not refreshed since): it is
 * renamed aside, then checked again, so that a file made meanwhile in its place (another process's) is put
 * back with link, which never replaces. True when the caller should look again at once.
 */
async function removeIfSame(path: string, seen: Seen): Promise<boolean> {
  if (!same(await lstat(path, { bigint: true }).catch(() => undefined), seen)) return true;
  // A temp file's name: a crash before the unlink leaves a file the next open removes.
  const aside = tempPathBeside(path);
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return true; // removed meanwhile by its holder
    throw error;
  }
  const moved = await lstat(aside, { bigint: true }).catch(() => undefined);
  if (!same(moved, seen)) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
  return true;
}

/**
 * Takes over a stale lock, one process at a time: under `vault.lock.takeover` (made like the lock, naming
 * its maker), the lock is removed only if it is still the file judged stale; the caller then creates its
 * own (true: look again at once). Without that guard, a process that judged the old file stale could move
 * aside the new lock another process had just made in its place. A guard left by a process that died while
 * taking over is stale by the lock's own rules (its process gone, or not touched for `staleMs`, empty or
 * not: no second file tells a guard's age on the file system's clock).
 *
 * An empty lock judged stale by its age on this machine's clock is taken over only if the file system's
 * clock agrees: the guard, just made, carries that clock's "now". On a share the server stamps both files;
 * if its clock is behind this machine's, a fresh empty lock looks old here but not there (false: wait).
 */
async function takeOver(
  path: string,
  seen: Seen,
  program: LockProgram,
  timing: LockTiming,
): Promise<boolean | Failure> {
  const guard = `${path}.takeover`;
  let handle: FileHandle;
  try {
    handle = await createNamed(guard, ownerText(program));
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error;
    const guardSeen = await look(guard);
    if (guardSeen === undefined) return true; // the other takeover has finished
    if (guardSeen.folder) return folderInTheWay(guard);
    if (isStale(guardSeen, timing)) return removeIfSame(guard, guardSeen);
    return false; // another process is taking over: the caller waits and looks again
  }
  try {
    if (seen.empty && Date.now() - seen.mtimeMs <= timing.staleMs) {
      const { mtimeMs: now } = await handle.stat({ bigint: true });
      if (Number(now) - seen.mtimeMs <= EMPTY_LOCK_GRACE_MS) return false;
    }
    return await removeIfSame(path, seen);
  } finally {
    await handle.close().catch(() => undefined);
    await unlink(guard).catch(() => undefined);
  }
}

/**
 * A folder where the lock (or its takeover guard) goes: someone made it, no CMK Rekey did. Waiting would
 * say "busy" for ever, and taking it over would move the folder aside; so the user is told to remove it.
 */
function folderInTheWay(path: string): Failure {
  return failure(
    'not-a-file',
    `${basename(path)} in the vault folder ${dirname(path)} is a folder, not a lock this app made (its lock is a file, made and removed with each change). Nothing was changed; remove that folder (move anything it holds elsewhere first), then try again.`,
  );
}

function busy(seen: Seen, path: string, timing: LockTiming): Failure {
  const owner = seen.owner;
  if (owner === undefined && !seen.empty) {
    // Not a lock this app wrote (another program's file, a damaged one, a link): no CMK Rekey to wait for.
    const free = new Date(seen.mtimeMs + timing.staleMs).toISOString();
    return failure(
      'busy',
      `The vault's lock file ${path} names no CMK Rekey: it is not one this app wrote, or it is damaged. It is taken over once it is ${String(timing.staleMs / 1000)} s old (at ${free}). Nothing was changed here; try again then.`,
    );
  }
  const who =
    owner === undefined
      ? 'another CMK Rekey'
      : `another CMK Rekey (${owner.program === 'cli' ? 'the command line' : 'the app'}, pid ${String(owner.pid)} on ${owner.host.slice(0, 100)}, since ${owner.since.slice(0, 40)})`;
  return failure(
    'busy',
    `The vault is being changed by ${who}. Nothing was changed here; try again in a moment.`,
  );
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function create(path: string, program: LockProgram, timing: LockTiming): Promise<Held> {
  const handle = await createNamed(path, ownerText(program));
  try {
    const { ino } = await handle.stat({ bigint: true });
    // Through the handle: a lock taken over as stale (this process stalled) is the other's file by then.
    const refresh = setInterval(() => {
      const now = new Date();
      handle.utimes(now, now).catch(() => undefined);
    }, timing.refreshMs);
    refresh.unref();
    return { path, handle, ino, refresh };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/**
 * Whether creating the lock failed because a lock file is in the way: one is there (EEXIST); or, on
 * Windows, one is being deleted while another program (an antivirus or endpoint scanner, an indexer, a
 * sync client) still has it open, "delete pending", which fails its creation with EPERM or EACCES until
 * that program closes it, a moment later.
 */
function lockInTheWay(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'EEXIST' || (process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES'));
}

/** Creates the lock, waiting (short pauses) while another live process holds it; 'busy' after `waitMs`. */
async function acquire(
  folder: string,
  program: LockProgram,
  timing: LockTiming,
  waitMs: number,
): Promise<Result<Held>> {
  const path = join(folder, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  let delay = 2;
  try {
    for (;;) {
      let failed: unknown;
      try {
        const held = await create(path, program, timing);
        heldNow.add(held);
        return ok(held);
      } catch (error) {
        if (!lockInTheWay(error)) throw error;
        failed = error;
      }
      const seen = await look(path);
      if (seen === undefined) {
        if (errnoCode(failed) === 'EEXIST') continue; // released meanwhile
        if (Date.now() >= deadline) throw failed; // still being deleted (Windows)
      } else if (seen.folder) {
        return folderInTheWay(path);
      } else {
        if (isStale(seen, timing, EMPTY_LOCK_GRACE_MS)) {
          const taken = await takeOver(path, seen, program, timing);
          if (taken === true) continue;
          if (taken !== false) return taken;
        }
        if (Date.now() >= deadline) return busy(seen, path, timing);
      }
      // Random pauses: two waiters do not keep colliding.
      await pause(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 100);
    }
  } catch (error) {
    return failure('io', `The vault could not be locked for this change: ${reasonFor(error)}.`);
  }
}

/**
 * Removes the lock if it is still this holder's (a stalled holder's lock may have been taken over). It is
 * compared while still open, so its inode number cannot have gone to another file yet; then closed, and
 * only then removed: on Windows a file removed while open stays "delete pending" until it is closed, and
 * no other process could create the lock in that moment.
 */
async function release(held: Held): Promise<void> {
  if (!heldNow.delete(held)) {
    // given back already (releaseAllNow): only the handle is left to close
    await held.handle.close().catch(() => undefined);
    return;
  }
  clearInterval(held.refresh);
  const now = await lstat(held.path, { bigint: true }).catch(() => undefined);
  await held.handle.close().catch(() => undefined);
  if (now?.ino === held.ino) await unlink(held.path).catch(() => undefined);
}

/** The locks this process holds now: what an interrupted command line gives back (`releaseAllNow`). */
const heldNow = new Set<Held>();

/**
 * Gives back every lock this process holds, at once: for a command line stopped by Ctrl-C or a kill, which
 * exits right after, so no write of this process follows (without it, the next command waited and said
 * 'busy' until the lock was 30 s old). Each is removed only while it is still this process's (same file),
 * as `release` does. Returns how many were given back.
 */
export function releaseAllNow(): number {
  let given = 0;
  for (const held of heldNow) {
    clearInterval(held.refresh);
    try {
      if (lstatSync(held.path, { bigint: true }).ino === held.ino) {
        unlinkSync(held.path);
        given++;
      }
    } catch {
      // gone already, or taken over: not this process's to remove
    }
  }
  heldNow.clear();
  return given;
}

/**
 * One process's hold on a vault folder's lock. Holds nest: an operation that holds it may call a part
 * that holds it too (setting a bad file aside), and parts running side by side share one hold.
 */
export class FolderLock {
  #users = 0;
  #held: Promise<Result<Held>> | undefined;
  #released: Promise<void> = Promise.resolve();

  constructor(
    readonly folder: string,
    private readonly program: LockProgram,
    private readonly timing: LockTiming = LOCK_TIMING,
  ) {}

  /**
   * Runs `task` holding the lock; 'busy' (task not run) if another process kept it for the whole wait, or
   * at once when not `patient` (what can wait for a later try, such as writing the index).
   */
  async hold<T, D = never>(task: () => Promise<Result<T, D>>, patient = true): Promise<Result<T, D>> {
    this.#users++;
    try {
      const waitMs = patient ? this.timing.waitMs : 0;
      this.#held ??= this.#released.then(() => acquire(this.folder, this.program, this.timing, waitMs));
      const held = await this.#held;
      if (!held.ok) return held;
      return await task();
    } finally {
      this.#users--;
      const held = this.#held;
      if (this.#users === 0 && held !== undefined) {
        this.#held = undefined;
        this.#released = held.then((got) => (got.ok ? release(got.value) : undefined));
        await this.#released;
      }
    }
  }
}
