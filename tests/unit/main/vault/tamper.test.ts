/**
 * Damaged and planted files: a bit flipped anywhere in each kind of vault file gives a clear error or a
 * flag, never a crash or silent acceptance; drafts written by anyone but the vault are flagged 'untrusted'.
 */
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftDocument } from '../../../../src-shared/drafts/draft.js';
import type { DraftSummary } from '../../../../src-shared/drafts/summary.js';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  PASSPHRASE,
  filesIn,
  newVault,
  removeTempFolders,
  reopen,
  validDraftRequest,
  value,
} from './helpers.js';

afterAll(removeTempFolders);

/** Byte positions to damage: all of the first `head` bytes, then every `step`-th, then the last few. */
function positions(length: number, head: number, step: number): number[] {
  const chosen = new Set<number>();
  for (let i = 0; i < Math.min(head, length); i++) chosen.add(i);
  for (let i = head; i < length; i += step) chosen.add(i);
  for (let i = Math.max(0, length - 16); i < length; i++) chosen.add(i);
  return [...chosen];
}

function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ (1 << (at % 8));
  return copy;
}

async function encryptTo(recipient: string, text: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return encrypter.encrypt(text);
}

describe('a bit flipped in a draft file', () => {
  let vault: Vault;
  let victim: DraftDocument;
  let bystander: DraftDocument;
  let original: Buffer;

  beforeAll(async () => {
    vault = await newVault();
    victim = value(await vault.newDraft({ title: 'Victim', request: validDraftRequest() }));
    bystander = value(await vault.newDraft({ title: 'Bystander' }));
    original = readFileSync(join(vault.folder, 'drafts', `${victim.id}.age`));
  });

  it('is reported as corrupt and set aside, wherever the bit is; other drafts still load', async () => {
    const path = join(vault.folder, 'drafts', `${victim.id}.age`);
    const spots = positions(original.length, 260, 5);
    expect(spots.length).toBeGreaterThan(300);
    for (const at of spots) {
      writeFileSync(path, flipped(original, at));
      const result = await vault.load(victim.id);
      expect(result, `bit flipped at byte ${String(at)}`).toMatchObject({ ok: false, code: 'corrupt' });
      expect(filesIn(vault.folder, 'drafts')).toEqual([`${bystander.id}.age`]);
      const [quarantined] = filesIn(vault.folder, 'quarantine');
      expect(quarantined).toMatch(new RegExp(`^corrupt-\\d{8}T\\d{9}Z-${victim.id}\\.age$`));
      expect(readFileSync(join(vault.folder, 'quarantine', quarantined ?? ''))).toEqual(
        flipped(original, at),
      );
      rmSync(join(vault.folder, 'quarantine', quarantined ?? ''));
    }
    expect(value(await vault.load(bystander.id))).toEqual(bystander);
  }, 60_000);

  it('is flagged in the list (problem "corrupt") with every other draft listed normally', async () => {
    writeFileSync(join(vault.folder, 'drafts', `${victim.id}.age`), original);
    expect(value(await vault.list()).map((summary) => summary.title)).toEqual(['Bystander', 'Victim']);
    writeFileSync(join(vault.folder, 'drafts', `${victim.id}.age`), flipped(original, 500));
    const list = value(await vault.list());
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: bystander.id, title: 'Bystander' });
    expect(list[0]?.problem).toBeUndefined();
    // The title the list knew, and where the file was: which draft to restore from a backup.
    expect(list[1]).toMatchObject({ problem: 'corrupt', title: 'Victim', status: 'has-errors' });
    expect(list[1]?.detail).toMatch(/damaged/);
    expect(list[1]?.detail).toMatch(new RegExp(`\\)\\. It was drafts/${victim.id}\\.age$`));
    // listed again, and by a new run of the app, it is the same
    expect(value(await vault.list())[1]).toEqual(list[1]);
    await vault.close();
    vault = await reopen(vault);
    expect(value(await vault.list())[1]).toEqual(list[1]);
    expect(await vault.acceptFlagged(list[1]?.id ?? '')).toMatchObject({ ok: false, code: 'corrupt' });
    value(await vault.discardFlagged(list[1]?.id ?? ''));
    expect(filesIn(vault.folder, 'quarantine')).toEqual([]);
    writeFileSync(join(vault.folder, 'drafts', `${victim.id}.age`), original);
  });

  it('without the index, a damaged file set aside is known by its file name only', async () => {
    expect(value(await vault.list()).map((summary) => summary.title)).toContain('Victim');
    await vault.close();
    rmSync(join(vault.folder, 'index.age'));
    writeFileSync(join(vault.folder, 'drafts', `${victim.id}.age`), flipped(original, 500));
    vault = await reopen(vault);
    const list = value(await vault.list());
    expect(list[1]).toMatchObject({ problem: 'corrupt', title: `${victim.id}.age` });
    value(await vault.discardFlagged(list[1]?.id ?? ''));
    writeFileSync(join(vault.folder, 'drafts', `${victim.id}.age`), original);
  });

  it('a draft not written by this vault, put in place of a listed one, shows its own title', async () => {
    const path = join(vault.folder, 'drafts', `${victim.id}.age`);
    expect(value(await vault.list()).map((summary) => summary.title)).toContain('Victim');
    const planted = { ...victim, title: 'Planted' };
    writeFileSync(path, await encryptTo(vault.recipient, JSON.stringify(planted)));
    const flagged = value(await vault.list()).find((summary) => summary.problem !== undefined);
    expect(flagged).toMatchObject({ problem: 'untrusted', title: 'Planted' });
    value(await vault.discardFlagged(flagged?.id ?? ''));
    writeFileSync(path, original);
  });

  it('a file for another key in place of a listed draft is damaged, with the title the list knew', async () => {
    const path = join(vault.folder, 'drafts', `${victim.id}.age`);
    expect(value(await vault.list()).map((summary) => summary.title)).toContain('Victim');
    const stranger = await generateIdentity();
    writeFileSync(path, await encryptTo(await identityToRecipient(stranger), JSON.stringify(victim)));
    const flagged = value(await vault.list()).find((summary) => summary.problem !== undefined);
    expect(flagged).toMatchObject({ problem: 'corrupt', title: 'Victim' });
    expect(flagged?.detail).toMatch(new RegExp(`[^.]\\. It was drafts/${victim.id}\\.age$`));
    value(await vault.discardFlagged(flagged?.id ?? ''));
    writeFileSync(path, original);
  });

  it("says a draft's own id is not a set-aside file (accept or discard), and leaves the draft alone", async () => {
    const message = `${bystander.id} is a draft, not a file the vault set aside.`;
    expect(await vault.acceptFlagged(bystander.id)).toEqual({ ok: false, code: 'invalid-argument', message });
    expect(await vault.discardFlagged(bystander.id)).toEqual({
      ok: false,
      code: 'invalid-argument',
      message,
    });
    expect(await vault.acceptFlagged('x')).toMatchObject({
      message: '"x" is not the id of a set-aside file.',
    });
    expect(value(await vault.load(bystander.id))).toEqual(bystander);
  });

  it('truncated, emptied, or replaced with noise: corrupt', async () => {
    const path = join(vault.folder, 'drafts', `${victim.id}.age`);
    for (const damaged of [
      original.subarray(0, original.length - 1),
      original.subarray(0, 100),
      Buffer.alloc(0),
      Buffer.from('age-encryption.org/v1\n'),
      Buffer.alloc(3000, 7),
    ]) {
      writeFileSync(path, damaged);
      expect(await vault.load(victim.id)).toMatchObject({ ok: false, code: 'corrupt' });
    }
    for (const name of filesIn(vault.folder, 'quarantine')) rmSync(join(vault.folder, 'quarantine', name));
  });
});

