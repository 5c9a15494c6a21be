/**
 * Known-answer test: a vault and request files written by version 1 of the app
 * (tests/fixtures/vault-v1, tests/fixtures/requests-v1; never regenerated) still open, list, verify and
 * export with today's code. This is the promise that users' old vaults keep working.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { draftFromRequest } from '../../../../src-shared/drafts/draft.js';
import { validateRequest } from '../../../../src-shared/request/validate.js';
import { readRequestFile } from '../../../../src-main/files/read-request.js';
import { Vault, verifyWithIdentity } from '../../../../src-main/vault/vault.js';
import { removeTempFolders, snapshot, tempFolder, value } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const VAULT_V1 = join(FIXTURES, 'vault-v1');
const REQUESTS_V1 = join(FIXTURES, 'requests-v1');
const PASSPHRASE = 'fixture vault v1 passphrase: blue kettle 42';
const COMPLETE = 'a7f297ca41340aceb5e08e255102a253';
const HALF = 'add678d774e8862d1cd6bb96c6cf4efc';
const DELETED = '68e768359f99d2132642e5d2fa7e5c91';
const AGE = '/usr/bin/age';

afterAll(removeTempFolders);

/** A copy of the fixture vault (listing may rewrite the index; the committed files stay as they are). */
async function openCopy(): Promise<Vault> {
  const folder = join(tempFolder('cmk-fixture-v1-'), 'vault');
  cpSync(join(VAULT_V1, 'vault'), folder, { recursive: true });
  const vault = value(await Vault.open(folder));
  value(await vault.unlock(PASSPHRASE));
  return vault;
}

async function readRequest(name: string): Promise<Record<string, unknown>> {
  return value(await readRequestFile(join(REQUESTS_V1, name)));
}

// Each test unlocks at the production work factor (2^18): seconds on a busy machine.
describe('a version 1 vault', { timeout: 60_000 }, () => {
  it('unlocks with its passphrase and lists its drafts, trash and quarantined file', async () => {
    const vault = await openCopy();
    const drafts = value(await vault.list());
    const trusted = drafts.filter((draft) => draft.problem === undefined);
    expect(trusted.map(({ id, title, status, realm }) => ({ id, title, status, realm }))).toEqual([
      { id: HALF, title: 'Half-filled draft (fixture)', status: 'has-errors', realm: '' },
      { id: COMPLETE, title: 'Acme · 012345678901 (fixture, complete)', status: 'ready', realm: 'us' },
    ]);
    const flagged = drafts.filter((draft) => draft.problem !== undefined);
    expect(flagged.map((draft) => [draft.problem, draft.title])).toEqual([
      ['untrusted', 'Planted (fixture)'],
    ]);
    expect(value(await vault.listTrash()).map((entry) => entry.id)).toEqual([DELETED]);
    await vault.close();
  });

  it('opens every draft with the content version 1 saved', async () => {
    const vault = await openCopy();
    const complete = value(await vault.load(COMPLETE));
    expect(complete.request).toEqual(draftFromRequest(await readRequest('request-us-complete.json')));
    const half = value(await vault.load(HALF));
    expect(half.request.notes).toBe('Ünïcødé note — 日本語のメモ');
    expect(half.request.awsAccountId).toBe('0123-4567-8901');
    expect(half.position).toEqual({ step: 'account', field: 'awsAccountId' });
    expect(half.checklist).toEqual(['new-keys-ready', 'old-keys-kept']);
    await vault.close();
  });

  it('verifies: the only problem is the file version 1 had already set aside', async () => {
    const vault = await openCopy();
    const report = value(await vault.verify());
    expect(report.problems.map((problem) => problem.problem)).toEqual(['quarantined']);
    await vault.close();
  });

  it('is checked with only the compliance identity, though its vault.json records no signing key', async () => {
    // no passphrase: the copy is never unlocked
    const folder = join(tempFolder('cmk-fixture-v1-identity-'), 'vault');
    cpSync(join(VAULT_V1, 'vault'), folder, { recursive: true });
    const identity = readFileSync(join(VAULT_V1, 'compliance-identity.txt'), 'utf8');
    const report = value(await verifyWithIdentity(folder, identity));
    expect(report).toMatchObject({ checked: 3, opened: 3, trusted: 0, signedUnchecked: 0 });
    expect(report.problems.map(({ file, problem }) => [file, problem])).toEqual([
      [`drafts/${COMPLETE}.age`, 'unverifiable'],
      [`drafts/${HALF}.age`, 'unverifiable'],
      [`trash/${DELETED}.age`, 'unverifiable'],
      [expect.stringMatching(/^quarantine\/untrusted-.*\.age$/), 'quarantined'],
    ]);
    expect(report.problems[3]?.message).toBe('set aside earlier as untrusted; import it or delete it');
  });

  it('a draft this app signs in it is unverifiable without the signing key, trusted with it', async () => {
    const vault = await openCopy();
    const draft = value(await vault.newDraft({ title: 'Signed in a v1 vault' }));
    const signingKey = vault.signingPublicKey;
    await vault.close();
    expect(signingKey).toMatch(/^ssh-ed25519 AAAA/);
    const identity = readFileSync(join(VAULT_V1, 'compliance-identity.txt'), 'utf8');
    const file = `drafts/${draft.id}.age`;
    const without = value(await verifyWithIdentity(vault.folder, identity));
    const found = without.problems.find((problem) => problem.file === file);
    expect(found?.problem).toBe('unverifiable');
    expect(found?.message).toMatch(/^signed, but this vault\.json records no signing key/);
    expect(without.signedUnchecked).toBe(1);
    const withKey = value(await verifyWithIdentity(vault.folder, identity, signingKey));
    expect(withKey).toMatchObject({ checked: 4, opened: 4, trusted: 1 });
    expect(withKey.problems.find((problem) => problem.file === file)).toBeUndefined();
  });

  it('exports a draft that the compliance identity opens with the age CLI', async (context) => {
    if (!existsSync(AGE)) context.skip();
    const vault = await openCopy();
    const out = join(tempFolder('cmk-fixture-export-'), 'draft.age');
    value(await vault.exportDraft(COMPLETE, out));
    await vault.close();
    const plain = execFileSync(AGE, ['-d', '-i', join(VAULT_V1, 'compliance-identity.txt'), out], {
      encoding: 'utf8',
    });
    expect(plain).toContain('"organizationId": "5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d"');
  });

  it('is not changed by the test (the committed files are read, never written)', async () => {
    const before = snapshot(VAULT_V1);
    const vault = await openCopy();
    value(await vault.list());
    await vault.close();
    expect(snapshot(VAULT_V1)).toEqual(before);
  });
});

describe('version 1 request files', () => {
  it('read as they were saved: two valid, one unfinished with its errors', async () => {
    expect(validateRequest(await readRequest('request-us-complete.json')).valid).toBe(true);
    expect(validateRequest(await readRequest('request-jp-minimal.json')).valid).toBe(true);
    const unfinished = validateRequest(await readRequest('request-eu-unfinished.json'));
    expect(unfinished.valid).toBe(false);
    expect(unfinished.errors.length).toBeGreaterThan(0);
    expect(readFileSync(join(REQUESTS_V1, 'request-eu-unfinished.json'), 'utf8')).toContain('"realm": "eu"');
  });
});
