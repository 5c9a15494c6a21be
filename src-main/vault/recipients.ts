/**
 * Re-encrypting every draft to the vault's current recipients (after a compliance recipient was added or
 * removed), and checking a vault without the passphrase, with only an age identity that is one of its
 * recipients and the vault's public signing key (compliance staff).
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IdentityDecrypter } from './age-files.js';
import { readConfig, readVaultFile, type Area } from './config.js';
import { openEnvelope } from './envelope.js';
import { identitiesInText } from './identity.js';
import { publicKeyFromOpenSsh } from './signing.js';
import { MAX_DRAFT_FILE_BYTES, type DraftStore, type Reader } from './store.js';
import {
  ageFiles,
  quarantined,
  recipientsDelta,
  recipientsDiffer,
  type VaultProblem,
  type VerifyReport,
} from './verify.js';
import { UnconfirmedWriteError } from '../files/atomic-write.js';
import { kindOf, reasonFor } from '../files/safe-fs.js';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';

const AREAS_WITH_DRAFTS: readonly Area[] = ['drafts', 'trash'];

async function draftFiles(folder: string, area: Area): Promise<string[]> {
  const names = await readdir(join(folder, area)).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.age') && !name.startsWith('.')).sort();
}

/**
 * Writes one re-encrypted draft. A draft that cannot be written (a read-only folder, a full disk) stops the
 * run with a failure that names its folder and how many were done: each draft written is whole, the others
 * keep their recipients, and running it again once the folder can be written finishes the job.
 */
async function rewrite(
  reader: Reader & { readonly store: DraftStore },
  draft: DraftDocument,
  area: Area,
  done: number,
): Promise<Result<void>> {
  try {
    await reader.store.write(draft, reader.index, area);
    return ok(undefined);
  } catch (error) {
    // The draft is written; only the disk's confirmation failed: the vault's own message says so.
    if (error instanceof UnconfirmedWriteError) throw error;
    const count = `${String(done)} draft${done === 1 ? ' was' : 's were'}`;
    return failure(
      'io',
      `${join(reader.store.folder, area)} could not be written: ${reasonFor(error, { advice: false })}. ${count} re-encrypted before it; the others keep the recipients they had. Make the folder writable (or free space), then re-encrypt again to finish.`,
    );
  }
}

export interface ReencryptReport {
  /** Drafts written again, encrypted to the current recipients and signed. */
  readonly reencrypted: number;
  /** Drafts that already were. */
  readonly unchanged: number;
  /** Files left as they are (not trusted, newer, unreadable): `drafts verify` says why. */
  readonly skipped: readonly VaultProblem[];
}

/**
 * Writes every trusted draft (and trashed draft) whose recorded recipients differ from the current set, or
 * that has none recorded (version 1), again: same content, same updatedAt and history, new envelope. Each
 * file is replaced atomically, so a crash at any point leaves each draft readable with the old or the new
 * recipients; running it again finishes the job.
 */
export async function reencryptDrafts(
  folder: string,
  reader: Reader & { readonly store: DraftStore },
  progress?: (done: number) => void,
): Promise<Result<ReencryptReport>> {
  let reencrypted = 0;
  let unchanged = 0;
  const skipped: VaultProblem[] = [];
  for (const area of AREAS_WITH_DRAFTS) {
    for (const name of await draftFiles(folder, area)) {
      const opened = await reader.store.inspect(reader, area, name);
      if (opened === undefined) continue;
      if (opened.kind !== 'trusted') {
        skipped.push({ file: `${area}/${name}`, problem: opened.kind, message: opened.reason });
        continue;
      }
      const current =
        opened.recipients !== undefined &&
        recipientsDiffer(opened.recipients, reader.store.recipients) === undefined;
      if (current) {
        unchanged++;
        continue;
      }
      const written = await rewrite(reader, opened.draft, area, reencrypted);
      if (!written.ok) return written;
      reencrypted++;
      progress?.(reencrypted);
    }
  }
  return ok({ reencrypted, unchanged, skipped });
}

