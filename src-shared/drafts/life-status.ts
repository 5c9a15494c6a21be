/**
 * Where a request stands in its life, and what speaks against sending it: what the form shows while a
 * draft is open. Kept apart from the changes in `life.ts` (which render the ticket as sent), so that the
 * form's chunk does not carry the ticket renderer, which only the review step needs.
 */
import type { DraftDocument, SendWarning } from './draft-schema.js';
import { CHECKLIST_IDS } from './draft.js';
import type { LifeStatus } from './find.js';
import type { KeyCheckEvidence } from '../request/key-check-rules.js';
import { draftStatus, type PolicyRules } from './status.js';

/** An open draft is ready by every rule the form shows: its describe-key results, and the policy's when given. */
export function lifeStatus(
  draft: Pick<DraftDocument, 'state' | 'request'> & {
    readonly keyChecks?: readonly KeyCheckEvidence[] | undefined;
  },
  rules: PolicyRules = {},
): LifeStatus {
  if (draft.state !== 'open') return draft.state;
  return draftStatus(draft.request, draft.keyChecks, rules) === 'ready' ? 'ready' : 'draft';
}

/**
 * The sending rules, in one place: what speaks against marking this draft as sent. Sending is the user's
 * decision, so by default these are warnings recorded with the send; a policy may turn them into a refusal.
 */
export function sendingRules(
  draft: Pick<DraftDocument, 'request' | 'checklist' | 'keyChecks'>,
  rules: PolicyRules = {},
): SendWarning[] {
  const warnings: SendWarning[] = [];
  if (draftStatus(draft.request, draft.keyChecks, rules) !== 'ready') warnings.push('has-errors');
  if (!CHECKLIST_IDS.every((id) => draft.checklist.includes(id))) warnings.push('checklist-unticked');
  return warnings;
}

export const SEND_WARNING_TEXT: Record<SendWarning, string> = {
  'has-errors': 'the request still had errors or missing parts',
  'checklist-unticked': 'the "Before you start" checklist was not fully ticked',
};

/** Why a policy with `markSentRequiresReady` refuses to mark this request as sent (main and the form say it alike). */
export function notReadyToSend(warnings: readonly SendWarning[]): string {
  const why = warnings.map((warning) => SEND_WARNING_TEXT[warning]).join(', and ');
  return `Your organization's policy allows marking a request as sent only when it is ready: ${why}.`;
}
