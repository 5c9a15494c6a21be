/**
 * A draft's status by the request rules (ready, incomplete, has errors). Plain functions without zod, so
 * the renderer's form path can use them (summary.ts holds the zod schema of the list's summaries).
 */
import { REALMS, isRealmId } from '../request/realms.js';
import type { KeyCheckEvidence } from '../request/key-check-rules.js';
import { policyErrors, validateRequest, type ValidateOptions } from '../request/validate.js';
import { requestFromDraft, type DraftRequest } from './draft.js';

/**
 * The revision of the request rules as far as a status goes: raised whenever a rule change can make a
 * draft's status differ (a new error). The vault's index keeps each open draft's status as its save judged
 * it; an index written under an older revision has those statuses judged again (index-store.ts).
 * 1: up to 0.1.0 (an index without the field). 2: invisible characters in free text, atlassian.net alone.
 * 3: the invisible characters 2 missed (soft hyphen, the Hangul filler U+FFA0, tag characters, …).
 * 4: free text of nothing but characters that draw nothing (variation selectors, …); e-mail local parts
 * with a dot first, last or twice, or over 64 characters. 5: half a character (a lone UTF-16 surrogate)
 * or a zero-width joiner that joins nothing in free text; e-mail addresses over 254 characters and host
 * names over 253.
 */
export const STATUS_RULES = 5;

/** `ready`: valid request; `incomplete`: only required parts missing; `has-errors`: something is wrong. */
export const DRAFT_STATUSES = ['ready', 'has-errors', 'incomplete'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

function isIncompleteError(code: string, draft: DraftRequest): boolean {
  if (code.endsWith('.missing')) return true;
  if (code === 'keys.count' && isRealmId(draft.realm)) {
    return draft.keys.length < REALMS[draft.realm].regions.length;
  }
  return false;
}

/** What an organization's policy adds to the request rules: the realms it allows, the values it locks. */
export type PolicyRules = Pick<ValidateOptions, 'allowedRealms' | 'lockedValues'>;

/**
 * A draft's status by the same rules as a request file (validateRequest on requestFromDraft), with the
 * policy's rules when given: the form shows their errors, so a status without them would contradict it.
 */
export function draftStatus(
  draft: DraftRequest,
  keyChecks: readonly KeyCheckEvidence[] = [],
  rules: PolicyRules = {},
): DraftStatus {
  const validation = validateRequest(requestFromDraft(draft), { keyChecks });
  const status = validation.valid
    ? 'ready'
    : validation.errors.every((finding) => isIncompleteError(finding.code, draft))
      ? 'incomplete'
      : 'has-errors';
  return statusUnderPolicy(status, draft, rules);
}

/** Whether a policy adds any rule (without one, a status stands as it is). */
export function hasPolicyRules(rules: PolicyRules): boolean {
  return rules.allowedRealms !== undefined || Object.keys(rules.lockedValues ?? {}).length > 0;
}

/**
 * A status judged without a policy, under the policy's rules: the vault's index keeps statuses without
 * them (a policy file can change between runs), and the drafts list judges them at list time with this.
 * The policy looks only at the realm, organization ID and site URL, and what it finds is an error, never a
 * missing part.
 */
export function statusUnderPolicy(
  status: DraftStatus,
  fields: Readonly<Record<'realm' | 'organizationId' | 'siteUrl', string>>,
  rules: PolicyRules,
): DraftStatus {
  return status !== 'has-errors' && policyErrors(fields, rules).length > 0 ? 'has-errors' : status;
}
