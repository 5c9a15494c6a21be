/**
 * What the app tells the admin about Atlassian's re-encryption process, each statement with its source.
 * Statements from other pages than the re-encryption page say so in their own words; none contradicts it
 * (tests/unit/shared/claims.test.ts checks the re-encryption page's statements against its stored copy).
 * The statements live in four parts, and the form's steps import the part they show, so that each step's
 * code carries only its own: about re-encryption itself (the first step), the organization step's fields,
 * the account step's realms, and the request.
 */
import { ABOUT_CLAIMS } from './claims-about.js';
import { ACCOUNT_CLAIMS } from './claims-account.js';
import { ORGANIZATION_CLAIMS } from './claims-organization.js';
import { REQUEST_CLAIMS } from './claims-request.js';

export const CLAIMS = {
  ...ABOUT_CLAIMS,
  ...ORGANIZATION_CLAIMS,
  ...ACCOUNT_CLAIMS,
  ...REQUEST_CLAIMS,
} as const;

export type ClaimId = keyof typeof CLAIMS;
