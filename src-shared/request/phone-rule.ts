/**
 * The phone rule's check: does the text read as a valid international phone number? It answers as
 * libphonenumber-js's isValidPhoneNumber(text) does with its "min" metadata and no default country, without
 * that library's code (about 38 KB): the steps below follow its source (1.13.16, files named in brackets),
 * and phone-metadata.ts holds the part of its metadata they read. tests/unit/shared/phone-rule.test.ts
 * compares the two answers. Main and the CLI import this module; the renderer loads it the first time a
 * draft has a phone number and passes isPhoneNumber to validateRequest.
 *
 * The syntax read (libphonenumber-js's, for the whole text), at most 250 characters:
 * - "+" first. Only an ASCII "+" makes the number international; without one there is no country to read
 *   the number in, so the answer is false (a full-width "＋" passes the syntax but does not count).
 * - Then at least three digits mixed with separators. Digits: ASCII, full-width, Arabic-Indic, Eastern
 *   Arabic. Separators: spaces (also no-break, zero-width, ideographic, soft hyphen), hyphens and dashes,
 *   slashes, dots, parentheses, square brackets, tildes, and their full-width forms.
 * - Optionally an extension at the end, which is not checked: "ext", "ext.", "extn", "extension",
 *   "extensión", "anexo" or "доб" and up to 20 digits; "x", "#", "~" or "int" and up to 9; ";ext=" and up
 *   to 20; ",," or ";" and up to 15; "," and up to 9; a hyphen or space, up to 6 digits and "#". Letters
 *   in any case, full-width forms too; spaces, tabs and commas may come before a label.
 * Anything else is false. That includes RFC 3966 parameters (";phone-context=", ";isub="), which
 * libphonenumber-js reads: "+442079460958;isub=1" is valid there and false here.
 *
 * Then, as the library decides: the calling code (one to three digits) gives the plans to read the rest
 * with; a national prefix written after it ("+44 0 20...") is dropped unless the number fits only with
 * it; where countries share the calling code, leading digits or number types tell which country's plan
 * applies; the national number must match that plan's pattern and, if the plan lists types, one of them.
 * A few steps (the national number's length limits, types' own lengths, a country without types never
 * picked by them, "too long" counting as possible when dropping a prefix) changed no answer in the tests
 * with today's metadata; they stay so that regenerated metadata is read as the library reads it.
 */
import { PHONE_PLANS } from './phone-metadata.js';

/** [constants.js] VALID_DIGITS: in each range the digit's value is its code point modulo 16. */
const DIGITS = '0-9\uFF10-\uFF19\u0660-\u0669\u06F0-\u06F9';
/** [constants.js] VALID_PUNCTUATION: dashes, slashes, dots, spaces, brackets, tildes. */
const SEPARATORS =
  '\\-\u2010-\u2015\u2212\u30FC\uFF0D\uFF0F/\uFF0E. \u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D\\[\\]~\u2053\u223C\uFF5E';
/** [parse.js] longer text is not read at all, so that no input costs much time. */
const MAX_TEXT_LENGTH = 250;
/** [constants.js] MIN_LENGTH_FOR_NSN, MAX_LENGTH_FOR_NSN: the national number's length limits. */
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
/** [constants.js] MAX_LENGTH_COUNTRY_CODE */
const MAX_CALLING_CODE_LENGTH = 3;

/** [extension/createExtensionPattern.js] the extension forms, each with its limit on digits. */
function extensionPattern(): string {
  const digits = (max: number) => `[${DIGITS}]{1,${String(max)}}`;
  const beforeLabel = '[ \u00A0\\t,]*';
  const afterLabel = '[:\\.\uFF0E]?[ \u00A0\\t,-]*';
  const labels = '(?:e?xt(?:ensi(?:o\u0301?|\u00F3))?n?|\uFF45?\uFF58\uFF54\uFF4E?|\u0434\u043E\u0431|anexo)';
  const shortLabels = '(?:[x\uFF58#\uFF03~\uFF5E]|int|\uFF49\uFF4E\uFF54)';
  return [
    `;ext=${digits(20)}`,
    `${beforeLabel}${labels}${afterLabel}${digits(20)}#?`,
    `${beforeLabel}${shortLabels}${afterLabel}${digits(9)}#?`,
    `[- ]+${digits(6)}#`,
    `[ \u00A0\\t]*(?:,{2}|;)${afterLabel}${digits(15)}#?`,
    `[ \u00A0\\t]*(?:,)+${afterLabel}${digits(9)}#?`,
  ].join('|');
}

const EXTENSION = extensionPattern();
/** [helpers/isViablePhoneNumber.js] the whole text in the syntax above. */
const VIABLE = new RegExp(
  `^[+\uFF0B]?(?:[${SEPARATORS}]*[${DIGITS}]){3,}[${SEPARATORS}${DIGITS}]*(?:${EXTENSION})?$`,
  'i',
);
/** [helpers/extension/extractExtension.js] where the extension starts. */
const EXTENSION_AT_END = new RegExp(`(?:${EXTENSION})$`, 'i');
const DIGIT = new RegExp(`[${DIGITS}]`, 'g');

interface NumberType {
  readonly pattern: string;
  readonly lengths: readonly number[];
}

/** A country's numbering plan, or a non-geographic calling code's. */
interface Plan {
  readonly pattern: string;
  readonly lengths: readonly number[];
  /** Set only where countries share the calling code. */
  readonly leadingDigits: string;
  /** Empty when the plan validates by its pattern alone. */
  readonly types: readonly NumberType[];
}

interface CallingCode {
  /** The main plan's national prefix for parsing (a pattern, maybe with groups) and its transform rule. */
  readonly prefix: string;
  readonly transform: string;
  /** The main plan first. */
  readonly plans: readonly [Plan, ...Plan[]];
}

