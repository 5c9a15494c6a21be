/**
 * Normalisers for what people paste. Each takes raw text and returns the canonical value plus a
 * sentence for every change made, so the UI and `cmk-rekey normalize` can say what they did.
 */

export interface Normalized {
  readonly value: string;
  readonly changes: readonly string[];
}

/**
 * Changes the case of ASCII letters only. JavaScript's own case mapping turns some other characters into
 * ASCII (the Kelvin sign "\u212A" lower-cases to "k", "\u0131" upper-cases to "I"): a look-alike pasted into
 * a host name, key ID or choice would become a valid value, so those stay as typed for the rules to refuse.
 */
function asciiCase(text: string, letterCase: 'lower' | 'upper'): string {
  return letterCase === 'lower'
    ? text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
    : text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** What two entries are compared by to find a repeat: the same text up to the case of ASCII letters. */
export function repeatKey(text: string): string {
  return asciiCase(text, 'lower');
}

function collect(value: string, changes: string[]): Normalized {
  return { value, changes };
}

/**
 * The kinds of white space there are, in words, so that a message says what was there: a line break turned
 * into a space is not "repeated spaces". Line breaks include the vertical tab, form feed and the Unicode
 * line and paragraph separators; the rest (no-break, thin, ideographic spaces…) is "other".
 */
const WHITE_SPACE: readonly (readonly [RegExp, string])[] = [
  [/ /u, 'spaces'],
  [/\t/u, 'tabs'],
  [/[\n\v\f\r\u2028\u2029]/u, 'line breaks'],
  [/[^\S \t\n\v\f\r\u2028\u2029]/u, 'other white space (such as no-break spaces)'],
];

/** The kinds of white space in `text`: "spaces and line breaks". */
function whiteSpaceKinds(text: string): string {
  return new Intl.ListFormat('en').format(
    WHITE_SPACE.filter(([kind]) => kind.test(text)).map(([, words]) => words),
  );
}

function trimmed(raw: string, changes: string[]): string {
  const value = raw.trim();
  if (value !== raw) changes.push(`removed surrounding ${whiteSpaceKinds(raw.replace(value, ''))}`);
  return value;
}

/** `1234-5678-9012` or `1234 5678 9012` → `123456789012`. */
export function normalizeAccountId(raw: string): Normalized {
  const changes: string[] = [];
  let value = trimmed(raw, changes);
  const compact = value.replace(/[\s-]/g, '');
  if (compact !== value && /^[0-9]+$/.test(compact)) {
    value = compact;
    changes.push('removed separators from the account ID');
  }
  return collect(value, changes);
}

const ADMIN_URL = /^(?:https?:\/\/)?admin\.atlassian\.com\/o\/([^/?#\s]+)/i;
const HEX_ID = /^[0-9a-fA-F-]+$/;

/**
 * Two admin URLs pasted together (a line break in a one-line field becomes a space, or nothing): taking the
 * first would pick one organization for the user, so such text stays as typed for the rule to report.
 */
export function holdsMoreThanOneAdminUrl(value: string): boolean {
  return holdsMoreThanOneUrl(value) || (value.match(/admin\.atlassian\.com/gi) ?? []).length > 1;
}

/** Takes the organization ID out of a pasted `https://admin.atlassian.com/o/<id>/…` URL; lower-cases hex. */
export function normalizeOrganizationId(raw: string): Normalized {
  const changes: string[] = [];
  let value = trimmed(raw, changes);
  if (holdsMoreThanOneAdminUrl(value)) return collect(value, changes);
  const match = ADMIN_URL.exec(value);
  if (match?.[1] !== undefined) {
    value = match[1];
    changes.push('took the organization ID from the admin.atlassian.com URL');
  }
  if (HEX_ID.test(value) && value !== asciiCase(value, 'lower')) {
    value = asciiCase(value, 'lower');
    changes.push('lower-cased the organization ID');
  }
  return collect(value, changes);
}

const URL_PARTS = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/?#]*)(.*)$/is;

/**
 * Spaces or a second `://` mean more than one URL (or a URL and other words): dropping the "path" would
 * keep the first site and lose the rest, so such text stays as typed for the rule to report.
 */
export function holdsMoreThanOneUrl(value: string): boolean {
  return /\s/.test(value) || value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').includes('://');
}

/** Any URL of the site (`/wiki/…`, `/jira/…`, no scheme, `http:`) → `https://host`. */
export function normalizeSiteUrl(raw: string): Normalized {
  const changes: string[] = [];
  const value = trimmed(raw, changes);
  const match = URL_PARTS.exec(value);
  if (value === '' || match === null || holdsMoreThanOneUrl(value)) return collect(value, changes);
  const scheme = match[1] === undefined ? undefined : asciiCase(match[1], 'lower');
  const rest = match[3] ?? '';
  let host = match[2] ?? '';
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') return collect(value, changes);
  // A scheme typed wrong (`https:acme…`, `https//acme…`, `//acme…`) is left for the rule to name: adding
  // https:// in front would make a host of "https:acme…".
  if (scheme === undefined && /^(?:https?:|https?\/\/|\/)/iu.test(value)) return collect(value, changes);
  if (scheme === undefined) changes.push('added https://');
  if (match[1] !== undefined && match[1] !== scheme) changes.push('lower-cased https://');
  if (scheme === 'http') changes.push('changed http:// to https:// (Atlassian Cloud sites use https)');
  if (host !== asciiCase(host, 'lower')) {
    host = asciiCase(host, 'lower');
    changes.push('lower-cased the host name');
  }
  // One trailing dot is DNS's own spelling of the same name; two or more leave an empty label: not a host
  // name, kept for the rule to report rather than tidied into a valid one.
  if (host.endsWith('.') && !host.endsWith('..')) {
    host = host.slice(0, -1);
    changes.push('removed the trailing dot of the host name');
  }
  if (rest === '/') changes.push('removed the trailing slash');
  else if (rest !== '')
    changes.push(`removed ${rest.startsWith('/') ? 'the path' : 'what followed the host name,'} "${rest}"`);
  return collect(`https://${host}`, changes);
}

/** Trims and removes line breaks a wrapped paste leaves; lower-cases the key ID (AWS issues it lower-case). */
export function normalizeKeyArn(raw: string): Normalized {
  const changes: string[] = [];
  let value = trimmed(raw, changes);
  const compact = value.replace(/\s+/g, '');
  if (compact !== value) {
    changes.push(`removed ${whiteSpaceKinds(value.replace(/\S/gu, ''))} inside the ARN`);
    value = compact;
  }
  const at = value.lastIndexOf(':key/');
  if (at >= 0) {
    const keyId = value.slice(at + ':key/'.length);
    if (keyId !== asciiCase(keyId, 'lower')) {
      value = value.slice(0, at) + ':key/' + asciiCase(keyId, 'lower');
      changes.push('lower-cased the key ID');
    }
  }
  return collect(value, changes);
}

/**
 * One display name (plain, or quoted so it may hold commas) then one address in <…>, and nothing else:
 * text holding two addresses (`Jane <a@x>, Bob <b@x>`) stays as typed, so the rule reports it.
 */
const NAME_AND_ADDRESS = /^(?:"[^"]*"\s*|[^"<>@,;]*)<([^<>]+)>$/;

/** `Jane <JANE@Acme.example>` or `mailto:jane@acme.example` → `jane@acme.example` (domain lower-cased). */
export function normalizeEmail(raw: string): Normalized {
  const changes: string[] = [];
  let value = trimmed(raw, changes);
  const angle = NAME_AND_ADDRESS.exec(value);
  if (angle?.[1] !== undefined) {
    value = angle[1].trim();
    changes.push('kept only the address between < and >');
  }
  if (/^mailto:/i.test(value)) {
    value = value.replace(/^(?:mailto:\s*)+/i, '');
    changes.push('removed mailto:');
  }
  const at = value.lastIndexOf('@');
  if (at > 0) {
    const domain = value.slice(at + 1);
    if (domain !== asciiCase(domain, 'lower')) {
      value = value.slice(0, at + 1) + asciiCase(domain, 'lower');
      changes.push('lower-cased the e-mail domain');
    }
  }
  return collect(value, changes);
}

/** A pasted path (`C:\Users\me\kms.png`, `/home/me/kms.png`) → its file name. */
export function normalizeFileName(raw: string): Normalized {
  const changes: string[] = [];
  let value = trimmed(raw, changes);
  const base = (value.split(/[/\\]/).pop() ?? '').trim();
  if (base !== value && base !== '') {
    value = base;
    changes.push('kept only the file name, not its folder');
  }
  return collect(value, changes);
}

/**
 * Trims, turns every other white space into a space and collapses runs of spaces (phone numbers, working
 * hours): one line of single spaces. Each step that changed something is said as it happened.
 */
export function normalizeLine(raw: string): Normalized {
  const changes: string[] = [];
  const value = trimmed(raw, changes);
  const spaced = value.replace(/[^\S ]/gu, ' ');
  if (spaced !== value) changes.push(`turned ${whiteSpaceKinds(value.replace(/[\S ]/gu, ''))} into spaces`);
  const collapsed = spaced.replace(/ {2,}/gu, ' ');
  if (collapsed !== spaced) changes.push('collapsed repeated spaces');
  return collect(collapsed, changes);
}

/** Trims free text but keeps its inner line breaks. */
export function normalizeText(raw: string): Normalized {
  const changes: string[] = [];
  return collect(trimmed(raw, changes), changes);
}

/**
 * Trims and sets the case of a choice (`" US "` → `us`, `l1` → `L1`); the case is changed only when
 * that makes one of the choices, so `Level 1` stays `Level 1` for the rule to explain.
 */
export function choiceNormalizer(
  letterCase: 'lower' | 'upper',
  choices: readonly string[],
): (raw: string) => Normalized {
  return (raw) => {
    const changes: string[] = [];
    const value = trimmed(raw, changes);
    const cased = asciiCase(value, letterCase);
    if (cased === value || !choices.includes(cased)) return collect(value, changes);
    changes.push(`${letterCase}-cased the choice`);
    return collect(cased, changes);
  };
}

/** Normalises each entry, drops empty ones and repeats (ASCII letters in any case, `repeatKey`). */
export function normalizeList(
  raw: readonly string[],
  one: (entry: string) => Normalized,
): {
  readonly value: string[];
  readonly changes: string[];
} {
  const value: string[] = [];
  const changes: string[] = [];
  const seen = new Set<string>();
  for (const entry of raw) {
    const normalized = one(entry);
    changes.push(...normalized.changes.map((change) => `"${entry}": ${change}`));
    const key = repeatKey(normalized.value);
    if (normalized.value === '') {
      changes.push('removed an empty entry');
    } else if (seen.has(key)) {
      changes.push(`removed the repeated entry "${normalized.value}"`);
    } else {
      seen.add(key);
      value.push(normalized.value);
    }
  }
  return { value, changes };
}
