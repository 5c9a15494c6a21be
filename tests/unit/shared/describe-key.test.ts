import { describe, expect, it } from 'vitest';
import {
  describeKeyCommand,
  parseDescribeKey,
  type KeyCheckId,
} from '../../../src-shared/request/describe-key.js';
import { describeKeyResult } from '../../fixtures/describe-key.js';

const ACCOUNT = '012345678901';
const ARN = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d`;

/** Output as `aws kms describe-key` prints it (AWS CLI v2, JSON). */
function output(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return describeKeyResult(ARN, overrides);
}

const pretty = (value: unknown) => JSON.stringify(value, null, 4);
const expected = { region: 'eu-central-1', accountId: ACCOUNT };

function failedChecks(text: string): KeyCheckId[] {
  const result = parseDescribeKey(text, expected);
  if (!result.ok) throw new Error(`expected a parse, got ${result.code}`);
  return result.checks.filter((check) => !check.passed).map((check) => check.id);
}

describe('parseDescribeKey', () => {
  it('accepts an enabled symmetric encryption key in the right region and account', () => {
    const result = parseDescribeKey(pretty(output()), expected);
    expect(result).toMatchObject({
      ok: true,
      arn: ARN,
      region: 'eu-central-1',
      account: ACCOUNT,
      usable: true,
    });
    if (!result.ok) return;
    expect(result.checks.map((check) => [check.id, check.passed])).toEqual([
      ['state', true],
      ['usage', true],
      ['spec', true],
      ['region', true],
      ['account', true],
    ]);
  });

  it('reads the output with a shell prompt and command before it', () => {
    const paste = `$ ${describeKeyCommand(ARN, 'eu-central-1')}\n${pretty(output())}\n$ `;
    expect(parseDescribeKey(paste, expected)).toMatchObject({ ok: true, arn: ARN, usable: true });
  });

  it('checks nothing about region and account when they are not known', () => {
    const result = parseDescribeKey(pretty(output()));
    expect(result.ok && result.checks.map((check) => check.id)).toEqual(['state', 'usage', 'spec']);
  });

  it('rejects a disabled key', () => {
    const text = pretty(output({ Enabled: false, KeyState: 'Disabled' }));
    expect(failedChecks(text)).toEqual(['state']);
    const result = parseDescribeKey(text, expected);
    expect(result.ok && result.usable).toBe(false);
    expect(result.ok && result.checks[0]?.message).toMatch(/disabled.*Enable/);
  });

  it('rejects a key scheduled for deletion and says how to cancel it', () => {
    const text = pretty(
      output({ Enabled: false, KeyState: 'PendingDeletion', DeletionDate: '2024-04-17T00:00:00+00:00' }),
    );
    expect(failedChecks(text)).toEqual(['state']);
    const result = parseDescribeKey(text, expected);
    expect(result.ok && result.checks[0]?.message).toMatch(
      /scheduled for deletion \(deletion date 2024-04-17.*Cancel key deletion/,
    );
  });

  it('rejects an asymmetric signing key', () => {
    const text = pretty(
      output({
        KeyUsage: 'SIGN_VERIFY',
        KeySpec: 'RSA_2048',
        CustomerMasterKeySpec: 'RSA_2048',
        EncryptionAlgorithms: undefined,
        SigningAlgorithms: ['RSASSA_PSS_SHA_256'],
      }),
    );
    expect(failedChecks(text)).toEqual(['usage', 'spec']);
  });

  it('rejects an asymmetric RSA encryption key by its key spec', () => {
    const text = pretty(output({ KeySpec: 'RSA_4096', CustomerMasterKeySpec: 'RSA_4096' }));
    expect(failedChecks(text)).toEqual(['spec']);
  });

  it('falls back to the older CustomerMasterKeySpec field', () => {
    const text = pretty(output({ KeySpec: undefined }));
    expect(failedChecks(text)).toEqual([]);
  });

  it('rejects a key in another region and names the region needed', () => {
    const arn = ARN.replace('eu-central-1', 'eu-west-1');
    const result = parseDescribeKey(pretty(output({ Arn: arn })), expected);
    expect(result).toMatchObject({ ok: true, arn, region: 'eu-west-1', usable: false });
    const region = result.ok ? result.checks.find((check) => check.id === 'region') : undefined;
    expect(region).toMatchObject({ passed: false });
    expect(region?.message).toMatch(
      /eu-west-1 \(Ireland\).*eu-central-1 \(Frankfurt\).*--region eu-central-1/,
    );
  });

  it('rejects a key in another AWS account', () => {
    const other = '098765432109';
    const text = pretty(output({ AWSAccountId: other, Arn: ARN.replace(ACCOUNT, other) }));
    expect(failedChecks(text)).toEqual(['account']);
  });

  it('rejects an AWS managed key', () => {
    expect(failedChecks(pretty(output({ KeyManager: 'AWS' })))).toEqual(['manager']);
  });

  it('warns about a multi-Region key without making it unusable', () => {
    const arn = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/mrk-1a2b3c4d5e6f4a1b8c2d3e4f5a6b7c8d`;
    const result = parseDescribeKey(pretty(output({ Arn: arn, MultiRegion: true })), expected);
    expect(result).toMatchObject({ ok: true, usable: true });
    expect(result.ok && result.checks.at(-1)).toMatchObject({
      id: 'multi-region',
      severity: 'warning',
      passed: false,
    });
  });

  it.each([
    ['empty', '   ', 'empty'],
    ['not JSON', 'An error occurred (NotFoundException) when calling the DescribeKey operation', 'not-json'],
    ['truncated JSON', pretty(output()).slice(0, 120), 'not-json'],
    ['table output', '-----\n|  DescribeKey  |\n-----', 'not-json'],
    ['other JSON', '{"Aliases": []}', 'not-describe-key'],
    ['a JSON array', '[1, 2, 3]', 'not-describe-key'],
    ['Enabled as text', pretty(output({ Enabled: 'true' })), 'not-describe-key'],
    ['no key ID', pretty(output({ KeyId: undefined })), 'not-describe-key'],
    ['a null key state', pretty(output({ KeyState: null })), 'not-describe-key'],
    ['MultiRegion as text', pretty(output({ MultiRegion: 'false' })), 'not-describe-key'],
    ['KeyMetadata as a list', '{"KeyMetadata": []}', 'not-describe-key'],
    [
      'an alias ARN',
      pretty(output({ Arn: `arn:aws:kms:eu-central-1:${ACCOUNT}:alias/cmk` })),
      'not-describe-key',
    ],
    ['huge input', `{"a":"${'x'.repeat(200_000)}"}`, 'not-describe-key'],
  ])('refuses %s', (_name, text, code) => {
    const result = parseDescribeKey(text, expected);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).not.toBe('');
  });
});

describe('describeKeyCommand', () => {
  it('names the key and the region', () => {
    expect(describeKeyCommand(ARN, 'eu-central-1')).toBe(
      `aws kms describe-key --key-id ${ARN} --region eu-central-1`,
    );
  });

  it('leaves a placeholder when there is no key yet', () => {
    expect(describeKeyCommand('  ', 'us-east-1')).toBe(
      'aws kms describe-key --key-id <key-arn> --region us-east-1',
    );
  });
});
