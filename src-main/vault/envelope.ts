/**
 * The plaintext of a draft file: the draft JSON inside a small envelope that makes it authentic.
 *
 * - Version 2 (written now): `{ format, version: 2, recipients, draft, signature }`. `signature` is an
 *   Ed25519 signature by the vault's signing key over the canonical JSON of everything else in the
 *   envelope, exactly as stored (never a re-parsed object), so anyone with the public key can check it
 *   and a change of the draft schema cannot invalidate a genuine draft. `recipients` records whom the
 *   file was encrypted to.
 * - Version 1 (older vaults): `{ format, version: 1, draft, seal }`, an HMAC-SHA256 under the seal key
 *   over the stored draft's canonical JSON; checking it needs the identity (the passphrase).
 *
 * After the check, the draft itself is migrated to the current draft version (src-shared/formats).
 * A file that decrypts but is not authentic is "untrusted"; one of a newer version is left alone.
 */
import type { KeyObject } from 'node:crypto';
import { draftFromRequest, type DraftDocument } from '../../src-shared/drafts/draft.js';
import { DraftDocumentSchema } from '../../src-shared/drafts/draft-schema.js';
import { DRAFT_CHAIN, storedDraft } from '../../src-shared/formats/chains.js';
import { migrate, newerMessage } from '../../src-shared/formats/migrate.js';
import { REQUEST_FORMAT } from '../../src-shared/request/constants.js';
import { chainProblem } from './history.js';
import { mac, macMatches } from './keys.js';
import { canonicalJson } from '../../src-shared/text/canonical-json.js';
import { signLabelled, verifyLabelled } from './signing.js';

export const ENVELOPE_FORMAT = 'cmk-rekey/sealed-draft';
export const ENVELOPE_VERSION = 2;
const SEAL_LABEL = 'cmk-rekey/draft-seal/v1';
const SEAL_PREFIX = 'hmac-sha256:';
const SIGNATURE_LABEL = 'cmk-rekey/draft-signature/v2';
const SIGNATURE_PREFIX = 'ed25519:';

/** What checks a draft file: the public signing key always; the seal key only with the identity. */
export interface Checker {
  /**
   * The vault's signing key. Without it (a version 1 vault checked without the passphrase: its vault.json
   * records none), version 2 files are `unverifiable`.
   */
  readonly verifyKey: KeyObject | undefined;
  /** Version 1 files: their HMAC seal key. Without it (compliance check), they are `unverifiable`. */
  readonly seal?: Buffer;
}

export type Opened =
  | {
      readonly kind: 'trusted';
      readonly draft: DraftDocument;
      readonly envelopeVersion: number;
      /** The recipients recorded in a version 2 envelope (covered by the signature). */
      readonly recipients?: readonly string[];
    }
  | { readonly kind: 'untrusted'; readonly draft?: DraftDocument; readonly reason: string }
  | { readonly kind: 'corrupt'; readonly reason: string }
  /** Written by a newer app: refused and left where it is, never quarantined. */
  | { readonly kind: 'newer'; readonly reason: string }
  /**
   * Readable, authenticity not checkable this way: a version 1 file checked without the seal key, or a
   * signed (version 2) one with no key to check its signature.
   */
  | {
      readonly kind: 'unverifiable';
      readonly draft: DraftDocument;
      readonly reason: string;
      readonly signed: boolean;
    };

