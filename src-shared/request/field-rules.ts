/** Rules for single fields: each checks a normalised value and says what is wrong and how to fix it. */
import { ACCOUNT_ID_PATTERN, UUID_PATTERN } from './aws.js';
import { EMAIL_PATTERN, FILE_NAME_PATTERN, LIMITS, SITE_URL_PATTERN } from './constants.js';
import { UNSAFE_CHARACTERS, escapeUnsafe } from '../text/safe-text.js';
import { holdsMoreThanOneAdminUrl, holdsMoreThanOneUrl } from './normalize.js';

export interface Problem {
  readonly code: string;
  readonly message: string;
}

const siteUrlRegex = new RegExp(SITE_URL_PATTERN);
const accountRegex = new RegExp(ACCOUNT_ID_PATTERN);
const uuidRegex = new RegExp(UUID_PATTERN);
const emailRegex = new RegExp(EMAIL_PATTERN);
const fileNameRegex = new RegExp(FILE_NAME_PATTERN);

export const ATLASSIAN_EXAMPLE_ACCOUNT = '279766244153';
/** DNS's limit for a name (RFC 1035, as written without the final dot); SITE_URL_PATTERN holds it too. */
const MAX_HOST_NAME = 253;
/** RFC 5321's path of 256 characters less its angle brackets; EMAIL_PATTERN holds it too. */
const MAX_EMAIL = 254;

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/**
 * Characters as JSON Schema's maxLength counts them: code points. `length` counts UTF-16 units, so an emoji
 * like 😀 would count twice, and a message would name a length the user never typed.
 */
export function characterCount(value: string): number {
  return value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);
}

export function tooLong(field: string, value: string, max: number): Problem | undefined {
  const count = characterCount(value);
  return count > max
    ? {
        code: `${field}.too-long`,
        message: `Keep this to ${String(max)} characters or fewer (it has ${String(count)}).`,
      }
    : undefined;
}

/**
 * An invisible or control character in free text the ticket carries as typed (working hours, phone, notes,
 * file names): an unsafe character (safe-text.ts) other than line breaks, tabs and the zero-width
 * (non-)joiners that scripts and emoji need between characters, which they only join beyond ASCII (👩‍💻,
 * क्‍ष, می‌خواهم): one next to a space, an ASCII character or either end joins nothing. Text copied from a
 * web page or chat brings zero-width spaces and direction marks, which the form does not show but support
 * receives. A JSON Schema pattern too (schema.ts).
 */
const JOINER = '[\\u200c\\u200d]';
const JOINABLE = '[^\\s\\u0000-\\u007f]';
export const INVISIBLE_PATTERN = `(?![\\t\\n\\r])(?:(?!${JOINER})[${UNSAFE_CHARACTERS}]|(?<!${JOINABLE})${JOINER}|${JOINER}(?!${JOINABLE}))`;
/**
 * Text of nothing but white space and characters Unicode says draw nothing where they are not understood
 * (Default_Ignorable_Code_Point: joiners, variation selectors, the combining grapheme joiner, Khmer and
 * Mongolian invisible vowels and selectors, musical and shorthand format controls, tags): it looks empty in
 * the ticket. Such characters inside text are fine (an emoji's variation selector); only they alone are not.
 */
export const NOTHING_VISIBLE_PATTERN = '^[\\s\\p{Default_Ignorable_Code_Point}]*$';
const invisibleRegex = new RegExp(INVISIBLE_PATTERN, 'u');
const nothingVisibleRegex = new RegExp(NOTHING_VISIBLE_PATTERN, 'u');

