/**
 * Trust from an allowed-signers file: for each entry, CMK Rekey's decision must be the one
 * `ssh-keygen -Y verify` makes on the same pack (the auditor's tool, run here as the oracle), including
 * the options ssh-keygen(1) ALLOWED SIGNERS defines: namespaces (with `!` negation), valid-after,
 * valid-before, cert-authority, option names in any case, an option given twice, a trailing comma, and
 * unknown options.
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealPack, type SealedPack } from '../../../../src-main/archive/seal.js';
import { parseAllowedSigners } from '../../../../src-main/archive/sshsig.js';
import { readAllowedSignersFile } from '../../../../src-main/archive/trusted-signers.js';
import { verifyPack } from '../../../../src-main/archive/verify-pack.js';
import { packInput, signingKey, tempArchive } from '../../../fixtures/packs.js';

const key = signingKey();
let pack: SealedPack;

beforeAll(async () => {
  pack = await sealPack(await tempArchive(), packInput(key.privateKey));
}, 60_000);

/** What ssh-keygen says about the pack's signature with this allowed-signers line. */
async function sshKeygenTrusts(line: string): Promise<boolean> {
  const file = join(pack.path, '..', 'allowed_signers');
  await writeFile(file, `${line}\n`);
  const result = spawnSync(
    'ssh-keygen',
    ['-Y', 'verify', '-f', file, '-I', 'c@x', '-n', 'cmk-rekey-archive', '-s', 'tagmanifest-sha256.txt.sig'],
    { cwd: pack.path, input: await readFile(join(pack.path, 'tagmanifest-sha256.txt')) },
  );
  return result.status === 0;
}

async function cmkRekeyTrusts(line: string): Promise<boolean> {
  const verdict = await verifyPack(pack.path, { allowedSigners: parseAllowedSigners(`${line}\n`) });
  expect(['valid', 'unknown-signer']).toContain(verdict.verdict);
  return verdict.verdict === 'valid';
}

const ENTRIES: readonly [string, string, boolean][] = [
  ['no options', 'c@x KEY', true],
  ['our namespace', 'c@x namespaces="cmk-rekey-archive" KEY', true],
  ['a wildcard namespace', 'c@x namespaces="cmk-rekey-*" KEY', true],
  ['another namespace', 'c@x namespaces="file" KEY', false],
  ['option name in capitals', 'c@x NAMESPACES="file" KEY', false],
  ['option name in capitals, our namespace', 'c@x Namespaces="cmk-rekey-archive" KEY', true],
  ['our namespace negated', 'c@x namespaces="!cmk-rekey-archive,*" KEY', false],
  ['another namespace negated', 'c@x namespaces="!file,*" KEY', true],
  ['unquoted namespaces', 'c@x namespaces=cmk-rekey-archive KEY', false],
  ['expired', 'c@x valid-before="20200101",namespaces="cmk-rekey-archive" KEY', false],
  ['not yet valid', 'c@x valid-after="20990101" KEY', false],
  ['within its dates', 'c@x valid-after="20200101",valid-before="20990101120000Z" KEY', true],
  ['a date ssh-keygen cannot read', 'c@x valid-before="2099" KEY', false],
  ['a day that does not exist', 'c@x valid-before="20991332" KEY', false],
  ['an unknown option', 'c@x badoption KEY', false],
  ['a certificate authority', 'c@x cert-authority KEY', false],
  // One clause of a kind only: a later one would otherwise outlive an expiry or widen the namespaces.
  ['valid-before twice', 'c@x valid-before="20200101",valid-before="20991231" KEY', false],
  ['valid-after twice', 'c@x valid-after="20200101",valid-after="20210101" KEY', false],
  ['namespaces twice', 'c@x namespaces="file",namespaces="cmk-rekey-archive" KEY', false],
  ['namespaces twice, in other cases', 'c@x namespaces="file",NAMESPACES="cmk-rekey-archive" KEY', false],
  ['a comma after the last option', 'c@x namespaces="cmk-rekey-archive", KEY', false],
];

describe('allowed-signers entries', { timeout: 60_000 }, () => {
  it.each(ENTRIES)('%s: trusted as ssh-keygen -Y verify decides', async (_, entry, expected) => {
    const line = entry.replace('KEY', key.publicLine);
    expect(await sshKeygenTrusts(line)).toBe(expected);
    expect(await cmkRekeyTrusts(line)).toBe(expected);
  });
});

describe('an allowed-signers file that starts with a byte-order mark', { timeout: 60_000 }, () => {
  it('is refused, saying why, since ssh-keygen -Y verify trusts no one by it', async () => {
    const line = `c@x ${key.publicLine}`;
    expect(await sshKeygenTrusts(`\uFEFF${line}`)).toBe(false);
    const file = join(pack.path, '..', 'bom_signers');
    await writeFile(file, `\uFEFF${line}\n`);
    const read = await readAllowedSignersFile(file);
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.message).toContain('starts with a byte-order mark');
    await writeFile(file, `${line}\n`);
    expect((await readAllowedSignersFile(file)).ok).toBe(true);
  });
});
