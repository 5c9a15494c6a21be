/**
 * OpenSSH signatures (SSHSIG, OpenSSH's PROTOCOL.sshsig) with Ed25519 keys through node:crypto, so a
 * pack's signature checks with `ssh-keygen -Y verify` and an allowed-signers file anywhere.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { publicKeyFromOpenSsh, sshPublicKeyBlob } from '../vault/signing.js';

export const ARCHIVE_NAMESPACE = 'cmk-rekey-archive';
const MAGIC = Buffer.from('SSHSIG');
const VERSION = 1;
const KEY_TYPE = 'ssh-ed25519';
const HASH = 'sha512';
const ARMOR_BEGIN = '-----BEGIN SSH SIGNATURE-----';
const ARMOR_END = '-----END SSH SIGNATURE-----';

export class SshSigError extends Error {
  override readonly name = 'SshSigError';
}

function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function sshUint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** Reads SSH wire-format fields in order; any overrun is a malformed signature. */
class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  raw(length: number): Buffer {
    if (this.offset + length > this.bytes.length) throw new SshSigError('the signature is truncated');
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  uint32(): number {
    return this.raw(4).readUInt32BE();
  }

  string(): Buffer {
    return this.raw(this.uint32());
  }

  text(): string {
    return this.string().toString('utf8');
  }

  end(): void {
    if (this.offset !== this.bytes.length) throw new SshSigError('the signature has trailing bytes');
  }
}

/** The public key of an SSH wire blob (string "ssh-ed25519", string key). */
function keyFromBlob(blob: Buffer): KeyObject {
  const key = publicKeyFromOpenSsh(`${KEY_TYPE} ${blob.toString('base64')}`);
  if (key === undefined) throw new SshSigError('the signer is not an ssh-ed25519 public key');
  return key;
}

/** The public key blob of an OpenSSH public key line (`ssh-ed25519 base64 [comment]`). */
export function parseOpenSshPublicKey(line: string): Buffer {
  if (publicKeyFromOpenSsh(line) === undefined) throw new SshSigError('not an ssh-ed25519 public key line');
  return Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64');
}

/** `SHA256:…` as `ssh-keygen -l` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function signedData(namespace: string, message: Buffer, hash: string): Buffer {
  const digest = createHash(hash).update(message).digest();
  return Buffer.concat([MAGIC, sshString(namespace), sshString(''), sshString(hash), sshString(digest)]);
}

/** Signs `message` and returns the armored signature (what `ssh-keygen -Y sign` writes to `file.sig`). */
export function signSshSig(message: Buffer, privateKey: KeyObject, namespace = ARCHIVE_NAMESPACE): string {
  const signature = sign(null, signedData(namespace, message, HASH), privateKey);
  const blob = Buffer.concat([
    MAGIC,
    sshUint32(VERSION),
    sshString(sshPublicKeyBlob(privateKey)),
    sshString(namespace),
    sshString(''),
    sshString(HASH),
    sshString(Buffer.concat([sshString(KEY_TYPE), sshString(signature)])),
  ]);
  return armor(blob);
}

/** The armor ssh-keygen writes: base64 in lines of 70 characters between the markers, LF line ends. */
function armor(blob: Buffer): string {
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return [ARMOR_BEGIN, ...lines, ARMOR_END, ''].join('\n');
}

function unarmor(armored: string): Buffer {
  const text = armored.trim();
  if (!text.startsWith(ARMOR_BEGIN) || !text.endsWith(ARMOR_END)) {
    throw new SshSigError('not an armored SSH signature');
  }
  const body = text.slice(ARMOR_BEGIN.length, text.length - ARMOR_END.length).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*=*$/.test(body)) throw new SshSigError('the signature is not valid base64');
  return Buffer.from(body, 'base64');
}

/**
 * Checks an armored SSHSIG over `message` in `namespace`. Returns the signer's public key blob when
 * the signature is good; throws SshSigError with the reason otherwise. Trust is the caller's question.
 */
export function verifySshSig(armored: string, message: Buffer, namespace = ARCHIVE_NAMESPACE): Buffer {
  const blob = unarmor(armored);
  // only the exact bytes we write count, so no change to the file goes unnoticed (even in whitespace)
  if (armor(blob) !== armored) throw new SshSigError('the signature file is not in its canonical form');
  const reader = new WireReader(blob);
  if (!reader.raw(MAGIC.length).equals(MAGIC)) throw new SshSigError('not an SSHSIG signature');
  const version = reader.uint32();
  if (version !== VERSION) throw new SshSigError(`unsupported signature version ${String(version)}`);
  const keyBlob = reader.string();
  const signedNamespace = reader.text();
  reader.string(); // reserved
  const hash = reader.text();
  const signatureBlob = reader.string();
  reader.end();
  if (signedNamespace !== namespace) {
    throw new SshSigError(
      `the signature is for namespace "${signedNamespace.slice(0, 60)}", not "${namespace}"`,
    );
  }
  if (hash !== 'sha512' && hash !== 'sha256')
    throw new SshSigError(`unsupported hash "${hash.slice(0, 20)}"`);
  const publicKey = keyFromBlob(keyBlob);
  const signatureReader = new WireReader(signatureBlob);
  const type = signatureReader.text();
  const signature = signatureReader.string();
  signatureReader.end();
  if (type !== KEY_TYPE || signature.length !== 64) throw new SshSigError('not an Ed25519 signature');
  if (!verify(null, signedData(namespace, message, hash), publicKey, signature))
    throw new SshSigError('the signature does not match');
  return keyBlob;
}

