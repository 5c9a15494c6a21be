/** Every statement about Atlassian's process names its source, and none goes beyond or against the seed page. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../../src-shared/domain/claims.js';
import { SOURCES, type SourceId } from '../../../src-shared/domain/sources.js';
import { IMPACT_INFO, TIMING_INFO } from '../../../src-shared/request/labels.js';
import { userNotice } from '../../../src-shared/request/user-notice.js';

const ROOT = join(import.meta.dirname, '../../..');
/** The stored copy of Atlassian's re-encryption page (SOURCES.reencryption), typographic quotes made plain. */
const SEED = readFileSync(join(ROOT, 'tests/fixtures/atlassian/request-cmk-re-encryption.txt'), 'utf8')
  .replaceAll('’', "'")
  .replace(/\s+/g, ' ');

/** For each re-encryption-page claim: phrases of the page it rests on (kept verbatim from the page). */
const EVIDENCE: Partial<Record<keyof typeof CLAIMS, string[]>> = {
  definition: [
    'decrypting the existing ciphertext using the old key',
    're-encrypting the resulting plaintext with a new key',
  ],
  downtime: ['anticipate a certain amount of downtime', 'refer to the white paper'],
  allApps: [
    'Re-encryption will be applied to all Customer-managed keys (CMK) enabled apps in your organization',
  ],
  orgAdmin: ['you must be a registered Atlassian organization admin'],
  immediate: [
    'start as soon as this ticket is addressed',
    'downtime outside the maintenance window after re-encryption starts',
  ],
  nextWindow: ['no additional downtime outside of the next maintenance window'],
  impactChoice: [
    'select the level according to your business',
    'if you need immediate re-encryption, select Level 1',
    'For the ticket SLA',
  ],
  whatsNext: ["We'll respond to the support ticket and keep you informed of the process and completion"],
  retention: ['Review our retention policy'],
  siteUrl: [
    'select any URL from your Atlassian organization',
    'Selecting your main site URL should help as well',
  ],
  participants: [
    'enter any relevant contacts from your organization that want to be notified about the request',
  ],
  workingHours: ['Which is closest to your normal working hours? select the working hours'],
};

describe('domain claims', () => {
  it('each claim names a known source', () => {
    for (const claim of Object.values(CLAIMS)) expect(Object.keys(SOURCES)).toContain(claim.source);
  });

  it("each claim from the re-encryption page rests on the page's own words", () => {
    for (const [id, claim] of Object.entries(CLAIMS)) {
      if (claim.source !== 'reencryption') continue;
      const phrases = EVIDENCE[id as keyof typeof CLAIMS];
      expect(phrases, `evidence for ${id}`).toBeDefined();
      for (const phrase of phrases ?? []) expect(SEED).toContain(phrase);
    }
    for (const timing of Object.values(TIMING_INFO)) {
      expect(timing.meaning).not.toMatch(/\d+ (hours|days)/);
      expect(SEED).toContain(`${timing.letter}) ${timing.label}:`); // the ticket's answer, as the page lists it
    }
  });

  it('a claim from a page says whose page it is, in its own text', () => {
    expect(CLAIMS.byokDowntime.text).toMatch(/^For comparison only: Atlassian's BYOK re-encryption page/);
    expect(CLAIMS.impactDefinitions.text).toMatch(/Atlassian's support response SLA page/);
    // How each page is named where its claims are shown (the form shows no source list of its own).
    const named: Record<Exclude<SourceId, 'advice'>, RegExp> = {
      reencryption: /Atlassian's re-encryption page/,
      awsSetup: /Atlassian's page on setting up the AWS account for CMK/,
      whatIsCmk: /Atlassian's “What is CMK encryption\?” page/,
      cmkBackups: /Atlassian's page on CMK backups/,
      revokeKeys: /Atlassian's page on revoking access to keys/,
      maintenanceWindow: /Atlassian's maintenance-window page/,
      byokReencryption: /Atlassian's BYOK re-encryption page/,
      supportSlas: /Atlassian's support response SLA page/,
      supportOfferings: /Atlassian's support offerings page/,
      awsKeyDeletion: /AWS KMS documentation/,
    };
    for (const [id, claim] of Object.entries(CLAIMS)) {
      if (claim.source === 'advice') continue;
      expect(claim.text, id).toMatch(named[claim.source]);
    }
  });

  it('no claim or source dates a page: the stored copies have no known date (domain notes, legend)', () => {
    const texts = [
      ...Object.values(CLAIMS).map((claim) => claim.text),
      ...Object.values(SOURCES).map((s) => s.name),
    ];
    for (const text of texts) expect(text).not.toMatch(/\bas of (19|20)\d\d\b/);
  });

  it('no BYOK-era duration appears anywhere as a CMK fact: only the attributed comparison has one', () => {
    const files = (folder: string): string[] =>
      readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => /\.(ts|svelte)$/.test(name))
        .map((name) => join(folder, name));
    const offenders = [...files('src-renderer'), ...files('src-shared')].filter((file) =>
      /few business days|hours to days/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual(['src-shared/domain/claims-about.ts']);
    for (const timing of ['immediate', 'next-maintenance-window'] as const)
      expect(userNotice({ timing }).body).not.toMatch(/business days|hours to days/);
  });

  it("the support pages' claims say nothing about re-encryption (those pages do not)", () => {
    for (const [id, claim] of Object.entries(CLAIMS)) {
      if (claim.source === 'supportSlas' || claim.source === 'supportOfferings')
        expect(claim.text, id).not.toMatch(/re-?encrypt/i);
    }
  });

  it("the app's own advice says it is ours, in its own text", () => {
    const advice = Object.values(CLAIMS).filter((claim) => claim.source === 'advice');
    expect(advice).not.toEqual([]);
    for (const claim of advice) expect(claim.text).toMatch(/^Our advice: /);
  });

  it('impact levels claim no Enterprise target for Levels 3 and 4, and do not say the page has none', () => {
    for (const level of ['L1', 'L2'] as const)
      expect(IMPACT_INFO[level].firstResponse).toMatch(/on Enterprise$/);
    // domain.md §2.2: the stored copy of the support offerings page is cut off before the Enterprise
    // figures of Levels 3 and 4; an older table gave some. Unknown is not "none".
    expect(CLAIMS.impactResponses.text).toContain(
      'for Levels 3 and 4 the Standard and Premium figures: the copy of that page this app was built from is cut off before the Enterprise ones',
    );
    for (const level of ['L3', 'L4'] as const) {
      expect(IMPACT_INFO[level].firstResponse).toMatch(/for Enterprise, see the support offerings page$/);
      expect(IMPACT_INFO[level].firstResponse).not.toMatch(/no Enterprise|shows only/);
    }
  });
});
