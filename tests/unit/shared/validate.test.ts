import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src-shared/request/findings.js';
import type { KeyPair } from '../../../src-shared/request/schema.js';
import { REALMS } from '../../../src-shared/request/realms.js';
import { phoneProblem } from '../../../src-shared/request/phone-rule.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import { render } from '../../../src-shared/request/render.js';
import { draftFromRequest } from '../../../src-shared/drafts/draft.js';
import {
  ACCOUNT_ID,
  OTHER_ACCOUNT_ID,
  ORGANIZATION_ID,
  REALM_IDS,
  aliasArn,
  completeRequest,
  keyArn,
  keyId,
  keyPair,
  mrkKeyId,
  validRequest,
  withArn,
  without,
} from '../../fixtures/requests.js';

type Spot = Pick<Finding, 'path' | 'code'>;
const spots = (findings: readonly Finding[]): Spot[] => findings.map(({ path, code }) => ({ path, code }));
const errorsOf = (input: unknown): Spot[] => spots(validateRequest(input).errors);
const warningsOf = (input: unknown): Spot[] => spots(validateRequest(input).warnings);

const au = validRequest('au');
const [east, west] = [keyPair('us-east-1'), keyPair('us-west-2')];
const UUID = keyId('validate');
const [UUID_2, UUID_3] = [keyId('validate two'), keyId('validate three')];
const error = (path: string, code: string): Spot => ({ path, code });
/** `'keys[0] keys.count, keys keys.region.missing'` → findings. */
const expectSpots = (text: string): Spot[] =>
  text.split(', ').map((entry) => error(...(entry.split(' ') as [string, string])));

describe('valid requests', () => {
  it.each(REALM_IDS)('realm %s: no errors, and only an unconfirmed-realm warning for uk and ch', (realm) => {
    for (const request of [validRequest(realm), completeRequest(realm)]) {
      const result = validateRequest(request);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      const expected = REALMS[realm].confirmed ? [] : [{ path: 'realm', code: 'realm.unconfirmed' }];
      expect(spots(result.warnings)).toEqual(expected);
    }
  });

  it('keeps account IDs with leading zeros valid, in the summary and in the ARNs', () => {
    const zeros = '000000000042';
    expect(
      errorsOf(validRequest('ca', { awsAccountId: zeros, keys: [keyPair('ca-central-1', zeros)] })),
    ).toEqual([]);
  });

  it('accepts a custom domain and addresses under an internationalized top-level domain (xn--)', () => {
    const request = validRequest('eu', {
      siteUrl: 'https://jira.example.xn--p1ai',
      participants: ['ivan@xn--80ak6aa92e.xn--p1ai', `${'a'.repeat(64)}@acme.example`],
    });
    expect(errorsOf(request)).toEqual([]);
  });

  it('a host with letters beyond a-z: names its ASCII form; an invisible character in it is shown, never dropped', () => {
    const message = (siteUrl: string) =>
      validateRequest(validRequest('eu', { siteUrl })).errors.find((finding) => finding.path === 'siteUrl')
        ?.message;
    expect(message('https://jira.müller.de')).toBe(
      '"jira.müller.de" is not a valid host name. Enter a domain with letters beyond a–z in its ASCII form: jira.xn--mller-kva.de. Copy the address of any page of your Atlassian site, like https://acme.atlassian.net/wiki.',
    );
    expect(message('https://acme\u200b.atlassian.net')).toBe(
      '"acme\\u200B.atlassian.net" is not a valid host name. Copy the address of any page of your Atlassian site, like https://acme.atlassian.net/wiki.',
    );
  });

  it('accepts immediate timing with Level 1 without a warning', () => {
    expect(validateRequest(validRequest('jp', { timing: 'immediate', impact: 'L1' })).warnings).toEqual([]);
  });

  it('tells Germany (eu-central-1) from Europe (eu-central-1 + eu-west-1)', () => {
    const frankfurt = keyPair('eu-central-1');
    expect(errorsOf(validRequest('de', { keys: [frankfurt] }))).toEqual([]);
    expect(errorsOf(validRequest('eu', { keys: [frankfurt] }))).toEqual(
      expectSpots('keys keys.count, keys keys.region.missing'),
    );
    expect(errorsOf(validRequest('de', { keys: validRequest('eu').keys }))).toEqual(
      expectSpots('keys keys.count, keys[1] keys.region.outside-realm'),
    );
  });

  it('accepts dual-region pairs in either order', () => {
    expect(errorsOf(validRequest('us', { keys: [west, east] }))).toEqual([]);
  });

  it('checks against a realm catalogue given in the options', () => {
    const realms = { ...REALMS, uk: { ...REALMS.uk, confirmed: true } };
    expect(validateRequest(validRequest('uk'), { realms }).warnings).toEqual([]);
  });
});

const arnAt = (region: string, id: string) => keyArn(region, id);

