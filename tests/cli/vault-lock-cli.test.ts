/**
 * The command line and the vault's lock between processes (docs/vault-format.md, "One change at a time"):
 * while another CMK Rekey holds the vault, a change waits, then prints why and exits 1 with nothing
 * changed; a lock left by a process that died does not block it. Needs `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  PASSPHRASE,
  newVault,
  removeTempFolders,
  tempFolder,
  validRequestFile,
} from '../unit/main/vault/helpers.js';
import { runCmkRekey } from './run-cli.js';

afterAll(removeTempFolders);

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
  expect(refused.stderr).toContain(
    `The vault is being changed by another CMK Rekey (the app, pid ${String(process.pid)} on ${hostname()}, since 2026-12-02T04:00:00.000Z). Nothing was changed here; try again in a moment.\n`,
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