describe('a bit flipped in the identity file', () => {
  it('gives a clear error (damaged identity), never a crash, and changes nothing', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Still here' }));
    await vault.close();
    const path = join(vault.folder, 'identity.age');
    const original = readFileSync(path);
    const codes = new Set<string>();
    for (const at of positions(original.length, original.length, 1)) {
      writeFileSync(path, flipped(original, at));
      const locked = value(await Vault.open(vault.folder, FAST));
      const result = await locked.unlock(PASSPHRASE);
      expect(result.ok, `bit flipped at byte ${String(at)}`).toBe(false);
      if (!result.ok) {
        codes.add(result.code);
        expect(result.message).toMatch(/identity file .* damaged or was replaced/);
      }
    }
    expect([...codes]).toEqual(['corrupt']);
    writeFileSync(path, original);
    expect(value(await (await reopen(vault)).load(draft.id))).toEqual(draft);
  }, 60_000);
});

describe('a bit flipped in the index', () => {
  it('is noticed; the list is rebuilt from the drafts and stays right', async () => {
    const vault = await newVault();
    for (let i = 0; i < 5; i++) value(await vault.newDraft({ title: `Draft ${String(i)}` }));
    const expected = value(await vault.list());
    await vault.close();
    const path = join(vault.folder, 'index.age');
    const original = readFileSync(path);
    for (const at of positions(original.length, 100, 13)) {
      writeFileSync(path, flipped(original, at));
      const again = await reopen(vault);
      const report = value(await again.verify());
      expect(report.problems, `bit flipped at byte ${String(at)}`).toEqual([
        {
          file: 'index.age',
          problem: 'corrupt',
          message: expect.stringMatching(/index is damaged/) as string,
        },
      ]);
      expect(value(await again.list())).toEqual(expected);
      await again.close(); // writes the rebuilt index now, before the next damaged copy replaces it
    }
  }, 60_000);

  it('a forged index (right key, no MAC) is ignored', async () => {
    const vault = await newVault();
    value(await vault.newDraft({ title: 'Real' }));
    // Close first: a pending index flush would otherwise overwrite the forgery with a genuine index.
    await vault.close();
    const forged: DraftSummary = {
      id: 'f'.repeat(32),
      title: 'Forged',
      status: 'ready',
      realm: 'eu',
      awsAccountId: '1',
      updatedAt: new Date().toISOString(),
      state: 'open',
      revision: 1,
      siteUrl: '',
      organizationId: '',
    };
    const body = JSON.stringify({ entries: [['drafts/' + 'f'.repeat(32) + '.age', 'x', forged]] });
    const text = `${JSON.stringify({ format: 'cmk-rekey/vault-index', version: 2, mac: 'AAAA' })}\n${body}`;
    writeFileSync(join(vault.folder, 'index.age'), await encryptTo(vault.recipient, text));
    const again = await reopen(vault);
    expect(value(await again.list()).map((summary) => summary.title)).toEqual(['Real']);
    expect(value(await again.verify()).problems[0]).toMatchObject({ file: 'index.age', message: /MAC/ });
  });

  it("a newer app's index is rebuilt from the drafts, and not called forged", async () => {
    const vault = await newVault();
    value(await vault.newDraft({ title: 'Real' }));
    await vault.close();
    const text = `${JSON.stringify({ format: 'cmk-rekey/vault-index', version: 3, mac: 'a later MAC' })}\n{}`;
    writeFileSync(join(vault.folder, 'index.age'), await encryptTo(vault.recipient, text));
    const again = await reopen(vault);
    expect(value(await again.list()).map((summary) => summary.title)).toEqual(['Real']);
    expect(value(await again.verify()).problems).toEqual([]);
  });
});

