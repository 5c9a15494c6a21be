/** A full, read-only check of a vault's files, for `cmk-rekey drafts verify` and the UI. */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fsFailure, kindOf, realFolder } from '../files/safe-fs.js';
import { INDEX_FILE } from './config.js';
import type { DraftStore, Reader } from './store.js';
import { DraftIndex } from './index-store.js';

export interface VaultProblem {
  /** Path inside the vault folder, e.g. `drafts/<id>.age`. */
  readonly file: string;
  /**
   * `quarantined`: set aside earlier and waiting for a decision (import or delete); `unreadable`: could
   * not be read now (permissions, I/O) or is not a regular file (link, FIFO, device); `missing`: the
   * authenticated index lists it, or the folder should be there, but it is gone; `newer`: written by a newer
   * app; `unverifiable`: a version 1 draft checked without the passphrase; `recipients`: encrypted to
   * another set of recipients than the vault's settings name.
   */
  readonly problem:
    | 'corrupt'
    | 'untrusted'
    | 'quarantined'
    | 'unreadable'
    | 'missing'
    | 'newer'
    | 'unverifiable'
    | 'recipients';
  readonly message: string;
}

export interface VerifyReport {
  /**
   * How many files were checked: with the passphrase, settings, identity and index included; with an
   * identity (verifyWithIdentity), the draft files of drafts/ and trash/ only.
   */
  readonly checked: number;
  /** Drafts that decrypted and whose seal (or signature) matched. */
  readonly trusted: number;
  /** Checked with an identity: the draft files it decrypted (whether or not their signature could be checked). */
  readonly opened?: number;
  /** Checked with an identity: the signed drafts among them whose signature no key was there to check. */
  readonly signedUnchecked?: number;
  readonly problems: readonly VaultProblem[];
}

/** A file in quarantine/, as both checks report it: set aside earlier, waiting for a decision. */
export function quarantined(name: string): VaultProblem {
  const was = /^[a-z]+/u.exec(name)?.[0] ?? 'corrupt';
  return {
    file: `quarantine/${name}`,
    problem: 'quarantined',
    message: `set aside earlier as ${was}; import it or delete it`,
  };
}

/** The `.age` names of one area, or the problem with the area itself. */
export async function ageFiles(folder: string, area: string): Promise<string[] | VaultProblem> {
  const real = await realFolder(join(folder, area));
  if (!real.ok) {
    const problem = real.code === 'not-found' ? 'missing' : 'unreadable';
    return { file: `${area}/`, problem, message: real.message };
  }
  try {
    const names = await readdir(join(folder, area));
    return names.filter((name) => name.endsWith('.age') && !name.startsWith('.')).sort();
  } catch (error) {
    return { file: `${area}/`, problem: 'unreadable', message: fsFailure(`${area}/`, error).message };
  }
}

/** The current recipients a draft was not encrypted to (`missing`), and its former ones (`extra`). */
export function recipientsDelta(
  recorded: readonly string[],
  current: readonly string[],
): { readonly missing: string[]; readonly extra: string[] } {
  return {
    missing: current.filter((recipient) => !recorded.includes(recipient)),
    extra: recorded.filter((recipient) => !current.includes(recipient)),
  };
}

/**
 * Why a draft's recorded recipients are not the vault's current set; undefined when they are, or when the
 * file (version 1) records none. `cmk-rekey drafts reencrypt` brings every draft to the current set. A
 * former recipient may be a compliance key that the organization's policy adds on its machines but not
 * here (no policy, or `--identity`, which reads none): re-encrypting here would take its access away, so
 * the advice says so instead of only "reencrypt".
 */
export function recipientsDiffer(
  recorded: readonly string[] | undefined,
  current: readonly string[],
): string | undefined {
  if (recorded === undefined) return undefined;
  const { missing, extra } = recipientsDelta(recorded, current);
  if (missing.length === 0 && extra.length === 0) return undefined;
  const parts = [
    ...(missing.length === 0 ? [] : [`not encrypted to ${missing.join(', ')}`]),
    ...(extra.length === 0 ? [] : [`still encrypted to ${extra.join(', ')}, not a recipient here`]),
  ];
  if (extra.length === 0) return `${parts.join('; ')}: run "cmk-rekey drafts reencrypt"`;
  const them = extra.length === 1 ? 'it' : 'them';
  return `${parts.join('; ')}: if your organization's policy names ${them} (complianceRecipients), check under that policy; otherwise "cmk-rekey drafts reencrypt" drops ${them}`;
}

/**
 * Decrypts and checks every draft (in drafts/ and trash/), the index, and lists the quarantine. vault.json
 * and identity.age were checked by unlock (MAC, recipient). Files the authenticated index lists but that
 * are gone are reported, and so are links and other entries that are not regular files. Moves nothing.
 */
export async function verifyVault(
  folder: string,
  reader: Reader & { readonly store: DraftStore },
): Promise<VerifyReport> {
  const problems: VaultProblem[] = [];
  let checked = 2; // vault.json and identity.age: checked by unlock
  let trusted = 0;
  const index = await DraftIndex.load(folder, reader.decrypter, reader.indexKey);
  checked++;
  if (index.problem !== undefined) {
    problems.push({ file: INDEX_FILE, problem: 'corrupt', message: index.problem });
  }
  const present = new Set<string>();
  for (const area of ['drafts', 'trash', 'quarantine'] as const) {
    const names = await ageFiles(folder, area);
    if (!Array.isArray(names)) {
      if (area === 'drafts' || names.problem !== 'missing') problems.push(names);
      continue;
    }
    for (const name of names) {
      checked++;
      const file = `${area}/${name}`;
      present.add(file);
      const stats = await lstat(join(folder, file)).catch(() => undefined);
      if (stats === undefined) continue;
      const kind = kindOf(stats);
      if (kind !== 'file') {
        problems.push({
          file,
          problem: 'unreadable',
          message: `it is a ${kind}, not a regular file; left alone`,
        });
        continue;
      }
      if (area === 'quarantine') {
        problems.push(quarantined(name));
        continue;
      }
      const opened = await reader.store.inspect(reader, area, name);
      if (opened === undefined) continue;
      if (opened.kind !== 'trusted') {
        problems.push({ file, problem: opened.kind, message: opened.reason });
        continue;
      }
      trusted++;
      const differ = recipientsDiffer(opened.recipients, reader.store.recipients);
      if (differ !== undefined) problems.push({ file, problem: 'recipients', message: differ });
    }
  }
  // The index as this process knows it (loaded from disk, then kept current by its own changes).
  const known = reader.index;
  for (const file of ['drafts', 'trash', 'quarantine'].flatMap((area) => known.pathsIn(area))) {
    if (present.has(file)) continue;
    const title = known.get(file)?.summary.title ?? '';
    problems.push({
      file,
      problem: 'missing',
      message: `the vault's authenticated index lists it (“${title}”), but the file is gone`,
    });
  }
  return { checked, trusted, problems };
}
