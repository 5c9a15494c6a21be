/** Rules for single fields: each checks a normalised value and says what is wrong and how to fix it. */
import { ACCOUNT_ID_PATTERN, UUID_PATTERN } from './aws.js';
import {
  choiceNormalizer,
  normalizeAccountId,
  normalizeLine,
  normalizeOrganizationId,
  normalizeSiteUrl,
  normalizeText,
  type Normalized,
} from './normalize.js';
import { REALMS, REALM_IDS } from './realms.js';
import { EMAIL_PATTERN, FILE_NAME_PATTERN, IMPACTS, LIMITS, SITE_URL_PATTERN, TIMINGS } from './constants.js';

export interface Problem {
  readonly code: string;
  readonly message: string;
}

export interface TextFieldRule {
  readonly label: string;
  readonly optional: boolean;
  readonly normalize: (raw: string) => Normalized;
  /** Checks a non-empty normalised value. */
  readonly check: (value: string) => Problem | undefined;
}

const siteUrlRegex = new RegExp(SITE_URL_PATTERN);
const accountRegex = new RegExp(ACCOUNT_ID_PATTERN);
const uuidRegex = new RegExp(UUID_PATTERN);
const emailRegex = new RegExp(EMAIL_PATTERN);
const fileNameRegex = new RegExp(FILE_NAME_PATTERN);

export const ATLASSIAN_EXAMPLE_ACCOUNT = '279766244153';

function tooLong(field: string, value: string, max: number): Problem | undefined {
  return value.length > max
    ? {
        code: `${field}.too-long`,
        message: `Keep this under ${String(max)} characters (it has ${String(value.length)}).`,
      }
    : undefined;
}

function checkSiteUrl(value: string): Problem | undefined {
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
      message: `${host} is one of Atlassian's own services, not a site of your organization. Enter the address of one of your sites, like https://acme.atlassian.net (Atlassian Administration lists them under Apps → Sites).`,
    };
  }
  if (!siteUrlRegex.test(value)) {
    return {
      code: 'siteUrl.not-host',
      message: `"${host}" is not a valid host name. Copy the address of any page of your Atlassian site, like https://acme.atlassian.net/wiki.`,
    };
  }
  return undefined;
}

/**
 * atlassian.com and its subdomains (admin., id., start., support., home., …) are Atlassian's own services:
 * customer sites are <name>.atlassian.net or a custom domain of the customer's.
 */
function isAtlassianServiceHost(host: string): boolean {
  return host === 'atlassian.com' || host.endsWith('.atlassian.com');
}

function checkAccountId(value: string): Problem | undefined {
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

function checkOrganizationId(value: string): Problem | undefined {
  if (uuidRegex.test(value)) return undefined;
  if (PLACEHOLDER_ORGANIZATION.test(value)) {
    return {
      code: 'organizationId.placeholder',
      message:
        "This is the placeholder from the example URL on Atlassian's re-encryption page. Open admin.atlassian.com, choose your organization, and paste the URL of its overview page.",
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
      'The organization ID is a UUID like be0df05b-77ec-4a4f-ac84-f818bef651ce. Paste any admin.atlassian.com URL of the organization (…/o/<ID>/overview) and it is taken from there.',
  };
}

function checkChoice(field: string, choices: readonly string[], describe: (choice: string) => string) {
  return (value: string): Problem | undefined =>
    choices.includes(value)
      ? undefined
      : {
          code: `${field}.invalid`,
          message: `"${value}" is not a choice here. Choose one of: ${choices.map(describe).join(', ')}.`,
        };
}

export const TEXT_FIELDS = {
  siteUrl: { label: 'Site URL', optional: false, normalize: normalizeSiteUrl, check: checkSiteUrl },
  awsAccountId: {
    label: 'AWS account ID',
    optional: false,
    normalize: normalizeAccountId,
    check: checkAccountId,
  },
  organizationId: {
    label: 'Organization ID',
    optional: false,
    normalize: normalizeOrganizationId,
    check: checkOrganizationId,
  },
  realm: {
    label: 'Realm',
    optional: false,
    normalize: choiceNormalizer('lower', REALM_IDS),
    check: (value: string) => {
      const problem = checkChoice(
        'realm',
        REALM_IDS,
        (id) => `${id} (${REALMS[id as keyof typeof REALMS].name})`,
      )(value);
      return problem && { code: 'realm.unknown', message: problem.message };
    },
  },
  impact: {
    label: 'Impact level',
    optional: false,
    normalize: choiceNormalizer('upper', IMPACTS),
    check: checkChoice('impact', IMPACTS, String),
  },
  timing: {
    label: 'Timing',
    optional: false,
    normalize: choiceNormalizer('lower', TIMINGS),
    check: checkChoice('timing', TIMINGS, String),
  },
  workingHours: {
    label: 'Working hours',
    optional: false,
    normalize: normalizeLine,
    check: (value: string) => tooLong('workingHours', value, LIMITS.workingHours),
  },
  phone: {
    label: 'Phone number',
    optional: true,
    normalize: normalizeLine,
    check: (value: string) => tooLong('phone', value, LIMITS.phone),
  },
  notes: {
    label: 'Notes',
    optional: true,
    normalize: normalizeText,
    check: (value: string) => tooLong('notes', value, LIMITS.notes),
  },
} satisfies Record<string, TextFieldRule>;

export type TextFieldName = keyof typeof TEXT_FIELDS;

export function checkEmail(value: string): Problem | undefined {
  return emailRegex.test(value)
    ? undefined
    : {
        code: 'participants.email',
        message: `"${value}" is not an e-mail address like secops@acme.example.`,
      };
}

export function checkFileName(value: string): Problem | undefined {
  if (value.length > LIMITS.fileName) return tooLong('attachments', value, LIMITS.fileName);
  return fileNameRegex.test(value)
    ? undefined
    : {
        code: 'attachments.file-name',
        message: `"${value}" is not a file name: leave out folders and the characters / \\ : * ? " < > |.`,
      };
}
