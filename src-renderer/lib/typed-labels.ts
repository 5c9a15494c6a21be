/**
 * The labels of texts typed outside the draft: the record panel's forms and the Rename box show them,
 * and the alert for a request frozen elsewhere names what was typed in them by the same words.
 */
export const TYPED_LABELS = {
  ticket: 'Atlassian ticket reference',
  name: 'Your name',
  sentAt: 'Sent at',
  completedAt: 'Atlassian confirmed completion on',
  note: 'Completion note',
  reason: 'Withdrawal reason',
  rename: 'New draft name',
} as const;
