import { createRequire } from 'node:module';
import fc from 'fast-check';
import { isValidPhoneNumber } from 'libphonenumber-js/core';
import { describe, expect, it } from 'vitest';
import { PHONE_METADATA } from '../../../src-shared/request/phone-metadata.js';
import { isPhoneNumber } from '../../../src-shared/request/phone-rule.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import { readMinMetadata, withoutFormats } from '../../../scripts/gen-phone-metadata.js';
import { validRequest } from '../../fixtures/requests.js';

const require = createRequire(import.meta.url);
/** One example mobile number per country, shipped with libphonenumber-js (national significant number). */
const EXAMPLES = require('libphonenumber-js/examples.mobile.json') as Record<string, string>;
const MIN = readMinMetadata();
const callingCode = (country: string) =>
  ((MIN as unknown as { countries: Record<string, [string]> }).countries[country] ?? [''])[0];
/** What the full "min" metadata says: the reference the smaller set must agree with. */
const reference = (text: string) => isValidPhoneNumber(text, MIN);

describe('the phone rule', () => {
  it('uses the min metadata of the pinned libphonenumber-js, less its formats (npm run gen:phone-metadata)', () => {
    expect(PHONE_METADATA).toEqual(withoutFormats(MIN));
    expect(JSON.stringify(PHONE_METADATA).length).toBeLessThan(JSON.stringify(MIN).length * 0.5);
  });

  it("reads every country's example number, and its near misses, as the full metadata does", () => {
    let valid = 0;
    for (const [country, national] of Object.entries(EXAMPLES)) {
      const code = callingCode(country);
      const variants = [
        `+${code}${national}`,
        `+${code} ${national.slice(0, 3)} ${national.slice(3)}`,
        `+${code}${national.slice(0, -1)}`,
        `+${code}${national}7`,
        `+${code}9${national.slice(1)}`,
        `00${code}${national}`,
        national,
      ];
      for (const text of variants) {
        expect(isPhoneNumber(text), text).toBe(reference(text));
        if (reference(text)) valid += 1;
      }
    }
    expect(valid).toBeGreaterThan(Object.keys(EXAMPLES).length); // the comparison is not all "invalid"
  });

  it('agrees with the full metadata on any + and digits', () => {
    const codes = Object.keys((MIN as unknown as { country_calling_codes: object }).country_calling_codes);
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.stringMatching(/^[0-9 ()-]{0,16}$/), (code, rest) => {
        expect(isPhoneNumber(`+${code}${rest}`)).toBe(reference(`+${code}${rest}`));
      }),
      { numRuns: 3000 },
    );
  });

  it('warns about a number without a country code only when the check is passed, as main and the CLI do', () => {
    const request = { ...validRequest('au'), phone: '020 7946 0958' };
    const codes = (phone?: (text: string) => boolean) =>
      validateRequest(request, { phone }).warnings.map((finding) => finding.code);
    expect(codes(isPhoneNumber)).toContain('phone.unparsed');
    expect(codes()).not.toContain('phone.unparsed');
    expect(
      validateRequest({ ...request, phone: '+44 20 7946 0958' }, { phone: isPhoneNumber }).warnings,
    ).toEqual([]);
  });
});
