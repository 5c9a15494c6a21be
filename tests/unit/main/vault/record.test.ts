/**
 * A draft's record in the vault: only real edits make history (a step change is stored without), hash-chained history covered by the
 * signature, newer formats left alone, recipients recorded and re-encrypted, checking without the passphrase.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKLIST_IDS } from '../../../../src-shared/drafts/draft.js';
import { sealDraft } from '../../../../src-main/vault/envelope.js';
import { verifyWithIdentity } from '../../../../src-main/vault/vault.js';
import {
  PASSPHRASE,
  completeDraftRequest,
  newVault,
  removeTempFolders,
  reopen,
  tempFolder,
  value,
} from './helpers.js';

afterAll(removeTempFolders);

const draftFile = (folder: string, id: string) => join(folder, 'drafts', `${id}.age`);

async function encryptTo(recipients: readonly string[], text: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return encrypter.encrypt(text);
}

function complianceIdentity(): { identity: string; recipient: string; file: string } {
  const file = join(tempFolder('cmk-compliance-'), 'compliance.txt');
  execFileSync('age-keygen', ['-o', file], { stdio: 'ignore' });
  const text = readFileSync(file, 'utf8');
  const recipient = /# public key: (age1\S+)/u.exec(text)?.[1] ?? '';
  return { identity: text, recipient, file };
}

describe('opening and moving around', () => {
  it('opening, and saving it unchanged, changes nothing on disk', async () => {
    const vault = await newVault();
    const created = value(await vault.newDraft({ title: 'Viewed', request: completeDraftRequest() }));
    const before = readFileSync(draftFile(vault.folder, created.id));
    const loaded = value(await vault.load(created.id));
    expect(value(await vault.save(loaded)).updatedAt).toBe(created.updatedAt);
    expect(readFileSync(draftFile(vault.folder, created.id))).toEqual(before);
    await vault.close();
  });

  it('a change of step alone is stored, without a new updatedAt or history entry, and reopens there', async () => {
    const vault = await newVault();
    const created = value(await vault.newDraft({ title: 'Moved', request: completeDraftRequest() }));
    const loaded = value(await vault.load(created.id));
    for (const step of ['organization', 'account', 'keys'] as const) {
      const saved = value(await vault.save({ ...loaded, position: { step, field: 'siteUrl' } }));
      expect(saved.updatedAt).toBe(created.updatedAt);
      expect(saved.position).toEqual({ step, field: 'siteUrl' });
    }
    const again = await reopen(vault);
    const reopened = value(await again.load(created.id));
    expect(reopened.position).toEqual({ step: 'keys', field: 'siteUrl' });
    expect(reopened.updatedAt).toBe(created.updatedAt);
    expect(reopened.history).toEqual(created.history);
    expect(value(await again.list()).map((summary) => summary.updatedAt)).toEqual([created.updatedAt]);
    // The next real edit names only its field, and its save is based on the moved version.
    const edited = value(await again.save({ ...reopened, request: { ...reopened.request, notes: 'typed' } }));
    expect(edited.history.map((entry) => [entry.event, entry.fields])).toEqual([
      ['created', undefined],
      ['edited', ['request.notes']],
    ]);
    expect(edited.position.step).toBe('keys');
    await Promise.all([vault.close(), again.close()]);
  });

  it('a title with an invisible character is stored without it, and a later step change is still no edit', async () => {
    const vault = await newVault();
    const created = value(await vault.newDraft({ title: 'Start', request: completeDraftRequest() }));
    // Pasted with a zero-width space and a right-to-left mark; the editor keeps showing (and sending) it.
    const title = 'Rotate\u200B keys\u200F';
    const renamed = value(await vault.save({ ...created, title }));
    expect(renamed.title).toBe('Rotate keys');
    const moved = value(await vault.save({ ...renamed, title, position: { step: 'keys' } }));
    expect(moved.updatedAt).toBe(renamed.updatedAt);
    expect(moved.history).toEqual(renamed.history);
    expect(moved.position).toEqual({ step: 'keys' });
    await vault.close();
  });

  it('a sent request is not rewritten by moving between its steps', async () => {
    const vault = await newVault();
    const created = value(await vault.newDraft({ title: 'Sent', request: completeDraftRequest() }));
    const sent = value(await vault.markSent(created.id, { ticket: 'ABC-1' }));
    const before = readFileSync(draftFile(vault.folder, created.id));
    const viewed = value(await vault.save({ ...sent, position: { step: 'timing' } }));
    expect(viewed.position).toEqual(sent.position);
    expect(readFileSync(draftFile(vault.folder, created.id))).toEqual(before);
    await vault.close();
  });
});

describe('the lifecycle in the vault', () => {
  it('mark sent → frozen → new revision → completed, each recorded in the history', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Q4', request: completeDraftRequest() }));
    value(await vault.save({ ...draft, checklist: [...CHECKLIST_IDS] }));
    const sent = value(
      await vault.markSent(draft.id, {
        ticket: 'https://support.atlassian.com/requests/ABC-123456',
        name: 'Alice Doe',
      }),
    );
    expect(sent.sent).toMatchObject({
      ticket: 'https://support.atlassian.com/requests/ABC-123456',
      warnings: [],
      by: { name: 'Alice Doe' },
    });
    expect(sent.sent?.at).toMatch(/[+-]\d{2}:\d{2}$/u);
    expect(await vault.save({ ...sent, title: 'Changed' })).toMatchObject({ ok: false, code: 'read-only' });
    expect(await vault.rename(draft.id, 'Changed')).toMatchObject({ ok: false, code: 'read-only' });
    const revision = value(await vault.revise(draft.id));
    expect(revision).toMatchObject({ revision: 2, previous: { id: draft.id, revision: 1 }, state: 'open' });
    expect(revision.history.map((entry) => [entry.event, entry.detail])).toEqual([['revised', draft.id]]);
    const completed = value(await vault.markCompleted(draft.id, { note: 'Support confirmed' }));
    expect(completed.history.map((entry) => entry.event)).toEqual(['created', 'edited', 'sent', 'completed']);
    const list = value(await vault.list());
    expect(list.find((summary) => summary.id === draft.id)).toMatchObject({
      state: 'completed',
      ticket: sent.sent?.ticket,
    });
    expect(value(await (await reopen(vault)).load(draft.id))).toEqual(completed);
    await vault.close();
  });

  it('refuses a life change a frozen request cannot take with the request as stored, and other refusals without it', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Q4', request: completeDraftRequest() }));
    // Before it is sent: refused for its state, which is open (nothing changed elsewhere to show).
    expect(await vault.markCompleted(draft.id, {})).toEqual({
      ok: false,
      code: 'read-only',
      message: 'Mark the request as sent before marking it completed.',
    });
    const sent = value(await vault.markSent(draft.id, { ticket: 'CMK-77' }));
    // What an editor that has not seen the sending asks (another process sent it): the sent record comes back.
    expect(await vault.markSent(draft.id, { ticket: 'ABC-123456' })).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This request is sent: it cannot be marked as sent again.',
      detail: sent,
    });
    // Refused for what was typed: the request can take the change, so it is not sent along.
    const long = await vault.markCompleted(draft.id, { note: 'x'.repeat(5000) });
    expect(long).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(long).not.toHaveProperty('detail');
    const withdrawn = value(await vault.withdraw(draft.id, { reason: 'Wrong account' }));
    const stored = () => readFileSync(draftFile(vault.folder, draft.id));
    const before = stored();
    expect(await vault.markCompleted(draft.id, { note: 'Support confirmed' })).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This request is withdrawn: it cannot be marked completed.',
      detail: withdrawn,
    });
    expect(await vault.withdraw(draft.id, { reason: 'Again' })).toMatchObject({ detail: withdrawn });
    expect(await vault.markSent(draft.id, { ticket: 'ABC-1' })).toMatchObject({ detail: withdrawn });
    expect(stored()).toEqual(before);
    await vault.close();
  });

  it('makes one New revision of a request: a second would fork its history; the revision itself can be revised', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Q4', request: completeDraftRequest() }));
    value(await vault.markSent(draft.id, { ticket: 'ABC-1' }));
    const second = value(await vault.revise(draft.id));
    value(await vault.rename(second.id, 'Q4, corrected'));
    const files = () => readdirSync(join(vault.folder, 'drafts')).sort();
    const before = files();
    expect(await vault.revise(draft.id)).toMatchObject({
      ok: false,
      code: 'exists',
      message: /already has a New revision: “Q4, corrected” \(revision 2\)/,
    });
    expect(files()).toEqual(before);
    // The revision, once sent, gets a revision of its own.
    value(await vault.markSent(second.id, { ticket: 'ABC-2' }));
    expect(value(await vault.revise(second.id))).toMatchObject({ revision: 3, previous: { id: second.id } });
    // A revision in the trash is no longer on the list: the request may be revised again.
    value(await vault.delete(second.id));
    expect(value(await vault.revise(draft.id))).toMatchObject({ revision: 2, previous: { id: draft.id } });
    await vault.close();
  });

  it('refuses a ticket over 200 characters or with a line break, and a future time, writing nothing', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Bad input' }));
    const before = readFileSync(draftFile(vault.folder, draft.id));
    expect(await vault.markSent(draft.id, { ticket: 'x'.repeat(201) })).toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });
    expect(await vault.markSent(draft.id, { ticket: 'A\nB' })).toMatchObject({
      ok: false,
      message: /control character/,
    });
    expect(await vault.markSent(draft.id, { ticket: 'A-1', at: '2999-01-01T00:00+00:00' })).toMatchObject({
      ok: false,
      message: /future/,
    });
    expect(await vault.markSent(draft.id, { ticket: 'A-1', at: 'soon' })).toMatchObject({
      ok: false,
      message: /Sent at/,
    });
    expect(readFileSync(draftFile(vault.folder, draft.id))).toEqual(before);
    await vault.close();
  });
});

describe('history chain and signature', () => {
  it('detects a removed, reordered or altered entry, re-signed or not', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Chained', request: completeDraftRequest() }));
    value(await vault.markSent(draft.id, { ticket: 'A-1' }));
    const sent = value(await vault.withdraw(draft.id, { reason: 'Wrong account' }));
    expect(sent.history).toHaveLength(3);
    const key = value(vault.signingKey());
    const recipients = [vault.recipient];
    const forge = async (history: typeof sent.history, sign: boolean) => {
      const text = sign
        ? sealDraft({ ...sent, history }, key, recipients)
        : JSON.stringify({
            format: 'cmk-rekey/sealed-draft',
            version: 2,
            recipients,
            draft: { ...sent, history },
            signature: 'ed25519:AAAA',
          });
      writeFileSync(draftFile(vault.folder, draft.id), await encryptTo(recipients, text));
    };
    const [first, second, third] = sent.history;
    if (first === undefined || second === undefined || third === undefined) throw new Error('history');
    const cases = [
      [[first, third], true, 'corrupt', /history chain is broken at entry 2/],
      [[second, first, third], true, 'corrupt', /history chain is broken at entry 1/],
      [[first, { ...second, by: { user: 'mallory' } }, third], true, 'corrupt', /broken at entry 3/],
      [[first, second], false, 'untrusted', /signature does not match/],
    ] as const;
    for (const [history, sign, code, message] of cases) {
      await forge([...history], sign);
      expect(await vault.load(draft.id)).toMatchObject({ ok: false, code, message });
      // Set aside in quarantine, never deleted; the next forgery takes its place.
    }
    await vault.close();
  });
});

describe('formats that can change', () => {
  it('a draft written by a newer app is refused with a clear message and left where it is', async () => {
    const vault = await newVault();
    const id = 'e'.repeat(32);
    const path = draftFile(vault.folder, id);
    const future = { format: 'cmk-rekey/sealed-draft', version: 3, payload: 'something new' };
    writeFileSync(path, await encryptTo([vault.recipient], JSON.stringify(future)));
    const bytes = readFileSync(path);
    expect(await vault.load(id)).toMatchObject({
      ok: false,
      code: 'unsupported-version',
      message: /newer version of CMK Rekey/,
    });
    expect(value(await vault.list())).toMatchObject([{ id, problem: 'newer' }]);
    expect(readFileSync(path)).toEqual(bytes);
    const made = value(await vault.newDraft({}));
    const innerNewer = sealDraft(
      {
        ...made,
        version: 4 as 3,
        keysSetAside: [{ oldKeyArn: 'x', newKeyArn: '' }],
      },
      value(vault.signingKey()),
      [vault.recipient],
    );
    const other = 'f'.repeat(32);
    writeFileSync(
      draftFile(vault.folder, other),
      await encryptTo([vault.recipient], innerNewer.replace(/"id": "[0-9a-f]{32}"/u, `"id": "${other}"`)),
    );
    expect(await vault.load(other)).toMatchObject({ ok: false, code: 'untrusted' }); // the id was changed after signing
    // genuine, of a newer draft version: its own sentence, ended once
    writeFileSync(draftFile(vault.folder, made.id), await encryptTo([vault.recipient], innerNewer));
    expect(await vault.load(made.id)).toEqual({
      ok: false,
      code: 'unsupported-version',
      message:
        'This draft cannot be opened: This draft was written by a newer version of CMK Rekey (version 4; this app reads up to version 3). Update CMK Rekey to open it; the file was not changed.',
    });
    await vault.close();
  });

  it('an imported file of a newer app, by its draft or its envelope, is refused as such and nothing is written', async () => {
    const vault = await newVault();
    const kept = value(await vault.newDraft({ title: 'Kept', request: completeDraftRequest() }));
    const key = value(vault.signingKey());
    const folder = tempFolder();
    // A version 4 draft in a current envelope (a kept pair, so it is not stored as version 2).
    const newerDraft = sealDraft(
      { ...kept, version: 4 as 3, keysSetAside: [{ oldKeyArn: 'x', newKeyArn: '' }] },
      key,
      [vault.recipient],
    );
    // A current draft in a version 3 envelope holding something version 2 does not know.
    const current = JSON.parse(sealDraft(kept, key, [vault.recipient])) as Record<string, unknown>;
    const newerEnvelope = JSON.stringify({ ...current, version: 3, attachments: ['policy.pdf'] });
    for (const [name, text, message] of [
      [
        'newer-draft',
        newerDraft,
        'newer-draft cannot be imported: This draft was written by a newer version of CMK Rekey (version 4; this app reads up to version 3). Update CMK Rekey to open it; the file was not changed. Nothing was imported.',
      ],
      [
        'newer-envelope',
        newerEnvelope,
        'newer-envelope cannot be imported: This sealed draft was written by a newer version of CMK Rekey (version 3; this app reads up to version 2). Update CMK Rekey to open it; the file was not changed. Nothing was imported.',
      ],
    ] as const) {
      const path = join(folder, `${name}.age`);
      writeFileSync(path, await encryptTo([vault.recipient], text));
      const bytes = readFileSync(path);
      expect(await vault.importFile(path)).toEqual({ ok: false, code: 'unsupported-version', message });
      expect(readFileSync(path)).toEqual(bytes);
    }
    expect(readdirSync(join(vault.folder, 'drafts'))).toEqual([`${kept.id}.age`]);
    expect(value(await vault.list()).map(({ id }) => id)).toEqual([kept.id]);
    // The same envelope at the current version imports (the refusal is the version, nothing else).
    const path = join(folder, 'current.age');
    writeFileSync(path, await encryptTo([vault.recipient], JSON.stringify(current)));
    expect(value(await vault.importFile(path))).toMatchObject({ title: 'Kept', request: kept.request });
    // Set aside by an older app, which took it for damage: accepting it is refused by its version, and it stays.
    const flagged = `corrupt-20260101T000000000Z-${kept.id}`;
    const aside = join(vault.folder, 'quarantine', `${flagged}.age`);
    mkdirSync(dirname(aside), { recursive: true });
    writeFileSync(aside, await encryptTo([vault.recipient], newerEnvelope));
    expect(await vault.acceptFlagged(flagged)).toEqual({
      ok: false,
      code: 'unsupported-version',
      message:
        'This file cannot be imported by this version of the app: it was written by a newer version of CMK Rekey (sealed-draft version 3); update the app to open it. It stays in quarantine.',
    });
    expect(readdirSync(join(vault.folder, 'quarantine'))).toEqual([`${flagged}.age`]);
    await vault.close();
  });
});

describe('recipients, re-encryption and checking without the passphrase', () => {
  it('records recipients, reports drafts that differ, re-encrypts them, and a compliance key checks them', async (context) => {
    if (!existsSync('/usr/bin/age-keygen')) context.skip();
    const vault = await newVault();
    const a = value(await vault.newDraft({ title: 'A', request: completeDraftRequest() }));
    const b = value(await vault.newDraft({ title: 'B' }));
    const compliance = complianceIdentity();
    value(await vault.setRecipients(PASSPHRASE, [compliance.recipient]));
    const report = value(await vault.verify());
    expect(report.problems.map((problem) => [problem.file, problem.problem]).sort()).toEqual(
      [a, b].map((draft) => [`drafts/${draft.id}.age`, 'recipients']).sort(),
    );
    const before = value(await verifyWithIdentity(vault.folder, compliance.identity));
    expect(before.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/cannot open it/),
      expect.stringMatching(/cannot open it/),
    ]);
    expect(value(await vault.reencrypt())).toMatchObject({ reencrypted: 2, unchanged: 0, skipped: [] });
    expect(value(await vault.reencrypt())).toMatchObject({ reencrypted: 0, unchanged: 2 });
    expect(value(await vault.verify()).problems).toEqual([]);
    expect(value(await vault.load(a.id))).toEqual(a);
    const after = value(await verifyWithIdentity(vault.folder, compliance.identity));
    expect(after).toMatchObject({ trusted: 2, problems: [] });
    // Someone with only the public recipients plants a draft: the signature check catches it.
    const planted = JSON.stringify({
      format: 'cmk-rekey/sealed-draft',
      version: 2,
      recipients: [],
      draft: { ...a, id: 'd'.repeat(32) },
      signature: 'ed25519:' + Buffer.alloc(64).toString('base64'),
    });
    writeFileSync(
      draftFile(vault.folder, 'd'.repeat(32)),
      await encryptTo([vault.recipient, compliance.recipient], planted),
    );
    const planting = value(await verifyWithIdentity(vault.folder, compliance.identity));
    expect(planting.problems).toMatchObject([{ file: `drafts/${'d'.repeat(32)}.age`, problem: 'untrusted' }]);
    expect(await verifyWithIdentity(vault.folder, 'not an identity')).toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });
    expect(await verifyWithIdentity(vault.folder, compliance.identity, 'ssh-rsa AAAA')).toMatchObject({
      ok: false,
      message: /not an ssh-ed25519/,
    });
    await vault.close();
  });

  it('checking with an identity calls a damaged draft corrupt, as the passphrase check does', async () => {
    const vault = await newVault();
    const compliance = complianceIdentity();
    value(await vault.setRecipients(PASSPHRASE, [compliance.recipient]));
    const ids = [];
    for (const title of ['flipped', 'truncated', 'emptied']) {
      ids.push(value(await vault.newDraft({ title, request: completeDraftRequest() })).id);
    }
    const [flipped = '', truncated = '', emptied = ''] = ids;
    const bytes = readFileSync(draftFile(vault.folder, flipped));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 20) ^ 1, bytes.length - 20);
    writeFileSync(draftFile(vault.folder, flipped), bytes);
    writeFileSync(
      draftFile(vault.folder, truncated),
      readFileSync(draftFile(vault.folder, truncated)).subarray(0, 100),
    );
    writeFileSync(draftFile(vault.folder, emptied), '');
    // only the vault's own key can open this one: it is no damage, the identity is just not a recipient
    writeFileSync(draftFile(vault.folder, 'e'.repeat(32)), await encryptTo([vault.recipient], '{}'));
    const withIdentity = value(await verifyWithIdentity(vault.folder, compliance.identity));
    const found = (report: typeof withIdentity) =>
      Object.fromEntries(report.problems.map((problem) => [problem.file, problem.problem]));
    expect(found(withIdentity)).toEqual({
      [`drafts/${flipped}.age`]: 'corrupt',
      [`drafts/${truncated}.age`]: 'corrupt',
      [`drafts/${emptied}.age`]: 'corrupt',
      [`drafts/${'e'.repeat(32)}.age`]: 'recipients',
    });
    expect(withIdentity.problems.find((problem) => problem.problem === 'recipients')?.message).toMatch(
      /not encrypted to this identity/,
    );
    const withPassphrase = value(await vault.verify());
    for (const id of ids) expect(found(withPassphrase)[`drafts/${id}.age`]).toBe('corrupt');
    await vault.close();
  });

  it('publishes the signing key in vault.json in OpenSSH form, and ssh-keygen reads it', async () => {
    const vault = await newVault();
    const config = JSON.parse(readFileSync(join(vault.folder, 'vault.json'), 'utf8')) as {
      signingKey: string;
    };
    expect(config.signingKey).toMatch(
      /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} cmk-rekey-vault$/u,
    );
    expect(vault.signingPublicKey).toBe(config.signingKey);
    const file = join(tempFolder('cmk-ssh-'), 'key.pub');
    writeFileSync(file, `${config.signingKey}\n`);
    expect(execFileSync('ssh-keygen', ['-l', '-f', file], { encoding: 'utf8' })).toMatch(
      /^256 SHA256:\S+ cmk-rekey-vault \(ED25519\)/u,
    );
    await vault.lock();
    expect(vault.signingKey()).toMatchObject({ ok: false, code: 'locked' });
    await vault.close();
  });
});
