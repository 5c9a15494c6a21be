/**
 * `vault doctor`: what is in a vault folder that cannot open (or should not be created over), and the safe
 * repair for each finding. Repairs never delete a draft: they move things aside (renamed beside them),
 * create missing folders, and rebuild vault.json from the identity (with the passphrase).
 */
import { readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { fsyncFolder } from '../files/atomic-write.js';
import { entryKind, realFolder, reasonFor } from '../files/safe-fs.js';
import {
  AREAS,
  CONFIG_FILE,
  IDENTITY_FILE,
  INDEX_FILE,
  VAULT_FORMAT,
  readConfig,
  readVaultFile,
  sha256Hex,
} from './config.js';
import { generationInText, identityInText, rewrapIdentity } from './identity.js';
import { deriveKeys, wipeKeys } from './keys.js';
import { FolderLock } from './folder-lock.js';
import { unlockVaultFiles } from './lifecycle.js';
import { DEFAULT_SCRYPT_WORK_FACTOR, decryptWithPassphrase } from './scrypt.js';

export type RepairKind = 'move-aside' | 'create-folder' | 'rebuild-config';

/** How readConfig says vault.json's content is damaged (not merely unreadable now): what a rebuild is for. */
const DAMAGED: ReadonlySet<string> = new Set(['corrupt', 'too-large']);

export interface Finding {
  /** Path inside the vault folder (`vault.json`, `drafts/`…). */
  readonly file: string;
  readonly message: string;
  /** The safe repair `--repair` applies; absent when there is none to apply (a hint is in the message). */
  readonly repair?: RepairKind;
  /** For information only: nothing is wrong (drafts in the trash). */
  readonly note?: true;
}

/** The findings that are problems: while one remains, the doctor exits 1. */
export function problemsIn(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.note !== true);
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:.]/gu, '');
}

async function countAge(folder: string): Promise<number> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.age') && !name.startsWith('.')).length;
}

/**
 * The extra recipients a damaged vault.json still names, as ": it names age1…, age1…", for the user to add
 * again after a rebuild (which starts with none); empty when it names none that can be read.
 */
async function recipientsNamed(folder: string): Promise<string> {
  try {
    const value: unknown = JSON.parse(await readFile(join(folder, CONFIG_FILE), 'utf8'));
    const list =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['recipients'] : [];
    const named = Array.isArray(list)
      ? list.filter((entry): entry is string => typeof entry === 'string' && /^age1[a-z0-9]{58}$/.test(entry))
      : [];
    return named.length === 0 ? '' : `: it names ${named.slice(0, 20).join(', ')}`;
  } catch {
    return '';
  }
}

/**
 * Looks at the folder without changing anything. With the passphrase, also checks vault.json against the
 * identity (which completes an interrupted change, as unlocking does, under the folder's lock).
 */
