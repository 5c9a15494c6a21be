/** A full, read-only check of a vault's files, for `cmk-rekey drafts verify` and the UI. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { INDEX_FILE } from './config.js';
import type { DraftStore, Reader } from './store.js';
import { DraftIndex } from './index-store.js';

export interface VaultProblem {
  /** Path inside the vault folder, e.g. `drafts/<id>.age`. */
  readonly file: string;
  /** `quarantined`: set aside earlier and waiting for a decision (import or delete). */
  readonly problem: 'corrupt' | 'untrusted' | 'quarantined' | 'newer' | 'unverifiable' | 'recipients';
  readonly message: string;
}

export interface VerifyReport {
  /** How many files were checked (settings, identity and index included). */
  readonly checked: number;
  /** Drafts that decrypted and whose seal matched. */
  readonly trusted: number;
  readonly problems: readonly VaultProblem[];
}

async function ageFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.age') && !name.startsWith('.')).sort();
}

/**
 * Decrypts and checks every draft (in drafts/ and trash/), the index, and lists the quarantine. vault.json
 * and identity.age were checked by unlock (MAC, recipient). Moves nothing: the report says what is wrong.
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
  for (const area of ['drafts', 'trash'] as const) {
    for (const name of await ageFiles(join(folder, area))) {
      checked++;
      const opened = await reader.store.inspect(reader, area, name);
      if (opened === undefined) continue;
      if (opened.kind === 'trusted') trusted++;
      else problems.push({ file: `${area}/${name}`, problem: opened.kind, message: opened.reason });
    }
  }
  for (const name of await ageFiles(join(folder, 'quarantine'))) {
    checked++;
    const kind = name.startsWith('untrusted-') ? 'untrusted' : 'corrupt';
    problems.push({
      file: `quarantine/${name}`,
      problem: 'quarantined',
      message: `set aside earlier as ${kind}; import it or delete it`,
    });
  }
  return { checked, trusted, problems };
}
