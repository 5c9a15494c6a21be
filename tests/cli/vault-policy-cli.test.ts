/**
 * The vault commands under this workstation's policy, as the app opens a vault (npm run build first): every
 * draft the command line writes is readable by the locked compliance recipients, re-encrypting keeps them,
 * and a new vault's passphrase uses the policy's minimum work factor. Checked with the age CLI.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLIANCE_IDENTITY, COMPLIANCE_RECIPIENT, policyText } from '../fixtures/policies.js';
import { validRequestFile } from '../unit/main/vault/helpers.js';
import { runCmkRekey, type CliRun } from './run-cli.js';

const PASSPHRASE = 'maple orbit tunnel fiddle';
let folder: string;
let vault: string;
let lockedPolicy: string;

function cli(args: readonly string[]): Promise<CliRun> {
  return runCmkRekey(args, `${PASSPHRASE}\n`);
}

/** The draft's plain text as the compliance team reads it, or the age CLI's refusal. */
function asCompliance(id: string): string {
  const file = join(vault, 'drafts', `${id}.age`);
  try {
    return execFileSync('age', ['-d', '-i', join(folder, 'compliance.key'), file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    return `refused: ${String(error)}`;
  }
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-vault-policy-cli-'));
  vault = join(folder, 'vault');
  writeFileSync(join(folder, 'compliance.key'), `${COMPLIANCE_IDENTITY}\n`);
  writeFileSync(join(folder, 'request.json'), JSON.stringify(validRequestFile('eu'), null, 2));
  lockedPolicy = join(folder, 'locked.json');
  writeFileSync(
    lockedPolicy,
    policyText({ complianceRecipients: { value: [COMPLIANCE_RECIPIENT], locked: true } }),
  );
  const init = await cli(['vault', 'init', '--vault', vault, '--passphrase-stdin']);
  expect(init.code, init.stderr).toBe(0);
}, 30_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("the vault commands under this workstation's policy", () => {
  it('import encrypts the draft for the locked compliance recipients too; without the policy it does not', async () => {
    const request = join(folder, 'request.json');
    const alone = await cli(['drafts', 'import', '--vault', vault, request, '--passphrase-stdin']);
    expect(alone.code, alone.stderr).toBe(0);
    expect(asCompliance(alone.stdout.trim())).toMatch(/^refused: /);
    const underPolicy = await cli([
      'drafts',
      'import',
      '--vault',
      vault,
      request,
      '--system-policy',
      lockedPolicy,
      '--passphrase-stdin',
    ]);
    expect(underPolicy.code, underPolicy.stderr).toBe(0);
    expect(asCompliance(underPolicy.stdout.trim())).toContain('"cmk-rekey/sealed-draft"');
  }, 30_000);

  it('reencrypt keeps the locked compliance recipients, and adds them to drafts that lacked them', async () => {
    const request = join(folder, 'request.json');
    const imported = await cli(['drafts', 'import', '--vault', vault, request, '--passphrase-stdin']);
    const id = imported.stdout.trim();
    expect(asCompliance(id)).toMatch(/^refused: /);
    const run = await cli([
      'drafts',
      'reencrypt',
      '--vault',
      vault,
      '--portable-policy',
      lockedPolicy,
      '--passphrase-stdin',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(asCompliance(id)).toContain('"cmk-rekey/sealed-draft"');
    const again = await cli([
      'drafts',
      'reencrypt',
      '--vault',
      vault,
      '--portable-policy',
      lockedPolicy,
      '--passphrase-stdin',
    ]);
    expect(again.stdout).toMatch(/^Re-encrypted 0 drafts to the current recipients; \d+ already were\.\n$/);
    expect(asCompliance(id)).toContain('"cmk-rekey/sealed-draft"');
  }, 30_000);

  it('export --with-record gives the status drafts list shows under the same policy', async () => {
    const onlyGermany = join(folder, 'only-de.json');
    writeFileSync(onlyGermany, policyText({ allowedRealms: { value: ['de'], locked: true } }));
    const imported = await cli([
      'drafts',
      'import',
      '--vault',
      vault,
      join(folder, 'request.json'),
      '--passphrase-stdin',
    ]);
    const id = imported.stdout.trim();
    const record = async (...more: string[]) => {
      const run = await cli([
        'drafts',
        'export',
        '--vault',
        vault,
        id,
        '--with-record',
        ...more,
        '--passphrase-stdin',
      ]);
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { provenance: { status: string } }).provenance.status;
    };
    expect(await record()).toBe('ready');
    expect(await record('--system-policy', onlyGermany)).toBe('draft');
    const listed = await cli([
      'drafts',
      'list',
      '--vault',
      vault,
      '--system-policy',
      onlyGermany,
      '--passphrase-stdin',
    ]);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+draft\\s`));
  }, 30_000);

  it("vault init takes the policy's minimum work factor and its unlocked compliance recipients", async () => {
    const policy = join(folder, 'strict.json');
    writeFileSync(
      policy,
      policyText({
        minScryptWorkFactor: { value: 19, locked: true },
        complianceRecipients: { value: [COMPLIANCE_RECIPIENT] },
      }),
    );
    const strict = join(folder, 'strict-vault');
    const run = await cli([
      'vault',
      'init',
      '--vault',
      strict,
      '--system-policy',
      policy,
      '--passphrase-stdin',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Extra recipient: ${COMPLIANCE_RECIPIENT}\n`);
    expect(readFileSync(join(strict, 'identity.age'), 'utf8')).toMatch(/^-> scrypt \S+ 19$/m);
  }, 30_000);
});
