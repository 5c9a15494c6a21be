/**
 * BagIt 1.0 (RFC 8493): the text of a bag's tag files, and a checker that reads a bag on disk without
 * trusting it: structure first (missing, extra, symlinks, Payload-Oxum from sizes), then streamed hashes,
 * so a stray 2 GB file is reported without being read.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
export const MANIFEST = 'manifest-sha256.txt';
export const TAG_MANIFEST = 'tagmanifest-sha256.txt';
/** Tag files read whole by the checker are small; anything larger is not ours. */
const MAX_TAG_FILE_BYTES = 1024 * 1024;
const SMALL_FILE_BYTES = 4 * 1024 * 1024;

/** A failed check: `tampered` when content differs from what the bag declares, `unverifiable` otherwise. */
export class BagProblem extends Error {
  override readonly name = 'BagProblem';
  constructor(
    readonly kind: 'tampered' | 'unverifiable',
    message: string,
  ) {
    super(message);
  }
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Manifest lines `<hash>  <path>` (two spaces, as `sha256sum -c` reads them), sorted by path. */
export function manifestText(files: ReadonlyMap<string, Uint8Array>): string {
  return [...files.keys()]
    .sort()
    .map((path) => `${sha256Hex(files.get(path) ?? new Uint8Array())}  ${path}\n`)
    .join('');
}

export function payloadOxum(files: ReadonlyMap<string, Uint8Array>): string {
  let octets = 0;
  for (const bytes of files.values()) octets += bytes.length;
  return `${String(octets)}.${String(files.size)}`;
}

/** One `Label: value` line per field; values are single lines (line breaks become spaces). */
export function bagInfoText(fields: readonly (readonly [string, string])[]): string {
  return fields.map(([label, value]) => `${label}: ${oneLine(value)}\n`).join('');
}

export function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

export function parseBagInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new BagProblem('tampered', `bag-info.txt has a line that is not "Label: value"`);
    last = line.slice(0, colon).trim();
    if (!fields.has(last)) fields.set(last, line.slice(colon + 1).trim());
  }
  return fields;
}

function safeRelativePath(path: string): boolean {
  return (
    path !== '' &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    path.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

/** RFC 8493 §2.1.3: a CR, LF or % in a manifest's file path is percent-encoded (and nothing else is). */
function decodePath(path: string): string {
  return path.replace(/%(0A|0D|25)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Parses `<hash>  <path>` lines as RFC 8493 allows them: LF, CRLF or CR line ends, the hash in either case
 * (kept in lowercase), the path percent-decoded. A malformed line or an unsafe path is tampering.
 */
export function parseManifest(text: string, fileName: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') continue;
    const match = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new BagProblem('tampered', `${fileName} has a malformed line`);
    }
    const path = decodePath(match[2]);
    if (!safeRelativePath(path) || entries.has(path)) {
      throw new BagProblem('tampered', `${fileName} lists an unsafe or repeated path`);
    }
    entries.set(path, match[1].toLowerCase());
  }
  return entries;
}

function describeError(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it is gone';
  return code === '' ? (error instanceof Error ? error.message : String(error)) : code;
}

export interface FileFacts {
  readonly size: number;
  /** Changes with any write or metadata change, and cannot be set back by the user (unlike mtime). */
  readonly changed: string;
}

/** Lists every file under `folder` (relative paths); symlinks, special files and empty folders are tampering. */
export async function listFiles(folder: string, prefix = ''): Promise<Map<string, FileFacts>> {
  const sizes = new Map<string, FileFacts>();
  let entries;
  try {
    entries = await readdir(join(folder, prefix), { withFileTypes: true });
  } catch (error) {
    throw new BagProblem(
      'unverifiable',
      `cannot read ${prefix === '' ? 'the folder' : prefix} (${describeError(error)})`,
    );
  }
  for (const entry of entries) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isSymbolicLink()) throw new BagProblem('tampered', `symlink inside the pack: ${path}`);
    if (entry.isDirectory()) {
      const inner = await listFiles(folder, path);
      // the manifests list files only, so a folder holding none was added (data/ is checked by its files)
      if (inner.size === 0 && path !== 'data') throw new BagProblem('tampered', `extra folder: ${path}`);
      for (const [file, size] of inner) sizes.set(file, size);
    } else if (entry.isFile()) {
      const stats = await lstat(join(folder, path), { bigint: true });
      sizes.set(path, {
        size: Number(stats.size),
        changed: `${String(stats.ino)}:${String(stats.mtimeNs)}:${String(stats.ctimeNs)}`,
      });
    } else {
      throw new BagProblem('tampered', `not a regular file inside the pack: ${path}`);
    }
  }
  return sizes;
}

