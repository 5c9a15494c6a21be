/** Creating a vault folder and checking a passphrase against it: the steps behind Vault.create/unlock. */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { scorePassphrase } from '../../src-shared/drafts/passphrase.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { fsyncFolder } from '../files/atomic-write.js';
import { entryKind, makeFolders } from '../files/safe-fs.js';
import { isX25519Recipient } from './age-files.js';
import { FolderLock, type LockProgram } from './folder-lock.js';
import {
  AREAS,
  CONFIG_FILE,
  IDENTITY_FILE,
  INDEX_FILE,
  VAULT_CONFIG_VERSION,
  VAULT_FORMAT,
  configGeneration,
  configMatches,
  readConfig,
  writeConfig,
  type VaultConfig,
} from './config.js';
import {
  generateVaultIdentity,
  generationInText,
  identityFileText,
  openIdentity,
  rewrapIdentity,
  writeIdentityFile,
} from './identity.js';
import { deriveKeys, wipeKeys, type VaultKeys } from './keys.js';
import { openSshPublicKey, signingKeyFromSeed } from './signing.js';
import { DEFAULT_SCRYPT_WORK_FACTOR } from './scrypt.js';

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
    // Right shape, wrong checksum: a mistyped or swapped character, not a key of another kind.
    const mistyped = /^age1[02-9ac-hj-np-z]{58}$/u.test(bad);
    return failure(
      'invalid-argument',
      mistyped
        ? `"${bad}" is not a valid age public key: a character is wrong (its checksum does not match). Copy the key again.`
        : `"${bad.slice(0, 80)}" is not an X25519 age recipient (age1…, 62 characters).`,
    );
  }
  if (recipients.length > 20) return failure('invalid-argument', 'At most 20 extra recipients.');
  return ok([...new Set(recipients)].filter((recipient) => recipient !== own));
}

/** The files of an earlier vault in `folder` (settings, identity, index, any .age in its folders). */
export async function vaultRemains(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of [CONFIG_FILE, IDENTITY_FILE, INDEX_FILE]) {
    if ((await entryKind(join(folder, name)).catch(() => 'other')) !== 'missing') found.push(name);
  }
  for (const area of AREAS) {
    const kind = await entryKind(join(folder, area)).catch(() => 'other');
    if (kind !== 'missing' && kind !== 'folder') found.push(`${area} (a ${kind}, not a folder)`);
    const names = await readdir(join(folder, area)).catch(() => [] as string[]);
    const drafts = names.filter((name) => name.endsWith('.age') && !name.startsWith('.'));
    if (drafts.length > 0)
      found.push(`${area}/ (${String(drafts.length)} .age file${drafts.length === 1 ? '' : 's'})`);
  }
  return found;
}

/**
 * Makes the vault folder private if others can read or enter it: takes away the group's and others' access,
 * never adds the owner's (a folder made read-only stays so). Says so when it cannot (e.g. a folder of another
 * user, a network share without modes). Undefined when it is private.
 */
export async function tightenFolder(folder: string): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  const info = await lstat(folder).catch(() => undefined);
  if (info === undefined || (info.mode & 0o077) === 0) return undefined;
  try {
    await chmod(folder, info.mode & 0o700);
    return undefined;
  } catch {
    return `${folder} can be read by other users (mode ${(info.mode & 0o777).toString(8)}) and could not be made private: change its permissions.`;
  }
}

/**
 * Creates the vault's files; the folder may exist but must not hold a vault already. Under the folder's
 * lock: of two processes creating a vault in one folder at once, the second finds the first's.
 */
export async function createVaultFiles(
  folder: string,
  passphrase: string,
  extra: readonly string[],
  logN: number,
  program: LockProgram,
): Promise<Result<UnlockedVault>> {
  const strong = checkNewPassphrase(passphrase);
  if (!strong.ok) return strong;
  const recipients = checkRecipients(extra);
  if (!recipients.ok) return recipients;
  const made = await makeFolders(folder);
  if (!made.ok) return made;
  await fsyncFolder(dirname(folder));
  await tightenFolder(folder);
  return new FolderLock(folder, program).hold(() =>
    writeVaultFiles(folder, passphrase, recipients.value, logN),
  );
}

