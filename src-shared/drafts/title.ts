/**
 * Draft titles made from the request itself ("acme.atlassian.net · 481516234200"): the editor's title while
 * the user has not chosen one, and the title of an imported file. Plain functions: the renderer uses them.
 */
import type { DraftRequest } from './draft-schema.js';

/** The title of a draft made without one. */
export const UNTITLED = 'Untitled draft';
export const MAX_TITLE_LENGTH = 200;

/** The site's host name, from whatever the user typed (`acme.atlassian.net/wiki` → `acme.atlassian.net`). */
export function siteHost(siteUrl: string): string {
  const text = siteUrl.trim();
  if (text === '') return '';
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname;
  } catch {
    return '';
  }
}

/** A title from the request itself: "acme.atlassian.net · 012345678901"; empty when there is nothing yet. */
export function autoTitle(request: Pick<DraftRequest, 'siteUrl' | 'awsAccountId'>): string {
  const host = siteHost(request.siteUrl);
  const account = request.awsAccountId.replace(/[\s-]/g, '');
  const title =
    host !== '' && account !== ''
      ? `${host} · ${account}`
      : host !== ''
        ? host
        : account !== ''
          ? `AWS account ${account}`
          : '';
  return title.slice(0, MAX_TITLE_LENGTH);
}

/** Whether a title was made by the app (so it may follow the request), not chosen by the user. */
export function isAutoTitle(title: string, request: Pick<DraftRequest, 'siteUrl' | 'awsAccountId'>): boolean {
  return title === UNTITLED || title === '' || title === autoTitle(request);
}