const lengthsOf = (text: string): number[] => text.split(',').map(Number);

function decodePlan(text: string): Plan {
  const [pattern = '', lengths = '', leadingDigits = '', ...types] = text.split('/');
  const planLengths = lengthsOf(lengths);
  return {
    pattern,
    lengths: planLengths,
    leadingDigits,
    types: types.map((type) => {
      const [typePattern = '', typeLengths] = type.split(';');
      return {
        pattern: typePattern,
        lengths: typeLengths === undefined ? planLengths : lengthsOf(typeLengths),
      };
    }),
  };
}

/** Calling code → what to read its numbers with (the line format is in scripts/gen-phone-metadata.ts). */
const CALLING_CODES = new Map(
  PHONE_PLANS.map((line): [string, CallingCode] => {
    const [code = '', prefix = '', transform = '', main = '', ...others] = line.split(' ');
    return [code, { prefix, transform, plans: [decodePlan(main), ...others.map(decodePlan)] }];
  }),
);

/** [helpers/matchesEntirely.js] */
const matches = (pattern: string, text: string): boolean => new RegExp(`^(?:${pattern})$`).test(text);

/** [isValid.js, helpers/getNumberType.js] the plan's pattern, and one of its types if it has types. */
function isValidIn(plan: Plan, national: string): boolean {
  if (!matches(plan.pattern, national)) return false;
  return (
    plan.types.length === 0 ||
    plan.types.some((type) => type.lengths.includes(national.length) && matches(type.pattern, national))
  );
}

/**
 * [helpers/getCountryByCallingCode.js, getCountryByNationalNumber.js] the plan a national number is read
 * with: where countries share a calling code, the first country whose leading digits start the number or,
 * for one without leading digits, whose types make it valid; else the main plan. (A calling code of one
 * plan gives that plan either way: only shared calling codes keep leading digits.)
 */
function planFor(code: CallingCode, national: string): Plan {
  const country = code.plans.find((plan) =>
    plan.leadingDigits === ''
      ? plan.types.length > 0 && isValidIn(plan, national)
      : national !== '' && national.search(new RegExp(plan.leadingDigits)) === 0,
  );
  return country ?? code.plans[0];
}

/** [helpers/checkNumberLength.js] only too short or between the possible lengths is impossible. */
function isPossibleLength(plan: Plan, length: number): boolean {
  const shortest = plan.lengths[0] ?? 0;
  const longest = plan.lengths[plan.lengths.length - 1] ?? 0;
  return length >= shortest && (length > longest || plan.lengths.includes(length));
}

/**
 * [helpers/extractNationalNumber.js, extractNationalNumberFromPossiblyIncompleteNumber.js] the number
 * without a national prefix written after the calling code ("+44 0 20 ..."), unless the number fits the
 * main plan only with it, or is too short without it.
 */
function withoutNationalPrefix(code: CallingCode, number: string): string {
  if (code.prefix === '') return number;
  const prefix = new RegExp(`^(?:${code.prefix})`);
  const match = prefix.exec(number);
  if (match === null) return number;
  // The transform rule applies when the prefix pattern's last group matched something.
  const national =
    code.transform !== '' && match.length > 1 && Boolean(match[match.length - 1])
      ? number.replace(prefix, code.transform)
      : number.slice(match[0].length);
  if (national === number) return number;
  const main = code.plans[0];
  if (matches(main.pattern, number) && !matches(main.pattern, national)) return number;
  return isPossibleLength(planFor(code, national), national.length) ? national : number;
}

/** [helpers/extractCountryCallingCode.js] the calling code the digits after the "+" start with. */
function callingCodeOf(digits: string): string | undefined {
  // No calling code starts with another, so the first one found is the number's.
  for (let length = 1; length <= MAX_CALLING_CODE_LENGTH; length += 1) {
    if (CALLING_CODES.has(digits.slice(0, length))) return digits.slice(0, length);
  }
  return undefined;
}

/** [parse.js, PhoneNumber.js isValid] digits after the "+". */
function isValidInternational(digits: string): boolean {
  const callingCode = callingCodeOf(digits);
  const code = callingCode === undefined ? undefined : CALLING_CODES.get(callingCode);
  if (callingCode === undefined || code === undefined) return false;
  const national = withoutNationalPrefix(code, digits.slice(callingCode.length));
  if (national.length < MIN_NATIONAL_LENGTH || national.length > MAX_NATIONAL_LENGTH) return false;
  return isValidIn(planFor(code, national), national);
}

const digitsOf = (text: string) =>
  (text.match(DIGIT) ?? []).map((digit) => digit.charCodeAt(0) % 16).join('');

/** Whether the text reads as a valid international phone number (the syntax and steps are above). */
export function isPhoneNumber(text: string): boolean {
  if (text.length > MAX_TEXT_LENGTH || !text.startsWith('+') || !VIABLE.test(text)) return false;
  const extension = text.search(EXTENSION_AT_END);
  return isValidInternational(digitsOf(extension < 0 ? text : text.slice(0, extension)));
}

/**
 * What is wrong with a phone number isPhoneNumber does not accept, or undefined when it does. A text
 * that already starts with + and a calling code is told so, not asked to add them.
 */
export function phoneProblem(text: string): string | undefined {
  if (isPhoneNumber(text)) return undefined;
  const callingCode = /^\+\s*[0-9]/.test(text) ? callingCodeOf(digitsOf(text)) : undefined;
  return callingCode === undefined
    ? 'This does not read as an international phone number. Write it with + and the country code, like +44 20 7946 0958.'
    : `This is not a valid number for +${callingCode}, the country calling code it starts with. Check the digits after it.`;
}
