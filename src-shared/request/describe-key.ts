/**
 * Reads the JSON that `aws kms describe-key` prints and checks that the key can serve for CMK
 * re-encryption: enabled, a symmetric encryption key, in the expected region and account.
 */
import { parseKeyArn, regionLabel } from './aws.js';
import { isRecord } from './values.js';

/** Pasted output is small; anything larger is not describe-key output. */
export const MAX_DESCRIBE_KEY_CHARS = 100_000;

/** The part of `KeyMetadata` this module reads; other members are allowed and ignored. */
interface KeyMetadata {
  readonly AWSAccountId: string;
  readonly KeyId: string;
  readonly Arn: string;
  readonly Enabled: boolean;
  readonly KeyState?: string;
  readonly KeyUsage?: string;
  readonly KeySpec?: string;
  readonly CustomerMasterKeySpec?: string;
  readonly KeyManager?: string;
  readonly MultiRegion?: boolean;
  readonly DeletionDate?: string;
  readonly Description?: string;
}

const REQUIRED_TEXT = ['AWSAccountId', 'KeyId', 'Arn'] as const;
const OPTIONAL_TEXT = [
  'KeyState',
  'KeyUsage',
  'KeySpec',
  'CustomerMasterKeySpec',
  'KeyManager',
  'DeletionDate',
  'Description',
] as const;

/** `{ KeyMetadata: {...} }` with each member read here of the right type (no zod: this runs in the form). */
function keyMetadataOf(value: unknown): KeyMetadata | undefined {
  if (!isRecord(value) || !isRecord(value['KeyMetadata'])) return undefined;
  const metadata = value['KeyMetadata'];
  const optional = (key: string, type: 'string' | 'boolean') =>
    metadata[key] === undefined || typeof metadata[key] === type;
  const valid =
    REQUIRED_TEXT.every((key) => typeof metadata[key] === 'string') &&
    typeof metadata['Enabled'] === 'boolean' &&
    OPTIONAL_TEXT.every((key) => optional(key, 'string')) &&
    optional('MultiRegion', 'boolean');
  return valid ? (metadata as unknown as KeyMetadata) : undefined;
}

/** The command whose output this module reads. */
export { describeKeyCommand } from './describe-key-command.js';

export type KeyCheckId = 'state' | 'usage' | 'spec' | 'manager' | 'region' | 'account' | 'multi-region';

export interface KeyCheck {
  readonly id: KeyCheckId;
  /** `error` checks must pass; a failed `warning` check is worth a look but may be fine. */
  readonly severity: 'error' | 'warning';
  readonly passed: boolean;
  /** Says what was found, in a way that reads well whether the check passed or not. */
  readonly message: string;
}

export interface DescribeKeyExpected {
  /** The realm region this key is for. */
  readonly region?: string | undefined;
  /** The AWS account named in the request. */
  readonly accountId?: string | undefined;
}

export type DescribeKeyParse =
  | {
      readonly ok: true;
      readonly arn: string;
      readonly region: string;
      readonly account: string;
      readonly checks: readonly KeyCheck[];
      /** True when every `error` check passed. */
      readonly usable: boolean;
    }
  | {
      readonly ok: false;
      readonly code: 'empty' | 'not-json' | 'not-describe-key';
      readonly message: string;
    };

const NOT_JSON =
  'This is not JSON output. Paste everything the command printed, from the first { to the last }. If your AWS CLI prints text or a table, add --output json to the command.';

/** Takes the JSON object out of a paste that may include a shell prompt or trailing text. */
function jsonPart(text: string): string {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body.startsWith('{')) return body;
  const first = body.indexOf('{');
  const last = body.lastIndexOf('}');
  return first >= 0 && last > first ? body.slice(first, last + 1) : body;
}

function stateCheck(state: string, enabled: boolean, deletionDate: string | undefined): KeyCheck {
  const fail = (message: string): KeyCheck => ({ id: 'state', severity: 'error', passed: false, message });
  switch (state) {
    case 'Enabled':
      return enabled
        ? { id: 'state', severity: 'error', passed: true, message: 'The key is enabled.' }
        : fail('The key is not enabled. Enable it in the AWS KMS console (Key actions → Enable).');
    case 'Disabled':
      return fail('The key is disabled. Enable it in the AWS KMS console (Key actions → Enable).');
    case 'PendingDeletion': {
      const when = deletionDate === undefined ? '' : ` (deletion date ${deletionDate})`;
      return fail(
        `The key is scheduled for deletion${when}. Cancel the deletion in the AWS KMS console (Key actions → Cancel key deletion), then enable the key.`,
      );
    }
    case 'PendingImport':
      return fail('The key has no key material yet (state PendingImport). Import its key material first.');
    case 'Creating':
    case 'Updating':
      return fail(`The key is still being set up (state ${state}). Wait a minute and run the command again.`);
    default:
      return fail(
        `The key is in state ${state}, not Enabled. It must be enabled before Atlassian can use it.`,
      );
  }
}

