/**
 * The migration chains of the formats users keep: request files and drafts. Add a step here (and a
 * fixture made by the old version under tests/fixtures/) whenever a format's version goes up.
 */
import { DRAFT_FORMAT, type DraftDocument } from '../drafts/draft.js';
import { REQUEST_FORMAT } from '../request/constants.js';
import type { FormatChain } from './migrate.js';

/** Request files: version 1 is the latest; no step yet. */
export const REQUEST_CHAIN: FormatChain = { format: REQUEST_FORMAT, noun: 'request file', steps: [] };

/**
 * Drafts. v1 → v2: a draft gets its lifecycle (still open, revision 1) and an empty history; nothing
 * that was stored changes. v2 → v3: nothing changes (version 3 only adds the optional `keysSetAside`).
 */
export const DRAFT_CHAIN: FormatChain = {
  format: DRAFT_FORMAT,
  noun: 'draft',
  steps: [(v1) => ({ ...v1, state: 'open', revision: 1, history: [] }), (v2) => v2],
};

/**
 * The form a draft is stored in: version 2 unless it holds what the first version 2 apps cannot read (key
 * pairs kept from an earlier realm choice, describe-key results). Older apps refuse a newer version and
 * leave it where it is, so this keeps every other draft open to them.
 */
export function storedDraft(draft: DraftDocument): Omit<DraftDocument, 'version'> & { version: 2 | 3 } {
  return draft.keysSetAside === undefined && draft.keyChecks === undefined ? { ...draft, version: 2 } : draft;
}
