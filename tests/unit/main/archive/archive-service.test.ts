/**
 * The archive browser's main-process service on real folders: names from the folder listing alone,
 * listings in batches, every faulty entry still listed with its own result, the per-user cache (in the
 * user-data folder, never the archive) and when it must not be trusted, and zipping a pack.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ArchiveCache } from '../../../../src-main/archive/archive-cache.js';
import { ArchiveService } from '../../../../src-main/archive/archive-service.js';
import { sealPack, type SealedPack } from '../../../../src-main/archive/seal.js';
import { SettingsFile } from '../../../../src-main/settings.js';
import { Policy } from '../../../../src-main/policy/policy.js';
import { parsePolicyText } from '../../../../src-shared/policy/parse-policy.js';
import type { Result } from '../../../../src-shared/ipc/result.js';
import { QueuedDialogs } from '../../../support/queued-dialogs.js';
import {
  PACK_FILES,
  packInput,
  packRecord,
  signingKey,
  snapshot,
  tempArchive,
} from '../../../fixtures/packs.js';
import { policyText } from '../../../fixtures/policies.js';

const key = signingKey();
const stranger = signingKey();
let archive: string;
let older: SealedPack;
let newer: SealedPack;
let broken: SealedPack;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

/** A service as main makes it: settings and cache in a user-data folder of its own. */
async function openService(userData: string, dialogs = new QueuedDialogs()) {
  const settings = new SettingsFile(join(userData, 'settings.json'), () => undefined);
  const signers = join(userData, 'allowed_signers');
  if (!existsSync(signers)) await writeFile(signers, `auditor@example.test ${key.publicLine}\n`);
  await settings.update({ archiveFolder: archive, allowedSignersFile: signers });
  const cache = new ArchiveCache(join(userData, 'archive-cache.json'));
  return { archive: new ArchiveService(settings, dialogs, undefined, cache), cache, dialogs, settings };
}

beforeAll(async () => {
  archive = await tempArchive();
  const sealedAt = (day: string) => new Date(`${day}T12:00:00Z`);
  older = await sealPack(archive, packInput(key.privateKey, { sealedAt: sealedAt('2025-03-01') }));
  newer = await sealPack(
    archive,
    packInput(key.privateKey, {
      sealedAt: sealedAt('2026-11-30'),
      record: packRecord({ ticketRef: 'ABC-2' }),
    }),
  );
  broken = await sealPack(archive, packInput(key.privateKey, { sealedAt: sealedAt('2026-01-15') }));
  await rm(join(broken.path, 'bag-info.txt'));
  await mkdir(join(archive, '.sealing-0123456789abcdef', 'data'), { recursive: true });
  await writeFile(join(archive, 'notes.txt'), 'not a pack\n');
}, 60_000);

