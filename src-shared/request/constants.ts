/** The request format's constants, free of zod so the renderer bundle stays small. */

export const REQUEST_FORMAT = 'cmk-rekey/request';
export const REQUEST_VERSION = 1;

export const IMPACTS = ['L1', 'L2', 'L3', 'L4'] as const;
export type Impact = (typeof IMPACTS)[number];
export const TIMINGS = ['immediate', 'next-maintenance-window'] as const;
export type Timing = (typeof TIMINGS)[number];

export const SITE_URL_PATTERN = '^https://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$';
export const EMAIL_PATTERN =
  "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";
export const FILE_NAME_PATTERN = '^(?!\\.{1,2}$)[^/\\\\:*?"<>|\\u0000-\\u001f]+$';

export const LIMITS = {
  participants: 20,
  attachments: 20,
  fileName: 255,
  workingHours: 200,
  phone: 40,
  notes: 4000,
} as const;
