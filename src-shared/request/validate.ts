/** Every rule of a `cmk-rekey/request`: field rules, cross-field rules and warnings, as findings. */
import {
  FIELDS,
  REQUEST_FIELDS,
  LIST_FIELD_NAMES,
  TEXT_FIELD_NAMES,
  type ListFieldName,
  type TextFieldName,
} from './fields.js';
import { FindingList, type Finding, type Validation } from './findings.js';
import { checkKeyEvidence, type KeyCheckEvidence } from './key-check-rules.js';
import {
  checkArnRepeats,
  checkPairs,
  checkPairsAgainstRealm,
  checkCopiedKeyId,
  checkSharedMaterial,
  keyAccountRules,
} from './key-rules.js';
import { normalizeList, repeatKey } from './normalize.js';
import { REALMS, isRealmId, type Realm, type RealmCatalog, type RealmId } from './realms.js';
import { describeValue, isRecord, isTextList } from './values.js';
import { REQUEST_FORMAT, REQUEST_VERSION } from './constants.js';

export interface ValidateOptions {
  /** Realm data to check against (a policy may override the built-in catalogue). */
  readonly realms?: RealmCatalog;
  /** The only realms the organization's policy allows (all when undefined). */
  readonly allowedRealms?: readonly RealmId[] | undefined;
  /** Stored `aws kms describe-key` results: a key they show unusable is an error at that key. */
  readonly keyChecks?: readonly KeyCheckEvidence[];
  /**
   * Reads a phone number and says what is wrong with it (phone-rule.ts's phoneProblem). Without it the
   * phone is not read, so there is no phone.unparsed warning: every caller that shows warnings passes it.
   */
  readonly phone?: ((text: string) => string | undefined) | undefined;
  /** Values the organization's policy locks (organization ID, site URL): anything else is an error. */
  readonly lockedValues?: LockedValues | undefined;
}

export interface LockedValues {
  readonly organizationId?: string;
  readonly siteUrl?: string;
}

const LOCKED_NAMES = { organizationId: 'organization ID', siteUrl: 'site URL' } as const;

/** A locked value that the request does not carry (an empty field already has its "required" error). */
function checkLockedValues(
  findings: FindingList,
  values: Partial<Record<TextFieldName, string>>,
  locked: LockedValues,
): void {
  for (const field of ['organizationId', 'siteUrl'] as const) {
    const expected = locked[field];
    const actual = values[field];
    if (expected === undefined || expected === '' || actual === undefined || actual === expected) continue;
    findings.error(
      field,
      `${field}.not-policy`,
      `Your organization's policy sets the ${LOCKED_NAMES[field]} to ${expected}; this request names ${actual}.`,
    );
  }
}

const KNOWN_FIELDS: ReadonlySet<string> = new Set(REQUEST_FIELDS);

/** Checks a text field; returns its value when it is valid and canonical. */
function checkText(
  findings: FindingList,
  input: Record<string, unknown>,
  field: TextFieldName,
): string | undefined {
  const rule = FIELDS[field];
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
      findings.notCanonical(field, field, { value: '', changes: ['leave out an empty field'] });
    else findings.error(field, `${field}.missing`, `${rule.label} is required.`);
    return undefined;
  }
  const problem = rule.check(normalized.value);
  if (problem !== undefined) {
    findings.error(field, problem.code, problem.message);
    return undefined;
  }
  if (normalized.value !== raw) {
    findings.notCanonical(field, field, normalized);
    return undefined;
  }
  return raw;
}

/**
 * The errors an organization's policy adds to a request's: a realm it does not allow, an organization ID
 * or site URL other than one it locks. It reads only those three fields, each only when its own rules
 * accept it (`values`, as checkText gives them).
 */
function checkPolicy(
  findings: FindingList,
  values: Partial<Record<TextFieldName, string>>,
  options: ValidateOptions,
): void {
  const realms = options.realms ?? REALMS;
  const realm = isRealmId(values.realm) ? realms[values.realm] : undefined;
  if (realm !== undefined && options.allowedRealms?.includes(realm.id) === false) {
    const allowed = options.allowedRealms.map((id) => `${realms[id].name} (${id})`).join(', ');
    findings.error(
      'realm',
      'realm.not-allowed',
      `Your organization's policy does not allow the ${realm.name} realm. Allowed: ${allowed}.`,
    );
  }
  if (options.lockedValues !== undefined) checkLockedValues(findings, values, options.lockedValues);
}

/**
 * The policy's errors alone, from the three fields it reads: the drafts list (which keeps them for every
 * draft) judges a draft as the form does.
 */
export function policyErrors(input: Record<string, unknown>, options: ValidateOptions = {}): Finding[] {
  const findings = new FindingList();
  const values: Partial<Record<TextFieldName, string>> = {};
  for (const field of ['realm', 'organizationId', 'siteUrl'] as const) {
    // The field's own findings are validateRequest's to report; here they only decide whether it counts.
    const value = checkText(new FindingList(), input, field);
    if (value !== undefined) values[field] = value;
  }
  checkPolicy(findings, values, options);
  return findings.errors;
}

/**
 * Entries that repeat an earlier one (as normalised, `repeatKey`), each with its number and the number of
 * the entry it repeats (counted from 1, as the form numbers its rows): in the form, rows to remove.
 */
