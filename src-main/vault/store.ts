/**
 * The vault's `.age` files: reading and classifying them (trusted / untrusted / corrupt), writing sealed
 * drafts, setting bad files aside in quarantine, and listing a folder through the index.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import {
  FLAGGED_ID_PATTERN,
  summarizeDraft,
  unreadableSummary,
  type DraftProblem,
  type DraftSummary,
} from '../../src-shared/drafts/summary.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { fsFailure, moveRegularFile, realFolder, writeNewFile } from '../files/safe-fs.js';
import type { IdentityDecrypter, RecipientEncrypter } from './age-files.js';
import { readVaultFile, sha256Hex, type Area } from './config.js';
import { openEnvelope, sealDraft, type Checker, type Opened } from './envelope.js';
import { fingerprint, hashFiles, statFiles, type DraftIndex, type IndexEntry } from './index-store.js';
import { TimeSlices } from './time-slices.js';
import type { FolderLock } from './folder-lock.js';

/** Far above the largest draft the schema allows (~130 KB): anything bigger is not a draft. */
export const MAX_DRAFT_FILE_BYTES = 2 * 1024 * 1024;
const INSPECT_CONCURRENCY = 8;

/** A file's classification, or `unreadable`: it could not be read now and was left where it is. */
export type Inspected = Opened | { readonly kind: 'unreadable'; readonly reason: string };

interface InspectedBytes {
  readonly opened: Inspected;
  readonly sha256?: string;
  /** Not encrypted to this vault's key (well-formed, but for another identity). */
  readonly foreign?: boolean;
}

export interface ScanItem {
  readonly name: string;
  readonly summary: DraftSummary;
  readonly mtime: Date;
}

/** What the store needs to read (only while unlocked). */
export interface Reader {
  readonly decrypter: IdentityDecrypter;
  readonly index: DraftIndex;
  readonly indexKey: Buffer;
}

function isAgeFile(name: string): boolean {
  return name.endsWith('.age') && !name.startsWith('.');
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/gu, '');
}

/** The name part of a flagged id made from a file name. */
function formerName(name: string): string {
  return (
    name
      .slice(0, -'.age'.length)
      .replace(/[^A-Za-z0-9._-]/gu, '_')
      .slice(0, 100) || 'file'
  );
}

/** The summary shown for a quarantined file: its content if it decrypts, else its former name. */
export function flaggedSummary(id: string, opened: Inspected | undefined): DraftSummary {
  const problem = (/^[a-z]+/u.exec(id)?.[0] ?? 'corrupt') as DraftProblem;
  const former = id.replace(/^[a-z]+-\d{8}T\d{9}Z-/u, '');
  const detail = (opened?.kind === 'trusted' ? 'set aside earlier' : (opened?.reason ?? 'unreadable')).slice(
    0,
    500,
  );
  const draft = opened !== undefined && 'draft' in opened ? opened.draft : undefined;
  if (draft === undefined) return unreadableSummary(id, `${former}.age`, problem, detail);
  return { ...summarizeDraft(draft), id, problem, detail };
}

/** What writes drafts: the signing key (private) and what checks them. */
export interface Signer {
  readonly key: KeyObject;
  readonly checker: Checker;
}

export class DraftStore {
  constructor(
    readonly folder: string,
    private readonly signer: Signer,
    readonly encrypter: RecipientEncrypter,
    private readonly lock: FolderLock,
  ) {}

  /** Everyone drafts are encrypted to now (the vault's recipient first). */
  get recipients(): readonly string[] {
    return this.encrypter.recipients;
  }

  path(area: Area, name: string): string {
    return join(this.folder, area, name);
  }

  /**
   * Reads and classifies one file; undefined if it does not exist. Only a regular file read whole (or
   * larger than any draft) can be corrupt; a read error or a link, FIFO or device is `unreadable`.
   */
  async inspect(reader: Reader, area: Area, name: string): Promise<Inspected | undefined> {
    return (await this.inspectBytes(reader, area, name))?.opened;
  }

