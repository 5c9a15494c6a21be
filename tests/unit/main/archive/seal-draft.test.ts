/** Sealing real vault drafts: what was sent, the lifecycle and history, the vault's key, superseding. */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PackRecordSchema } from '../../../../src-shared/archive/pack-schema.js';
import { sealDraft } from '../../../../src-main/archive/seal-draft.js';
import { parseAllowedSigners } from '../../../../src-main/archive/sshsig.js';
import { verifyPack } from '../../../../src-main/archive/verify-pack.js';
import { tempArchive } from '../../../fixtures/packs.js';
import { newVault, removeTempFolders, validDraftRequest, value } from '../vault/helpers.js';

afterAll(removeTempFolders);

describe('sealing a vault draft', () => {
  it('seals what was sent, signed with the vault key, and a new revision supersedes it', async () => {
    const vault = await newVault();
    const archive = await tempArchive();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    const sent = value(await vault.markSent(draft.id, { ticket: 'ABC-123456', name: 'Zoë Müller' }));
    const first = value(await sealDraft(vault, draft.id, archive));
    expect(first.name).toMatch(/^\d{4}-\d{2}-\d{2}_012345678901_ABC-123456_[0-9a-f]{8}$/);

    const signers = parseAllowedSigners(`vault ${vault.signingPublicKey ?? ''}\n`);
    expect(await verifyPack(first.path, { allowedSigners: signers })).toMatchObject({
      verdict: 'valid',
      signer: 'vault',
    });
    expect(await readFile(join(first.path, 'data/request.json'), 'utf8')).toBe(sent.sent?.requestJson);
    expect(await readFile(join(first.path, 'data/ticket.txt'), 'utf8')).toBe(sent.sent?.ticketText);
    const record = PackRecordSchema.parse(
      JSON.parse(await readFile(join(first.path, 'data/record.json'), 'utf8')),
    );
    expect(record).toMatchObject({ status: 'sent', ticketRef: 'ABC-123456', revision: 1, draftId: draft.id });
    expect(record.sentBy).toContain('Zoë Müller');
    expect(record.history.map((entry) => entry.event)).toEqual(sent.history.map((entry) => entry.event));
    expect(record.supersedes).toBeUndefined();

    const revision = value(await vault.revise(draft.id));
    value(await vault.markSent(revision.id, { ticket: 'ABC-123999' }));
    const second = value(await sealDraft(vault, revision.id, archive));
    const secondRecord = PackRecordSchema.parse(
      JSON.parse(await readFile(join(second.path, 'data/record.json'), 'utf8')),
    );
    expect(secondRecord).toMatchObject({ revision: 2, supersedes: first.name });
    expect(await readFile(join(second.path, 'bag-info.txt'), 'utf8')).toContain(
      `CMK-Rekey-Supersedes: ${first.name}`,
    );
    expect(await verifyPack(second.path, { allowedSigners: signers })).toMatchObject({ verdict: 'valid' });
    await vault.close();
  }, 60_000);

  it("supersedes the newest pack this vault sealed of the request: past an unsealed revision, never a folder's claim", async () => {
    const vault = await newVault();
    const archive = await tempArchive();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    value(await vault.markSent(draft.id, { ticket: 'ABC-1' }));
    const first = value(await sealDraft(vault, draft.id, archive));
    // Revision 2 is sent and never sealed; revision 3 is made from it.
    const second = value(await vault.revise(draft.id));
    value(await vault.markSent(second.id, { ticket: 'ABC-2' }));
    const third = value(await vault.revise(second.id));
    // Someone put a folder in the archive that claims to be a later pack of revision 3's request.
    const planted = join(archive, '2099-01-01_012345678901_FAKE_00000000');
    await mkdir(planted);
    await writeFile(
      join(planted, 'bag-info.txt'),
      `CMK-Rekey-Draft-Id: ${second.id}\nCMK-Rekey-Sealed-At: 2099-01-01T00:00:00.000Z\n`,
    );
    const pack = value(await sealDraft(vault, third.id, archive));
    const record = PackRecordSchema.parse(
      JSON.parse(await readFile(join(pack.path, 'data/record.json'), 'utf8')),
    );
    expect(record).toMatchObject({ revision: 3, supersedes: first.name });
    await vault.close();
  }, 60_000);

  it('a request at the limits the vault accepts seals into a pack that verifies', async () => {
    const vault = await newVault();
    const archive = await tempArchive();
    const signers = parseAllowedSigners(`vault ${vault.signingPublicKey ?? ''}\n`);
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'T'.repeat(200) }));
    // the longest sender name and withdrawal reason the vault keeps: record.json holds "name (user)"
    // and "time: reason", both longer than either part alone
    // (limits count characters: an emoji is one, though two UTF-16 units)
    value(await vault.markSent(draft.id, { ticket: '\u{1F600}'.repeat(200), name: 'Zoë '.repeat(50) }));
    value(await vault.withdraw(draft.id, { reason: '\u{1F600}'.repeat(4000) }));
    const pack = value(await sealDraft(vault, draft.id, archive));
    expect(await verifyPack(pack.path, { allowedSigners: signers })).toMatchObject({ verdict: 'valid' });
    await vault.close();
  }, 60_000);

  it('the pack verifies with ssh-keygen against the key `vault info` prints', async () => {
    const vault = await newVault();
    const archive = await tempArchive();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    value(await vault.markSent(draft.id, { ticket: 'ABC-1' }));
    const pack = value(await sealDraft(vault, draft.id, archive));
    const allowed = join(archive, '..', `${pack.name}.allowed_signers`);
    await writeFile(allowed, `compliance@acme.example ${vault.signingPublicKey ?? ''}\n`);
    const out = execFileSync(
      'ssh-keygen',
      [
        '-Y',
        'verify',
        '-f',
        allowed,
        '-I',
        'compliance@acme.example',
        '-n',
        'cmk-rekey-archive',
        '-s',
        join(pack.path, 'tagmanifest-sha256.txt.sig'),
      ],
      { input: await readFile(join(pack.path, 'tagmanifest-sha256.txt')), encoding: 'utf8' },
    );
    expect(out).toContain('Good "cmk-rekey-archive" signature');
    await vault.close();
  }, 60_000);

  it('refuses a locked vault, an unknown draft, a missing archive folder and the vault folder, leaving nothing behind', async () => {
    const vault = await newVault();
    const archive = await tempArchive();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'x' }));
    expect(await sealDraft(vault, '0123456789abcdef0123456789abcdef', archive)).toMatchObject({
      ok: false,
      code: 'not-found',
    });
    expect(await sealDraft(vault, draft.id, join(archive, 'no-such-folder'))).toMatchObject({
      ok: false,
      code: 'io',
    });
    // the vault's own folders are not an archive: a pack there would sit among the drafts
    const before = await readdir(join(vault.folder, 'drafts'));
    for (const inside of [vault.folder, join(vault.folder, 'drafts')]) {
      expect(await sealDraft(vault, draft.id, inside)).toMatchObject({
        ok: false,
        code: 'invalid-argument',
        message: expect.stringContaining('inside the vault folder') as string,
      });
    }
    expect(await readdir(join(vault.folder, 'drafts'))).toEqual(before);
    await vault.lock();
    expect(await sealDraft(vault, draft.id, archive)).toMatchObject({ ok: false, code: 'locked' });
    expect(await readdir(archive)).toEqual([]);
    await vault.close();
  }, 60_000);
});
