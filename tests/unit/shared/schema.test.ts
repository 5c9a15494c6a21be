import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathSegments } from '../../../src-shared/request/findings.js';
import { normalizeRequest } from '../../../src-shared/request/normalize-request.js';
import { MAX_JSON_DEPTH, jsonDepth, parseRequestText } from '../../../src-shared/request/parse-text.js';
import { TICKET_FORMATS, render } from '../../../src-shared/request/render.js';
import { RequestSchema } from '../../../src-shared/request/request-schema.js';
import { RequestShape } from '../../../src-shared/request/schema.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import {
  REALM_IDS,
  completeRequest,
  keyPair,
  mess,
  messyRequestArb,
  validRequest,
  validRequestArb,
  withArn,
} from '../../fixtures/requests.js';

const FIELDS = Object.keys(RequestShape.shape);

describe('RequestSchema', () => {
  it.each(REALM_IDS)('accepts the valid %s fixtures as they are', (realm) => {
    for (const request of [validRequest(realm), completeRequest(realm)]) {
      expect(RequestSchema.safeParse(request)).toEqual({ success: true, data: request });
    }
  });

  const issuesOf = (input: unknown) =>
    RequestSchema.safeParse(input).error?.issues.map(({ path, message }) => ({ path, message }));
  const findingsOf = (input: unknown) =>
    validateRequest(input).errors.map(({ path, message }) => ({ path: pathSegments(path), message }));

  it.each([
    ['one pair for a dual-region realm', validRequest('us', { keys: [keyPair('us-east-1')] })],
    [
      'same ARN as old and new',
      withArn(validRequest('au'), 0, 'newKeyArn', keyPair('ap-southeast-2').oldKeyArn),
    ],
    ['key outside the realm', validRequest('sg', { keys: [keyPair('ap-southeast-2')] })],
  ])('rejects %s with exactly the findings of validateRequest', (_name, input) => {
    expect(findingsOf(input).length).toBeGreaterThan(0);
    expect(issuesOf(input)).toEqual(findingsOf(input));
  });

  it.each([
    ['non-canonical account', validRequest('au', { awsAccountId: '0123 4567 8901' })],
    ['http site URL', validRequest('au', { siteUrl: 'http://acme.atlassian.net/wiki' })],
    [
      'alias ARN',
      withArn(validRequest('au'), 0, 'oldKeyArn', 'arn:aws:kms:ap-southeast-2:012345678901:alias/x'),
    ],
  ])('rejects %s with the finding message next to the pattern failure', (_name, input) => {
    expect(findingsOf(input)).toHaveLength(1);
    expect(issuesOf(input)).toEqual(expect.arrayContaining(findingsOf(input)));
  });

  it('rejects what the shape alone refuses', () => {
    const inputs = [
      {},
      'request',
      validRequest('au', { keys: [] }),
      { ...validRequest('au'), realm: 'gb' },
      { ...validRequest('au'), extra: true },
      { ...validRequest('jp'), keys: [{ ...keyPair('ap-northeast-1'), x: 1 }] },
    ];
    for (const input of inputs) expect(RequestSchema.safeParse(input).success).toBe(false);
  });

  it('turns finding paths into zod paths', () => {
    expect(pathSegments('keys[1].newKeyArn')).toEqual(['keys', 1, 'newKeyArn']);
    expect(pathSegments('participants[12]')).toEqual(['participants', 12]);
    expect(pathSegments('')).toEqual([]);
  });
});

// ---- properties --------------------------------------------------------------------------------

function assertWellFormed(input: unknown): void {
  const result = validateRequest(input);
  expect(result.valid).toBe(result.errors.length === 0);
  for (const finding of [...result.errors, ...result.warnings]) {
    expect(finding.code).toMatch(/^[a-z][a-zA-Z]*(\.[a-z0-9-]+)+$/);
    expect(finding.message).not.toBe('');
  }
}

describe('validateRequest never throws', () => {
  it('on anything', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
    });
    fc.assert(fc.property(anything, assertWellFormed), { numRuns: 300 });
  });

  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), assertWellFormed), { numRuns: 300 });
  });

  it('on requests with format and version and random fields', () => {
    const fields = fc.dictionary(
      fc.constantFrom(...FIELDS, 'extra', 'Realm'),
      fc.oneof(fc.anything(), fc.jsonValue()),
    );
    const request = fields.map((rest) => ({ ...rest, format: 'cmk-rekey/request', version: 1 }));
    fc.assert(fc.property(request, assertWellFormed), { numRuns: 500 });
  });

  // Bug: the format/version messages use JSON.stringify, which throws on BigInt (and on cycles).
  it('on a BigInt or cyclic format or version', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    for (const input of [{ format: 1n }, { format: 'cmk-rekey/request', version: 2n }, { format: cycle }]) {
      expect(() => validateRequest(input)).not.toThrow();
    }
  });

  // Bug: `every` and `map` skip holes but `for…of` does not: sparse lists reach `.trim()` / `.index` as undefined.
  it('on sparse lists', () => {
    const request = validRequest('au');
    const holey = <T>(value: T): T[] => {
      const list = new Array<T>(2);
      list[1] = value;
      return list;
    };
    for (const input of [
      { ...request, participants: holey('a@acme.example') },
      { ...request, keys: holey(request.keys[0]) },
    ]) {
      expect(() => validateRequest(input)).not.toThrow();
    }
  });
});

