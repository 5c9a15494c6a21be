/**
 * The vault and the archive with `node:crypto` as Electron's main process has it (BoringSSL: see
 * tests/support/electron-crypto.ts), which every main test gets from electron-setup.ts: that the stand-in
 * is in place, and the crypto paths of main in one go (a vault's life, passphrase files, a sealed pack).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllowedSigners } from '../../../src-main/archive/sshsig.js';
import { sealDraft } from '../../../src-main/archive/seal-draft.js';
import { verifyPack } from '../../../src-main/archive/verify-pack.js';
import { decryptWithPassphrase, encryptWithPassphrase } from '../../../src-main/vault/scrypt.js';
import { verifyWithIdentity } from '../../../src-main/vault/vault.js';
import { tempArchive } from '../../fixtures/packs.js';
import {
  OTHER_PASSPHRASE,
  PASSPHRASE,
  newVault,
  removeTempFolders,
  reopen,
  validDraftRequest,
  value,
} from './vault/helpers.js';

afterAll(removeTempFolders);

describe("main-process crypto with Electron's BoringSSL", () => {
  it('the stand-in refuses what Electron refuses, as Electron does', () => {
    expect(() => createCipheriv('chacha20-poly1305', randomBytes(32), randomBytes(12))).toThrow(
      'Unknown cipher',
    );
    expect(() => createHash('sha3-256')).toThrow('Digest method not supported');
    expect(createHash('sha256').update('abc').digest('hex')).toMatch(/^ba7816bf/);
  });

  it('a passphrase file is written and read', async () => {
    const sealed = await encryptWithPassphrase('identity text', PASSPHRASE, 10);
    expect(await decryptWithPassphrase(sealed, PASSPHRASE)).toBe('identity text');
    await expect(decryptWithPassphrase(sealed, OTHER_PASSPHRASE)).rejects.toThrow(/no identity matched/);
  });

  it('a vault is created, saved to, locked, unlocked, given a new passphrase and key, and checked', async () => {
    const extra = await generateIdentity();
    const vault = await newVault({ recipients: [await identityToRecipient(extra)] });
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    const saved = value(await vault.save({ ...draft, title: 'EU keys, renamed' }));
    await vault.lock();
    value(await vault.unlock(PASSPHRASE));
    expect(value(await vault.list()).map((summary) => summary.title)).toEqual(['EU keys, renamed']);

    value(await vault.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE));
    const again = await reopen(vault, OTHER_PASSPHRASE);
    expect(value(await again.load(draft.id))).toMatchObject({ title: saved.title, request: saved.request });
    expect(value(await again.reencrypt())).toMatchObject({ skipped: [] });
    expect(value(await again.verify())).toMatchObject({ problems: [], trusted: 1 });
    expect(value(await verifyWithIdentity(again.folder, extra))).toMatchObject({ problems: [], opened: 1 });

    value(await again.markSent(draft.id, { ticket: 'ABC-123456' }));
    const pack = value(await sealDraft(again, draft.id, await tempArchive()));
    const signers = parseAllowedSigners(`vault ${again.signingPublicKey ?? ''}\n`);
    expect(await verifyPack(pack.path, { allowedSigners: signers })).toMatchObject({ verdict: 'valid' });
    await again.close();
    await vault.close();
  }, 60_000);
});
