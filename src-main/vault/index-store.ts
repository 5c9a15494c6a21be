/**
 * The encrypted index (index.age): for every `.age` file of the vault, the fingerprint of the file as last
 * seen, the SHA-256 of its bytes and the summary the list shows. A cache only: rebuilt from the drafts
 * whenever it is missing, damaged, not authenticated, or an entry no longer matches its file (neither the
 * fingerprint nor, after reading the file, its SHA-256).
 *
 * Plaintext: one header line `{"format":"cmk-rekey/vault-index","version":2,"mac":"…","rules":2}`, then the
 * body JSON, one entry a line (index-text.ts reads it); the MAC (HMAC-SHA256, index key) covers the body bytes
 * exactly as written. `rules` (STATUS_RULES; absent before it existed, read as 1) is the revision of the
 * request rules the open drafts' statuses were judged by: under an older one, the list reads those drafts
 * again and judges them by today's rules (`judgeAgain`). Outside the MAC: changing it
 * can only make the cache be read again, or keep a status the user sees corrected when the draft opens.
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { STATUS_RULES } from '../../src-shared/drafts/status.js';
import type { DraftSummary } from '../../src-shared/drafts/summary.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { READ_FLAGS } from '../files/safe-fs.js';
import type { IdentityDecrypter, RecipientEncrypter } from './age-files.js';
import { INDEX_FILE, readVaultFile, sha256Hex } from './config.js';
import { macMatches, macWriter } from './keys.js';
import { BODY_CLOSE, BODY_OPEN, IndexTextReader } from './index-text.js';
import { TimeSlices } from './time-slices.js';

const INDEX_FORMAT = 'cmk-rekey/vault-index';
/** Version 2: summaries carry the lifecycle (state, ticket, dates) and the fields search looks at. */
const INDEX_VERSION = 2;
const INDEX_LABEL = 'cmk-rekey/vault-index/v1';
const MAX_INDEX_BYTES = 256 * 1024 * 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/u;

export interface IndexEntry {
  /**
   * Loaded from an index of older request rules, an open draft: its status is read again from the file at
   * the next list (never stored: the entry is replaced then).
   */
  readonly judgeAgain?: true;
  /** `size:mtimeNs:ctimeNs:inode` of the file the summary was read from (or of the same bytes, later). */
  readonly fp: string;
  readonly summary: DraftSummary;
  /**
   * SHA-256 (hex) of the file's bytes the summary was read from. Absent in entries written before it
   * existed; such entries are trusted through `fp` only, and decrypted again when `fp` no longer matches.
   */
  readonly sha256?: string;
  /**
   * Whom the file is encrypted to, as its authenticated envelope records (`unrecorded`: a version 1 draft
   * names none). Absent when not known yet (entries written before it existed).
   */
  readonly recipients?: readonly string[] | 'unrecorded';
}

