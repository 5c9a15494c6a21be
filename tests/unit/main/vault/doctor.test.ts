/** `cmk-rekey vault doctor` (issue 12's recovery): says what it finds and repairs it without losing a draft. */
import {
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
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
  snapshot,
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

  it('takes a vault.json saved with a byte order mark (Notepad) as it is: nothing to rebuild, the vault opens', async () => {
    const { vault, kept } = await vaultWithDrafts();
    const config = join(vault.folder, 'vault.json');
    writeFileSync(config, Buffer.concat([Buffer.from('\uFEFF'), readFileSync(config)]));
    const look = await doctor(vault.folder);
    expect(look.out).not.toMatch(/vault\.json|\[repair/);
    expect(look.code).toBe(0);
    const again = await reopen(vault);
    expect(again.extraRecipients).toHaveLength(1);
    expect(value(await again.load(kept.id)).title).toBe('Kept');
    await again.close();
  });

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

  it('exits 1 with --repair while a finding without a repair remains (wrong passphrase, no folder)', async () => {
    const { vault } = await vaultWithDrafts();
    let out = '';
    const wrong = await runCli(
      ['vault', 'doctor', '--vault', vault.folder, '--passphrase-stdin', '--repair'],
      {
        stdout: (text) => (out += text),
        stderr: (text) => (out += text),
        stdin: Readable.from(['not the passphrase of this vault\n']),
        stdinIsTTY: false,
      },
    );
    expect(out).toMatch(/identity\.age does not open with this passphrase/);
    expect(out).toMatch(/1 finding\(s\) remain/);
    expect(wrong).toBe(1);
    const missing = join(tempFolder('cmk-doctor-'), 'no-such-vault');
    const none = await doctor(missing, '--repair');
    expect(none.out).toMatch(
      /^(?:\(Without the passphrase.*\n)? {2}\S+ does not exist\.\n1 finding\(s\) remain; none has an automatic repair\.\n$/,
    );
    expect(none.out.split(missing)).toHaveLength(2);
    expect(none.code).toBe(1);
  });

  it('says a folder without vault.json, identity or drafts holds no vault (exit 1), and --repair writes nothing there', async () => {
    const folder = tempFolder('cmk-doctor-');
    writeFileSync(join(folder, 'notes.txt'), 'not a vault\n');
    const look = await doctor(folder);
    expect(look.out).toMatch(/ holds no vault \(no vault\.json, no identity\.age, no drafts\)/);
    expect(look.out).not.toMatch(/nothing to repair|\[repair/);
    expect(look.code).toBe(1);
    const repaired = await doctor(folder, '--repair');
    expect(repaired.out).not.toMatch(/Repaired/);
    expect(repaired.code).toBe(1);
    expect(readdirSync(folder)).toEqual(['notes.txt']);
  });

  it('says only the trash is there for a healthy vault, and exits 0 with or without --repair', async () => {
    const { vault } = await vaultWithDrafts();
    const look = await doctor(vault.folder);
    expect(look.out).toMatch(/trash\/ holds 1 deleted draft/);
    expect(look.code).toBe(0);
    expect((await doctor(vault.folder, '--repair')).code).toBe(0);
  });

  it('takes no lock file for a finding: a live or left-over vault.lock is not reported, moved or quarantined', async () => {
    const { vault } = await vaultWithDrafts();
    // A live holder (this process) and the file a takeover renames a stale lock to before removing it.
    const live = JSON.stringify({ pid: process.pid, host: hostname(), since: 'x', program: 'cli' });
    writeFileSync(join(vault.folder, 'vault.lock'), live);
    writeFileSync(join(vault.folder, '.vault.lock.0123456789ab.tmp'), '{"pid":1}');
    const before = snapshot(vault.folder);
    const look = await doctor(vault.folder);
    expect(look.code).toBe(0);
    expect(look.out).not.toMatch(/lock/u);
    expect((await doctor(vault.folder, '--repair')).out).not.toMatch(/lock/u);
    const again = await reopen(vault);
    expect(value(await again.list()).map((row) => [row.title, row.problem])).toEqual([['Kept', undefined]]);
    expect(value(await again.verify()).problems).toEqual([]);
    await again.close();
    expect(snapshot(vault.folder)).toMatchObject(before);
    expect(filesIn(vault.folder, 'quarantine')).toEqual([]);
  });

  it('repairs under the lock: while another process holds the vault, --repair says so, exits 1 and changes nothing', async () => {
    const { vault } = await vaultWithDrafts();
    rmdirSync(join(vault.folder, 'quarantine'));
    const holder = { pid: process.pid, host: hostname(), since: '2026-12-02T04:00:00.000Z', program: 'app' };
    writeFileSync(join(vault.folder, 'vault.lock'), JSON.stringify(holder));
    const refused = await doctor(vault.folder, '--repair');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(
      `The vault is being changed by another CMK Rekey (the app, pid ${String(process.pid)} on ${hostname()}, since 2026-12-02T04:00:00.000Z).`,
    );
    expect(existsSync(join(vault.folder, 'quarantine'))).toBe(false);
    unlinkSync(join(vault.folder, 'vault.lock'));
    expect((await doctor(vault.folder, '--repair')).code).toBe(0);
    expect(existsSync(join(vault.folder, 'quarantine'))).toBe(true);
    expect(existsSync(join(vault.folder, 'vault.lock'))).toBe(false);
  }, 30_000);

  it('says what is wrong with a damaged vault.json, and which extra recipients a rebuild would leave to add again', async () => {
    const { vault } = await vaultWithDrafts();
    const path = join(vault.folder, 'vault.json');
    const stored = JSON.parse(readFileSync(path, 'utf8')) as { recipients: string[] };
    writeFileSync(path, JSON.stringify({ ...stored, extra: 1 }));
    const look = await doctor(vault.folder);
    expect(look.code).toBe(1);
    expect(look.out).toContain(
      `vault.json is damaged: it is not a valid vault settings file (Unrecognized key: "extra"). Rebuild it from the identity (it is kept aside; extra recipients must then be added again, in the app's Settings ("Who can read the drafts") or with "cmk-rekey vault recipients": it names ${stored.recipients.join(', ')}).  [repair: rebuild-config]`,
    );
  });

  it('leaves the vault.json of a newer app alone: no repair is offered or applied', async () => {
    const { vault } = await vaultWithDrafts();
    const path = join(vault.folder, 'vault.json');
    const newer = JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), version: 9, added: 'x' });
    writeFileSync(path, newer);
    const look = await doctor(vault.folder);
    expect(look.out).toMatch(/^ {2}vault\.json was written by a newer version of CMK Rekey/m);
    expect(look.out).not.toMatch(/Rebuild it|\[repair/);
    expect(look.code).toBe(1);
    expect((await doctor(vault.folder, '--repair')).code).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe(newer);
    expect(readdirSync(vault.folder).filter((name) => name.includes('set-aside'))).toEqual([]);
  });
});
