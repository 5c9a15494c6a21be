/**
 * The published JSON Schema and `cmk-rekey check` (validateRequest) judge one field the same way: for
 * requests near the edges of every field's rules, ajv with the generated schema says valid exactly when check
 * finds no error local to one field (QA F findings 7 and 8). The rules the schema leaves to check are named
 * below and in docs/request-format.md.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-shared/request/constants.js';
import { requestJsonSchema } from '../../../src-shared/request/json-schema.js';
import { REALMS } from '../../../src-shared/request/realms.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import {
  ORGANIZATION_ID,
  REALM_IDS,
  completeRequest,
  OTHER_ACCOUNT_ID,
  keyArn,
  keyId,
  keyPair,
  validRequest,
} from '../../fixtures/requests.js';

/** Findings that compare a field with another field, or values within the keys with each other. */
const LEFT_TO_CHECK = [
  'keys.count',
  'keys.region.outside-realm',
  'keys.region.missing',
  'keys.region.duplicate',
  'keys.region.mismatch',
  'keys.region.swapped',
  'keys.arn.unchanged',
  'keys.arn.duplicate',
  'keys.arn.account-mismatch',
] as const;

/** A number of key pairs that no realm has is wrong whatever the realm: the schema's minItems/maxItems. */
const REALM_PAIR_COUNTS = new Set(Object.values(REALMS).map((realm) => realm.regions.length));

const validate = new Ajv2020({ allErrors: true }).compile(requestJsonSchema());

function fieldErrors(request: Record<string, unknown>): string[] {
  const keys = request['keys'];
  const impossibleCount = Array.isArray(keys) && !REALM_PAIR_COUNTS.has(keys.length);
  return validateRequest(request)
    .errors.filter(
      ({ code }) =>
        !(LEFT_TO_CHECK as readonly string[]).includes(code) || (code === 'keys.count' && impossibleCount),
    )
    .map(({ path, code }) => `${path} ${code}`);
}

// ---- values near the edges of each field's rules ------------------------------------------------

const EMOJI = '\u{1F600}';
const SPACES = ['', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff'];
const space = fc.constantFrom(...SPACES);
/** `core` as it is, or with white space before or after it. */
const around = (core: fc.Arbitrary<string>) =>
  fc.oneof(
    core,
    fc.tuple(space, core, space).map((parts) => parts.join('')),
  );
/** `core` with white space put somewhere inside. */
const spacedInside = (core: fc.Arbitrary<string>) =>
  fc.tuple(core, space, fc.nat()).map(([text, gap, at]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    return text.slice(0, i) + gap + text.slice(i);
  });
/** Text of about `max` characters, some of them of two UTF-16 units, around the limit. */
const nearLimit = (max: number) =>
  fc
    .tuple(fc.integer({ min: max - 2, max: max + 2 }), fc.nat(max), fc.constantFrom('a', 'ü', EMOJI))
    .map(([length, plain, char]) => {
      const ascii = Math.min(plain, length);
      return 'x'.repeat(ascii) + char.repeat(length - ascii);
    });
const wrongType = fc.constantFrom(7, null, true, ['x'], { x: 1 });
const text = (core: fc.Arbitrary<string>, max: number) =>
  fc.oneof(core, around(core), spacedInside(core), nearLimit(max), fc.constantFrom('', ' ', '\t\n'));

/** Replaces entries that differ only in case from an earlier one by it: such repeats are left to check. */
function exactRepeatsOnly(entries: string[]): string[] {
  return entries.map(
    (entry) => entries.find((other) => other.toLowerCase() === entry.toLowerCase()) ?? entry,
  );
}
/** Short lists (some with a repeat), and lists of distinct entries around `maxItems`. */
const list = (entry: fc.Arbitrary<string>, maxItems: number, many: (index: number) => string) =>
  fc
    .oneof(
      fc.array(entry, { maxLength: 4 }),
      fc.array(entry, { minLength: 1, maxLength: 3 }).map((entries) => [...entries, entries[0] ?? '']),
      fc
        .integer({ min: maxItems - 1, max: maxItems + 1 })
        .map((length) => Array.from({ length }, (_, index) => many(index))),
    )
    .map(exactRepeatsOnly);

/** One near miss each, made to a valid key ARN. */
const ARN_CHANGES: readonly ((arn: string) => string)[] = [
  (arn) => arn,
  (arn) => arn.replace(':aws:', ':aws-us-gov:'),
  (arn) => arn.replace(/:kms:[^:]+:/, ':kms:us-east-9:'),
  (arn) => arn.replace(/:kms:[^:]+:/, ':kms:eu-central-01:'),
  (arn) => arn.replace(/:kms:[^:]+:/, (part) => part.toUpperCase()),
  (arn) => arn.replace(/:[0-9]{12}:/, ':01234567890:'),
  (arn) => arn.replace(':key/', ':alias/'),
  (arn) => arn.replace(/[0-9a-f-]+$/, (id) => id.toUpperCase()),
  (arn) => arn.replace(/[0-9a-f-]+$/, 'abc'),
  (arn) => arn.replace(/[0-9a-f-]+$/, `mrk-${'0a'.repeat(16)}`),
  (arn) => `${arn.slice(0, 30)} ${arn.slice(30)}`,
  (arn) => `${arn}\n`,
];
const keyList = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...REALM_IDS),
      fc.nat(),
      fc.constantFrom('oldKeyArn', 'newKeyArn'),
      fc.constantFrom(...ARN_CHANGES),
    )
    .map(([realm, at, side, change]) =>
      validRequest(realm).keys.map((pair, index, keys) =>
        index === at % keys.length ? { ...pair, [side]: change(pair[side]) } : pair,
      ),
    ),
  fc.array(
    fc.oneof(
      fc.constantFrom(...REALM_IDS).map((realm) => keyPair(REALMS[realm].regions[0] ?? '')),
      fc.constantFrom({ oldKeyArn: keyArn('eu-west-1') }, { ...keyPair('eu-west-1'), region: 'x' }, null),
    ),
    { maxLength: 3 },
  ),
);

