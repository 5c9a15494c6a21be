import { createRequire } from 'node:module';
import fc from 'fast-check';
import { isValidPhoneNumber, type MetadataJson } from 'libphonenumber-js/core';
import { describe, expect, it } from 'vitest';
import { PHONE_PLANS } from '../../../src-shared/request/phone-metadata.js';
import { isPhoneNumber, phoneProblem } from '../../../src-shared/request/phone-rule.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import { phonePlans, readMinMetadata, type MinMetadata } from '../../../scripts/gen-phone-metadata.js';
import { validRequest } from '../../fixtures/requests.js';

const require = createRequire(import.meta.url);
/** One example mobile number per country, shipped with libphonenumber-js (national significant number). */
const EXAMPLES = Object.entries(require('libphonenumber-js/examples.mobile.json') as Record<string, string>);
const MIN = readMinMetadata();
/** What the app answered before it had its own check: the reference ours must agree with. */
const reference = (text: string) => isValidPhoneNumber(text, MIN as unknown as MetadataJson);
const callingCode = (country: string) => String(MIN.countries[country]?.[0]);
const CALLING_CODES = [...Object.keys(MIN.country_calling_codes), ...Object.keys(MIN.nonGeographic)];
/** The only input class libphonenumber-js reads and ours does not (phone-rule.ts says why). */
const RFC_3966_PARAMETER = /;phone-context=|;isub=/;

const agrees = (text: string) => {
  expect(isPhoneNumber(text), JSON.stringify(text)).toBe(reference(text));
};

/** Every separator of the syntax (phone-rule.ts), and a few common pairs. */
const SEPARATORS = Array.from(
  '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff0f/\uff0e. \u00a0\u00ad',
);
SEPARATORS.push(...Array.from('\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d[]~\u2053\u223c\uff5e'));
SEPARATORS.push(' (', ') ', ' - ', ' / ');
const SEPARATOR = fc.oneof(fc.constant(''), fc.constantFrom(...SEPARATORS));
/** The syntax's digits: ASCII, full-width, Arabic-Indic, Eastern Arabic (each script's zero). */
const SCRIPT = fc.constantFrom(0x30, 0x30, 0xff10, 0x660, 0x6f0);
/** Writes ASCII digits in a script, with separators[i] before digit i. */
const written = (digits: string, separators: readonly string[], zero = 0x30) =>
  Array.from(digits, (digit, i) => (separators[i] ?? '') + String.fromCharCode(zero + Number(digit))).join(
    '',
  );
/** Extensions in each form the syntax knows, with digit runs on both sides of each form's limit. */
const EXTENSION_LABELS = [
  ' ext. ',
  ' ext',
  'Ext:',
  ' extn ',
  ' extension ',
  ' extensión ',
  ' extensio\u0301n ',
  '\tEXT.',
  ' anexo ',
];
EXTENSION_LABELS.push(
  ' \u0434\u043e\u0431 ',
  ' \uff45\uff58\uff54 ',
  ' x',
  'X ',
  ' #',
  ' \uff03',
  ' ~',
  ' int ',
);
EXTENSION_LABELS.push(';ext=', ',,', ';', ',', ', ', ' - ', '-', ' ');
const EXTENSION = fc.option(
  fc
    .tuple(fc.constantFrom(...EXTENSION_LABELS), fc.stringMatching(/^[0-9]{1,22}$/), fc.constantFrom('', '#'))
    .map((parts) => parts.join('')),
  { nil: '' },
);

