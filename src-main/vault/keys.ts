/**
 * Keys derived from the vault's X25519 identity (HKDF-SHA256, one key per purpose), HMAC helpers, and the
 * wiping of key buffers when the process ends.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface VaultKeys {
  /** Seals drafts (HMAC over their canonical content). Kept after lock() so autosave goes on. */
  readonly seal: Buffer;
  /** Authenticates the index. Dropped at lock(). */
  readonly index: Buffer;
  /** Authenticates vault.json (recipients, identity digests). Dropped at lock(). */
  readonly config: Buffer;
  /** The seed of the vault's Ed25519 signing key (signing.ts). Kept after lock() like the seal key. */
  readonly signing: Buffer;
}

const SALT = Buffer.from('cmk-rekey/vault/v1', 'utf8');

function derive(identity: string, purpose: string): Buffer {
  const ikm = Buffer.from(identity, 'utf8');
  try {
    return track(Buffer.from(hkdfSync('sha256', ikm, SALT, `cmk-rekey/vault/v1/${purpose}`, 32)));
  } finally {
    ikm.fill(0);
  }
}

/** Derives the vault's MAC keys from its identity (`AGE-SECRET-KEY-1…`). */
export function deriveKeys(identity: string): VaultKeys {
  return {
    seal: derive(identity, 'draft-seal'),
    index: derive(identity, 'index-mac'),
    config: derive(identity, 'config-mac'),
    signing: derive(identity, 'signing-key'),
  };
}

const live = new Set<Buffer>();
let hooked = false;

/** Registers a key buffer so it is zeroed when the process exits. */
function track(key: Buffer): Buffer {
  live.add(key);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const buffer of live) buffer.fill(0);
      live.clear();
    });
  }
  return key;
}

/** Zeroes a key now (lock, close). */
export function wipe(key: Buffer | undefined): void {
  if (key === undefined) return;
  key.fill(0);
  live.delete(key);
}

/** Zeroes every key of a set. */
export function wipeKeys(keys: VaultKeys): void {
  for (const key of [keys.seal, keys.index, keys.config, keys.signing]) wipe(key);
}

/** An HMAC-SHA256 under `key` with a label for domain separation, to feed part by part (`mac` in one go). */
export function macWriter(key: Buffer, label: string): ReturnType<typeof createHmac> {
  return createHmac('sha256', key).update(`${label}\0`, 'utf8');
}

/** HMAC-SHA256 of `parts` under `key`, with a label for domain separation. */
export function mac(key: Buffer, label: string, ...parts: (string | Uint8Array)[]): Buffer {
  const hmac = macWriter(key, label);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** Canonical padded base64 only: Node's decoder skips foreign characters (`=` → `<` would still match). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/u;

/** Constant-time comparison of an expected MAC with a base64 text one, parsed strictly. */
export function macMatches(expected: Buffer, text: unknown): boolean {
  if (typeof text !== 'string' || !BASE64.test(text)) return false;
  const given = Buffer.from(text, 'base64');
  if (given.toString('base64') !== text) return false; // non-zero padding bits
  return given.length === expected.length && timingSafeEqual(given, expected);
}
