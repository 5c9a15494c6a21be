/**
 * What the AWS account step says about realms and their keys, each statement with its source. Part of CLAIMS
 * (claims.ts); only that step imports it.
 */
import type { Claim } from './sources.js';

export const ACCOUNT_CLAIMS = {
  keyPerRegion: {
    text: "Atlassian's page on setting up the AWS account for CMK says to create one KMS key per region of the realm you chose.",
    source: 'awsSetup',
  },
  sharedFrankfurt: {
    text: "Atlassian's page on setting up the AWS account for CMK lists Frankfurt (eu-central-1) for both Germany and Europe; Europe adds eu-west-1.",
    source: 'awsSetup',
  },
} as const satisfies Record<string, Claim>;