/** SHA-256 of a file: small files in one read, larger ones streamed (never read whole). */
export async function hashFile(path: string, size: number): Promise<string> {
  if (size <= SMALL_FILE_BYTES) return sha256Hex(await readFile(path));
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads a small tag file; a missing, oversized or non-regular one is tampering, a failed read unverifiable. */
export async function readTagFile(folder: string, name: string): Promise<Buffer> {
  const path = join(folder, name);
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new BagProblem('tampered', `missing file: ${name}`);
    }
    throw new BagProblem('unverifiable', `cannot read ${name} (${describeError(error)})`);
  }
  if (!stats.isFile()) throw new BagProblem('tampered', `not a regular file inside the pack: ${name}`);
  if (stats.size > MAX_TAG_FILE_BYTES)
    throw new BagProblem('tampered', `${name} is far larger than a tag file`);
  try {
    return await readFile(path);
  } catch (error) {
    throw new BagProblem('unverifiable', `cannot read ${name} (${describeError(error)})`);
  }
}

export interface CheckedBag {
  readonly bagInfo: Map<string, string>;
  readonly tagManifest: Buffer;
  /** Every file's size and change stamp, by path relative to the bag. */
  readonly files: ReadonlyMap<string, FileFacts>;
}

/** Hashes a listed file; a failed read is unverifiable, a different hash names the file. */
async function checkHash(
  folder: string,
  path: string,
  hash: string,
  files: ReadonlyMap<string, FileFacts>,
  known?: Buffer,
): Promise<void> {
  let actual: string;
  try {
    actual =
      known === undefined ? await hashFile(join(folder, path), files.get(path)?.size ?? 0) : sha256Hex(known);
  } catch (error) {
    throw new BagProblem('unverifiable', `cannot read ${path} (${describeError(error)})`);
  }
  if (actual !== hash) throw new BagProblem('tampered', `changed file: ${path}`);
}

/**
 * Checks a bag: bagit.txt, exactly the files the manifests name plus `allowedUnlisted` tag files,
 * Payload-Oxum, then every hash. Throws BagProblem at the first failure.
 *
 * Nothing is taken from a manifest before it is known to be intact, so a changed manifest is named, never
 * a file it lists: `authenticate` (the pack's signature) sees the tag manifest as soon as it is read, the
 * tag files (among them manifest-sha256.txt) are checked against it, and only then does the payload
 * manifest say which files the bag holds.
 */
export async function checkBag(
  folder: string,
  allowedUnlisted: readonly string[],
  authenticate?: (tagManifest: Buffer) => Promise<void>,
): Promise<CheckedBag> {
  const files = await listFiles(folder);
  const bagit = await readTagFile(folder, 'bagit.txt');
  const tagManifest = await readTagFile(folder, TAG_MANIFEST);
  if (authenticate !== undefined) await authenticate(tagManifest);
  const tags = parseManifest(tagManifest.toString('utf8'), TAG_MANIFEST);
  for (const path of tags.keys()) {
    if (path.startsWith('data/')) throw new BagProblem('tampered', `${TAG_MANIFEST} lists a payload file`);
    if (!files.has(path)) throw new BagProblem('tampered', `missing file: ${path}`);
  }
  const manifestBytes = await readTagFile(folder, MANIFEST);
  const bagInfoBytes = await readTagFile(folder, 'bag-info.txt');
  const tagBytes = new Map([
    ['bagit.txt', bagit],
    [MANIFEST, manifestBytes],
    ['bag-info.txt', bagInfoBytes],
  ]);
  for (const [path, hash] of tags) await checkHash(folder, path, hash, files, tagBytes.get(path));
  // Only now, its hash checked: a bagit.txt changed after sealing is named above, and one that was sealed
  // so (another tool's bag, BagIt 0.97) is no pack of this app's, not a changed one.
  if (bagit.toString('utf8') !== BAGIT_TXT) {
    if (!tags.has('bagit.txt')) throw new BagProblem('tampered', 'bagit.txt was changed');
    throw new BagProblem(
      'unverifiable',
      'not an evidence pack of CMK Rekey: its bagit.txt is not "BagIt-Version: 1.0" with UTF-8 tag files, one per line',
    );
  }
  const manifest = parseManifest(manifestBytes.toString('utf8'), MANIFEST);
  for (const path of manifest.keys()) {
    if (!path.startsWith('data/')) throw new BagProblem('tampered', `${MANIFEST} lists a file outside data/`);
  }
  const expected = new Set([...manifest.keys(), ...tags.keys(), TAG_MANIFEST, ...allowedUnlisted]);
  for (const path of expected) {
    if (!files.has(path)) throw new BagProblem('tampered', `missing file: ${path}`);
  }
  for (const path of files.keys()) {
    if (!expected.has(path)) throw new BagProblem('tampered', `extra file: ${path}`);
  }
  const bagInfo = parseBagInfo(bagInfoBytes.toString('utf8'));
  let octets = 0;
  for (const path of manifest.keys()) octets += files.get(path)?.size ?? 0;
  if (bagInfo.get('Payload-Oxum') !== `${String(octets)}.${String(manifest.size)}`) {
    // a size changed: name the file if it is one small enough to read whole (a huge one is never read)
    for (const [path, hash] of manifest) {
      if ((files.get(path)?.size ?? 0) <= SMALL_FILE_BYTES) await checkHash(folder, path, hash, files);
    }
    throw new BagProblem(
      'tampered',
      'Payload-Oxum does not match the payload (a file was changed, added or removed)',
    );
  }
  for (const [path, hash] of manifest) await checkHash(folder, path, hash, files);
  return { bagInfo, tagManifest, files };
}
