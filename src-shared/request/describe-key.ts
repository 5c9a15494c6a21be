/**
 * Reads the JSON that `aws kms describe-key` prints and checks that the key can serve for CMK
 * re-encryption: enabled, a symmetric encryption key, in the expected region and account.
 */
import { parseKeyArn } from './aws.js';
import { checkKeyFacts, type DescribeKeyExpected, type KeyCheck, type KeyFacts } from './key-facts.js';
import { isRecord } from './values.js';
import { withoutBom } from '../text/json-syntax.js';

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
  /** AWS CLI v2 prints an ISO date; v1 and some SDKs print seconds since 1970. */
  readonly CreationDate?: string | number;
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
  const optional = (key: string, ...types: ('string' | 'boolean' | 'number')[]) =>
    metadata[key] === undefined || types.some((type) => typeof metadata[key] === type);
  const valid =
    REQUIRED_TEXT.every((key) => typeof metadata[key] === 'string') &&
    typeof metadata['Enabled'] === 'boolean' &&
    OPTIONAL_TEXT.every((key) => optional(key, 'string')) &&
    optional('MultiRegion', 'boolean') &&
    optional('CreationDate', 'string', 'number');
  return valid ? (metadata as unknown as KeyMetadata) : undefined;
}

/** The command whose output this module reads. */
export { describeKeyCommand } from './describe-key-command.js';
export type { DescribeKeyExpected, KeyCheck, KeyCheckId, KeyFacts } from './key-facts.js';

export type DescribeKeyParse =
  | {
      readonly ok: true;
      readonly arn: string;
      readonly region: string;
      readonly account: string;
      /** What the output says about the key, for the draft to keep. */
      readonly facts: KeyFacts;
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
  const body = withoutBom(text).trim();
  if (body.startsWith('{')) return body;
  const first = body.indexOf('{');
  const last = body.lastIndexOf('}');
  return first >= 0 && last > first ? body.slice(first, last + 1) : body;
}

/** A creation date as ISO text; undefined when it is not a date. */
function isoDate(value: string | number | undefined): string | undefined {
  const time = typeof value === 'number' ? value * 1000 : value === undefined ? NaN : Date.parse(value);
  return Number.isFinite(time) && Math.abs(time) < 8.64e15 ? new Date(time).toISOString() : undefined;
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
  const facts: KeyFacts = {
    arn: metadata.Arn,
    region: arn.arn.region,
    // The ARN's account is the key's owner; AWSAccountId should agree, and the ARN is what the ticket names.
    account: metadata.AWSAccountId === arn.arn.account ? arn.arn.account : metadata.AWSAccountId,
    enabled: metadata.Enabled,
    keyState: metadata.KeyState,
    keyUsage: metadata.KeyUsage,
    keySpec: metadata.KeySpec ?? metadata.CustomerMasterKeySpec,
    keyManager: metadata.KeyManager,
    multiRegion: metadata.MultiRegion,
    deletionDate: metadata.DeletionDate,
    creationDate: isoDate(metadata.CreationDate),
  };
  const checks = checkKeyFacts(facts, expected);
  return {
    ok: true,
    arn: metadata.Arn,
    region: arn.arn.region,
    account: arn.arn.account,
    facts,
    checks,
    usable: checks.every((check) => check.passed || check.severity === 'warning'),
  };
}
