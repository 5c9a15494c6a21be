import { describe, expect, it } from 'vitest';
import {
  choiceNormalizer,
  normalizeAccountId,
  normalizeEmail,
  normalizeFileName,
  normalizeKeyArn,
  normalizeLine,
  normalizeList,
  normalizeOrganizationId,
  normalizeSiteUrl,
  normalizeText,
  type Normalized,
} from '../../../src-shared/request/normalize.js';
import { normalizeRequest } from '../../../src-shared/request/normalize-request.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import {
  ACCOUNT_ID,
  ORGANIZATION_ID,
  OPTIONAL_VALUES,
  REALM_IDS,
  SITE_URL,
  completeRequest,
  keyPair,
  validRequest,
} from '../../fixtures/requests.js';

type Case = [raw: string, value: string, changes: string[]];

function table(name: string, normalize: (raw: string) => Normalized, cases: Case[]): void {
  describe(name, () => {
    it.each(cases)('%j → %j', (raw, value, changes) => {
      expect(normalize(raw)).toEqual({ value, changes });
    });
    it.each(cases)('%j: normalising the result again changes nothing', (raw) => {
      const once = normalize(raw).value;
      expect(normalize(once)).toEqual({ value: once, changes: [] });
    });
  });
}

const SPACES = 'removed surrounding spaces';
const URL = `https://admin.atlassian.com/o/${ORGANIZATION_ID}/overview`;
const ARN = keyPair('eu-west-1').oldKeyArn;
const KEY_ID = ARN.slice(ARN.indexOf('key/') + 4);

table('normalizeAccountId', normalizeAccountId, [
  [ACCOUNT_ID, ACCOUNT_ID, []],
  [` ${ACCOUNT_ID}\n`, ACCOUNT_ID, ['removed surrounding spaces and line breaks']],
  ['0123-4567-8901', ACCOUNT_ID, ['removed separators from the account ID']],
  ['0123 4567 8901', ACCOUNT_ID, ['removed separators from the account ID']],
  [' 0123-4567-8901 ', ACCOUNT_ID, [SPACES, 'removed separators from the account ID']],
  ['acme-prod', 'acme-prod', []],
  ['0123-4567-890x', '0123-4567-890x', []],
]);

table('normalizeOrganizationId', normalizeOrganizationId, [
  [ORGANIZATION_ID, ORGANIZATION_ID, []],
  [URL, ORGANIZATION_ID, ['took the organization ID from the admin.atlassian.com URL']],
  [
    `admin.atlassian.com/o/${ORGANIZATION_ID}`,
    ORGANIZATION_ID,
    ['took the organization ID from the admin.atlassian.com URL'],
  ],
  [
    `http://admin.atlassian.com/o/${ORGANIZATION_ID}?tab=users`,
    ORGANIZATION_ID,
    ['took the organization ID from the admin.atlassian.com URL'],
  ],
  [ORGANIZATION_ID.toUpperCase(), ORGANIZATION_ID, ['lower-cased the organization ID']],
  [
    ` ${URL.replace(ORGANIZATION_ID, ORGANIZATION_ID.toUpperCase())} `,
    ORGANIZATION_ID,
    [SPACES, 'took the organization ID from the admin.atlassian.com URL', 'lower-cased the organization ID'],
  ],
  [
    `https://admin.atlassian.com/s/${ORGANIZATION_ID}/users`,
    `https://admin.atlassian.com/s/${ORGANIZATION_ID}/users`,
    [],
  ],
  ['Acme Corp', 'Acme Corp', []],
  // Two organizations' URLs (a line break pasted into the field becomes a space, or nothing): left as typed.
  [`${URL} ${URL.replace('5f0c2a7e', '11111111')}`, `${URL} ${URL.replace('5f0c2a7e', '11111111')}`, []],
  [`${URL}${URL.replace('5f0c2a7e', '11111111')}`, `${URL}${URL.replace('5f0c2a7e', '11111111')}`, []],
  [
    `admin.atlassian.com/o/${ORGANIZATION_ID}/overviewadmin.atlassian.com/o/${ORGANIZATION_ID}`,
    `admin.atlassian.com/o/${ORGANIZATION_ID}/overviewadmin.atlassian.com/o/${ORGANIZATION_ID}`,
    [],
  ],
]);

