/**
 * An archive folder, read-only: its packs as the browser lists them (bag-info.txt only, cheap for
 * thousands), and verification of every pack. Nothing here writes to the archive.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  PackEntrySchema,
  fit,
  type PackEntry,
  type PackVerdict,
} from '../../src-shared/archive/pack-schema.js';
import { entryKind } from '../files/safe-fs.js';
import { BagProblem, parseBagInfo, readTagFile } from './bagit.js';
import { INFO, PACK_NAME_PATTERN, PACK_TEMP_PREFIX, SIGNER_FILE } from './pack-format.js';
import { fingerprint, parseOpenSshPublicKey } from './sshsig.js';
import { verifyPack, type VerifyOptions } from './verify-pack.js';

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

/**
 * An archive error's message as a sentence of its own, for a failure the app shows after its own words
 * ("The draft was not sealed. Cannot read…"): the command line prints it after "cmk-rekey: " as it is.
 */
export function asSentence(error: Error): string {
  return `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`;
}

/** The entries of an archive that are, or claim to be, packs: every folder and file except dotfiles,
 * but including interrupted seals (`.sealing-…`), which are reported rather than hidden. */
export async function archiveEntries(archive: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(archive);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'error';
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'ENOTDIR'
          ? 'it is not a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code;
    throw new ArchiveError(`cannot read the archive folder ${archive} (${why})`);
  }
  return names.filter((name) => !name.startsWith('.') || name.startsWith(PACK_TEMP_PREFIX)).sort();
}

/**
 * True when `path` is itself a pack (or a pack-like folder), not an archive of packs: by its name, or a
 * bagit.txt in it that is a regular file. Nothing is read from it (verify reads and checks it): so a named
 * pipe there cannot hang, and a link (to /dev/zero, say) is never followed.
 */
export async function looksLikePack(path: string, name: string): Promise<boolean> {
  if (PACK_NAME_PATTERN.test(name) || name.startsWith(PACK_TEMP_PREFIX)) return true;
  return (await entryKind(join(path, 'bagit.txt')).catch(() => 'other')) === 'file';
}

async function signerOf(folder: string): Promise<string> {
  try {
    const line = (await readTagFile(folder, SIGNER_FILE)).toString('utf8');
    const comment = line.trim().split(/\s+/).slice(2).join(' ');
    const print = fingerprint(parseOpenSshPublicKey(line));
    // the fingerprint is what identifies the key: a long comment is what gets cut
    const shown = fit(comment, PackEntrySchema.shape.signer, ` (${print})`.length);
    return comment === '' ? print : `${shown} (${print})`;
  } catch {
    return '';
  }
}

function unreadable(name: string): PackEntry {
  return {
    name,
    organizationId: '',
    site: '',
    awsAccountId: '',
    realm: '',
    timing: '',
    status: '',
    ticketRef: '',
    sealedAt: '',
    signer: '',
    revision: '',
    draftId: '',
    supersedes: '',
    unreadable: true,
  };
}

/** One pack's listing from its bag-info.txt; what cannot be read lists as unreadable (its verdict says why). */
export async function readEntry(archive: string, name: string): Promise<PackEntry> {
  const folder = join(archive, name);
  if (!PACK_NAME_PATTERN.test(name)) return unreadable(name);
  // A link in place of a pack folder is never followed, as verify never follows it (it is no pack).
  const kind = await lstat(folder).catch(() => undefined);
  if (kind?.isDirectory() !== true) return unreadable(name);
  let info: Map<string, string>;
  try {
    info = parseBagInfo((await readTagFile(folder, 'bag-info.txt')).toString('utf8'));
  } catch (error) {
    if (error instanceof BagProblem) return unreadable(name);
    throw error;
  }
  const shape = PackEntrySchema.shape;
  const field = (label: string, schema: z.ZodString) => fit(info.get(label) ?? '', schema);
  return {
    name,
    organizationId: field(INFO.organizationId, shape.organizationId),
    site: field(INFO.site, shape.site),
    awsAccountId: field(INFO.awsAccountId, shape.awsAccountId),
    realm: field(INFO.realm, shape.realm),
    timing: field(INFO.timing, shape.timing),
    status: field(INFO.status, shape.status),
    ticketRef: field('External-Identifier', shape.ticketRef),
    sealedAt: field(INFO.sealedAt, shape.sealedAt),
    signer: await signerOf(folder),
    revision: field(INFO.revision, shape.revision),
    draftId: field(INFO.draftId, shape.draftId),
    supersedes: field(INFO.supersedes, shape.supersedes),
    unreadable: false,
  };
}

/** Maps `task` over `items` with at most `limit` running at once, keeping order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The browser's order, from names alone: packs newest first (names start with the sealing date), then the
 * rest (interrupted seals, strays) by name. */
export function newestFirst(names: readonly string[]): string[] {
  const packs = names
    .filter((name) => PACK_NAME_PATTERN.test(name))
    .sort((left, right) => (left < right ? 1 : -1));
  return [...packs, ...names.filter((name) => !PACK_NAME_PATTERN.test(name))];
}

export async function listArchive(archive: string): Promise<PackEntry[]> {
  const names = await archiveEntries(archive);
  return mapLimited(names, 16, (name) => readEntry(archive, name));
}

export async function verifyArchive(archive: string, options: VerifyOptions): Promise<PackVerdict[]> {
  const names = await archiveEntries(archive);
  return mapLimited(names, 8, (name) => verifyPack(join(archive, name), options));
}
