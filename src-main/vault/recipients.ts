/**
 * Re-encrypting every draft to the vault's current recipients (after a compliance recipient was added or
 * removed), and checking a vault without the passphrase, with only an age identity that is one of its
 * recipients and the vault's public signing key (compliance staff).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IdentityDecrypter } from './age-files.js';
import { readConfig, readVaultFile, type Area } from './config.js';
import { openEnvelope } from './envelope.js';
import { identityInText } from './identity.js';
import { publicKeyFromOpenSsh } from './signing.js';
import { MAX_DRAFT_FILE_BYTES, type DraftStore, type Reader } from './store.js';
import { recipientsDiffer, type VaultProblem, type VerifyReport } from './verify.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';

const AREAS_WITH_DRAFTS: readonly Area[] = ['drafts', 'trash'];

async function draftFiles(folder: string, area: Area): Promise<string[]> {
  const names = await readdir(join(folder, area)).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.age') && !name.startsWith('.')).sort();
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
): Promise<ReencryptReport> {
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
      await reader.store.write(opened.draft, reader.index, area);
      reencrypted++;
      progress?.(reencrypted);
    }
  }
  return { reencrypted, unchanged, skipped };
}

/**
 * Checks a vault with an age identity instead of the passphrase: every draft must decrypt with it, carry a
 * valid signature by the signing key in vault.json, an intact history chain, a format this app reads, and
 * the recipients vault.json names. Changes nothing. vault.json's own MAC needs the passphrase: compare its
 * signing key with the one `cmk-rekey vault info` printed, or pass it as `signingKey`.
 */
export async function verifyWithIdentity(
  folder: string,
  identityText: string,
  signingKey?: string,
): Promise<Result<VerifyReport>> {
  const config = await readConfig(folder);
  if (!config.ok) return config;
  const identity = identityInText(identityText);
  if (identity === undefined) {
    return failure(
      'invalid-argument',
      'The identity file holds no (or more than one) AGE-SECRET-KEY-1… line.',
    );
  }
  const keyText = signingKey ?? config.value.signingKey;
  if (keyText === undefined) {
    return failure(
      'invalid-argument',
      "This vault's settings do not record its signing key yet (made by version 1; it is added at the first settings change). Pass it with --signing-key (from cmk-rekey vault info).",
    );
  }
  const verifyKey = publicKeyFromOpenSsh(keyText);
  if (verifyKey === undefined)
    return failure('invalid-argument', `"${keyText.slice(0, 60)}" is not an ssh-ed25519 public key.`);
  const decrypter = await IdentityDecrypter.create(identity);
  const current = [config.value.recipient, ...config.value.recipients];
  const problems: VaultProblem[] = [];
  let checked = 1;
  let trusted = 0;
  for (const area of AREAS_WITH_DRAFTS) {
    for (const name of await draftFiles(folder, area)) {
      checked++;
      const file = `${area}/${name}`;
      const bytes = await readVaultFile(join(folder, file), MAX_DRAFT_FILE_BYTES);
      if (!bytes.ok) {
        problems.push({ file, problem: 'unreadable', message: bytes.message });
        continue;
      }
      const decrypted = await decrypter.decrypt(bytes.value);
      if (!decrypted.ok) {
        problems.push({
          file,
          problem: 'recipients',
          message: `this identity cannot open it: ${decrypted.reason}`,
        });
        continue;
      }
      const opened = openEnvelope(decrypted.text, { verifyKey }, name.slice(0, -'.age'.length));
      if (opened.kind !== 'trusted') {
        problems.push({ file, problem: opened.kind, message: opened.reason });
        continue;
      }
      trusted++;
      const differ = recipientsDiffer(opened.recipients, current);
      if (differ !== undefined) problems.push({ file, problem: 'recipients', message: differ });
    }
  }
  return ok({ checked, trusted, problems });
}
