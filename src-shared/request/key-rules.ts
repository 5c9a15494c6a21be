/** Rules for the key pairs: each ARN, the pairs against the realm's regions, repeats, and key warnings. */
import { parseKeyArn, regionLabel, type KeyArn } from './aws.js';
import type { FindingList } from './findings.js';
import { normalizeKeyArn } from './normalize.js';
import { describeRealm, type Realm } from './realms.js';
import { isRecord } from './values.js';

export interface ParsedPair {
  readonly index: number;
  readonly old?: KeyArn;
  readonly new?: KeyArn;
  readonly oldText?: string;
  readonly newText?: string;
}

function checkArn(findings: FindingList, path: string, raw: unknown): { arn?: KeyArn; text?: string } {
  if (raw === undefined || raw === '') {
    findings.error(path, 'keys.arn.missing', 'Enter the key ARN.');
    return {};
  }
  if (typeof raw !== 'string') {
    findings.error(path, 'keys.arn.type', 'A key ARN must be text.');
    return {};
  }
  const normalized = normalizeKeyArn(raw);
  const parsed = parseKeyArn(normalized.value);
  if (!parsed.ok) {
    findings.error(path, `keys.arn.${parsed.problem}`, parsed.message);
    return { text: normalized.value };
  }
  if (normalized.value !== raw) findings.notCanonical(path, 'keys.arn', normalized);
  return { arn: parsed.arn, text: normalized.value };
}

