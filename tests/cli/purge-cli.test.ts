/**
 * `cmk-rekey drafts purge` through the built launcher (npm run build first): what it deletes from the
 * trash, what it prints, and its refusals (exit 2 for usage, 1... never a stack trace).
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../src-main/vault/vault.js';
import { validDraftRequest } from '../unit/main/vault/helpers.js';
import { runCmkRekey, type CliRun } from './run-cli.js';

const PASSPHRASE = 'maple orbit tunnel fiddle';
const DAY = 24 * 60 * 60 * 1000;
let folder: string;
let vault: string;
const ids: Record<'old' | 'sent' | 'recent' | 'open', string> = { old: '', sent: '', recent: '', open: '' };

async function cli(args: readonly string[], stdin = `${PASSPHRASE}\n`): Promise<CliRun> {
  const run = await runCmkRekey(args, stdin);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).not.toMatch(/\n\s+at /);
  return run;
}

function trash(): string[] {
  return readdirSync(join(vault, 'trash'))
    .map((name) => name.slice(0, -'.age'.length))
    .sort();
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-purge-cli-'));
  vault = join(folder, 'vault');
  const init = await cli(['vault', 'init', '--vault', vault, '--passphrase-stdin']);
  expect(init.code, init.stderr).toBe(0);
  const opened = await Vault.open(vault);
  if (!opened.ok) throw new Error(opened.message);
  const unlocked = await opened.value.unlock(PASSPHRASE);
  if (!unlocked.ok) throw new Error(unlocked.message);
  for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
    const draft = await opened.value.newDraft({ title: `Draft ${key}`, request: validDraftRequest() });
    if (!draft.ok) throw new Error(draft.message);
    ids[key] = draft.value.id;
  }
  await opened.value.markSent(ids.sent, { ticket: 'ABC-123456' });
  for (const key of ['old', 'sent', 'recent'] as const) await opened.value.delete(ids[key]);
  await opened.value.close();
  const back = new Date(Date.now() - 40 * DAY);
  utimesSync(join(vault, 'trash', `${ids.old}.age`), back, back);
  utimesSync(join(vault, 'trash', `${ids.sent}.age`), back, back);
}, 60_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('cmk-rekey drafts purge', () => {
  it('refuses bad arguments before asking for the passphrase (exit 2), changing nothing', async () => {
    const before = trash();
    const cases: [string[], RegExp][] = [
      [[], /name the drafts to delete for good/],
      [['--all', ids.old], /give draft ids or --all, not both/],
      [['--older-than=-3'], /--older-than must be a whole number from 1 to 3650, not "-3"/],
      [['--older-than', 'NaN'], /--older-than must be a whole number from 1 to 3650, not "NaN"/],
      [['--older-than', '0'], /--older-than must be a whole number from 1 to 3650, not "0"/],
      [['not-an-id'], /"not-an-id" is not a draft id/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(['drafts', 'purge', '--vault', vault, '--passphrase-stdin', ...args], '');
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const misplaced = await cli(['drafts', 'list', '--vault', vault, '--all', '--passphrase-stdin']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/^cmk-rekey drafts list: --all goes with "drafts purge" only$/m);
    expect(trash()).toEqual(before);
  }, 120_000); // seven runs of the CLI

  it('an id that is not in the trash: exit 2, nothing deleted', async () => {
    const before = trash();
    const run = await cli(['drafts', 'purge', '--vault', vault, '--passphrase-stdin', ids.old, ids.open]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${ids.open} is not in the trash; nothing was deleted.`);
    expect(trash()).toEqual(before);
  }, 30_000);

  it('--older-than deletes what was deleted before then, sent requests included, and prints each', async () => {
    const run = await cli(['drafts', 'purge', '--vault', vault, '--older-than', '30', '--passphrase-stdin']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Deleted ${ids.old} “Draft old”, in the trash since `);
    expect(run.stdout).toMatch(
      new RegExp(`Deleted ${ids.sent} “Draft sent”, .*\\(sent request: its record is gone too\\)`),
    );
    expect(run.stdout).toContain('Deleted 2 drafts for good.');
    expect(trash()).toEqual([ids.recent]);
    const again = await cli([
      'drafts',
      'purge',
      '--vault',
      vault,
      '--older-than',
      '30',
      '--passphrase-stdin',
    ]);
    expect(again.stdout).toContain('Nothing was deleted: no draft in the trash matches.');
  }, 30_000);

  it('--all empties the trash; the drafts list is untouched', async () => {
    const run = await cli(['drafts', 'purge', '--vault', vault, '--all', '--passphrase-stdin']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Deleted ${ids.recent} “Draft recent”`);
    expect(run.stdout).toContain('Deleted 1 draft for good.');
    expect(trash()).toEqual([]);
    expect(readdirSync(join(vault, 'drafts'))).toEqual([`${ids.open}.age`]);
  }, 30_000);

  it('a wrong passphrase deletes nothing (exit 2)', async () => {
    const run = await cli(['drafts', 'purge', '--vault', vault, '--all', '--passphrase-stdin'], 'wrong\n');
    expect(run.code).toBe(2);
  }, 30_000);
});