/** Never removed for the user: that would make a value valid. */
export function invisibleCharacter(field: string, value: string): Problem | undefined {
  const found = invisibleRegex.exec(value);
  if (found === null)
    return nothingVisibleRegex.test(value)
      ? {
          code: `${field}.invisible`,
          message:
            'This holds only invisible characters, so support would see it empty: clear it and type the text.',
        }
      : undefined;
  const code = found[0].codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  const before = escapeUnsafe(value.slice(Math.max(0, found.index - 24), found.index).trimStart());
  const where = before === '' ? 'at the start' : `after "${before}"`;
  return {
    code: `${field}.invisible`,
    message:
      code >= 0xd800 && code <= 0xdfff
        ? `This holds half of a character (U+${hex}, a UTF-16 surrogate alone) ${where}, which is no text: support would receive "\uFFFD" in its place. Delete it, or clear the field and type the text again.`
        : `This holds an invisible or control character (U+${hex}) ${where}, which support would receive with the text: delete it, or clear the field and type the text again.`,
  };
}

/**
 * For a host typed with letters beyond ASCII (`jira.müller.de`): its ASCII form, as the browser's address
 * bar and DNS write it, for the user to enter. Only said: the value is the user's to change.
 */
function asciiHost(host: string): string {
  // Not for a character that draws nothing (the URL parser drops some) or a dot of another script: those
  // would be a different host, made valid.
  if (!/[^ -~]/u.test(host) || escapeUnsafe(host) !== host) return '';
  try {
    const ascii = new URL(`https://${host}`).hostname;
    const sameLabels = ascii.split('.').length === host.split('.').length;
    return sameLabels && /^[a-z0-9.-]+$/.test(ascii)
      ? ` Enter a domain with letters beyond a–z in its ASCII form: ${ascii}.`
      : '';
  } catch {
    return '';
  }
}

export function checkSiteUrl(value: string): Problem | undefined {
  if (holdsMoreThanOneUrl(value)) {
    return {
      code: 'siteUrl.not-host',
      message:
        'This holds spaces or more than one URL. Enter one URL of your site, like https://acme.atlassian.net.',
    };
  }
  if (!value.startsWith('https://')) {
    return {
      code: 'siteUrl.not-https',
      message: 'The site URL must start with https://, like https://acme.atlassian.net.',
    };
  }
  const host = value.slice('https://'.length);
  if (/[:@]/.test(host) || /^[0-9.]+$/.test(host) || host.startsWith('[')) {
    return {
      code: 'siteUrl.not-host',
      message: "Use the site's host name, like https://acme.atlassian.net: no port, user name or IP address.",
    };
  }
  if (isAtlassianServiceHost(host)) {
    return {
      code: 'siteUrl.atlassian-service',
      message: `${host} is ${host === 'atlassian.net' ? 'the domain of Atlassian sites' : "one of Atlassian's own services"}, not a site of your organization. Enter the address of one of your sites, like https://acme.atlassian.net.`,
    };
  }
  if (host.length > MAX_HOST_NAME) {
    return {
      code: 'siteUrl.not-host',
      message: `The host name is ${String(host.length)} characters long; a host name has ${String(MAX_HOST_NAME)} characters or fewer. Copy the address of any page of your Atlassian site, like https://acme.atlassian.net/wiki.`,
    };
  }
  if (!siteUrlRegex.test(value)) {
    return {
      code: 'siteUrl.not-host',
      message: `"${escapeUnsafe(host)}" is not a valid host name.${asciiHost(host)} Copy the address of any page of your Atlassian site, like https://acme.atlassian.net/wiki.`,
    };
  }
  return undefined;
}

/**
 * atlassian.com and its subdomains (admin., id., start., support., home., …) are Atlassian's own services,
 * and atlassian.net alone is the domain its sites are under: customer sites are <name>.atlassian.net or a
 * custom domain of the customer's. A regular expression without anchors, so that the JSON Schema can refuse
 * the same hosts after https:// (json-schema.ts).
 */
export const ATLASSIAN_SERVICE_HOST = '(?:(?:.*\\.)?atlassian\\.com|atlassian\\.net)';
const atlassianServiceHostRegex = new RegExp(`^${ATLASSIAN_SERVICE_HOST}$`);

