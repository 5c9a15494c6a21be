/**
 * The vault folder's lock between processes (vault.lock): holding, waiting for another holder, the 'busy'
 * error, stale locks (a dead process on this machine, a file not refreshed) taken over, and a holder
 * whose lock was taken over leaving its successor's alone. Short waits here (the timing is a parameter);
 * the vault's own 5 s wait is in lock-processes.test.ts.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ok, type Result } from '../../../../src-shared/ipc/result.js';
import {
  EMPTY_LOCK_GRACE_MS,
  FolderLock,
  LOCK_FILE,
  releaseAllNow,
  type LockTiming,
} from '../../../../src-main/vault/folder-lock.js';
import { removeTempFolders, tempFolder, value } from './helpers.js';

afterAll(removeTempFolders);
afterEach(() => {
  vi.restoreAllMocks();
});

const QUICK: LockTiming = { waitMs: 150, staleMs: 30_000, refreshMs: 5000 };
const LONG_AGO = new Date(Date.now() - 10 * 60 * 1000);

function lockPath(folder: string): string {
  return join(folder, LOCK_FILE);
}

/** Writes a lock file as another holder would have left it. */
function plantLock(folder: string, owner: object | string, modified?: Date): void {
  writeFileSync(lockPath(folder), typeof owner === 'string' ? owner : JSON.stringify(owner));
  if (modified !== undefined) utimesSync(lockPath(folder), modified, modified);
}

/** The pid of a process that has ended (a node that exits at once). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** Files the lock left in the folder besides the lock itself (a stale one moved aside, say). */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((name) => name !== LOCK_FILE);
}

