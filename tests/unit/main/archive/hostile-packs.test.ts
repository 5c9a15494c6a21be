/**
 * Packs made to hurt the verifier: anyone may write to an archive folder and sign a pack with a key of
 * their own, so what a signature covers is not thereby sane. An oversized record or request is refused
 * before it is read, a missing or odd file is named without paths or system errors, a named pipe or link
 * at bagit.txt neither hangs nor is followed, and opening a pack never reads through a link.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveCache } from '../../../../src-main/archive/archive-cache.js';
import { listArchive, looksLikePack, verifyArchive } from '../../../../src-main/archive/archive-folder.js';
import { ArchiveService } from '../../../../src-main/archive/archive-service.js';
import { MANIFEST, TAG_MANIFEST, parseManifest } from '../../../../src-main/archive/bagit.js';
import { sealPack, type SealedPack } from '../../../../src-main/archive/seal.js';
import { parseAllowedSigners } from '../../../../src-main/archive/sshsig.js';
import { MAX_PACK_JSON_BYTES, verifyPack } from '../../../../src-main/archive/verify-pack.js';
import { createDispatch } from '../../../../src-main/ipc/dispatch.js';
import { createHandlers, type Services } from '../../../../src-main/ipc/handlers.js';
import { SettingsFile } from '../../../../src-main/settings.js';
import type { PackEntry, PackVerdict } from '../../../../src-shared/archive/pack-schema.js';
import { QueuedDialogs } from '../../../support/queued-dialogs.js';
import {
  packInput,
  resignPack,
  resignTags as resignTagFiles,
  signingKey,
  tempArchive,
} from '../../../fixtures/packs.js';

const key = signingKey();
const stranger = signingKey();
/** The verifier trusts someone else: the packs here are signed by a key nobody vouches for. */
const untrusting = { allowedSigners: parseAllowedSigners(`auditor@example.test ${stranger.publicLine}\n`) };

/** Seals the pack again as its signer would after changing data/. */
const resign = (pack: SealedPack) => resignPack(pack, key.privateKey);
/** Signs the tag files again as the pack's signer would after changing one. */
const resignTags = (pack: SealedPack) => resignTagFiles(pack, key.privateKey);

async function freshPack(archive?: string): Promise<SealedPack> {
  return sealPack(archive ?? (await tempArchive()), packInput(key.privateKey));
}

/** Pads `file` of the pack with spaces (still the same JSON) to `size` bytes, and signs the pack again. */
async function padTo(pack: SealedPack, file: string, size: number): Promise<void> {
  const path = join(pack.path, file);
  const length = (await readFile(path)).length;
  await appendFile(path, ' '.repeat(size - length));
  await resign(pack);
}

/** The archive as the app's renderer reaches it: through the IPC dispatch, which checks every answer. */
async function throughTheApp(archive: string) {
  const userData = await tempArchive();
  const settings = new SettingsFile(join(userData, 'settings.json'), () => undefined);
  await writeFile(join(userData, 'allowed_signers'), `auditor@example.test ${key.publicLine}\n`);
  await settings.update({ archiveFolder: archive, allowedSignersFile: join(userData, 'allowed_signers') });
  const service = new ArchiveService(settings, new QueuedDialogs(), undefined, new ArchiveCache(undefined));
  const dispatch = createDispatch(createHandlers({ archive: service } as unknown as Services), () => {});
  return {
    open: (name: string) => dispatch('archiveOpen', { name }),
    entries: async (names: string[]) => {
      const result = await dispatch('archiveEntries', { names });
      if (!result.ok) throw new Error(result.message);
      return result.value as PackEntry[];
    },
    verify: async (names: string[]) => {
      const result = await dispatch('archiveVerify', { names });
      if (!result.ok) throw new Error(result.message);
      return result.value as PackVerdict[];
    },
  };
}

