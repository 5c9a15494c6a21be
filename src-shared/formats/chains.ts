/**
 * The migration chains of the formats users keep: request files and drafts. Add a step here (and a
 * fixture made by the old version under tests/fixtures/) whenever a format's version goes up.
 */
import { DRAFT_FORMAT } from '../drafts/draft.js';
import { REQUEST_FORMAT } from '../request/constants.js';
import type { FormatChain } from './migrate.js';

/** Request files: version 1 is the latest; no step yet. */
export const REQUEST_CHAIN: FormatChain = { format: REQUEST_FORMAT, noun: 'request file', steps: [] };

/**
 * Drafts. v1 → v2: a draft gets its lifecycle (still open, revision 1) and an empty history; nothing
 * that was stored changes.
 */
export const DRAFT_CHAIN: FormatChain = {
  format: DRAFT_FORMAT,
  noun: 'draft',
  steps: [(v1) => ({ ...v1, state: 'open', revision: 1, history: [] })],
};
