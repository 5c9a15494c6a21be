/** The per-user archive cache file: versioned, read back by the next run, keyed, and pruned. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveCache } from '../../../../src-main/archive/archive-cache.js';
import type { PackEntry, PackVerdict } from '../../../../src-shared/archive/pack-schema.js';
import { tempArchive } from '../../../fixtures/packs.js';

const NAME = '2026-11-30_481516234200_ABC-123456_0a1b2c3d';
const entry: PackEntry = {
  name: NAME,
  organizationId: 'org',
  site: 'https://acme.atlassian.net',
  awsAccountId: '481516234200',
  realm: 'eu',
  timing: 'asap',
  status: 'sent',
  ticketRef: 'ABC-123456',
  sealedAt: '2026-11-30T10:00:00.000Z',
  signer: 'vault (SHA256:x)',
  revision: '1',
  draftId: '0123456789abcdef0123456789abcdef',
  supersedes: '',
  unreadable: false,
};
const verdict: PackVerdict = { name: NAME, verdict: 'valid', reason: '', signer: 'auditor' };

describe('the archive cache', () => {
  it('is read back by the next run, by archive, name and key only', async () => {
    const path = join(await tempArchive(), 'archive-cache.json');
    const first = new ArchiveCache(path);
    await first.load();
    first.setEntry('/archive', NAME, 'tag-1', entry);
    first.setVerdict('/archive', NAME, 'key-1', verdict);
    await first.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      format: 'cmk-rekey/archive-cache',
      version: 1,
    });

    const next = new ArchiveCache(path);
    expect(next.loaded).toBe(false);
    await next.load();
    expect(next.loaded).toBe(true);
    expect(next.entry('/archive', NAME, 'tag-1')).toEqual(entry);
    expect(next.verdict('/archive', NAME, 'key-1')).toEqual(verdict);
    expect(next.entry('/archive', NAME, 'tag-2')).toBeUndefined();
    expect(next.verdict('/archive', NAME, 'key-2')).toBeUndefined();
    expect(next.entry('/other-archive', NAME, 'tag-1')).toBeUndefined();

    // another tag manifest under the same name is another pack: its old badge goes too
    next.setEntry('/archive', NAME, 'tag-2', { ...entry, ticketRef: 'ABC-2' });
    expect(next.verdict('/archive', NAME, 'key-1')).toBeUndefined();
    next.keepOnly('/archive', []);
    expect(next.entry('/archive', NAME, 'tag-2')).toBeUndefined();
  });

  it('keeps what it learnt while its file was being read', async () => {
    const path = join(await tempArchive(), 'archive-cache.json');
    const old = new ArchiveCache(path);
    old.setEntry('/archive', NAME, 'tag-1', entry);
    await old.flush();
    const cache = new ArchiveCache(path);
    cache.setEntry('/archive', NAME, 'tag-2', { ...entry, ticketRef: 'NEWER' });
    await cache.load();
    expect(cache.entry('/archive', NAME, 'tag-2')?.ticketRef).toBe('NEWER');
    expect(cache.entry('/archive', NAME, 'tag-1')).toBeUndefined();
  });

  it('forgets a record of its file that is not one it wrote, and keeps the others', async () => {
    const path = join(await tempArchive(), 'archive-cache.json');
    const good = { tagManifest: 'tag-1', entry };
    await writeFile(
      path,
      JSON.stringify({
        format: 'cmk-rekey/archive-cache',
        version: 1,
        archives: { '/archive': { [NAME]: good, other: { tagManifest: 5, entry: 'x' } } },
      }),
    );
    const cache = new ArchiveCache(path);
    await cache.load();
    expect(cache.entry('/archive', 'other', 'tag-1')).toBeUndefined();
    expect(cache.entry('/archive', NAME, 'tag-1')).toEqual(entry);
  });

  it('without a file (the CLI, tests), is kept in memory only', async () => {
    const cache = new ArchiveCache(undefined);
    await cache.load();
    cache.setVerdict('/archive', NAME, 'key-1', verdict);
    await cache.flush();
    expect(cache.verdict('/archive', NAME, 'key-1')).toEqual(verdict);
  });
});
