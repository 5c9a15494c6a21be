/**
 * Provenance for exports, and `drafts export --with-record`: the whole draft record (request, status,
 * dates, history) as JSON, with when and by which app it was generated and the SHA-256 of the canonical
 * request JSON (so an export can be matched to the request it describes).
 */
import { createHash } from 'node:crypto';
import packageJson from '../../package.json' with { type: 'json' };
import { requestFromDraft, type DraftDocument } from '../../src-shared/drafts/draft.js';
import { lifeStatus, type LifeStatus } from '../../src-shared/drafts/life.js';
import { localNow } from '../vault/history.js';
import { canonicalJson } from '../vault/keys.js';

export interface Provenance {
  readonly generatedAt: string;
  readonly app: string;
  readonly draftId: string;
  readonly revision: number;
  readonly status: LifeStatus;
  readonly ticket?: string;
  /** SHA-256 (hex) of the canonical JSON (sorted keys, no spaces) of the request file the draft stands for. */
  readonly requestSha256: string;
}

export function provenanceOf(draft: DraftDocument, now = new Date()): Provenance {
  const request = canonicalJson(requestFromDraft(draft.request));
  return {
    generatedAt: localNow(now),
    app: `${packageJson.productName} ${packageJson.version}`,
    draftId: draft.id,
    revision: draft.revision,
    status: lifeStatus(draft),
    ...(draft.sent === undefined ? {} : { ticket: draft.sent.ticket }),
    requestSha256: createHash('sha256').update(request, 'utf8').digest('hex'),
  };
}

export const RECORD_FORMAT = 'cmk-rekey/draft-record';

/** The draft record file: `{ format, version, provenance, draft }`, pretty JSON. */
export function recordJson(draft: DraftDocument): string {
  return (
    JSON.stringify({ format: RECORD_FORMAT, version: 1, provenance: provenanceOf(draft), draft }, null, 2) +
    '\n'
  );
}
