/**
 * The age "scrypt" recipient type (passphrase-encrypted files) over Node's asynchronous crypto.scrypt, which
 * runs on libuv's thread pool: the 0.5 s key derivation never blocks the event loop, unlike the package's
 * pure-JS scrypt. Same stanza as age (https://age-encryption.org/v1): `-> scrypt <salt> <logN>`, key =
 * scrypt(passphrase, "age-encryption.org/v1/scrypt" || salt, N=2^logN, r=8, p=1, 32 bytes), body =
 * ChaCha20-Poly1305(key, zero nonce, file key). Files interoperate with `age -p` / `age -d` both ways.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { Decrypter, Encrypter, Stanza, type Identity, type Recipient } from 'age-encryption';
import { DEFAULT_SCRYPT_WORK_FACTOR, MAX_SCRYPT_WORK_FACTOR } from '../../src-shared/policy/policy-schema.js';
import { decryptBytes, encryptBytes } from './age-files.js';
import { base64NoPad, unwrap, wrap } from './stanza.js';

// age's default (N = 2^18), and the highest accepted when decrypting (as typage does): a planted file
// cannot stall unlock. Shared with the policy's minScryptWorkFactor range.
export { DEFAULT_SCRYPT_WORK_FACTOR, MAX_SCRYPT_WORK_FACTOR };

const LABEL = 'age-encryption.org/v1/scrypt';
/** Strict decoding: canonical unpadded standard base64 only, as the age spec requires. */
function decodeBase64NoPad(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*$/u.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return base64NoPad(bytes) === text ? bytes : undefined;
}

function deriveKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  const input = Buffer.concat([Buffer.from(LABEL, 'utf8'), salt]);
  return new Promise((resolve, reject) => {
    // maxmem: scrypt needs 128·N·r bytes (256 MiB at logN 18); allow twice that.
    scrypt(passphrase, input, 32, { N, r: 8, p: 1, maxmem: 2 * 128 * N * 8 }, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

/** Encrypts a file key to a passphrase (the only stanza of its file, as age requires). */
export class AsyncScryptRecipient implements Recipient {
  constructor(
    private readonly passphrase: string,
    private readonly logN: number = DEFAULT_SCRYPT_WORK_FACTOR,
  ) {
    if (!Number.isInteger(logN) || logN < 1 || logN > MAX_SCRYPT_WORK_FACTOR)
      throw new RangeError(
        `scrypt work factor must be an integer from 1 to ${String(MAX_SCRYPT_WORK_FACTOR)}`,
      );
  }

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const key = await deriveKey(this.passphrase, salt, this.logN);
    try {
      return [new Stanza(['scrypt', base64NoPad(salt), String(this.logN)], wrap(key, fileKey))];
    } finally {
      key.fill(0);
    }
  }
}

/** Decrypts a passphrase-encrypted file's key; null when the passphrase is wrong (or the stanza damaged). */
export class AsyncScryptIdentity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    for (const stanza of stanzas) {
      if (stanza.args[0] !== 'scrypt') continue;
      if (stanzas.length !== 1) throw new Error('scrypt recipient is not the only one in the header');
      const [, saltText = '', logNText = ''] = stanza.args;
      if (stanza.args.length !== 3 || !/^[1-9][0-9]?$/u.test(logNText))
        throw new Error('invalid scrypt stanza');
      const salt = decodeBase64NoPad(saltText);
      if (salt?.length !== 16) throw new Error('invalid scrypt stanza');
      const logN = Number(logNText);
      if (logN > MAX_SCRYPT_WORK_FACTOR) throw new Error('scrypt work factor is too high');
      if (stanza.body.length !== 32) throw new Error('invalid scrypt stanza');
      const key = await deriveKey(this.passphrase, salt, logN);
      try {
        const fileKey = unwrap(key, stanza.body);
        if (fileKey !== null) return fileKey;
      } finally {
        key.fill(0);
      }
    }
    return null;
  }
}

/** age-encrypts `plaintext` with a passphrase, without blocking the event loop. */
export async function encryptWithPassphrase(
  plaintext: string | Uint8Array,
  passphrase: string,
  logN: number = DEFAULT_SCRYPT_WORK_FACTOR,
): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(new AsyncScryptRecipient(passphrase, logN));
  return encryptBytes(encrypter, plaintext);
}

/** Decrypts a passphrase-encrypted age file; throws "no identity matched…" when the passphrase is wrong. */
export async function decryptWithPassphrase(ciphertext: Uint8Array, passphrase: string): Promise<string> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(new AsyncScryptIdentity(passphrase));
  return new TextDecoder().decode(await decryptBytes(decrypter, ciphertext));
}