describe('a pack signed by a key nobody trusts, verified', () => {
  it('refuses a record.json or request.json larger than any genuine one, naming the limit', async () => {
    // up to the limit, an intact pack reads as any other: only its signer is unknown
    const padded = await freshPack();
    await padTo(padded, 'data/record.json', MAX_PACK_JSON_BYTES);
    await padTo(padded, 'data/request.json', MAX_PACK_JSON_BYTES);
    expect((await verifyPack(padded.path, untrusting)).verdict).toBe('unknown-signer');
    const cases = [
      ['data/record.json', 'data/record.json is larger than any pack record can be (at most 2 MiB)'],
      ['data/request.json', 'data/request.json is larger than any sealed request can be (at most 2 MiB)'],
    ] as const;
    for (const [file, reason] of cases) {
      const pack = await freshPack();
      // still the same JSON, so a verifier that reads it whole finds nothing wrong
      await padTo(pack, file, 3 * 1024 * 1024);
      expect(await verifyPack(pack.path, untrusting), file).toEqual({
        name: pack.name,
        verdict: 'unverifiable',
        reason,
        signer: expect.stringMatching(/^SHA256:/) as string,
      });
    }
  });

  it('says a record.json is missing and a request.json is a folder, without paths or system errors', async () => {
    const missing = await freshPack();
    await rm(join(missing.path, 'data/record.json'));
    await resign(missing);
    const folder = await freshPack();
    await rm(join(folder.path, 'data/request.json'));
    await mkdir(join(folder.path, 'data/request.json'));
    await writeFile(join(folder.path, 'data/request.json/inside.json'), '{}\n');
    await resign(folder);
    for (const [pack, reason] of [
      [missing, 'data/record.json does not exist'],
      [folder, 'data/request.json is a folder, not a file'],
    ] as const) {
      const verdict = await verifyPack(pack.path, untrusting);
      expect(verdict).toMatchObject({ verdict: 'unverifiable', reason });
      expect(verdict.reason).not.toContain(tmpdir());
    }
  });
});

describe('whether a path is a pack or an archive of packs', () => {
  it('never waits on a named pipe called bagit.txt, nor follows a link of that name', async () => {
    const folder = join(await tempArchive(), 'd');
    await mkdir(folder);
    const fifo = join(folder, 'bagit.txt');
    execFileSync('mkfifo', [fifo]);
    const hung = new Promise<string>((resolve) => {
      setTimeout(() => {
        resolve('still waiting');
      }, 3000).unref();
    });
    try {
      expect(await Promise.race([looksLikePack(folder, 'd'), hung])).toBe(false);
      // read as an archive then, its one entry is no pack: said, not waited on
      expect(await listArchive(folder)).toMatchObject([{ name: 'bagit.txt', unreadable: true }]);
      expect(await verifyArchive(folder, {})).toMatchObject([
        { name: 'bagit.txt', verdict: 'unverifiable', reason: 'not a folder, so not an evidence pack' },
      ]);
    } finally {
      // a reader left waiting on the pipe holds a thread of the pool: a writer that opens and closes frees it
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader is waiting
      }
    }

    const linked = join(await tempArchive(), 'e');
    await mkdir(linked);
    const elsewhere = join(await tempArchive(), 'bagit.txt');
    await writeFile(elsewhere, 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    await symlink(elsewhere, join(linked, 'bagit.txt'));
    expect(await looksLikePack(linked, 'e')).toBe(false);
    // a bagit.txt that is a file is a pack's, whatever the folder's name
    await writeFile(join(folder, 'bagit.txt.new'), 'x');
    await rm(fifo);
    await rename(join(folder, 'bagit.txt.new'), fifo);
    expect(await looksLikePack(folder, 'd')).toBe(true);
  });
});

