/** `cmk-rekey vault doctor` (issue 12's recovery): says what it finds and repairs it without losing a draft. */
import { readFileSync, readdirSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/main.js';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  PASSPHRASE,
  filesIn,
  newVault,
  removeTempFolders,
  reopen,
  tempFolder,
  validDraftRequest,
  value,
} from './helpers.js';

afterAll(removeTempFolders);

async function doctor(folder: string, ...more: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(['vault', 'doctor', '--vault', folder, '--passphrase-stdin', ...more], {
    stdout: (text) => (out += text),
    stderr: (text) => (out += text),
    stdin: Readable.from([`${PASSPHRASE}\n`]),
    stdinIsTTY: false,
  });
  return { code, out };
}

async function vaultWithDrafts() {
  const vault = await newVault({ recipients: [await identityToRecipient(await generateIdentity())] });
  const kept = value(await vault.newDraft({ title: 'Kept', request: validDraftRequest() }));
  const trashed = value(await vault.newDraft({ title: 'Trashed' }));
  value(await vault.delete(trashed.id));
  await vault.close();
  return { vault, kept, trashed };
}

describe('vault doctor', () => {
  it('finds nothing in a healthy vault but the trash', async () => {
    const { vault } = await vaultWithDrafts();
    const run = await doctor(vault.folder);
    expect(run.out).toMatch(/trash\/ holds 1 deleted draft/);
    expect(run.out).not.toMatch(/\[repair/);
  });

  it('rebuilds a missing vault.json from the identity: every draft opens again', async () => {
    const { vault, kept, trashed } = await vaultWithDrafts();
    unlinkSync(join(vault.folder, 'vault.json'));
    const look = await doctor(vault.folder);
    expect(look.code).toBe(1);
    expect(look.out).toMatch(/vault\.json is missing, but the identity is there.*\[repair: rebuild-config\]/);
    const fixed = await doctor(vault.folder, '--repair');
    expect(fixed.out).toMatch(/Repaired vault\.json: rebuilt/);
    expect(fixed.code).toBe(0);
    const again = await reopen(vault);
    expect(value(await again.load(kept.id)).title).toBe('Kept');
    expect(value(await again.listTrash()).map((entry) => entry.id)).toEqual([trashed.id]);
    expect(again.extraRecipients).toEqual([]);
  }, 60_000); // the rebuilt identity uses the production work factor

  it('finds an older vault.json and replaces it (moved aside); the older one is refused from then on', async () => {
    const { vault, kept } = await vaultWithDrafts();
    const old = readFileSync(join(vault.folder, 'vault.json'));
    const current = await reopen(vault);
    value(await current.setRecipients(PASSPHRASE, []));
    await current.close();
    writeFileSync(join(vault.folder, 'vault.json'), old);
    const look = await doctor(vault.folder);
    expect(look.out).toMatch(/older than the vault's identity.*\[repair: rebuild-config\]/);
    expect((await doctor(vault.folder, '--repair')).code).toBe(0);
    expect(readdirSync(vault.folder).filter((name) => name.startsWith('vault.json.set-aside-'))).toHaveLength(
      1,
    );
    const again = await reopen(vault);
    expect(again.extraRecipients).toEqual([]);
    expect(value(await again.load(kept.id)).id).toBe(kept.id);
    await again.close();
    writeFileSync(join(vault.folder, 'vault.json'), old);
    const refused = value(await Vault.open(vault.folder, FAST));
    expect(await refused.unlock(PASSPHRASE)).toMatchObject({ ok: false, code: 'untrusted' });
  }, 60_000);

  it('moves a link that stands for drafts/ aside and makes a real folder; the linked folder is untouched', async () => {
    const { vault } = await vaultWithDrafts();
    const outside = tempFolder('cmk-outside-');
    writeFileSync(join(outside, 'unrelated.age'), 'x');
    renameSync(join(vault.folder, 'drafts'), join(outside, 'drafts-real'));
    symlinkSync(outside, join(vault.folder, 'drafts'));
    const look = await doctor(vault.folder);
    expect(look.out).toMatch(/drafts\/ is a link, not a folder.*\[repair: move-aside\]/);
    expect((await doctor(vault.folder, '--repair')).code).toBe(0);
    expect(filesIn(outside, '.')).toEqual(['drafts-real', 'unrelated.age']);
    value(await Vault.open(vault.folder, FAST));
  });
});
