/**
 * `cmk-rekey archive verify` trusts whom the app's Archive screen trusts (npm run build first): the
 * workstation policy's trustedSigners when no --allowed-signers is given; --allowed-signers replaces an
 * unlocked list and is refused against a locked one; a policy file that cannot be read trusts nobody.
 * The same pack gets the same verdict from the CLI and from the app's ArchiveService.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PackVerdictSchema, type PackVerdict } from '../../src-shared/archive/pack-schema.js';
import { sealPack, type SealedPack } from '../../src-main/archive/seal.js';
import { Policy } from '../../src-main/policy/policy.js';
import { readPolicyLayers } from '../../src-main/policy/load-policy.js';
import { SettingsFile } from '../../src-main/settings.js';
import { archiveService, QueuedDialogs } from '../support/queued-dialogs.js';
import { packInput, signingKey, tempArchive } from '../fixtures/packs.js';
import { NO_POLICY, policyText } from '../fixtures/policies.js';
import { runCmkRekey } from './run-cli.js';

const key = signingKey();
const stranger = signingKey();
let archive: string;
let ours: SealedPack;
let theirs: SealedPack;
let folder: string;

const trustsOurs = (locked: boolean) =>
  policyText({
    trustedSigners: {
      value: [`archive@acme.example namespaces="cmk-rekey-archive" ${key.publicLine}`],
      locked,
    },
  });

async function file(name: string, text: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, text);
  return path;
}

/** The CLI's verdicts as JSON, with a system policy file and a portable one that sets nothing. */
async function cliVerdicts(policy: string, ...more: string[]) {
  const run = await runCmkRekey([
    'archive',
    'verify',
    archive,
    '--json',
    '--system-policy',
    policy,
    '--portable-policy',
    join(folder, 'no-policy.json'),
    ...more,
  ]);
  const verdicts = run.code === 2 ? [] : PackVerdictSchema.array().parse(JSON.parse(run.stdout));
  return { run, byName: new Map(verdicts.map((verdict) => [verdict.name, verdict])) };
}

/** The app's verdicts for the same archive under the same policy file, with the user's settings. */
async function appVerdicts(
  policyFile: string,
  allowedSignersFile?: string,
): Promise<Map<string, PackVerdict>> {
  const root = await tempArchive();
  await new SettingsFile(join(root, 'settings.json'), () => undefined).update({
    archiveFolder: archive,
    ...(allowedSignersFile !== undefined && { allowedSignersFile }),
  });
  const policy = new Policy(
    await readPolicyLayers({ system: policyFile, portable: join(folder, 'no-policy.json') }),
    '',
  );
  const service = archiveService(root, new QueuedDialogs(), policy);
  const names = await service.names(10);
  if (!names.ok) throw new Error(names.message);
  const verdicts = await service.verify(names.value.names);
  if (!verdicts.ok) throw new Error(verdicts.message);
  return new Map(verdicts.value.map((verdict) => [verdict.name, verdict]));
}

beforeAll(async () => {
  archive = await tempArchive();
  folder = await tempArchive();
  await file('no-policy.json', NO_POLICY);
  ours = await sealPack(archive, packInput(key.privateKey));
  theirs = await sealPack(archive, packInput(stranger.privateKey));
}, 60_000);