table('normalizeSiteUrl', normalizeSiteUrl, [
  [SITE_URL, SITE_URL, []],
  [`${SITE_URL}/wiki`, SITE_URL, ['removed the path "/wiki"']],
  [
    `${SITE_URL}/jira/software/projects/SEC/boards/1`,
    SITE_URL,
    ['removed the path "/jira/software/projects/SEC/boards/1"'],
  ],
  [`${SITE_URL}/`, SITE_URL, ['removed the trailing slash']],
  ['acme-cloud.atlassian.net', SITE_URL, ['added https://']],
  [
    'http://acme-cloud.atlassian.net',
    SITE_URL,
    ['changed http:// to https:// (Atlassian Cloud sites use https)'],
  ],
  ['https://ACME-Cloud.atlassian.net', SITE_URL, ['lower-cased the host name']],
  [`${SITE_URL}.`, SITE_URL, ['removed the trailing dot of the host name']],
  // Two trailing dots leave an empty label: not tidied into a valid host (the rule reports it).
  [`${SITE_URL}..`, `${SITE_URL}..`, []],
  [
    'http://acme-cloud.atlassian.net...',
    `${SITE_URL}...`,
    ['changed http:// to https:// (Atlassian Cloud sites use https)'],
  ],
  [`${SITE_URL}?x=1`, SITE_URL, ['removed what followed the host name, "?x=1"']],
  [`${SITE_URL}#top`, SITE_URL, ['removed what followed the host name, "#top"']],
  [`  ${SITE_URL}/wiki/home?x=1  `, SITE_URL, [SPACES, 'removed the path "/wiki/home?x=1"']],
  ['ftp://acme-cloud.atlassian.net', 'ftp://acme-cloud.atlassian.net', []],
  // A scheme typed wrong: left for the rule (https:// in front made a host of "https:acme…").
  ['https:acme-cloud.atlassian.net', 'https:acme-cloud.atlassian.net', []],
  ['https//acme-cloud.atlassian.net', 'https//acme-cloud.atlassian.net', []],
  ['//acme-cloud.atlassian.net', '//acme-cloud.atlassian.net', []],
  ['', '', []],
  // Two URLs, or words after the URL: left as typed (only trimmed) so the rule reports them.
  [
    ` ${SITE_URL}/wiki https://other-co.atlassian.net`,
    `${SITE_URL}/wiki https://other-co.atlassian.net`,
    [SPACES],
  ],
  [`${SITE_URL}/wiki/https://other-co.atlassian.net`, `${SITE_URL}/wiki/https://other-co.atlassian.net`, []],
  [`${SITE_URL}/wiki (our main site)`, `${SITE_URL}/wiki (our main site)`, []],
]);

table('normalizeKeyArn', normalizeKeyArn, [
  [ARN, ARN, []],
  [`  ${ARN}\n`, ARN, ['removed surrounding spaces and line breaks']],
  [`${ARN}\r\n`, ARN, ['removed surrounding line breaks']],
  [`${ARN.slice(0, 40)}\n  ${ARN.slice(40)}`, ARN, ['removed spaces and line breaks inside the ARN']],
  [`${ARN.slice(0, 40)}\n${ARN.slice(40)}`, ARN, ['removed line breaks inside the ARN']],
  [`${ARN.slice(0, 40)} ${ARN.slice(40)}`, ARN, ['removed spaces inside the ARN']],
  [ARN.replace(KEY_ID, KEY_ID.toUpperCase()), ARN, ['lower-cased the key ID']],
  [
    `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/MRK-${'AB'.repeat(16)}`,
    `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/mrk-${'ab'.repeat(16)}`,
    ['lower-cased the key ID'],
  ],
  ['ARN:AWS:KMS:EU-WEST-1', 'ARN:AWS:KMS:EU-WEST-1', []],
  [`arn:aws:kms:eu-west-1:${ACCOUNT_ID}:alias/CMK`, `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:alias/CMK`, []],
]);