describe('the archive service', () => {
  it('without an archive folder, says where to choose one: the Archive screen (Settings has no such option)', async () => {
    const userData = await tempArchive();
    const settings = new SettingsFile(join(userData, 'settings.json'), () => undefined);
    const service = new ArchiveService(settings, new QueuedDialogs());
    expect(value(await service.status()).folder).toBe('');
    for (const result of [await service.names(1), await service.entries(['x']), await service.zip('x')]) {
      expect(result).toEqual({
        ok: false,
        code: 'not-found',
        message:
          'No archive folder is chosen yet. Choose one on the Archive screen, with Choose… next to "Archive folder".',
      });
    }
  });

  it('names every entry newest first, lists each one, and gives faulty ones their own result', async () => {
    const userData = await tempArchive();
    const { archive: service, cache } = await openService(userData);
    const before = await snapshot(archive);
    const listed = value(await service.names(1));
    const { names } = listed;
    expect(names).toEqual([newer.name, broken.name, older.name, '.sealing-0123456789abcdef', 'notes.txt']);
    expect(listed.entries.map((entry) => entry.name)).toEqual([newer.name]);
    const entries = value(await service.entries(names));
    expect(entries.map((entry) => [entry.name, entry.unreadable])).toEqual([
      [newer.name, false],
      [broken.name, true],
      [older.name, false],
      ['.sealing-0123456789abcdef', true],
      ['notes.txt', true],
    ]);
    expect(entries[0]).toMatchObject({ ticketRef: 'ABC-2', sealedAt: '2026-11-30T12:00:00.000Z' });
    const verdicts = value(await service.verify(names));
    expect(verdicts.map((verdict) => [verdict.name, verdict.verdict, verdict.reason])).toEqual([
      [newer.name, 'valid', ''],
      [broken.name, 'tampered', 'missing file: bag-info.txt'],
      [older.name, 'valid', ''],
      ['.sealing-0123456789abcdef', 'unverifiable', expect.stringContaining('interrupted seal') as string],
      ['notes.txt', 'unverifiable', 'not a folder, so not an evidence pack'],
    ]);
    await cache.flush();
    expect(await snapshot(archive)).toEqual(before);
    expect(await readdir(userData)).toContain('archive-cache.json');
  });

  it('reports a pack with a 2 GB stray file (sparse) as tampered, and the rest of the archive still lists', async () => {
    const userData = await tempArchive();
    const { archive: service } = await openService(userData);
    const stray = await sealPack(archive, packInput(key.privateKey));
    const big = join(stray.path, 'data/huge.bin');
    try {
      await writeFile(big, '');
      await truncate(big, 2 * 1024 ** 3); // sparse: reading it whole would take seconds and 2 GB of memory
      const { names } = value(await service.names(0));
      expect(value(await service.entries(names)).filter((entry) => !entry.unreadable)).toHaveLength(3);
      const verdicts = value(await service.verify(names));
      expect(verdicts.find((verdict) => verdict.name === stray.name)).toMatchObject({
        verdict: 'tampered',
        reason: 'extra file: data/huge.bin',
      });
      expect(verdicts.filter((verdict) => verdict.verdict === 'valid')).toHaveLength(2);
    } finally {
      await rm(stray.path, { recursive: true });
    }
  });

  it('keeps listings and badges in the user cache, and never trusts it for a changed pack or trust', async () => {
    const userData = await tempArchive();
    const first = await openService(userData);
    await first.cache.load();
    value(await first.archive.entries([newer.name]));
    value(await first.archive.verify([newer.name]));
    await first.cache.flush();
    // mark the cached answers, so that a second run of the app shows whether it used them
    const cacheFile = join(userData, 'archive-cache.json');
    const marked = (await readFile(cacheFile, 'utf8'))
      .replace('"ticketRef":"ABC-2"', '"ticketRef":"FROM-CACHE"')
      .replace('"reason":""', '"reason":"from the cache"');
    await writeFile(cacheFile, marked);

    const second = await openService(userData);
    await second.cache.load(); // the first screen does not wait for the file; later batches use it
    expect(value(await second.archive.entries([newer.name]))[0]?.ticketRef).toBe('FROM-CACHE');
    expect(value(await second.archive.verify([newer.name]))[0]?.reason).toBe('from the cache');

    // the same bytes written again: the file's ctime changed, so the badge is checked again
    const ticket = join(newer.path, 'data/ticket.txt');
    await writeFile(ticket, await readFile(ticket));
    expect(value(await second.archive.verify([newer.name]))[0]).toMatchObject({
      verdict: 'valid',
      reason: '',
    });

    // other allowed signers: checked again
    await writeFile(cacheFile, marked);
    const third = await openService(userData);
    await third.cache.load();
    await writeFile(join(userData, 'allowed_signers'), `someone ${stranger.publicLine}\n`);
    expect(value(await third.archive.verify([newer.name]))[0]?.verdict).toBe('unknown-signer');

    // a changed tag manifest (a re-signed or replaced pack): its listing is read again
    const tagManifest = join(newer.path, 'tagmanifest-sha256.txt');
    const original = await readFile(tagManifest);
    await writeFile(tagManifest, Buffer.concat([original, Buffer.from('\n')]));
    try {
      expect(value(await third.archive.entries([newer.name]))[0]?.ticketRef).toBe('ABC-2');
      expect(value(await third.archive.verify([newer.name]))[0]?.verdict).toBe('tampered');
    } finally {
      await writeFile(tagManifest, original);
    }
  });

  it('without a readable allowed-signers file, still tells intact from tampered, and trusts no signer', async () => {
    const userData = await tempArchive();
    const { archive: service } = await openService(userData);
    const names = value(await service.names(10)).names;
    await rm(join(userData, 'allowed_signers'));
    const verdicts = value(await service.verify(names));
    const byName = new Map(verdicts.map((verdict) => [verdict.name, verdict]));
    expect(byName.get(newer.name)).toMatchObject({
      verdict: 'unknown-signer',
      reason: expect.stringMatching(
        /; the allowed-signers file .* cannot be read, so no signer is trusted$/,
      ) as string,
    });
    expect(byName.get(broken.name)?.verdict).toBe('tampered');
    // the file back: trust is checked again, not taken from the cache
    await writeFile(join(userData, 'allowed_signers'), `auditor@example.test ${key.publicLine}\n`);
    expect(value(await service.verify([newer.name]))[0]?.verdict).toBe('valid');
  });

  it('never takes a badge from the cache when trust has dates: an expired entry stops trusting', async () => {
    const userData = await tempArchive();
    await writeFile(
      join(userData, 'allowed_signers'),
      `auditor@example.test valid-before="20300101000000Z" ${key.publicLine}\n`,
    );
    const { archive: service } = await openService(userData);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2029-12-31T12:00:00Z'));
      expect(value(await service.verify([newer.name]))[0]?.verdict).toBe('valid');
      vi.setSystemTime(new Date('2030-01-02T12:00:00Z'));
      expect(value(await service.verify([newer.name]))[0]?.verdict).toBe('unknown-signer');
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts with an empty cache when its file is damaged or of another version', async () => {
    for (const text of ['{"format":"cmk-rekey/archive-cache","version":99,"archives":{}}', '{not json']) {
      const userData = await tempArchive();
      await writeFile(join(userData, 'archive-cache.json'), text);
      const { archive: service, cache } = await openService(userData);
      expect(value(await service.verify([older.name]))[0]?.verdict).toBe('valid');
      await cache.flush();
      expect(JSON.parse(await readFile(join(userData, 'archive-cache.json'), 'utf8'))).toMatchObject({
        format: 'cmk-rekey/archive-cache',
        version: 1,
      });
    }
  });

  it('zips a pack where the user chooses; unzip -t accepts it; a cancel or a tampered pack writes nothing', async () => {
    const userData = await tempArchive();
    const { archive: service, dialogs } = await openService(userData);
    const out = join(await tempArchive(), 'evidence.zip');
    dialogs.answers.push(out);
    expect(value(await service.zip(older.name))).toEqual({ path: out });
    expect(dialogs.asked).toEqual([`Save the evidence pack as a .zip [${older.name}.zip]`]);
    const listing = spawnSync('unzip', ['-Z1', out], { encoding: 'utf8' });
    expect(listing.stdout.trim().split('\n').sort()).toEqual(
      PACK_FILES.map((file) => `${older.name}/${file}`),
    );
    expect(spawnSync('unzip', ['-t', out]).status).toBe(0);

    dialogs.answers.push(undefined);
    expect(await service.zip(older.name)).toMatchObject({ ok: false, code: 'cancelled' });
    const refused = join(await tempArchive(), 'broken.zip');
    dialogs.answers.push(refused);
    expect(await service.zip(broken.name)).toMatchObject({
      ok: false,
      code: 'invalid-argument',
      message: `${broken.name} is not zipped: it is tampered (missing file: bag-info.txt).`,
    });
    expect(existsSync(refused)).toBe(false);
  });

  it('an archive folder gone since it was chosen: the failure is a sentence of its own', async () => {
    const userData = await tempArchive();
    const { archive: service, settings } = await openService(userData);
    const gone = join(userData, 'gone');
    await settings.update({ archiveFolder: gone });
    expect(await service.names(5)).toEqual({
      ok: false,
      code: 'io',
      message: `Cannot read the archive folder ${gone} (it does not exist).`,
    });
  });

  it("names the policy's signers by how many it trusts; a locked list that trusts none is said to be none", async () => {
    const userData = await tempArchive();
    const { settings, dialogs } = await openService(userData);
    const underPolicy = (lines: string[], locked: boolean) =>
      new ArchiveService(
        settings,
        dialogs,
        new Policy(
          [
            {
              kind: 'system',
              path: 'policy.json',
              state: 'in-force',
              ...parsePolicyText(policyText({ trustedSigners: { value: lines, locked } })),
            },
          ],
          '',
        ),
        new ArchiveCache(undefined),
      );
    const good = `archive@acme.example ${key.publicLine}`;
    const allowedSigners = async (service: ArchiveService) => value(await service.status()).allowedSigners;
    expect(await allowedSigners(underPolicy([good], true))).toBe("1 signer of your organization's policy");
    // ssh-keygen trusts no one by this line: neither does the archive check, and the screen says so
    expect(await allowedSigners(underPolicy(['not a signer line'], true))).toBe('');
    // unlocked, the user's own file replaces the policy's list (the one openService chose)
    expect(await allowedSigners(underPolicy([good], false))).toBe(join(userData, 'allowed_signers'));
  });

  it('zips nothing when the policy turns unencrypted exports off: a pack holds the request in plain text', async () => {
    const userData = await tempArchive();
    const { settings, dialogs } = await openService(userData);
    const policy = new Policy(
      [
        {
          kind: 'system',
          path: 'policy.json',
          state: 'in-force',
          ...parsePolicyText(policyText({ plaintextExports: { value: false, locked: true } })),
        },
      ],
      '',
    );
    const service = new ArchiveService(settings, dialogs, policy, new ArchiveCache(undefined));
    const out = join(await tempArchive(), 'evidence.zip');
    dialogs.answers.push(out);
    expect(await service.zip(older.name)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(dialogs.asked).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
