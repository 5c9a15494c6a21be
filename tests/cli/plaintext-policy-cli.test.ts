/**
 * `plaintextExports: false` binds the command line as it binds the app (npm run build first): every command
 * that would print or write a request's content unencrypted (render, normalize, drafts export, archive zip)
 * refuses with exit 1 and one line naming the policy file, before any passphrase is asked for; `check`
 * (findings only) still runs. Without the policy the same commands work.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealPack, type SealedPack } from '../../src-main/archive/seal.js';
import { packInput, signingKey, tempArchive } from '../fixtures/packs.js';
import { NO_POLICY, policyText } from '../fixtures/policies.js';
import {
  PASSPHRASE,
  newVault,
  removeTempFolders,
  validDraftRequest,
  validRequestFile,
  value,
} from '../unit/main/vault/helpers.js';
import { runCmkRekey } from './run-cli.js';

let folder: string;
let request: string;
let noExports: string;
let broken: string;
let noPolicy: string;
let vault: string;
let draftId: string;
let pack: SealedPack;

/** Runs with only the given system policy file (the portable one sets nothing). */
function under(policy: string, args: readonly string[], stdin = '') {
  return runCmkRekey([...args, '--system-policy', policy, '--portable-policy', noPolicy], stdin);
}

beforeAll(async () => {
  folder = await tempArchive();
  request = join(folder, 'request.json');
  await writeFile(request, JSON.stringify(validRequestFile('eu'), null, 2));
  noExports = join(folder, 'no-exports.json');
  await writeFile(noExports, policyText({ plaintextExports: { value: false, locked: true } }));
  broken = join(folder, 'broken.json');
  await writeFile(broken, 'not json');
  noPolicy = join(folder, 'no-policy.json');
  await writeFile(noPolicy, NO_POLICY);
  const opened = await newVault();
  draftId = value(await opened.newDraft({ request: validDraftRequest(), title: 'EU keys' })).id;
  vault = opened.folder;
  await opened.close();
  pack = await sealPack(await tempArchive(), packInput(signingKey().privateKey));
}, 60_000);

afterAll(removeTempFolders);

const refusals = () =>
  [
    [['render', request], 'render', 'the ticket is not printed'],
    [['render', request, '--format', 'json', '--allow-invalid'], 'render', 'the ticket is not printed'],
    [['normalize', request], 'normalize', 'the request is not printed'],
    [
      ['drafts', 'export', '--vault', vault, draftId, '--passphrase-stdin'],
      'drafts export',
      'the draft is not exported',
    ],
    [
      [
        'drafts',
        'export',
        '--vault',
        vault,
        draftId,
        '--with-record',
        '--out',
        join(folder, 'x.json'),
        '--passphrase-stdin',
      ],
      'drafts export',
      'the draft is not exported',
    ],
    [
      ['archive', 'zip', pack.path, '--out', join(folder, 'pack.zip')],
      'archive zip',
      'the pack is not zipped; it stays in the archive folder',
    ],
  ] as const;

describe('plaintextExports: false on the command line', { timeout: 60_000 }, () => {
  it('refuses every plain-text output in one line naming the policy file, exit 1, nothing written', async () => {
    for (const [args, command, what] of refusals()) {
      // the passphrase on stdin would be read if the command got that far; it must not
      const run = await under(noExports, args, `${PASSPHRASE}\n`);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `cmk-rekey ${command}: your organization does not allow unencrypted exports (plaintextExports: false, from the system policy ${noExports}), so ${what}.\n`,
      );
    }
    expect((await readdir(folder)).sort()).toEqual([
      'broken.json',
      'no-exports.json',
      'no-policy.json',
      'request.json',
    ]);
  });

  it('names the unreadable policy file when its safe value turns exports off', async () => {
    const run = await under(broken, ['render', request]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `your organization does not allow unencrypted exports (plaintextExports: false, from its safe value, as the system policy ${broken} cannot be fully read), so the ticket is not printed.`,
    );
  });

  it('still checks a request: check prints findings, not the request', async () => {
    const run = await under(noExports, ['check', request]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('valid (0 errors');
    expect(run.stderr).toBe('');
  });

  it('without the policy, the same commands print and write', async () => {
    for (const [args] of refusals()) {
      const run = await under(noPolicy, args, `${PASSPHRASE}\n`);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
    expect(await readdir(folder)).toEqual(expect.arrayContaining(['x.json', 'pack.zip']));
  });
});
