/**
 * The plaintext of a draft file: the draft JSON inside a small envelope with a seal (HMAC-SHA256 over the
 * draft's canonical JSON under the vault's seal key). Only this vault can seal; anyone with its public
 * recipient can encrypt. A file that decrypts but whose seal is missing or wrong is "untrusted".
 */
import { draftFromRequest, type DraftDocument } from '../../src-shared/drafts/draft.js';
import { DraftDocumentSchema } from '../../src-shared/drafts/draft-schema.js';
import { REQUEST_FORMAT } from '../../src-shared/request/constants.js';
import { canonicalJson, mac, macMatches } from './keys.js';

export const ENVELOPE_FORMAT = 'cmk-rekey/sealed-draft';
const SEAL_LABEL = 'cmk-rekey/draft-seal/v1';
const SEAL_PREFIX = 'hmac-sha256:';

export type Opened =
  | { readonly kind: 'trusted'; readonly draft: DraftDocument }
  | { readonly kind: 'untrusted'; readonly draft?: DraftDocument; readonly reason: string }
  | { readonly kind: 'corrupt'; readonly reason: string };

function computeSeal(draft: DraftDocument, sealKey: Buffer): Buffer {
  return mac(sealKey, SEAL_LABEL, canonicalJson(draft));
}

/** The envelope text for a draft (pretty JSON: `age -d` shows it readably). */
export function sealDraft(draft: DraftDocument, sealKey: Buffer): string {
  const seal = SEAL_PREFIX + computeSeal(draft, sealKey).toString('base64');
  return JSON.stringify({ format: ENVELOPE_FORMAT, version: 1, draft, seal }, null, 2) + '\n';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A draft in any form a file may hold: an envelope's draft, a bare draft, or nothing usable. */
export function draftInJson(value: unknown): DraftDocument | undefined {
  const inner = isRecord(value) && value['format'] === ENVELOPE_FORMAT ? value['draft'] : value;
  const parsed = DraftDocumentSchema.safeParse(inner);
  return parsed.success ? parsed.data : undefined;
}

/** A request file's content as draft fields, when the JSON is a `cmk-rekey/request`. */
export function requestInJson(value: unknown): ReturnType<typeof draftFromRequest> | undefined {
  return isRecord(value) && value['format'] === REQUEST_FORMAT ? draftFromRequest(value) : undefined;
}

/**
 * Classifies decrypted file content. Decryption itself already proved the bytes are intact (age is
 * authenticated), so anything that decrypted but is not sealed by this vault is untrusted, not corrupt.
 */
export function openEnvelope(text: string, sealKey: Buffer, expectedId?: string): Opened {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'untrusted', reason: 'it decrypts, but holds no JSON this vault wrote' };
  }
  const draft = draftInJson(value);
  const untrusted = (reason: string): Opened =>
    draft === undefined ? { kind: 'untrusted', reason } : { kind: 'untrusted', draft, reason };
  if (!isRecord(value) || value['format'] !== ENVELOPE_FORMAT) {
    return untrusted("it is not sealed: someone who knows the vault's public key wrote it, not this app");
  }
  if (draft === undefined || value['version'] !== 1) {
    return untrusted('its envelope does not hold a valid draft of a version this app reads');
  }
  const seal = value['seal'];
  if (typeof seal !== 'string' || !seal.startsWith(SEAL_PREFIX)) return untrusted('its seal is missing');
  if (!macMatches(computeSeal(draft, sealKey), seal.slice(SEAL_PREFIX.length))) {
    return untrusted('its seal does not match: it was not sealed by this vault, or was altered');
  }
  if (expectedId !== undefined && draft.id !== expectedId) {
    return untrusted(`it holds draft ${draft.id} under another draft's file name`);
  }
  return { kind: 'trusted', draft };
}