  /** Same, with the SHA-256 of the bytes that were classified (undefined if they could not be read). */
  private async inspectBytes(reader: Reader, area: Area, name: string): Promise<InspectedBytes | undefined> {
    const bytes = await readVaultFile(this.path(area, name), MAX_DRAFT_FILE_BYTES);
    if (!bytes.ok) {
      if (bytes.code === 'not-found') return undefined;
      if (bytes.code !== 'too-large') return { opened: { kind: 'unreadable', reason: bytes.message } };
      return { opened: { kind: 'corrupt', reason: bytes.message } };
    }
    const sha256 = sha256Hex(bytes.value);
    const decrypted = await reader.decrypter.decrypt(bytes.value);
    if (!decrypted.ok) {
      const opened = { kind: 'corrupt', reason: `The file is damaged: ${decrypted.reason}.` } as const;
      return { opened, sha256, foreign: decrypted.foreign === true };
    }
    return {
      opened: openEnvelope(decrypted.text, this.signer.checker, name.slice(0, -'.age'.length)),
      sha256,
    };
  }

  /** Seals, encrypts and atomically writes a draft; updates the index when one is loaded. */
  async write(draft: DraftDocument, index: DraftIndex | undefined, area: Area = 'drafts'): Promise<void> {
    const name = `${draft.id}.age`;
    const path = this.path(area, name);
    // A trashed draft's modification time is when it was deleted (the trash shows it, and removes drafts
    // after N days by it): rewriting one (re-encryption) keeps that time.
    const deletedAt = area === 'trash' ? (await lstat(path).catch(() => undefined))?.mtime : undefined;
    const bytes = await this.encrypter.encrypt(sealDraft(draft, this.signer.key, this.encrypter.recipients));
    await writeFileAtomic(path, bytes, deletedAt === undefined ? {} : { mtime: deletedAt });
    if (index === undefined) return;
    const info = await stat(path, { bigint: true }).catch(() => undefined);
    if (info !== undefined) {
      const summary = summarizeDraft(draft);
      const recipients = [...this.encrypter.recipients];
      index.set(`${area}/${name}`, { fp: fingerprint(info), summary, sha256: sha256Hex(bytes), recipients });
    }
  }

  /**
   * Encrypts a draft, sealed, to `recipients` and writes it to `path` (export): never into the vault's
   * folder, never through a link or into a device; an existing file only with `force`.
   */
  async writeCopy(
    draft: DraftDocument,
    encrypter: RecipientEncrypter,
    path: string,
    force: boolean,
  ): Promise<Result<void>> {
    const bytes = await encrypter.encrypt(sealDraft(draft, this.signer.key, encrypter.recipients));
    return writeNewFile(path, bytes, { force, outside: [this.folder] });
  }

  /**
   * Moves a bad regular file into quarantine (never deletes it, never moves a link); returns its quarantine
   * id, or why it could not be moved (read-only folder, permissions…): then it stays where it is.
   *
   * A damaged file the index listed keeps the title the list knew and says where it was, so the user knows
   * which draft to restore from a backup. Only a damaged one: a file that decrypts shows its own content
   * (flaggedSummary), never the title of the file it replaced.
   */
  async quarantine(
    reader: Reader,
    area: Area,
    name: string,
    problem: DraftProblem,
    reason: string,
    seen: string | undefined,
  ): Promise<Result<string>> {
    // Held, and only the very file that was judged: another process may have rewritten it since.
    return this.lock.hold(async () => {
      const now = await lstat(this.path(area, name), { bigint: true }).catch(() => undefined);
      if (now === undefined || fingerprint(now) !== seen)
        return failure('exists', 'another process rewrote it meanwhile; it is checked again next time');
      return this.setAside(reader, area, name, problem, reason);
    });
  }

