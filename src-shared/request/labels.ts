/**
 * Words shown to people for the request's choices. Impact names and definitions: Atlassian's support
 * portal (SOURCES.supportSlas), first-response targets: SOURCES.supportOfferings; the
 * re-encryption page itself names only "Level 1" (CLAIMS.impactChoice says so beside the choice).
 * Timings: the re-encryption page's two options, in its words (SOURCES.reencryption).
 */
import type { Impact, Timing } from './constants.js';

export interface ImpactInfo {
  readonly label: string;
  readonly name: string;
  /** How Atlassian's support response SLA page defines the level (SOURCES.supportSlas). */
  readonly definition: string;
  /** Initial-response target (SOURCES.supportOfferings): a first answer, not completion. */
  readonly firstResponse: string;
}

export const IMPACT_INFO: Readonly<Record<Impact, ImpactInfo>> = {
  L1: {
    label: 'Level 1',
    name: 'Critical',
    definition:
      'Critical business impact: production application down or major malfunction affecting business and a high number of staff.',
    firstResponse: 'within 30 minutes on Enterprise',
  },
  L2: {
    label: 'Level 2',
    name: 'Major',
    definition:
      'Significant business impact: serious degradation of application performance or functionality.',
    firstResponse: 'within 2 hours on Enterprise',
  },
  L3: {
    label: 'Level 3',
    name: 'Medium',
    definition: 'Normal business impact: an application issue with a moderate impact on the business.',
    firstResponse:
      'within 1 business day on Standard and Premium; for Enterprise, see the support offerings page',
  },
  L4: {
    label: 'Level 4',
    name: 'Low',
    definition: 'Minimal business impact: an issue or question with limited business impact.',
    firstResponse:
      'within 2 business days on Standard and Premium; for Enterprise, see the support offerings page',
  },
};

export interface TimingInfo {
  /** The option's letter where the re-encryption page lists the two: "a) Immediate", "b) Next …". */
  readonly letter: 'a' | 'b';
  readonly label: string;
  /** What the choice means, as the re-encryption page words it (SOURCES.reencryption). */
  readonly meaning: string;
}

export const TIMING_INFO: Readonly<Record<Timing, TimingInfo>> = {
  immediate: {
    letter: 'a',
    label: 'Immediate',
    meaning:
      'Re-encryption starts as soon as this ticket is addressed. The sites under the organization will have downtime outside the maintenance window once it starts.',
  },
  'next-maintenance-window': {
    letter: 'b',
    label: 'Next maintenance window',
    meaning:
      'Re-encryption starts in the next maintenance window: no additional downtime outside that window.',
  },
};
