/**
 * The vault's `.age` files: reading and classifying them (trusted / untrusted / corrupt), writing sealed
 * drafts, setting bad files aside in quarantine, and listing a folder through the index.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import {
  FLAGGED_ID_PATTERN,
  summarizeDraft,
  unreadableSummary,
  type DraftProblem,
  type DraftSummary,
} from '../../src-shared/drafts/summary.js';
import { moveFileDurable, writeFileAtomic } from '../files/atomic-write.js';
import type { IdentityDecrypter, RecipientEncrypter } from './age-files.js';
import { readVaultFile, sha256Hex, type Area } from './config.js';
import { openEnvelope, sealDraft, type Checker, type Opened } from './envelope.js';
import { fingerprint, hashFiles, statFiles, type DraftIndex } from './index-store.js';

/** Far above the largest draft the schema allows (~130 KB): anything bigger is not a draft. */
export const MAX_DRAFT_FILE_BYTES = 2 * 1024 * 1024;
const INSPECT_CONCURRENCY = 8;

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

/** The summary shown for a quarantined file: its content if it decrypts, else its former name. */
export function flaggedSummary(id: string, opened: Opened | undefined): DraftSummary {
  const problem: DraftProblem = id.startsWith('untrusted-') ? 'untrusted' : 'corrupt';
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
  ) {}

  path(area: Area, name: string): string {
    return join(this.folder, area, name);
  }

  /** Reads and classifies one file; undefined if it does not exist. */
  async inspect(reader: Reader, area: Area, name: string): Promise<Opened | undefined> {
    return (await this.inspectBytes(reader, area, name))?.opened;
  }

  /** Same, with the SHA-256 of the bytes that were classified (undefined if they could not be read). */
  private async inspectBytes(
    reader: Reader,
    area: Area,
    name: string,
  ): Promise<{ opened: Opened; sha256?: string } | undefined> {
    const bytes = await readVaultFile(this.path(area, name), MAX_DRAFT_FILE_BYTES);
    if (!bytes.ok) {
      if (bytes.code === 'not-found') return undefined;
      return { opened: { kind: 'corrupt', reason: bytes.message } };
    }
    const sha256 = sha256Hex(bytes.value);
    const decrypted = await reader.decrypter.decrypt(bytes.value);
    if (!decrypted.ok)
      return { opened: { kind: 'corrupt', reason: `The file is damaged: ${decrypted.reason}.` }, sha256 };
    return {
      opened: openEnvelope(decrypted.text, this.signer.checker, name.slice(0, -'.age'.length)),
      sha256,
    };
  }

  /** Seals, encrypts and atomically writes a draft; updates the index when one is loaded. */
  async write(draft: DraftDocument, index: DraftIndex | undefined): Promise<void> {
    const name = `${draft.id}.age`;
    const path = this.path('drafts', name);
    const bytes = await this.encrypter.encrypt(sealDraft(draft, this.signer.key, this.encrypter.recipients));
    await writeFileAtomic(path, bytes);
    if (index === undefined) return;
    const info = await stat(path, { bigint: true }).catch(() => undefined);
    if (info !== undefined) {
      const summary = summarizeDraft(draft);
      index.set(`drafts/${name}`, { fp: fingerprint(info), summary, sha256: sha256Hex(bytes) });
    }
  }

  /** Encrypts a draft, sealed, to `recipients` and writes it to `path` (export). */
  async writeCopy(draft: DraftDocument, encrypter: RecipientEncrypter, path: string): Promise<void> {
    await writeFileAtomic(
      path,
      await encrypter.encrypt(sealDraft(draft, this.signer.key, encrypter.recipients)),
    );
  }

  /** Moves a bad file into quarantine (never deletes it); returns its quarantine id. */
  async quarantine(reader: Reader, area: Area, name: string, problem: DraftProblem): Promise<string> {
    const former =
      name
        .slice(0, -'.age'.length)
        .replace(/[^A-Za-z0-9._-]/gu, '_')
        .slice(0, 100) || 'file';
    let id = `${problem}-${stamp(new Date())}-${former}`;
    const taken = new Set(await readdir(join(this.folder, 'quarantine')).catch(() => [] as string[]));
    while (taken.has(`${id}.age`)) id = `${id.slice(0, 110)}.${randomBytes(2).toString('hex')}`;
    await moveFileDurable(this.path(area, name), this.path('quarantine', `${id}.age`));
    reader.index.delete(`${area}/${name}`);
    return id;
  }

  /**
   * Lists one folder. A file whose fingerprint matches its index entry gets the entry's summary. A file
   * whose fingerprint changed (a copied vault: new inode and ctime) but whose bytes still have the entry's
   * SHA-256 is the very file the summary was read from: only its fingerprint is updated, nothing is
   * decrypted. The others are decrypted and re-checked; in drafts/ and trash/, files that are not trusted
   * go to quarantine. Entries without a SHA-256 (older index) get one when their fingerprint matches.
   */
  async scan(reader: Reader, area: Area): Promise<ScanItem[]> {
    const folder = join(this.folder, area);
    const names = (await readdir(folder).catch(() => [] as string[])).filter(isAgeFile);
    const stats = await statFiles(folder, names);
    const items: ScanItem[] = [];
    const stale: string[] = [];
    const moved: string[] = []; // fingerprint changed (e.g. a copied folder), the entry has a SHA-256
    const unhashed: string[] = []; // fingerprint matches, the entry has no SHA-256 yet (older index)
    for (const [name, info] of stats) {
      const entry = reader.index.get(`${area}/${name}`);
      if (entry?.fp === fingerprint(info)) {
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
      reader.index.set(rel, { fp: fingerprint(file.stats), summary: entry.summary, sha256: file.sha256 });
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
    const refresh = async (name: string): Promise<void> => {
      // The stats taken before reading: if the file changes after them, its next fingerprint differs.
      const info = stats.get(name);
      const inspected = await this.inspectBytes(reader, area, name);
      if (inspected === undefined || info === undefined) return;
      const { opened, sha256 } = inspected;
      const remember = (summary: DraftSummary): void => {
        const fp = fingerprint(info);
        reader.index.set(`${area}/${name}`, { fp, summary, ...(sha256 === undefined ? {} : { sha256 }) });
        items.push({ name, summary, mtime: info.mtime });
      };
      if (area === 'quarantine') {
        const id = name.slice(0, -'.age'.length);
        if (FLAGGED_ID_PATTERN.test(id)) remember(flaggedSummary(id, opened));
      } else if (opened.kind === 'trusted') {
        remember(summarizeDraft(opened.draft));
      } else if (opened.kind === 'newer') {
        // Left as it is: a newer app wrote it, and will read it again.
        const id = name.slice(0, -'.age'.length);
        remember(unreadableSummary(id, `${id}.age`, 'newer', opened.reason));
      } else if (opened.kind !== 'unverifiable') {
        await this.quarantine(reader, area, name, opened.kind).catch(() => undefined);
      }
    };
    const queue = [...stale];
    const workers = Array.from({ length: Math.min(INSPECT_CONCURRENCY, queue.length) }, async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) await refresh(name);
    });
    await Promise.all(workers);
    for (const path of reader.index.pathsIn(area)) {
      if (!stats.has(path.slice(area.length + 1))) reader.index.delete(path);
    }
    return items;
  }
}