/** The envelope text for a draft (pretty JSON: `age -d` shows it readably), signed. */
export function sealDraft(
  draft: DraftDocument,
  signingKey: KeyObject,
  recipients: readonly string[],
): string {
  const signed = {
    format: ENVELOPE_FORMAT,
    version: ENVELOPE_VERSION,
    recipients: [...recipients],
    draft: storedDraft(draft),
  };
  const signature =
    SIGNATURE_PREFIX + signLabelled(signingKey, SIGNATURE_LABEL, canonicalJson(signed)).toString('base64');
  return JSON.stringify({ ...signed, signature }, null, 2) + '\n';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored draft of any known version, migrated and checked against the current schema. */
function currentDraft(value: unknown): { draft?: DraftDocument; newer?: string } {
  const migrated = migrate(value, DRAFT_CHAIN);
  if (migrated.kind === 'newer') return { newer: migrated.message };
  if (migrated.kind === 'invalid') return {};
  const parsed = DraftDocumentSchema.safeParse(migrated.document);
  return parsed.success ? { draft: parsed.data } : {};
}

/** What a file's JSON holds: a draft (an envelope's or a bare one), a newer app's file, or nothing usable. */
export type DraftInJson =
  | { readonly kind: 'draft'; readonly draft: DraftDocument }
  /** An envelope or a draft of a newer version: importing it would drop what that version added. */
  | { readonly kind: 'newer'; readonly message: string }
  | { readonly kind: 'none' };

/** A draft in any form a file may hold; the envelope's version is checked before the draft inside it. */
export function draftInJson(value: unknown): DraftInJson {
  const envelope = isRecord(value) && value['format'] === ENVELOPE_FORMAT ? value : undefined;
  const version = envelope?.['version'];
  if (typeof version === 'number' && version > ENVELOPE_VERSION)
    return { kind: 'newer', message: newerMessage('sealed draft', version, ENVELOPE_VERSION) };
  const { draft, newer } = currentDraft(envelope === undefined ? value : envelope['draft']);
  if (newer !== undefined) return { kind: 'newer', message: newer };
  return draft === undefined ? { kind: 'none' } : { kind: 'draft', draft };
}

/** A request file's content as draft fields, when the JSON is a `cmk-rekey/request`. */
export function requestInJson(value: unknown): ReturnType<typeof draftFromRequest> | undefined {
  return isRecord(value) && value['format'] === REQUEST_FORMAT ? draftFromRequest(value) : undefined;
}

function signatureValid(envelope: Record<string, unknown>, key: KeyObject): boolean {
  const { signature, ...signed } = envelope;
  if (typeof signature !== 'string' || !signature.startsWith(SIGNATURE_PREFIX)) return false;
  const bytes = Buffer.from(signature.slice(SIGNATURE_PREFIX.length), 'base64');
  return verifyLabelled(key, SIGNATURE_LABEL, canonicalJson(signed), bytes);
}

function sealValid(envelope: Record<string, unknown>, sealKey: Buffer): boolean {
  const seal = envelope['seal'];
  if (typeof seal !== 'string' || !seal.startsWith(SEAL_PREFIX)) return false;
  return macMatches(
    mac(sealKey, SEAL_LABEL, canonicalJson(envelope['draft'])),
    seal.slice(SEAL_PREFIX.length),
  );
}

function recipientsOf(envelope: Record<string, unknown>): string[] | undefined {
  const list = envelope['recipients'];
  return Array.isArray(list) && list.every((entry): entry is string => typeof entry === 'string')
    ? list
    : undefined;
}

/**
 * Classifies decrypted file content. Decryption itself already proved the bytes are intact (age is
 * authenticated), so anything that decrypted but is not signed (or sealed) by this vault is untrusted.
 * Authenticity is checked over the stored JSON before anything is migrated or parsed into a draft.
 */
export function openEnvelope(text: string, checker: Checker, expectedId?: string): Opened {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'untrusted', reason: 'it decrypts, but holds no JSON this vault wrote' };
  }
  const envelope = isRecord(value) && value['format'] === ENVELOPE_FORMAT ? value : undefined;
  const { draft, newer } = currentDraft(envelope === undefined ? value : envelope['draft']);
  const untrusted = (reason: string): Opened =>
    draft === undefined ? { kind: 'untrusted', reason } : { kind: 'untrusted', draft, reason };
  /** No key to check it with here: shown as it is, unless its envelope holds no valid draft. */
  const unverifiable = (reason: string, signed: boolean): Opened =>
    draft === undefined
      ? untrusted('its envelope does not hold a valid draft')
      : { kind: 'unverifiable', draft, reason, signed };
  if (envelope === undefined) {
    return untrusted("it is not sealed: someone who knows the vault's public key wrote it, not this app");
  }
  const version = envelope['version'];
  if (typeof version === 'number' && version > ENVELOPE_VERSION) {
    return {
      kind: 'newer',
      reason: `it was written by a newer version of CMK Rekey (sealed-draft version ${String(version)}); update the app to open it`,
    };
  }
  let recipients: string[] | undefined;
  if (version === 2) {
    if (checker.verifyKey === undefined) {
      return unverifiable(
        "signed, but this vault.json records no signing key to check it with (a version 1 vault): ask whoever holds the passphrase for the vault's signing key and pass it with --signing-key",
        true,
      );
    }
    if (!signatureValid(envelope, checker.verifyKey)) {
      return untrusted(
        "its signature does not match the vault's signing key: it was not written by this vault, or was altered",
      );
    }
    recipients = recipientsOf(envelope);
    if (recipients === undefined) return untrusted('its list of recipients is malformed');
  } else if (version === 1) {
    if (checker.seal === undefined) {
      return unverifiable(
        'a version 1 draft: its seal can only be checked with the passphrase (re-encrypting signs it)',
        false,
      );
    }
    if (!sealValid(envelope, checker.seal)) {
      return untrusted(
        typeof envelope['seal'] === 'string'
          ? 'its seal does not match: it was not sealed by this vault, or was altered'
          : 'its seal is missing',
      );
    }
  } else {
    return untrusted('its envelope has no version this app reads');
  }
  // Authentic from here on: what is wrong now is a format matter, not a forgery.
  if (newer !== undefined) return { kind: 'newer', reason: newer };
  if (draft === undefined)
    return { kind: 'corrupt', reason: 'it is authentic but holds no draft this app can read' };
  const broken = chainProblem(draft.history);
  if (broken !== undefined) return { kind: 'corrupt', reason: broken };
  if (expectedId !== undefined && draft.id !== expectedId) {
    return untrusted(`it holds draft ${draft.id} under another draft's file name`);
  }
  return {
    kind: 'trusted',
    draft,
    envelopeVersion: version,
    ...(recipients === undefined ? {} : { recipients }),
  };
}
