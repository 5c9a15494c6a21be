/**
 * The "Before you start" checklist's words: the Start step shows them with their boxes, and
 * `cmk-rekey drafts mark-sent --checklist-confirmed` prints them for the sender to confirm.
 */
import { ABOUT_CLAIMS } from '../domain/claims-about.js';
import type { ChecklistId } from './draft.js';

export const CHECKLIST_ITEMS: Readonly<Record<ChecklistId, { text: string; detail: string }>> = {
  // Source: advice (the re-encryption page asks for the new key ARNs; a key Atlassian cannot use fails).
  'new-keys-ready': {
    text: 'The new key for each region exists, is enabled, and carries the key policy that lets Atlassian use it.',
    detail:
      'Our advice: create each new key in the same AWS region as the key it replaces, and give it the same Atlassian key policy you used when you set up CMK.',
  },
  'old-keys-kept': {
    text: 'I will keep the old keys enabled, and not schedule them for deletion, until Atlassian confirms that re-encryption is complete.',
    // Sources: ABOUT_CLAIMS.definition (re-encryption page), keepOldKeys (revoke page), keyDeletion (AWS).
    detail: `${ABOUT_CLAIMS.definition.text} ${ABOUT_CLAIMS.keepOldKeys.text} ${ABOUT_CLAIMS.keyDeletion.text}`,
  },
  backups: {
    text: 'I understand that backups made with the old keys stop working once re-encryption is done.',
    // Source: ABOUT_CLAIMS.backups (Atlassian's CMK backups page); taking new backups is advice.
    detail: `${ABOUT_CLAIMS.backups.text} Our advice: take new backups afterwards.`,
  },
  'all-apps': {
    text: 'I understand that re-encryption applies to every CMK-enabled app in the organization, and that they will be offline for part of it.',
    // Source: ABOUT_CLAIMS.allApps (re-encryption page); planning is advice.
    detail: `${ABOUT_CLAIMS.allApps.text} Our advice: plan the downtime with the people who use them.`,
  },
};