table('normalizeEmail', normalizeEmail, [
  ['jane@acme.example', 'jane@acme.example', []],
  ['Jane Doe <jane@acme.example>', 'jane@acme.example', ['kept only the address between < and >']],
  ['mailto:jane@acme.example', 'jane@acme.example', ['removed mailto:']],
  ['Jane@ACME.Example', 'Jane@acme.example', ['lower-cased the e-mail domain']],
  [
    ' <MAILTO:Jane@Acme.Example> ',
    'Jane@acme.example',
    [SPACES, 'kept only the address between < and >', 'removed mailto:', 'lower-cased the e-mail domain'],
  ],
  ['not an address', 'not an address', []],
  ['"Roe, Jane" <jane@acme.example>', 'jane@acme.example', ['kept only the address between < and >']],
  // Two addresses in one entry are left as typed, so the rule reports them rather than one being dropped.
  [
    'Jane Roe <jane@acme-cloud.example>, Bob Poe <bob@acme-cloud.example>',
    'Jane Roe <jane@acme-cloud.example>, Bob Poe <bob@acme-cloud.example>',
    [],
  ],
  ['jane@acme.example <bob@acme.example>', 'jane@acme.example <bob@acme.example>', []],
  ['<jane@acme.example> <bob@acme.example>', '<jane@acme.example> <bob@acme.example>', []],
]);

table('normalizeFileName', normalizeFileName, [
  ['kms.png', 'kms.png', []],
  ['C:\\Users\\jane\\Desktop\\kms key.png', 'kms key.png', ['kept only the file name, not its folder']],
  ['/home/jane/kms.png', 'kms.png', ['kept only the file name, not its folder']],
  [' kms.png\t', 'kms.png', ['removed surrounding spaces and tabs']],
  ['screenshots/', 'screenshots/', []],
]);

table('normalizeLine', normalizeLine, [
  ['EMEA', 'EMEA', []],
  ['  EMEA   (09:00 - 17:00)  ', 'EMEA (09:00 - 17:00)', [SPACES, 'collapsed repeated spaces']],
  ['+44\t20\n7946 0958', '+44 20 7946 0958', ['turned tabs and line breaks into spaces']],
  // QA K: a line break is not a repeated space; each step is said as it happened
  ['a\n b', 'a b', ['turned line breaks into spaces', 'collapsed repeated spaces']],
  ['a\nb', 'a b', ['turned line breaks into spaces']],
  [
    '09:00\u00A0-\u300017:00',
    '09:00 - 17:00',
    ['turned other white space (such as no-break spaces) into spaces'],
  ],
  [
    '\u00A0EMEA\u2028',
    'EMEA',
    ['removed surrounding line breaks and other white space (such as no-break spaces)'],
  ],
  ['a \t\r\n b', 'a b', ['turned tabs and line breaks into spaces', 'collapsed repeated spaces']],
  ['   ', '', ['removed surrounding spaces']],
]);

table('normalizeText', normalizeText, [
  ['line one\n\n  line two', 'line one\n\n  line two', []],
  [' line one\n\n  line two \n', 'line one\n\n  line two', ['removed surrounding spaces and line breaks']],
]);

table('choiceNormalizer(lower)', choiceNormalizer('lower', ['us', 'next-maintenance-window']), [
  ['us', 'us', []],
  [' US ', 'us', [SPACES, 'lower-cased the choice']],
  ['Next-Maintenance-Window', 'next-maintenance-window', ['lower-cased the choice']],
]);

table('choiceNormalizer(upper)', choiceNormalizer('upper', ['L1']), [
  ['L1', 'L1', []],
  ['l1', 'L1', ['upper-cased the choice']],
  // Not a choice in any case: left as typed, so the rule's message quotes what the user wrote.
  ['Level 1', 'Level 1', []],
  [' level 1 ', 'level 1', [SPACES]],
]);

