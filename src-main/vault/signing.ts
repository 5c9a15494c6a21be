/**
 * The vault's Ed25519 signing key. Its 32-byte seed is derived from the vault's X25519 identity (HKDF, like
 * the MAC keys), so it is kept exactly as the identity is: encrypted under the passphrase in identity.age,
 * never written anywhere in the clear. The public key is in vault.json and printed by `vault info`, also in
 * OpenSSH form (`ssh-ed25519 AAAA…`), so anyone can check a draft's signature (or an evidence pack's SSHSIG)
 * with standard tools and without the passphrase.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** PKCS #8 DER prefix of an Ed25519 private key (RFC 8410); the 32-byte seed follows. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SPKI DER prefix of an Ed25519 public key; the 32-byte key follows. */
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const SSH_TYPE = 'ssh-ed25519';

export function signingKeyFromSeed(seed: Buffer): KeyObject {
  const der = Buffer.concat([PKCS8_ED25519, seed]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

/** The raw 32-byte public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32);
}

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** The OpenSSH wire blob of an Ed25519 public key (string "ssh-ed25519", string key). */
export function sshPublicKeyBlob(key: KeyObject): Buffer {
  return Buffer.concat([sshString(Buffer.from(SSH_TYPE)), sshString(rawPublicKey(key))]);
}

/** `ssh-ed25519 AAAA… comment`: the line for an allowed_signers file or `ssh-keygen -Y verify`. */
export function openSshPublicKey(key: KeyObject, comment = 'cmk-rekey-vault'): string {
  return `${SSH_TYPE} ${sshPublicKeyBlob(key).toString('base64')} ${comment}`;
}

/** Reads an `ssh-ed25519 AAAA… [comment]` line back into a public key; undefined if it is not one. */
export function publicKeyFromOpenSsh(line: string): KeyObject | undefined {
  const [type, base64] = line.trim().split(/\s+/u);
  if (type !== SSH_TYPE || base64 === undefined || !/^[A-Za-z0-9+/]+={0,2}$/u.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  const expected = sshString(Buffer.from(SSH_TYPE));
  if (blob.length !== expected.length + 4 + 32 || !blob.subarray(0, expected.length).equals(expected))
    return undefined;
  if (blob.readUInt32BE(expected.length) !== 32) return undefined;
  const raw = blob.subarray(expected.length + 4);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

/** Ed25519 signature over a label (domain separation) and the message. */
export function signLabelled(key: KeyObject, label: string, message: string): Buffer {
  return sign(null, Buffer.concat([Buffer.from(`${label}\0`, 'utf8'), Buffer.from(message, 'utf8')]), key);
}

export function verifyLabelled(key: KeyObject, label: string, message: string, signature: Buffer): boolean {
  try {
    return verify(
      null,
      Buffer.concat([Buffer.from(`${label}\0`, 'utf8'), Buffer.from(message, 'utf8')]),
      key,
      signature,
    );
  } catch {
    return false;
  }
}