  private async setAside(
    reader: Reader,
    area: Area,
    name: string,
    problem: DraftProblem,
    reason: string,
  ): Promise<Result<string>> {
    let id = `${problem}-${stamp(new Date())}-${formerName(name)}`;
    const quarantine = join(this.folder, 'quarantine');
    const folder = await realFolder(quarantine, true);
    if (!folder.ok) return folder;
    const taken = new Set(await readdir(quarantine).catch(() => [] as string[]));
    while (taken.has(`${id}.age`)) id = `${id.slice(0, 110)}.${randomBytes(2).toString('hex')}`;
    const known = reader.index.get(`${area}/${name}`)?.summary;
    const moved = await moveRegularFile(this.path(area, name), this.path('quarantine', `${id}.age`));
    if (!moved.ok) return moved;
    reader.index.delete(`${area}/${name}`);
    if (problem === 'corrupt' && known !== undefined && known.problem === undefined) {
      const info = (await statFiles(quarantine, [`${id}.age`])).get(`${id}.age`);
      const detail = `${reason.replace(/[.\s]+$/u, '')}. It was ${area}/${name}`.slice(0, 500);
      if (info !== undefined)
        reader.index.set(`quarantine/${id}.age`, {
          fp: fingerprint(info),
          summary: unreadableSummary(id, known.title, problem, detail),
        });
    }
    return ok(id);
  }

  /** A list row for a file left where it is (unreadable, or bad but could not be set aside). */
  private leftInPlace(
    area: Area,
    name: string,
    problem: DraftProblem,
    detail: string,
    mtime: Date,
  ): ScanItem {
    const id = `${problem}-${stamp(mtime)}-${formerName(name)}`;
    const summary = {
      ...flaggedSummary(id, undefined),
      title: name,
      detail: `${detail} (left in ${area}/)`.slice(0, 500),
    };
    return { name, summary, mtime };
  }