function checksFor(
  metadata: KeyMetadata,
  region: string,
  arnAccount: string,
  expected: DescribeKeyExpected,
): KeyCheck[] {
  const checks: KeyCheck[] = [
    stateCheck(
      metadata.KeyState ?? (metadata.Enabled ? 'Enabled' : 'Disabled'),
      metadata.Enabled,
      metadata.DeletionDate,
    ),
  ];
  const usage = metadata.KeyUsage ?? 'unknown';
  checks.push({
    id: 'usage',
    severity: 'error',
    passed: usage === 'ENCRYPT_DECRYPT',
    message:
      usage === 'ENCRYPT_DECRYPT'
        ? 'It is an encryption key (key usage ENCRYPT_DECRYPT).'
        : `Its key usage is ${usage}; CMK needs an encryption key (ENCRYPT_DECRYPT). Create a new symmetric encryption key.`,
  });
  const spec = metadata.KeySpec ?? metadata.CustomerMasterKeySpec ?? 'unknown';
  checks.push({
    id: 'spec',
    severity: 'error',
    passed: spec === 'SYMMETRIC_DEFAULT',
    message:
      spec === 'SYMMETRIC_DEFAULT'
        ? 'It is a symmetric key (key spec SYMMETRIC_DEFAULT).'
        : `Its key spec is ${spec}; CMK needs a symmetric key (SYMMETRIC_DEFAULT). Create a new symmetric encryption key.`,
  });
  if (metadata.KeyManager === 'AWS') {
    checks.push({
      id: 'manager',
      severity: 'error',
      passed: false,
      message:
        'This is an AWS managed key. Its key policy cannot be changed to let Atlassian use it; use a customer managed key.',
    });
  }
  if (expected.region !== undefined && expected.region !== '') {
    const passed = region === expected.region;
    checks.push({
      id: 'region',
      severity: 'error',
      passed,
      message: passed
        ? `It is in ${regionLabel(region)}, as needed here.`
        : `It is in ${regionLabel(region)}, but this row needs a key in ${regionLabel(expected.region)}. Run the command with --region ${expected.region} for a key in that region.`,
    });
  }
  if (expected.accountId !== undefined && /^[0-9]{12}$/.test(expected.accountId)) {
    const account = metadata.AWSAccountId;
    const passed = account === expected.accountId && arnAccount === expected.accountId;
    checks.push({
      id: 'account',
      severity: 'error',
      passed,
      message: passed
        ? `It belongs to AWS account ${account}, the account in your request.`
        : `It belongs to AWS account ${arnAccount}, not ${expected.accountId} from your request. Check that you ran the command with the right AWS profile.`,
    });
  }
  if (metadata.MultiRegion === true) {
    checks.push({
      id: 'multi-region',
      severity: 'warning',
      passed: false,
      message:
        'It is a multi-Region key. Atlassian has not said whether it accepts those; confirm with support or use a single-Region key.',
    });
  }
  return checks;
}

/** Parses pasted `aws kms describe-key` output; never throws. */
export function parseDescribeKey(text: string, expected: DescribeKeyExpected = {}): DescribeKeyParse {
  if (text.trim() === '') return { ok: false, code: 'empty', message: 'Paste the output of the command.' };
  if (text.length > MAX_DESCRIBE_KEY_CHARS) {
    return { ok: false, code: 'not-describe-key', message: 'This is far longer than describe-key output.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(jsonPart(text));
  } catch {
    return { ok: false, code: 'not-json', message: NOT_JSON };
  }
  const metadata = keyMetadataOf(value);
  if (metadata === undefined) {
    return {
      ok: false,
      code: 'not-describe-key',
      message:
        'This JSON is not the output of aws kms describe-key: it has no KeyMetadata with the key ARN and state.',
    };
  }
  const arn = parseKeyArn(metadata.Arn);
  if (!arn.ok) {
    return {
      ok: false,
      code: 'not-describe-key',
      message: `The output names a key ARN this app cannot use: ${arn.message}`,
    };
  }
  const checks = checksFor(metadata, arn.arn.region, arn.arn.account, expected);
  return {
    ok: true,
    arn: metadata.Arn,
    region: arn.arn.region,
    account: arn.arn.account,
    checks,
    usable: checks.every((check) => check.passed || check.severity === 'warning'),
  };
}
