/**
 * The archive browser's per-user cache, one JSON file in the app's user-data folder (never in the archive,
 * which may be a read-only share). Per archive folder and pack name it keeps the pack's listing (parsed
 * bag-info.txt and signer) under the SHA-256 of its tagmanifest-sha256.txt, and its badge under a key of
 * that hash, every file's size, inode, mtime and ctime, and the trusted signers: a changed pack or changed
 * trust misses the cache and is read or verified again. A missing, damaged or other-version file is an
 * empty cache (it is rebuilt, never migrated); writing it may fail without harm.
 */
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import {
  PackEntrySchema,
  PackVerdictSchema,
  type PackEntry,
  type PackVerdict,
} from '../../src-shared/archive/pack-schema.js';
import { writeFileAtomic } from '../files/atomic-write.js';

export const ARCHIVE_CACHE_FORMAT = 'cmk-rekey/archive-cache';
export const ARCHIVE_CACHE_VERSION = 1;
const MAX_PACKS = 50_000;
const MAX_FILE_BYTES = 256 * 1024 * 1024;
const SAVE_DELAY_MS = 2000;

const CachedPackSchema = z.strictObject({
  tagManifest: z.string().max(64).optional(),
  entry: PackEntrySchema.optional(),
  verdictKey: z.string().max(64).optional(),
  verdict: PackVerdictSchema.optional(),
});
type CachedPack = z.infer<typeof CachedPackSchema>;

/** A pack's record: checked, or as read from the file and not checked yet. */
type Slot = { readonly pack: CachedPack } | { readonly raw: unknown };

/** Each pack's record is checked when it is first looked up, so reading 5,000 of them stays quick. */
const CacheFileSchema = z.strictObject({
  format: z.literal(ARCHIVE_CACHE_FORMAT),
  version: z.literal(ARCHIVE_CACHE_VERSION),
  archives: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export class ArchiveCache {
  /** Records read from the file stay `unknown` until looked up (then checked, and dropped if bad). */
  #archives = new Map<string, Map<string, Slot>>();
  #loading: Promise<void> | undefined;
  #loaded = false;
  #timer: NodeJS.Timeout | undefined;
  #saving: Promise<void> = Promise.resolve();

  /** `path` undefined: kept in memory only (the CLI never caches; tests may). */
  constructor(
    private readonly path: string | undefined,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Reads the file once; later calls wait for that read. */
  load(): Promise<void> {
    this.#loading ??= this.#read().finally(() => {
      this.#loaded = true;
    });
    return this.#loading;
  }

  /** True once the file was read (answers before that come from the packs themselves). */
  get loaded(): boolean {
    return this.#loaded;
  }

  async #read(): Promise<void> {
    if (this.path === undefined) return;
    try {
      if ((await stat(this.path)).size > MAX_FILE_BYTES) return;
      const parsed = CacheFileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
      if (!parsed.success) {
        this.log(
          `archive cache: ignoring ${this.path} (not a version ${String(ARCHIVE_CACHE_VERSION)} cache)`,
        );
        return;
      }
      // what was learnt while the file was being read is newer than the file
      for (const [archive, packs] of Object.entries(parsed.data.archives)) {
        const read = Object.entries(packs).map(([name, raw]): [string, Slot] => [name, { raw }]);
        this.#archives.set(archive, new Map([...read, ...(this.#archives.get(archive) ?? [])]));
      }
    } catch {
      // no cache yet, or unreadable: start empty
    }
  }

  /** The checked record of a pack; a bad one read from the file is forgotten. */
  #pack(archive: string, name: string): CachedPack | undefined {
    const packs = this.#archives.get(archive);
    const found = packs?.get(name);
    if (packs === undefined || found === undefined) return undefined;
    if ('pack' in found) return found.pack;
    const parsed = CachedPackSchema.safeParse(found.raw);
    if (parsed.success) packs.set(name, { pack: parsed.data });
    else packs.delete(name);
    return parsed.data;
  }

  #packs(archive: string): Map<string, Slot> {
    let packs = this.#archives.get(archive);
    if (packs === undefined) {
      packs = new Map();
      this.#archives.set(archive, packs);
    }
    return packs;
  }

  entry(archive: string, name: string, tagManifest: string): PackEntry | undefined {
    const cached = this.#pack(archive, name);
    return cached?.tagManifest === tagManifest ? cached.entry : undefined;
  }

  verdict(archive: string, name: string, key: string): PackVerdict | undefined {
    const cached = this.#pack(archive, name);
    return cached?.verdictKey === key ? cached.verdict : undefined;
  }

  setEntry(archive: string, name: string, tagManifest: string, entry: PackEntry): void {
    const cached = this.#pack(archive, name);
    const packs = this.#packs(archive);
    // a new tag manifest means another pack under this name: its old badge goes too
    packs.set(name, {
      pack: cached?.tagManifest === tagManifest ? { ...cached, entry } : { tagManifest, entry },
    });
    this.#changed(archive);
  }

  setVerdict(archive: string, name: string, key: string, verdict: PackVerdict): void {
    const cached = this.#pack(archive, name);
    this.#packs(archive).set(name, { pack: { ...cached, verdictKey: key, verdict } });
    this.#changed(archive);
  }

  /** Forgets the packs of `archive` that are gone from it. */
  keepOnly(archive: string, names: readonly string[]): void {
    const packs = this.#archives.get(archive);
    if (packs === undefined) return;
    const present = new Set(names);
    let removed = false;
    for (const name of packs.keys()) {
      if (!present.has(name)) removed = packs.delete(name) || removed;
    }
    if (removed) this.#changed(archive);
  }

  #changed(archive: string): void {
    let total = 0;
    for (const packs of this.#archives.values()) total += packs.size;
    if (total > MAX_PACKS) {
      // other archives go first; one archive larger than the bound starts again
      for (const other of [...this.#archives.keys()]) if (other !== archive) this.#archives.delete(other);
      if (this.#packs(archive).size > MAX_PACKS) this.#archives.delete(archive);
    }
    if (this.path === undefined || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.flush(), SAVE_DELAY_MS);
    this.#timer.unref();
  }

  /** Writes pending changes now (they are otherwise written a few seconds after the last change). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const wasPending = this.#timer !== undefined;
    this.#timer = undefined;
    const path = this.path;
    if (wasPending && path !== undefined) {
      // the file is read (and merged) first, so that writing never drops what it held
      this.#saving = this.#saving.then(() => this.load()).then(() => this.#write(path));
    }
    return this.#saving;
  }

  async #write(path: string): Promise<void> {
    const text = JSON.stringify({
      format: ARCHIVE_CACHE_FORMAT,
      version: ARCHIVE_CACHE_VERSION,
      archives: Object.fromEntries(
        [...this.#archives].map(([archive, packs]) => [
          archive,
          Object.fromEntries([...packs].map(([name, slot]) => [name, 'pack' in slot ? slot.pack : slot.raw])),
        ]),
      ),
    });
    await writeFileAtomic(path, text).catch((error: unknown) => {
      this.log(`archive cache: not saved (${error instanceof Error ? error.message : String(error)})`);
    });
  }
}