/** [field, value, code suffix]: one error at the field itself. */
const FIELD_CASES: [string, unknown, string][] = [
  ['siteUrl', 'ftp://acme.atlassian.net', 'not-https'],
  ['siteUrl', 'https://acme.atlassian.net:8443', 'not-host'],
  ['siteUrl', 'https://me@acme.atlassian.net', 'not-host'],
  ['siteUrl', 'https://10.0.0.1', 'not-host'],
  ['siteUrl', 'https://acme_x.atlassian.net', 'not-host'],
  ['siteUrl', 42, 'type'],
  ['siteUrl', undefined, 'missing'],
  ['participants', 'a@acme.example', 'type'],
  ['participants', Array.from({ length: 21 }, (_, i) => `p${String(i)}@acme.example`), 'too-many'],
  ['awsAccountId', '27976624415', 'format'],
  ['awsAccountId', '0123456789012', 'format'],
  ['awsAccountId', 'acme-prod', 'format'],
  ['awsAccountId', 12345678901, 'type'],
  ['organizationId', '1234567', 'format'],
  ['organizationId', `https://admin.atlassian.com/s/${ORGANIZATION_ID}/users`, 'site-url'],
  [
    'organizationId',
    `https://admin.atlassian.com/o/${ORGANIZATION_ID}/overview https://admin.atlassian.com/o/${UUID}/overview`,
    'format',
  ],
  ['realm', 'gb', 'unknown'],
  ['impact', 'L5', 'invalid'],
  ['impact', undefined, 'missing'],
  ['timing', 'asap', 'invalid'],
  ['workingHours', '', 'missing'],
  ['workingHours', ' \t ', 'missing'],
  ['workingHours', 'x'.repeat(201), 'too-long'],
  ['phone', `+${'1'.repeat(40)}`, 'too-long'],
  ['notes', 'x'.repeat(4001), 'too-long'],
  // Invisible and control characters in the text support receives (the form does not show them).
  ['workingHours', '\u200b', 'invisible'],
  ['workingHours', '\u200d\u200c', 'invisible'],
  ['workingHours', 'EMEA (09:00\u202e-17:00)', 'invisible'],
  ['phone', '+44 20 7946\u200b 0958', 'invisible'],
  ['notes', 'Call first.\u0007', 'invisible'],
  ['notes', 'Call \ufeffsecops first.', 'invisible'],
  // Characters that draw nothing, outside the controls and format marks the rule first took.
  ['workingHours', '\uffa0', 'invisible'],
  ['workingHours', '\u2800', 'invisible'],
  ['workingHours', '\u{e0041}\u{e0042}', 'invisible'],
  ['notes', 'Call sec\u00adops first.', 'invisible'],
  // Alone, characters that draw nothing where they are not understood (Default_Ignorable_Code_Point):
  // a combining grapheme joiner, a variation selector, Khmer and Mongolian invisibles, musical and
  // shorthand format controls, a supplementary variation selector.
  ...['\u034f', '\ufe0f', '\u17b4', '\u180b', '\u{1d173}', '\u{1bca0}', '\u{e0100}', ' \u200d '].map(
    (value): [string, string, string] => ['workingHours', value, 'invisible'],
  ),
];

/** [side, ARN, problem]: one `keys.arn.<problem>` error at `keys[0].<side>`. */
const ARN_CASES: [keyof KeyPair, unknown, string][] = [
  ['oldKeyArn', '', 'missing'],
  ['newKeyArn', 7, 'type'],
  ['oldKeyArn', aliasArn('ap-southeast-2'), 'alias'],
  ['newKeyArn', UUID, 'bare-key-id'],
  ['oldKeyArn', 'alias/cmk', 'alias-name'],
  ['oldKeyArn', `arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT_ID}:key/${UUID}`, 'partition'],
  ['oldKeyArn', `arn:aws-cn:kms:cn-north-1:${ACCOUNT_ID}:key/${UUID}`, 'partition'],
  ['newKeyArn', `arn:aws:sqs:ap-southeast-2:${ACCOUNT_ID}:queue`, 'service'],
  ['oldKeyArn', arnAt('ap-southeast-9', UUID), 'region'],
  ['oldKeyArn', keyArn('ap-southeast-2', UUID, '12345'), 'account'],
  ['oldKeyArn', arnAt('ap-southeast-2', 'abc'), 'key-id'],
  ['newKeyArn', 'kms key for Sydney', 'format'],
];

