import { execFileSync, spawnSync } from 'node:child_process';
import { appendFile, mkdir, readFile, rename, symlink, truncate, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listArchive } from '../../../../src-main/archive/archive-folder.js';
import { SIGNATURE_FILE } from '../../../../src-main/archive/pack-format.js';
import { sealPack, type SealedPack } from '../../../../src-main/archive/seal.js';
import { parseAllowedSigners } from '../../../../src-main/archive/sshsig.js';
import { verifyPack } from '../../../../src-main/archive/verify-pack.js';
import {
  PACK_FILES,
  allFiles,
  packInput,
  resignPack,
  signingKey,
  tempArchive,
} from '../../../fixtures/packs.js';

const key = signingKey();
const allowedSigners = parseAllowedSigners(`auditor@example.test ${key.publicLine}\n`);
const options = { allowedSigners };

async function freshPack(): Promise<SealedPack> {
  return sealPack(await tempArchive(), packInput(key.privateKey));
}

describe('an evidence pack', () => {
  let pack: SealedPack;
  beforeAll(async () => {
    pack = await freshPack();
  });

  it('is a BagIt bag with the named payload, verified and trusted', async () => {
    expect(pack.name).toMatch(/^\d{4}-\d{2}-\d{2}_012345678901_ABC-123456_[0-9a-f]{8}$/);
    expect(await allFiles(pack.path)).toEqual(PACK_FILES);
    const info = await readFile(join(pack.path, 'bag-info.txt'), 'utf8');
    for (const label of [
      'Bagging-Date',
      'Bag-Software-Agent: CMK Rekey',
      'External-Identifier: ABC-123456',
      'Payload-Oxum',
    ]) {
      expect(info).toContain(label);
    }
    expect(await verifyPack(pack.path, options)).toEqual({
      name: pack.name,
      verdict: 'valid',
      reason: '',
      signer: 'auditor@example.test',
    });
  });

  it('passes sha256sum -c for both manifests inside the bag', () => {
    for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
      const result = spawnSync('sha256sum', ['--strict', '-c', manifest], {
        cwd: pack.path,
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
    }
  });

  it('verifies with the real ssh-keygen -Y verify, and fails it on a changed tag manifest', async () => {
    const signers = join(pack.path, '..', 'allowed_signers');
    await writeFile(signers, `auditor@example.test ${key.publicLine}\n`);
    const args = [
      '-Y',
      'verify',
      '-f',
      signers,
      '-I',
      'auditor@example.test',
      '-n',
      'cmk-rekey-archive',
      '-s',
      join(pack.path, SIGNATURE_FILE),
    ];
    const tagManifest = await readFile(join(pack.path, 'tagmanifest-sha256.txt'));
    const good = spawnSync('ssh-keygen', args, { input: tagManifest, encoding: 'utf8' });
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('Good "cmk-rekey-archive" signature for auditor@example.test');
    const changed = Buffer.from(tagManifest);
    changed[0] = changed[0] === 0x30 ? 0x31 : 0x30;
    expect(spawnSync('ssh-keygen', args, { input: changed }).status).not.toBe(0);
    const principals = execFileSync(
      'ssh-keygen',
      ['-Y', 'find-principals', '-f', signers, '-s', join(pack.path, SIGNATURE_FILE)],
      { encoding: 'utf8' },
    );
    expect(principals.trim()).toBe('auditor@example.test');
  });

  it('is an unknown signer without an allowed-signers entry for its key', async () => {
    const other = signingKey();
    const verdict = await verifyPack(pack.path, {
      allowedSigners: parseAllowedSigners(`x ${other.publicLine}\n`),
    });
    expect(verdict.verdict).toBe('unknown-signer');
    expect(verdict.reason).toMatch(
      /^signed by SHA256:\S+; no allowed-signers entry trusts its key for cmk-rekey-archive now$/,
    );
    expect((await verifyPack(pack.path)).reason).toContain('no allowed-signers list was given');
  });
});

describe('tampering', () => {
  it('catches every single-byte change in every file of a pack', async () => {
    const pack = await freshPack();
    for (const file of await allFiles(pack.path)) {
      const path = join(pack.path, file);
      const original = await readFile(path);
      // every byte of the tag files (parsed, so every position matters); 128 spread offsets in payload
      // files, where every byte is caught by the same SHA-256 comparison
      const step = file.startsWith('data/') ? Math.max(1, Math.floor(original.length / 128)) : 1;
      for (let offset = 0; offset < original.length; offset += step) {
        const changed = Buffer.from(original);
        changed[offset] = (changed[offset] ?? 0) ^ 0x01;
        await writeFile(path, changed);
        const verdict = await verifyPack(pack.path, options);
        expect(verdict.verdict, `${file} byte ${String(offset)}: ${verdict.reason}`).not.toBe('valid');
        expect(verdict.verdict, `${file} byte ${String(offset)}`).not.toBe('unknown-signer');
      }
      await writeFile(path, original);
    }
    expect((await verifyPack(pack.path, options)).verdict).toBe('valid');
  }, 300_000);

  it('names the changed payload file, also when its size changed', async () => {
    const pack = await freshPack();
    await appendFile(join(pack.path, 'data/ticket.txt'), 'x');
    expect(await verifyPack(pack.path, options)).toMatchObject({
      verdict: 'tampered',
      reason: 'changed file: data/ticket.txt',
    });
    const same = await freshPack();
    const text = await readFile(join(same.path, 'data/ticket.txt'), 'utf8');
    await writeFile(join(same.path, 'data/ticket.txt'), text.replace('1', '2'));
    expect(await verifyPack(same.path, options)).toMatchObject({
      verdict: 'tampered',
      reason: 'changed file: data/ticket.txt',
    });
  });

  it('names a changed manifest, never a file it lists', async () => {
    // what each edit does to the manifest's text, and the reason verify must give
    const edits: [string, (text: string) => string, string][] = [
      [
        'tagmanifest-sha256.txt',
        (text) => text.replace('  signer.pub', '  signer.pua'),
        'bad signature over tagmanifest-sha256.txt (the signature does not match)',
      ],
      [
        'tagmanifest-sha256.txt',
        (text) => text.replace(/^./, (digit) => (digit === '0' ? '1' : '0')), // bag-info.txt's hash
        'bad signature over tagmanifest-sha256.txt (the signature does not match)',
      ],
      [
        'tagmanifest-sha256.txt',
        (text) => text.replace(/^.(?=.* {2}manifest-sha256\.txt$)/m, (digit) => (digit === '0' ? '1' : '0')),
        'bad signature over tagmanifest-sha256.txt (the signature does not match)',
      ],
      [
        'manifest-sha256.txt',
        (text) => text.replace('  data/ticket.txt', '  data/ticket.tyt'),
        'changed file: manifest-sha256.txt',
      ],
      [
        'manifest-sha256.txt',
        (text) => text.replace(/^.* {2}data\/ticket\.md\n/m, ''),
        'changed file: manifest-sha256.txt',
      ],
    ];
    for (const [file, edit, reason] of edits) {
      const pack = await freshPack();
      const before = await readFile(join(pack.path, file), 'utf8');
      const after = edit(before);
      expect(after, `${file}: the edit changes it`).not.toBe(before);
      await writeFile(join(pack.path, file), after);
      expect(await verifyPack(pack.path, options), `${file}: ${after}`).toMatchObject({
        verdict: 'tampered',
        reason,
      });
    }
  });

  it('catches a file added or removed, anywhere', async () => {
    for (const [path, reason] of [
      ['data/extra.txt', 'extra file: data/extra.txt'],
      ['notes.txt', 'extra file: notes.txt'],
    ] as const) {
      const pack = await freshPack();
      await writeFile(join(pack.path, path), 'x');
      expect(await verifyPack(pack.path, options)).toMatchObject({ verdict: 'tampered', reason });
    }
    const pack = await freshPack();
    for (const file of await allFiles(pack.path)) {
      const copy = await freshPack();
      await rename(join(copy.path, file), join(copy.path, '..', 'moved-away'));
      const verdict = await verifyPack(copy.path, options);
      expect(verdict.verdict, file).toBe('tampered');
      expect(verdict.reason, file).toContain(file === 'bagit.txt' ? 'bagit.txt' : file);
    }
    expect(pack.name).toBeTruthy();
  }, 120_000);

  it('catches an empty folder added anywhere, however deep', async () => {
    for (const [path, reason] of [
      ['extra-folder', 'extra folder: extra-folder'],
      ['data/empty', 'extra folder: data/empty'],
      ['data/a/b', 'extra folder: data/a/b'],
    ] as const) {
      const pack = await freshPack();
      await mkdir(join(pack.path, path), { recursive: true });
      expect(await verifyPack(pack.path, options)).toMatchObject({ verdict: 'tampered', reason });
    }
  });

  it("says a newer app's pack is one (its format first), not that its record is unreadable", async () => {
    const pack = await freshPack();
    // what a pack format 2 could hold: a record this version cannot read, signed as the sealer signs
    await writeFile(join(pack.path, 'data/record.json'), '{"format":"cmk-rekey/archive-record","version":2}');
    await resignPack(pack, key.privateKey, (info) =>
      info.replace('CMK-Rekey-Pack-Format: 1', 'CMK-Rekey-Pack-Format: 2'),
    );
    expect(await verifyPack(pack.path, options)).toMatchObject({
      verdict: 'unverifiable',
      reason:
        'sealed by a newer version of CMK Rekey (pack format 2; this version reads up to 1): update CMK Rekey to verify it',
    });
  });

  it('reports a symlink, a wrong Payload-Oxum, a renamed folder and a 2 GB stray file', async () => {
    const linked = await freshPack();
    await symlink('/etc/hostname', join(linked.path, 'data/link'));
    expect(await verifyPack(linked.path, options)).toMatchObject({
      verdict: 'tampered',
      reason: 'symlink inside the pack: data/link',
    });

    // a link in place of a genuine pack: not followed, so not checked; never valid, never called tampered
    const target = await freshPack();
    const pointer = join(await tempArchive(), basename(target.path));
    await symlink(target.path, pointer);
    expect(await verifyPack(pointer, options)).toMatchObject({
      verdict: 'unverifiable',
      reason: 'the pack folder is a symbolic link, which is not followed',
    });
    // and the archive's list does not read through it either: no fields from what it points to
    expect(await listArchive(dirname(pointer))).toMatchObject([
      { name: basename(target.path), unreadable: true, draftId: '', sealedAt: '' },
    ]);

    const oxum = await freshPack();
    const info = await readFile(join(oxum.path, 'bag-info.txt'), 'utf8');
    await writeFile(
      join(oxum.path, 'bag-info.txt'),
      info.replace(/Payload-Oxum: (\d+)/, (_, n: string) => `Payload-Oxum: ${String(Number(n) + 1)}`),
    );
    expect((await verifyPack(oxum.path, options)).verdict).toBe('tampered');

    const renamed = await freshPack();
    const newPath = join(renamed.path, '..', '2026-01-01_012345678901_ABC-123456_00000000');
    await rename(renamed.path, newPath);
    expect(await verifyPack(newPath, options)).toMatchObject({
      verdict: 'unverifiable',
      reason: expect.stringContaining('renamed') as string,
    });

    const stray = await freshPack();
    const big = join(stray.path, 'data/huge.bin');
    await writeFile(big, '');
    await truncate(big, 2 * 1024 ** 3); // sparse: nothing is written, and verify must not read it
    expect(await verifyPack(stray.path, options)).toMatchObject({
      verdict: 'tampered',
      reason: 'extra file: data/huge.bin',
    });

    // a payload file swapped for 2 GB: the sizes (Payload-Oxum) tell before any hash is computed
    const swapped = await freshPack();
    await truncate(join(swapped.path, 'data/draft.age'), 2 * 1024 ** 3);
    expect(await verifyPack(swapped.path, options)).toMatchObject({
      verdict: 'tampered',
      reason: expect.stringContaining('Payload-Oxum') as string,
    });
  });

  it('never takes a half-written temporary folder or a stray folder for a pack', async () => {
    const archive = await tempArchive();
    await mkdir(join(archive, '.sealing-0123456789abcdef', 'data'), { recursive: true });
    expect(await verifyPack(join(archive, '.sealing-0123456789abcdef'), options)).toMatchObject({
      verdict: 'unverifiable',
    });
    await mkdir(join(archive, 'photos'));
    expect(await verifyPack(join(archive, 'photos'), options)).toMatchObject({
      verdict: 'unverifiable',
      reason: 'not an evidence pack name',
    });
  });
});