export async function examineVault(
  folder: string,
  passphrase?: string,
  lock = new FolderLock(folder, 'cli'),
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const root = await entryKind(folder).catch(() => 'other' as const);
  // The CLI prints the folder in front of a finding about the folder itself.
  if (root === 'missing') return [{ file: '', message: 'does not exist.' }];
  if (root !== 'folder' && root !== 'link') return [{ file: '', message: 'is not a folder.' }];
  const kinds = new Map<string, string>();
  for (const name of [CONFIG_FILE, IDENTITY_FILE, INDEX_FILE]) {
    const kind = await entryKind(join(folder, name)).catch(() => 'other' as const);
    kinds.set(name, kind);
    if (kind !== 'missing' && kind !== 'file')
      findings.push({
        file: name,
        message: `is a ${kind}, not a regular file; it is never read.`,
        repair: 'move-aside',
      });
  }
  let drafts = 0;
  let held = 0;
  for (const area of AREAS) {
    const path = join(folder, area);
    const kind = await entryKind(path).catch(() => 'other' as const);
    if (kind === 'missing') {
      findings.push({ file: `${area}/`, message: 'is missing.', repair: 'create-folder' });
      continue;
    }
    if (kind !== 'folder') {
      findings.push({
        file: `${area}/`,
        message: `is a ${kind}, not a folder: the vault never follows it.`,
        repair: 'move-aside',
      });
      continue;
    }
    const count = await countAge(path);
    held += count;
    if (area === 'drafts') drafts = count;
    for (const name of await readdir(path).catch(() => [] as string[])) {
      const entry = await entryKind(join(path, name)).catch(() => 'other' as const);
      if (name.endsWith('.age') && entry !== 'file')
        findings.push({
          file: `${area}/${name}`,
          message: `is a ${entry}, not a regular file: the vault leaves it alone; remove it once you know what it is.`,
        });
    }
    if (area === 'trash' && count > 0)
      findings.push({
        file: 'trash/',
        message: `holds ${String(count)} deleted draft(s): restore them from the trash if you need them.`,
        note: true,
      });
    if (area === 'quarantine' && count > 0)
      findings.push({
        file: 'quarantine/',
        message: `holds ${String(count)} file(s) set aside: import or delete them in the drafts list.`,
      });
  }
  // Nothing of a vault here (a mistyped --vault): it is not a healthy vault, and gets none of its folders.
  if (kinds.get(CONFIG_FILE) === 'missing' && kinds.get(IDENTITY_FILE) === 'missing' && held === 0)
    return [
      {
        file: '',
        message:
          'holds no vault (no vault.json, no identity.age, no drafts): check the folder name. Nothing was changed.',
      },
    ];
  const config = kinds.get(CONFIG_FILE) === 'file' ? await readConfig(folder) : undefined;
  const identity = kinds.get(IDENTITY_FILE);
  if (identity === 'missing' && (kinds.get(CONFIG_FILE) !== 'missing' || drafts > 0))
    findings.push({
      file: IDENTITY_FILE,
      message:
        'is missing: without it no draft can be opened. Restore it from a backup; nothing here can replace it.',
    });
  if (kinds.get(CONFIG_FILE) === 'missing' && identity === 'file')
    findings.push({
      file: CONFIG_FILE,
      message:
        'is missing, but the identity is there: do not create a new vault here (its drafts would be lost); rebuild the settings from the identity with the passphrase.',
      repair: 'rebuild-config',
    });
  // The finding is printed after the file's name: the message need not start with its path too.
  const configMessage =
    config?.ok === false ? config.message.replace(`${join(folder, CONFIG_FILE)} `, '') : '';
  // A newer app's settings are never rewritten by an older one: they would lose what this app cannot read.
  if (config?.ok === false && config.code === 'unsupported-version')
    findings.push({ file: CONFIG_FILE, message: configMessage });
  else if (config?.ok === false && !DAMAGED.has(config.code))
    // Unreadable now (permissions, a share away, a busy file) is not damaged: a rebuild would drop its
    // recipients and, raising the settings generation, refuse the genuine file once it reads again.
    findings.push({
      file: CONFIG_FILE,
      message: `${configMessage} Make it readable (its permissions, the drive) and run the doctor again; a file that cannot be read now is not rebuilt.`,
    });
  else if (config?.ok === false)
    findings.push({
      file: CONFIG_FILE,
      message: `${configMessage} Rebuild it from the identity (it is kept aside; extra recipients must then be added again, in the app's Settings ("Who can read the drafts") or with "cmk-rekey vault recipients"${config.code === 'corrupt' ? await recipientsNamed(folder) : ''}).`,
      repair: 'rebuild-config',
    });
  if (config?.ok === true && identity === 'file' && passphrase !== undefined) {
    const unlocked = await unlockVaultFiles(folder, passphrase, DEFAULT_SCRYPT_WORK_FACTOR, lock);
    if (unlocked.ok) wipeKeys(unlocked.value.keys);
    else if (unlocked.code === 'wrong-passphrase')
      findings.push({
        file: IDENTITY_FILE,
        message: 'does not open with this passphrase; settings were not checked.',
      });
    else if (unlocked.code === 'untrusted')
      findings.push({
        file: CONFIG_FILE,
        message: `${unlocked.message.replace(/ ?(Nothing was changed|run "cmk-rekey vault doctor)[^.]*\./gu, '')} Rebuild it from the identity (extra recipients must then be added again, in the app's Settings ("Who can read the drafts") or with "cmk-rekey vault recipients").`,
        repair: 'rebuild-config',
      });
    else {
      // Not the settings' fault (identity.age cannot be read, say): the message names the file.
      const named = [IDENTITY_FILE, CONFIG_FILE].find((name) =>
        unlocked.message.includes(join(folder, name)),
      );
      findings.push({
        file: named ?? '',
        message:
          named === undefined ? unlocked.message : unlocked.message.replace(`${join(folder, named)} `, ''),
      });
    }
  }
  return findings;
}

