/**
 * What the app tells the admin about Atlassian's re-encryption process, each statement with its source.
 * Statements from other pages than the re-encryption page say so in their own words; none contradicts it
 * (tests/unit/shared/claims.test.ts checks the re-encryption page's statements against its stored copy).
 */
import type { Claim } from './sources.js';

export const CLAIMS = {
  definition: {
    text: 'Atlassian decrypts your data with the old key and encrypts it again with the new key.',
    source: 'reencryption',
  },
  downtime: {
    text: "Atlassian's re-encryption page says to expect a certain amount of downtime in your Atlassian Cloud apps, and gives no duration; it refers to a white paper for details.",
    source: 'reencryption',
  },
  byokDowntime: {
    text: "For comparison only: Atlassian's BYOK re-encryption page, for the older scheme, said apps were suspended for up to a few business days and the rest ran in the background for hours to days. The CMK page does not give these figures.",
    source: 'byokReencryption',
  },
  allApps: {
    text: 'Re-encryption is applied to all CMK-enabled apps in your organization.',
    source: 'reencryption',
  },
  orgAdmin: {
    text: 'Only a registered organization admin of the Atlassian organization can submit the request.',
    source: 'reencryption',
  },
  plan: {
    text: 'CMK is for Jira, Confluence and Jira Service Management on the Enterprise plan; it is not available in Atlassian Government Cloud.',
    source: 'whatIsCmk',
  },
  immediate: {
    text: 'Re-encryption starts as soon as support addresses the ticket. The sites under your organization will have downtime outside the maintenance window once it starts.',
    source: 'reencryption',
  },
  nextWindow: {
    text: 'Re-encryption starts in the next maintenance window, with no additional downtime outside of it.',
    source: 'reencryption',
  },
  windowTimes: {
    text: "The maintenance window is daily between 1 a.m. and 3 a.m. in the timezone of your app's server, which was set from the timezone of the person who signed up. Support can tell you the timezone and change it.",
    source: 'maintenanceWindow',
  },
  impactChoice: {
    text: "Atlassian's re-encryption page says to choose the level according to your business, for example Level 1 if you need immediate re-encryption. For response times it refers to the ticket SLA.",
    source: 'reencryption',
  },
  impactDefinitions: {
    text: "The level names and definitions below are how Atlassian's support portal defines impact levels; the first-response times are the Enterprise targets from its support offerings page, as of 2026. A first response is not completion: re-encryption itself takes longer.",
    source: 'supportSlas',
  },
  whatsNext: {
    text: "Atlassian's re-encryption page says: Atlassian responds to the support ticket and keeps you informed of the process and its completion.",
    source: 'reencryption',
  },
  retention: {
    text: "Atlassian's re-encryption page asks you to review Atlassian's retention policy before you add attachments to the ticket.",
    source: 'reencryption',
  },
  backups: {
    text: 'Re-encryption makes the old keys, and the backups protected by them, unusable.',
    source: 'cmkBackups',
  },
  keepOldKeys: {
    text: 'Atlassian warns that disabling keys during re-encryption can leave data access uneven across sites; and AWS cannot bring back a deleted key.',
    source: 'revokeKeys',
  },
} as const satisfies Record<string, Claim>;

export type ClaimId = keyof typeof CLAIMS;
