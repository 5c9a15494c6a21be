/**
 * Normalising never turns an invalid value into a valid one: take a value the rules reject, dress it up
 * the way people paste (spaces, case, paths, URLs, separators), normalise it, and it is still rejected.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEmail, checkFileName } from '../../../src-shared/request/field-rules.js';
import { FIELDS as TEXT_FIELDS } from '../../../src-shared/request/fields.js';
import { parseKeyArn } from '../../../src-shared/request/aws.js';
import {
  normalizeEmail,
  normalizeFileName,
  normalizeKeyArn,
  type Normalized,
} from '../../../src-shared/request/normalize.js';
import { LIMITS } from '../../../src-shared/request/constants.js';

type Check = (value: string) => unknown;

const pad = fc.tuple(fc.constantFrom('', ' ', '\t', ' \n'), fc.constantFrom('', '  ', '\r\n'));
const caseOf = fc.constantFrom(
  (text: string) => text,
  (text: string) => text.toUpperCase(),
  (text: string) => text.toLowerCase(),
);

/** `invalid` values the check rejects; `dress` turns one into what a person might paste. */
function property(
  name: string,
  invalid: fc.Arbitrary<string>,
  dress: fc.Arbitrary<(value: string) => string>,
  normalize: (raw: string) => Normalized,
  check: Check,
): void {
  it(name, () => {
    fc.assert(
      fc.property(invalid, dress, pad, (value, dressUp, [before, after]) => {
        expect(check(value), JSON.stringify(value)).toBeDefined();
        const pasted = `${before}${dressUp(value)}${after}`;
        const normalized = normalize(pasted).value;
        expect(check(normalized), `${JSON.stringify(pasted)} → ${JSON.stringify(normalized)}`).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
}

const same = fc.constant((text: string) => text);
const word = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);

describe('normalising never turns an invalid value into a valid one', () => {
  const atlassianHost = fc.oneof(
    fc
      .constantFrom('admin', 'id', 'start', 'support', 'home', 'www', 'community', 'developer')
      .map((name) => `${name}.atlassian.com`),
    fc.constant('atlassian.com'),
  );
  const badHost = fc.oneof(
    atlassianHost,
    fc.ipV4(),
    word.map((name) => `${name}.atlassian.net:8443`),
    word.map((name) => `user@${name}.atlassian.net`),
    word.map((name) => `${name}_x.atlassian.net`),
  );
  property(
    'siteUrl: Atlassian service hosts, IPs, ports, user names stay errors under any path or scheme',
    badHost.map((host) => `https://${host}`),
    fc
      .tuple(
        fc.constantFrom('https://', 'http://', 'HTTPS://', ''),
        fc.constantFrom('', '/', '/o/5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d/overview', '/wiki?x=1#y'),
        caseOf,
      )
      .map(
        ([scheme, path, letterCase]) =>
          (value: string) =>
            `${scheme}${letterCase(value.slice('https://'.length))}${path}`,
      ),
    TEXT_FIELDS.siteUrl.normalize,
    TEXT_FIELDS.siteUrl.check,
  );

  const site = word.map((name) => `https://${name}.atlassian.net`);
  property(
    'siteUrl: two site URLs, or a URL with words after it, stay an error',
    fc.oneof(
      fc
        .tuple(site, fc.constantFrom(' ', '\n', ', ', '/wiki ', '/', '/wiki/', ','), site)
        .map((parts) => parts.join('')),
      fc.tuple(site, fc.constantFrom(' ', '/wiki '), word).map((parts) => parts.join('')),
    ),
    fc.constantFrom(
      (text: string) => text,
      (text: string) => text.replace(/https:\/\//, ''),
      (text: string) => text.replace(/https:\/\//, 'HTTP://'),
    ),
    TEXT_FIELDS.siteUrl.normalize,
    TEXT_FIELDS.siteUrl.check,
  );

  const notUuid = fc.oneof(
    fc.constant('my-organization-id-xxxxx-xxxxxxx-xxxxxx'),
    word.filter((text) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)),
    fc.uuid().map((uuid) => uuid.slice(0, -1)),
  );
  property(
    'organizationId: a non-UUID stays an error, pasted alone or inside an admin URL',
    notUuid,
    fc.oneof(
      same,
      caseOf,
      fc.constant((id: string) => `https://admin.atlassian.com/o/${id}/overview`),
      fc.constant((id: string) => `admin.atlassian.com/o/${id.toUpperCase()}`),
    ),
    TEXT_FIELDS.organizationId.normalize,
    TEXT_FIELDS.organizationId.check,
  );

  property(
    'organizationId: two admin URLs (or IDs) pasted together stay an error, whichever comes first',
    fc.tuple(fc.uuid(), fc.uuid()).map(([first, second]) => `${first}\n${second}`),
    fc.constantFrom(' ', '\n', '', '/overview ', '/overview').map(
      (between) => (pair: string) =>
        pair
          .split('\n')
          .map((id) => `https://admin.atlassian.com/o/${id}`)
          .join(between),
    ),
    TEXT_FIELDS.organizationId.normalize,
    TEXT_FIELDS.organizationId.check,
  );

  property(
    "awsAccountId: too few or many digits, and Atlassian's example account, stay errors with separators",
    fc.oneof(
      fc.constant('279766244153'),
      fc.constant('27976624415'),
      fc.stringMatching(/^[0-9]{1,11}$/),
      fc.stringMatching(/^[0-9]{13,16}$/),
    ),
    fc.constantFrom(
      (id: string) => id,
      (id: string) => id.replace(/(\d{4})(?=\d)/g, '$1-'),
      (id: string) => id.replace(/(\d{4})(?=\d)/g, '$1 '),
    ),
    TEXT_FIELDS.awsAccountId.normalize,
    TEXT_FIELDS.awsAccountId.check,
  );

  for (const field of ['impact', 'realm', 'timing'] as const) {
    property(
      `${field}: a word that is no choice in any case stays as typed, and an error`,
      // Words that are no choice in any case: `l1` is the choice L1 in another case, which tidying may fix.
      fc
        .oneof(fc.constantFrom('Level 1', 'level-1', 'critical', 'europe', 'now', 'L5'), word)
        .filter((text) =>
          [text, text.toUpperCase(), text.toLowerCase()].every(
            (variant) => TEXT_FIELDS[field].check(variant) !== undefined,
          ),
        ),
      caseOf,
      TEXT_FIELDS[field].normalize,
      TEXT_FIELDS[field].check,
    );
  }

  for (const field of ['workingHours', 'phone', 'notes'] as const) {
    const max = { workingHours: LIMITS.workingHours, phone: LIMITS.phone, notes: LIMITS.notes }[field];
    property(
      `${field}: too long stays too long`,
      fc.integer({ min: max + 1, max: max + 40 }).map((length) => 'x'.repeat(length)),
      same,
      TEXT_FIELDS[field].normalize,
      TEXT_FIELDS[field].check,
    );
  }

  property(
    'key ARNs: alias ARNs, other partitions and unknown regions stay errors when wrapped or upper-cased',
    fc.oneof(
      fc.constant('arn:aws:kms:us-east-1:012345678901:alias/atlassian-cmk'),
      fc.uuid().map((id) => `arn:aws-us-gov:kms:us-gov-west-1:012345678901:key/${id}`),
      fc.uuid().map((id) => `arn:aws:kms:us-east-9:012345678901:key/${id}`),
      fc.uuid().map((id) => `arn:aws:kms:us-east-1:01234567890:key/${id}`),
      fc.uuid(),
    ),
    fc.constantFrom(
      (arn: string) => arn,
      (arn: string) => `${arn.slice(0, 20)}\n${arn.slice(20)}`,
      (arn: string) => arn.replace(/key\/(.*)$/, (_, id: string) => `key/${id.toUpperCase()}`),
    ),
    normalizeKeyArn,
    (value) => {
      const parsed = parseKeyArn(value);
      return parsed.ok ? undefined : parsed.problem;
    },
  );

  property(
    'e-mail addresses: no address stays no address inside <…> or after mailto:',
    fc.oneof(
      word,
      word.map((name) => `${name}@`),
      word.map((name) => `${name}@localhost`),
    ),
    fc.constantFrom(
      (text: string) => text,
      (text: string) => `Jane Doe <${text}>`,
      (text: string) => `mailto:${text}`,
    ),
    normalizeEmail,
    checkEmail,
  );

  const address = fc.tuple(word, word).map(([user, domain]) => `${user}@${domain}.example`);
  property(
    'e-mail addresses: two addresses in one entry stay an error, with or without names, whatever the separator',
    fc
      .tuple(address, address, fc.constantFrom(', ', ',', '; ', ' '))
      .map(([a, b, separator]) => `${a}${separator}${b}`),
    fc.constantFrom(
      (text: string) => text,
      (text: string) => text.replace(/[^,; ]+@[^,; ]+/g, (one) => `Jane Roe <${one}>`),
      (text: string) => text.replace(/[^,; ]+@[^,; ]+/g, (one) => `"Roe, Jane" <${one}>`),
      (text: string) => `<${text}>`,
      (text: string) => `mailto:${text}`,
    ),
    normalizeEmail,
    checkEmail,
  );

  // U+212A KELVIN SIGN looks like K and lower-cases to an ASCII "k" in JavaScript: pasted in place of a k,
  // the value names another host, domain, key or realm, and must stay an error.
  const K = '\u212A';
  const lookAlikes: [string, fc.Arbitrary<string>, (raw: string) => Normalized, Check][] = [
    [
      'site URL',
      word.map((name) => `https://${K}${name}.atlassian.net`),
      TEXT_FIELDS.siteUrl.normalize,
      TEXT_FIELDS.siteUrl.check,
    ],
    ['e-mail domain', word.map((name) => `jane@${K}${name}.example`), normalizeEmail, checkEmail],
    ['realm', fc.constant(`${K}r`), TEXT_FIELDS.realm.normalize, TEXT_FIELDS.realm.check],
    [
      'multi-Region key ID',
      fc
        .stringMatching(/^[0-9a-f]{32}$/)
        .map((hex) => `arn:aws:kms:eu-west-2:012345678901:key/mr${K}-${hex}`),
      normalizeKeyArn,
      (value) => {
        const parsed = parseKeyArn(value);
        return parsed.ok ? undefined : parsed.problem;
      },
    ],
  ];
  // Typed in upper or lower case: the ASCII letters change, the look-alike is what it is.
  const asciiCaseOf = fc.constantFrom(
    (text: string) => text,
    (text: string) => text.replace(/[a-z]/g, (letter) => letter.toUpperCase()),
    (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase()),
  );
  for (const [name, lookAlike, normalize, check] of lookAlikes) {
    property(
      `${name}: a look-alike of k (the Kelvin sign) stays an error in any case`,
      lookAlike,
      asciiCaseOf,
      normalize,
      check,
    );
  }

  property(
    'attachments: a name with characters the form refuses stays refused under any folder',
    fc.tuple(word, fc.constantFrom('?', '*', '<', '>', '|', '"')).map(([name, bad]) => `${name}${bad}.png`),
    fc.constantFrom(
      (name: string) => name,
      (name: string) => `C:\\Users\\jane\\${name}`,
      (name: string) => `/home/jane/${name}`,
    ),
    normalizeFileName,
    checkFileName,
  );
});
