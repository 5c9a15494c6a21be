/**
 * The vault's `.age` files: reading and classifying them (trusted / untrusted / corrupt), writing sealed
 * drafts, setting bad files aside in quarantine, and listing a folder through the index.
 */
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DraftDocument } from '../../src-shared/drafts/draft.js';
import {
  FLAGGED_ID_PATTERN,
  summarizeDraft,
  type DraftProblem,
  type DraftSummary,
} from '../../src-shared/drafts/summary.js';
import { moveFileDurable, writeFileAtomic } from '../files/atomic-write.js';
import type { IdentityDecrypter, RecipientEncrypter } from './age-files.js';
import { readVaultFile, type Area } from './config.js';
import { openEnvelope, sealDraft, type Opened } from './envelope.js';
import { fingerprint, statFiles, type DraftIndex } from './index-store.js';

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
  const base = { id, problem, detail };
  const draft = opened !== undefined && opened.kind !== 'corrupt' ? opened.draft : undefined;
  if (draft === undefined) {
    return {
      ...base,
      title: `${former}.age`,
      status: 'has-errors',
      realm: '',
      awsAccountId: '',
      updatedAt: '',
    };
  }
  return { ...summarizeDraft(draft), ...base };
}

export class DraftStore {
  constructor(
    readonly folder: string,
    private readonly sealKey: Buffer,
    private readonly encrypter: RecipientEncrypter,
  ) {}

  path(area: Area, name: string): string {
    return join(this.folder, area, name);
  }

  /** Reads and classifies one file; undefined if it does not exist. */
  async inspect(reader: Reader, area: Area, name: string): Promise<Opened | undefined> {
    const bytes = await readVaultFile(this.path(area, name), MAX_DRAFT_FILE_BYTES);
    if (!bytes.ok) {
      if (bytes.code === 'not-found') return undefined;
      return { kind: 'corrupt', reason: bytes.message };
    }
    const decrypted = await reader.decrypter.decrypt(bytes.value);
    if (!decrypted.ok) return { kind: 'corrupt', reason: `The file is damaged: ${decrypted.reason}.` };
    return openEnvelope(decrypted.text, this.sealKey, name.slice(0, -'.age'.length));
  }

  /** Seals, encrypts and atomically writes a draft; updates the index when one is loaded. */
  async write(draft: DraftDocument, index: DraftIndex | undefined): Promise<void> {
    const name = `${draft.id}.age`;
    const path = this.path('drafts', name);
    await writeFileAtomic(path, await this.encrypter.encrypt(sealDraft(draft, this.sealKey)));
    if (index === undefined) return;
    const info = await stat(path, { bigint: true }).catch(() => undefined);
    if (info !== undefined)
      index.set(`drafts/${name}`, { fp: fingerprint(info), summary: summarizeDraft(draft) });
  }

  /** Encrypts a draft, sealed, to `recipients` and writes it to `path` (export). */
  async writeCopy(draft: DraftDocument, encrypter: RecipientEncrypter, path: string): Promise<void> {
    await writeFileAtomic(path, await encrypter.encrypt(sealDraft(draft, this.sealKey)));
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
   * Lists one folder: summaries from the index where the file's fingerprint still matches, the others
   * decrypted and re-checked. In drafts/ and trash/, files that are not trusted go to quarantine.
   */
  async scan(reader: Reader, area: Area): Promise<ScanItem[]> {
    const folder = join(this.folder, area);
    const names = (await readdir(folder).catch(() => [] as string[])).filter(isAgeFile);
    const stats = await statFiles(folder, names);
    const items: ScanItem[] = [];
    const stale: string[] = [];
    for (const [name, info] of stats) {
      const entry = reader.index.get(`${area}/${name}`);
      if (entry?.fp === fingerprint(info)) items.push({ name, summary: entry.summary, mtime: info.mtime });
      else stale.push(name);
    }
    const refresh = async (name: string): Promise<void> => {
      const opened = await this.inspect(reader, area, name);
      const info = await stat(this.path(area, name), { bigint: true }).catch(() => undefined);
      if (opened === undefined || info === undefined) return;
      const rel = `${area}/${name}`;
      if (area === 'quarantine') {
        const id = name.slice(0, -'.age'.length);
        if (!FLAGGED_ID_PATTERN.test(id)) return;
        const summary = flaggedSummary(id, opened);
        reader.index.set(rel, { fp: fingerprint(info), summary });
        items.push({ name, summary, mtime: info.mtime });
      } else if (opened.kind === 'trusted') {
        const summary = summarizeDraft(opened.draft);
        reader.index.set(rel, { fp: fingerprint(info), summary });
        items.push({ name, summary, mtime: info.mtime });
      } else {
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