function isAtlassianServiceHost(host: string): boolean {
  return atlassianServiceHostRegex.test(host);
}

export function checkAccountId(value: string): Problem | undefined {
  if (value === ATLASSIAN_EXAMPLE_ACCOUNT) {
    return {
      code: 'awsAccountId.atlassian-example',
      message:
        "279766244153 is the example from Atlassian's re-encryption page, and Atlassian's own AWS account (its BYOK pages name it as Atlassian's role account). Enter the 12-digit ID of the account that holds your CMK keys.",
    };
  }
  if (accountRegex.test(value)) return undefined;
  if (!/^[0-9]+$/.test(value)) {
    return {
      code: 'awsAccountId.format',
      message: 'The AWS account ID is 12 digits (0–9), like 012345678901.',
    };
  }
  const typo =
    value === ATLASSIAN_EXAMPLE_ACCOUNT.slice(0, 11)
      ? " This is a misprint of the example in Atlassian's documentation, not your account."
      : '';
  return {
    code: 'awsAccountId.format',
    message: `The AWS account ID has exactly 12 digits; this has ${String(value.length)}. Keep leading zeros.${typo}`,
  };
}

/** The placeholder of the example URL on Atlassian's re-encryption page (…/o/my-organization-id-xxxxx-…/overview). */
const PLACEHOLDER_ORGANIZATION = /my-organization-id|x{5}/i;

export function checkOrganizationId(value: string): Problem | undefined {
  if (uuidRegex.test(value)) return undefined;
  if (PLACEHOLDER_ORGANIZATION.test(value)) {
    return {
      code: 'organizationId.placeholder',
      message:
        "This is the placeholder from the example URL on Atlassian's re-encryption page. Open admin.atlassian.com, choose your organization, and paste the URL of its overview page.",
    };
  }
  if (holdsMoreThanOneAdminUrl(value)) {
    return {
      code: 'organizationId.format',
      message:
        'This holds spaces or more than one address. Paste one address of your organization (…/o/<ID>/overview), or the ID alone.',
    };
  }
  if (/admin\.atlassian\.com\/s\//i.test(value)) {
    return {
      code: 'organizationId.site-url',
      message:
        'This admin URL names a site (/s/…), not the organization. Open admin.atlassian.com, choose the organization, and copy a URL that contains /o/.',
    };
  }
  return {
    code: 'organizationId.format',
    message:
      'This app takes the organization ID as a UUID: 32 hexadecimal digits in groups of 8-4-4-4-12. Paste any admin.atlassian.com URL of the organization (…/o/<ID>/overview) and it is taken from there.',
  };
}

export function checkChoice(field: string, choices: readonly string[], describe: (choice: string) => string) {
  return (value: string): Problem | undefined =>
    choices.includes(value)
      ? undefined
      : {
          code: `${field}.invalid`,
          message: `"${value}" is not a choice here. Choose one of: ${choices.map(describe).join(', ')}.`,
        };
}

export function checkEmail(value: string): Problem | undefined {
  if (emailRegex.test(value)) return undefined;
  if (value.length > MAX_EMAIL)
    return {
      code: 'participants.email',
      message: `"${value.slice(0, 40)}…" is ${String(value.length)} characters long; an e-mail address has ${String(MAX_EMAIL)} characters or fewer.`,
    };
  const several = value.split('@').length > 2;
  return {
    code: 'participants.email',
    message: several
      ? `"${value}" holds more than one address. Enter one address per entry, like secops@acme.example.`
      : `"${value}" is not an e-mail address like secops@acme.example.`,
  };
}

export function checkFileName(value: string): Problem | undefined {
  const long = tooLong('attachments', value, LIMITS.fileName);
  if (long !== undefined) return long;
  return fileNameRegex.test(value)
    ? invisibleCharacter('attachments', value)
    : {
        code: 'attachments.file-name',
        message: `"${value}" is not a file name: leave out folders and the characters / \\ : * ? " < > |.`,
      };
}
