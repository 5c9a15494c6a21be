/** Every rule of a `cmk-rekey/request`: field rules, cross-field rules and warnings, as findings. */
import { isValidPhoneNumber } from 'libphonenumber-js/min';
import { parseKeyArn, regionLabel, type KeyArn } from './aws.js';
import {
  ATLASSIAN_EXAMPLE_ACCOUNT,
  TEXT_FIELDS,
  checkEmail,
  checkFileName,
  type Problem,
  type TextFieldName,
} from './field-rules.js';
import { FindingList, type Validation } from './findings.js';
import {
  normalizeEmail,
  normalizeFileName,
  normalizeKeyArn,
  normalizeList,
  type Normalized,
} from './normalize.js';
import { REALMS, describeRealm, isRealmId, type Realm, type RealmCatalog } from './realms.js';
import { LIMITS, REQUEST_FORMAT, REQUEST_VERSION, REQUEST_FIELDS } from './constants.js';

export interface ValidateOptions {
  /** Realm data to check against (a policy may override the built-in catalogue). */
  readonly realms?: RealmCatalog;
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(REQUEST_FIELDS);

/** Names any value in a message without throwing (BigInt and cycles defeat JSON.stringify). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}

/** A list of text values; holes in sparse arrays count as not text. */
function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && Array.from(value).every((entry) => typeof entry === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function notCanonical(findings: FindingList, path: string, field: string, normalized: Normalized): void {
  findings.error(
    path,
    `${field}.not-canonical`,
    `Write this as "${normalized.value}" (${normalized.changes.join('; ')}).`,
  );
}

/** Checks a text field; returns its value when it is valid and canonical. */
function checkText(
  findings: FindingList,
  input: Record<string, unknown>,
  field: TextFieldName,
): string | undefined {
  const rule = TEXT_FIELDS[field];
  const raw = input[field];
  if (raw === undefined) {
    if (!rule.optional) findings.error(field, `${field}.missing`, `${rule.label} is required.`);
    return undefined;
  }
  if (typeof raw !== 'string') {
    findings.error(field, `${field}.type`, `${rule.label} must be text.`);
    return undefined;
  }
  const normalized = rule.normalize(raw);
  if (normalized.value === '') {
    if (rule.optional)
      notCanonical(findings, field, field, { value: '', changes: ['leave out an empty field'] });
    else findings.error(field, `${field}.missing`, `${rule.label} is required.`);
    return undefined;
  }
  const problem = rule.check(normalized.value);
  if (problem !== undefined) {
    findings.error(field, problem.code, problem.message);
    return undefined;
  }
  if (normalized.value !== raw) {
    notCanonical(findings, field, field, normalized);
    return undefined;
  }
  return raw;
}

function checkList(
  findings: FindingList,
  input: Record<string, unknown>,
  field: 'participants' | 'attachments',
  normalize: (raw: string) => Normalized,
  check: (value: string) => Problem | undefined,
): void {
  const raw = input[field];
  if (raw === undefined) return;
  if (!isTextList(raw)) {
    findings.error(field, `${field}.type`, `${field} must be a list of text values.`);
    return;
  }
  if (raw.length === 0) {
    findings.error(field, `${field}.not-canonical`, 'Leave out an empty list.');
    return;
  }
  const max = LIMITS[field];
  if (raw.length > max) findings.error(field, `${field}.too-many`, `List at most ${String(max)} ${field}.`);
  const before = findings.errors.length;
  raw.forEach((entry, index) => {
    const problem = check(normalize(entry).value);
    if (problem !== undefined) findings.error(`${field}[${String(index)}]`, problem.code, problem.message);
  });
  const clean = findings.errors.length === before;
  const normalized = normalizeList(raw, normalize);
  if (
    clean &&
    (normalized.value.length !== raw.length || normalized.value.some((value, i) => value !== raw[i]))
  ) {
    const value = JSON.stringify(normalized.value);
    findings.error(
      field,
      `${field}.not-canonical`,
      `Write this as ${value} (${normalized.changes.join('; ')}).`,
    );
  }
}

interface ParsedPair {
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
  if (normalized.value !== raw) notCanonical(findings, path, 'keys.arn', normalized);
  return { arn: parsed.arn, text: normalized.value };
}

function checkPairs(findings: FindingList, raw: unknown): ParsedPair[] {
  if (raw === undefined) {
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

function checkPairsAgainstRealm(findings: FindingList, pairs: readonly ParsedPair[], realm: Realm): void {
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
  for (const pair of pairs) {
    const path = `keys[${String(pair.index)}]`;
    for (const [side, arn] of [
      ['oldKeyArn', pair.old],
      ['newKeyArn', pair.new],
    ] as const) {
      if (arn !== undefined && !regions.includes(arn.region)) {
        findings.error(
          `${path}.${side}`,
          'keys.region.outside-realm',
          `${regionLabel(arn.region)} is a valid AWS region, but not part of ${realmText}. Use a key in ${regions.join(' or ')}.`,
        );
      }
    }
    if (pair.old !== undefined && pair.new !== undefined && pair.old.region !== pair.new.region) {
      findings.error(
        `${path}.newKeyArn`,
        'keys.region.mismatch',
        `The new key is in ${pair.new.region} but the old key it replaces is in ${pair.old.region}. Create the new key in ${pair.old.region}.`,
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
          `keys[${String(first)}] is already the pair for ${region}; give one pair per region.`,
        );
      }
    }
  }
  const complete = pairs.every((pair) => pair.old !== undefined || pair.new !== undefined);
  if (complete) {
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

function checkArnRepeats(findings: FindingList, pairs: readonly ParsedPair[]): void {
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
      if (earlier === undefined) firstUse.set(text, `${path}.${side}`);
      else
        findings.error(
          `${path}.${side}`,
          'keys.arn.duplicate',
          `This ARN is already used at ${earlier}. Each key ARN may appear once.`,
        );
    }
  }
}

function keyWarnings(findings: FindingList, pairs: readonly ParsedPair[], account: string | undefined): void {
  for (const pair of pairs) {
    for (const [side, arn] of [
      ['oldKeyArn', pair.old],
      ['newKeyArn', pair.new],
    ] as const) {
      if (arn === undefined) continue;
      const path = `keys[${String(pair.index)}].${side}`;
      if (account !== undefined && arn.account !== account) {
        findings.warn(
          path,
          'keys.arn.account-mismatch',
          `This key belongs to AWS account ${arn.account}, not ${account} named in the summary. Check that you copied the right key.`,
        );
      }
      if (arn.multiRegion) {
        findings.warn(
          path,
          'keys.arn.multi-region',
          'This is a multi-Region key (mrk-…). Atlassian has not said whether it accepts them; confirm with support, or use a single-Region key.',
        );
      }
    }
  }
}

function requestWarnings(
  findings: FindingList,
  values: Partial<Record<TextFieldName, string>>,
  realm: Realm | undefined,
): void {
  if (values.awsAccountId === ATLASSIAN_EXAMPLE_ACCOUNT) {
    findings.warn(
      'awsAccountId',
      'awsAccountId.atlassian-example',
      "279766244153 is Atlassian's own AWS account, shown as the example in its documentation. Enter the account that holds your CMK keys.",
    );
  }
  if (values.siteUrl !== undefined && !values.siteUrl.endsWith('.atlassian.net')) {
    findings.warn(
      'siteUrl',
      'siteUrl.not-atlassian-net',
      'This is not an *.atlassian.net address. If it is a custom domain, support finds the site faster by its original https://<name>.atlassian.net URL.',
    );
  }
  if (realm !== undefined && !realm.confirmed) {
    findings.warn(
      'realm',
      'realm.unconfirmed',
      `Atlassian's CMK page does not list the ${realm.name} realm (${realm.regions.join(', ')}). Check with support that CMK is offered there.`,
    );
  }
  if (values.timing === 'immediate' && values.impact !== undefined && values.impact !== 'L1') {
    findings.warn(
      'impact',
      'timing.immediate-not-l1',
      "Atlassian's request page says to choose Level 1 for an immediate re-encryption.",
    );
  }
  if (values.timing === 'next-maintenance-window' && values.impact === 'L1') {
    findings.warn(
      'impact',
      'timing.l1-next-window',
      'Level 1 is for an immediate re-encryption (production down). For the next maintenance window a lower level usually fits.',
    );
  }
  if (values.phone !== undefined && !isValidPhoneNumber(values.phone)) {
    findings.warn(
      'phone',
      'phone.unparsed',
      'This does not read as an international phone number. Write it with + and the country code, like +44 20 7946 0958.',
    );
  }
}

/** Checks a request against every rule; never throws, whatever the input. */
export function validateRequest(input: unknown, options: ValidateOptions = {}): Validation {
  const findings = new FindingList();
  if (!isRecord(input)) {
    findings.error('', 'request.type', 'A request file holds one JSON object.');
    return findings.result();
  }
  if (input['format'] === undefined) {
    findings.error(
      'format',
      'format.missing',
      `This is not a CMK Rekey request: "format": "${REQUEST_FORMAT}" is missing.`,
    );
    return findings.result();
  }
  if (input['format'] !== REQUEST_FORMAT) {
    findings.error(
      'format',
      'format.unknown',
      `Unknown format ${describeValue(input['format'])}; expected "${REQUEST_FORMAT}".`,
    );
    return findings.result();
  }
  if (input['version'] !== REQUEST_VERSION) {
    const supported = `this app reads version ${String(REQUEST_VERSION)}`;
    if (input['version'] === undefined) {
      findings.error('version', 'version.missing', `The "version" field is missing; ${supported}.`);
    } else {
      findings.error(
        'version',
        'version.unsupported',
        `Unsupported version ${describeValue(input['version'])}; ${supported}.`,
      );
    }
    return findings.result();
  }
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key)) {
      const near = [...KNOWN_FIELDS].find((known) => known.toLowerCase() === key.toLowerCase());
      const hint = near === undefined ? '' : ` Did you mean "${near}"?`;
      findings.error(key, 'request.unknown-field', `Unknown field "${key}".${hint}`);
    }
  }
  const values: Partial<Record<TextFieldName, string>> = {};
  for (const field of Object.keys(TEXT_FIELDS) as TextFieldName[]) {
    const value = checkText(findings, input, field);
    if (value !== undefined) values[field] = value;
  }
  checkList(findings, input, 'participants', normalizeEmail, checkEmail);
  checkList(findings, input, 'attachments', normalizeFileName, checkFileName);
  const pairs = checkPairs(findings, input['keys']);
  const realms = options.realms ?? REALMS;
  const realm = isRealmId(values.realm) ? realms[values.realm] : undefined;
  if (realm !== undefined) checkPairsAgainstRealm(findings, pairs, realm);
  checkArnRepeats(findings, pairs);
  keyWarnings(findings, pairs, values.awsAccountId);
  requestWarnings(findings, values, realm);
  return findings.result();
}