  /**
   * Lists one folder. A file whose fingerprint matches its index entry gets the entry's summary. A file
   * whose fingerprint changed (a copied vault: new inode and ctime) but whose bytes still have the entry's
   * SHA-256 is the very file the summary was read from: only its fingerprint is updated, nothing is
   * decrypted. The others are decrypted and re-checked; in drafts/ and trash/, files that are not trusted
   * go to quarantine. Entries without a SHA-256 (older index) get one when their fingerprint matches.
   */
  async scan(reader: Reader, area: Area): Promise<Result<ScanItem[]>> {
    const folder = join(this.folder, area);
    const real = await realFolder(folder);
    if (!real.ok) {
      if (real.code === 'not-found') return ok([]);
      return failure(
        real.code,
        `${real.message} Nothing was moved; "cmk-rekey vault doctor" (the command line, for IT) shows how to repair it.`,
      );
    }
    let names: string[];
    try {
      names = (await readdir(folder)).filter(isAgeFile);
    } catch (error) {
      return fsFailure(`${folder}/`, error);
    }
    const failed = new Map<string, unknown>();
    const stats = await statFiles(folder, names, failed);
    const items: ScanItem[] = [];
    for (const [name, error] of failed) {
      const reason = fsFailure(`${area}/${name}`, error).message;
      items.push(this.leftInPlace(area, name, 'unreadable', reason, new Date()));
    }
    const stale: string[] = [];
    const moved: string[] = []; // fingerprint changed (e.g. a copied folder), the entry has a SHA-256
    const unhashed: string[] = []; // fingerprint matches, the entry has no SHA-256 yet (older index)
    const slices = new TimeSlices(); // 10,000 files take ~10 ms here
    for (const [name, info] of stats) {
      if (slices.due()) await slices.pause();
      const entry = reader.index.get(`${area}/${name}`);
      if (entry?.judgeAgain === true) stale.push(name);
      else if (entry?.fp === fingerprint(info)) {
        items.push({ name, summary: entry.summary, mtime: info.mtime });
        if (entry.sha256 === undefined) unhashed.push(name);
      } else if (entry?.sha256 !== undefined) moved.push(name);
      else stale.push(name);
    }
    const hashed = await hashFiles(folder, [...moved, ...unhashed], MAX_DRAFT_FILE_BYTES);
    for (const name of moved) {
      const rel = `${area}/${name}`;
      const entry = reader.index.get(rel);
      const file = hashed.get(name);
      if (entry === undefined || file === undefined || file.sha256 !== entry.sha256) {
        stale.push(name);
        continue;
      }
      // Same bytes as when this vault wrote or decrypted and checked them (the entry is MACed).
      reader.index.set(rel, { ...entry, fp: fingerprint(file.stats), sha256: file.sha256 });
      items.push({ name, summary: entry.summary, mtime: file.stats.mtime });
    }
    for (const name of unhashed) {
      const rel = `${area}/${name}`;
      const entry = reader.index.get(rel);
      const file = hashed.get(name);
      // Only bytes read while the file still had the entry's fingerprint are the ones it summarises.
      if (entry !== undefined && file !== undefined && fingerprint(file.stats) === entry.fp)
        reader.index.set(rel, { ...entry, sha256: file.sha256 });
    }
    const foreign: { name: string; reason: string; info: BigIntStats }[] = [];
    const setAside = async (name: string, problem: DraftProblem, reason: string, info: BigIntStats) => {
      const moved = await this.quarantine(reader, area, name, problem, reason, fingerprint(info));
      if (!moved.ok)
        items.push(
          this.leftInPlace(
            area,
            name,
            problem,
            `${reason}; it could not be set aside: ${moved.message}`,
            info.mtime,
          ),
        );
    };
    const refresh = async (name: string): Promise<void> => {
      // The stats taken before reading: if the file changes after them, its next fingerprint differs.
      const info = stats.get(name);
      const inspected = await this.inspectBytes(reader, area, name);
      if (inspected === undefined || info === undefined) return;
      const { opened, sha256 } = inspected;
      if (opened.kind === 'unreadable') {
        items.push(this.leftInPlace(area, name, 'unreadable', opened.reason, info.mtime));
        return;
      }
      const remember = (summary: DraftSummary, recipients?: IndexEntry['recipients']): void => {
        const fp = fingerprint(info);
        reader.index.set(`${area}/${name}`, {
          fp,
          summary,
          ...(sha256 === undefined ? {} : { sha256 }),
          ...(recipients === undefined ? {} : { recipients }),
        });
        items.push({ name, summary, mtime: info.mtime });
      };
      if (area === 'quarantine') {
        const id = name.slice(0, -'.age'.length);
        if (FLAGGED_ID_PATTERN.test(id)) remember(flaggedSummary(id, opened));
      } else if (opened.kind === 'trusted') {
        remember(summarizeDraft(opened.draft), opened.recipients ?? 'unrecorded');
      } else if (opened.kind === 'newer') {
        // Left as it is: a newer app wrote it, and will read it again.
        const id = name.slice(0, -'.age'.length);
        remember(unreadableSummary(id, `${id}.age`, 'newer', opened.reason));
      } else if (inspected.foreign === true) {
        foreign.push({ name, reason: opened.reason, info });
      } else if (opened.kind !== 'unverifiable') {
        await setAside(name, opened.kind, opened.reason, info);
      }
    };
    const queue = [...stale];
    const workers = Array.from({ length: Math.min(INSPECT_CONCURRENCY, queue.length) }, async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) await refresh(name);
    });
    await Promise.all(workers);
    // Files for another key are set aside only when this identity is known to be the folder's (an
    // authenticated index, or a draft it sealed): with another vault's vault.json + identity.age, every
    // draft would look like that, and none must move.
    const ours =
      reader.index.authenticEntries > 0 || items.some((item) => item.summary.problem === undefined);
    for (const file of foreign) {
      if (ours) await setAside(file.name, 'corrupt', file.reason, file.info);
      else {
        const why = `${file.reason}; no draft here opens with this key, so vault.json and identity.age may come from another vault: nothing was moved`;
        items.push(this.leftInPlace(area, file.name, 'unreadable', why, file.info.mtime));
      }
    }
    for (const path of reader.index.pathsIn(area)) {
      if (!stats.has(path.slice(area.length + 1))) reader.index.delete(path);
    }
    return ok(items);
  }
}
