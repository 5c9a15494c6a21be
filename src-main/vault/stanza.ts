/**
 * What age's recipient types share (age v1 spec, https://c2sp.org/age): stanza arguments in unpadded
 * base64, and the file key wrapped with ChaCha20-Poly1305 under a key used once, with a zero nonce.
 *
 * ChaCha20-Poly1305 is the age library's own (@noble/ciphers), not `node:crypto`'s: Electron's Node is
 * built on BoringSSL, which has no `chacha20-poly1305` cipher for createCipheriv ("Unknown cipher"), so
 * under Electron no vault could be created, unlocked or saved to (tests/unit/main/electron-crypto.test.ts).
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';

const ZERO_NONCE = new Uint8Array(12);

export function base64NoPad(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/u, '');
}

/** The 16-byte file key sealed under `key`: 32 bytes, the body of a stanza. */
export function wrap(key: Uint8Array, fileKey: Uint8Array): Buffer {
  return Buffer.from(chacha20poly1305(key, ZERO_NONCE).encrypt(fileKey));
}

/** The file key from a stanza's 32-byte body, or null when `key` is not the one it was sealed under. */
export function unwrap(key: Uint8Array, body: Uint8Array): Buffer | null {
  try {
    return Buffer.from(chacha20poly1305(key, ZERO_NONCE).decrypt(body));
  } catch {
    return null;
  }
}
