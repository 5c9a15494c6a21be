/**
 * Key pairs kept from an earlier realm choice belong to the draft: saved encrypted with it (draft version
 * 3), checked by main like every other field, and never part of a request file. A draft without them is
 * stored as version 2, which older apps still open.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/cli/main.js';
import type { Vault } from '../../../../src-main/vault/vault.js';
import { MAX_KEYS_SET_ASIDE, type DraftDocument } from '../../../../src-shared/drafts/draft.js';
import { DraftDocumentV2Schema } from '../../../../src-shared/drafts/draft-schema.js';
import { DRAFT_CHAIN } from '../../../../src-shared/formats/chains.js';
import { migrate } from '../../../../src-shared/formats/migrate.js';
import {
  PASSPHRASE,
  newVault,
  removeTempFolders,
  reopen,
  snapshot,
  tempFolder,
  validDraftRequest,
  value,
} from './helpers.js';

afterAll(removeTempFolders);

const WEST = 'arn:aws:kms:eu-west-1:111122223333:key/0000abcd-12ab-34cd-56ef-1234567890ab';
const KEPT = [{ oldKeyArn: WEST, newKeyArn: '', region: 'eu-west-1' }];

/** The draft exactly as stored in its file, read with a second recipient's key (as compliance would). */
async function storedDraft(vault: Vault, id: string): Promise<Record<string, unknown>> {
  const identity = await generateIdentity();
  const out = join(tempFolder(), 'stored.age');
  value(await vault.exportDraft(id, out, [await identityToRecipient(identity)]));
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  const envelope = JSON.parse(await decrypter.decrypt(readFileSync(out), 'text')) as {
    draft: Record<string, unknown>;
  };
  return envelope.draft;
}

/** What an app that knows only draft versions 1 and 2 makes of a stored draft. */
function olderApp(stored: Record<string, unknown>) {
  const migrated = migrate(stored, { ...DRAFT_CHAIN, steps: DRAFT_CHAIN.steps.slice(0, 1) });
  return migrated.kind === 'current'
    ? DraftDocumentV2Schema.safeParse(migrated.document).success
    : migrated.kind;
}

describe('key pairs kept from an earlier realm choice', () => {
  it('are saved with the draft and come back after lock, unlock and a restart', async () => {
    const vault = await newVault();
    const germany = {
      ...validDraftRequest(),
      realm: 'de' as const,
      keys: validDraftRequest().keys.slice(0, 1),
    };
    const draft = value(await vault.newDraft({ title: 'EU keys', request: germany }));
    const saved = value(await vault.save({ ...draft, keysSetAside: KEPT }));
    expect(saved.keysSetAside).toEqual(KEPT);
    expect(saved.history.at(-1)?.fields).toEqual(['keysSetAside']);
    await vault.lock();
    value(await vault.unlock(PASSPHRASE));
    expect(value(await vault.load(draft.id))).toEqual(saved);
    const restarted = await reopen(vault);
    expect(value(await restarted.load(draft.id)).keysSetAside).toEqual(KEPT);
    await restarted.close();
  });

  it('make the stored draft version 3, which an older app refuses without touching; without them it is version 2', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest() }));
    const plain = await storedDraft(vault, draft.id);
    expect(plain).toMatchObject({ version: 2 });
    expect(plain).not.toHaveProperty('keysSetAside');
    expect(olderApp(plain)).toBe(true);

    const kept = value(await vault.save({ ...draft, keysSetAside: KEPT }));
    const newer = await storedDraft(vault, draft.id);
    expect(newer).toMatchObject({ version: 3, keysSetAside: KEPT });
    expect(olderApp(newer)).toBe('newer');

    // Discarded (or restored): nothing is left, and the draft is version 2 again.
    const rest: DraftDocument = { ...kept };
    delete rest.keysSetAside;
    value(await vault.save(rest));
    expect(await storedDraft(vault, draft.id)).toMatchObject({ version: 2 });
    expect(olderApp(await storedDraft(vault, draft.id))).toBe(true);
    await vault.close();
  });

  it('are checked by main: too many, too long, an unknown region or an empty list is refused and nothing is written', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest() }));
    const before = snapshot(vault.folder);
    const pair = { oldKeyArn: WEST, newKeyArn: '' };
    for (const keysSetAside of [
      Array.from({ length: MAX_KEYS_SET_ASIDE + 1 }, () => pair),
      [{ ...pair, newKeyArn: 'a'.repeat(501) }],
      [{ ...pair, region: 'moon-1' }],
      [],
    ]) {
      expect(await vault.save({ ...draft, keysSetAside })).toMatchObject({
        ok: false,
        code: 'invalid-argument',
        message: /keysSetAside/,
      });
    }
    expect(snapshot(vault.folder)).toEqual(before);
    const most = Array.from({ length: MAX_KEYS_SET_ASIDE }, () => pair);
    expect(value(await vault.save({ ...draft, keysSetAside: most })).keysSetAside).toHaveLength(
      MAX_KEYS_SET_ASIDE,
    );
    await vault.close();
  });

  it('stay with a duplicate and with a draft exported as .age and imported again', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest() }));
    value(await vault.save({ ...draft, keysSetAside: KEPT }));
    expect(value(await vault.duplicate(draft.id)).keysSetAside).toEqual(KEPT);
    const out = join(tempFolder(), 'kept.age');
    value(await vault.exportDraft(draft.id, out));
    const imported = value(await vault.importFile(out));
    expect(imported.keysSetAside).toEqual(KEPT);
    expect(value(await vault.load(imported.id)).keysSetAside).toEqual(KEPT);
    await vault.close();
  });

  it('are not part of the request file the draft exports', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest() }));
    value(await vault.save({ ...draft, keysSetAside: KEPT }));
    await vault.close();
    let out = '';
    const code = await runCli(['drafts', 'export', '--vault', vault.folder, draft.id, '--passphrase-stdin'], {
      stdout: (text) => (out += text),
      stderr: () => undefined,
      stdin: Readable.from([`${PASSPHRASE}\n`]),
      stdinIsTTY: false,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ format: 'cmk-rekey/request', realm: 'eu' });
    expect(out).not.toContain(WEST);
    expect(out).not.toContain('keysSetAside');
  });
});
