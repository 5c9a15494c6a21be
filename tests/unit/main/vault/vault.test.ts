import { existsSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyDraftRequest } from '../../../../src-shared/drafts/draft.js';
import { DraftSummarySchema, TrashEntrySchema } from '../../../../src-shared/drafts/summary.js';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  OTHER_PASSPHRASE,
  PASSPHRASE,
  completeDraftRequest,
  filesIn,
  newVault,
  removeTempFolders,
  reopen,
  snapshot,
  tempFolder,
  validDraftRequest,
  validRequestFile,
  value,
} from './helpers.js';

afterAll(removeTempFolders);

describe('creating, unlocking and locking', () => {
  it('creates a vault that is unlocked, with its folder layout', async () => {
    const vault = await newVault();
    expect(vault.isUnlocked()).toBe(true);
    expect(vault.canSave()).toBe(true);
    expect(vault.recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(filesIn(vault.folder, '.')).toEqual([
      'drafts',
      'identity.age',
      'quarantine',
      'trash',
      'vault.json',
    ]);
    expect(await Vault.exists(vault.folder)).toBe(true);
    expect(await Vault.exists(tempFolder())).toBe(false);
  });

  it('refuses a weak passphrase, with feedback, and a folder that already holds a vault', async () => {
    const weak = await Vault.create(join(tempFolder(), 'v'), 'password1', FAST);
    expect(weak).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(!weak.ok && weak.message).toMatch(/too weak/);
    const vault = await newVault();
    expect(await Vault.create(vault.folder, PASSPHRASE, FAST)).toMatchObject({ ok: false, code: 'exists' });
  });

  it('refuses extra recipients that are not X25519 age keys', async () => {
    const result = await Vault.create(join(tempFolder(), 'v'), PASSPHRASE, {
      ...FAST,
      recipients: ['age1nope'],
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid-argument' });
    // A real key with one character changed is 62 characters long: say what is wrong with it instead.
    const key = 'age1fzhys6z4jzawu2t907kemq4dk9g05837csk4pakl3xx4wn06epts2ls6cv';
    const mistyped = await Vault.create(join(tempFolder(), 'v'), PASSPHRASE, {
      ...FAST,
      recipients: [`${key.slice(0, 10)}x${key.slice(11)}`],
    });
    expect(!mistyped.ok && mistyped.message).toMatch(/a character is wrong \(its checksum does not match\)/u);
  });

  it('reports a missing vault as not-found', async () => {
    expect(await Vault.open(tempFolder(), FAST)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('a wrong passphrase says so clearly and changes nothing', async () => {
    const vault = await newVault();
    value(await vault.newDraft({ title: 'Keep me' }));
    await vault.close();
    const before = snapshot(vault.folder);
    const locked = value(await Vault.open(vault.folder, FAST));
    const result = await locked.unlock('not the passphrase at all');
    expect(result).toMatchObject({ ok: false, code: 'wrong-passphrase' });
    expect(!result.ok && result.message).toMatch(/Wrong passphrase/);
    expect(locked.isUnlocked()).toBe(false);
    expect(locked.canSave()).toBe(false);
    expect(snapshot(vault.folder)).toEqual(before);
    value(await locked.unlock(PASSPHRASE));
    expect(value(await locked.list()).map((summary) => summary.title)).toEqual(['Keep me']);
  });

  it('a vault opened but never unlocked cannot read or save', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft());
    const locked = value(await Vault.open(vault.folder, FAST));
    expect(await locked.save(draft)).toMatchObject({ ok: false, code: 'locked' });
    expect(await locked.newDraft()).toMatchObject({ ok: false, code: 'locked' });
    expect(await locked.list()).toMatchObject({ ok: false, code: 'locked' });
    expect(await locked.load(draft.id)).toMatchObject({ ok: false, code: 'locked' });
    expect(await locked.delete(draft.id)).toMatchObject({ ok: false, code: 'locked' });
  });

  it('after lock() it cannot read but autosave still works; unlock shows the saved draft', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Autosaved' }));
    await vault.lock();
    expect(vault.isUnlocked()).toBe(false);
    expect(vault.canSave()).toBe(true);
    expect(await vault.load(draft.id)).toMatchObject({ ok: false, code: 'locked' });
    const saved = value(
      await vault.save({ ...draft, request: validDraftRequest(), title: 'Saved while locked' }),
    );
    value(await vault.unlock(PASSPHRASE));
    expect(value(await vault.load(draft.id))).toEqual(saved);
    expect(value(await vault.list())).toMatchObject([
      { id: draft.id, title: 'Saved while locked', status: 'ready' },
    ]);
    await vault.close();
    expect(vault.canSave()).toBe(false);
    expect(await vault.save(saved)).toMatchObject({ ok: false, code: 'locked' });
  });

  it('changes the passphrase: the old one stops working, drafts are untouched', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Before the change' }));
    const draftFile = readFileSync(join(vault.folder, 'drafts', `${draft.id}.age`));
    expect(await vault.changePassphrase('wrong passphrase here', OTHER_PASSPHRASE)).toMatchObject({
      ok: false,
      code: 'wrong-passphrase',
    });
    expect(await vault.changePassphrase(PASSPHRASE, 'short')).toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });
    value(await vault.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE));
    expect(readFileSync(join(vault.folder, 'drafts', `${draft.id}.age`))).toEqual(draftFile);
    const again = value(await Vault.open(vault.folder, FAST));
    expect(await again.unlock(PASSPHRASE)).toMatchObject({ ok: false, code: 'wrong-passphrase' });
    value(await again.unlock(OTHER_PASSPHRASE));
    expect(value(await again.load(draft.id))).toEqual(draft);
    expect(JSON.parse(readFileSync(join(vault.folder, 'vault.json'), 'utf8'))).toMatchObject({
      identityDigests: [expect.stringMatching(/^[0-9a-f]{64}$/)],
    });
  });
});

