/**
 * A vault folder copied elsewhere (another machine, a restored backup): every file gets a new inode and
 * ctime, so no fingerprint in the index matches. The index's SHA-256 of each file shows which bytes are
 * unchanged: those are listed from the index without decrypting; only files whose bytes differ are
 * decrypted and checked, and tampered ones are still flagged.
 *
 * Decryptions are observed by spying on IdentityDecrypter.decrypt (the index itself is decrypted in
 * chunks, by decryptInChunks): no timing involved.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DraftDocument } from '../../../../src-shared/drafts/draft.js';
import { STATUS_RULES } from '../../../../src-shared/drafts/status.js';
import type { DraftSummary, TrashEntry } from '../../../../src-shared/drafts/summary.js';
import { IdentityDecrypter } from '../../../../src-main/vault/age-files.js';
import { mac, wipeKeys } from '../../../../src-main/vault/keys.js';
import { unlockVaultFiles } from '../../../../src-main/vault/lifecycle.js';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  PASSPHRASE,
  completeDraftRequest,
  filesIn,
  newVault,
  removeTempFolders,
  tempFolder,
  validDraftRequest,
  value,
} from './helpers.js';

const decrypt = vi.spyOn(IdentityDecrypter.prototype, 'decrypt');

afterEach(() => decrypt.mockClear());
afterAll(() => {
  decrypt.mockRestore();
  removeTempFolders();
});

/** How many draft files (not the index) were decrypted since the last mockClear. */
function draftDecryptions(): number {
  return decrypt.mock.calls.length;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 of every distinct draft file (not the index) decrypted since the last mockClear. */
function decryptedFiles(): Set<string> {
  return new Set(decrypt.mock.calls.map(([bytes]) => sha256(bytes)));
}

async function copyOf(folder: string): Promise<string> {
  const to = join(tempFolder('cmk-vault-copy-'), 'vault');
  await cp(folder, to, { recursive: true });
  return to;
}

async function unlocked(folder: string): Promise<Vault> {
  const vault = value(await Vault.open(folder, FAST));
  value(await vault.unlock(PASSPHRASE));
  return vault;
}

function draftFile(folder: string, id: string): string {
  return join(folder, 'drafts', `${id}.age`);
}

function withoutDeletedAt(entries: TrashEntry[]): DraftSummary[] {
  return entries.map((entry) => {
    const summary: Partial<TrashEntry> = { ...entry };
    delete summary.deletedAt;
    return summary as DraftSummary;
  });
}

type Row = [string, string, DraftSummary, string?];
const INDEX_LABEL = 'cmk-rekey/vault-index/v1';

/** The index's body, as `age -d` would show it (the test knows the passphrase). */
async function indexBody(folder: string): Promise<string> {
  const { identity, keys } = value(await unlockVaultFiles(folder, PASSPHRASE));
  wipeKeys(keys);
  const decrypter = await IdentityDecrypter.create(identity);
  const text = await decrypter.decrypt(readFileSync(join(folder, 'index.age')));
  if (!text.ok) throw new Error(text.reason);
  return text.text.slice(text.text.indexOf('\n') + 1);
}

/** The index's entries, parsed as one JSON document, the way every version of the app could read them. */
async function readIndex(folder: string): Promise<Row[]> {
  return (JSON.parse(await indexBody(folder)) as { entries: Row[] }).entries;
}

/**
 * Writes an authentic index (right MAC) with these rows, on one line as an older version of the app would;
 * with the revision of the status rules given (today's unless said: its own tests say otherwise).
 */
async function writeIndex(folder: string, rows: Row[], rules: number | 'none' = STATUS_RULES): Promise<void> {
  const { config, keys } = value(await unlockVaultFiles(folder, PASSPHRASE));
  const body = JSON.stringify({ entries: rows });
  const header = JSON.stringify({
    format: 'cmk-rekey/vault-index',
    version: 2,
    mac: mac(keys.index, INDEX_LABEL, body).toString('base64'),
    ...(rules !== 'none' && { rules }),
  });
  wipeKeys(keys);
  const encrypter = new Encrypter();
  encrypter.addRecipient(config.recipient);
  writeFileSync(join(folder, 'index.age'), await encrypter.encrypt(`${header}\n${body}`));
}

let original: string;
let drafts: DraftDocument[];
let listed: DraftSummary[];
let trashed: DraftSummary[];
let oldVersion: Buffer;
let recipient: string;

beforeAll(async () => {
  const vault = await newVault();
  original = vault.folder;
  recipient = vault.recipient;
  drafts = [];
  for (let i = 0; i < 12; i++) {
    const request = i % 3 === 0 ? completeDraftRequest() : i % 3 === 1 ? validDraftRequest() : undefined;
    drafts.push(value(await vault.newDraft({ title: `Rotation ${String(i)}`, ...(request && { request }) })));
  }
  const [first] = drafts;
  if (first === undefined) throw new Error('no draft');
  // An older sealed version of the first draft, for the rollback case.
  oldVersion = readFileSync(draftFile(original, first.id));
  drafts[0] = value(await vault.save({ ...first, title: 'Rotation 0, edited' }));
  // One draft in the trash, and one planted file that the list sets aside in quarantine.
  value(await vault.delete(drafts[11]?.id ?? ''));
  drafts.pop();
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  writeFileSync(
    draftFile(original, randomBytes(16).toString('hex')),
    await encrypter.encrypt(JSON.stringify({ planted: true })),
  );
  listed = value(await vault.list());
  trashed = withoutDeletedAt(value(await vault.listTrash()));
  await vault.close();
  expect(listed).toHaveLength(12); // 11 drafts, 1 flagged
  expect(listed.at(-1)?.problem).toBe('untrusted');
  expect(trashed).toHaveLength(1);
});

describe('the index as written', () => {
  it('has one entry a line (read a chunk at a time), and is the same JSON that older versions parse', async () => {
    const body = await indexBody(original);
    const lines = body.split('\n');
    expect(lines[0]).toBe('{"entries":[');
    expect(lines.at(-1)).toBe(']}');
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(13); // 11 drafts, 1 in the trash, 1 set aside
    expect(rows.slice(0, -1).every((line) => line.endsWith(','))).toBe(true);
    expect(rows.map((line) => JSON.parse(line.replace(/,$/u, '')) as unknown)).toEqual(
      await readIndex(original),
    );
  });

  it('written on one line by an earlier version, it is trusted as it is and written again one entry a line', async () => {
    const folder = await copyOf(original);
    const first = await unlocked(folder);
    value(await first.list());
    await first.close();
    const rows = await readIndex(folder);
    await writeIndex(folder, rows);
    expect((await indexBody(folder)).includes('\n')).toBe(false);

    const vault = await unlocked(folder);
    decrypt.mockClear();
    expect(value(await vault.list())).toEqual(listed);
    expect(draftDecryptions()).toBe(0);
    await vault.close();
    expect((await indexBody(folder)).split('\n')).toHaveLength(rows.length + 2);
    expect(await readIndex(folder)).toEqual(rows);
  });
});

describe('a copied vault folder', () => {
  it('lists from the index: same summaries, no draft decrypted', async () => {
    const copy = await copyOf(original);
    const id = drafts[1]?.id ?? '';
    expect(statSync(draftFile(copy, id)).ino).not.toBe(statSync(draftFile(original, id)).ino);

    const vault = await unlocked(copy);
    decrypt.mockClear();
    expect(value(await vault.list())).toEqual(listed);
    expect(withoutDeletedAt(value(await vault.listTrash()))).toEqual(trashed);
    expect(draftDecryptions()).toBe(0);
    expect(filesIn(copy, 'drafts')).toEqual(filesIn(original, 'drafts'));
    expect(filesIn(copy, 'quarantine')).toEqual(filesIn(original, 'quarantine'));

    // Drafts still open (always decrypted and checked), and the index now has the copy's fingerprints.
    expect(value(await vault.load(id)).title).toBe('Rotation 1');
    const before = readFileSync(join(copy, 'index.age'));
    await vault.close();
    expect(readFileSync(join(copy, 'index.age')).equals(before)).toBe(false);
    const rows = await readIndex(copy);
    expect(rows.every((row) => /^[0-9a-f]{64}$/u.test(row[3] ?? ''))).toBe(true);

    const again = await unlocked(copy);
    decrypt.mockClear();
    expect(value(await again.list())).toEqual(listed);
    expect(draftDecryptions()).toBe(0);
    await again.close();
  });

  it('decrypts only the files whose bytes changed, and flags the tampered ones', async () => {
    const copy = await copyOf(original);
    const [a, b, c, d] = drafts;
    if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error('drafts');
    // b: replaced by another sealed draft of this vault (a's bytes under b's name).
    writeFileSync(draftFile(copy, b.id), readFileSync(draftFile(copy, a.id)));
    // c: one bit flipped near the end (inside the encrypted payload).
    const bytes = readFileSync(draftFile(copy, c.id));
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 1;
    writeFileSync(draftFile(copy, c.id), bytes);
    // d: a planted envelope, encrypted to the vault's public recipient, with a made-up seal.
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const forged = { format: 'cmk-rekey/sealed-draft', version: 1, draft: { ...d, title: 'Forged' } };
    writeFileSync(
      draftFile(copy, d.id),
      await encrypter.encrypt(JSON.stringify({ ...forged, seal: 'hmac-sha256:AAAA' })),
    );

    const changed = new Set([b, c, d].map((draft) => sha256(readFileSync(draftFile(copy, draft.id)))));

    const vault = await unlocked(copy);
    decrypt.mockClear();
    const list = value(await vault.list());
    // Exactly the three changed files were decrypted (each again once moved to quarantine/, where the
    // list reads what it shows for a flagged file), none of the eight unchanged drafts.
    expect(decryptedFiles()).toEqual(changed);

    const tampered = new Set([b.id, c.id, d.id]);
    const kept = listed.filter((summary) => !tampered.has(summary.id));
    expect(list.filter((summary) => summary.problem === undefined)).toEqual(
      kept.filter((summary) => summary.problem === undefined),
    );
    const flagged = list.filter((summary) => summary.problem !== undefined);
    expect(flagged.map((summary) => summary.problem).sort()).toEqual([
      'corrupt',
      'untrusted',
      'untrusted',
      'untrusted',
    ]);
    expect(flagged.find((summary) => summary.title === 'Forged')?.problem).toBe('untrusted');
    const names = filesIn(copy, 'drafts');
    for (const id of tampered) expect(names).not.toContain(`${id}.age`);
    expect(names).toContain(`${a.id}.age`);
    expect((await vault.load(b.id)).ok).toBe(false);
    await vault.close();
  });

  it('shows a draft rolled back to an older sealed version as it is, not as the index remembers it', async () => {
    const copy = await copyOf(original);
    const first = drafts[0];
    if (first === undefined) throw new Error('no draft');
    writeFileSync(draftFile(copy, first.id), oldVersion);

    const vault = await unlocked(copy);
    decrypt.mockClear();
    const list = value(await vault.list());
    expect(draftDecryptions()).toBe(1);
    const summary = list.find((item) => item.id === first.id);
    expect(summary?.title).toBe('Rotation 0');
    expect(summary?.problem).toBeUndefined();
    expect(list.filter((item) => item.id !== first.id)).toEqual(
      listed.filter((item) => item.id !== first.id),
    );
    await vault.close();
  });
});

describe('an index written before entries had a SHA-256', () => {
  it('still loads; a copy of it is decrypted once, in place the hashes are added without decrypting', async () => {
    // A vault whose index matches its files, then rewritten without the fourth element of each entry.
    const folder = await copyOf(original);
    const first = await unlocked(folder);
    value(await first.list());
    value(await first.listTrash());
    await first.close();
    const rows = await readIndex(folder);
    expect(rows.length).toBeGreaterThan(0);
    await writeIndex(
      folder,
      rows.map(([path, fp, summary]) => [path, fp, summary]),
    );
    const legacy = readFileSync(join(folder, 'index.age'));

    // The copy: entries without a hash cannot vouch for the new files, so every file is decrypted.
    const copy = await copyOf(folder);
    const copied = await unlocked(copy);
    decrypt.mockClear();
    expect(value(await copied.list())).toEqual(listed);
    expect(draftDecryptions()).toBe(listed.length);
    await copied.close();

    // In place: fingerprints match, so nothing is decrypted; the files are hashed and the index updated.
    const vault = await unlocked(folder);
    const report = value(await vault.verify());
    expect(report.problems.filter((problem) => problem.file === 'index.age')).toEqual([]);
    decrypt.mockClear();
    expect(value(await vault.list())).toEqual(listed);
    expect(withoutDeletedAt(value(await vault.listTrash()))).toEqual(trashed);
    expect(draftDecryptions()).toBe(0);
    await vault.close();
    expect(readFileSync(join(folder, 'index.age')).equals(legacy)).toBe(false);
    expect((await readIndex(folder)).every((row) => row[3] !== undefined)).toBe(true);

    const later = await copyOf(folder);
    const laterVault = await unlocked(later);
    decrypt.mockClear();
    expect(value(await laterVault.list())).toEqual(listed);
    expect(draftDecryptions()).toBe(0);
    await laterVault.close();
    expect(readdirSync(join(later, 'quarantine'))).toHaveLength(1);
  });
});

describe('an index written under older request rules (no "rules" in its header, or a lower one)', () => {
  it("judges its open drafts again by today's rules, once; sent ones are listed from it", async () => {
    const vault = await newVault();
    // Working hours of nothing but a Hangul filler (U+FFA0): ready by the rules before revision 3, an error now.
    const blank = { ...validDraftRequest(), workingHours: '\uffa0' };
    const open = value(await vault.newDraft({ title: 'Blank hours', request: blank }));
    const sent = value(await vault.newDraft({ title: 'Sent', request: validDraftRequest() }));
    value(await vault.markSent(sent.id, { ticket: 'PCS-1', checklistConfirmed: true }));
    expect(value(await vault.list()).find((row) => row.id === open.id)?.status).toBe('has-errors');
    await vault.close();
    const rows = await readIndex(vault.folder);
    // As the older app saved it: the open draft ready, and no revision in the header.
    const older = rows.map(([path, fp, summary, sha]): Row => {
      const judged: DraftSummary = summary.id === open.id ? { ...summary, status: 'ready' } : summary;
      return sha === undefined ? [path, fp, judged] : [path, fp, judged, sha];
    });
    for (const rules of ['none', STATUS_RULES - 1] as const) {
      await writeIndex(vault.folder, older, rules);
      const again = await unlocked(vault.folder);
      decrypt.mockClear();
      const listedAgain = value(await again.list());
      expect(listedAgain.find((row) => row.id === open.id)?.status).toBe('has-errors');
      expect(listedAgain.find((row) => row.id === sent.id)?.state).toBe('sent');
      expect(draftDecryptions()).toBe(1); // the open draft only
      await again.close();
      // Written again under today's revision: the next list reads no draft.
      const third = await unlocked(vault.folder);
      decrypt.mockClear();
      expect(value(await third.list()).find((row) => row.id === open.id)?.status).toBe('has-errors');
      expect(draftDecryptions()).toBe(0);
      await third.close();
    }
    // Under today's revision the index is trusted as it is (what the other tests here rely on).
    await writeIndex(vault.folder, older);
    const trusted = await unlocked(vault.folder);
    expect(value(await trusted.list()).find((row) => row.id === open.id)?.status).toBe('ready');
    await trusted.close();
    // Its open drafts are still the index's: one gone before any list is reported missing by verify.
    await writeIndex(vault.folder, older, 'none');
    unlinkSync(draftFile(vault.folder, open.id));
    const checked = await unlocked(vault.folder);
    expect(value(await checked.verify()).problems).toContainEqual(
      expect.objectContaining({ file: `drafts/${open.id}.age`, problem: 'missing' }),
    );
    await checked.close();
  });
});
