/**
 * The maintenance window's timezone per site, as the user chose it on the Timing step: a per-user setting
 * (settings.json `siteTimeZones`), so that reopening a draft, or the next request for the same site, has it
 * back. The window follows the site's server (Atlassian's maintenance-window page), so the key is the site's
 * host; settings.json is not encrypted, so the key is a hash of the host, not the host itself.
 */
import { createHash } from 'node:crypto';
import { checkSiteUrl } from '../src-shared/request/field-rules.js';
import { isTimeZone, UNKNOWN_TIME_ZONE } from '../src-shared/request/maintenance-window.js';
import { normalizeSiteUrl } from '../src-shared/request/normalize.js';

/** How many sites are remembered; the earliest chosen are forgotten first. */
export const MAX_SITE_TIME_ZONES = 500;

export type SiteTimeZones = Readonly<Record<string, string>>;

/** The key of a site URL (any URL of the site), or undefined if it is not a valid site URL. */
export function siteKey(site: string): string | undefined {
  const url = normalizeSiteUrl(site).value;
  if (checkSiteUrl(url) !== undefined) return undefined;
  return createHash('sha256').update(new URL(url).host).digest('hex').slice(0, 32);
}

/** A value the Timing step offers: a timezone this runtime knows, or "I don't know". */
export function isZoneChoice(timeZone: string): boolean {
  return timeZone === UNKNOWN_TIME_ZONE || isTimeZone(timeZone);
}

/** The zones with `key` set to `timeZone` ('' removes it), the earliest beyond the maximum dropped. */
export function withZone(zones: SiteTimeZones, key: string, timeZone: string): Record<string, string> {
  const kept = Object.entries(zones).filter(([stored]) => stored !== key);
  if (timeZone !== '') kept.push([key, timeZone]);
  return Object.fromEntries(kept.slice(-MAX_SITE_TIME_ZONES));
}
