/**
 * The vault lock on Windows while a lock file is being deleted and another program (a scanner, an indexer,
 * a sync client) still has it open, "delete pending": until that program closes it, creating the lock
 * fails with EPERM, and so does looking at it. A writer waits, as for a held lock, and takes the lock once
 * the file is gone; if it never goes, the writer reports the error after its wait. Elsewhere EPERM means no
 * lock in the way: the writer fails at once, as before. Windows is simulated: the platform and the answers
 * of link, open and lstat for vault.lock.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../../src-shared/ipc/result.js';
import { FolderLock, LOCK_FILE, type LockTiming } from '../../../../src-main/vault/folder-lock.js';
import { removeTempFolders, tempFolder, value } from './helpers.js';

/** Until when (Date.now()) vault.lock is "delete pending"; how many times it was to be created meanwhile. */
const pending = vi.hoisted(() => ({ until: 0, refused: 0 }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const deletePending = (path: unknown) => String(path).endsWith(`/vault.lock`) && Date.now() < pending.until;
  const denied = (call: string) =>
    Promise.reject(Object.assign(new Error(`EPERM: operation not permitted, ${call}`), { code: 'EPERM' }));
  const link: typeof real.link = (from, to) => (deletePending(to) ? denied('link') : real.link(from, to));
  const open: typeof real.open = (path, flags, mode) => {
    if (!deletePending(path)) return real.open(path, flags, mode);
    pending.refused++;
    return denied('open');
  };
  const lstat = ((path: string, options?: object) =>
    deletePending(path) ? denied('lstat') : real.lstat(path, options)) as typeof real.lstat;
  return { ...real, link, open, lstat, default: { ...real, link, open, lstat } };
});

const QUICK: LockTiming = { waitMs: 150, staleMs: 30_000, refreshMs: 5000 };
const platform = Object.getOwnPropertyDescriptor(process, 'platform');

function runAs(name: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { ...platform, value: name });
}

beforeEach(() => {
  pending.until = 0;
  pending.refused = 0;
});
afterEach(() => {
  if (platform !== undefined) Object.defineProperty(process, 'platform', platform);
});
afterAll(removeTempFolders);

describe('a lock file being deleted while another program has it open', () => {
  it('on Windows, a writer waits until it is gone, then holds the lock', async () => {
    runAs('win32');
    const folder = tempFolder();
    pending.until = Date.now() + 60;
    const task = vi.fn(() => Promise.resolve(ok('saved')));
    expect(value(await new FolderLock(folder, 'app', QUICK).hold(task))).toBe('saved');
    expect(task).toHaveBeenCalledOnce();
    expect(pending.refused).toBeGreaterThan(0);
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
  });

  it('on Windows, a writer reports the error if it is still there after the wait, and changes nothing', async () => {
    runAs('win32');
    pending.until = Number.POSITIVE_INFINITY;
    const task = vi.fn(() => Promise.resolve(ok('saved')));
    const result = await new FolderLock(tempFolder(), 'app', QUICK).hold(task);
    expect(result).toMatchObject({ ok: false, code: 'io' });
    expect(!result.ok && result.message).toMatch(/could not be locked.*EPERM/);
    expect(pending.refused).toBeGreaterThan(1);
    expect(task).not.toHaveBeenCalled();
  });

  it('elsewhere, EPERM is not a lock in the way: the writer fails at once', async () => {
    runAs('linux');
    pending.until = Date.now() + 60_000;
    const task = vi.fn(() => Promise.resolve(ok('saved')));
    const result = await new FolderLock(tempFolder(), 'app', { ...QUICK, waitMs: 30_000 }).hold(task);
    expect(result).toMatchObject({ ok: false, code: 'io' });
    expect(pending.refused).toBe(1);
    expect(task).not.toHaveBeenCalled();
  });
});
