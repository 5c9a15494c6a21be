/**
 * What re-encryption is, what it affects and who may ask for it, each statement with its source: the
 * claims the form's first step ("Before you start") shows, and no other step. Part of CLAIMS (claims.ts).
 */
import type { Claim } from './sources.js';

export const ABOUT_CLAIMS = {
  definition: {
    text: "Atlassian's re-encryption page defines re-encryption: Atlassian decrypts your data with the old key and encrypts it again with the new key.",
    source: 'reencryption',
  },
  byokDowntime: {
    text: "For comparison only: Atlassian's BYOK re-encryption page, for the older scheme, said apps were suspended for up to a few business days and the rest ran in the background for hours to days. The CMK page does not give these figures.",
    source: 'byokReencryption',
  },
  allApps: {
    text: "Atlassian's re-encryption page says re-encryption is applied to all CMK-enabled apps in your organization.",
    source: 'reencryption',
  },
  orgAdmin: {
    text: "Atlassian's re-encryption page says only a registered organization admin can submit the request.",
    source: 'reencryption',
  },
  plan: {
    text: "Atlassian's “What is CMK encryption?” page says CMK is for Jira, Confluence and Jira Service Management on the Enterprise plan, and is not available in Atlassian Government Cloud.",
    source: 'whatIsCmk',
  },
  backups: {
    text: "Atlassian's page on CMK backups says re-encryption makes the old keys, and the backups protected by them, unusable.",
    source: 'cmkBackups',
  },
  keepOldKeys: {
    text: "Atlassian's page on revoking access to keys warns that disabling keys during re-encryption can leave data access uneven across sites.",
    source: 'revokeKeys',
  },
  keyDeletion: {
    text: 'The AWS KMS documentation says a deleted key cannot be brought back.',
    source: 'awsKeyDeletion',
  },
} as const satisfies Record<string, Claim>;
