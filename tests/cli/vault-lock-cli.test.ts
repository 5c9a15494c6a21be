/**
 * The command line and the vault's lock between processes (docs/vault-format.md, "One change at a time"):
 * while another CMK Rekey holds the vault, a change waits, then prints why and exits 1 with nothing
 * changed; a lock left by a process that died does not block it; a run stopped by Ctrl-C gives its lock back.
 * Needs `npm run build`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  PASSPHRASE,
  newVault,
  removeTempFolders,
  tempFolder,
  validDraftRequest,
  validRequestFile,
  value,
} from '../unit/main/vault/helpers.js';
import { COMPLIANCE_RECIPIENT, NO_POLICY, policyText } from '../fixtures/policies.js';
import { ROOT, runCmkRekey } from './run-cli.js';

afterAll(removeTempFolders);

/** The launcher running `args` with the passphrase on stdin, to be stopped midway: its stderr so far, and its end. */
function running(args: readonly string[]) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/cmk-rekey.js'), ...args], { cwd: ROOT });
  let text = '';
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stdin.end(`${PASSPHRASE}\n`);
  const ended = new Promise<[number | null, string | null]>((resolve) => {
    child.on('close', (code, signal) => {
      resolve([code, signal]);
    });
  });
  return { child, stderr: () => text, ended };
}

it('a held vault: "drafts import" prints who holds it and exits 1; once it is free, the import works', async () => {
  const vault = await newVault();
  await vault.close();
  const request = join(tempFolder(), 'request.json');
  writeFileSync(request, JSON.stringify(validRequestFile('eu')));
  const lock = join(vault.folder, 'vault.lock');
  // This test's process is alive on this machine: a holder that does not let go (the app, say).
  const holder = { pid: process.pid, host: hostname(), since: '2026-12-02T04:00:00.000Z', program: 'app' };
  writeFileSync(lock, JSON.stringify(holder));
  const args = ['drafts', 'import', '--vault', vault.folder, request, '--passphrase-stdin'];
  const refused = await runCmkRekey(args, `${PASSPHRASE}\n`);
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('');
  // named by the vault's folder: the request file is not what is busy
  expect(refused.stderr).toContain(
    `cmk-rekey: ${vault.folder}: The vault is being changed by another CMK Rekey (the app, pid ${String(process.pid)} on ${hostname()}, since 2026-12-02T04:00:00.000Z). Nothing was changed here; try again in a moment.\n`,
  );
  expect(refused.stderr).not.toMatch(/\n\s+at /u);
  expect(readdirSync(join(vault.folder, 'drafts'))).toEqual([]);
  expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual(holder);

  // The holder died without removing its lock: the next run takes it over at once.
  const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  writeFileSync(lock, JSON.stringify({ ...holder, pid: Number(ended.stdout) }));
  const imported = await runCmkRekey(args, `${PASSPHRASE}\n`);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toMatch(/^[0-9a-f]{32}\n$/u);
  expect(readdirSync(join(vault.folder, 'drafts'))).toEqual([`${imported.stdout.trim()}.age`]);
  expect(existsSync(lock)).toBe(false);
}, 30_000);

it('Ctrl-C in the middle of a change: exit 130 and the lock given back at once; the next run goes on', async () => {
  const vault = await newVault();
  for (let n = 0; n < 300; n++)
    value(await vault.newDraft({ title: `Draft ${String(n)}`, request: validDraftRequest() }));
  await vault.close();
  // A compliance recipient the policy enforces: every draft is re-encrypted, which takes a while.
  const policy = join(tempFolder(), 'policy.json');
  writeFileSync(
    policy,
    policyText({ complianceRecipients: { value: [COMPLIANCE_RECIPIENT], locked: true } }),
  );
  const args = ['drafts', 'reencrypt', '--vault', vault.folder, '--passphrase-stdin'];
  const policies = ['--system-policy', policy, '--portable-policy', policy];
  const lock = join(vault.folder, 'vault.lock');
  const { child, stderr, ended } = running([...args, ...policies]);
  // Interrupted once the re-encryption writes in drafts/ (unlocking, before it, holds the lock too)
  const drafts = join(vault.folder, 'drafts');
  const before = statSync(drafts).mtimeMs;
  let seen = false;
  while (!seen && child.exitCode === null) {
    seen = statSync(drafts).mtimeMs !== before && existsSync(lock);
    if (!seen) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(seen, `the re-encryption was never seen under way: it ended first`).toBe(true);
  child.kill('SIGINT');
  expect(await ended).toEqual([130, null]);
  expect(stderr()).toMatch(
    /\ncmk-rekey: stopped \(SIGINT\); the vault folder's lock was given back, so the next command can go on\.\n$/u,
  );
  expect(existsSync(lock)).toBe(false);
  // What it did stays; a new run finishes the rest, and the vault verifies.
  const again = await runCmkRekey([...args, ...policies], `${PASSPHRASE}\n`);
  expect(again.code, again.stderr).toBe(0);
  // stopped before the end: this run had drafts left to do (a temp file of the stopped one is no draft)
  const [, done, already] =
    /^Re-encrypted (\d+) drafts? to the current recipients; (\d+) already were\.\n/u.exec(again.stdout) ?? [];
  expect(Number(done) + Number(already)).toBe(300);
  expect(Number(done)).toBeGreaterThan(0);
  const verified = await runCmkRekey(
    ['drafts', 'verify', '--vault', vault.folder, '--passphrase-stdin', ...policies],
    `${PASSPHRASE}\n`,
  );
  expect(verified.code, verified.stdout).toBe(0);
}, 60_000);

it('Ctrl-C while a pack is sealed: exit 130, and nothing of the pack is left in the archive', async () => {
  const vault = await newVault();
  const draft = value(await vault.newDraft({ title: 'To seal', request: validDraftRequest() }));
  await vault.close();
  const archive = tempFolder();
  const none = join(tempFolder(), 'no-policy.json');
  writeFileSync(none, NO_POLICY);
  const args = ['archive', 'seal', draft.id, '--vault', vault.folder, '--to', archive, '--passphrase-stdin'];
  const { child, stderr, ended } = running([...args, '--system-policy', none, '--portable-policy', none]);
  // Interrupted once the pack's temporary folder is in the archive (its PDF takes a while to write).
  let seen = false;
  while (!seen && child.exitCode === null) {
    seen = readdirSync(archive).some((name) => name.startsWith('.sealing-'));
    if (!seen) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect(seen, 'the seal was never seen under way: it ended first').toBe(true);
  child.kill('SIGINT');
  expect(await ended).toEqual([130, null]);
  expect(stderr()).toMatch(
    /\ncmk-rekey: stopped \(SIGINT\)(; [^;]+)?; the pack being sealed was not written \(nothing of it is left in the archive\)\.\n$/u,
  );
  // An archive that verifies as it did before: empty, no half-written folder reported.
  expect(readdirSync(archive)).toEqual([]);
  const verified = await runCmkRekey(['archive', 'verify', archive]);
  expect(verified.stderr).toBe(`cmk-rekey: no evidence pack in ${archive}\n`);
}, 60_000);