export interface RecipientsCheck {
  /** Drafts (and trashed drafts) encrypted to another set of recipients than the current one, or to an
   * unrecorded one (version 1). */
  readonly outdated: number;
  /** Current recipients that cannot open at least one of them. */
  readonly missing: string[];
  /** Former recipients that still can. */
  readonly extra: string[];
}

interface Outdated {
  readonly files: readonly { readonly area: Area; readonly name: string }[];
  readonly check: RecipientsCheck;
}

/**
 * Finds the drafts a re-encryption would change, from the recipients the index keeps for each file (read
 * from its authenticated envelope; the scan first brings every entry up to date with its file). A file the
 * index knows no recipients for yet is opened once.
 */
async function outdatedDrafts(reader: Reader & { readonly store: DraftStore }): Promise<Result<Outdated>> {
  const current = reader.store.recipients;
  const missing = new Set<string>();
  const extra = new Set<string>();
  const files: { area: Area; name: string }[] = [];
  for (const area of AREAS_WITH_DRAFTS) {
    const scanned = await reader.store.scan(reader, area);
    if (!scanned.ok) return scanned;
    for (const item of scanned.value) {
      if (item.summary.problem !== undefined) continue;
      const path = `${area}/${item.name}`;
      let entry = reader.index.get(path);
      if (entry !== undefined && entry.recipients === undefined) {
        const opened = await reader.store.inspect(reader, area, item.name);
        if (opened?.kind !== 'trusted') continue;
        entry = { ...entry, recipients: opened.recipients ?? 'unrecorded' };
        reader.index.set(path, entry);
      }
      const recorded = entry?.recipients;
      if (recorded === undefined) continue;
      const delta = recorded === 'unrecorded' ? undefined : recipientsDelta(recorded, current);
      if (delta !== undefined && delta.missing.length === 0 && delta.extra.length === 0) continue;
      files.push({ area, name: item.name });
      for (const recipient of delta?.missing ?? []) missing.add(recipient);
      for (const recipient of delta?.extra ?? []) extra.add(recipient);
    }
  }
  return ok({ files, check: { outdated: files.length, missing: [...missing], extra: [...extra] } });
}

/** How many drafts are encrypted to another set of recipients than the current one, and which keys differ. */
export async function checkDraftRecipients(
  reader: Reader & { readonly store: DraftStore },
): Promise<Result<RecipientsCheck>> {
  const found = await outdatedDrafts(reader);
  return found.ok ? ok(found.value.check) : found;
}

/**
 * Re-encrypts at most `limit` of the drafts `checkDraftRecipients` counts (the app calls it again until
 * none remain, showing progress between calls); each file is replaced atomically, as in reencryptDrafts.
 */
export async function reencryptSome(
  reader: Reader & { readonly store: DraftStore },
  limit: number,
): Promise<Result<{ readonly reencrypted: number; readonly remaining: number; readonly skipped: number }>> {
  const found = await outdatedDrafts(reader);
  if (!found.ok) return found;
  const files = found.value.files;
  let reencrypted = 0;
  let skipped = 0;
  for (const { area, name } of files.slice(0, limit)) {
    const opened = await reader.store.inspect(reader, area, name);
    if (opened?.kind !== 'trusted') {
      skipped++; // set aside at the next list, like any file that changed under the vault
      continue;
    }
    const written = await rewrite(reader, opened.draft, area, reencrypted);
    if (!written.ok) return written;
    reencrypted++;
  }
  return ok({ reencrypted, remaining: files.length - reencrypted - skipped, skipped });
}