/** [name, input, every error expected as 'path code, path code']. */
const CASES: [string, unknown, string][] = [
  ['not an object', [au], ' request.type'],
  ['null', null, ' request.type'],
  ['format missing', without(au, 'format'), 'format format.missing'],
  ['format unknown', { ...au, format: 'cmk-rekey/draft' }, 'format format.unknown'],
  ['version missing', without(au, 'version'), 'version version.missing'],
  ['version 2', { ...au, version: 2 }, 'version version.unsupported'],
  ['version as text', { ...au, version: '1' }, 'version version.unsupported'],
  ['unknown field', { ...au, color: 'blue' }, 'color request.unknown-field'],
  [
    'participant not e-mail',
    { ...au, participants: ['a@x.example', 'Jane'] },
    'participants[1] participants.email',
  ],
  // No mail server takes these: a dot first, last or twice in a row, more than 64 characters before the @.
  ...[
    '.jane@acme.example',
    'jane.@acme.example',
    'ja..ne@acme.example',
    `${'a'.repeat(65)}@acme.example`,
  ].map((address): [string, unknown, string] => [
    `participant ${address.slice(0, 20)}`,
    { ...au, participants: [address] },
    'participants[0] participants.email',
  ]),
  // Longer than a mail path (RFC 5321) or a DNS name can be, though every label is of a valid length.
  [
    'participant of 256 characters',
    { ...au, participants: [`jane@${Array(4).fill('a'.repeat(60)).join('.')}.example`] },
    'participants[0] participants.email',
  ],
  [
    'site host of 257 characters',
    { ...au, siteUrl: `https://${Array(4).fill('a'.repeat(60)).join('.')}.atlassian.net` },
    'siteUrl siteUrl.not-host',
  ],
  // An empty entry is one normalize drops: not called a bad address or file name.
  [
    'empty participant',
    { ...au, participants: [' ', 'a@x.example'] },
    'participants participants.not-canonical',
  ],
  ['empty attachment', { ...au, attachments: [''] }, 'attachments attachments.not-canonical'],
  ['attachment with ?', { ...au, attachments: ['why?.png'] }, 'attachments[0] attachments.file-name'],
  ['attachment ..', { ...au, attachments: ['..'] }, 'attachments[0] attachments.file-name'],
  [
    'attachment too long',
    { ...au, attachments: [`${'a'.repeat(252)}.png`] },
    'attachments[0] attachments.too-long',
  ],
  // The realm rules then also see zero pairs.
  ['keys missing', without(au, 'keys'), 'keys keys.missing, keys keys.count, keys keys.region.missing'],
  ['keys an empty list', { ...au, keys: [] }, 'keys keys.missing, keys keys.count, keys keys.region.missing'],
  ['keys not a list', { ...au, keys: 'arn' }, 'keys keys.type, keys keys.count, keys keys.region.missing'],
  ['key pair not an object', { ...au, keys: [null] }, 'keys[0] keys.pair.type'],
  [
    'unknown field in a pair',
    { ...au, keys: [{ ...au.keys[0], region: 'x' }] },
    'keys[0].region keys.pair.unknown-field',
  ],
  [
    'us realm with one pair',
    validRequest('us', { keys: [east] }),
    'keys keys.count, keys keys.region.missing',
  ],
  [
    'keys outside the realm',
    validRequest('au', { keys: [keyPair('eu-west-2')] }),
    'keys[0] keys.region.outside-realm',
  ],
  [
    'old and new key in different regions',
    validRequest('us', { keys: [{ oldKeyArn: east.oldKeyArn, newKeyArn: arnAt('us-west-2', UUID) }, west] }),
    'keys[0].newKeyArn keys.region.mismatch',
  ],
  [
    'two pairs for one region',
    validRequest('us', {
      keys: [east, { oldKeyArn: arnAt('us-east-1', UUID), newKeyArn: arnAt('us-east-1', keyId('dup')) }],
    }),
    'keys[1] keys.region.duplicate, keys keys.region.missing',
  ],
  [
    'same ARN as old and new',
    withArn(au, 0, 'newKeyArn', au.keys[0]?.oldKeyArn),
    'keys[0].newKeyArn keys.arn.unchanged',
  ],
  [
    'same ARN in two pairs',
    validRequest('us', { keys: [east, { oldKeyArn: west.oldKeyArn, newKeyArn: east.newKeyArn }] }),
    'keys[1].newKeyArn keys.region.mismatch, keys[1].newKeyArn keys.arn.duplicate',
  ],
];

const ERROR_CASES: [string, unknown, Spot[]][] = [
  ...FIELD_CASES.map(([field, value, suffix]): [string, unknown, Spot[]] => [
    `${field}: ${value === undefined ? 'absent' : JSON.stringify(value).slice(0, 60)}`,
    value === undefined ? without(au, field) : { ...au, [field]: value },
    [error(field, `${field}.${suffix}`)],
  ]),
  ...ARN_CASES.map(([side, value, problem]): [string, unknown, Spot[]] => [
    `${side}: ${JSON.stringify(value)}`,
    withArn(au, 0, side, value),
    [error(`keys[0].${side}`, `keys.arn.${problem}`)],
  ]),
  ...CASES.map(([name, input, expected]): [string, unknown, Spot[]] => [name, input, expectSpots(expected)]),
];

describe('errors', () => {
  it.each(ERROR_CASES)('%s', (_name, input, expected) => {
    const result = validateRequest(input);
    expect(spots(result.errors)).toEqual(expected);
    expect(result.valid).toBe(false);
    for (const finding of result.errors) expect(finding.severity).toBe('error');
  });

  it('suggests the known field for a mis-cased one', () => {
    const [finding] = validateRequest({ ...without(au, 'siteUrl'), siteurl: au.siteUrl }).errors;
    expect(finding?.message).toBe('Unknown field "siteurl". Did you mean "siteUrl"?');
  });

  it('explains the 11-digit misprint of the documentation example', () => {
    const [finding] = validateRequest({ ...au, awsAccountId: '27976624415' }).errors;
    expect(finding?.message).toMatch(/exactly 12 digits; this has 11.*misprint/);
  });
});