describe('normalizeList', () => {
  it('normalises entries, drops empty ones and case-insensitive repeats, and says so', () => {
    expect(
      normalizeList(['a@acme.example', ' A@acme.example', '', 'b@ACME.example'], normalizeEmail),
    ).toEqual({
      value: ['a@acme.example', 'b@acme.example'],
      changes: [
        '" A@acme.example": removed surrounding spaces',
        'removed the repeated entry "A@acme.example"',
        'removed an empty entry',
        '"b@ACME.example": lower-cased the e-mail domain',
      ],
    });
  });
  // U+212A KELVIN SIGN lower-cases to an ASCII "k" in JavaScript: compared that way, the look-alike entry
  // was dropped as a repeat, so the list passed without the address the rules refuse.
  it('keeps an entry that differs from an earlier one by a look-alike letter, for the rules to refuse', () => {
    const lookAlike = 'jane@\u212Aaiser.example';
    const list = normalizeList(['jane@kaiser.example', lookAlike], normalizeEmail);
    expect(list.value).toEqual(['jane@kaiser.example', lookAlike]);
    const result = validateRequest({ ...completeRequest('eu'), participants: list.value });
    expect(result.errors.map((finding) => finding.path)).toContain('participants[1]');
    expect(result.errors.map((finding) => finding.message).join(' ')).not.toMatch(/repeat/);
  });
});

describe('normalizer bugs', () => {
  // Each normaliser promises "a sentence for every change made"; the scheme's case is changed silently.
  it('normalizeSiteUrl names the change when it lower-cases the scheme', () => {
    expect(normalizeSiteUrl('HTTPS://acme-cloud.atlassian.net').changes).not.toEqual([]);
  });

  // Not idempotent: only one trailing dot was removed per pass.
  it('normalizeSiteUrl gives a canonical value for a host with two trailing dots', () => {
    const once = normalizeSiteUrl('acme-cloud.atlassian.net..').value;
    expect(normalizeSiteUrl(once).value).toBe(once);
  });

  // All trailing dots were removed: a host with an empty label became a valid site URL.
  it('normalizeSiteUrl leaves two trailing dots for the rule, which refuses the host', () => {
    for (const typed of ['https://acme-cloud.atlassian.net..', 'acme-cloud.atlassian.net...']) {
      const once = normalizeSiteUrl(typed).value;
      const errors = validateRequest({ ...completeRequest('eu'), siteUrl: once }).errors;
      expect(errors.map((finding) => finding.code)).toEqual(['siteUrl.not-host']);
    }
  });

  // Not idempotent: the name after the folder is not trimmed, so the "canonical" value is not canonical.
  it('normalizeFileName gives a canonical value for "folder/ name"', () => {
    const once = normalizeFileName('shots/ kms.png').value;
    expect(normalizeFileName(once).value).toBe(once);
  });
});

describe('text holding more than one value is reported, not tidied into one valid value', () => {
  /** Each error after normalising, as `path: message`. */
  const checked = (input: Record<string, unknown>) =>
    validateRequest(normalizeRequest(validRequest('au', input)).request).errors.map(
      ({ path, message }) => `${path}: ${message}`,
    );

  it('two participants in one entry: the entry is an error asking for one address per entry', () => {
    const both = 'Jane Roe <jane@acme-cloud.example>, Bob Poe <bob@acme-cloud.example>';
    expect(checked({ participants: [both] })).toEqual([
      `participants[0]: "${both}" holds more than one address. Enter one address per entry, like secops@acme.example.`,
    ]);
  });

  it('two site URLs: the site URL is an error asking for one URL', () => {
    expect(checked({ siteUrl: `${SITE_URL}/wiki https://other-co.atlassian.net` })).toEqual([
      'siteUrl: This holds spaces or more than one URL. Enter one URL of your site, like https://acme.atlassian.net.',
    ]);
  });
});