/**
 * Checks a vault with an age identity instead of the passphrase: every draft must decrypt with it, carry a
 * valid signature by the signing key in vault.json, an intact history chain, a format this app reads, and
 * the recipients vault.json names; files in quarantine/ are reported as the passphrase check reports them.
 * Changes nothing. `identityText` is an identity file's text: it may hold several keys, as `age -i` reads
 * it (a draft is opened if any of them opens it). vault.json's own MAC needs the passphrase: compare its
 * signing key with the one `cmk-rekey vault info --passphrase-stdin` printed, or pass it as `signingKey`.
 * A version 1 vault.json records no signing key: without `signingKey`, every draft is still opened, and
 * those that are signed are reported `unverifiable`, as version 1 drafts are.
 */
export async function verifyWithIdentity(
  folder: string,
  identityText: string,
  signingKey?: string,
): Promise<Result<VerifyReport>> {
  const config = await readConfig(folder);
  if (!config.ok) return config;
  const identities = identitiesInText(identityText);
  if (identities.length === 0)
    return failure('invalid-argument', 'The identity file holds no AGE-SECRET-KEY-1… line.');
  const keyText = signingKey ?? config.value.signingKey;
  const verifyKey = keyText === undefined ? undefined : publicKeyFromOpenSsh(keyText);
  if (keyText !== undefined && verifyKey === undefined)
    return failure('invalid-argument', `"${keyText.slice(0, 60)}" is not an ssh-ed25519 public key.`);
  let decrypter: IdentityDecrypter;
  try {
    decrypter = await IdentityDecrypter.create(identities);
  } catch {
    return failure(
      'invalid-argument',
      'An AGE-SECRET-KEY-1… line of the identity file is not a valid age key.',
    );
  }
  const current = [config.value.recipient, ...config.value.recipients];
  const problems: VaultProblem[] = [];
  let checked = 0;
  let opened = 0;
  let trusted = 0;
  let signedUnchecked = 0;
  for (const area of [...AREAS_WITH_DRAFTS, 'quarantine'] as const) {
    const names = await ageFiles(folder, area);
    if (!Array.isArray(names)) {
      if (area === 'drafts' || names.problem !== 'missing') problems.push(names);
      continue;
    }
    for (const name of names) {
      const file = `${area}/${name}`;
      if (area === 'quarantine') {
        // listed, as with the passphrase: a link or other entry that is no file is said to be one
        const stats = await lstat(join(folder, file)).catch(() => undefined);
        if (stats === undefined) continue;
        const kind = kindOf(stats);
        problems.push(
          kind === 'file'
            ? quarantined(name)
            : { file, problem: 'unreadable', message: `it is a ${kind}, not a regular file; left alone` },
        );
        continue;
      }
      checked++;
      const bytes = await readVaultFile(join(folder, file), MAX_DRAFT_FILE_BYTES);
      if (!bytes.ok) {
        problems.push({ file, problem: 'unreadable', message: bytes.message });
        continue;
      }
      const decrypted = await decrypter.decrypt(bytes.value);
      if (!decrypted.ok) {
        // a file that is not for this identity is a recipients question; one that fails to decrypt is damaged
        problems.push(
          decrypted.foreign === true
            ? {
                file,
                problem: 'recipients',
                message:
                  'this identity cannot open it: it is not encrypted to this identity (or its header is damaged)',
              }
            : { file, problem: 'corrupt', message: `The file is damaged: ${decrypted.reason}.` },
        );
        continue;
      }
      opened++;
      const envelope = openEnvelope(decrypted.text, { verifyKey }, name.slice(0, -'.age'.length));
      if (envelope.kind !== 'trusted') {
        if (envelope.kind === 'unverifiable' && envelope.signed) signedUnchecked++;
        problems.push({ file, problem: envelope.kind, message: envelope.reason });
        continue;
      }
      trusted++;
      const differ = recipientsDiffer(envelope.recipients, current);
      if (differ !== undefined) problems.push({ file, problem: 'recipients', message: differ });
    }
  }
  return ok({ checked, opened, trusted, signedUnchecked, problems });
}