describe('the phone rule answers as libphonenumber-js isValidPhoneNumber does', () => {
  it('with data generated from the pinned libphonenumber-js (npm run gen:phone-metadata)', () => {
    expect(PHONE_PLANS).toEqual(phonePlans(MIN));
    // Only what the check reads: well under half of the "min" metadata.
    expect(PHONE_PLANS.join('\n').length).toBeLessThan(JSON.stringify(MIN).length * 0.4);
  });

  it("on every country's example number, written several ways, and on its near misses", () => {
    let valid = 0;
    for (const [country, national] of EXAMPLES) {
      const code = callingCode(country);
      const head = national.slice(0, 3);
      const tail = national.slice(3);
      const variants = [
        `+${code}${national}`,
        `+${code} ${head} ${tail}`,
        `+${code}-${head}-${tail}`,
        `+${code} (${head}) ${tail}`,
        `+${code}.${head}.${tail}`,
        `+${code} / ${head}\u00a0${tail}`,
        `+${code} 0${national}`,
        `+${code} 1${national}`,
        `+${code} ${national} ext. 123`,
        `+${code} ${national} x45`,
        `+${code} ${national} (home)`,
        `+${written(code + national, [], 0xff10)}`,
        `+${code}${national.slice(0, -1)}`,
        `+${code}${national}7`,
        `+${code}9${national.slice(1)}`,
        `00${code}${national}`,
        national,
      ];
      variants.forEach(agrees);
      expect(isPhoneNumber(`+${code}${national}`), `${country} ${national}`).toBe(true);
      valid += variants.filter(isPhoneNumber).length;
    }
    // Written ways and near misses both: the comparison is not all "valid" nor all "invalid".
    expect(valid).toBeGreaterThan(EXAMPLES.length * 8);
    expect(valid).toBeLessThan(EXAMPLES.length * 15);
  });

  it('on numbers that start with a national prefix yet keep it, since they fit their plan only with it', () => {
    // Found by searching each calling code's plan for such numbers (libphonenumber-js's
    // shouldHaveExtractedNationalPrefix); the mobile examples above have none.
    const numbers = ['+7 80224468312228', '+54 1115181132', '+55 909866489', '+62 007393427140795'];
    numbers.push('+81 00789959406450575', '+82 00639764343', '+86 12516666328', '+250 06169648');
    numbers.push('+370 80764388', '+375 804285226', '+598 000419530883');
    for (const text of numbers) {
      expect(reference(text), text).toBe(true);
      agrees(text);
    }
  });

  it('on example numbers with one digit changed, added or removed, written with separators', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EXAMPLES),
        fc.constantFrom('change', 'add', 'remove', 'keep'),
        fc.nat(),
        fc.integer({ min: 0, max: 9 }),
        fc.array(SEPARATOR, { maxLength: 20 }),
        SCRIPT,
        EXTENSION,
        ([country, national], mutation, at, digit, separators, script, extension) => {
          const i = at % (national.length + 1);
          const mutated =
            mutation === 'change'
              ? national.slice(0, i) + String(digit) + national.slice(i + 1)
              : mutation === 'add'
                ? national.slice(0, i) + String(digit) + national.slice(i)
                : mutation === 'remove'
                  ? national.slice(0, i) + national.slice(i + 1)
                  : national;
          agrees(`+${callingCode(country)}${written(mutated, separators, script)}${extension}`);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('on any calling code followed by any run of digits, separators and an extension', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...CALLING_CODES), fc.stringMatching(/^[0-9]{1,3}$/)),
        // National prefixes (0, 1, 8, 9 and longer ones) before some runs.
        fc.constantFrom('', '', '0', '1', '8', '9', '00', '80', '06'),
        fc.stringMatching(/^[0-9]{0,19}$/),
        fc.array(SEPARATOR, { maxLength: 20 }),
        fc.constantFrom('', ' ', '-', '('),
        SCRIPT,
        EXTENSION,
        (code, prefix, digits, separators, afterPlus, script, extension) => {
          agrees(`+${afterPlus}${written(code + prefix + digits, separators, script)}${extension}`);
        },
      ),
      { numRuns: 6000 },
    );
  });

  it('outside the syntax: false, as libphonenumber-js answers, except for RFC 3966 parameters', () => {
    const pieces = fc.constantFrom(
      ...['+', '+44', '+1', '0', '20', '7946', '0958', '212', '555', '0123', ' ', '-', '(', ')', '.'],
      ...['\t', '\n', 'a', 'e', 'x', 't', ':', '=', ';', ',', '#', '*', '＋', '٤', 'tel:', 'ext'],
      ...[';phone-context=', ';isub=', ' (home)', 'call '],
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 14 }), fc.string({ maxLength: 6 }), (parts, noise) => {
        const text = parts.join('') + noise;
        if (RFC_3966_PARAMETER.test(text)) expect(isPhoneNumber(text), text).toBe(false);
        else agrees(text);
      }),
      { numRuns: 6000 },
    );
    // What each answers, ours first: only the RFC 3966 forms (a "tel:" URI's parameters) differ.
    const answers: [string, boolean, boolean][] = [
      ['+442079460958;isub=1234', false, true],
      ['tel:+44-20-7946-0958', false, false],
      [' +44 20 7946 0958', false, false],
      ['020 7946 0958', false, false],
      ['0044 20 7946 0958', false, false],
      ['＋44 20 7946 0958', false, false],
      ['+44 20 7946 0958 (home)', false, false],
      ['+44 20 7946 0958 x1234567890', false, false],
      ['+44 20 7946 0958 x123456789', true, true],
      ['+44 20 7946 0958'.padEnd(250), true, true],
      ['+44 20 7946 0958'.padEnd(251), false, false],
    ];
    for (const [text, ours, theirs] of answers) {
      expect([text, isPhoneNumber(text), reference(text)]).toEqual([text, ours, theirs]);
    }
    // libphonenumber-js reads a number in a phone context, but every other time only: its RFC 3966 patterns
    // are global regular expressions, whose lastIndex carries over from one call to the next.
    for (const text of ['2079460958;phone-context=+44', 'tel:2079460958;phone-context=+44']) {
      expect([isPhoneNumber(text), isPhoneNumber(text)]).toEqual([false, false]);
      expect([reference(text), reference(text)]).toContain(true);
    }
  });

  it('warns about a number without a country code only when the check is passed, as main and the CLI do', () => {
    const request = { ...validRequest('au'), phone: '020 7946 0958' };
    const codes = (phone?: (text: string) => string | undefined) =>
      validateRequest(request, { phone }).warnings.map((finding) => finding.code);
    expect(codes(phoneProblem)).toContain('phone.unparsed');
    expect(codes()).not.toContain('phone.unparsed');
    expect(
      validateRequest({ ...request, phone: '+44 20 7946 0958' }, { phone: phoneProblem }).warnings,
    ).toEqual([]);
  });

  it('phoneProblem decides as isPhoneNumber does: a problem exactly for the numbers it does not accept', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^\+[0-9 ]{1,16}$/),
          fc.constantFrom(...EXAMPLES.map(([country, national]) => `+${callingCode(country)} ${national}`)),
        ),
        (text) => {
          expect(phoneProblem(text) === undefined, JSON.stringify(text)).toBe(isPhoneNumber(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the phone data generator', () => {
  const plan = (pattern: string, types: unknown = 0) => [
    '9',
    '00',
    pattern,
    [8],
    0,
    '0',
    0,
    0,
    0,
    0,
    0,
    types,
  ];
  const metadata = (countries: Record<string, unknown[]>): MinMetadata => ({
    version: 4,
    country_calling_codes: { '9': Object.keys(countries) },
    countries,
    nonGeographic: {},
  });

  it('encodes a plan, its types and, where countries share a calling code, their leading digits', () => {
    const first = plan('[2-9]\\d{7}', [['2\\d{7}'], 0, ['', [8]], ['9\\d{7}', [8, 9]]]);
    const second = plan('5\\d{7}');
    second[10] = '5';
    expect(phonePlans(metadata({ AA: first, BB: second }))).toEqual([
      '9 0  [2-9]\\d{7}/8//2\\d{7}/9\\d{7};8,9 5\\d{7}/8/5',
    ]);
  });

  it('refuses metadata it could not encode so that the check reads it the same', () => {
    expect(() => phonePlans(metadata({ AA: plan('1 2') }))).toThrow(/unexpected metadata value/);
    expect(() => phonePlans(metadata({ AA: plan('1\\d', [['']]) }))).toThrow(/only empty types/);
    expect(() => phonePlans(metadata({ AA: plan('1\\d', Array(11).fill(['1'])) }))).toThrow(/too many types/);
    expect(() => phonePlans({ ...metadata({}), country_calling_codes: { '9': ['ZZ'] } })).toThrow(/no plan/);
    expect(() => phonePlans({ ...metadata({ AA: plan('1\\d') }), version: 5 })).toThrow(/metadata version 5/);
    const transform = plan('1\\d');
    transform[8] = '$1 2';
    expect(() => phonePlans(metadata({ AA: transform }))).toThrow(/unexpected metadata value/);
  });
});
