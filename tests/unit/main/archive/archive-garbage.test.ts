/**
 * An archive folder is shared: anyone may leave odd things in it. Through the app's real IPC dispatch
 * (its contract checks every answer), one odd entry must get its own listing and badge and never stop
 * the archive's other packs from listing and being checked.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveCache } from '../../../../src-main/archive/archive-cache.js';
import { ArchiveService } from '../../../../src-main/archive/archive-service.js';
import { sealPack, type SealedPack } from '../../../../src-main/archive/seal.js';
import { signSshSig } from '../../../../src-main/archive/sshsig.js';
import { createDispatch } from '../../../../src-main/ipc/dispatch.js';
import { createHandlers, type Services } from '../../../../src-main/ipc/handlers.js';
import { SettingsFile } from '../../../../src-main/settings.js';
import type { PackEntry, PackVerdict } from '../../../../src-shared/archive/pack-schema.js';
import { QueuedDialogs } from '../../../support/queued-dialogs.js';
import { packInput, signingKey, tempArchive } from '../../../fixtures/packs.js';

const key = signingKey();
const stranger = signingKey();

/** The archive as the app's renderer sees it: names, first screen, every badge. */
async function throughTheApp(archive: string, signersText = `auditor@example.test ${key.publicLine}\n`) {
  const userData = await tempArchive();
  const settings = new SettingsFile(join(userData, 'settings.json'), () => undefined);
  await writeFile(join(userData, 'allowed_signers'), signersText);
  await settings.update({ archiveFolder: archive, allowedSignersFile: join(userData, 'allowed_signers') });
  const service = new ArchiveService(settings, new QueuedDialogs(), undefined, new ArchiveCache(undefined));
  const logged: string[] = [];
  const handlers = createHandlers({ archive: service } as unknown as Services);
  const dispatch = createDispatch(handlers, (line) => logged.push(line));
  const names = await dispatch('archiveNames', { first: 40 });
  if (!names.ok) throw new Error(`${names.message} ${logged.join(' ')}`);
  const listed = names.value as { names: string[]; entries: PackEntry[] };
  const verified = await dispatch('archiveVerify', { names: listed.names });
  if (!verified.ok) throw new Error(`${verified.message} ${logged.join(' ')}`);
  return { entries: listed.entries, verdicts: verified.value as PackVerdict[] };
}

async function withGenuinePack(): Promise<{ archive: string; genuine: SealedPack }> {
  const archive = await tempArchive();
  return { archive, genuine: await sealPack(archive, packInput(key.privateKey)) };
}