const messy = {
  format: 'cmk-rekey/request',
  version: 1,
  siteUrl: ' ACME-Cloud.atlassian.net/wiki/spaces/SEC/overview ',
  participants: [
    'Sec Ops <secops@ACME-cloud.example>',
    'mailto:secops@acme-cloud.example',
    ' ',
    'Jane.Doe@acme-cloud.example',
  ],
  awsAccountId: ' 0123-4567-8901 ',
  impact: 'l3',
  organizationId: URL.replace(ORGANIZATION_ID, ORGANIZATION_ID.toUpperCase()),
  realm: ' US ',
  keys: validRequest('us').keys.map((pair) => ({
    oldKeyArn: ` ${pair.oldKeyArn.replace(/key\/(.*)$/, (_, id: string) => `key/${id.toUpperCase()}`)}`,
    newKeyArn: `${pair.newKeyArn.slice(0, 35)}\n${pair.newKeyArn.slice(35)}`,
  })),
  timing: ' Next-Maintenance-Window',
  workingHours: '  Europe, Middle East and Africa   (09:00-17:00 CET) ',
  phone: ' +44 20  7946 0958 ',
  attachments: [
    'C:\\Users\\jane\\Desktop\\kms-new-key-policy.png',
    '/tmp/old key details.pdf',
    'kms-new-key-policy.png',
  ],
  notes: '   ',
};

describe('normalizeRequest', () => {
  it('turns a messy request into the canonical one that validateRequest accepts', () => {
    const { request, changes } = normalizeRequest(messy);
    expect(validateRequest(messy).valid).toBe(false);
    expect(validateRequest(request).errors).toEqual([]);
    expect(request).toEqual(
      validRequest('us', {
        participants: [OPTIONAL_VALUES.participants[0], OPTIONAL_VALUES.participants[1]],
        phone: OPTIONAL_VALUES.phone,
        attachments: [OPTIONAL_VALUES.attachments[0], OPTIONAL_VALUES.attachments[1]],
      }),
    );
    expect(changes).toContainEqual({ path: 'notes', change: 'removed the empty field' });
    expect(changes).toContainEqual({ path: 'keys[0].oldKeyArn', change: 'lower-cased the key ID' });
    expect(changes).toContainEqual({ path: 'realm', change: 'lower-cased the choice' });
    expect(changes).toContainEqual({
      path: 'participants',
      change: 'removed the repeated entry "secops@acme-cloud.example"',
    });
    expect(new Set(changes.map((change) => change.path))).toEqual(
      new Set(
        Object.keys(messy)
          .filter((field) => !['format', 'version', 'keys'].includes(field))
          .concat(['keys[0].oldKeyArn', 'keys[0].newKeyArn', 'keys[1].oldKeyArn', 'keys[1].newKeyArn']),
      ),
    );
  });

  it('does not change its input', () => {
    const copy = structuredClone(messy);
    normalizeRequest(messy);
    expect(messy).toEqual(copy);
  });

  it('leaves unknown fields and values of the wrong type for check to report', () => {
    const input = { ...validRequest('au'), Colour: ' blue ', siteUrl: 42, keys: 'arn', participants: [1] };
    const { request, changes } = normalizeRequest(input);
    expect(request).toEqual(input);
    expect(changes).toEqual([]);
    expect(validateRequest(request).errors.map((finding) => finding.code)).toContain('request.unknown-field');
  });

  it('removes an empty list and says so', () => {
    const { request, changes } = normalizeRequest({ ...validRequest('au'), attachments: ['', ' '] });
    expect(request).toEqual(validRequest('au'));
    expect(changes.at(-1)).toEqual({ path: 'attachments', change: 'removed the empty list' });
  });

  it.each(REALM_IDS)('leaves a valid %s request as it is', (realm) => {
    const request = completeRequest(realm);
    expect(normalizeRequest(request)).toEqual({ request, changes: [] });
  });

  it.each(['participants', 'attachments'] as const)(
    'treats an empty %s list alike in check and normalize',
    (field) => {
      const request = { ...validRequest('au'), [field]: [] };
      expect(validateRequest(request).errors).toEqual([
        expect.objectContaining({ path: field, code: `${field}.not-canonical` }),
      ]);
      expect(normalizeRequest(request).request).toEqual(validRequest('au'));
    },
  );
});
