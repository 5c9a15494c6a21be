/**
 * The pages the app's statements about Atlassian come from. Every text that tells the admin how Atlassian
 * works names one of these where it lives; docs/domain notes (shared/docs/domain.md) hold the quotes.
 */
export interface Source {
  /** How the text refers to the page. */
  readonly name: string;
  readonly url: string;
}

export const SOURCES = {
  /** The page everything in the ticket comes from (stored copy: shared/seed/request-cmk-re-encryption.txt). */
  reencryption: {
    name: "Atlassian's CMK re-encryption page",
    url: 'https://support.atlassian.com/security-and-access-policies/docs/request-cmk-re-encryption',
  },
  awsSetup: {
    name: "Atlassian's page on setting up the AWS account for CMK",
    url: 'https://support.atlassian.com/organization-administration/docs/set-up-your-aws-account-and-create-a-kms-key-policy/',
  },
  whatIsCmk: {
    name: "Atlassian's “What is CMK encryption?” page",
    url: 'https://support.atlassian.com/security-and-access-policies/docs/what-is-cmk-encryption',
  },
  cmkBackups: {
    name: "Atlassian's page on CMK encryption for backups",
    url: 'https://support.atlassian.com/organization-administration/docs/customer-managed-key-encryption-for-backups',
  },
  revokeKeys: {
    name: "Atlassian's page on revoking access to KMS keys",
    url: 'https://support.atlassian.com/security-and-access-policies/docs/revoke-atlassian-access-to-your-kms-encryption-keys',
  },
  maintenanceWindow: {
    name: "Atlassian's maintenance-window page",
    url: 'https://support.atlassian.com/organization-administration/docs/what-is-a-maintenance-window',
  },
  byokReencryption: {
    name: "Atlassian's BYOK re-encryption page (the scheme CMK replaces)",
    url: 'https://support.atlassian.com/security-and-access-policies/docs/request-byok-re-encryption/',
  },
  supportSlas: {
    name: 'Atlassian\'s page "Updated Support Response SLAs" (the impact definitions)',
    url: 'https://confluence.atlassian.com/support/updated-support-response-slas-951415350.html',
  },
  supportOfferings: {
    name: "Atlassian's support offerings page",
    url: 'https://confluence.atlassian.com/support/atlassian-support-offerings-193299636.html',
  },
  awsKeyDeletion: {
    name: 'the AWS KMS documentation on key deletion',
    url: 'https://docs.aws.amazon.com/kms/latest/cryptographic-details/key-deletion.html',
  },
  /** Not Atlassian's word: what this app recommends. */
  advice: { name: "this app's advice", url: '' },
} as const satisfies Record<string, Source>;

export type SourceId = keyof typeof SOURCES;

/** A statement shown to the admin, with the page it comes from. */
export interface Claim {
  readonly text: string;
  readonly source: SourceId;
}