function repeatsSentence(raw: readonly string[], normalize: (entry: string) => { value: string }): string {
  const values = raw.map((entry) => normalize(entry).value);
  const keys = values.map(repeatKey);
  const repeats = values.flatMap((value, index) => {
    const first = keys.indexOf(keys[index] ?? '');
    return value !== '' && first < index
      ? [`entry ${String(index + 1)} ("${value}") repeats entry ${String(first + 1)}`]
      : [];
  });
  if (repeats.length === 0) return '';
  const sentence = repeats.join(', ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}: remove ${repeats.length === 1 ? 'it' : 'them'}. `;
}

function checkList(findings: FindingList, input: Record<string, unknown>, field: ListFieldName): void {
  const { normalize, check, maxItems: max } = FIELDS[field];
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
  if (raw.length > max) findings.error(field, `${field}.too-many`, `List at most ${String(max)} ${field}.`);
  const before = findings.errors.length;
  raw.forEach((entry, index) => {
    const value = normalize(entry).value;
    // An empty entry is one normalize drops: not-canonical below, not a bad e-mail address or file name.
    const problem = value === '' ? undefined : check(value);
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
      `${repeatsSentence(raw, normalize)}Write this as ${value} (${normalized.changes.join('; ')}).`,
    );
  }
}

/** The account ID in AWS's KMS documentation's example ARNs (domain notes §3.1). */
const AWS_EXAMPLE_ACCOUNT = '111122223333';

function requestWarnings(
  findings: FindingList,
  values: Partial<Record<TextFieldName, string>>,
  realm: Realm | undefined,
  phoneProblem: ((text: string) => string | undefined) | undefined,
): void {
  if (values.siteUrl !== undefined && !values.siteUrl.endsWith('.atlassian.net')) {
    findings.warn(
      'siteUrl',
      'siteUrl.not-atlassian-net',
      "This is not an *.atlassian.net address. If it is a custom domain, our advice: give the site's original https://<name>.atlassian.net address instead.",
    );
  }
  const dotted = /^https:\/\/(.+\..+)\.atlassian\.net$/u.exec(values.siteUrl ?? '')?.[1];
  if (dotted !== undefined) {
    findings.warn(
      'siteUrl',
      'siteUrl.dotted-name',
      `"${dotted}" holds a dot, and a site's name does not: Atlassian's page on changing a product URL allows lowercase letters, numbers and hyphens, for an address https://<name>.atlassian.net. Check that this is your site's address, as your browser shows it on any page of the site.`,
    );
  }
  const siteName = /^https:\/\/([^.]+)\.atlassian\.net$/u.exec(values.siteUrl ?? '')?.[1];
  if (siteName !== undefined && siteName.length < 3) {
    findings.warn(
      'siteUrl',
      'siteUrl.short-name',
      `A site name of ${String(siteName.length)} character${siteName.length === 1 ? '' : 's'} is unusual: Atlassian's page on changing a product URL asks for at least 3. Check that this is your site's address, as your browser shows it on any page of the site.`,
    );
  }
  if (values.awsAccountId === AWS_EXAMPLE_ACCOUNT) {
    findings.warn(
      'awsAccountId',
      'awsAccountId.aws-example',
      `${AWS_EXAMPLE_ACCOUNT} is the example account in AWS's KMS documentation, not an account of yours. Enter the 12-digit ID of the account that holds your CMK keys.`,
    );
  }
  if (realm !== undefined && !realm.confirmed) {
    findings.warn(
      'realm',
      'realm.unconfirmed',
      `The ${realm.name} realm (${realm.regions.join(', ')}) is not confirmed: the copy of Atlassian's CMK set-up page known to this app lists realms only up to Singapore. Check with support that CMK is offered there.`,
    );
  }
  if (values.timing === 'immediate' && values.impact !== undefined && values.impact !== 'L1') {
    findings.warn(
      'impact',
      'timing.immediate-not-l1',
      "Atlassian's re-encryption page gives Level 1 as the example for an immediate re-encryption.",
    );
  }
  if (values.timing === 'next-maintenance-window' && values.impact === 'L1') {
    findings.warn(
      'impact',
      'timing.l1-next-window',
      "Atlassian's re-encryption page gives Level 1 as the example for an immediate re-encryption, and Atlassian's support response SLA page defines Level 1 as production down or a major malfunction. Our advice: for the next maintenance window, a lower level usually fits.",
    );
  }
  const phone = values.phone === undefined ? undefined : phoneProblem?.(values.phone);
  if (phone !== undefined) findings.warn('phone', 'phone.unparsed', phone);
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
  for (const field of TEXT_FIELD_NAMES) {
    const value = checkText(findings, input, field);
    if (value !== undefined) values[field] = value;
  }
  for (const field of LIST_FIELD_NAMES) checkList(findings, input, field);
  const pairs = checkPairs(findings, input['keys']);
  const realms = options.realms ?? REALMS;
  const realm = isRealmId(values.realm) ? realms[values.realm] : undefined;
  if (realm !== undefined) checkPairsAgainstRealm(findings, pairs, realm);
  checkPolicy(findings, values, options);
  checkArnRepeats(findings, pairs);
  checkSharedMaterial(findings, pairs);
  checkCopiedKeyId(findings, pairs);
  keyAccountRules(findings, pairs, values.awsAccountId);
  checkKeyEvidence(findings, pairs, options.keyChecks ?? []);
  requestWarnings(findings, values, realm, options.phone);
  return findings.result();
}