describe('opening a pack in the app', { timeout: 60_000 }, () => {
  it('never reads through a link in place of the pack or of its data folder, as its listing and badge do not', async () => {
    const archive = await tempArchive();
    const genuine = await freshPack(archive);
    // a link named as a pack, to a genuine pack elsewhere
    const outside = await freshPack();
    await symlink(outside.path, join(archive, outside.name));
    // a pack whose data/ is a link to a folder elsewhere
    const dataLinked = await freshPack(archive);
    const away = join(await tempArchive(), 'data');
    await rename(join(dataLinked.path, 'data'), away);
    await symlink(away, join(dataLinked.path, 'data'));

    const app = await throughTheApp(archive);
    expect(await app.open(genuine.name)).toMatchObject({ ok: true, value: { name: genuine.name } });
    for (const name of [outside.name, dataLinked.name]) {
      expect(await app.open(name), name).toEqual({
        ok: false,
        code: 'corrupt',
        message: `The pack ${name} cannot be read as an evidence pack; its badge says why.`,
      });
    }
    expect((await app.entries([outside.name]))[0]?.unreadable).toBe(true);
    expect(await app.verify([outside.name, dataLinked.name])).toMatchObject([
      { verdict: 'unverifiable', reason: 'the pack folder is a symbolic link, which is not followed' },
      { verdict: 'tampered', reason: 'symlink inside the pack: data' },
    ]);
  });

  it('opens every pack that verifies: a record.json larger than a tag file, within the pack limit', async () => {
    const archive = await tempArchive();
    const pack = await freshPack(archive);
    await padTo(pack, 'data/record.json', 1536 * 1024);
    const app = await throughTheApp(archive);
    expect((await app.verify([pack.name]))[0]?.verdict).toBe('valid');
    expect(await app.open(pack.name)).toMatchObject({ ok: true, value: { name: pack.name } });
  });

  it('says a pack gone since the list was read was moved or deleted, and its badge says so too', async () => {
    const archive = await tempArchive();
    const gone = await freshPack(archive);
    const app = await throughTheApp(archive);
    await rm(gone.path, { recursive: true });
    expect(await app.open(gone.name)).toEqual({
      ok: false,
      code: 'not-found',
      message: `The pack ${gone.name} is not in the archive folder any more: it was moved or deleted.`,
    });
    expect(await app.verify([gone.name])).toMatchObject([
      { verdict: 'unverifiable', reason: 'it is not there any more (moved or deleted)' },
    ]);
  });
});

describe('bags as RFC 8493 allows them, sealed by a trusted key', () => {
  const trusting = { allowedSigners: parseAllowedSigners(`auditor@example.test ${key.publicLine}\n`) };

  it('reads manifests with CRLF line ends and hashes in capitals, as sha256sum does', async () => {
    const pack = await freshPack();
    const manifest = await readFile(join(pack.path, MANIFEST), 'utf8');
    await writeFile(
      join(pack.path, MANIFEST),
      manifest.replace(/^[0-9a-f]{64}/gm, (hash) => hash.toUpperCase()).replace(/\n/g, '\r\n'),
    );
    await resignTags(pack);
    for (const file of [MANIFEST, TAG_MANIFEST]) {
      const check = spawnSync('sha256sum', ['--strict', '-c', file], { cwd: pack.path, encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    }
    expect(await verifyPack(pack.path, trusting)).toMatchObject({ verdict: 'valid', reason: '' });
  });

  it('decodes a percent-encoded CR, LF or % in a manifest path, and only those', () => {
    const hash = 'a'.repeat(64);
    expect([
      ...parseManifest(
        `${hash}  data/100%25.txt\n${hash}  data/two%0Alines%0d.txt\n${hash}  data/%41.txt\n`,
        MANIFEST,
      ).keys(),
    ]).toEqual(['data/100%.txt', 'data/two\nlines\r.txt', 'data/%41.txt']);
  });

  it("calls a sealed bagit.txt of another tool's bag no pack of this app's, and a changed one changed", async () => {
    const other = await freshPack();
    await writeFile(
      join(other.path, 'bagit.txt'),
      'BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n',
    );
    await resignTags(other);
    expect(await verifyPack(other.path, trusting)).toMatchObject({
      verdict: 'unverifiable',
      reason:
        'not an evidence pack of CMK Rekey: its bagit.txt is not "BagIt-Version: 1.0" with UTF-8 tag files, one per line',
    });
    const changed = await freshPack();
    await writeFile(
      join(changed.path, 'bagit.txt'),
      '\uFEFFBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );
    expect(await verifyPack(changed.path, trusting)).toMatchObject({
      verdict: 'tampered',
      reason: 'changed file: bagit.txt',
    });
  });
});