describe('drafts', () => {
  it('round-trips a draft with every field, and lists its summary', async () => {
    const vault = await newVault();
    const created = value(await vault.newDraft({ title: 'Q3 rotation', request: completeDraftRequest() }));
    const edited = {
      ...created,
      position: { step: 'keys' as const, field: 'keys[0].newKeyArn' },
      checklist: ['kms-access', 'site-admin'],
      request: { ...created.request, notes: 'Ünïcödé ✓ — "quotes" and\nnew lines' },
    };
    const saved = value(await vault.save(edited));
    expect(saved).toEqual({ ...edited, updatedAt: saved.updatedAt, history: saved.history });
    expect(saved.history.map((entry) => [entry.event, entry.fields])).toEqual([
      ['created', undefined],
      ['edited', ['checklist', 'request.notes']],
    ]);
    expect(saved.updatedAt >= created.updatedAt).toBe(true);
    expect(value(await vault.load(created.id))).toEqual(saved);
    expect(value(await (await reopen(vault)).load(created.id))).toEqual(saved);
    const [summary] = value(await vault.list());
    expect(DraftSummarySchema.parse(summary)).toEqual({
      id: created.id,
      title: 'Q3 rotation',
      status: 'ready',
      realm: 'us',
      awsAccountId: '012345678901',
      updatedAt: saved.updatedAt,
      state: 'open',
      revision: 1,
      siteUrl: created.request.siteUrl,
      organizationId: created.request.organizationId,
    });
  });

  it('computes the status with the request rules', async () => {
    const vault = await newVault();
    const empty = value(await vault.newDraft({ title: 'empty' }));
    const realmOnly = value(
      await vault.newDraft({ title: 'realm only', request: { ...emptyDraftRequest(), realm: 'eu' } }),
    );
    const wrong = value(
      await vault.newDraft({ title: 'wrong', request: { ...validDraftRequest(), awsAccountId: '12' } }),
    );
    const ready = value(await vault.newDraft({ title: 'ready', request: validDraftRequest() }));
    const status = Object.fromEntries(
      value(await vault.list()).map((summary) => [summary.id, summary.status]),
    );
    expect(status).toEqual({
      [empty.id]: 'incomplete',
      [realmOnly.id]: 'incomplete',
      [wrong.id]: 'has-errors',
      [ready.id]: 'ready',
    });
  });

  it('rejects a document that is not a valid draft', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft());
    const result = await vault.save({ ...draft, id: '../../etc/passwd' });
    expect(result).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(await vault.load('../x')).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(await vault.load('0'.repeat(32))).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('duplicates and renames', async () => {
    const vault = await newVault();
    const original = value(await vault.newDraft({ title: 'Original', request: validDraftRequest() }));
    const copy = value(await vault.duplicate(original.id));
    expect(copy.id).not.toBe(original.id);
    expect(copy.title).toBe('Original (copy)');
    expect(copy.request).toEqual(original.request);
    const renamed = value(await vault.rename(original.id, '  Renamed   draft '));
    expect(renamed.title).toBe('Renamed draft');
    const titles = value(await vault.list()).map((summary) => summary.title);
    expect(titles.sort()).toEqual(['Original (copy)', 'Renamed draft']);
  });

  it('deletes into a restorable trash', async () => {
    const vault = await newVault();
    const keep = value(await vault.newDraft({ title: 'Keep' }));
    const gone = value(await vault.newDraft({ title: 'Gone' }));
    value(await vault.delete(gone.id));
    expect(value(await vault.list()).map((summary) => summary.id)).toEqual([keep.id]);
    expect(await vault.load(gone.id)).toMatchObject({ ok: false, code: 'not-found' });
    const trash = value(await vault.listTrash());
    expect(trash).toHaveLength(1);
    expect(TrashEntrySchema.parse(trash[0])).toMatchObject({ id: gone.id, title: 'Gone' });
    expect(Date.parse(trash[0]?.deletedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    value(await vault.restore(gone.id));
    expect(value(await vault.load(gone.id))).toEqual(gone);
    expect(value(await vault.listTrash())).toEqual([]);
    expect(await vault.restore(gone.id)).toMatchObject({ ok: false, code: 'not-found' });
    value(await vault.delete(gone.id));
    expect(value(await vault.emptyTrash())).toBe(1);
    expect(filesIn(vault.folder, 'trash')).toEqual([]);
    expect(await vault.delete(gone.id)).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('says in words why a save failed, without the temp file the system names', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Kept on screen' }));
    const drafts = join(vault.folder, 'drafts');
    renameSync(drafts, `${drafts}-away`);
    writeFileSync(drafts, 'not a folder');
    expect(await vault.save({ ...draft, title: 'Edited' })).toEqual({
      ok: false,
      code: 'io',
      message: 'The vault could not be updated: a part of the path is not a folder (ENOTDIR).',
    });
  });

  it('refuses a late save of a draft in the trash: it is not brought back as a new draft', async () => {
    const vault = await newVault();
    const gone = value(await vault.newDraft({ title: 'Gone' }));
    value(await vault.delete(gone.id));
    const late = await vault.save({
      ...gone,
      request: { ...gone.request, siteUrl: 'https://late.atlassian.net' },
    });
    expect(late).toMatchObject({ ok: false, code: 'not-found' });
    expect(!late.ok && late.message).toMatch(/in the trash/);
    expect(filesIn(vault.folder, 'drafts')).toEqual([]);
    value(await vault.restore(gone.id));
    expect(value(await vault.load(gone.id))).toEqual(gone);
  });

  it('exports a draft as an age file and imports it back as a new draft', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Exported', request: validDraftRequest() }));
    const out = join(tempFolder(), 'exported.age');
    value(await vault.exportDraft(draft.id, out));
    expect(readFileSync(out).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    const imported = value(await vault.importFile(out));
    expect(imported.id).not.toBe(draft.id);
    expect(imported).toMatchObject({ title: 'Exported', request: draft.request });
    expect(value(await vault.load(imported.id))).toEqual(imported);
  });

  it('exports to another recipient, who can read it with their own key', async () => {
    const vault = await newVault();
    const identity = await generateIdentity();
    const draft = value(await vault.newDraft({ title: 'For the auditor' }));
    const out = join(tempFolder(), 'for-auditor.age');
    value(await vault.exportDraft(draft.id, out, [await identityToRecipient(identity)]));
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    const envelope = JSON.parse(await decrypter.decrypt(readFileSync(out), 'text')) as { draft: unknown };
    // Stored as version 2 (it keeps no key pairs set aside), which older apps open too.
    expect(envelope.draft).toEqual({ ...draft, version: 2 });
    expect(await vault.importFile(out)).toMatchObject({ ok: false, code: 'corrupt' });
  });

  it('imports a request as a new draft, even while locked after a first unlock', async () => {
    const vault = await newVault();
    await vault.lock();
    const draft = value(
      await vault.importRequest({ format: 'cmk-rekey/request', version: 1, realm: 'eu' }, 'req'),
    );
    expect(draft).toMatchObject({ title: 'req', request: { realm: 'eu', siteUrl: '' } });
  });

  it('titles an imported request, or a draft whose title says nothing, by its site host and AWS account', async () => {
    const vault = await newVault();
    const site = 'acme-cloud.atlassian.net';
    const request = value(await vault.importRequest(validRequestFile('eu'), 'export-2026-11-30'));
    expect(request.title).toBe(`${site} · 012345678901`);
    const accountOnly = { ...validRequestFile('eu'), siteUrl: '' };
    expect(value(await vault.importRequest(accountOnly, 'x')).title).toBe('AWS account 012345678901');

    const imported: string[] = [];
    for (const [title, file] of [
      ['Untitled draft', 'a.age'],
      ['rotation-draft', 'rotation-draft.age'],
      ['old name.json', 'b.age'],
      ['EU rotation, March window', 'c.age'],
    ] as const) {
      const draft = value(await vault.newDraft({ title, request: validDraftRequest() }));
      const out = join(tempFolder(), file);
      value(await vault.exportDraft(draft.id, out));
      imported.push(value(await vault.importFile(out)).title);
    }
    expect(imported).toEqual([
      `${site} · 012345678901`,
      `${site} · 012345678901`,
      `${site} · 012345678901`,
      'EU rotation, March window',
    ]);
    // Nothing in the content to name it by: the title stays as it was.
    const empty = value(await vault.newDraft({ title: 'Untitled draft' }));
    const out = join(tempFolder(), 'empty.age');
    value(await vault.exportDraft(empty.id, out));
    expect(value(await vault.importFile(out)).title).toBe('Untitled draft');
  });
});

describe('extra recipients', () => {
  it('encrypts every draft to the extra recipients too', async () => {
    const compliance = await generateIdentity();
    const vault = await newVault({ recipients: [await identityToRecipient(compliance)] });
    expect(vault.extraRecipients).toEqual([await identityToRecipient(compliance)]);
    const draft = value(await vault.newDraft({ title: 'Audited' }));
    const decrypter = new Decrypter();
    decrypter.addIdentity(compliance);
    const text = await decrypter.decrypt(
      readFileSync(join(vault.folder, 'drafts', `${draft.id}.age`)),
      'text',
    );
    expect(JSON.parse(text)).toMatchObject({
      format: 'cmk-rekey/sealed-draft',
      draft: { ...draft, version: 2 },
    });
  });

  it('changes the extra recipients for later saves', async () => {
    const vault = await newVault();
    const compliance = await generateIdentity();
    value(await vault.setRecipients(PASSPHRASE, [await identityToRecipient(compliance)]));
    expect(await vault.setRecipients(PASSPHRASE, ['nope'])).toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });
    const again = await reopen(vault);
    expect(again.extraRecipients).toEqual([await identityToRecipient(compliance)]);
  });
});

describe('the index', () => {
  it('is written encrypted, rebuilt when missing, and refreshed when a draft changes elsewhere', async () => {
    const vault = await newVault();
    const drafts = [];
    for (let i = 0; i < 20; i++) drafts.push(value(await vault.newDraft({ title: `Draft ${String(i)}` })));
    value(await vault.list());
    value(await vault.flush());
    const index = readFileSync(join(vault.folder, 'index.age'));
    expect(index.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(index.includes(Buffer.from('Draft 1'))).toBe(false);

    const other = await reopen(vault);
    const first = drafts[0];
    if (first === undefined) throw new Error('no draft');
    value(await other.save({ ...first, title: 'Changed elsewhere' }));
    const titles = value(await vault.list()).map((summary) => summary.title);
    expect(titles).toContain('Changed elsewhere');

    // No other instance may hold the folder's lock while the third writes its index at lock(): that write
    // does not wait (the index is a cache), so a delayed flush of these two could make it skip.
    await other.close();
    await vault.close();
    rmSync(join(vault.folder, 'index.age'));
    const third = await reopen(vault);
    expect(value(await third.list())).toHaveLength(20);
    await third.lock();
    expect(existsSync(join(vault.folder, 'index.age'))).toBe(true);
  });

  it('is not written, and the folder not locked, by a process that only reads (export, verify)', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Read only' }));
    await vault.close();
    const changes: string[] = [];
    const watcher = watch(vault.folder, (_event, name) => changes.push(String(name)));
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
    try {
      const reader = await reopen(vault);
      value(await reader.list());
      value(await reader.load(draft.id));
      await reader.close();
      await settle();
      expect(changes).toEqual([]);
      // The same watch sees a writer take the lock and write the index.
      const writer = await reopen(vault);
      value(await writer.save({ ...draft, title: 'Written' }));
      await writer.close();
      await settle();
      expect(changes).toEqual(expect.arrayContaining(['vault.lock', 'index.age']));
    } finally {
      watcher.close();
    }
  });

  it('drops entries of drafts removed behind its back', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft());
    value(await vault.list());
    rmSync(join(vault.folder, 'drafts', `${draft.id}.age`));
    expect(value(await vault.list())).toEqual([]);
  });
});

describe('the event loop during unlock', () => {
  it('keeps the event loop turning while the production scrypt (N = 2^18) derives the key', async () => {
    const folder = join(tempFolder(), 'vault');
    const created = value(await Vault.create(folder, PASSPHRASE));
    await created.close();
    // the production work factor, in the age header of the passphrase-encrypted identity
    expect(readFileSync(join(folder, 'identity.age'), 'latin1')).toMatch(/^-> scrypt \S+ 18$/m);
    const vault = value(await Vault.open(folder));
    // Turns of the event loop while unlock runs, counted without timing it (a loaded machine only makes a
    // derivation off the main thread slower, never one on it turn the loop): a derivation on the main
    // thread would allow a handful, one in the thread pool hundreds.
    let turns = 0;
    let unlocking = true;
    const turn = (): void => {
      turns += 1;
      if (unlocking) setImmediate(turn);
    };
    setImmediate(turn);
    const result = await vault.unlock(PASSPHRASE);
    unlocking = false;
    value(result);
    expect(turns).toBeGreaterThan(50);
  }, 30_000);
});
