/**
 * Interop with the real age CLI (Debian's /usr/bin/age), both ways. age reads passphrases from the
 * terminal, so `expect` drives it through a pseudo-terminal.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  OTHER_PASSPHRASE,
  PASSPHRASE,
  newVault,
  removeTempFolders,
  tempFolder,
  validDraftRequest,
  validRequestFile,
  value,
} from './helpers.js';

const AGE = '/usr/bin/age';
const EXPECT = '/usr/bin/expect';
const missing = [AGE, EXPECT].filter((tool) => !existsSync(tool));
if (missing.length > 0) {
  console.warn(
    `Skipping age CLI interop: ${missing.join(' and ')} not installed (apt-get install -y age expect).`,
  );
}

afterAll(removeTempFolders);

/** Runs age with a passphrase typed at its terminal prompt(s); returns age's exit status. */
function ageWithPassphrase(args: readonly string[], passphrase: string, prompts = 1): number {
  const script = [
    'set timeout 30',
    `spawn ${AGE} {*}$argv`,
    // age switches the terminal to no-echo after printing its prompt: typing too early can be lost.
    ...Array.from({ length: prompts }, () =>
      [
        'expect {',
        '  -re "passphrase.*:" { sleep 0.3; send -- "$env(AGE_TEST_PASSPHRASE)\\r" }',
        '  timeout { exit 90 }',
        '  eof { exit 91 }',
        '}',
      ].join('\n'),
    ),
    'expect {\n  eof {}\n  timeout { close; exit 92 }\n}',
    'lassign [wait] pid spawnid os_error status',
    'exit $status',
  ].join('\n');
  const file = join(tempFolder('cmk-expect-'), 'age.exp');
  writeFileSync(file, script);
  const run = spawnSync(EXPECT, ['-f', file, '--', ...args], {
    env: { ...process.env, AGE_TEST_PASSPHRASE: passphrase },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return run.status ?? -1;
}

function age(args: readonly string[]): string {
  return execFileSync(AGE, args, { encoding: 'utf8' });
}

describe.skipIf(missing.length > 0)('age CLI interop', () => {
  it('opens the vault identity with `age -d` and the passphrase, then every draft with `age -d -i`', async () => {
    for (const options of [FAST, {}]) {
      const folder = join(tempFolder(), 'vault');
      const vault = value(await Vault.create(folder, PASSPHRASE, options));
      const draft = value(await vault.newDraft({ title: 'For compliance', request: validDraftRequest() }));
      value(await vault.list());
      await vault.close();
      const identity = join(tempFolder(), 'identity.txt');
      expect(
        ageWithPassphrase(['-d', '-o', identity, join(folder, 'identity.age')], 'wrong passphrase!'),
      ).not.toBe(0);
      expect(existsSync(identity)).toBe(false);
      expect(ageWithPassphrase(['-d', '-o', identity, join(folder, 'identity.age')], PASSPHRASE)).toBe(0);
      expect(readFileSync(identity, 'utf8')).toMatch(
        new RegExp(
          `# public key: ${vault.recipient}\\n# cmk-rekey settings generation: 1\\nAGE-SECRET-KEY-1[0-9A-Z]{58}\\n$`,
        ),
      );
      const printed = age(['-d', '-i', identity, join(folder, 'drafts', `${draft.id}.age`)]);
      // Stored as version 2 (no key pairs set aside).
      expect(JSON.parse(printed)).toMatchObject({
        format: 'cmk-rekey/sealed-draft',
        draft: { ...draft, version: 2 },
      });
      expect(age(['-d', '-i', identity, join(folder, 'index.age')])).toContain(draft.id);
    }
  }, 60_000);

  it('unlocks an identity file that `age -p` encrypted (passphrase changed with the age CLI)', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Survives' }));
    await vault.close();
    const identity = join(tempFolder(), 'identity.txt');
    expect(ageWithPassphrase(['-d', '-o', identity, join(vault.folder, 'identity.age')], PASSPHRASE)).toBe(0);
    const rewrapped = join(tempFolder(), 'identity.age');
    expect(ageWithPassphrase(['-p', '-o', rewrapped, identity], OTHER_PASSPHRASE, 2)).toBe(0);
    writeFileSync(join(vault.folder, 'identity.age'), readFileSync(rewrapped));
    const again = value(await Vault.open(vault.folder, FAST));
    expect(await again.unlock(PASSPHRASE)).toMatchObject({ ok: false });
    value(await again.unlock(OTHER_PASSPHRASE));
    expect(value(await again.load(draft.id))).toEqual(draft);
  }, 30_000);

  it('flags a draft written with `age -r <vault recipient>` as untrusted, and imports one on request', async () => {
    const vault = await newVault();
    const genuine = value(await vault.newDraft({ title: 'Genuine' }));
    const planted = { ...genuine, id: '7'.repeat(32), title: 'Planted by age -r' };
    const plain = join(tempFolder(), 'planted.json');
    writeFileSync(plain, JSON.stringify(planted));
    age(['-r', vault.recipient, '-o', join(vault.folder, 'drafts', `${planted.id}.age`), plain]);
    expect(await vault.load(planted.id)).toMatchObject({ ok: false, code: 'untrusted' });
    const list = value(await vault.list());
    expect(list.map(({ title, problem }) => ({ title, problem }))).toEqual([
      { title: 'Genuine', problem: undefined },
      { title: 'Planted by age -r', problem: 'untrusted' },
    ]);

    const request = join(tempFolder(), 'request.json');
    writeFileSync(request, JSON.stringify(validRequestFile('eu')));
    const encrypted = join(tempFolder(), 'from-compliance.age');
    age(['-r', vault.recipient, '-o', encrypted, request]);
    const imported = value(await vault.importFile(encrypted));
    // The title comes from the content (site host · AWS account), not the file name.
    expect(imported).toMatchObject({
      title: 'acme-cloud.atlassian.net · 012345678901',
      request: validDraftRequest(),
    });
    expect(value(await vault.load(imported.id))).toEqual(imported);

    // The same with ASCII armor (`age -a`), which the import refused as "invalid version -----BEGIN…".
    const armored = join(tempFolder(), 'from-compliance-armored.age');
    age(['-a', '-r', vault.recipient, '-o', armored, request]);
    expect(readFileSync(armored, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    expect(value(await vault.importFile(armored)).request).toEqual(validDraftRequest());
    const damaged = join(tempFolder(), 'damaged-armor.age');
    writeFileSync(damaged, readFileSync(armored, 'utf8').replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'));
    const refused = await vault.importFile(damaged);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.message).toMatch(/cannot be imported: its ASCII armor is damaged/);
  }, 30_000);
});