describe("archive verify and the workstation policy's trustedSigners", { timeout: 60_000 }, () => {
  it("trusts the policy's signers without --allowed-signers, says so on stderr, and agrees with the app", async () => {
    for (const locked of [true, false]) {
      const policy = await file(`trust-${String(locked)}.json`, trustsOurs(locked));
      const { run, byName } = await cliVerdicts(policy);
      expect(run.code, run.stderr).toBe(1);
      expect(byName.get(ours.name)).toMatchObject({ verdict: 'valid', signer: 'archive@acme.example' });
      expect(byName.get(theirs.name)?.verdict).toBe('unknown-signer');
      expect(run.stderr).toBe(
        `cmk-rekey: trusting the signers of the system policy ${policy} (trustedSigners), as the app does.\n`,
      );
      expect(await appVerdicts(policy)).toEqual(byName);
    }
  });

  it('--allowed-signers replaces an unlocked list, as the user’s own file does in the app', async () => {
    const policy = await file('trust-default.json', trustsOurs(false));
    const signers = await file('theirs_signers', `auditor@example.test ${stranger.publicLine}\n`);
    const { run, byName } = await cliVerdicts(policy, '--allowed-signers', signers);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(byName.get(ours.name)?.verdict).toBe('unknown-signer');
    expect(byName.get(theirs.name)).toMatchObject({ verdict: 'valid', signer: 'auditor@example.test' });
    expect(await appVerdicts(policy, signers)).toEqual(byName);
  });

  it('refuses --allowed-signers against a locked list, in one line naming the policy file (exit 2)', async () => {
    const policy = await file('trust-locked.json', trustsOurs(true));
    const signers = await file('other_signers', `auditor@example.test ${stranger.publicLine}\n`);
    const { run } = await cliVerdicts(policy, '--allowed-signers', signers);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(
      `cmk-rekey archive verify: --allowed-signers cannot replace the trusted signers locked by the system policy ${policy}; without it, they are trusted`,
    );
  });

  it('trusts nobody when the policy file cannot be read, as the app does', async () => {
    const policy = await file('broken.json', '{ "format": "cmk-rekey/policy", ');
    const { run, byName } = await cliVerdicts(policy);
    expect(run.code).toBe(1);
    expect(byName.get(ours.name)?.verdict).toBe('unknown-signer');
    expect(run.stderr).toContain('this policy file cannot be fully read');
    expect(run.stderr).toContain(
      `cmk-rekey: no signer is trusted (trustedSigners names none: its safe value, as the system policy ${policy} cannot be fully read), as in the app.\n`,
    );
    // Nor by the user's own list: the safe value is locked, and says whom it trusts.
    const signers = await file('safe_signers', `auditor@example.test ${key.publicLine}\n`);
    const refused = await cliVerdicts(policy, '--allowed-signers', signers);
    expect(refused.run.code).toBe(2);
    expect(refused.run.stderr).toContain('; without it, no signer is trusted\n');
    expect(await appVerdicts(policy)).toEqual(byName);
  });

  it('takes no trust from a policy.json in the folder it runs in, which anyone writing there could plant', async () => {
    // A shared archive folder: someone signed a pack with their own key and put a policy that trusts it
    // (locked, so the auditor's own list would be refused) where the auditor runs the command.
    const shared = await tempArchive();
    const planted = policyText({
      trustedSigners: { value: [`archive@acme.example ${stranger.publicLine}`], locked: true },
      allowedRealms: { value: ['eu'], locked: true },
    });
    await writeFile(join(shared, 'policy.json'), planted);
    const signers = await file('ours_signers', `archive@acme.example ${key.publicLine}\n`);
    const system = join(folder, 'no-policy.json');
    const verify = (...more: string[]) =>
      runCmkRekey(
        ['archive', 'verify', archive, '--json', '--system-policy', system, ...more],
        '',
        false,
        shared,
      );
    const run = await verify('--allowed-signers', signers);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `cmk-rekey: ${join(shared, 'policy.json')}: its trustedSigners is not applied, as a policy.json in the current folder cannot name whom to trust; name the file with --portable-policy FILE to apply it.\n`,
    );
    const byName = new Map(
      PackVerdictSchema.array()
        .parse(JSON.parse(run.stdout))
        .map((verdict) => [verdict.name, verdict.verdict]),
    );
    expect(byName.get(theirs.name)).toBe('unknown-signer');
    expect(byName.get(ours.name)).toBe('valid');
    // Named, the same file is the organization's: its list applies, and is locked.
    const named = await verify('--portable-policy', join(shared, 'policy.json'));
    expect(named.stderr).toContain(
      `trusting the signers of the portable policy ${join(shared, 'policy.json')}`,
    );
    expect(
      PackVerdictSchema.array()
        .parse(JSON.parse(named.stdout))
        .find((v) => v.name === theirs.name)?.verdict,
    ).toBe('valid');
    // Its other settings still apply from the current folder, as for every command.
    const shown = await runCmkRekey(
      ['policy', 'show', '--system-policy', system, '--json'],
      '',
      false,
      shared,
    );
    expect(JSON.parse(shown.stdout)).toMatchObject({
      settings: {
        allowedRealms: { value: ['eu'], locked: true, source: 'portable' },
        trustedSigners: { value: [], locked: false, source: 'default' },
      },
    });
  });

  it('without a policy and without --allowed-signers, trusts nobody and says nothing of a policy', async () => {
    const { run, byName } = await cliVerdicts(join(folder, 'no-policy.json'));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(byName.get(ours.name)?.reason).toContain('no allowed-signers list was given');
  });
});