async function writeVaultFiles(
  folder: string,
  passphrase: string,
  recipients: readonly string[],
  logN: number,
): Promise<Result<UnlockedVault>> {
  const remains = await vaultRemains(folder);
  if (remains.length > 0) {
    return failure(
      'exists',
      `${folder} holds files of a vault (${remains.join(', ')}); creating one here would make them unreadable for good. Nothing was changed. "cmk-rekey vault doctor --vault ${folder}" (the command line, for IT) shows what is there and how to recover it; or choose an empty folder.`,
    );
  }
  const generated = await generateVaultIdentity();
  const keys = deriveKeys(generated.identity);
  const createdAt = new Date().toISOString();
  const text = identityFileText(generated, createdAt, 1);
  const digest = await writeIdentityFile(folder, text, passphrase, logN);
  for (const area of AREAS) await mkdir(join(folder, area), { recursive: true, mode: 0o700 });
  await fsyncFolder(folder);
  // vault.json is written last: a folder without it never counts as a vault.
  const config = await writeConfig(
    folder,
    {
      format: VAULT_FORMAT,
      version: VAULT_CONFIG_VERSION,
      generation: 1,
      recipient: generated.recipient,
      recipients: [...recipients],
      identityDigests: [digest],
      createdAt,
      signingKey: openSshPublicKey(signingKeyFromSeed(keys.signing)),
    },
    keys.config,
  );
  return ok({ config, identity: generated.identity, keys });
}

/**
 * Decrypts the identity with a passphrase and checks vault.json against it (own recipient, MAC, settings
 * generation: an older vault.json is refused). After a passphrase change that was interrupted, it drops the
 * digest that no longer applies; after an interrupted recipients change (vault.json one generation ahead
 * of the identity), it records the new generation in the identity with the same passphrase.
 */
export async function unlockVaultFiles(
  folder: string,
  passphrase: string,
  logN = DEFAULT_SCRYPT_WORK_FACTOR,
  lock?: FolderLock,
): Promise<Result<UnlockedVault>> {
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
  const held = generationInText(opened.value.plaintext);
  const settings = configGeneration(current);
  if (held < 0 || settings < held) {
    return forget(
      `${CONFIG_FILE} is older than the vault's identity (settings generation ${String(settings)}, the identity records ${held < 0 ? 'an unreadable one' : String(held)}): an earlier copy was put back, which could bring back a removed recipient. Nothing was changed; "cmk-rekey vault doctor --vault ${folder}" (the command line, for IT) shows how to rebuild the settings.`,
    );
  }
  const signingKey = openSshPublicKey(signingKeyFromSeed(keys.signing));
  if (current.signingKey !== undefined && current.signingKey !== signingKey) {
    return forget(`${CONFIG_FILE} names a signing key that is not this vault's; restore it from a backup.`);
  }
  const completeChange = settings > held; // an interrupted recipients change
  const staleDigest = current.identityDigests.length > 1 || current.identityDigests[0] !== digest;
  // Version 2 settings record the public signing key (MACed); version 1 files gain it at their first change.
  const recordSigningKey = current.version === 2 && current.signingKey === undefined;
  // A repair rewrites files another process may be changing (its passphrase change, say): checked again
  // and made under the folder's lock. Without a lock given, the caller holds it.
  if ((completeChange || staleDigest || recordSigningKey) && lock !== undefined) {
    wipeKeys(keys);
    return lock.hold(() => unlockVaultFiles(folder, passphrase, logN));
  }
  if (completeChange) {
    current = await rewrapIdentity(folder, current, keys, opened.value, passphrase, logN);
  } else if (staleDigest) {
    current = await writeConfig(folder, { ...current, identityDigests: [digest] }, keys.config);
  }
  if (recordSigningKey) current = await writeConfig(folder, { ...current, signingKey }, keys.config);
  current = { ...current, signingKey };
  return ok({ config: current, identity, keys });
}