describe('generated requests', () => {
  it('render never throws on a valid request, in any format', () => {
    fc.assert(
      fc.property(validRequestArb, fc.constantFrom(...TICKET_FORMATS), (request, format) => {
        expect(validateRequest(request).errors).toEqual([]);
        const ticket = render(request, format);
        expect(ticket).toContain(`Re-encryption for AWS account ${request.awsAccountId}`);
        for (const pair of request.keys) expect(ticket).toContain(pair.newKeyArn);
      }),
    );
  });

  it('normalizeRequest recovers the valid request from a messy paste, and is idempotent', () => {
    let changed = 0;
    fc.assert(
      fc.property(messyRequestArb, ([request, seeds]) => {
        const once = normalizeRequest(mess(request, seeds));
        if (once.changes.length > 0) changed++;
        expect(once.request).toEqual(request);
        expect(validateRequest(once.request).errors).toEqual([]);
        expect(normalizeRequest(once.request)).toEqual({ request: once.request, changes: [] });
      }),
    );
    expect(changed).toBeGreaterThan(50);
  });

  it('validateRequest(x).valid agrees with RequestShape and RequestSchema on near-valid requests', () => {
    const broken = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom('', ' ', 'L1', 'us', keyPair('us-east-1').oldKeyArn),
    );
    const target = fc.oneof(
      { arbitrary: fc.constantFrom(...FIELDS, 'keys.0', 'extra'), weight: 7 },
      { arbitrary: fc.constant('none'), weight: 3 },
    );
    const nearValid = fc
      .tuple(messyRequestArb, target, broken, fc.boolean())
      .map(([[request, seeds], field, value, messy]) => {
        const base: Record<string, unknown> = messy ? mess(request, seeds) : { ...request };
        if (field === 'keys.0')
          base['keys'] = [{ ...request.keys[0], newKeyArn: value }, ...request.keys.slice(1)];
        else if (field !== 'none') base[field] = value;
        return base;
      });
    let valid = 0;
    fc.assert(
      fc.property(nearValid, (input) => {
        const result = validateRequest(input);
        if (result.valid) valid++;
        if (result.valid) expect(RequestShape.safeParse(input).success).toBe(true);
        expect(RequestSchema.safeParse(input).success).toBe(result.valid);
      }),
      { numRuns: 500 },
    );
    expect(valid).toBeGreaterThan(25);
  });
});

describe('parseRequestText', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  it('measures nesting, skipping brackets inside strings', () => {
    expect(jsonDepth('')).toBe(0);
    expect(jsonDepth('"[[["')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":"[[[{"}],"c":{}}')).toBe(3);
    expect(jsonDepth('["a\\"[[", ["\\\\"]]')).toBe(2);
    expect(jsonDepth(nested(100_000))).toBe(100_000);
  });

  it('parses a request, with or without a byte order mark', () => {
    const text = JSON.stringify(validRequest('eu'));
    expect(parseRequestText(text)).toEqual({ ok: true, value: validRequest('eu') });
    expect(parseRequestText(`\uFEFF${text}`)).toEqual({ ok: true, value: validRequest('eu') });
  });

  it(`refuses nesting deeper than ${String(MAX_JSON_DEPTH)} levels before parsing`, () => {
    expect(parseRequestText(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(parseRequestText(nested(MAX_JSON_DEPTH + 1))).toEqual({
      ok: false,
      message: 'The JSON is nested more than 32 levels deep; a request file is not.',
    });
    expect(parseRequestText('['.repeat(200_000)).ok).toBe(false);
  });

  it.each([
    ['NUL', '{"a":"\u0000"}', 'This is a binary file, not a JSON request.'],
    ['empty', '', 'The file is empty.'],
    ['blank', ' \n\t', 'The file is empty.'],
    ['only a byte order mark', '\uFEFF', 'The file is empty.'],
  ])('refuses a file that is %s', (_name, text, message) => {
    expect(parseRequestText(text)).toEqual({ ok: false, message });
  });

  it('refuses a key written twice, naming where, whatever the two values are', () => {
    const lines = JSON.stringify(validRequest('eu'), null, 2).split('\n');
    const account = lines.findIndex((line) => line.includes('"awsAccountId"'));
    const twice = [
      ...lines.slice(0, account + 1),
      '  "awsAccountId": "210987654321",',
      ...lines.slice(account + 1),
    ];
    expect(parseRequestText(twice.join('\n'))).toEqual({
      ok: false,
      message: `"awsAccountId" is written twice (on lines ${String(account + 1)} and ${String(account + 2)}), with a value each. Keep the one you mean and remove the other.`,
    });
    const key = '{"format": "cmk-rekey/request", "keys": [{"region": "eu-west-1", "region": "eu-west-1"}]}';
    expect(parseRequestText(key)).toEqual({
      ok: false,
      message:
        'In keys[0], "region" is written twice (on line 1), with a value each. Keep the one you mean and remove the other.',
    });
  });

  it.each([
    ['{"format":', ' at line 1, column 11: Unexpected end of JSON input.'],
    ["{'a':1}", ' at line 1, column 2: '],
    ['{"a":1,}', ' at line 1, column 8: '],
    ['{\n  "format": "cmk-rekey/request"\n  "version": 2\n}', ' at line 3, column 3: '],
    // a BOM is not counted: the place is where an editor shows it
    ['\uFEFF{\n  "a": 1,\n}', ' at line 3, column 1: '],
    // a second value after the first (a paste twice, a stray brace): V8 says "after JSON at position N"
    ['{"a": 1}\n}', ' at line 2, column 1: Unexpected non-whitespace character after JSON.'],
    // V8 names no place here, and the message says none
    ['cmk-rekey/request', ': Unexpected token'],
  ])('explains invalid JSON %j, with where it is', (text, place) => {
    const result = parseRequestText(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/^This is not valid JSON.*\S\.$/su);
    expect(result.ok ? '' : result.message).toContain(`This is not valid JSON${place}`);
  });
});
