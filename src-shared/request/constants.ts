/** The request format's constants, free of zod so the renderer bundle stays small. */

export const REQUEST_FORMAT = 'cmk-rekey/request';
export const REQUEST_VERSION = 1;

export const IMPACTS = ['L1', 'L2', 'L3', 'L4'] as const;
export type Impact = (typeof IMPACTS)[number];
export const TIMINGS = ['immediate', 'next-maintenance-window'] as const;
export type Timing = (typeof TIMINGS)[number];

/** A top-level domain: letters, or an internationalized one in its ASCII form (`xn--p1ai`). */
const TOP_LEVEL_DOMAIN = '(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})';
export const SITE_URL_PATTERN = `^https://(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+${TOP_LEVEL_DOMAIN}$`;
/**
 * An address as mail servers take it (RFC 5321): at most 254 characters (a path holds 256 with its angle
 * brackets), a local part of at most 64, of dot-separated atoms (no dot first, last or twice in a row),
 * then a domain name.
 */
const EMAIL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
export const EMAIL_PATTERN = `^(?=.{1,254}$)(?=[^@]{1,64}@)${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+${TOP_LEVEL_DOMAIN}$`;
export const FILE_NAME_PATTERN = '^(?!\\.{1,2}$)[^/\\\\:*?"<>|\\u0000-\\u001f]+$';

export const LIMITS = {
  participants: 20,
  attachments: 20,
  fileName: 255,
  workingHours: 200,
  phone: 40,
  notes: 4000,
} as const;