/** Renames `path` to `<path>.set-aside-<stamp>` (links are renamed, never followed). */
async function moveAside(path: string): Promise<string> {
  const to = `${path.replace(/\/$/u, '')}.set-aside-${stamp()}`;
  await rename(path.replace(/\/$/u, ''), to);
  return to;
}

/**
 * Rebuilds vault.json from identity.age (the passphrase opens it): the vault's own recipient, no extra
 * recipients (the user adds back the ones still wanted), and a settings generation above any before, also
 * recorded in the identity, so an older vault.json is refused from now on. A present vault.json is moved aside.
 */
async function rebuildConfig(folder: string, passphrase: string): Promise<Result<string>> {
  const bytes = await readVaultFile(join(folder, IDENTITY_FILE), 64 * 1024);
  if (!bytes.ok) return bytes;
  let plaintext: string;
  try {
    plaintext = await decryptWithPassphrase(bytes.value, passphrase);
  } catch {
    return failure('wrong-passphrase', 'The passphrase does not open identity.age; nothing was changed.');
  }
  const identity = identityInText(plaintext);
  if (identity === undefined)
    return failure('corrupt', 'identity.age holds no age identity; nothing was changed.');
  const keys = deriveKeys(identity);
  try {
    const held = Math.max(generationInText(plaintext), 0);
    const previous =
      (await entryKind(join(folder, CONFIG_FILE))) === 'missing'
        ? undefined
        : await moveAside(join(folder, CONFIG_FILE));
    const digest = sha256Hex(bytes.value);
    const content = {
      format: VAULT_FORMAT as typeof VAULT_FORMAT,
      version: 2 as const,
      generation: held + 1,
      recipient: await identityToRecipient(identity),
      recipients: [],
      identityDigests: [digest],
      createdAt: new Date().toISOString(),
    };
    await rewrapIdentity(
      folder,
      content,
      keys,
      { identity, plaintext, digest },
      passphrase,
      DEFAULT_SCRYPT_WORK_FACTOR,
    );
    const aside = previous === undefined ? '' : ` (the old one is ${previous})`;
    return ok(`rebuilt vault.json from the identity${aside}; add back any extra recipients you still want.`);
  } finally {
    wipeKeys(keys);
  }
}

/**
 * Applies the safe repair of every finding that has one; returns what was done (or not), one line each. The
 * folder is looked at again under its lock, so that no other process changes it between the two.
 */
export async function repairVault(folder: string, passphrase?: string): Promise<Result<string[]>> {
  const lock = new FolderLock(folder, 'cli');
  const findings = await examineVault(folder, passphrase, lock);
  if (findings.every((finding) => finding.repair === undefined)) return ok([]);
  return lock.hold(() => repairFindings(folder, passphrase, lock));
}

async function repairFindings(
  folder: string,
  passphrase: string | undefined,
  lock: FolderLock,
): Promise<Result<string[]>> {
  const done: string[] = [];
  for (const finding of await examineVault(folder, passphrase, lock)) {
    const path = join(folder, finding.file);
    try {
      if (finding.repair === 'move-aside')
        done.push(`Repaired ${finding.file}: moved aside to ${await moveAside(path)}`);
      if (
        finding.repair === 'create-folder' ||
        (finding.repair === 'move-aside' && finding.file.endsWith('/'))
      ) {
        const made = await realFolder(path.replace(/\/$/u, ''), true);
        if (!made.ok) return made;
        await fsyncFolder(folder);
        done.push(`Repaired ${finding.file}: created (empty, private)`);
      }
      if (finding.repair === 'rebuild-config') {
        if (passphrase === undefined) {
          done.push(`Not repaired: ${finding.file} needs the passphrase to be rebuilt; run again with it`);
          continue;
        }
        const rebuilt = await rebuildConfig(folder, passphrase);
        if (!rebuilt.ok) return rebuilt;
        done.push(`Repaired ${finding.file}: ${rebuilt.value}`);
      }
    } catch (error) {
      return failure(
        'io',
        `${finding.file} could not be repaired: ${reasonFor(error)}. Nothing else was changed.`,
      );
    }
  }
  return ok(done);
}
