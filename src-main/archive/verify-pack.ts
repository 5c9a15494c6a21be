/**
 * Verifies evidence packs without writing anything: the SSHSIG over the tag manifest (first, so nothing is
 * taken from a changed manifest), the bag (complete, nothing extra, every hash, Payload-Oxum), whether an
 * allowed signer trusts the key, the pack's own name and fields, and the request's format. One verdict per
 * pack, with its reason.
 */
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  PACK_FORMAT_VERSION,
  PackRecordSchema,
  PackVerdictSchema,
  fit,
  type PackRecord,
  type PackVerdict,
} from '../../src-shared/archive/pack-schema.js';
import { REQUEST_CHAIN } from '../../src-shared/formats/chains.js';
import { migrate } from '../../src-shared/formats/migrate.js';
import { validateRequest } from '../../src-shared/request/validate.js';
import { formatBytes } from '../../src-shared/text/byte-size.js';
import { errnoCode, readRegularFile, reasonFor } from '../files/safe-fs.js';
import { chainProblem } from '../vault/history.js';
import { MAX_DRAFT_FILE_BYTES } from '../vault/store.js';
import { BagProblem, checkBag, oneLine, readTagFile } from './bagit.js';
import { INFO, PACK_NAME_PATTERN, PACK_TEMP_PREFIX, SIGNATURE_FILE, SIGNER_FILE } from './pack-format.js';
import {
  SshSigError,
  findTrustedSigner,
  fingerprint,
  parseOpenSshPublicKey,
  verifySshSig,
  type AllowedSigner,
} from './sshsig.js';

/** Request findings that mean the file is not a request this format knows (not mere field errors). */
const FORMAT_CODES = new Set([
  'request.type',
  'format.missing',
  'format.unknown',
  'version.missing',
  'version.unsupported',
  'request.unknown-field',
]);

export interface VerifyOptions {
  /** Parsed allowed-signers list; undefined when the verifier gave none. */
  readonly allowedSigners?: readonly AllowedSigner[] | undefined;
  /** Why no signer is trusted, when the verifier's list could not be used (said in the verdict). */
  readonly untrusted?: string;
}

/**
 * The most a pack's record.json or request.json can hold. Both are made from one draft (its history and
 * fields; the request as sent, or as the draft holds it), and the vault never reads a draft file larger
 * than MAX_DRAFT_FILE_BYTES: a larger one is no genuine pack's. They are read whole (the app verifies 8
 * packs at once), so a larger one is refused before a byte of it is read.
 */
export const MAX_PACK_JSON_BYTES = MAX_DRAFT_FILE_BYTES;

/** What a pack's file is, in the reason given when it is larger than that can be. */
const PACK_JSON_KINDS: Readonly<Record<string, string>> = {
  'data/record.json': 'any pack record',
  'data/request.json': 'any sealed request',
};

/**
 * Reads a pack's record.json or request.json whole, as a regular file of at most MAX_PACK_JSON_BYTES
 * (readRegularFile: no link followed, no FIFO waited on, the size checked before a byte is read). Every
 * failure is a BagProblem naming the file inside the pack, never its path or the system's error text.
 */
export async function readPackJson(folder: string, file: string): Promise<Buffer> {
  const read = await readRegularFile(join(folder, file), MAX_PACK_JSON_BYTES, false, file);
  if (read.ok) return read.value;
  const reason =
    read.code === 'too-large'
      ? `${file} is larger than ${PACK_JSON_KINDS[file] ?? 'such a file'} can be (at most ${formatBytes(MAX_PACK_JSON_BYTES)})`
      : read.message.replace(/\.$/, '');
  throw new BagProblem('unverifiable', reason);
}

function parseJson(bytes: Buffer, file: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new BagProblem('unverifiable', `${file} is not valid JSON`);
  }
}

