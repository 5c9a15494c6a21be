/**
 * Mistakes in what is typed for a lifecycle change (npm run build first) are usage errors, exit 2, in one
 * line with the action's usage, found by the app's own rules (life.ts) BEFORE the passphrase is asked for:
 * here the passphrase piped in is wrong, so a command that got as far as unlocking would say so instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../src-main/vault/vault.js';
import {
  FAST,
  PASSPHRASE,
  newVault,
  removeTempFolders,
  validDraftRequest,
  value,
} from '../unit/main/vault/helpers.js';
import { runCmkRekey } from './run-cli.js';

const WRONG = 'not the passphrase of this vault';
let folder: string;
let open: string;
let sent: string;

beforeAll(async () => {
  const vault = await newVault();
  folder = vault.folder;
  open = value(await vault.newDraft({ request: validDraftRequest(), title: 'open' })).id;
  sent = value(await vault.newDraft({ request: validDraftRequest(), title: 'sent' })).id;
  value(await vault.markSent(sent, { ticket: 'ABC-1', at: '2026-11-30T10:00:00+00:00' }));
  await vault.close();
}, 30_000);

afterAll(removeTempFolders);

function drafts(action: string, id: string, more: readonly string[], passphrase = WRONG) {
  return runCmkRekey(
    ['drafts', action, '--vault', folder, id, ...more, '--passphrase-stdin'],
    `${passphrase}\n`,
  );
}

describe('lifecycle options checked before the passphrase', { timeout: 60_000 }, () => {
  it('refuses each mistake with exit 2, the problem and the action’s usage, and changes nothing', async () => {
    const cases = [
      [
        'mark-sent',
        open,
        ['--ticket', 'ABC-2', '--at', 'yesterday'],
        /^--at: "yesterday" is not a date and time with its UTC offset, like 2026-11-30T14:05\+01:00 or 2026-11-30\.$/,
      ],
      [
        'mark-sent',
        open,
        ['--ticket', 'ABC-2', '--at', '2099-01-01T09:00Z'],
        /^The time it was sent \(2099-01-01T09:00:00\+00:00\) is in the future\.$/,
      ],
      [
        'mark-sent',
        open,
        ['--ticket', '  '],
        /^Type the Atlassian ticket reference \(e\.g\. ABC-123456\)\.$/,
      ],
      [
        'complete',
        sent,
        ['--at', '2099-12-31'],
        /^The completion date \(2099-12-31T00:00:00[+-]\d\d:\d\d\) is in the future\.$/,
      ],
      ['complete', sent, ['--at', '2026-02-30'], /^--at: "2026-02-30" is not a date and time/],
      // Empty (a script's unset variable): it was taken as now, recording a time nobody gave.
      ['mark-sent', open, ['--ticket', 'ABC-2', '--at', ''], /^--at is empty: give the time, like /],
      ['complete', sent, ['--at', ' '], /^--at is empty: give the time, like /],
      ['complete', sent, ['--note', 'ring \u0007 the bell'], /^The note holds a control character\.$/],
      ['withdraw', sent, ['--reason', ''], /^The reason is required\.$/],
      ['withdraw', sent, ['--reason', ' \n '], /^The reason is required\.$/],
    ] as const;
    for (const [action, id, more, problem] of cases) {
      const run = await drafts(action, id, more);
      const what = `${action} ${more.join(' ')}`;
      expect(run.code, `${what}: ${run.stderr}`).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n');
      expect(lines, what).toHaveLength(3);
      expect(lines[0]?.replace(`cmk-rekey drafts ${action}: `, ''), what).toMatch(problem);
      expect(lines[1], what).toMatch(new RegExp(`^Usage: cmk-rekey drafts ${action} --vault DIR <id> `));
      expect(lines[2]).toBe('');
    }
    const vault = value(await Vault.open(folder, FAST));
    value(await vault.unlock(PASSPHRASE));
    expect(value(await vault.load(open)).state).toBe('open');
    expect(value(await vault.load(sent)).state).toBe('sent');
    await vault.close();
  });

  it('asks for the passphrase when what was typed is right (the wrong one is then refused)', async () => {
    const run = await drafts('withdraw', sent, ['--reason', 'wrong keys']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('Usage:');
    expect(run.stderr).toMatch(/passphrase/i);
  });

  it('leaves what needs the draft to after unlocking: a completion before it was sent is invalid (exit 1)', async () => {
    const run = await drafts('complete', sent, ['--at', '2026-11-29T10:00Z'], PASSPHRASE);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is before the request was sent');
    const done = await drafts('complete', sent, ['--at', '2026-11-30T12:00Z'], PASSPHRASE);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`^${sent} completed`));
  });
});
