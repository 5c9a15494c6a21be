/**
 * The vault's X25519 identity, stored passphrase-encrypted in identity.age (age scrypt), in the text
 * format of `age-keygen` so that, once decrypted with `age -d`, it works as `age -d -i <file>`.
 */
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import {
  IDENTITY_FILE,
  readConfig,
  readVaultFile,
  sha256Hex,
  writeConfig,
  type ConfigContent,
  type VaultConfig,
} from './config.js';
import type { VaultKeys } from './keys.js';
import { decryptWithPassphrase, encryptWithPassphrase } from './scrypt.js';

const MAX_IDENTITY_BYTES = 64 * 1024;

export interface NewIdentity {
  readonly identity: string;
  readonly recipient: string;
}

export async function generateVaultIdentity(): Promise<NewIdentity> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

const GENERATION_PREFIX = '# cmk-rekey settings generation: ';
const GENERATION_LINE = /^# cmk-rekey settings generation: ([1-9][0-9]{0,15})$/u;

/**
 * The identity file's plaintext, as age-keygen writes it, plus a comment line (which age ignores) with
 * the generation of vault.json that goes with it: authenticated by the passphrase's encryption.
 */
export function identityFileText(
  { identity, recipient }: NewIdentity,
  createdAt: string,
  generation: number,
): string {
  return `# created: ${createdAt}\n# public key: ${recipient}\n${GENERATION_PREFIX}${String(generation)}\n${identity}\n`;
}

/** The settings generation an identity file's plaintext records: 0 if none (version 1), -1 if unclear. */
export function generationInText(text: string): number {
  const lines = text.split(/\r?\n/u).filter((line) => line.startsWith(GENERATION_PREFIX));
  if (lines.length === 0) return 0;
  const match = lines.length === 1 ? GENERATION_LINE.exec(lines[0] ?? '') : null;
  return match?.[1] === undefined ? -1 : Number(match[1]);
}

/** The same plaintext recording another generation (added after the public key line if it had none). */
export function withGeneration(text: string, generation: number): string {
  const line = `${GENERATION_PREFIX}${String(generation)}`;
  const lines = text.split('\n').filter((entry) => !entry.startsWith(GENERATION_PREFIX));
  const key = lines.findIndex((entry) => entry.startsWith('AGE-SECRET-KEY-1'));
  lines.splice(key < 0 ? 0 : key, 0, line);
  return lines.join('\n');
}

/** Every `AGE-SECRET-KEY-1…` line of an identity file, in order (`age -i` takes a file with several). */
export function identitiesInText(text: string): string[] {
  return text.split(/\r?\n/u).filter((line) => line.startsWith('AGE-SECRET-KEY-1'));
}

/** The `AGE-SECRET-KEY-1…` line of the vault's own identity file, if there is exactly one. */
export function identityInText(text: string): string | undefined {
  const keys = identitiesInText(text);
  return keys.length === 1 ? keys[0] : undefined;
}

/** Encrypts and writes identity.age; returns the digest of the bytes written. */
export async function writeIdentityFile(
  folder: string,
  plaintext: string,
  passphrase: string,
  logN: number,
): Promise<string> {
  const bytes = await encryptWithPassphrase(plaintext, passphrase, logN);
  await writeFileAtomic(join(folder, IDENTITY_FILE), bytes);
  return sha256Hex(bytes);
}

export interface Unlocked {
  readonly identity: string;
  /** The decrypted identity file, kept only while the passphrase changes. */
  readonly plaintext: string;
  readonly digest: string;
}

/**
 * Decrypts identity.age with a passphrase. A wrong passphrase and a damaged stanza look the same to age;
 * the digests in vault.json tell them apart (a damaged file no longer matches any recorded digest).
 */
export async function openIdentity(
  folder: string,
  config: VaultConfig,
  passphrase: string,
): Promise<Result<Unlocked>> {
  const path = join(folder, IDENTITY_FILE);
  const bytes = await readVaultFile(path, MAX_IDENTITY_BYTES);
  if (!bytes.ok) {
    return bytes.code === 'not-found'
      ? failure(
          'corrupt',
          `The vault's identity file (${IDENTITY_FILE}) is missing; restore it from a backup.`,
        )
      : bytes;
  }
  const digest = sha256Hex(bytes.value);
  /** Whether vault.json records this file: read again, as a passphrase change may have just replaced both. */
  const recorded = async (): Promise<boolean> => {
    if (config.identityDigests.includes(digest)) return true;
    const now = await readConfig(folder);
    return now.ok && now.value.identityDigests.includes(digest);
  };
  const damaged = failure(
    'corrupt',
    `The vault's identity file (${IDENTITY_FILE}) is damaged or was replaced; restore it from a backup.`,
  );
  let plaintext: string;
  try {
    plaintext = await decryptWithPassphrase(bytes.value, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('no identity matched') && (await recorded())) {
      return failure('wrong-passphrase', 'Wrong passphrase: the vault stays locked. Check it and try again.');
    }
    return damaged;
  }
  const identity = identityInText(plaintext);
  if (identity === undefined) return damaged;
  return ok({ identity, plaintext, digest });
}

/**
 * Re-encrypts the identity (under a new passphrase, or recording a new settings generation) and writes
 * `config` with it; the drafts are untouched. Crash-safe in three atomic steps: vault.json (new content)
 * lists both digests, identity.age is replaced, vault.json keeps the new digest only. Whenever the process
 * dies, identity.age is the old or the new file and vault.json knows it; a vault.json newer than the
 * identity's generation is an interrupted change that the next unlock completes.
 */
export async function rewrapIdentity(
  folder: string,
  config: ConfigContent,
  keys: VaultKeys,
  unlocked: Unlocked,
  next: string,
  logN: number,
): Promise<VaultConfig> {
  const plaintext =
    config.generation === undefined
      ? unlocked.plaintext
      : withGeneration(unlocked.plaintext, config.generation);
  const bytes = await encryptWithPassphrase(plaintext, next, logN);
  const digest = sha256Hex(bytes);
  await writeConfig(folder, { ...config, identityDigests: [unlocked.digest, digest] }, keys.config);
  await writeFileAtomic(join(folder, IDENTITY_FILE), bytes);
  return writeConfig(folder, { ...config, identityDigests: [digest] }, keys.config);
}
