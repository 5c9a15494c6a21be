import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { REQUEST_FIELDS } from '../../../src-shared/request/fields.js';
import { requestJsonSchema } from '../../../src-shared/request/json-schema.js';
import { RequestShape } from '../../../src-shared/request/schema.js';
import { REALM_IDS, validRequest } from '../../fixtures/requests.js';

const shipped = JSON.parse(
  readFileSync(new URL('../../../docs/request.schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('docs/request.schema.json', () => {
  it('has exactly the fields the zod-free field list names', () => {
    expect(Object.keys(RequestShape.shape)).toEqual([...REQUEST_FIELDS]);
  });

  it('is exactly what the zod schema generates (run "npm run docs:schema" after changing the schema)', () => {
    expect(shipped).toEqual(requestJsonSchema());
  });

  const validate = new Ajv2020({ allErrors: true }).compile(shipped);

  it.each(REALM_IDS)('accepts a valid %s request', (realm) => {
    expect(validate(validRequest(realm)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['an unknown field', { surprise: true }],
    ['a 13-digit account', { awsAccountId: '0123456789012' }],
    [
      'an alias ARN',
      { keys: [{ oldKeyArn: 'arn:aws:kms:eu-west-2:012345678901:alias/cmk', newKeyArn: 'x' }] },
    ],
    ['a site URL with a path', { siteUrl: 'https://acme.atlassian.net/wiki' }],
    ['an unknown impact', { impact: 'L5' }],
    ['an attachment path', { attachments: ['C:\\Users\\me\\shot.png'] }],
  ])('rejects %s', (_name, change) => {
    expect(validate({ ...validRequest('uk'), ...change })).toBe(false);
  });
});
