/**
 * age's X25519 recipient type (age v1 spec, "The X25519 recipient type",
 * https://c2sp.org/age#x25519-recipient-type) with keys made once and kept as WebCrypto keys.
 *
 * Why not the age library's own: for every file it imports each X25519 private key from PKCS #8, which
 * OpenSSL 3 decodes slowly (0.38 ms an import on this machine, against 0.04 ms to generate a key pair):
 * two imports for each file encrypted, one for each file decrypted, about 1.1 ms of a 5 ms save. The files
 * are the same age files: tests check them both ways against the real `age` CLI and the library's own
 * X25519 identity and recipient.
 */
import { hkdf, webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { bech32 } from '@scure/base';
import { Stanza, type Recipient } from 'age-encryption';
import { base64NoPad, wrap } from './stanza.js';

const LABEL = 'age-encryption.org/v1/X25519';
const X25519 = { name: 'X25519' } as const;
const hkdfAsync = promisify(hkdf);
const { subtle } = webcrypto;
type CryptoKey = webcrypto.CryptoKey;

/**
 * The 32 bytes of an `age1…` recipient or an `AGE-SECRET-KEY-1…` identity (bech32, checksum checked), as
 * age writes them: recipients in small letters, identities in capitals, never mixed.
 */
function keyBytes(text: string, kind: 'recipient' | 'identity'): Uint8Array {
  const identity = kind === 'identity';
  const written = identity
    ? text.startsWith('AGE-SECRET-KEY-1') && text === text.toUpperCase()
    : text.startsWith('age1');
  const decoded = written ? bech32.decodeToBytes(identity ? text.toLowerCase() : text) : undefined;
  if (decoded?.prefix !== (identity ? 'age-secret-key-' : 'age') || decoded.bytes.length !== 32)
    throw new Error(`not an age X25519 ${kind}`);
  return decoded.bytes;
}

/** The shared secret of `privateKey` and `publicKey`; the spec refuses an all-zero one (a low-order point). */
async function sharedSecret(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array> {
  const secret = new Uint8Array(await subtle.deriveBits({ ...X25519, public: publicKey }, privateKey, 256));
  if (secret.every((byte) => byte === 0)) throw new Error('the X25519 recipient is not a valid public key');
  return secret;
}

/** A recipient for `Encrypter.addRecipient`: its public key is imported once, a fresh ephemeral key per file. */
export class X25519Recipient implements Recipient {
  readonly #recipient: Uint8Array;
  readonly #publicKey: Promise<CryptoKey>;

  /** `recipient` is an `age1…` line; throws if it is not one. */
  constructor(recipient: string) {
    this.#recipient = keyBytes(recipient, 'recipient');
    this.#publicKey = subtle.importKey('raw', Buffer.from(this.#recipient), X25519, true, []);
  }

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const ephemeral = (await subtle.generateKey(X25519, false, ['deriveBits'])) as webcrypto.CryptoKeyPair;
    const share = new Uint8Array(await subtle.exportKey('raw', ephemeral.publicKey));
    const secret = await sharedSecret(ephemeral.privateKey, await this.#publicKey);
    const salt = Buffer.concat([share, this.#recipient]);
    const wrapKey = Buffer.from(await hkdfAsync('sha256', secret, salt, LABEL, 32));
    return [new Stanza(['X25519', base64NoPad(share)], wrap(wrapKey, fileKey))];
  }
}

/** PKCS #8 framing of a raw X25519 private key (RFC 8410), the form WebCrypto imports private keys in. */
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');

/**
 * An `AGE-SECRET-KEY-1…` identity as a WebCrypto key for `Decrypter.addIdentity` (which the age library
 * accepts as an X25519 identity): imported once, not once per file. Not extractable.
 */
export async function identityKey(identity: string): Promise<CryptoKey> {
  const pkcs8 = Buffer.concat([PKCS8_X25519, keyBytes(identity, 'identity')]);
  return subtle.importKey('pkcs8', pkcs8, X25519, false, ['deriveBits']);
}