describe('a bit flipped in vault.json', () => {
  it('stops the vault from opening or unlocking, or changes nothing that matters', async () => {
    const compliance = await identityToRecipient(await generateIdentity());
    const vault = await newVault({ recipients: [compliance] });
    await vault.close();
    const path = join(vault.folder, 'vault.json');
    const original = readFileSync(path);
    let refused = 0;
    for (const at of positions(original.length, original.length, 1)) {
      writeFileSync(path, flipped(original, at));
      const opened = await Vault.open(vault.folder, FAST);
      const result = opened.ok ? await opened.value.unlock(PASSPHRASE) : opened;
      if (result.ok && opened.ok) {
        expect(opened.value.recipient).toBe(vault.recipient);
        expect(opened.value.extraRecipients).toEqual([compliance]);
      } else {
        refused++;
        expect(['corrupt', 'untrusted']).toContain(!result.ok && result.code);
      }
    }
    expect(refused).toBeGreaterThan(original.length * 0.8);
    writeFileSync(path, original);
  }, 60_000);

  it('a MAC with its base64 padding changed (`=` to `<` or any other bit) is refused', async () => {
    for (const file of ['vault.json'] as const) {
      const vault = await newVault();
      await vault.close();
      const path = join(vault.folder, file);
      const original = readFileSync(path, 'utf8');
      const mac = /"mac": "([^"]+)"/u.exec(original)?.[1] ?? '';
      expect(mac).toMatch(/=$/u);
      const padding = original.indexOf(mac) + mac.length - 1;
      for (let bit = 0; bit < 8; bit++) {
        const bytes = Buffer.from(original, 'utf8');
        bytes[padding] = (bytes[padding] ?? 0) ^ (1 << bit);
        if (bytes[padding] === '"'.charCodeAt(0) || bytes[padding] === '\\'.charCodeAt(0)) continue;
        writeFileSync(path, bytes);
        const opened = await Vault.open(vault.folder, FAST);
        const result = opened.ok ? await opened.value.unlock(PASSPHRASE) : opened;
        expect(
          result.ok,
          `bit ${String(bit)} of the padding: ${String.fromCharCode(bytes[padding] ?? 0)}`,
        ).toBe(false);
      }
    }
  });

  it('a recipient slipped into vault.json is refused at unlock', async () => {
    const vault = await newVault();
    await vault.close();
    const path = join(vault.folder, 'vault.json');
    const config = JSON.parse(readFileSync(path, 'utf8')) as { recipients: string[] };
    config.recipients.push(await identityToRecipient(await generateIdentity()));
    writeFileSync(path, JSON.stringify(config));
    const locked = value(await Vault.open(vault.folder, FAST));
    expect(await locked.unlock(PASSPHRASE)).toMatchObject({ ok: false, code: 'untrusted' });
  });
});

