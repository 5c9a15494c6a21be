/**
 * `drafts mark-sent --checklist-confirmed` (npm run build first): the command line has no Start step to tick
 * the "Before you start" checklist on, so under the policy's markSentRequiresReady it could never mark a
 * request as sent. The option prints the checklist's points in the app's words (stderr), and the draft is
 * sent with them ticked, the history saying so; without it the refusal names the option.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKLIST_ITEMS } from '../../src-shared/drafts/checklist.js';
import { CHECKLIST_IDS } from '../../src-shared/drafts/draft.js';
import { SEND_WARNING_TEXT } from '../../src-shared/drafts/life.js';
import { Vault } from '../../src-main/vault/vault.js';
import { NO_POLICY, policyText } from '../fixtures/policies.js';
import {
  FAST,
  PASSPHRASE,
  newVault,
  removeTempFolders,
  tempFolder,
  validDraftRequest,
  value,
} from '../unit/main/vault/helpers.js';
import { runCmkRekey } from './run-cli.js';

let folder: string;
let strict: string;
let none: string;

async function draft(options: { ticked?: boolean; valid?: boolean } = {}): Promise<string> {
  const vault = value(await Vault.open(folder, FAST));
  value(await vault.unlock(PASSPHRASE));
  const request = { ...validDraftRequest(), ...(options.valid === false && { awsAccountId: '12345' }) };
  const created = value(await vault.newDraft({ request }));
  if (options.ticked === true) value(await vault.save({ ...created, checklist: [...CHECKLIST_IDS] }));
  await vault.close();
  return created.id;
}

async function stored(id: string) {
  const vault = value(await Vault.open(folder, FAST));
  value(await vault.unlock(PASSPHRASE));
  const loaded = value(await vault.load(id));
  await vault.close();
  return loaded;
}

function markSent(id: string, policy: string, ...more: string[]) {
  return runCmkRekey(
    [
      'drafts',
      'mark-sent',
      '--vault',
      folder,
      id,
      '--ticket',
      'ABC-7',
      '--system-policy',
      policy,
      '--portable-policy',
      none,
      ...more,
      '--passphrase-stdin',
    ],
    `${PASSPHRASE}\n`,
  );
}

beforeAll(async () => {
  const vault = await newVault();
  folder = vault.folder;
  await vault.close();
  const policies = tempFolder('cmk-policies-');
  strict = join(policies, 'strict.json');
  await writeFile(strict, policyText({ markSentRequiresReady: { value: true, locked: true } }));
  none = join(policies, 'no-policy.json');
  await writeFile(none, NO_POLICY);
}, 30_000);

afterAll(removeTempFolders);

describe('drafts mark-sent --checklist-confirmed', { timeout: 60_000 }, () => {
  it('under markSentRequiresReady, without it, refuses naming the option, and writes nothing', async () => {
    const id = await draft();
    const run = await markSent(id, strict);
    expect(run.code).toBe(1); // the request is not ready: a refusal of its state, not a usage error
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(SEND_WARNING_TEXT['checklist-unticked']);
    expect(run.stderr).toContain('Pass --checklist-confirmed to confirm its points here');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const kept = await stored(id);
    expect(kept.state).toBe('open');
    expect(kept.checklist).toEqual([]);
  });

  it('with it, prints the points in the app’s words and sends with them ticked; the history says so', async () => {
    const id = await draft();
    const run = await markSent(id, strict, '--checklist-confirmed');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${id} sent ticket ABC-7\n`);
    expect(run.stderr).toBe(
      [
        'By --checklist-confirmed you confirm the "Before you start" checklist, as ticking it in the app does:',
        ...CHECKLIST_IDS.map((item) => `  - ${CHECKLIST_ITEMS[item].text}`),
        '',
      ].join('\n'),
    );
    const sent = await stored(id);
    expect(sent.state).toBe('sent');
    expect(sent.checklist).toEqual([...CHECKLIST_IDS]);
    expect(sent.sent?.warnings).toEqual([]);
    expect(sent.history.at(-1)).toMatchObject({ event: 'sent', detail: 'ABC-7', fields: ['checklist'] });
  });

  it('still refuses a request with errors, and then does not point at the option (exit 1)', async () => {
    const id = await draft({ ticked: true, valid: false });
    const run = await markSent(id, strict, '--checklist-confirmed');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(SEND_WARNING_TEXT['has-errors']);
    const without = await markSent(id, strict);
    expect(without.stderr).toContain(SEND_WARNING_TEXT['has-errors']);
    expect(without.stderr).not.toContain('--checklist-confirmed');
    expect((await stored(id)).state).toBe('open');
  });

  it('given the option, does not tell to pass it when the request itself is not ready', async () => {
    const id = await draft({ ticked: false, valid: false });
    const run = await markSent(id, strict, '--checklist-confirmed');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(SEND_WARNING_TEXT['has-errors']);
    expect(run.stderr).not.toContain('Pass --checklist-confirmed');
    expect((await stored(id)).state).toBe('open');
  });

  it('without the policy: with it, no "checklist not ticked" warning; without it, the warning is recorded', async () => {
    const confirmed = await markSent(await draft(), none, '--checklist-confirmed');
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).not.toContain('warning');
    const plain = await markSent(await draft(), none);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`warning: sent although ${SEND_WARNING_TEXT['checklist-unticked']}`);
    expect(plain.stderr).toBe('');
  });

  it('an already ticked checklist is not confirmed again: the history names no field', async () => {
    const id = await draft({ ticked: true });
    const run = await markSent(id, strict, '--checklist-confirmed');
    expect(run.code, run.stderr).toBe(0);
    expect((await stored(id)).history.at(-1)).not.toHaveProperty('fields');
  });

  it('goes with mark-sent only (exit 2)', async () => {
    const run = await runCmkRekey(
      ['drafts', 'list', '--vault', folder, '--checklist-confirmed', '--passphrase-stdin'],
      `${PASSPHRASE}\n`,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--checklist-confirmed goes with "drafts mark-sent" only');
  });
});

describe('drafts revise', { timeout: 60_000 }, () => {
  it('refuses a second New revision of one request as a state refusal (exit 1), writing nothing', async () => {
    const id = await draft();
    expect((await markSent(id, none)).code).toBe(0);
    const revise = () =>
      runCmkRekey(
        [
          'drafts',
          'revise',
          '--vault',
          folder,
          id,
          '--system-policy',
          none,
          '--portable-policy',
          none,
          '--passphrase-stdin',
        ],
        `${PASSPHRASE}\n`,
      );
    const first = await revise();
    expect(first.code, first.stderr).toBe(0);
    const second = await revise();
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('This request already has a New revision');
    expect(second.stdout).toBe('');
  });
});