const FIELD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  siteUrl: around(
    fc.constantFrom(
      'https://acme.atlassian.net',
      'https://atlassian.com',
      'https://admin.atlassian.com',
      'https://a.b.atlassian.com',
      'https://atlassian.com.acme.example',
      'https://notatlassian.com',
      'https://atlassian.community',
      'https://jira.acme.example',
      'https://acme.atlassian.net/',
      'HTTPS://acme.atlassian.net',
      'acme.atlassian.net',
    ),
  ),
  awsAccountId: fc.oneof(
    around(fc.constantFrom('012345678901', '279766244153', '111122223333', '0123-4567-8901')),
    fc.constantFrom('279766244153', '27976624415', '2797662441530', 279766244153),
  ),
  organizationId: around(
    fc.constantFrom(
      ORGANIZATION_ID,
      ORGANIZATION_ID.toUpperCase(),
      `https://admin.atlassian.com/o/${ORGANIZATION_ID}/overview`,
    ),
  ),
  realm: around(fc.constantFrom('eu', 'us', 'de', 'uk', 'EU', 'gb')),
  impact: around(fc.constantFrom('L1', 'L4', 'l2', 'L5')),
  timing: around(fc.constantFrom('immediate', 'next-maintenance-window', 'Immediate')),
  keys: keyList,
  workingHours: text(
    // With characters that draw nothing: a Hangul filler, a soft hyphen, a tag character, a variation
    // selector and a combining grapheme joiner.
    fc.constantFrom(
      'Europe (09:00-17:00 CET)',
      'a b',
      `${EMOJI} x`,
      '\uffa0',
      '09\u00ad00',
      '\u{e0041}',
      '\ufe0f',
      '\u034f',
    ),
    LIMITS.workingHours,
  ),
  phone: text(fc.constantFrom('+44 20 7946 0958', '020 7946 0958'), LIMITS.phone),
  notes: text(fc.constantFrom('Old keys stay enabled.', 'a\nb', 'a\r\n\r\nb'), LIMITS.notes),
  participants: list(
    around(
      fc.constantFrom(
        'jane@acme.example',
        'Jane@acme.example',
        'jane@ACME.example',
        'Jane <jane@acme.example>',
        'mailto:jane@acme.example',
        'bob@acme.example',
        '',
      ),
    ),
    LIMITS.participants,
    (index) => `p${String(index)}@acme.example`,
  ),
  attachments: list(
    fc.oneof(
      around(
        fc.constantFrom('kms.png', 'KMS.png', 'old key.pdf', 'C:\\x\\kms.png', 'a?.png', '.', '..', '...'),
      ),
      nearLimit(LIMITS.fileName),
      fc.constantFrom('', 'a\tb.png', '\u00a0kms.png'),
    ),
    LIMITS.attachments,
    (index) => `shot-${String(index)}.png`,
  ),
};
const FIELD_NAMES = Object.keys(FIELD_VALUES);