describe('planted drafts', () => {
  let vault: Vault;
  let genuine: DraftDocument;

  beforeAll(async () => {
    vault = await newVault();
    genuine = value(await vault.newDraft({ title: 'Genuine', request: validDraftRequest() }));
  });

  async function plant(name: string, text: string): Promise<void> {
    writeFileSync(join(vault.folder, 'drafts', name), await encryptTo(vault.recipient, text));
  }

  it('flags every kind of planted file as untrusted, never loads it, and keeps the rest', async () => {
    const forged = { ...genuine, id: 'a'.repeat(32), title: 'Planted bare draft' };
    await plant(`${forged.id}.age`, JSON.stringify(forged));
    const fakeSeal = { ...forged, id: 'b'.repeat(32), title: 'Planted with a fake seal' };
    await plant(
      `${fakeSeal.id}.age`,
      JSON.stringify({
        format: 'cmk-rekey/sealed-draft',
        version: 1,
        draft: fakeSeal,
        seal: 'hmac-sha256:' + Buffer.alloc(32).toString('base64'),
      }),
    );
    await plant(`${'c'.repeat(32)}.age`, 'not even JSON');
    copyFileSync(
      join(vault.folder, 'drafts', `${genuine.id}.age`),
      join(vault.folder, 'drafts', `${'d'.repeat(32)}.age`),
    );
    expect(await vault.load(forged.id)).toMatchObject({ ok: false, code: 'untrusted' });
    expect(await vault.load('d'.repeat(32))).toMatchObject({ ok: false, code: 'untrusted' });
    const list = value(await vault.list());
    expect(list.filter((summary) => summary.problem === undefined)).toEqual([
      expect.objectContaining({ id: genuine.id, title: 'Genuine' }),
    ]);
    const flagged = list.filter((summary) => summary.problem !== undefined);
    expect(flagged.map((summary) => summary.problem)).toEqual([
      'untrusted',
      'untrusted',
      'untrusted',
      'untrusted',
    ]);
    expect(flagged.map((summary) => summary.title).sort()).toEqual([
      'Genuine',
      'Planted bare draft',
      'Planted with a fake seal',
      `${'c'.repeat(32)}.age`,
    ]);
    expect(filesIn(vault.folder, 'drafts')).toEqual([`${genuine.id}.age`]);
    expect(readdirSync(join(vault.folder, 'quarantine'))).toHaveLength(4);
    const report = value(await vault.verify());
    expect(report.problems.map((problem) => problem.problem)).toEqual(Array(4).fill('quarantined'));
  });

  it('imports a planted draft once the user accepts it: re-sealed, trusted from then on', async () => {
    const flagged = value(await vault.list()).find((summary) => summary.title === 'Planted bare draft');
    const accepted = value(await vault.acceptFlagged(flagged?.id ?? ''));
    expect(accepted.title).toBe('Planted bare draft');
    expect(value(await (await reopen(vault)).load(accepted.id))).toEqual(accepted);
    expect(readdirSync(join(vault.folder, 'quarantine'))).toHaveLength(3);
  });

  it('verify reports planted and damaged files without moving them', async () => {
    const clean = await newVault();
    const draft = value(await clean.newDraft());
    expect(value(await clean.verify())).toEqual({ checked: 4, trusted: 1, problems: [] });
    writeFileSync(
      join(clean.folder, 'drafts', `${'e'.repeat(32)}.age`),
      await encryptTo(clean.recipient, '{}'),
    );
    const bytes = readFileSync(join(clean.folder, 'drafts', `${draft.id}.age`));
    writeFileSync(join(clean.folder, 'drafts', `${draft.id}.age`), bytes.subarray(0, bytes.length - 5));
    const report = value(await clean.verify());
    // Reported in file-name order; the draft's id is random, so compare as a set.
    const problems = report.problems.map(({ file, problem }) => ({ file, problem }));
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: `drafts/${draft.id}.age`, problem: 'corrupt' },
        { file: `drafts/${'e'.repeat(32)}.age`, problem: 'untrusted' },
      ]),
    );
    expect(filesIn(clean.folder, 'drafts')).toHaveLength(2);
  });

  it('a draft planted in the trash is set aside too, not restorable', async () => {
    const other = await newVault();
    const id = 'f'.repeat(32);
    writeFileSync(
      join(other.folder, 'trash', `${id}.age`),
      await encryptTo(other.recipient, JSON.stringify({ ...genuine, id })),
    );
    expect(value(await other.listTrash())).toEqual([]);
    expect(value(await other.list())).toMatchObject([{ problem: 'untrusted' }]);
  });
});
