/**
 * What the Organization step says about the support form's site URL and participants fields, each statement
 * with its source. Part of CLAIMS (claims.ts); only that step imports it.
 */
import type { Claim } from './sources.js';

export const ORGANIZATION_CLAIMS = {
  siteUrl: {
    text: "Atlassian's re-encryption page says any URL from your organization will do, and that your main site's URL should help.",
    source: 'reencryption',
  },
  participants: {
    text: "Atlassian's re-encryption page says to add contacts from your organization who want to be notified about the request.",
    source: 'reencryption',
  },
} as const satisfies Record<string, Claim>;
