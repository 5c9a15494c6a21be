/**
 * The vault lock on a file system without hard links (FAT and exFAT drives, some network shares), where
 * link() fails as Linux's vfat answers it (EPERM): the lock is created in place with O_EXCL instead,
 * still names its holder, still keeps a second holder out, and leaves nothing behind.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../../src-shared/ipc/result.js';
import { FolderLock, LOCK_FILE } from '../../../../src-main/vault/folder-lock.js';
import { removeTempFolders, tempFolder, value } from './helpers.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const link = (): Promise<never> =>
    Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' }));
  return { ...real, link, default: { ...real, link } };
});

afterAll(removeTempFolders);

describe('a file system without hard links', () => {
  it('creates the lock in place, naming this process; a second holder waits; nothing is left', async () => {
    const folder = tempFolder();
    const path = join(folder, LOCK_FILE);
    const first = new FolderLock(folder, 'cli', { waitMs: 100, staleMs: 30_000, refreshMs: 5000 });
    const second = new FolderLock(folder, 'app', { waitMs: 0, staleMs: 30_000, refreshMs: 5000 });
    const inside = await first.hold(async () => {
      const owner = JSON.parse(readFileSync(path, 'utf8')) as unknown;
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
});
