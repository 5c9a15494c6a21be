/**
 * The vault lock on a file system without hard links (FAT and exFAT drives, some network shares), where
 * link() fails as Linux's vfat answers it (EPERM): the lock is created in place with O_EXCL instead,
 * still names its holder, still keeps a second holder out, and leaves nothing behind. Made in place, it
 * exists empty for a moment: an empty lock older than EMPTY_LOCK_GRACE_MS was left by a holder killed in
 * that moment and is taken over; a fresh one is its holder's, writing it.
 */
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ok, type Result } from '../../../../src-shared/ipc/result.js';
import {
  EMPTY_LOCK_GRACE_MS,
  FolderLock,
  LOCK_FILE,
  type LockTiming,
} from '../../../../src-main/vault/folder-lock.js';
import { removeTempFolders, tempFolder, value } from './helpers.js';

/**
 * What the tests see of the lock being made in place: `opening` is called as a process opens vault.lock
 * with O_EXCL; `beforeWrite`, once, between that open and the write of its owner (the process stalls
 * there until the promise it returns settles).
 */
const hooks = vi.hoisted(() => ({
  opening: undefined as (() => void) | undefined,
  beforeWrite: undefined as (() => Promise<void>) | undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const link = (): Promise<never> =>
    Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
  const open: typeof real.open = async (path, flags, mode) => {
    const isLock = flags === 'wx' && String(path).endsWith(`/vault.lock`);
    if (isLock) hooks.opening?.();
    const handle = await real.open(path, flags, mode);
    const stall = hooks.beforeWrite;
    if (isLock && stall !== undefined) {
      hooks.beforeWrite = undefined;
      const write = handle.writeFile.bind(handle);
      handle.writeFile = async (...args: Parameters<typeof write>) => {
        await stall();
        return write(...args);
      };
    }
    return handle;
  };
  return { ...real, link, open, default: { ...real, link, open } };
});

afterEach(() => {
  hooks.opening = undefined;
  hooks.beforeWrite = undefined;
});
afterAll(removeTempFolders);

const TIMING: LockTiming = { waitMs: 100, staleMs: 30_000, refreshMs: 5000 };

/** What a task saw of the lock file while holding it: its owner. */
function ownerIn(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

describe('a file system without hard links', () => {
  it('creates the lock in place, naming this process; a second holder waits; nothing is left', async () => {
    const folder = tempFolder();
    const path = join(folder, LOCK_FILE);
    const first = new FolderLock(folder, 'cli', TIMING);
    const second = new FolderLock(folder, 'app', { ...TIMING, waitMs: 0 });
    const inside = await first.hold(async () => {
      const owner = ownerIn(path);
      const other = await second.hold(() => Promise.resolve(ok('ran')));
      return ok({ owner, other, files: readdirSync(folder) });
    });
    expect(value(inside)).toMatchObject({
      owner: { pid: process.pid, program: 'cli' },
      other: { ok: false, code: 'busy' },
      files: [LOCK_FILE],
    });
    expect(existsSync(path)).toBe(false);
    expect(value(await second.hold(() => Promise.resolve(ok('ran'))))).toBe('ran');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('an empty lock older than the grace (its holder killed before writing it): taken over at once, long before the stale time', async () => {
    const folder = tempFolder();
    const path = join(folder, LOCK_FILE);
    writeFileSync(path, '');
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    utimesSync(path, tenSecondsAgo, tenSecondsAgo);
    const lock = new FolderLock(folder, 'app', { ...TIMING, waitMs: 0 });
    expect(value(await lock.hold(() => Promise.resolve(ok(ownerIn(path)))))).toMatchObject({
      pid: process.pid,
      program: 'app',
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a fresh empty lock is not taken over: a holder mid-write keeps it, and one left so is taken only once older than the grace', async () => {
    const folder = tempFolder();
    const path = join(folder, LOCK_FILE);
    const holder = new FolderLock(folder, 'cli', TIMING);
    const waiter = new FolderLock(folder, 'app', TIMING);
    // The holder has made its lock and not written it yet: the waiter finds it empty and leaves it.
    let seenMidWrite: unknown;
    hooks.beforeWrite = async () => {
      const refused = await waiter.hold(() => Promise.resolve(ok('ran')));
      seenMidWrite = { refused, content: readFileSync(path, 'utf8') };
    };
    expect(value(await holder.hold(() => Promise.resolve(ok(ownerIn(path)))))).toMatchObject({
      pid: process.pid,
      program: 'cli',
    });
    expect(seenMidWrite).toEqual({
      refused: {
        ok: false,
        code: 'busy',
        message:
          'The vault is being changed by another CMK Rekey. Nothing was changed here; try again in a moment.',
      },
      content: '',
    });
    expect(readdirSync(folder)).toEqual([]);

    // One that nobody writes: a waiter leaves it until it is older than the grace, then takes it over.
    const made = Date.now() - (EMPTY_LOCK_GRACE_MS - 400);
    writeFileSync(path, '');
    utimesSync(path, new Date(made), new Date(made));
    const patient = new FolderLock(folder, 'app', { ...TIMING, waitMs: 5000 });
    const takenAt = value(await patient.hold(() => Promise.resolve(ok(Date.now()))));
    expect(takenAt).toBeGreaterThan(made + EMPTY_LOCK_GRACE_MS);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a holder stalled past the grace between making its lock and writing it: taken over, it finds out and waits, never holding it too', async () => {
    const folder = tempFolder();
    const path = join(folder, LOCK_FILE);
    const stalled = new FolderLock(folder, 'cli', { ...TIMING, waitMs: 5000 });
    const taker = new FolderLock(folder, 'app', { ...TIMING, waitMs: 0 });
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const enter = (who: string) => {
      inside++;
      most = Math.max(most, inside);
      order.push(`${who} in`);
    };
    const leave = (who: string) => {
      inside--;
      order.push(`${who} out`);
    };
    // The taker stays inside until the stalled one has tried again (or, were it let in, has got in).
    let letTakerGo: () => void = () => undefined;
    const takerMayGo = new Promise<void>((resolve) => (letTakerGo = resolve));
    let takerInside: () => void = () => undefined;
    const takerIn = new Promise<void>((resolve) => (takerInside = resolve));
    let taking: Promise<Result<string>> = Promise.resolve(ok('not started'));
    hooks.beforeWrite = async () => {
      // Ten seconds pass before the stalled holder writes its owner.
      const tenSecondsAgo = new Date(Date.now() - 10_000);
      utimesSync(path, tenSecondsAgo, tenSecondsAgo);
      taking = taker.hold(async () => {
        enter('app');
        takerInside();
        await takerMayGo;
        leave('app');
        return ok('app');
      });
      await Promise.race([takerIn, taking]);
      hooks.opening = letTakerGo; // the stalled holder opening vault.lock again
    };
    const held = await stalled.hold(() => {
      enter('cli');
      letTakerGo();
      leave('cli');
      return Promise.resolve(ok('cli'));
    });
    expect(value(held)).toBe('cli');
    expect(value(await taking)).toBe('app');
    expect(order).toEqual(['app in', 'app out', 'cli in', 'cli out']);
    expect(most).toBe(1);
    expect(readdirSync(folder)).toEqual([]);
  });
});
