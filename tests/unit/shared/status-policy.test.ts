/**
 * One verdict under a policy: the drafts list (a summary kept without the policy, judged when listed), the
 * form's status and the Review's findings agree, whatever the policy and whatever the draft holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftFromRequest, requestFromDraft } from '../../../src-shared/drafts/draft.js';
import type { DraftDocument } from '../../../src-shared/drafts/draft-schema.js';
import { draftStatus, type PolicyRules } from '../../../src-shared/drafts/status.js';
import { summarizeDraft, summaryUnderPolicy } from '../../../src-shared/drafts/summary.js';
import { REALM_IDS } from '../../../src-shared/request/realms.js';
import { policyErrors, validateRequest } from '../../../src-shared/request/validate.js';
import { openDraftDocument } from '../../fixtures/drafts.js';
import { ACCOUNT_ID, ORGANIZATION_ID, SITE_URL, validRequest } from '../../fixtures/requests.js';

const OTHER_ORGANIZATION_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER_SITE = 'https://other.atlassian.net';

/** Values the policy must judge (another one), and values it must leave to their own rules. */
const organizationIds = fc.constantFrom(
  ORGANIZATION_ID,
  OTHER_ORGANIZATION_ID,
  '',
  '   ',
  ` ${ORGANIZATION_ID}`,
  ORGANIZATION_ID.toUpperCase(),
  'not an id',
);
const siteUrls = fc.constantFrom(
  SITE_URL,
  OTHER_SITE,
  '',
  '  ',
  `${SITE_URL}/wiki/x`,
  'HTTPS://ACME-CLOUD.ATLASSIAN.NET',
);

const documents: fc.Arbitrary<DraftDocument> = fc
  .record({
    realm: fc.constantFrom(...REALM_IDS, ''),
    organizationId: organizationIds,
    siteUrl: siteUrls,
    awsAccountId: fc.constantFrom(ACCOUNT_ID, ''),
  })
  .map(({ realm, ...values }) =>
    // The keys of the eu realm, whatever realm the draft names: too few, too many or the right ones.
    openDraftDocument({ ...draftFromRequest(validRequest('eu', values)), realm }),
  );

const rulesArb: fc.Arbitrary<PolicyRules> = fc.record(
  {
    allowedRealms: fc.subarray([...REALM_IDS]),
    lockedValues: fc.record(
      {
        organizationId: fc.constantFrom(ORGANIZATION_ID, OTHER_ORGANIZATION_ID),
        siteUrl: fc.constantFrom(SITE_URL, OTHER_SITE),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe('a draft under a policy', () => {
  it('gets the same status in the drafts list (summary kept without the policy) as in the form', () => {
    fc.assert(
      fc.property(documents, rulesArb, (document, rules) => {
        const listed = summaryUnderPolicy(summarizeDraft(document), rules);
        expect(listed.status).toBe(draftStatus(document.request, document.keyChecks, rules));
      }),
      { numRuns: 600 },
    );
  });

  it("is ready exactly when the Review finds nothing to fix, and the policy's errors are the Review's", () => {
    fc.assert(
      fc.property(documents, rulesArb, (document, rules) => {
        const request = requestFromDraft(document.request);
        const review = validateRequest(request, rules);
        expect(draftStatus(document.request, [], rules) === 'ready').toBe(review.valid);
        const withoutPolicy = new Set(validateRequest(request).errors.map((finding) => finding.code));
        expect(policyErrors(document.request, rules)).toEqual(
          review.errors.filter((finding) => !withoutPolicy.has(finding.code)),
        );
      }),
      { numRuns: 600 },
    );
  });

  it('names a realm the policy does not allow, and an organization ID other than the locked one', () => {
    const uk = draftFromRequest(validRequest('uk', { organizationId: OTHER_ORGANIZATION_ID }));
    const rules = { allowedRealms: ['eu', 'de'] as const, lockedValues: { organizationId: ORGANIZATION_ID } };
    expect(policyErrors(uk, rules).map((finding) => finding.code)).toEqual([
      'realm.not-allowed',
      'organizationId.not-policy',
    ]);
    expect(draftStatus(uk)).toBe('ready');
    expect(draftStatus(uk, [], rules)).toBe('has-errors');
    // A value its own rules refuse is not judged again by the policy: a blank ID is only missing.
    const blank = draftFromRequest(validRequest('eu', { organizationId: '  ' }));
    expect(policyErrors(blank, rules)).toEqual([]);
    expect(draftStatus(blank, [], rules)).toBe('incomplete');
  });
});
