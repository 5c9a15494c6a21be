/**
 * age's X25519 recipient type done with keys imported once (src-main/vault/x25519.ts): files it encrypts
 * open with the real `age` CLI and with the age library's own identity; files those encrypt open with it;
 * the stanza is age's; bad keys are refused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bech32 } from '@scure/base';
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { IdentityDecrypter, RecipientEncrypter } from '../../../../src-main/vault/age-files.js';
import { X25519Recipient, identityKey } from '../../../../src-main/vault/x25519.js';
import { removeTempFolders, tempFolder } from './helpers.js';

afterAll(removeTempFolders);

const AGE = '/usr/bin/age';
const TEXT = 'CMK re-encryption request: ünïcödé and 😀, then more than one chunk?';

async function keyPair(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateIdentity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The header lines of an age file (up to the MAC line). */
function header(file: Uint8Array): string[] {
  const text = Buffer.from(file).toString('latin1');
  return text.slice(0, text.indexOf('\n---')).split('\n');
}

describe('files it encrypts', () => {
  it('open with the age library’s own X25519 identity, and carry one age X25519 stanza with a fresh share', async () => {
    const { identity, recipient } = await keyPair();
    const encrypter = new RecipientEncrypter([recipient]);
    const [one, two] = [await encrypter.encrypt(TEXT), await encrypter.encrypt(TEXT)];
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    expect(await decrypter.decrypt(one, 'text')).toBe(TEXT);
    const lines = header(one);
    expect(lines[0]).toBe('age-encryption.org/v1');
    expect(lines[1]).toMatch(/^-> X25519 [A-Za-z0-9+/]{43}$/u);
    // The body: the 16-byte file key and its 16-byte tag, unpadded base64 (43 characters).
    expect(lines[2]).toMatch(/^[A-Za-z0-9+/]{43}$/u);
    expect(lines).toHaveLength(3);
    expect(header(two)[1]).not.toBe(lines[1]);
  });

  it.skipIf(!existsSync(AGE))(
    'open with the real age CLI (`age -d -i`), for each of several recipients',
    async () => {
      const folder = tempFolder();
      const pairs = [await keyPair(), await keyPair()];
      const file = join(folder, 'request.age');
      writeFileSync(file, await new RecipientEncrypter(pairs.map((pair) => pair.recipient)).encrypt(TEXT));
      for (const [i, pair] of pairs.entries()) {
        const key = join(folder, `key-${String(i)}.txt`);
        writeFileSync(key, `${pair.identity}\n`);
        expect(execFileSync(AGE, ['-d', '-i', key, file], { encoding: 'utf8' })).toBe(TEXT);
      }
    },
  );
});

describe('files others encrypt', () => {
  it('open with the identity imported once: the age library’s recipient, and the real age CLI (`age -r`)', async () => {
    const { identity, recipient } = await keyPair();
    const decrypter = await IdentityDecrypter.create(identity);
    const library = new Encrypter();
    library.addRecipient(recipient);
    expect(await decrypter.decrypt(await library.encrypt(TEXT))).toEqual({ ok: true, text: TEXT });
    if (existsSync(AGE)) {
      const folder = tempFolder();
      writeFileSync(join(folder, 'plain.txt'), TEXT);
      execFileSync(AGE, ['-r', recipient, '-o', join(folder, 'cli.age'), join(folder, 'plain.txt')]);
      expect(await decrypter.decrypt(readFileSync(join(folder, 'cli.age')))).toEqual({
        ok: true,
        text: TEXT,
      });
    }
  });

  it('another identity’s file is foreign, and a damaged stanza body does not open', async () => {
    const mine = await keyPair();
    const other = await keyPair();
    const decrypter = await IdentityDecrypter.create(mine.identity);
    const foreign = await new RecipientEncrypter([other.recipient]).encrypt(TEXT);
    expect(await decrypter.decrypt(foreign)).toMatchObject({ ok: false, foreign: true });
    const file = Buffer.from(await new RecipientEncrypter([mine.recipient]).encrypt(TEXT));
    const body = file.indexOf('\n', file.indexOf('-> X25519')) + 1;
    file[body] = file[body] === 0x41 ? 0x42 : 0x41; // one base64 character of the wrapped file key
    expect((await decrypter.decrypt(file)).ok).toBe(false);
  });
});

describe('bad keys', () => {
  it('refuses what is not an age1 recipient: an identity, a bad checksum, mixed case, another prefix', async () => {
    const { identity, recipient } = await keyPair();
    const flipped = recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q');
    const mixed = recipient.slice(0, 10) + recipient.slice(10).toUpperCase();
    const other = bech32.encode('xyz', bech32.toWords(new Uint8Array(32)));
    for (const bad of [identity, flipped, mixed, other, ''])
      expect(() => new X25519Recipient(bad), bad).toThrow();
    for (const bad of [
      recipient,
      identity.toLowerCase(),
      identity.slice(0, 20) + identity.slice(20).toLowerCase(),
    ])
      await expect(identityKey(bad), bad).rejects.toThrow('not an age X25519 identity');
    expect(() => new X25519Recipient(recipient.toUpperCase())).toThrow('not an age X25519 recipient');
    await expect(identityKey(identity)).resolves.toBeDefined();
  });

  it('refuses to encrypt to a low-order point (all-zero shared secret), as the age spec requires', async () => {
    const zero = new X25519Recipient(bech32.encode('age', bech32.toWords(new Uint8Array(32))));
    await expect(zero.wrapFileKey(new Uint8Array(16))).rejects.toThrow();
  });
});