function recipientsFrom(value: unknown): IndexEntry['recipients'] {
  if (value === 'unrecorded') return value;
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** A file read whole while it did not change: its stats (taken before reading) and its bytes' SHA-256. */
export interface HashedFile {
  readonly stats: BigIntStats;
  readonly sha256: string;
}

/** A file's fingerprint: any rewrite, replacement or touch changes it (ctime cannot be set back). */
export function fingerprint(stats: BigIntStats): string {
  return `${String(stats.size)}:${String(stats.mtimeNs)}:${String(stats.ctimeNs)}:${String(stats.ino)}`;
}

/**
 * Stats many files of one folder quickly: synchronous stat (a few µs each with a warm cache) in time
 * slices that yield to the event loop; 10,000 files take ~35 ms.
 */
export async function statFiles(
  folder: string,
  names: readonly string[],
  failed?: Map<string, unknown>,
): Promise<Map<string, BigIntStats>> {
  const stats = new Map<string, BigIntStats>();
  const slices = new TimeSlices();
  for (const name of names) {
    if (slices.due()) await slices.pause();
    try {
      // lstat: a link, FIFO or device named *.age is not one of the vault's files (verify reports it).
      const info = lstatSync(join(folder, name), { bigint: true, throwIfNoEntry: false });
      if (info?.isFile() === true) stats.set(name, info);
    } catch (error) {
      failed?.set(name, error); // the caller reports it; the next list tries again
    }
  }
  return stats;
}

/** Reads one file through one descriptor; undefined unless it is a file of at most `maxBytes` that did not
 * change while it was read. */
function hashFile(path: string, maxBytes: number): HashedFile | undefined {
  const fd = openSync(path, READ_FLAGS);
  try {
    const before = fstatSync(fd, { bigint: true });
    if (!before.isFile() || before.size > BigInt(maxBytes)) return undefined;
    const bytes = Buffer.allocUnsafe(Number(before.size));
    let length = 0;
    while (length < bytes.length) {
      const read = readSync(fd, bytes, length, bytes.length - length, length);
      if (read === 0) break;
      length += read;
    }
    const after = fstatSync(fd, { bigint: true });
    if (length !== bytes.length || fingerprint(after) !== fingerprint(before)) return undefined;
    return { stats: before, sha256: sha256Hex(bytes) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and hashes files of one folder without decrypting them: synchronous reads through one descriptor
 * per file (stats before and after: a file that changes while read is left out), in time slices that
 * yield to the event loop. 10,000 drafts of ~3 KB take ~200 ms. Unreadable, too large or changing files
 * are missing from the result; the caller decrypts those as before.
 */
export async function hashFiles(
  folder: string,
  names: readonly string[],
  maxBytes: number,
): Promise<Map<string, HashedFile>> {
  const hashed = new Map<string, HashedFile>();
  const slices = new TimeSlices();
  for (const name of names) {
    if (slices.due()) await slices.pause();
    try {
      const file = hashFile(join(folder, name), maxBytes);
      if (file !== undefined) hashed.set(name, file);
    } catch {
      // unreadable (or gone): decrypted the usual way, which reports it
    }
  }
  return hashed;
}

/**
 * An entry as stored: [path, fp, summary], then [path, fp, summary, sha256] since the SHA-256 was added,
 * and [path, fp, summary, sha256 | null, recipients] since recipients were: readers ignore elements they
 * do not know, so every version of the app reads every form.
 */
type StoredEntry = [string, string, DraftSummary, unknown?, unknown?];

export class DraftIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private changed = false;
  /** The revision of the request rules its open drafts' statuses were judged by (STATUS_RULES). */
  private rules = STATUS_RULES;
  /** Why the stored index was discarded when loaded (damaged, not authenticated); undefined if fine. */
  problem: string | undefined;
  /**
   * How many entries came from an index.age this identity authenticated: evidence that the identity is
   * this folder's (a foreign vault.json + identity.age pair authenticates none).
   */
  authenticEntries = 0;

  get dirty(): boolean {
    return this.changed;
  }

  get(path: string): IndexEntry | undefined {
    return this.entries.get(path);
  }

  set(path: string, entry: IndexEntry): void {
    const old = this.entries.get(path);
    if (
      old?.fp === entry.fp &&
      old.summary === entry.summary &&
      old.sha256 === entry.sha256 &&
      old.recipients === entry.recipients
    )
      return;
    this.entries.set(path, entry);
    this.changed = true;
  }

  delete(path: string): void {
    if (this.entries.delete(path)) this.changed = true;
  }

  /** Entries of one folder (`drafts/`, `trash/`, `quarantine/`). */
  pathsIn(area: string): string[] {
    return [...this.entries.keys()].filter((path) => path.startsWith(`${area}/`));
  }

  /** Loads index.age; a missing or unusable index gives an empty one (with `problem` set if unusable). */
  static async load(folder: string, decrypter: IdentityDecrypter, key: Buffer): Promise<DraftIndex> {
    const index = new DraftIndex();
    const bytes = await readVaultFile(join(folder, INDEX_FILE), MAX_INDEX_BYTES);
    if (!bytes.ok) {
      if (bytes.code !== 'not-found') index.problem = bytes.message;
      index.changed = bytes.code === 'not-found';
      return index;
    }
    index.changed = true; // rewritten after a rebuild, unless it loads cleanly
    const reader = new IndexTextReader(macWriter(key, INDEX_LABEL));
    const decrypted = await decrypter.decryptInChunks(bytes.value, (chunk) => {
      reader.push(chunk);
    });
    const text = reader.end();
    if (!decrypted.ok || (!text.ok && text.reason === 'not-utf8')) {
      const reason = decrypted.ok ? 'its content is not UTF-8 text' : decrypted.reason;
      index.problem = `The index is damaged (${reason}); it was rebuilt from the drafts.`;
      return index;
    }
    const record =
      text.ok && typeof text.header === 'object' && text.header !== null
        ? (text.header as Record<string, unknown>)
        : {};
    const version = record['version'];
    if (
      record['format'] === INDEX_FORMAT &&
      (version === 1 || (typeof version === 'number' && version > INDEX_VERSION))
    ) {
      // Version 1 summaries lack the lifecycle fields, and a newer app's index holds what this one cannot
      // read: the cache is rebuilt from the drafts (not a problem, and not a sign of tampering).
      return index;
    }
    if (
      !text.ok ||
      record['format'] !== INDEX_FORMAT ||
      record['version'] !== INDEX_VERSION ||
      !macMatches(text.mac, record['mac'])
    ) {
      index.problem = 'The index was not written by this vault (its MAC does not match); it was rebuilt.';
      return index;
    }
    const slices = new TimeSlices();
    index.rules = typeof record['rules'] === 'number' ? record['rules'] : 1;
    const older = index.rules < STATUS_RULES;
    try {
      if (text.entries === undefined) throw new SyntaxError('not the index body');
      for (const [path, fp, summary, sha256, recipientsValue] of text.entries as StoredEntry[]) {
        if (slices.due()) await slices.pause();
        const known = typeof sha256 === 'string' && SHA256_HEX.test(sha256);
        const recipients = recipientsFrom(recipientsValue);
        index.entries.set(path, {
          fp,
          summary,
          ...(known && { sha256 }),
          ...(recipients !== undefined && { recipients }),
          // An open draft judged by older rules is read again at the next list.
          ...(older && summary.state === 'open' && summary.problem === undefined && { judgeAgain: true }),
        });
      }
    } catch {
      index.entries.clear();
      index.problem = 'The index could not be read; it was rebuilt.';
      return index;
    }
    // An index in the layout before (one line) is written again one entry a line, to be read in chunks.
    index.changed = !text.entryPerLine;
    index.authenticEntries = index.entries.size;
    return index;
  }

  /**
   * Writes index.age (encrypted to the vault's own recipient only) if anything changed. Ten thousand
   * drafts make a body of about 6 MB: it is written out, authenticated and encrypted entry by entry, in
   * time slices, one entry a line (the JSON `JSON.stringify({ entries })` gives, with a line break before
   * each entry and before the closing `]}`), so a save never stalls main's event loop for the whole of it.
   */
  async save(folder: string, encrypter: RecipientEncrypter, key: Buffer): Promise<void> {
    if (!this.changed) return;
    this.changed = false;
    const slices = new TimeSlices();
    const hmac = macWriter(key, INDEX_LABEL).update(BODY_OPEN);
    const body: string[] = [BODY_OPEN];
    for (const [path, { fp, summary, sha256, recipients }] of [...this.entries]) {
      if (slices.due()) await slices.pause();
      const row = JSON.stringify(
        recipients !== undefined
          ? [path, fp, summary, sha256 ?? null, recipients]
          : sha256 === undefined
            ? [path, fp, summary]
            : [path, fp, summary, sha256],
      );
      // One entry a line: index-text.ts reads it as it is decrypted.
      const line = body.length === 1 ? `\n${row}` : `,\n${row}`;
      hmac.update(line);
      body.push(line);
    }
    body.push(`\n${BODY_CLOSE}`);
    hmac.update(`\n${BODY_CLOSE}`);
    const header = JSON.stringify({
      format: INDEX_FORMAT,
      version: INDEX_VERSION,
      mac: hmac.digest('base64'),
      // Today's revision once no entry waits to be judged again (the trash may not have been listed yet).
      rules: [...this.entries.values()].some((entry) => entry.judgeAgain === true)
        ? this.rules
        : STATUS_RULES,
    });
    try {
      await writeFileAtomic(join(folder, INDEX_FILE), await encrypter.encryptLarge([`${header}\n`, ...body]));
    } catch (error) {
      this.changed = true;
      throw error;
    }
  }
}
