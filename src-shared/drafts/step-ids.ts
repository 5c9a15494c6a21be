/**
 * The form's steps, in order: a draft's position names one. A module of its own so that start-up code
 * (the session, which checks a kept position) does not load the drafts module and the request's fields.
 */
export const STEP_IDS = ['start', 'organization', 'account', 'keys', 'timing', 'review'] as const;
export type StepId = (typeof STEP_IDS)[number];
