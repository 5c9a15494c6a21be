/**
 * What age's recipient types share (age v1 spec, https://c2sp.org/age): stanza arguments in unpadded
 * base64, and the file key wrapped with ChaCha20-Poly1305 under a key used once, with a zero nonce.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const ZERO_NONCE = Buffer.alloc(12);

export function base64NoPad(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/u, '');
}

/** The 16-byte file key sealed under `key`: 32 bytes, the body of a stanza. */
export function wrap(key: Buffer, fileKey: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
  return Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
}

/** The file key from a stanza's body, or null when `key` is not the one it was sealed under. */
export function unwrap(key: Buffer, body: Uint8Array): Buffer | null {
  const decipher = createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: 16 });
  decipher.setAuthTag(body.subarray(16));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, 16)), decipher.final()]);
  } catch {
    return null;
  }
}