/** The pack's format, first of its contents: a newer app's pack is said to be one, not a damaged one. */
function checkPackFormat(bagInfo: Map<string, string>): void {
  const format = bagInfo.get(INFO.format);
  if (format === String(PACK_FORMAT_VERSION)) return;
  if (format !== undefined && /^[1-9]\d{0,5}$/.test(format) && Number(format) > PACK_FORMAT_VERSION) {
    throw new BagProblem(
      'unverifiable',
      `sealed by a newer version of CMK Rekey (pack format ${format}; this version reads up to ${String(PACK_FORMAT_VERSION)}): update CMK Rekey to verify it`,
    );
  }
  throw new BagProblem(
    'unverifiable',
    `unknown pack format ${format ?? '(none)'}; this version reads ${String(PACK_FORMAT_VERSION)}`,
  );
}

/** The pack's own claims agree with each other: folder name, bag-info, record and request. */
function checkConsistency(
  name: string,
  bagInfo: Map<string, string>,
  record: PackRecord,
  request: Record<string, unknown>,
): void {
  if (bagInfo.get(INFO.name) !== name) {
    throw new BagProblem(
      'unverifiable',
      `the folder was renamed: the pack calls itself ${bagInfo.get(INFO.name) ?? '(no name)'}`,
    );
  }
  const text = (key: string) => (typeof request[key] === 'string' ? oneLine(request[key]) : '');
  const expected: [string, string][] = [
    ['External-Identifier', oneLine(record.ticketRef)],
    [INFO.organizationId, text('organizationId')],
    [INFO.awsAccountId, text('awsAccountId')],
    [INFO.status, record.status],
    [INFO.draftId, record.draftId],
    [INFO.revision, String(record.revision)],
    [INFO.supersedes, record.supersedes ?? ''],
  ];
  for (const [label, value] of expected) {
    if ((bagInfo.get(label) ?? '') !== value) {
      throw new BagProblem('unverifiable', `bag-info.txt ${label} disagrees with the pack's record`);
    }
  }
}

/** The key that signed the tag manifest (its SSHSIG checked over exactly these bytes). */
async function signingKeyOf(folder: string, tagManifest: Buffer): Promise<Buffer> {
  const signature = (await readTagFile(folder, SIGNATURE_FILE)).toString('utf8');
  try {
    return verifySshSig(signature, tagManifest);
  } catch (error) {
    const reason = error instanceof SshSigError ? error.message : 'it cannot be read';
    throw new BagProblem('tampered', `bad signature over tagmanifest-sha256.txt (${reason})`);
  }
}

/** signer.pub names the key that signed, and whether an allowed signer trusts it. */
async function checkSigner(
  folder: string,
  keyBlob: Buffer,
  options: VerifyOptions,
): Promise<{ trusted: boolean; signer: string }> {
  let shown: Buffer;
  try {
    shown = parseOpenSshPublicKey((await readTagFile(folder, SIGNER_FILE)).toString('utf8'));
  } catch {
    throw new BagProblem('tampered', `${SIGNER_FILE} is not a public key`);
  }
  if (!shown.equals(keyBlob)) throw new BagProblem('tampered', `${SIGNER_FILE} is not the key that signed`);
  const trusted =
    options.allowedSigners === undefined ? undefined : findTrustedSigner(options.allowedSigners, keyBlob);
  return { trusted: trusted !== undefined, signer: trusted?.principals ?? fingerprint(keyBlob) };
}

/** Verifies one pack folder. Never throws: every failure is a verdict with its reason. */
export async function verifyPack(folder: string, options: VerifyOptions = {}): Promise<PackVerdict> {
  const verdict = await check(folder, options);
  // reasons quote the pack's own text and signers the verifier's file: either may be of any length
  const shape = PackVerdictSchema.shape;
  return { ...verdict, reason: fit(verdict.reason, shape.reason), signer: fit(verdict.signer, shape.signer) };
}

/**
 * A pack's request as this version reads it: an older version brought up through the migration chain, a
 * newer one refused with the message every format gives; anything else as it is, for the rules to name.
 */
