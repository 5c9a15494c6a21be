import { describe, expect, it } from 'vitest';
import {
  AWS_REGIONS,
  parseKeyArn,
  regionLabel,
  type KeyArnProblem,
} from '../../../src-shared/request/aws.js';
import { KEY_ARN_PATTERN } from '../../../src-shared/request/schema.js';
import { REALMS, REALM_IDS } from '../../../src-shared/request/realms.js';
import { ACCOUNT_ID, aliasArn, keyArn, keyId, mrkKeyId } from '../../fixtures/requests.js';

const UUID = keyId('aws-test');
const MRK = mrkKeyId('aws-test');

describe('parseKeyArn: valid key ARNs', () => {
  it.each([
    ['UUID key', keyArn('us-east-1', UUID), 'us-east-1', UUID, false],
    ['multi-Region key', keyArn('eu-west-1', MRK), 'eu-west-1', MRK, true],
    ['realm region far from us-east-1', keyArn('ap-northeast-2', UUID), 'ap-northeast-2', UUID, false],
  ])('%s', (_name, arn, region, id, multiRegion) => {
    expect(parseKeyArn(arn)).toEqual({
      ok: true,
      arn: { region, account: ACCOUNT_ID, keyId: id, multiRegion },
    });
    expect(new RegExp(KEY_ARN_PATTERN).test(arn)).toBe(true);
  });

  it('the JSON Schema pattern, like parseKeyArn, takes only known regions', () => {
    const arn = keyArn('ap-southeast-9', UUID);
    expect(parseKeyArn(arn)).toMatchObject({ ok: false, problem: 'region' });
    expect(new RegExp(KEY_ARN_PATTERN).test(arn)).toBe(false);
  });

  it('keeps the leading zeros of the account', () => {
    const parsed = parseKeyArn(keyArn('ca-central-1', UUID, '000000000042'));
    expect(parsed.ok && parsed.arn.account).toBe('000000000042');
  });
});

describe('parseKeyArn: names the wrong part', () => {
  const cases: [string, string, KeyArnProblem, RegExp?][] = [
    ['empty text', '', 'empty', /Enter the key ARN/],
    ['alias ARN', aliasArn('us-east-1'), 'alias', /alias ARN/],
    ['alias ARN whose name starts with mrk-', aliasArn('us-east-1', `mrk-${'0'.repeat(32)}`), 'alias'],
    ['bare key ID', UUID, 'bare-key-id', /bare key ID/],
    ['bare multi-Region key ID', MRK, 'bare-key-id'],
    ['alias name', 'alias/atlassian-cmk', 'alias-name', /alias name/],
    [
      'GovCloud partition',
      `arn:aws-us-gov:kms:us-gov-west-1:${ACCOUNT_ID}:key/${UUID}`,
      'partition',
      /GovCloud/,
    ],
    ['China partition', `arn:aws-cn:kms:cn-north-1:${ACCOUNT_ID}:key/${UUID}`, 'partition', /AWS China/],
    [
      'unknown partition',
      `arn:aws-eusc:kms:eusc-de-east-1:${ACCOUNT_ID}:key/${UUID}`,
      'partition',
      /Unknown ARN partition "aws-eusc"/,
    ],
    ['IAM role ARN', `arn:aws:iam::${ACCOUNT_ID}:role/Cryptor-OSB-Provider`, 'service', /"iam"/],
    ['S3 bucket ARN', 'arn:aws:s3:::acme-backups', 'service', /"s3"/],
    ['upper-case region', keyArn('US-EAST-1', UUID), 'region', /not an AWS region code/],
    ['region without dashes', keyArn('useast1', UUID), 'region', /not an AWS region code/],
    ['empty region', keyArn('', UUID), 'region'],
    ['well-formed but unknown region', keyArn('us-east-9', UUID), 'region', /not a known AWS region/],
    ['doc typo region ca-cantral-1', keyArn('ca-cantral-1', UUID), 'region', /not a known AWS region/],
    ['11-digit account', keyArn('us-east-1', UUID, '27976624415'), 'account', /exactly 12 digits/],
    ['13-digit account', keyArn('us-east-1', UUID, '2222222222222'), 'account', /exactly 12 digits/],
    ['account with dashes', keyArn('us-east-1', UUID, '0123-4567-8901'), 'account'],
    ['grant instead of key', `arn:aws:kms:us-east-1:${ACCOUNT_ID}:grant/${UUID}`, 'resource'],
    ['key/ with a short ID', keyArn('us-east-1', '1234abcd'), 'key-id', /"1234abcd"/],
    ['key/ with an empty ID', keyArn('us-east-1', ''), 'key-id'],
    ['key/ with upper-case hex', keyArn('us-east-1', UUID.toUpperCase()), 'key-id'],
    ['key/ with a short mrk- ID', keyArn('us-east-1', 'mrk-1234abcd'), 'key-id'],
    ['key/ with a UUID with braces', keyArn('us-east-1', `{${UUID}}`), 'key-id'],
    ['garbage', 'not an arn at all', 'format', /arn:aws:kms:<region>/],
    ['ARN cut short', 'arn:aws:kms:us-east-1', 'format'],
    ['ARN with an extra colon', `${keyArn('us-east-1', UUID)}:extra`, 'format'],
    ['ARN with leading space (parser takes canonical text)', ` ${keyArn('us-east-1', UUID)}`, 'format'],
  ];

  it.each(cases)('%s', (_name, text, problem, message) => {
    const parsed = parseKeyArn(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toBe(problem);
    expect(parsed.message).toMatch(/\S.*\.$/);
    if (message !== undefined) expect(parsed.message).toMatch(message);
  });

  it.each([aliasArn('eu-west-1'), UUID, 'alias/atlassian-cmk', `arn:aws:iam::${ACCOUNT_ID}:role/x`])(
    'tells the user to copy the ARN from the KMS console for %s',
    (text) => {
      const parsed = parseKeyArn(text);
      expect(parsed.ok ? '' : parsed.message).toMatch(/AWS KMS console and copy its "ARN"/);
    },
  );
});

describe('regions', () => {
  it('lists the 34 commercial regions', () => {
    expect(Object.keys(AWS_REGIONS)).toHaveLength(34);
  });

  it.each(REALM_IDS)('every region of realm %s is a known AWS region', (id) => {
    for (const region of REALMS[id].regions) expect(AWS_REGIONS[region]).toBeDefined();
  });

  it('labels known regions with their city and leaves unknown ones as they are', () => {
    expect(regionLabel('eu-central-1')).toBe('eu-central-1 (Frankfurt)');
    expect(regionLabel('us-west-2')).toBe('us-west-2 (Oregon)');
    expect(regionLabel('xx-nowhere-1')).toBe('xx-nowhere-1');
  });
});
