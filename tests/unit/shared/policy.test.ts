import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem, parsePolicyText } from '../../../src-shared/policy/parse-policy.js';
import { POLICY_KEYS, policyJsonSchema } from '../../../src-shared/policy/policy-schema.js';
import { FULL_POLICY, policyText } from '../../fixtures/policies.js';

const shipped = JSON.parse(
  readFileSync(new URL('../../../docs/policy.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('docs/policy.schema.json', () => {
  it('is exactly what the zod schema generates (run "npm run docs:schema" after changing it)', () => {
    expect(shipped).toEqual(policyJsonSchema());
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(shipped);

  it('accepts the full example and rejects an unknown key and an unlocked-looking bare value', () => {
    expect(validate(JSON.parse(policyText(FULL_POLICY))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(policyText({ ...FULL_POLICY, colour: { value: 1 } } as never)))).toBe(false);
    expect(validate(JSON.parse(policyText({ plaintextExports: false } as never)))).toBe(false);
  });
});

describe('parsePolicyText', () => {
  it('reads every key of a valid file, locked or not', () => {
    const parsed = parsePolicyText(policyText(FULL_POLICY));
    expect(parsed.problems).toEqual([]);
    expect(parsed.unreadable).toEqual([]);
    expect(Object.keys(parsed.entries).sort()).toEqual([...POLICY_KEYS].sort());
    expect(parsed.entries.idleLockMinutes).toEqual({ value: 5, locked: false });
    expect(parsed.entries.plaintextExports).toEqual({ value: false, locked: true });
  });

  it('accepts a byte order mark and an empty policies object', () => {
    expect(parsePolicyText('\uFEFF' + policyText({}))).toEqual({ entries: {}, unreadable: [], problems: [] });
  });

  it('makes only the bad key unreadable, naming its line', () => {
    const text = policyText({
      plaintextExports: { value: false, locked: true },
      idleLockMinutes: { value: 500 },
    });
    const parsed = parsePolicyText(text);
    expect(parsed.entries.plaintextExports).toEqual({ value: false, locked: true });
    expect(parsed.unreadable).toEqual(['idleLockMinutes']);
    expect(parsed.problems.map(formatProblem)).toEqual([
      `line 9: idleLockMinutes.value: Too big: expected number to be <=240.`,
    ]);
    expect(text.split('\n')[8]).toContain('"idleLockMinutes"');
  });

  it.each([
    ['not JSON', '{ "format": ', /^line 1: This is not valid JSON/u],
    ['an array', '[]', /one JSON object/u],
    [
      'another format',
      '{"format":"cmk-rekey/request","version":1}',
      /"format" must be "cmk-rekey\/policy", not "cmk-rekey\/request"/u,
    ],
    [
      'a newer version',
      '{"format":"cmk-rekey/policy","version":2}',
      /newer CMK Rekey \(version 2\).*Update the app/u,
    ],
    ['no version', '{"format":"cmk-rekey/policy"}', /"version" must be 1 \(it is missing\)/u],
    [
      'policies not an object',
      '{"format":"cmk-rekey/policy","version":1,"policies":[]}',
      /"policies" must be an object/u,
    ],
    [
      // an edit that lost the settings; policy.schema.json refuses it too
      'policies null',
      '{"format":"cmk-rekey/policy","version":1,"policies":null}',
      /"policies" must be an object/u,
    ],
  ])('makes the whole file unreadable when it is %s', (_name, text, message) => {
    const parsed = parsePolicyText(text);
    expect(parsed.unreadable).toBe('all');
    expect(parsed.entries).toEqual({});
    expect(formatProblem(parsed.problems[0] ?? { message: '' })).toMatch(message);
  });

  it.each([
    ['a bare value', { plaintextExports: false }, /Write it as \{ "value": …, "locked": true\|false \}/u],
    [
      'a bad recipient',
      { complianceRecipients: { value: ['age1nope'] } },
      /complianceRecipients\.value\[0\]: Each recipient is an age public key/u,
    ],
    ['a bad signer line', { trustedSigners: { value: ['just-a-name'] } }, /allowed-signers line/u],
    ['an unknown realm', { allowedRealms: { value: ['mars'] } }, /allowedRealms\.value\[0\]/u],
    ['a repeated realm', { allowedRealms: { value: ['eu', 'eu'] } }, /listed twice/u],
    ['no realm', { allowedRealms: { value: [] } }, /allowedRealms\.value/u],
    ['a relative folder', { vaultFolder: { value: 'vault' } }, /full path/u],
    [
      'a non-canonical site',
      { defaultSiteUrl: { value: 'HTTPS://Acme.atlassian.net/' } },
      /Write it as "https:\/\/acme\.atlassian\.net"/u,
    ],
    [
      'an invalid organization ID',
      { defaultOrganizationId: { value: 'acme' } },
      /defaultOrganizationId\.value/u,
    ],
    ['a weak work factor', { minScryptWorkFactor: { value: 12 } }, /minScryptWorkFactor\.value: Too small/u],
    ['a string lock', { plaintextExports: { value: false, locked: 'yes' } }, /plaintextExports\.locked/u],
  ])('explains %s', (_name, policies, message) => {
    const parsed = parsePolicyText(policyText(policies as never));
    expect(parsed.unreadable).toHaveLength(1);
    expect(parsed.problems[0]?.line).toBe(5);
    expect(parsed.problems[0]?.message).toMatch(message);
  });

  it('reports unknown keys (with a near miss) without making anything unreadable', () => {
    const parsed = parsePolicyText(
      policyText({ PlaintextExports: { value: false } } as never, { colour: 'red' }),
    );
    expect(parsed.unreadable).toEqual([]);
    expect(parsed.problems.map(formatProblem)).toEqual([
      'line 4: Unknown field "colour": settings go inside "policies".',
      'line 6: Unknown setting "PlaintextExports"; it is ignored. Did you mean "plaintextExports"?',
    ]);
  });

  it('reads neither value of a setting written twice (JSON.parse would keep the last one silently)', () => {
    const text = [
      '{"format": "cmk-rekey/policy", "version": 1, "policies": {',
      '  "idleLockMinutes": { "value": 5, "locked": true },',
      '  "plaintextExports": { "value": false, "locked": true, "locked": false },',
      '  "idleLockMinutes": { "value": 240 },',
      '  "idleLockMaxMinutes": { "value": 15 }',
      '}}',
    ].join('\n');
    const parsed = parsePolicyText(text);
    expect(parsed.entries).toEqual({ idleLockMaxMinutes: { value: 15, locked: false } });
    expect(parsed.unreadable).toEqual(['idleLockMinutes', 'plaintextExports']);
    expect(parsed.problems.map(formatProblem)).toEqual([
      'line 4: "idleLockMinutes" is written twice (on lines 2 and 4). Keep one: until then the app does not read idleLockMinutes.',
      'line 3: plaintextExports: "locked" is written twice (on line 3). Keep one: until then the app does not read plaintextExports.',
    ]);
  });

  it('reads no setting of a file whose format, version or policies are written twice', () => {
    const parsed = parsePolicyText(
      '{"format": "cmk-rekey/policy", "version": 1,\n "policies": {}, "policies": {"plaintextExports": {"value": true}}}',
    );
    expect(parsed.unreadable).toBe('all');
    expect(parsed.problems.map(formatProblem)).toEqual([
      `line 2: "policies" is written twice (on line 2). Keep one: until then the app reads none of this file's settings.`,
    ]);
  });

  it('ends each problem with one full stop, whoever wrote the message', () => {
    const parsed = parsePolicyText(
      policyText({ defaultSiteUrl: { value: 'HTTPS://Acme.atlassian.net/' }, vaultFolder: { value: 'v' } }),
    );
    expect(parsed.problems).toHaveLength(2);
    for (const { message } of parsed.problems) expect(message).not.toMatch(/\.\.$/u);
  });

  it('never throws and gives every file it does not fully accept a message (fuzzed)', () => {
    const entry = fc.record(
      { value: fc.jsonValue(), locked: fc.oneof(fc.boolean(), fc.jsonValue()) },
      { requiredKeys: [] },
    );
    const policies = fc.dictionary(
      fc.oneof(fc.constantFrom(...POLICY_KEYS), fc.string()),
      fc.oneof(entry, fc.jsonValue()),
    );
    const file = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      policies.map((value) => policyText(value as never)),
      policies.map((value) => policyText(value as never).slice(0, -7)),
    );
    fc.assert(
      fc.property(file, (text) => {
        const parsed = parsePolicyText(text);
        const troubled = parsed.unreadable === 'all' || parsed.unreadable.length > 0;
        if (troubled) expect(parsed.problems.length).toBeGreaterThan(0);
        for (const problem of parsed.problems) expect(problem.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 400 },
    );
  });
});