function currentRequest(value: unknown): unknown {
  const migrated = migrate(value, REQUEST_CHAIN);
  if (migrated.kind === 'newer')
    throw new BagProblem('unverifiable', `data/request.json: ${migrated.message}`);
  return migrated.kind === 'current' ? migrated.document : value;
}

async function check(folder: string, options: VerifyOptions): Promise<PackVerdict> {
  const name = basename(folder);
  let signer = '';
  try {
    if (name.startsWith(PACK_TEMP_PREFIX)) {
      throw new BagProblem(
        'unverifiable',
        'half-written temporary folder of an interrupted seal (not a pack; it may be deleted)',
      );
    }
    // A name that is not UTF-8 is read back changed (U+FFFD), so no file has the name read: said as such.
    if (name.includes('\uFFFD'))
      throw new BagProblem('unverifiable', 'not an evidence pack name (it is not valid UTF-8)');
    const stats = await lstat(folder).catch((error: unknown) => {
      const code = errnoCode(error);
      throw new BagProblem(
        'unverifiable',
        code === 'ENOENT'
          ? 'it is not there any more (moved or deleted)'
          : `cannot read it (${reasonFor(error, { advice: false })})`,
      );
    });
    // links are never followed, so what it points to is not checked: nothing to say it was changed
    if (stats.isSymbolicLink())
      throw new BagProblem('unverifiable', 'the pack folder is a symbolic link, which is not followed');
    if (!stats.isDirectory()) throw new BagProblem('unverifiable', 'not a folder, so not an evidence pack');
    if (!PACK_NAME_PATTERN.test(name)) throw new BagProblem('unverifiable', 'not an evidence pack name');
    // the signature first: a changed tag manifest is named as such, not by the files it lists
    let keyBlob: Buffer = Buffer.alloc(0);
    const bag = await checkBag(folder, [SIGNATURE_FILE], async (tagManifest) => {
      keyBlob = await signingKeyOf(folder, tagManifest);
    });
    const signature = await checkSigner(folder, keyBlob, options);
    signer = signature.signer;
    checkPackFormat(bag.bagInfo);
    const parsed = PackRecordSchema.safeParse(
      parseJson(await readPackJson(folder, 'data/record.json'), 'data/record.json'),
    );
    if (!parsed.success)
      throw new BagProblem('unverifiable', 'data/record.json is not a pack record this version reads');
    const request = currentRequest(
      parseJson(await readPackJson(folder, 'data/request.json'), 'data/request.json'),
    );
    const formatProblem = validateRequest(request).errors.find((finding) => FORMAT_CODES.has(finding.code));
    if (formatProblem !== undefined)
      throw new BagProblem('unverifiable', `data/request.json: ${formatProblem.message}`);
    checkConsistency(name, bag.bagInfo, parsed.data, request as Record<string, unknown>);
    const chain = chainProblem(parsed.data.history);
    if (chain !== undefined) throw new BagProblem('tampered', `data/record.json: ${chain}`);
    if (!signature.trusted) {
      const why =
        options.untrusted ??
        (options.allowedSigners === undefined
          ? 'no allowed-signers list was given'
          : 'no allowed-signers entry trusts its key for cmk-rekey-archive now');
      return { name, verdict: 'unknown-signer', reason: `signed by ${signature.signer}; ${why}`, signer };
    }
    return { name, verdict: 'valid', reason: '', signer };
  } catch (error) {
    if (error instanceof BagProblem) return { name, verdict: error.kind, reason: error.message, signer };
    // a system error's own text names absolute paths: its words are said instead
    if (errnoCode(error) !== undefined) {
      const reason = `cannot read the pack (${reasonFor(error, { advice: false })})`;
      return { name, verdict: 'unverifiable', reason, signer };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { name, verdict: 'unverifiable', reason: `unexpected: ${message.slice(0, 200)}`, signer };
  }
}
