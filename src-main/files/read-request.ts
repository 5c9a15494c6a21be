/** Reads a request file from disk with every limit applied before its content is trusted. */
import { MAX_REQUEST_BYTES, parseRequestText } from '../../src-shared/request/parse-text.js';
import { REQUEST_FORMAT, REQUEST_VERSION } from '../../src-shared/request/constants.js';
import { REQUEST_CHAIN } from '../../src-shared/formats/chains.js';
import { migrate } from '../../src-shared/formats/migrate.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { formatBytes } from '../../src-shared/text/byte-size.js';
import { readRegularFile } from './safe-fs.js';

/**
 * Reads a text file of at most `maxBytes`, refusing folders, FIFOs, devices, binary data and invalid UTF-8.
 * `kind` names what the file should be, for the message when it is too large.
 */
export async function readTextFile(
  path: string,
  maxBytes = MAX_REQUEST_BYTES,
  kind = 'a request file',
): Promise<Result<string>> {
  // Every caller names the file before the message.
  const read = await readRegularFile(path, maxBytes, true, 'It');
  if (!read.ok) {
    if (read.code === 'not-found') return failure('not-found', 'No such file.');
    if (read.code === 'too-large')
      return failure('too-large', `It is larger than ${kind} can be (at most ${formatBytes(maxBytes)}).`);
    return failure(read.code, read.message);
  }
  const bytes = read.value;
  // Windows PowerShell 5's ">" (e.g. aws kms describe-key … > key.json) and Notepad's "Unicode" write this.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return failure(
      'binary',
      'This file is UTF-16 text (as Windows PowerShell 5 writes with ">", or Notepad saves as "Unicode"). Save it as UTF-8 (in PowerShell: | Out-File -Encoding utf8), then try again.',
    );
  if (bytes.includes(0)) return failure('binary', 'This is a binary file, not a JSON request.');
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return failure('binary', 'The file is not UTF-8 text.');
  }
}

/** Reads JSON that claims to be a `cmk-rekey/request` of a version this app reads; rules are checked later. */
export async function readRequestFile(path: string): Promise<Result<Record<string, unknown>>> {
  const text = await readTextFile(path);
  if (!text.ok) return text;
  const parsed = parseRequestText(text.value);
  if (!parsed.ok) return failure('not-json', parsed.message);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failure('not-a-request', 'This JSON is not a CMK Rekey request (it is not an object).');
  }
  const record = value as Record<string, unknown>;
  if (record['format'] !== REQUEST_FORMAT) {
    const found =
      record['format'] === undefined
        ? 'it has no "format" field'
        : `its format is ${JSON.stringify(record['format'])}`;
    return failure(
      'not-a-request',
      `This is not a CMK Rekey request: ${found}, expected "${REQUEST_FORMAT}".`,
    );
  }
  // An older version is brought up to this one; a newer app's file gets the message every format gives.
  const migrated = migrate(record, REQUEST_CHAIN);
  if (migrated.kind === 'newer') return failure('unsupported-version', migrated.message);
  if (migrated.kind === 'invalid') {
    const version = record['version'];
    const found =
      version === undefined
        ? 'has no "version" field'
        : typeof version === 'number'
          ? // not JSON.stringify: a number too large to be exact would be shown as one not in the file
            'has no valid version number (a whole number from 1 up)'
          : `has no valid version number ("version": ${JSON.stringify(version).slice(0, 40)})`;
    return failure(
      'unsupported-version',
      `This request ${found}; this version of CMK Rekey reads up to version ${String(REQUEST_VERSION)}.`,
    );
  }
  return ok(migrated.document);
}