export function checkPairs(findings: FindingList, raw: unknown): ParsedPair[] {
  // an empty list asks for the same as none: the pairs themselves
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) {
    findings.error('keys', 'keys.missing', 'Add the old and new key ARN for each region of the realm.');
    return [];
  }
  if (!Array.isArray(raw)) {
    findings.error('keys', 'keys.type', 'keys must be a list of { oldKeyArn, newKeyArn } pairs.');
    return [];
  }
  return Array.from(raw, (pair: unknown, index): ParsedPair => {
    const path = `keys[${String(index)}]`;
    if (!isRecord(pair)) {
      findings.error(path, 'keys.pair.type', 'Each key pair must be an object with oldKeyArn and newKeyArn.');
      return { index };
    }
    for (const key of Object.keys(pair)) {
      if (key !== 'oldKeyArn' && key !== 'newKeyArn') {
        findings.error(
          `${path}.${key}`,
          'keys.pair.unknown-field',
          `Unknown field "${key}" in a key pair: only oldKeyArn and newKeyArn belong here.`,
        );
      }
    }
    const oldKey = checkArn(findings, `${path}.oldKeyArn`, pair['oldKeyArn']);
    const newKey = checkArn(findings, `${path}.newKeyArn`, pair['newKeyArn']);
    return {
      index,
      ...(oldKey.arn && { old: oldKey.arn }),
      ...(newKey.arn && { new: newKey.arn }),
      ...(oldKey.text !== undefined && { oldText: oldKey.text }),
      ...(newKey.text !== undefined && { newText: newKey.text }),
    };
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Two pairs whose new keys sit in each other's old key's region: the new keys were typed in the wrong rows. */
function swappedWith(pairs: readonly ParsedPair[], pair: ParsedPair): ParsedPair | undefined {
  if (pair.old === undefined || pair.new === undefined || pair.old.region === pair.new.region)
    return undefined;
  return pairs.find(
    (other) =>
      other !== pair && other.old?.region === pair.new?.region && other.new?.region === pair.old?.region,
  );
}

/** The realm's regions that a pair's keys are outside of, reported once per pair. */
function checkOutsideRealm(findings: FindingList, pair: ParsedPair, realm: Realm): boolean {
  const path = `keys[${String(pair.index)}]`;
  const regions = realm.regions;
  const outside = (arn: KeyArn | undefined) => arn !== undefined && !regions.includes(arn.region);
  const oldOutside = outside(pair.old);
  const newOutside = outside(pair.new);
  if (!oldOutside && !newOutside) return false;
  const realmText =
    regions.length === 1
      ? `the ${realm.name} realm, whose keys are in ${regions.join('')}`
      : `the ${realm.name} realm, which needs one key pair in each of ${regions.join(' and ')}`;
  if (oldOutside && newOutside && pair.old?.region === pair.new?.region) {
    findings.error(
      path,
      'keys.region.outside-realm',
      `Both keys are in ${regionLabel(pair.old?.region ?? '')}, a valid AWS region but not part of ${realmText}.`,
    );
    return true;
  }
  for (const [side, arn] of [
    ['oldKeyArn', pair.old],
    ['newKeyArn', pair.new],
  ] as const) {
    if (arn !== undefined && outside(arn)) {
      findings.error(
        `${path}.${side}`,
        'keys.region.outside-realm',
        `This key is in ${regionLabel(arn.region)}, a valid AWS region but not part of ${realmText}.`,
      );
    }
  }
  return true;
}

export function checkPairsAgainstRealm(
  findings: FindingList,
  pairs: readonly ParsedPair[],
  realm: Realm,
): void {
  const regions = realm.regions;
  const realmText = `the ${describeRealm(realm)} realm`;
  if (pairs.length !== regions.length) {
    const needed =
      regions.length === 1
        ? 'exactly 1 key pair'
        : `exactly ${String(regions.length)} key pairs, one per region`;
    findings.error(
      'keys',
      'keys.count',
      `${capitalize(realmText)} needs ${needed}; this request has ${String(pairs.length)}.`,
    );
  }
  const seen = new Map<string, number>();
  let anyOutside = false;
  const reportedSwaps = new Set<ParsedPair>();
  for (const pair of pairs) {
    const path = `keys[${String(pair.index)}]`;
    const outside = checkOutsideRealm(findings, pair, realm);
    anyOutside ||= outside;
    const swapped = swappedWith(pairs, pair);
    if (swapped !== undefined && !outside) {
      if (!reportedSwaps.has(swapped)) {
        reportedSwaps.add(pair);
        findings.error(
          'keys',
          'keys.region.swapped',
          `The new keys look swapped: the new key typed for ${pair.old?.region ?? ''} is in ${pair.new?.region ?? ''}, and the one typed for ${swapped.old?.region ?? ''} is in ${swapped.new?.region ?? ''}. Swap them back so each new key replaces the old key of its own region.`,
        );
      }
    } else if (
      !outside &&
      pair.old !== undefined &&
      pair.new !== undefined &&
      pair.old.region !== pair.new.region
    ) {
      findings.error(
        `${path}.newKeyArn`,
        'keys.region.mismatch',
        `The new key is in ${pair.new.region} but the old key it replaces is in ${pair.old.region}. Use a new key in ${pair.old.region}.`,
      );
    }
    const region = (pair.old ?? pair.new)?.region;
    if (region !== undefined && regions.includes(region)) {
      const first = seen.get(region);
      if (first === undefined) seen.set(region, pair.index);
      else {
        findings.error(
          path,
          'keys.region.duplicate',
          `This pair's keys are in ${region}, like those of another pair; give one pair per region.`,
        );
      }
    }
  }
  // A pair outside the realm already says which regions are needed: one error, not two.
  const complete = pairs.every((pair) => pair.old !== undefined || pair.new !== undefined);
  if (complete && !anyOutside) {
    for (const region of regions) {
      if (!seen.has(region))
        findings.error(
          'keys',
          'keys.region.missing',
          `No key pair for ${regionLabel(region)}: ${realmText} needs one.`,
        );
    }
  }
}

export function checkArnRepeats(findings: FindingList, pairs: readonly ParsedPair[]): void {
  const firstUse = new Map<string, string>();
  for (const pair of pairs) {
    const path = `keys[${String(pair.index)}]`;
    if (pair.oldText !== undefined && pair.oldText === pair.newText) {
      findings.error(
        `${path}.newKeyArn`,
        'keys.arn.unchanged',
        'The new key ARN is the same as the old one. Re-encryption needs a different, new key.',
      );
    }
    for (const [side, text] of [
      ['oldKeyArn', pair.oldText],
      ['newKeyArn', pair.newText],
    ] as const) {
      if (text === undefined || (side === 'newKeyArn' && text === pair.oldText)) continue;
      const earlier = firstUse.get(text);
      if (earlier === undefined) firstUse.set(text, side === 'oldKeyArn' ? 'old' : 'new');
      else
        findings.error(
          `${path}.${side}`,
          'keys.arn.duplicate',
          `This ARN is already the ${earlier} key ARN of another pair. Each key ARN may appear once.`,
        );
    }
  }
}

/**
 * A new multi-Region key with the key ID of an old key (of another pair: in the same region the two ARNs
 * are equal, which `keys.arn.unchanged` or `keys.arn.duplicate` says): related multi-Region keys share their
 * key ID and key material (AWS KMS, "How multi-Region keys work"; domain notes §3.1), so the data would stay
 * under the old key's material. Our advice, a warning: the pages known to the app say nothing of it.
 */
export function checkSharedMaterial(findings: FindingList, pairs: readonly ParsedPair[]): void {
  for (const pair of pairs) {
    const key = pair.new;
    if (key?.multiRegion !== true) continue;
    const twin = pairs.find(
      (other) => other.old?.keyId === key.keyId && other.old.region !== key.region,
    )?.old;
    if (twin === undefined) continue;
    findings.warn(
      `keys[${String(pair.index)}].newKeyArn`,
      'keys.arn.shared-material',
      `This new key has the key ID of the old key in ${twin.region}: it is that key's multi-Region replica, so it shares its key material (AWS KMS documentation, "How multi-Region keys work"). Our advice: to move the data off the old keys, use a key that is not a replica of one of them.`,
    );
  }
}

/**
 * A key ID that is not a multi-Region one (no `mrk-`) in two regions: only related multi-Region keys share
 * a key ID across regions (AWS KMS, "How multi-Region keys work"; domain notes §3.1), so one of the two ARNs
 * was most likely copied and its region edited, and names no key. Our advice, a warning: the pages known to
 * the app do not say it. Said once, at the later ARN.
 */
export function checkCopiedKeyId(findings: FindingList, pairs: readonly ParsedPair[]): void {
  const seen: { arn: KeyArn; slot: string }[] = [];
  for (const pair of pairs) {
    for (const [side, arn] of [
      ['old', pair.old],
      ['new', pair.new],
    ] as const) {
      if (arn === undefined || arn.multiRegion) continue;
      const earlier = seen.find((other) => other.arn.keyId === arn.keyId && other.arn.region !== arn.region);
      seen.push({ arn, slot: `${side} key in ${arn.region}` });
      if (earlier === undefined) continue;
      findings.warn(
        `keys[${String(pair.index)}].${side}KeyArn`,
        'keys.arn.copied-key-id',
        `This key ID is also the ${earlier.slot}, but it is not a multi-Region key (mrk-), and only multi-Region keys share a key ID across regions (AWS KMS documentation, "How multi-Region keys work"). Our advice: one of the two ARNs was probably copied and its region changed; copy each from the KMS console of its own region.`,
      );
    }
  }
}

/** The key IDs AWS's KMS documentation uses as examples (DescribeKey's KeyId; domain notes §3.1). */
const AWS_EXAMPLE_KEY_IDS: readonly string[] = [
  '1234abcd-12ab-34cd-56ef-1234567890ab',
  'mrk-1234abcd12ab34cd56ef1234567890ab',
];

/**
 * Account and multi-Region findings of each key (an account mismatch is an error; mrk- and AWS's example
 * key IDs are warnings).
 */
export function keyAccountRules(
  findings: FindingList,
  pairs: readonly ParsedPair[],
  account: string | undefined,
): void {
  for (const pair of pairs) {
    for (const [side, arn] of [
      ['oldKeyArn', pair.old],
      ['newKeyArn', pair.new],
    ] as const) {
      if (arn === undefined) continue;
      const path = `keys[${String(pair.index)}].${side}`;
      if (account !== undefined && arn.account !== account) {
        findings.error(
          path,
          'keys.arn.account-mismatch',
          `This key belongs to AWS account ${arn.account}, but the summary names account ${account}. The ticket is about one account, so support would have to ask which is right: copy the key from account ${account}, or correct the account ID.`,
        );
      }
      if (AWS_EXAMPLE_KEY_IDS.includes(arn.keyId)) {
        findings.warn(
          path,
          'keys.arn.aws-example',
          "This key ID is the example in AWS's KMS documentation, not one of your keys. Copy the key's ARN from the AWS KMS console or from aws kms describe-key.",
        );
      }
      if (arn.multiRegion) {
        findings.warn(
          path,
          'keys.arn.multi-region',
          "This is a multi-Region key (mrk-…). Atlassian's pages known to this app do not say whether CMK accepts them; confirm with support, or use a single-Region key.",
        );
      }
    }
  }
}