/** A valid request (required fields only, or every field) with one to three fields changed or left out. */
const nearValid = fc
  .tuple(
    fc.constantFrom(...REALM_IDS),
    fc.boolean(),
    fc.subarray(FIELD_NAMES, { minLength: 1, maxLength: 3 }),
    fc.record(FIELD_VALUES),
    wrongType,
    fc.constantFrom('change', 'change', 'change', 'change', 'leave out', 'wrong type', 'unknown field'),
  )
  .map(([realm, complete, fields, values, wrong, how]) => {
    const request: Record<string, unknown> = complete ? completeRequest(realm) : validRequest(realm);
    for (const field of fields) {
      if (how === 'leave out') Reflect.deleteProperty(request, field);
      else request[field] = values[field];
    }
    if (how === 'wrong type') request[fields[0] ?? 'siteUrl'] = wrong;
    if (how === 'unknown field') request['Realm'] = 'eu';
    return request;
  });

describe('the generated JSON Schema and check', () => {
  it('agree on every field-local rule, near the edges of each', () => {
    let valid = 0;
    fc.assert(
      fc.property(nearValid, (request) => {
        const errors = fieldErrors(request);
        const schemaValid = validate(request);
        if (schemaValid) valid++;
        expect(
          { schemaValid, errors },
          JSON.stringify({
            request,
            schema: validate.errors?.map((e) => `${e.instancePath} ${e.message ?? ''}`),
          }),
        ).toEqual({ schemaValid: errors.length === 0, errors });
      }),
      { numRuns: 3000 },
    );
    // Both verdicts occur often: the property is not vacuous.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(2700);
  });
});

// ---- what the schema leaves to check -------------------------------------------------------------

const [east, west] = [keyPair('us-east-1'), keyPair('us-west-2')];
const otherEast = keyArn('us-east-1', keyId('other'));

/** [code, a request the schema accepts and check refuses with that code]. */
const LEFT_TO_CHECK_EXAMPLES: [string, object][] = [
  ['keys.count', validRequest('us', { keys: [east] })],
  ['keys.region.missing', validRequest('us', { keys: [east] })],
  ['keys.region.outside-realm', validRequest('au', { keys: [keyPair('eu-west-2')] })],
  ['keys.region.duplicate', validRequest('us', { keys: [east, { ...east, newKeyArn: otherEast }] })],
  ['keys.region.mismatch', validRequest('us', { keys: [{ ...east, newKeyArn: keyArn('us-west-2') }, west] })],
  [
    'keys.region.swapped',
    validRequest('us', {
      keys: [
        { ...east, newKeyArn: west.newKeyArn },
        { ...west, newKeyArn: east.newKeyArn },
      ],
    }),
  ],
  ['keys.arn.unchanged', validRequest('us', { keys: [{ ...east, newKeyArn: east.oldKeyArn }, west] })],
  ['keys.arn.duplicate', validRequest('us', { keys: [east, { ...west, newKeyArn: east.newKeyArn }] })],
  ['keys.arn.account-mismatch', validRequest('us', { awsAccountId: OTHER_ACCOUNT_ID })],
  [
    'participants.not-canonical',
    completeRequest('us', { participants: ['jane@acme.example', 'Jane@acme.example'] }),
  ],
  ['attachments.not-canonical', completeRequest('us', { attachments: ['kms.png', 'KMS.png'] })],
];

describe('what the schema leaves to check', () => {
  it.each(LEFT_TO_CHECK_EXAMPLES)('%s: the schema accepts, check refuses', (code, request) => {
    expect(validate(request)).toBe(true);
    expect(validateRequest(request).errors.map((finding) => finding.code)).toContain(code);
  });

  it('docs/request-format.md names every such rule by its code', () => {
    const doc = readFileSync(new URL('../../../docs/request-format.md', import.meta.url), 'utf8');
    const section = /\n## What the JSON Schema leaves to `check`\n([^]*?)\n## /.exec(doc)?.[1] ?? '';
    const named = new Set(section.match(/`[a-z][A-Za-z]*(?:\.[a-z-]+)+`/g)?.map((code) => code.slice(1, -1)));
    const codes = new Set([...LEFT_TO_CHECK, ...LEFT_TO_CHECK_EXAMPLES.map(([code]) => code)]);
    expect([...codes].filter((code) => !named.has(code))).toEqual([]);
  });
});