describe('invisible characters in free text', () => {
  it('names the character and the text before it, so that it can be found', () => {
    const [finding] = validateRequest({ ...au, workingHours: 'EMEA (09:00\u202e-17:00)' }).errors;
    expect(finding?.message).toBe(
      'This holds an invisible or control character (U+202E) after "EMEA (09:00", which support would receive with the text: delete it, or clear the field and type the text again.',
    );
    const [only] = validateRequest({ ...au, workingHours: '\u200b' }).errors;
    expect(only?.message).toMatch(/^This holds an invisible or control character \(U\+200B\) at the start/);
  });

  it('refuses a file name with a direction override, which shows it with another extension', () => {
    expect(spots(validateRequest({ ...au, attachments: ['keys\u202egnp.exe'] }).errors)).toEqual(
      expectSpots('attachments[0] attachments.invisible'),
    );
  });

  it('accepts line breaks and tabs in notes, and the joiners that emoji and scripts need', () => {
    for (const notes of ['Line one\nline\ttwo', 'Team 👨‍👩‍👧 on call', 'می‌خواهم'])
      expect(validateRequest({ ...au, notes }).errors, notes).toEqual([]);
  });
});

describe('messages', () => {
  const all = ERROR_CASES.flatMap(([, input]) => validateRequest(input).errors);

  it('every error message is a sentence', () => {
    expect(all.length).toBeGreaterThan(50);
    for (const { message } of all) {
      expect(message.length).toBeGreaterThan(10);
      expect(message).toMatch(/[.?]$/);
      expect(message).not.toMatch(/undefined|NaN|\[object|\(\)/);
    }
  });

  it('tells the user to copy the key ARN from the KMS console for an alias ARN', () => {
    const [finding] = validateRequest(withArn(au, 0, 'oldKeyArn', aliasArn('ap-southeast-2'))).errors;
    expect(finding?.message).toMatch(/alias ARN/);
    expect(finding?.message).toMatch(/Open the key in the AWS KMS console and copy its "ARN"/);
  });

  it('names the realm and its regions when a key is outside it', () => {
    const [finding] = validateRequest(validRequest('ca', { keys: [keyPair('ca-west-1')] })).errors;
    expect(finding?.message).toBe(
      'Both keys are in ca-west-1 (Calgary), a valid AWS region but not part of the Canada realm, whose keys are in ca-central-1.',
    );
  });
});

describe('not canonical', () => {
  const upperArn = arnAt('ap-southeast-2', UUID.toUpperCase());
  /** [path, value, how the message shows the canonical value] */
  const cases: [string, unknown, string][] = [
    ['siteUrl', `${au.siteUrl}/wiki/spaces/SEC`, `"${au.siteUrl}" (removed the path "/wiki/spaces/SEC")`],
    ['siteUrl', 'acme-cloud.atlassian.net', `"${au.siteUrl}" (added https://)`],
    ['awsAccountId', '0123-4567-8901', `"${ACCOUNT_ID}" (removed separators`],
    ['awsAccountId', '0123 4567 8901', `"${ACCOUNT_ID}"`],
    ['organizationId', `https://admin.atlassian.com/o/${ORGANIZATION_ID}/overview`, `"${ORGANIZATION_ID}"`],
    ['organizationId', ORGANIZATION_ID.toUpperCase(), `"${ORGANIZATION_ID}" (lower-cased`],
    ['realm', ' AU', '"au" (removed surrounding spaces; lower-cased the choice)'],
    ['impact', 'l3', '"L3"'],
    ['timing', 'Immediate', '"immediate"'],
    ['workingHours', 'EMEA   09-17', '"EMEA 09-17" (collapsed repeated spaces)'],
    ['phone', ' +44 20 7946 0958', '"+44 20 7946 0958"'],
    ['phone', '', '"" (leave out an empty field)'],
    ['notes', 'Thanks!\n', '"Thanks!"'],
    ['participants', ['Jane <jane@ACME.example>'], '["jane@acme.example"]'],
    ['participants', ['a@acme.example', 'A@acme.example'], '["a@acme.example"]'],
    ['attachments', ['C:\\Users\\jane\\kms.png'], '["kms.png"]'],
    ['keys[0].oldKeyArn', upperArn, `"${upperArn.toLowerCase()}" (lower-cased the key ID)`],
  ];

  it.each(cases)('%s: %j', (path, value, shown) => {
    const isArn = path.startsWith('keys');
    const input = isArn ? withArn(au, 0, 'oldKeyArn', value) : { ...au, [path]: value };
    const result = validateRequest(input);
    expect(spots(result.errors)).toEqual([{ path, code: `${isArn ? 'keys.arn' : path}.not-canonical` }]);
    expect(result.errors[0]?.message).toContain(`Write this as ${shown}`);
  });

  it('a repeated list entry is named first, by its number and the one it repeats, with what to do', () => {
    const [finding] = validateRequest({ ...au, participants: ['a@acme.example', 'A@acme.example'] }).errors;
    expect(finding?.message).toMatch(
      /^Entry 2 \("A@acme\.example"\) repeats entry 1: remove it\. Write this as /,
    );
    const [files] = validateRequest({ ...au, attachments: ['a.png', 'b.png', 'a.png', 'B.png'] }).errors;
    expect(files?.message).toMatch(
      /^Entry 3 \("a\.png"\) repeats entry 1, entry 4 \("B\.png"\) repeats entry 2: remove them\. /,
    );
  });

  // Bug: normalizeSiteUrl lower-cases the scheme without a change sentence, so the message ends in "()".
  it('an upper-case scheme is reported with the change that fixes it', () => {
    const [finding] = validateRequest({ ...au, siteUrl: 'HTTPS://acme-cloud.atlassian.net' }).errors;
    expect(finding?.code).toBe('siteUrl.not-canonical');
    expect(finding?.message).not.toContain('()');
  });

  it('a key ARN wrapped over two lines is not canonical', () => {
    const arn = au.keys[0]?.newKeyArn ?? '';
    expect(errorsOf(withArn(au, 0, 'newKeyArn', `${arn.slice(0, 30)}\n${arn.slice(30)}`))).toEqual([
      error('keys[0].newKeyArn', 'keys.arn.not-canonical'),
    ]);
  });
});

describe('what support would come back about is an error, with the reason', () => {
  const example = '279766244153';
  const us = validRequest('us');
  const [usEast, usWest] = us.keys as [KeyPair, KeyPair];
  const cases: [string, unknown, string, RegExp][] = [
    [
      "Atlassian's own account, the documentation's example",
      validRequest('au', { awsAccountId: example, keys: [keyPair('ap-southeast-2', example)] }),
      'awsAccountId awsAccountId.atlassian-example',
      /example from Atlassian's re-encryption page.*your CMK keys/,
    ],
    [
      'key in another account',
      withArn(au, 0, 'newKeyArn', keyArn('ap-southeast-2', UUID, OTHER_ACCOUNT_ID)),
      'keys[0].newKeyArn keys.arn.account-mismatch',
      /098765432109.*012345678901.*support would have to ask/,
    ],
    [
      'admin.atlassian.com as the site',
      { ...au, siteUrl: 'https://admin.atlassian.com' },
      'siteUrl siteUrl.atlassian-service',
      /admin\.atlassian\.com is one of Atlassian's own services.*acme\.atlassian\.net/,
    ],
    [
      'atlassian.net alone as the site',
      { ...au, siteUrl: 'https://atlassian.net' },
      'siteUrl siteUrl.atlassian-service',
      /^atlassian\.net is the domain of Atlassian sites, not a site of your organization\..*acme\.atlassian\.net/,
    ],
    ...['id', 'start', 'support', 'home'].map((name): [string, unknown, string, RegExp] => [
      `${name}.atlassian.com as the site`,
      { ...au, siteUrl: `https://${name}.atlassian.com` },
      'siteUrl siteUrl.atlassian-service',
      /not a site of your organization/,
    ]),
    [
      'new keys swapped between the regions',
      validRequest('us', {
        keys: [
          { oldKeyArn: usEast.oldKeyArn, newKeyArn: usWest.newKeyArn },
          { oldKeyArn: usWest.oldKeyArn, newKeyArn: usEast.newKeyArn },
        ],
      }),
      'keys keys.region.swapped',
      /look swapped.*us-east-1 is in us-west-2.*us-west-2 is in us-east-1/,
    ],
    [
      'a pair in a region outside the realm: one error, the realm regions once',
      validRequest('us', { keys: [usEast, keyPair('eu-west-1')] }),
      'keys[1] keys.region.outside-realm',
      /^Both keys are in eu-west-1 \(Ireland\), a valid AWS region but not part of the United States realm, which needs one key pair in each of us-east-1 and us-west-2\.$/,
    ],
    [
      "the placeholder organization ID from Atlassian's page",
      { ...au, organizationId: 'my-organization-id-xxxxx-xxxxxxx-xxxxxx' },
      'organizationId organizationId.placeholder',
      /placeholder/,
    ],
  ];

  it.each(cases)('%s', (_name, input, expected, message) => {
    const result = validateRequest(input);
    expect(spots(result.errors)).toEqual(expectSpots(expected));
    expect(result.valid).toBe(false);
    expect(result.errors.map((finding) => finding.message).join('\n')).toMatch(message);
  });

  it('a region outside the realm names the realm regions only once', () => {
    const result = validateRequest(validRequest('us', { keys: [usEast, keyPair('eu-west-1')] }));
    const text = result.errors.map((finding) => finding.message).join(' ');
    expect(text.match(/us-west-2/g)).toHaveLength(1);
  });

  it('an old key and a new key outside the realm: one error each side, no region mismatch on top', () => {
    const result = validateRequest(
      validRequest('us', {
        keys: [usEast, { oldKeyArn: usWest.oldKeyArn, newKeyArn: keyPair('eu-west-1').newKeyArn }],
      }),
    );
    expect(spots(result.errors)).toEqual(expectSpots('keys[1].newKeyArn keys.region.outside-realm'));
  });
});

describe('messages name pairs the way the form does', () => {
  it('a second pair for a region and a repeated ARN are explained without internal paths like keys[0]', () => {
    const messages = (input: unknown) => validateRequest(input).errors.map((finding) => finding.message);
    const twoForOneRegion = messages(
      validRequest('us', {
        keys: [east, { oldKeyArn: arnAt('us-east-1', UUID), newKeyArn: arnAt('us-east-1', keyId('dup')) }],
      }),
    );
    const repeated = messages(validRequest('us', { keys: [east, { ...west, newKeyArn: east.oldKeyArn }] }));
    expect(twoForOneRegion).toContain(
      "This pair's keys are in us-east-1, like those of another pair; give one pair per region.",
    );
    expect(repeated).toContain(
      'This ARN is already the old key ARN of another pair. Each key ARN may appear once.',
    );
    for (const message of [...twoForOneRegion, ...repeated]) expect(message).not.toMatch(/keys\[/);
  });
});

describe('warnings', () => {
  const mrk = {
    oldKeyArn: arnAt('ap-northeast-2', mrkKeyId('o')),
    newKeyArn: arnAt('ap-northeast-2', mrkKeyId('n')),
  };
  /** An eu request with multi-Region keys: [old, new] key ID seeds for Frankfurt, then for Ireland. */
  const euMultiRegion = (frankfurt: [string, string], ireland: [string, string]) =>
    validRequest('eu', {
      keys: [
        {
          oldKeyArn: arnAt('eu-central-1', mrkKeyId(frankfurt[0])),
          newKeyArn: arnAt('eu-central-1', mrkKeyId(frankfurt[1])),
        },
        {
          oldKeyArn: arnAt('eu-west-1', mrkKeyId(ireland[0])),
          newKeyArn: arnAt('eu-west-1', mrkKeyId(ireland[1])),
        },
      ],
    });
  const EVERY_KEY_MULTI_REGION = [
    'keys[0].oldKeyArn',
    'keys[0].newKeyArn',
    'keys[1].oldKeyArn',
    'keys[1].newKeyArn',
  ]
    .map((path) => `${path} keys.arn.multi-region`)
    .join(', ');
  /** [name, input, every warning expected as 'path code, path code'] */
  const cases: [string, unknown, string][] = [
    ['custom domain', { ...au, siteUrl: 'https://jira.acme.com' }, 'siteUrl siteUrl.not-atlassian-net'],
    ['a 2-character site name', { ...au, siteUrl: 'https://ac.atlassian.net' }, 'siteUrl siteUrl.short-name'],
    ['a 1-character site name', { ...au, siteUrl: 'https://a.atlassian.net' }, 'siteUrl siteUrl.short-name'],
    [
      'a site name with www.',
      { ...au, siteUrl: 'https://www.acme.atlassian.net' },
      'siteUrl siteUrl.dotted-name',
    ],
    [
      'a site name with a dot',
      { ...au, siteUrl: 'https://acme.eu.atlassian.net' },
      'siteUrl siteUrl.dotted-name',
    ],
    ['unconfirmed realm', validRequest('ch'), 'realm realm.unconfirmed'],
    ['immediate with L2', { ...au, timing: 'immediate', impact: 'L2' }, 'impact timing.immediate-not-l1'],
    ['L1 in next window', { ...au, impact: 'L1' }, 'impact timing.l1-next-window'],
    ['phone without country code', { ...au, phone: '020 7946 0958' }, 'phone phone.unparsed'],
    [
      "AWS's example account",
      validRequest('au', { awsAccountId: '111122223333', keys: [keyPair('ap-southeast-2', '111122223333')] }),
      'awsAccountId awsAccountId.aws-example',
    ],
    [
      "AWS's example key IDs",
      {
        ...au,
        keys: [
          {
            oldKeyArn: keyArn('ap-southeast-2', '1234abcd-12ab-34cd-56ef-1234567890ab'),
            newKeyArn: keyArn('ap-southeast-2', 'mrk-1234abcd12ab34cd56ef1234567890ab'),
          },
        ],
      },
      'keys[0].oldKeyArn keys.arn.aws-example, keys[0].newKeyArn keys.arn.aws-example, keys[0].newKeyArn keys.arn.multi-region',
    ],
    [
      'multi-Region keys',
      validRequest('kr', { keys: [mrk] }),
      'keys[0].oldKeyArn keys.arn.multi-region, keys[0].newKeyArn keys.arn.multi-region',
    ],
    [
      // The new Frankfurt key is the replica of the old Dublin key it was meant to replace.
      'a new key that is the multi-Region replica of an old one',
      euMultiRegion(['a', 'b'], ['b', 'c']),
      `keys[0].newKeyArn keys.arn.shared-material, ${EVERY_KEY_MULTI_REGION}`,
    ],
    [
      // The old keys are replicas of each other, and so are the new ones: no new key has an old key's material.
      'new multi-Region keys of their own',
      euMultiRegion(['a', 'b'], ['a', 'b']),
      EVERY_KEY_MULTI_REGION,
    ],
    [
      // The Dublin new key's ARN is the Frankfurt old key's, its region edited: no such key.
      'a single-Region key ID in two regions',
      validRequest('eu', {
        keys: [
          { oldKeyArn: keyArn('eu-central-1', UUID), newKeyArn: keyArn('eu-central-1', UUID_2) },
          { oldKeyArn: keyArn('eu-west-1', UUID_3), newKeyArn: keyArn('eu-west-1', UUID) },
        ],
      }),
      'keys[1].newKeyArn keys.arn.copied-key-id',
    ],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    const result = validateRequest(input, { phone: phoneProblem });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(spots(result.warnings)).toEqual(expectSpots(expected));
    for (const finding of result.warnings) {
      expect(finding.severity).toBe('warning');
      expect(finding.message).toMatch(/\S.*\.$/);
    }
  });

  const warningAt = (input: unknown, path: string) =>
    validateRequest(input, { phone: phoneProblem }).warnings.find((finding) => finding.path === path)
      ?.message;

  it('the Level 1 / next-window warning names its sources, and says which part is our advice', () => {
    expect(warningAt({ ...au, impact: 'L1' }, 'impact')).toBe(
      "Atlassian's re-encryption page gives Level 1 as the example for an immediate re-encryption, and Atlassian's support response SLA page defines Level 1 as production down or a major malfunction. Our advice: for the next maintenance window, a lower level usually fits.",
    );
  });

  it('the short site-name warning names its page, counts right, and leaves 3 characters alone', () => {
    expect(warningAt({ ...au, siteUrl: 'https://ac.atlassian.net' }, 'siteUrl')).toBe(
      "A site name of 2 characters is unusual: Atlassian's page on changing a product URL asks for at least 3. Check that this is your site's address, as your browser shows it on any page of the site.",
    );
    expect(warningAt({ ...au, siteUrl: 'https://a.atlassian.net' }, 'siteUrl')).toMatch(
      /^A site name of 1 character is/,
    );
    expect(warningAt({ ...au, siteUrl: 'https://acm.atlassian.net' }, 'siteUrl')).toBeUndefined();
  });

  it('the Atlassian-service error names no admin menu path that no source gives', () => {
    const error = validateRequest({ ...au, siteUrl: 'https://admin.atlassian.com' }).errors[0]?.message;
    expect(error).toMatch(/not a site of your organization/);
    expect(error).not.toMatch(/→/);
  });

  it("states nothing of Atlassian's process without its source: custom domains, partitions, organization IDs", () => {
    const domain = warningAt({ ...au, siteUrl: 'https://jira.acme.com' }, 'siteUrl') ?? '';
    expect(domain).not.toMatch(/support finds/);
    expect(domain).toMatch(/our advice: give the site's original/);
    const gov = keyArn('us-gov-west-1', keyId('g')).replace('arn:aws:', 'arn:aws-us-gov:');
    const partition = validateRequest({ ...au, keys: [{ ...au.keys[0], oldKeyArn: gov }] }).errors[0]
      ?.message;
    expect(partition).toMatch(/Every CMK realm on Atlassian's set-up page is in standard AWS regions/);
    const organization = validateRequest({ ...au, organizationId: 'my-org' }).errors[0]?.message;
    expect(organization).toMatch(/^This app takes the organization ID as a UUID/);
  });

  it('the immediate / not Level 1 warning gives Level 1 as the page does: as an example', () => {
    expect(warningAt({ ...au, timing: 'immediate', impact: 'L2' }, 'impact')).toBe(
      "Atlassian's re-encryption page gives Level 1 as the example for an immediate re-encryption.",
    );
  });

  it('an unconfirmed realm or a multi-Region key is not said to be absent from pages the app has seen cut short', () => {
    const realm = warningAt(validRequest('ch'), 'realm') ?? '';
    expect(realm).not.toMatch(/does not list/);
    expect(realm).toMatch(/lists realms only up to Singapore/);
    const mrk =
      warningAt(
        validRequest('kr', {
          keys: [
            {
              oldKeyArn: arnAt('ap-northeast-2', mrkKeyId('o')),
              newKeyArn: keyArn('ap-northeast-2', keyId('n')),
            },
          ],
        }),
        'keys[0].oldKeyArn',
      ) ?? '';
    expect(mrk).not.toMatch(/Atlassian has not said/);
    expect(mrk).toMatch(/do not say whether/);
  });

  it.each([
    ['+1 555 0100', 'This is not a valid number for +1, the country calling code it starts with.'],
    ['+44 20 7946', 'This is not a valid number for +44, the country calling code it starts with.'],
    ['+44 20 7946 0958 (office)', 'This is not a valid number for +44,'],
    ['020 7946 0958', 'Write it with + and the country code, like +44 20 7946 0958.'],
    ['+999 1234 5678', 'Write it with + and the country code'],
    ['phone me', 'Write it with + and the country code'],
  ])('phone %j: the warning says what is wrong', (phone, message) => {
    expect(warningAt({ ...au, phone }, 'phone')).toContain(message);
  });

  it('does not warn about a non-canonical value, only reports it', () => {
    expect(warningsOf({ ...au, impact: 'l1' })).toEqual([]);
  });
});

// QA F finding 7: limits were counted in UTF-16 units, so 150 emoji were "300 characters".
describe('length limits count characters (code points)', () => {
  const EMOJI = '\u{1F600}';
  const messageAt = (input: unknown, path: string) =>
    validateRequest(input).errors.find((finding) => finding.path === path)?.message;

  it.each([
    ['workingHours', 200],
    ['phone', 40],
    ['notes', 4000],
  ])('%s: %i emoji are within the limit, one more is not, and the message counts them', (field, max) => {
    expect(errorsOf({ ...au, [field]: EMOJI.repeat(max) })).toEqual([]);
    expect(messageAt({ ...au, [field]: EMOJI.repeat(max + 1) }, field)).toBe(
      `Keep this to ${String(max)} characters or fewer (it has ${String(max + 1)}).`,
    );
  });

  it('attachments: a 255-character name is within the limit whatever its characters', () => {
    const name = `${EMOJI.repeat(251)}.png`;
    expect(errorsOf({ ...au, attachments: [name] })).toEqual([]);
    expect(messageAt({ ...au, attachments: [`${EMOJI}${name}`] }, 'attachments[0]')).toBe(
      'Keep this to 255 characters or fewer (it has 256).',
    );
  });

  it('counts a lone surrogate as one character, as JSON Schema does', () => {
    // at the limit, so not too long: refused only as half a character
    expect(
      validateRequest({ ...au, workingHours: `${'x'.repeat(199)}\uD800` }).errors.map(({ code }) => code),
    ).toEqual(['workingHours.invisible']);
    expect(messageAt({ ...au, workingHours: `${'x'.repeat(200)}\uDC00` }, 'workingHours')).toMatch(
      /it has 201\)/,
    );
  });
});

describe('the longest values the rules take', () => {
  it('are kept whole by the form and the ticket, and one character more is refused with its length', () => {
    const label = 'a'.repeat(60);
    // 254 and 253 characters: an address and a host name at their limits
    const address = `jane@${[label, label, label, 'b'.repeat(249 - 3 * 61 - 8)].join('.')}.example`;
    const host = `${[label, label, label, 'c'.repeat(253 - 3 * 61 - 14)].join('.')}.atlassian.net`;
    expect([address.length, host.length]).toEqual([254, 253]);
    const request = { ...validRequest('au'), participants: [address], siteUrl: `https://${host}` };
    expect(validateRequest(request).errors).toEqual([]);
    const ticket = render(draftFromRequest(request));
    expect(ticket).toContain(`\n${address}\n`);
    expect(ticket).toContain(`\nhttps://${host}\n`);
    const longer = validateRequest({
      ...request,
      participants: [`j${address}`],
      siteUrl: `https://c${host}`,
    });
    expect(longer.errors.map(({ message }) => message)).toEqual([
      'The host name is 254 characters long; a host name has 253 characters or fewer. Copy the address of any page of your Atlassian site, like https://acme.atlassian.net/wiki.',
      `"j${address.slice(0, 39)}…" is 255 characters long; an e-mail address has 254 characters or fewer.`,
    ]);
  });
});

describe('half a character (a UTF-16 surrogate alone)', () => {
  it('is refused in text support receives as typed, and a whole emoji is not', () => {
    const request = { ...validRequest('au'), workingHours: 'Americas \ud800 hours', notes: 'a\udc00b 😀' };
    expect(validateRequest(request).errors.map(({ path, message }) => [path, message])).toEqual([
      [
        'workingHours',
        'This holds half of a character (U+D800, a UTF-16 surrogate alone) after "Americas ", which is no text: support would receive "\uFFFD" in its place. Delete it, or clear the field and type the text again.',
      ],
      [
        'notes',
        'This holds half of a character (U+DC00, a UTF-16 surrogate alone) after "a", which is no text: support would receive "\uFFFD" in its place. Delete it, or clear the field and type the text again.',
      ],
    ]);
    expect(validateRequest({ ...request, workingHours: 'Americas 😀', notes: '👩‍💻 b' }).errors).toEqual([]);
  });
});

describe('zero-width joiners', () => {
  it('are fine where emoji and scripts join two characters, and refused where they join nothing', () => {
    const au = validRequest('au');
    for (const joined of ['👩\u200D💻', '❤️\u200D🔥', 'क्\u200Dष', 'می\u200Cخواهم'])
      expect(validateRequest({ ...au, notes: `Team ${joined} ready` }).errors, joined).toEqual([]);
    for (const [text, where] of [
      ['Americas\u200D', 'after "Americas"'],
      ['a \u200D b', 'after "a "'],
      ['a\u200Cb', 'after "a"'],
      ['\u200Dकष', 'at the start'],
    ]) {
      const found = validateRequest({ ...au, workingHours: text }).errors;
      expect(found.map(({ code }) => code)).toEqual(['workingHours.invisible']);
      expect(found[0]?.message).toContain(`) ${where}, which support would receive`);
    }
  });
});
