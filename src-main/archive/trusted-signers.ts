/**
 * Whose pack signatures are trusted, one rule for the app's Archive screen and `cmk-rekey archive verify`,
 * so that a pack gets the same badge in both: the organization's `trustedSigners` when locked (none when
 * its policy file cannot be read); otherwise the user's own allowed-signers file, which replaces the
 * policy's list; else the policy's default signers; undefined when nobody is named.
 */
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import { readRegularFile } from '../files/safe-fs.js';
import type { Policy } from '../policy/policy.js';
import { sha256Hex } from './bagit.js';
import { parseAllowedSigners, type AllowedSigner } from './sshsig.js';

export interface TrustedSigners {
  readonly list: AllowedSigner[];
  /** Of the text the list comes from: cached badges are checked again when trust changes. */
  readonly hash: string;
}

/** About 10,000 signers' lines: a larger file is no allowed-signers file and is not read into memory. */
const MAX_ALLOWED_SIGNERS_BYTES = 1024 * 1024;

/** An allowed-signers file (ssh-keygen's ALLOWED SIGNERS); one without a usable entry is refused. */
export async function readAllowedSignersFile(path: string): Promise<Result<TrustedSigners>> {
  const bytes = await readRegularFile(
    path,
    MAX_ALLOWED_SIGNERS_BYTES,
    true,
    `The allowed-signers file ${path}`,
  );
  if (!bytes.ok) return bytes;
  const text = bytes.value.toString('utf8');
  // ssh-keygen -Y verify reads the mark as part of the first principal, which then matches no one: an
  // auditor checking with it would find the signatures this file trusts untrusted.
  if (text.startsWith('\uFEFF'))
    return failure(
      'invalid-argument',
      `${path} starts with a byte-order mark, which ssh-keygen -Y verify does not take: save it as UTF-8 without one.`,
    );
  const list = parseAllowedSigners(text);
  if (list.length === 0)
    return failure(
      'invalid-argument',
      `${path} trusts no key: ssh-keygen -Y verify would trust no pack by it. An entry needs a principal and an ssh-ed25519 key; a cert-authority entry (packs are signed with plain keys, not certificates) or an option ssh-keygen refuses trusts no one.`,
    );
  return ok({ list, hash: sha256Hex(text) });
}

/** Who is trusted under `policy`, given the user's own allowed-signers file if any (see above). */
export function trustedSigners(
  policy: Policy,
  ownFile: string | undefined,
): Promise<Result<TrustedSigners | undefined>> {
  const locked = policy.isLocked('trustedSigners');
  if (!locked && ownFile !== undefined) return readAllowedSignersFile(ownFile);
  const lines = policy.trustedSigners;
  if (lines.length === 0 && !locked) return Promise.resolve(ok(undefined));
  const text = lines.join('\n') + '\n';
  return Promise.resolve(ok({ list: parseAllowedSigners(text), hash: sha256Hex(text) }));
}
