/** `cmk-rekey policy check|show` through the built launcher (npm run build first). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { POLICY_KEYS } from '../../src-shared/policy/policy-schema.js';
import { FULL_POLICY, NO_POLICY, policyText } from '../fixtures/policies.js';
import { VALID_REQUEST } from '../fixtures/requests.js';
import { ROOT, runCmkRekey, type CliRun } from './run-cli.js';

let folder: string;

async function cli(args: readonly string[]): Promise<CliRun> {
  const run = await runCmkRekey(args);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-policy-cli-'));
  writeFileSync(join(folder, 'full.json'), policyText(FULL_POLICY));
  writeFileSync(join(folder, 'no-policy.json'), NO_POLICY);
  writeFileSync(
    join(folder, 'bad.json'),
    policyText({ plaintextExports: { value: false, locked: true }, idleLockMinutes: { value: -1 } }),
  );
  writeFileSync(
    join(folder, 'broken.json'),
    '{\n  "format": "cmk-rekey/policy",\n  "version": 1\n  "policies": {}\n}\n',
  );
  writeFileSync(
    join(folder, 'settings.json'),
    JSON.stringify({ autoLockMinutes: 30, vaultFolder: '/home/me/v' }),
  );
});

describe('cmk-rekey policy check', () => {
  it('accepts a valid file and says what it locks, exit 0', async () => {
    const run = await cli(['policy', 'check', join(folder, 'full.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /valid policy; it sets 12 settings \(locked: complianceRecipients, trustedSigners, /u,
    );
  });

  it('names the file, the line and the key of each problem, exit 1', async () => {
    const run = await cli(['policy', 'check', join(folder, 'bad.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `${join(folder, 'bad.json')}: line 9: idleLockMinutes.value: Too small: expected number to be >=0.\n` +
        `${join(folder, 'bad.json')}: 1 problem; the app would show a warning banner.\n`,
    );
  });

  it('points at the line of a JSON syntax error', async () => {
    const run = await cli(['policy', 'check', join(folder, 'broken.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(folder, 'broken.json')}: line 4: This is not valid JSON`);
  });

  it.each([
    [['policy', 'check'], /^cmk-rekey policy check: FILE is missing$/mu],
    [['policy'], /^cmk-rekey policy: expected an action: "check" or "show"$/mu],
    [['policy', 'show', 'x.json'], /^cmk-rekey policy show: unexpected argument "x.json"$/mu],
  ])('%j is a usage error, exit 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('says a missing file is missing, exit 2', async () => {
    const run = await cli(['policy', 'check', join(folder, 'none.json')]);
    expect(run).toMatchObject({
      code: 2,
      stderr: `cmk-rekey: ${join(folder, 'none.json')} does not exist.\n`,
    });
  });
});

describe('cmk-rekey policy show', () => {
  const paths = (system: string, portable = 'no-policy.json') => [
    '--system-policy',
    join(folder, system),
    '--portable-policy',
    join(folder, portable),
    '--settings',
    join(folder, 'settings.json'),
  ];

  it('prints every setting with its value and source', async () => {
    const run = await cli(['policy', 'show', ...paths('full.json')]);
    expect(run.code).toBe(0);
    for (const key of POLICY_KEYS) expect(run.stdout).toContain(`  ${key} `);
    expect(run.stdout).toMatch(/allowedRealms +eu, de +system policy, locked/u);
    expect(run.stdout).toMatch(/idleLockMinutes +15 +user; capped at the maximum of 15 minutes/u);
    expect(run.stdout).toMatch(/vaultFolder +\/home\/me\/v +user/u);
    expect(run.stdout).toMatch(/defaultSiteUrl +https:\/\/acme\.atlassian\.net +system policy\n/u);
    expect(run.stdout).toMatch(/system +in-force/u);
    expect(run.stdout).toMatch(/portable +in-force/u);
  });

  it('shows safe values and the problems of an unreadable file, exit 1', async () => {
    const run = await cli(['policy', 'show', ...paths('no-policy.json', 'broken.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/portable +invalid/u);
    expect(run.stdout).toMatch(/plaintextExports +false +safe value \(policy file unreadable\)/u);
    expect(run.stdout).toMatch(/vaultFolder +\/home\/me\/v +user/u);
    expect(run.stdout).toMatch(/allowedRealms +us, eu, .* +default/u);
  });

  it('shows a default place with no file as absent', async () => {
    // the portable policy's default place: policy.json in the current folder, which the launcher runs in
    const run = await cli([
      'policy',
      'show',
      '--system-policy',
      join(folder, 'full.json'),
      '--settings',
      join(folder, 'settings.json'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`  portable  absent    ${join(ROOT, 'policy.json')}\n`);
  });

  // QA: a mistyped file was read as "no policy file", so its settings (plaintextExports: false) did not apply
  it.each(['--system-policy', '--portable-policy', '--settings'])(
    '%s naming a file that is not there is a usage error naming it, exit 2',
    async (option) => {
      const args = paths('full.json').map((arg, index, all) =>
        all[index - 1] === option ? join(folder, 'typo.json') : arg,
      );
      expect(await cli(['policy', 'show', ...args])).toEqual({
        code: 2,
        stdout: '',
        stderr: `cmk-rekey policy show: ${option} ${join(folder, 'typo.json')} does not exist; check the path\nUsage: cmk-rekey policy show [--system-policy FILE] [--portable-policy FILE] [--settings FILE] [--json]\n`,
      });
    },
  );

  it('--settings naming a folder says so about that path, exit 2; a huge file is ignored unread', async () => {
    const args = paths('full.json').map((arg, index, all) =>
      all[index - 1] === '--settings' ? folder : arg,
    );
    expect(await cli(['policy', 'show', ...args])).toEqual({
      code: 2,
      stdout: '',
      stderr: `cmk-rekey policy show: Your settings (${folder}) cannot be read: a folder has that name (EISDIR). Nothing was changed; try again.\n`,
    });
    const huge = join(folder, 'huge-settings.json');
    writeFileSync(huge, `{"autoLockMinutes": 5${' '.repeat(1024 * 1024)}}`);
    const ignored = await cli(['policy', 'show', ...paths('no-policy.json').slice(0, 4), '--settings', huge]);
    expect(ignored.code).toBe(0);
    expect(ignored.stderr).toBe(
      `cmk-rekey: settings: ignoring ${huge}: it is far larger than a settings file can be\n`,
    );
    expect(ignored.stdout).toMatch(/idleLockMinutes +10 +default/u);
  });

  it('prints JSON with --json', async () => {
    const run = await cli(['policy', 'show', '--json', ...paths('full.json')]);
    const shown = JSON.parse(run.stdout) as { settings: Record<string, { source: string; locked: boolean }> };
    expect(shown.settings['plaintextExports']).toEqual({ value: false, locked: true, source: 'system' });
    expect(Object.keys(shown.settings)).toEqual(POLICY_KEYS);
  });
});

describe('policy.json in the folder a command runs in (the default portable policy)', () => {
  // An AWS key policy saved as policy.json beside the keys' work made render refuse, as a damaged
  // organization policy falls back to plaintextExports: false.
  it('is left out, said on stderr, when it is another program\'s JSON (no "format")', async () => {
    const work = mkdtempSync(join(tmpdir(), 'cmk-policy-cwd-'));
    writeFileSync(join(work, 'request.json'), JSON.stringify(VALID_REQUEST));
    writeFileSync(join(work, 'policy.json'), '{"Version":"2012-10-17","Statement":[]}');
    const system = ['--system-policy', join(folder, 'no-policy.json')];
    const run = await runCmkRekey(['render', 'request.json', ...system], '', false, work);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^1\. What can we help you with\?/);
    expect(run.stderr).toContain('policy.json is left out: it is no CMK Rekey policy (it has no "format")');
    // A CMK Rekey policy that cannot be read still applies its safe values there.
    writeFileSync(join(work, 'policy.json'), '{"format": "cmk-rekey/policy", "version": 1,');
    const damaged = await runCmkRekey(['render', 'request.json', ...system], '', false, work);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('plaintextExports: false, from its safe value');
    // Named with --portable-policy, another program's file is refused as a policy, not left out.
    writeFileSync(join(work, 'policy.json'), '{"Version":"2012-10-17","Statement":[]}');
    const named = await runCmkRekey(
      ['render', 'request.json', ...system, '--portable-policy', 'policy.json'],
      '',
      false,
      work,
    );
    expect(named.code).toBe(1);
    expect(named.stderr).not.toContain('is left out');
  });
});