describe('holding the lock', () => {
  it('creates vault.lock naming this process while the task runs, and removes it after', async () => {
    const folder = tempFolder();
    const lock = new FolderLock(folder, 'cli', QUICK);
    const inside = value(
      await lock.hold(() =>
        Promise.resolve(ok(JSON.parse(readFileSync(lockPath(folder), 'utf8')) as unknown)),
      ),
    );
    expect(inside).toMatchObject({ pid: process.pid, host: hostname(), program: 'cli' });
    expect(Number.isNaN(Date.parse((inside as { since: string }).since))).toBe(false);
    expect(existsSync(lockPath(folder))).toBe(false);
  });

  it('releaseAllNow (an interrupted command line) gives back every lock held at once; the hold then leaves a new holder’s alone', async () => {
    const [one, two] = [tempFolder(), tempFolder()];
    const [first, second] = [new FolderLock(one, 'cli', QUICK), new FolderLock(two, 'cli', QUICK)];
    let given = -1;
    const other = new FolderLock(one, 'app', QUICK);
    let othersLock = '';
    value(
      await first.hold(() =>
        second.hold(async () => {
          given = releaseAllNow();
          expect([existsSync(lockPath(one)), existsSync(lockPath(two))]).toEqual([false, false]);
          // Another process can take the folder's lock at once (no waiting for 'busy' to end) ...
          value(
            await other.hold(() => {
              othersLock = readFileSync(lockPath(one), 'utf8');
              return Promise.resolve(ok(undefined));
            }),
          );
          // ... and a lock there when this hold ends is not this process's to remove.
          writeFileSync(lockPath(one), othersLock);
          return ok(undefined);
        }),
      ),
    );
    expect(given).toBe(2);
    expect(readFileSync(lockPath(one), 'utf8')).toBe(othersLock);
    expect(JSON.parse(othersLock)).toMatchObject({ program: 'app' });
    expect(existsSync(lockPath(two))).toBe(false);
    expect(releaseAllNow()).toBe(0);
  });

  it('removes it when the task throws, and the error goes on to the caller', async () => {
    const folder = tempFolder();
    const lock = new FolderLock(folder, 'app', QUICK);
    await expect(lock.hold(() => Promise.reject(new Error('disk on fire')))).rejects.toThrow('disk on fire');
    expect(existsSync(lockPath(folder))).toBe(false);
    expect(value(await lock.hold(() => Promise.resolve(ok('again'))))).toBe('again');
  });

  it('nests and shares one hold within a process: inner and side-by-side holds do not wait for it', async () => {
    const folder = tempFolder();
    // A wait of 0: any second acquisition of the file would fail with 'busy'.
    const lock = new FolderLock(folder, 'app', { ...QUICK, waitMs: 0 });
    const result = await lock.hold(async () => {
      const inner = await Promise.all([
        lock.hold(() => Promise.resolve(ok(existsSync(lockPath(folder))))),
        lock.hold(() => Promise.resolve(ok(existsSync(lockPath(folder))))),
      ]);
      return ok(inner.map((one) => value(one)));
    });
    expect(value(result)).toEqual([true, true]);
    expect(existsSync(lockPath(folder))).toBe(false);
  });

  it('fails with io, in words, when the folder cannot hold a lock (it does not exist)', async () => {
    const lock = new FolderLock(join(tempFolder(), 'missing'), 'app', QUICK);
    let ran = false;
    const result = await lock.hold(() => {
      ran = true;
      return Promise.resolve(ok(undefined));
    });
    expect(result).toMatchObject({ ok: false, code: 'io' });
    expect(!result.ok && result.message).toMatch(/^The vault could not be locked for this change: /u);
    expect(ran).toBe(false);
  });

  it('names its holder from the moment it exists: a reader never finds it empty (300 holds)', async () => {
    const folder = tempFolder();
    const lock = new FolderLock(folder, 'app', QUICK);
    const seen = { named: 0, empty: 0, holding: true };
    // Reads between every step of the holder's work, as another process could.
    const reader = (async () => {
      while (seen.holding) {
        try {
          if (readFileSync(lockPath(folder), 'utf8') === '') seen.empty++;
          else seen.named++;
        } catch {
          // not there
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 300; i++) value(await lock.hold(() => Promise.resolve(ok(undefined))));
    seen.holding = false;
    await reader;
    expect(seen.empty).toBe(0);
    expect(seen.named).toBeGreaterThan(0);
    // The file written beside it first is gone too.
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refreshes the lock file while it works, so a long change is not taken for a crashed one', async () => {
    const folder = tempFolder();
    const lock = new FolderLock(folder, 'cli', { ...QUICK, refreshMs: 20 });
    const refreshed = await lock.hold(async () => {
      utimesSync(lockPath(folder), LONG_AGO, LONG_AGO);
      for (let tries = 0; tries < 200 && statSync(lockPath(folder)).mtimeMs <= LONG_AGO.getTime(); tries++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      return ok(statSync(lockPath(folder)).mtimeMs);
    });
    expect(value(refreshed)).toBeGreaterThan(LONG_AGO.getTime());
  });
});

describe('another holder', () => {
  it('a live holder: waits, then fails with busy naming it; the task never runs and its lock stays', async () => {
    const folder = tempFolder();
    const holder = new FolderLock(folder, 'cli', QUICK);
    const other = new FolderLock(folder, 'app', QUICK);
    let ran = false;
    const result = await holder.hold(async () => {
      const inner = await other.hold(() => {
        ran = true;
        return Promise.resolve(ok(undefined));
      });
      expect(existsSync(lockPath(folder))).toBe(true);
      return ok(inner);
    });
    const refused = value(result);
    expect(refused).toMatchObject({ ok: false, code: 'busy' });
    const message = refused.ok ? '' : refused.message;
    expect(message).toContain(
      `The vault is being changed by another CMK Rekey (the command line, pid ${String(process.pid)} on ${hostname()}, since `,
    );
    expect(message).toMatch(
      /, since \d{4}-\d\d-\d\dT[\d:.]+Z\)\. Nothing was changed here; try again in a moment\.$/u,
    );
    expect(ran).toBe(false);
    expect(existsSync(lockPath(folder))).toBe(false);
  });

  it('a holder that finishes while another waits: the waiter gets the lock and runs', async () => {
    const folder = tempFolder();
    const first = new FolderLock(folder, 'app', QUICK);
    const second = new FolderLock(folder, 'app', { ...QUICK, waitMs: 5000 });
    const order: string[] = [];
    let letGo: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (letGo = resolve));
    let firstIn: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (firstIn = resolve));
    const one = first.hold(async () => {
      order.push('first in');
      firstIn();
      await released;
      order.push('first out');
      return ok(undefined);
    });
    await inside;
    const two = second.hold(() => {
      order.push('second in');
      return Promise.resolve(ok(undefined));
    });
    // The second is waiting now (its first try found the file); the first finishes.
    await new Promise((resolve) => setTimeout(resolve, 30));
    letGo();
    value(await one);
    value(await two);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });

  it('an unreadable (empty) lock file that is fresh: busy, naming no one', async () => {
    const folder = tempFolder();
    plantLock(folder, '');
    const result = await new FolderLock(folder, 'app', QUICK).hold(() => Promise.resolve(ok(undefined)));
    expect(result).toEqual({
      ok: false,
      code: 'busy',
      message:
        'The vault is being changed by another CMK Rekey. Nothing was changed here; try again in a moment.',
    });
    expect(readFileSync(lockPath(folder), 'utf8')).toBe('');
  });

  it('a fresh lock file that names no CMK Rekey (garbage, a link): busy, saying so and when it is taken over', async () => {
    for (const plant of [
      (folder: string) => {
        plantLock(folder, 'garbage\n');
      },
      (folder: string) => {
        symlinkSync(join(folder, 'nowhere'), lockPath(folder));
      },
    ]) {
      const folder = tempFolder();
      plant(folder);
      const modified = lstatSync(lockPath(folder)).mtimeMs;
      const result = await new FolderLock(folder, 'cli', QUICK).hold(() => Promise.resolve(ok(undefined)));
      expect(result).toEqual({
        ok: false,
        code: 'busy',
        message: `The vault's lock file ${lockPath(folder)} names no CMK Rekey: it is not one this app wrote, or it is damaged. It is taken over once it is 30 s old (at ${new Date(modified + 30_000).toISOString()}). Nothing was changed here; try again then.`,
      });
    }
  });

  it("another machine's fresh lock: busy (its process cannot be checked from here)", async () => {
    const folder = tempFolder();
    plantLock(folder, { pid: deadPid(), host: 'other-host.example', since: 'x', program: 'app' });
    const result = await new FolderLock(folder, 'cli', QUICK).hold(() => Promise.resolve(ok(undefined)));
    expect(result).toMatchObject({ ok: false, code: 'busy' });
    expect(!result.ok && result.message).toContain('(the app, pid');
    expect(!result.ok && result.message).toContain('on other-host.example, since x)');
  });
});

describe('a folder where the lock goes', () => {
  it('a folder named vault.lock, new or old: refused at once saying so and to remove it; never waited for, taken over or moved', async () => {
    for (const modified of [undefined, LONG_AGO]) {
      const folder = tempFolder();
      mkdirSync(lockPath(folder));
      writeFileSync(join(lockPath(folder), 'notes.txt'), 'someone keeps this');
      if (modified !== undefined) utimesSync(lockPath(folder), modified, modified);
      let ran = false;
      // A minute's wait: a folder is not a holder to wait for, so the answer comes at once.
      const lock = new FolderLock(folder, 'app', { ...QUICK, waitMs: 60_000 });
      const started = Date.now();
      const result = await lock.hold(() => {
        ran = true;
        return Promise.resolve(ok(undefined));
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result).toEqual({
        ok: false,
        code: 'not-a-file',
        message: `vault.lock in the vault folder ${folder} is a folder, not a lock this app made (its lock is a file, made and removed with each change). Nothing was changed; remove that folder (move anything it holds elsewhere first), then try again.`,
      });
      expect(ran).toBe(false);
      expect(readdirSync(folder)).toEqual([LOCK_FILE]);
      expect(readFileSync(join(lockPath(folder), 'notes.txt'), 'utf8')).toBe('someone keeps this');
      // Once it is removed, changes go through as before.
      rmSync(lockPath(folder), { recursive: true });
      expect(value(await lock.hold(() => Promise.resolve(ok('ran'))))).toBe('ran');
      expect(readdirSync(folder)).toEqual([]);
    }
  });

  it('a folder named vault.lock.takeover beside a stale lock: refused naming it, both left as they are', async () => {
    const folder = tempFolder();
    plantLock(folder, { pid: 1, host: 'gone.example', since: 'x', program: 'app' }, LONG_AGO);
    const guard = `${lockPath(folder)}.takeover`;
    mkdirSync(guard);
    utimesSync(guard, LONG_AGO, LONG_AGO);
    const result = await new FolderLock(folder, 'cli', QUICK).hold(() => Promise.resolve(ok(undefined)));
    expect(result).toMatchObject({ ok: false, code: 'not-a-file' });
    expect(!result.ok && result.message).toMatch(
      /^vault\.lock\.takeover in the vault folder .* is a folder, not a lock this app made/u,
    );
    expect(readdirSync(folder).sort()).toEqual([LOCK_FILE, `${LOCK_FILE}.takeover`]);
  });
});

describe('stale locks are taken over', () => {
  it('a lock of a process of this machine that no longer exists: at once, although fresh', async () => {
    const folder = tempFolder();
    plantLock(folder, { pid: deadPid(), host: hostname(), since: new Date().toISOString(), program: 'cli' });
    const lock = new FolderLock(folder, 'app', { ...QUICK, waitMs: 0 });
    const owner = value(
      await lock.hold(() =>
        Promise.resolve(ok(JSON.parse(readFileSync(lockPath(folder), 'utf8')) as unknown)),
      ),
    );
    expect(owner).toMatchObject({ pid: process.pid, program: 'app' });
    expect(existsSync(lockPath(folder))).toBe(false);
    expect(leftovers(folder)).toEqual([]);
  });

  it("a lock not refreshed for longer than the stale time: another machine's, or one that cannot be read", async () => {
    for (const owner of [
      { pid: 4242, host: 'other-host.example', since: '2026-01-01T00:00:00Z', program: 'app' },
      'not a lock',
    ]) {
      const folder = tempFolder();
      plantLock(folder, owner, LONG_AGO);
      const ran = await new FolderLock(folder, 'cli', QUICK).hold(() => Promise.resolve(ok('ran')));
      expect(value(ran)).toBe('ran');
      expect(existsSync(lockPath(folder))).toBe(false);
      expect(leftovers(folder)).toEqual([]);
    }
  });

  it('an empty lock older than the grace (its holder killed before writing it): at once, long before the stale time; an unreadable one as old is not', async () => {
    const folder = tempFolder();
    const tenSecondsAgo = new Date(Date.now() - 10_000);
    plantLock(folder, '', tenSecondsAgo);
    const lock = new FolderLock(folder, 'cli', { ...QUICK, waitMs: 0 });
    const owner = value(
      await lock.hold(() =>
        Promise.resolve(ok(JSON.parse(readFileSync(lockPath(folder), 'utf8')) as unknown)),
      ),
    );
    expect(owner).toMatchObject({ pid: process.pid, program: 'cli' });
    expect(readdirSync(folder)).toEqual([]);
    // Not empty, yet naming no one: judged by the stale time alone (the grace is for a lock being written).
    plantLock(folder, 'not a lock', tenSecondsAgo);
    expect(await lock.hold(() => Promise.resolve(ok(undefined)))).toMatchObject({ ok: false, code: 'busy' });
    expect(readFileSync(lockPath(folder), 'utf8')).toBe('not a lock');
  });

  it('a fresh empty lock is left to its holder (writing it); a waiter takes it over only once it is older than the grace', async () => {
    const folder = tempFolder();
    const made = Date.now() - (EMPTY_LOCK_GRACE_MS - 400);
    plantLock(folder, '', new Date(made));
    const lock = new FolderLock(folder, 'app', { ...QUICK, waitMs: 5000 });
    const takenAt = value(await lock.hold(() => Promise.resolve(ok(Date.now()))));
    expect(takenAt).toBeGreaterThan(made + EMPTY_LOCK_GRACE_MS);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("an empty lock old only by this machine's clock (the file system's clock behind it): left; once old by both, taken over", async () => {
    const folder = tempFolder();
    // This machine's clock 10 s ahead of the one that stamps the folder's files (a share's server).
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 10_000);
    plantLock(folder, '');
    const lock = new FolderLock(folder, 'cli', QUICK);
    expect(await lock.hold(() => Promise.resolve(ok(undefined)))).toMatchObject({ ok: false, code: 'busy' });
    expect(readFileSync(lockPath(folder), 'utf8')).toBe('');
    expect(readdirSync(folder)).toEqual([LOCK_FILE]);
    const tenSecondsAgo = new Date(realNow() - 10_000);
    utimesSync(lockPath(folder), tenSecondsAgo, tenSecondsAgo);
    expect(value(await lock.hold(() => Promise.resolve(ok('ran'))))).toBe('ran');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a holder whose lock was taken over (it stalled) does not remove its successor’s', async () => {
    const folder = tempFolder();
    const stalled = new FolderLock(folder, 'cli', QUICK);
    const successor = new FolderLock(folder, 'app', { ...QUICK, staleMs: 1000 });
    let successorsLock = '';
    let finish: () => void = () => undefined;
    const working = new Promise<void>((resolve) => (finish = resolve));
    let successorIn: () => void = () => undefined;
    const successorInside = new Promise<void>((resolve) => (successorIn = resolve));
    let successorDone: Promise<Result<undefined>> = Promise.resolve(ok(undefined));
    value(
      await stalled.hold(async () => {
        // The stalled holder's file looks abandoned: the successor takes it over.
        utimesSync(lockPath(folder), LONG_AGO, LONG_AGO);
        successorDone = successor.hold(async () => {
          successorsLock = readFileSync(lockPath(folder), 'utf8');
          successorIn();
          await working;
          return ok(undefined);
        });
        await successorInside;
        return ok(undefined);
      }),
    );
    // The stalled holder has finished: the successor, still working, keeps its lock.
    expect(JSON.parse(successorsLock)).toMatchObject({ program: 'app' });
    expect(readFileSync(lockPath(folder), 'utf8')).toBe(successorsLock);
    finish();
    value(await successorDone);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a takeover left half done by a process that died (its guard file) blocks only until that is old too', async () => {
    const folder = tempFolder();
    plantLock(folder, { pid: 1, host: 'gone.example', since: 'x', program: 'app' }, LONG_AGO);
    const guard = `${lockPath(folder)}.takeover`;
    writeFileSync(guard, '');
    const lock = new FolderLock(folder, 'cli', QUICK);
    expect(await lock.hold(() => Promise.resolve(ok(undefined)))).toMatchObject({ ok: false, code: 'busy' });
    utimesSync(guard, LONG_AGO, LONG_AGO);
    expect(value(await lock.hold(() => Promise.resolve(ok('ran'))))).toBe('ran');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('a takeover left half done by a process of this machine that died: its guard names it and is removed at once', async () => {
    const folder = tempFolder();
    plantLock(folder, { pid: 1, host: 'gone.example', since: 'x', program: 'app' }, LONG_AGO);
    const guard = `${lockPath(folder)}.takeover`;
    writeFileSync(guard, JSON.stringify({ pid: deadPid(), host: hostname(), since: 'x', program: 'cli' }));
    const lock = new FolderLock(folder, 'cli', { ...QUICK, waitMs: 0 });
    expect(value(await lock.hold(() => Promise.resolve(ok('ran'))))).toBe('ran');
    expect(readdirSync(folder)).toEqual([]);
  });

  it("a live process's takeover guard is left alone: busy until it is done", async () => {
    const folder = tempFolder();
    plantLock(folder, { pid: 1, host: 'gone.example', since: 'x', program: 'app' }, LONG_AGO);
    const guard = `${lockPath(folder)}.takeover`;
    const owner = JSON.stringify({ pid: process.pid, host: hostname(), since: 'x', program: 'app' });
    writeFileSync(guard, owner);
    const lock = new FolderLock(folder, 'cli', QUICK);
    expect(await lock.hold(() => Promise.resolve(ok(undefined)))).toMatchObject({ ok: false, code: 'busy' });
    expect(readFileSync(guard, 'utf8')).toBe(owner);
  });

  it('of many processes taking over one stale lock at once, one holds it at a time (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const folder = tempFolder();
      plantLock(folder, { pid: 1, host: 'gone.example', since: 'x', program: 'app' }, LONG_AGO);
      let inside = 0;
      let most = 0;
      const holders = Array.from(
        { length: 8 },
        () => new FolderLock(folder, 'app', { ...QUICK, waitMs: 5000 }),
      );
      // Started a little apart: one may judge the stale file just before another replaces it.
      const results = await Promise.all(
        holders.map(async (holder, index) => {
          await new Promise((resolve) => setTimeout(resolve, index % 4));
          return holder.hold(async () => {
            inside++;
            most = Math.max(most, inside);
            await new Promise((resolve) => setTimeout(resolve, 2));
            inside--;
            return ok(undefined);
          });
        }),
      );
      expect(results.every((result) => result.ok)).toBe(true);
      expect(most).toBe(1);
      expect(readdirSync(folder)).toEqual([]);
    }
  });
});
