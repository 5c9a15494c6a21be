/**
 * The vault folder's layout and its `vault.json`: public settings (the vault's recipient, extra
 * recipients), digests of the identity file, and a MAC with the config key so nobody can slip in a
 * recipient of their own.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { isMissing, readRegularFile } from '../files/safe-fs.js';
import { mac, macMatches } from './keys.js';
import { canonicalJson } from '../../src-shared/text/canonical-json.js';
import { withoutBom } from '../../src-shared/text/json-syntax.js';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';

export const VAULT_FORMAT = 'cmk-rekey/vault';
export const CONFIG_FILE = 'vault.json';
export const IDENTITY_FILE = 'identity.age';
export const INDEX_FILE = 'index.age';
/** Folders of `.age` files inside the vault. */
export const AREAS = ['drafts', 'trash', 'quarantine'] as const;
export type Area = (typeof AREAS)[number];

const CONFIG_LABEL = 'cmk-rekey/vault-config/v1';
const MAX_CONFIG_BYTES = 64 * 1024;
const recipientText = z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/u);

/** The version of vault.json this app writes (version 1 files are read, and upgraded at the first change). */
export const VAULT_CONFIG_VERSION = 2;

export const VaultConfigSchema = z
  .strictObject({
    format: z.literal(VAULT_FORMAT),
    /** 1: as first released; 2: adds `generation`. Both are read; 2 is written from the first change on. */
    version: z.union([z.literal(1), z.literal(2)]),
    /**
     * Raised by every change of the recipients; identity.age holds the same number in an authenticated
     * place (its encrypted text), so an older vault.json put back is refused. Absent in version 1 (= 0).
     */
    generation: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    /** The vault's own recipient: its identity's public key. */
    recipient: recipientText,
    /** Extra recipients every draft is also encrypted to (e.g. a compliance team). */
    recipients: z.array(recipientText).max(20),
    /** SHA-256 of identity.age; two entries only while a passphrase change is in progress. */
    identityDigests: z
      .array(z.string().regex(/^[0-9a-f]{64}$/u))
      .min(1)
      .max(2),
    createdAt: z.iso.datetime(),
    /**
     * Version 2: the vault's Ed25519 public key in OpenSSH form (`ssh-ed25519 AAAA… cmk-rekey-vault`), for
     * checking drafts without the passphrase. Written at creation, or at the first unlock of a version 2 file.
     */
    signingKey: z.string().max(200).optional(),
    mac: z.string(),
  })
  .refine((config) => (config.version === 2) === (config.generation !== undefined), {
    error: 'version 2 settings have a generation, version 1 settings none',
  });
export type VaultConfig = z.infer<typeof VaultConfigSchema>;
export type ConfigContent = Omit<VaultConfig, 'mac'>;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The settings' generation: 0 for version 1 settings, which have none. */
export function configGeneration(config: ConfigContent): number {
  return config.generation ?? 0;
}

/** The MAC covers every field but itself (canonical JSON leaves out absent ones: version 1 MACs hold). */
function configMac(content: ConfigContent, key: Buffer): Buffer {
  const covered = Object.fromEntries(Object.entries(content).filter(([field]) => field !== 'mac'));
  return mac(key, CONFIG_LABEL, canonicalJson(covered));
}

export function configMatches(config: VaultConfig, key: Buffer): boolean {
  return macMatches(configMac(config, key), config.mac);
}

/** Writes vault.json atomically, with its MAC. */
export async function writeConfig(folder: string, content: ConfigContent, key: Buffer): Promise<VaultConfig> {
  const config: VaultConfig = { ...content, mac: configMac(content, key).toString('base64') };
  await writeFileAtomic(join(folder, CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
  return config;
}

/**
 * Reads a file of the vault (regular files only, never through a link, at most `maxBytes`, checked before
 * reading); not-found, not-a-file, too-large and io (could not be read now) become failures.
 */
export function readVaultFile(path: string, maxBytes: number): Promise<Result<Buffer>> {
  return readRegularFile(path, maxBytes);
}

/** Reads and parses vault.json; its MAC is checked later, at unlock, when the key is known. */
export async function readConfig(folder: string): Promise<Result<VaultConfig>> {
  const path = join(folder, CONFIG_FILE);
  const bytes = await readVaultFile(path, MAX_CONFIG_BYTES);
  if (!bytes.ok) {
    if (bytes.code !== 'not-found') return bytes;
    // A mistyped folder is said as such, not as a folder without a vault in it.
    return failure(
      'not-found',
      (await isMissing(folder))
        ? `The folder ${folder} does not exist: check the path.`
        : `There is no vault in ${folder} (no ${CONFIG_FILE}).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(withoutBom(bytes.value.toString('utf8')));
  } catch {
    return failure('corrupt', `${path} is damaged: it is not JSON.`);
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > VAULT_CONFIG_VERSION) {
    return failure(
      'unsupported-version',
      `${path} was written by a newer version of CMK Rekey (vault version ${String(version)}; this app reads up to ${String(VAULT_CONFIG_VERSION)}). Update CMK Rekey; nothing was changed.`,
    );
  }
  const parsed = VaultConfigSchema.safeParse(value);
  if (!parsed.success) {
    // the first thing wrong, where it is: enough to see whether a hand edit or damage did it
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    const what = issue === undefined ? '' : ` (${where}${escapeUnsafe(issue.message).slice(0, 200)})`;
    return failure('corrupt', `${path} is damaged: it is not a valid vault settings file${what}.`);
  }
  return ok(parsed.data);
}
