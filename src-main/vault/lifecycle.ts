/** Creating a vault folder and checking a passphrase against it: the steps behind Vault.create/unlock. */
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { scorePassphrase } from '../../src-shared/drafts/passphrase.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { fsyncFolder } from '../files/atomic-write.js';
import { isX25519Recipient } from './age-files.js';
import {
  AREAS,
  CONFIG_FILE,
  VAULT_CONFIG_VERSION,
  VAULT_FORMAT,
  configMatches,
  readConfig,
  writeConfig,
  type VaultConfig,
} from './config.js';
import { generateVaultIdentity, identityFileText, openIdentity, writeIdentityFile } from './identity.js';
import { deriveKeys, wipeKeys, type VaultKeys } from './keys.js';
import { openSshPublicKey, signingKeyFromSeed } from './signing.js';

export interface UnlockedVault {
  readonly config: VaultConfig;
  readonly identity: string;
  readonly keys: VaultKeys;
}

/** Checks a new passphrase against the strength rules; the failure carries the scorer's feedback. */
export function checkNewPassphrase(passphrase: string): Result<void> {
  const score = scorePassphrase(passphrase);
  if (score.acceptable) return ok(undefined);
  return failure('invalid-argument', `This passphrase is ${score.label}. ${score.feedback.join(' ')}`.trim());
}

/** Checks extra recipients: X25519 `age1…` keys, no duplicates, not the vault's own. */
export function checkRecipients(recipients: readonly string[], own?: string): Result<string[]> {
  const bad = recipients.find((recipient) => !isX25519Recipient(recipient));
  if (bad !== undefined) {
    return failure(
      'invalid-argument',
      `"${bad.slice(0, 80)}" is not an X25519 age recipient (age1…, 62 characters).`,
    );
  }
  if (recipients.length > 20) return failure('invalid-argument', 'At most 20 extra recipients.');
  return ok([...new Set(recipients)].filter((recipient) => recipient !== own));
}

async function hasAgeFiles(folder: string): Promise<boolean> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.some((name) => name.endsWith('.age'));
}

/** Creates the vault's files; the folder may exist but must not hold a vault already. */
export async function createVaultFiles(
  folder: string,
  passphrase: string,
  extra: readonly string[],
  logN: number,
): Promise<Result<UnlockedVault>> {
  const strong = checkNewPassphrase(passphrase);
  if (!strong.ok) return strong;
  const recipients = checkRecipients(extra);
  if (!recipients.ok) return recipients;
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await fsyncFolder(dirname(folder));
  const existing = await readdir(folder);
  if (existing.includes(CONFIG_FILE) || (await hasAgeFiles(join(folder, 'drafts')))) {
    return failure('exists', `${folder} already holds a vault.`);
  }
  const generated = await generateVaultIdentity();
  const keys = deriveKeys(generated.identity);
  const createdAt = new Date().toISOString();
  const digest = await writeIdentityFile(folder, identityFileText(generated, createdAt), passphrase, logN);
  for (const area of AREAS) await mkdir(join(folder, area), { recursive: true, mode: 0o700 });
  await fsyncFolder(folder);
  // vault.json is written last: a folder without it never counts as a vault.
  const config = await writeConfig(
    folder,
    {
      format: VAULT_FORMAT,
      version: VAULT_CONFIG_VERSION,
      recipient: generated.recipient,
      recipients: recipients.value,
      identityDigests: [digest],
      createdAt,
      signingKey: openSshPublicKey(signingKeyFromSeed(keys.signing)),
    },
    keys.config,
  );
  return ok({ config, identity: generated.identity, keys });
}

/**
 * Decrypts the identity with a passphrase and checks vault.json against it (own recipient, MAC). After a
 * passphrase change that was interrupted, it drops the digest that no longer applies.
 */
export async function unlockVaultFiles(folder: string, passphrase: string): Promise<Result<UnlockedVault>> {
  const config = await readConfig(folder);
  if (!config.ok) return config;
  const opened = await openIdentity(folder, config.value, passphrase);
  if (!opened.ok) return opened;
  const { identity, digest } = opened.value;
  const keys = deriveKeys(identity);
  const forget = (message: string) => {
    wipeKeys(keys);
    return failure('untrusted', message);
  };
  if ((await identityToRecipient(identity)) !== config.value.recipient) {
    return forget(
      `${CONFIG_FILE} names a recipient that is not this vault's key: it was replaced. Nothing was changed.`,
    );
  }
  if (!configMatches(config.value, keys.config)) {
    return forget(
      `${CONFIG_FILE} was changed outside this app (its MAC does not match); restore it from a backup.`,
    );
  }
  let current = config.value;
  const signingKey = openSshPublicKey(signingKeyFromSeed(keys.signing));
  if (current.signingKey !== undefined && current.signingKey !== signingKey) {
    return forget(`${CONFIG_FILE} names a signing key that is not this vault's; restore it from a backup.`);
  }
  // Version 1 had no signing key: the upgrade writes it (MACed), nothing else changes.
  const upgrade = current.version < VAULT_CONFIG_VERSION;
  if (upgrade || current.identityDigests.length > 1 || current.identityDigests[0] !== digest) {
    const { mac: _mac, ...content } = current;
    current = await writeConfig(
      folder,
      { ...content, version: VAULT_CONFIG_VERSION, signingKey, identityDigests: [digest] },
      keys.config,
    );
  }
  return ok({ config: current, identity, keys });
}