const GARBAGE = '2026-12-02_111111111111_GARBAGE_0badf00d';

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('odd entries in an archive folder, seen by the app', { timeout: 60_000 }, () => {
  it.each([
    ['a status longer than any status', `CMK-Rekey-Status: ${'x'.repeat(100)}\n`],
    ['a long revision', 'CMK-Rekey-Revision: 12345678901\n'],
    ['a long realm and timing', `CMK-Rekey-Realm: ${'r'.repeat(60)}\nCMK-Rekey-Timing: ${'t'.repeat(60)}\n`],
    ['long dates and ids', `CMK-Rekey-Sealed-At: ${'9'.repeat(60)}\nCMK-Rekey-Draft-Id: ${'d'.repeat(60)}\n`],
  ])('bag-info.txt with %s lists, and the genuine pack is still listed and valid', async (_, info) => {
    const { archive, genuine } = await withGenuinePack();
    await mkdir(join(archive, GARBAGE));
    await writeFile(join(archive, GARBAGE, 'bag-info.txt'), info);
    const { entries, verdicts } = await throughTheApp(archive);
    expect(entries.map((entry) => entry.name).sort()).toEqual([genuine.name, GARBAGE].sort());
    expect(verdicts.find((verdict) => verdict.name === genuine.name)?.verdict).toBe('valid');
    expect(verdicts.find((verdict) => verdict.name === GARBAGE)?.verdict).toBe('tampered');
  });

  it('a signer.pub with a very long comment lists, its signer shortened', async () => {
    const { archive, genuine } = await withGenuinePack();
    await mkdir(join(archive, GARBAGE));
    await writeFile(join(archive, GARBAGE, 'bag-info.txt'), 'CMK-Rekey-Status: sent\n');
    await writeFile(join(archive, GARBAGE, 'signer.pub'), `${key.publicLine} ${'c'.repeat(400)}\n`);
    const { entries, verdicts } = await throughTheApp(archive);
    // the comment is cut, the fingerprint that identifies the key is kept whole
    expect(entries.find((entry) => entry.name === GARBAGE)?.signer).toMatch(
      /c… \(SHA256:[A-Za-z0-9+/]{43}\)$/,
    );
    expect(verdicts.find((verdict) => verdict.name === genuine.name)?.verdict).toBe('valid');
  });

  it('a folder named bag-info.txt lists as unreadable, with its badge', async () => {
    const { archive, genuine } = await withGenuinePack();
    await mkdir(join(archive, GARBAGE, 'bag-info.txt'), { recursive: true });
    const { entries, verdicts } = await throughTheApp(archive);
    expect(entries.find((entry) => entry.name === GARBAGE)?.unreadable).toBe(true);
    expect(verdicts.find((verdict) => verdict.name === GARBAGE)?.verdict).toBe('tampered');
    expect(verdicts.find((verdict) => verdict.name === genuine.name)?.verdict).toBe('valid');
  });

  it('a name the app cannot address (a backslash in it) is left out; the packs list', async () => {
    const { archive, genuine } = await withGenuinePack();
    await writeFile(join(archive, 'a\\b'), 'x');
    const { entries, verdicts } = await throughTheApp(archive);
    expect(entries.map((entry) => entry.name)).toEqual([genuine.name]);
    expect(verdicts.map((verdict) => verdict.verdict)).toEqual(['valid']);
  });

  it('a pack signed by any key that names itself at length gets a shortened reason, not a failed batch', async () => {
    const { archive, genuine } = await withGenuinePack();
    const forged = await sealPack(archive, packInput(stranger.privateKey));
    const info = join(forged.path, 'bag-info.txt');
    const text = (await readFile(info, 'utf8')).replace(
      /^CMK-Rekey-Pack-Name: .*$/m,
      `CMK-Rekey-Pack-Name: ${'x'.repeat(2000)}`,
    );
    await writeFile(info, text);
    const tags = ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt', 'signer.pub'];
    const lines = await Promise.all(
      tags.map(async (file) => `${sha256(await readFile(join(forged.path, file)))}  ${file}\n`),
    );
    const tagManifest = Buffer.from(lines.join(''));
    await writeFile(join(forged.path, 'tagmanifest-sha256.txt'), tagManifest);
    await writeFile(
      join(forged.path, 'tagmanifest-sha256.txt.sig'),
      signSshSig(tagManifest, stranger.privateKey),
    );
    const { verdicts } = await throughTheApp(archive);
    const verdict = verdicts.find((found) => found.name === forged.name);
    expect(verdict?.verdict).toBe('unverifiable');
    expect(verdict?.reason).toMatch(/^the folder was renamed: the pack calls itself x+…$/);
    expect(verdicts.find((found) => found.name === genuine.name)?.verdict).toBe('valid');
  });

  it('an allowed-signers principal longer than a badge holds is shortened', async () => {
    const { archive, genuine } = await withGenuinePack();
    const { verdicts } = await throughTheApp(archive, `${'p'.repeat(400)} ${key.publicLine}\n`);
    expect(verdicts.find((verdict) => verdict.name === genuine.name)).toMatchObject({
      verdict: 'valid',
      signer: expect.stringMatching(/^p+…$/) as string,
    });
  });
});