export interface AllowedSigner {
  readonly principals: string;
  readonly keyBlob: Buffer;
  /** `namespaces="…"` option, if the entry limits them. */
  readonly namespaces?: readonly string[];
  /** `valid-after` / `valid-before` options, as epoch milliseconds. */
  readonly validAfter?: number;
  readonly validBefore?: number;
}

function splitOptions(line: string): [string, string] {
  // options may hold quoted values with spaces: namespaces="a,b"
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ' ' || char === '\t'))
      return [line.slice(0, index), line.slice(index).trim()];
  }
  return [line, ''];
}

/** ssh-keygen's absolute times: YYYYMMDD[HHMM[SS]], local time unless it ends in Z. */
function parseSshTime(text: string): number | undefined {
  const match = /^\d{8}(?:\d{4}(?:\d{2})?)?(Z?)$/i.exec(text);
  if (match === null) return undefined;
  // missing hours, minutes and seconds are zero
  const digits = text.replace(/z$/i, '').padEnd(14, '0');
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((at, index) =>
    Number(digits.slice(at, at + (index === 0 ? 4 : 2))),
  ) as [number, number, number, number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // a date that rolls over (month 13, day 32, hour 25) is not one ssh-keygen reads
  if (utc.toISOString().replace(/\D/g, '').slice(0, 14) !== digits) return undefined;
  return match[1] === '' ? new Date(year, month - 1, day, hour, minute, second).getTime() : utc.getTime();
}

type SignerOptions = Pick<AllowedSigner, 'namespaces' | 'validAfter' | 'validBefore'>;

/**
 * The options of an entry as ssh-keygen reads them (names in any case, values in double quotes);
 * `cert-authority` lines and options ssh-keygen refuses give undefined, so the line trusts nobody, as in
 * ssh-keygen: among them an option given twice ("multiple clauses": a later valid-before would otherwise
 * outlive an earlier one) and a comma with no option after it ("unexpected end-of-options").
 */
function parseSignerOptions(text: string): SignerOptions | undefined {
  const options: { namespaces?: string[]; validAfter?: number; validBefore?: number } = {};
  const seen = new Set<string>();
  const pattern = /([A-Za-z-]+)(?:="([^"]*)")?(?:,|$)/y;
  for (
    let match = pattern.exec(text);
    match !== null && match.index < text.length;
    match = pattern.exec(text)
  ) {
    const name = match[1]?.toLowerCase() ?? '';
    const value = match[2];
    if (seen.has(name) || (text.endsWith(',') && pattern.lastIndex === text.length)) return undefined;
    seen.add(name);
    if (name === 'namespaces' && value !== undefined) options.namespaces = value.split(',');
    else if ((name === 'valid-after' || name === 'valid-before') && value !== undefined) {
      const time = parseSshTime(value);
      if (time === undefined) return undefined;
      if (name === 'valid-after') options.validAfter = time;
      else options.validBefore = time;
    } else return undefined; // cert-authority (certificates are not used for packs) or an option ssh-keygen refuses
    if (pattern.lastIndex === text.length) return options;
  }
  return undefined;
}

/** Parses an allowed-signers file (ssh-keygen(1) ALLOWED SIGNERS); lines it cannot use are skipped. */
export function parseAllowedSigners(text: string): AllowedSigner[] {
  const signers: AllowedSigner[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [principals, rest] = splitOptions(line);
    let keyPart = rest;
    let options: SignerOptions | undefined = {};
    if (!rest.startsWith(`${KEY_TYPE} `)) {
      const [optionText, afterOptions] = splitOptions(rest);
      options = parseSignerOptions(optionText);
      keyPart = afterOptions;
    }
    if (options === undefined) continue;
    try {
      signers.push({ principals, keyBlob: parseOpenSshPublicKey(keyPart), ...options });
    } catch {
      continue; // other key types or broken lines: not a signer we can match
    }
  }
  return signers;
}

function matchesPattern(pattern: string, namespace: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(namespace);
}

/** OpenSSH's pattern lists: any `!pattern` that matches refuses, else one plain pattern must match. */
function namespaceAllowed(patterns: readonly string[], namespace: string): boolean {
  let allowed = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (!matchesPattern(negated ? pattern.slice(1) : pattern, namespace)) continue;
    if (negated) return false;
    allowed = true;
  }
  return allowed;
}

/**
 * The allowed-signers entry that trusts this key for the archive namespace now, if any: like
 * `ssh-keygen -Y verify`, valid-after and valid-before are checked against the time of verifying.
 */
export function findTrustedSigner(
  signers: readonly AllowedSigner[],
  keyBlob: Buffer,
  namespace = ARCHIVE_NAMESPACE,
): AllowedSigner | undefined {
  const now = Date.now();
  return signers.find(
    (signer) =>
      signer.keyBlob.equals(keyBlob) &&
      (signer.namespaces === undefined || namespaceAllowed(signer.namespaces, namespace)) &&
      (signer.validAfter === undefined || now >= signer.validAfter) &&
      (signer.validBefore === undefined || now <= signer.validBefore),
  );
}
