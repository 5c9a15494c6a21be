/** Words shown to people for the request's choices: impact levels and timings (sourced in docs/domain). */
import type { Impact, Timing } from './constants.js';

export interface ImpactInfo {
  readonly label: string;
  readonly name: string;
  /** Atlassian's official definition of the level. */
  readonly definition: string;
  /** Enterprise initial-response target: a first answer, not completion. */
  readonly enterpriseFirstResponse: string;
}

export const IMPACT_INFO: Readonly<Record<Impact, ImpactInfo>> = {
  L1: {
    label: 'Level 1',
    name: 'Critical',
    definition:
      'Critical business impact: production application down or major malfunction affecting business and a high number of staff.',
    enterpriseFirstResponse: '30 minutes',
  },
  L2: {
    label: 'Level 2',
    name: 'Major',
    definition:
      'Significant business impact: serious degradation of application performance or functionality.',
    enterpriseFirstResponse: '2 hours',
  },
  L3: {
    label: 'Level 3',
    name: 'Medium',
    definition: 'Normal business impact: an application issue with a moderate impact on the business.',
    enterpriseFirstResponse: '1 business day',
  },
  L4: {
    label: 'Level 4',
    name: 'Low',
    definition: 'Minimal business impact: an issue or question with limited business impact.',
    enterpriseFirstResponse: '2 business days',
  },
};

export interface TimingInfo {
  readonly label: string;
  /** What the choice means, in the words the ticket uses. */
  readonly meaning: string;
}

export const TIMING_INFO: Readonly<Record<Timing, TimingInfo>> = {
  immediate: {
    label: 'Immediate',
    meaning:
      'Re-encryption starts as soon as this ticket is addressed. The sites under the organization will have downtime outside the maintenance window once it starts.',
  },
  'next-maintenance-window': {
    label: 'Next maintenance window',
    meaning:
      'Re-encryption starts in the next maintenance window: no additional downtime outside that window.',
  },
};
