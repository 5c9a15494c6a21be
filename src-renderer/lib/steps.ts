/** The guided form's steps as people see them. */
import { STEP_IDS, type StepId } from '../../src-shared/drafts/draft.js';

export { STEP_IDS, type StepId };

export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  start: 'Before you start',
  organization: 'Organization',
  account: 'AWS account and realm',
  keys: 'Keys',
  timing: 'Timing and contact',
  review: 'Review and send',
};

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value);
}
