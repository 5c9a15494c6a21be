/**
 * Where policy files live and how they are read: a regular file, at most MAX_POLICY_BYTES, never
 * followed through a symbolic link; whatever goes wrong becomes a problem of that file, never an exception.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  formatProblem,
  parsePolicyText,
  type ParsedPolicy,
  type PolicyEntries,
  type PolicyProblem,
} from '../../src-shared/policy/parse-policy.js';
import { lineAt } from '../../src-shared/text/json-keys.js';
import { parseAllowedSigners } from '../archive/sshsig.js';
import { errnoCode, reasonFor } from '../files/safe-fs.js';
import { isX25519Recipient } from '../vault/age-files.js';
import { expandPolicyFolders, type Place } from './policy-folders.js';
import type { PolicyKind, PolicyLayer } from '../../src-shared/policy/effective.js';
import { MAX_POLICY_BYTES } from '../../src-shared/policy/policy-schema.js';
import { formatBytes } from '../../src-shared/text/byte-size.js';

export const POLICY_FILE_NAME = 'policy.json';

/** The system-wide policy file IT deploys (needs admin rights to write). */
export function systemPolicyPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32')
    return join(env['ProgramData'] ?? 'C:\\ProgramData', 'CMK Rekey', POLICY_FILE_NAME);
  if (platform === 'darwin') return join('/Library/Application Support/CMK Rekey', POLICY_FILE_NAME);
  return join('/etc/cmk-rekey', POLICY_FILE_NAME);
}

/**
 * The folder of the program the user started: for electron-builder's Windows portable build that is the
 * folder of the portable .exe (PORTABLE_EXECUTABLE_DIR), not the temporary folder it unpacks to.
 */
export function programFolder(execPath: string, env: NodeJS.ProcessEnv): string {
  return env['PORTABLE_EXECUTABLE_DIR'] ?? dirname(execPath);
}

export interface PolicyPaths {
  readonly system: string;
  readonly portable: string;
}

/**
 * Trusted-signer lines that have the allowed-signers shape but that ssh-keygen would not trust anyone by
 * (an option it refuses, a date it cannot read, a key it cannot decode): the archive check reads them as
 * ssh-keygen does, so they trust nobody there either.
 */
function signerProblems(entries: PolicyEntries): PolicyProblem[] {
  return (entries.trustedSigners?.value ?? []).flatMap((line, index) =>
    parseAllowedSigners(line).length > 0
      ? []
      : [
          {
            message: `trustedSigners.value[${String(index)}]: ssh-keygen -Y verify would trust nobody by this line (an option it refuses, a date it cannot read, or a key it cannot decode), and neither does the archive check.`,
          },
        ],
  );
}

/**
 * Compliance keys have the age1… shape, but one mistyped character breaks the checksum and age refuses the
 * key: every save would fail, and so would creating or unlocking the vault. Such a list is unreadable:
 * none of its keys is added (docs/policy.md) and the banner names the wrong one.
 */
function withUsableRecipients(parsed: ParsedPolicy, text: string): ParsedPolicy {
  const listed = parsed.entries.complianceRecipients?.value ?? [];
  const bad = listed.findIndex((recipient) => !isX25519Recipient(recipient));
  const recipient = listed[bad];
  if (recipient === undefined || parsed.unreadable === 'all') return parsed;
  const at = text.indexOf(recipient);
  return {
    entries: Object.fromEntries(
      Object.entries(parsed.entries).filter(([key]) => key !== 'complianceRecipients'),
    ),
    unreadable: [...parsed.unreadable, 'complianceRecipients'],
    problems: [
      ...parsed.problems,
      {
        ...(at >= 0 && { line: lineAt(text, at) }),
        message: `complianceRecipients.value[${String(bad)}]: "${recipient}" is not a valid age public key (its checksum does not match: a character is wrong). Until it is fixed, drafts are not encrypted for any of the listed keys.`,
      },
    ],
  };
}

function layer(kind: PolicyKind, path: string, text: string): PolicyLayer {
  const parsed = withUsableRecipients(parsePolicyText(text), text);
  const problems = [...parsed.problems, ...signerProblems(parsed.entries)];
  const invalid = parsed.unreadable === 'all' || parsed.unreadable.length > 0 || problems.length > 0;
  return { kind, path, state: invalid ? 'invalid' : 'in-force', ...parsed, problems };
}

function unreadable(kind: PolicyKind, path: string, message: string): PolicyLayer {
  return { kind, path, state: 'invalid', entries: {}, unreadable: 'all', problems: [{ message }] };
}

/** Reads one policy file; a missing file is `absent` (no policy), anything else wrong is `invalid`. */
export async function readPolicyLayer(kind: PolicyKind, path: string): Promise<PolicyLayer> {
  let handle;
  try {
    // O_NONBLOCK: a named pipe opens at once (and is refused below) instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { kind, path, state: 'absent', entries: {}, unreadable: [], problems: [] };
    if (code === 'ELOOP')
      return unreadable(kind, path, 'It is a symbolic link; policy files must be regular files.');
    return unreadable(kind, path, `It cannot be read: ${reasonFor(error)}.`);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) return unreadable(kind, path, 'It is a folder, not a file.');
    if (!info.isFile()) return unreadable(kind, path, 'It is not a regular file.');
    if (info.size > MAX_POLICY_BYTES)
      return unreadable(
        kind,
        path,
        `It is larger than a policy file can be (at most ${formatBytes(MAX_POLICY_BYTES)}).`,
      );
    const bytes = Buffer.alloc(info.size);
    const { bytesRead } = await handle.read(bytes, 0, info.size, 0);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytesRead));
    return layer(kind, path, text);
  } catch (error) {
    return unreadable(
      kind,
      path,
      error instanceof TypeError ? 'It is not UTF-8 text.' : `It cannot be read: ${reasonFor(error)}.`,
    );
  } finally {
    await handle.close();
  }
}

/**
 * Both policy files as this computer applies them, system first (the precedence order): their `~/` and
 * `%VARIABLE%` folders expanded for this user (`policy check` reads a file as written, with no user).
 */
export async function readPolicyLayers(
  paths: PolicyPaths,
  place: Place = { env: process.env, home: homedir() },
): Promise<PolicyLayer[]> {
  return [
    expandPolicyFolders(await readPolicyLayer('system', paths.system), place),
    expandPolicyFolders(await readPolicyLayer('portable', paths.portable), place),
  ];
}

/** One line per problem of a file, "line 4: …". */
export function problemLines(policy: PolicyLayer): string[] {
  return policy.problems.map(formatProblem);
}
