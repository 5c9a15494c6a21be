/** AWS identifiers: commercial regions and KMS key ARNs, parsed with a reason for every failure. */

/** The `aws` partition's regions (botocore partitions.json), with their city or area names. */
export const AWS_REGIONS: Readonly<Record<string, string>> = {
  'af-south-1': 'Cape Town',
  'ap-east-1': 'Hong Kong',
  'ap-east-2': 'Taipei',
  'ap-northeast-1': 'Tokyo',
  'ap-northeast-2': 'Seoul',
  'ap-northeast-3': 'Osaka',
  'ap-south-1': 'Mumbai',
  'ap-south-2': 'Hyderabad',
  'ap-southeast-1': 'Singapore',
  'ap-southeast-2': 'Sydney',
  'ap-southeast-3': 'Jakarta',
  'ap-southeast-4': 'Melbourne',
  'ap-southeast-5': 'Malaysia',
  'ap-southeast-6': 'New Zealand',
  'ap-southeast-7': 'Thailand',
  'ca-central-1': 'Canada Central',
  'ca-west-1': 'Calgary',
  'eu-central-1': 'Frankfurt',
  'eu-central-2': 'Zurich',
  'eu-north-1': 'Stockholm',
  'eu-south-1': 'Milan',
  'eu-south-2': 'Spain',
  'eu-west-1': 'Ireland',
  'eu-west-2': 'London',
  'eu-west-3': 'Paris',
  'il-central-1': 'Tel Aviv',
  'me-central-1': 'UAE',
  'me-south-1': 'Bahrain',
  'mx-central-1': 'Mexico Central',
  'sa-east-1': 'São Paulo',
  'us-east-1': 'N. Virginia',
  'us-east-2': 'Ohio',
  'us-west-1': 'N. California',
  'us-west-2': 'Oregon',
};

export function regionLabel(region: string): string {
  const name = AWS_REGIONS[region];
  return name === undefined ? region : `${region} (${name})`;
}

export const ACCOUNT_ID_PATTERN = '^[0-9]{12}$';
export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
export const KEY_ID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}';

const keyIdRegex = new RegExp(`^(${KEY_ID_PATTERN})$`);
const accountRegex = new RegExp(ACCOUNT_ID_PATTERN);
const regionShapeRegex = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;

export interface KeyArn {
  readonly region: string;
  readonly account: string;
  readonly keyId: string;
  readonly multiRegion: boolean;
}

/** The ARN's part that is wrong, as a finding code suffix. */
export type KeyArnProblem =
  | 'empty'
  | 'alias'
  | 'bare-key-id'
  | 'alias-name'
  | 'partition'
  | 'service'
  | 'region'
  | 'account'
  | 'resource'
  | 'key-id'
  | 'format';

export type KeyArnParse =
  | { readonly ok: true; readonly arn: KeyArn }
  | { readonly ok: false; readonly problem: KeyArnProblem; readonly message: string };

const COPY_HINT =
  'Open the key in the AWS KMS console and copy its "ARN" from the General configuration panel.';

function fail(problem: KeyArnProblem, message: string): KeyArnParse {
  return { ok: false, problem, message };
}

/** Parses a canonical KMS key ARN (`arn:aws:kms:<region>:<account>:key/<id>`), naming what is wrong. */
export function parseKeyArn(text: string): KeyArnParse {
  if (text === '') return fail('empty', 'Enter the key ARN.');
  if (keyIdRegex.test(text)) {
    return fail('bare-key-id', `This is a bare key ID, not a key ARN. ${COPY_HINT}`);
  }
  if (text.startsWith('alias/')) {
    return fail('alias-name', `This is an alias name, not a key ARN. ${COPY_HINT}`);
  }
  const parts = text.split(':');
  if (parts[0] !== 'arn' || parts.length !== 6) {
    return fail(
      'format',
      `A key ARN looks like arn:aws:kms:<region>:<12-digit account>:key/<key id>. ${COPY_HINT}`,
    );
  }
  const [, partition, service, region, account, resource] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (partition === 'aws-us-gov' || partition === 'aws-cn') {
    const where = partition === 'aws-cn' ? 'AWS China' : 'AWS GovCloud (US)';
    return fail(
      'partition',
      `This key is in ${where} (partition ${partition}). Every CMK realm on Atlassian's set-up page is in standard AWS regions (partition aws).`,
    );
  }
  if (partition !== 'aws') {
    return fail(
      'partition',
      `Unknown ARN partition "${partition}". Atlassian CMK keys have ARNs that start with arn:aws:kms:.`,
    );
  }
  if (service !== 'kms') {
    return fail('service', `This is an ARN for the AWS service "${service}", not a KMS key. ${COPY_HINT}`);
  }
  if (!regionShapeRegex.test(region)) {
    return fail('region', `"${region}" is not an AWS region code (like us-east-1).`);
  }
  if (AWS_REGIONS[region] === undefined) {
    return fail('region', `"${region}" is not a known AWS region.`);
  }
  if (!accountRegex.test(account)) {
    return fail('account', `The account part "${account}" must be exactly 12 digits.`);
  }
  if (resource.startsWith('alias/')) {
    return fail(
      'alias',
      `This is an alias ARN; aliases can be re-pointed and do not work across accounts. ${COPY_HINT}`,
    );
  }
  if (!resource.startsWith('key/')) {
    return fail('resource', `A key ARN ends with key/<key id>, not "${resource}". ${COPY_HINT}`);
  }
  const keyId = resource.slice('key/'.length);
  if (!keyIdRegex.test(keyId)) {
    return fail(
      'key-id',
      `The key ID "${keyId}" is not a KMS key ID (a UUID, or mrk- and 32 hex digits for a multi-Region key).`,
    );
  }
  return { ok: true, arn: { region, account, keyId, multiRegion: keyId.startsWith('mrk-') } };
}
