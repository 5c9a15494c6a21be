/** The ticket as the review step shows it and as export writes it: from the same cleaned draft. */
import type { DraftRequest } from '../../src-shared/drafts/draft.js';

/** A plain copy of the draft without the empty list rows the form keeps while editing. */
export function exportableDraft(draft: DraftRequest): DraftRequest {
  return {
    ...draft,
    participants: draft.participants.filter((entry) => entry.trim() !== ''),
    attachments: draft.attachments.filter((entry) => entry.trim() !== ''),
    keys: draft.keys.map((pair) => ({ oldKeyArn: pair.oldKeyArn, newKeyArn: pair.newKeyArn })),
  };
}
