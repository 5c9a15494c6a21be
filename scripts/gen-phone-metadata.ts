// Writes src-shared/request/phone-metadata.ts: from libphonenumber-js's "min" metadata, only what the phone
// rule (src-shared/request/phone-rule.ts) reads to decide whether an international number is valid, in the
// order and form libphonenumber-js reads it. tests/unit/shared/phone-rule.test.ts checks the committed file
// against this script and the pinned libphonenumber-js, and that the rule answers as isValidPhoneNumber does.
//
// One line per calling code, fields separated by spaces (no pattern contains a space, "/" or ";"):
//   <calling code> <national prefix for parsing> <its transform rule> <plan> <plan> ...
// The prefix fields are the first plan's (libphonenumber-js strips a prefix with the calling code's main
// plan only) and may be empty. A plan is one country (the main one first), or the calling code's
// non-geographic plan:
//   <national number pattern>/<possible lengths>/<leading digits>/<type>/<type>...
// Leading digits are kept only where countries share a calling code (nothing else reads them). Types are the
// patterns of the plan's number types (fixed line, mobile, ...) in metadata order, empty ones left out (they
// never match); a type is `<pattern>` or `<pattern>;<its own possible lengths>`. Formats, IDD prefixes and
// the rest are not read when validating, so they are left out.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** A plan as metadata.min.json stores it: an array indexed as libphonenumber-js's metadata.js reads it. */
type PlanJson = unknown[];
export interface MinMetadata {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, PlanJson>;
  nonGeographic: Record<string, PlanJson>;
}

// Indexes into a plan (libphonenumber-js source/metadata.js, for this metadata version).
const METADATA_VERSION = 4;
const PATTERN = 2;
const LENGTHS = 3;
const NATIONAL_PREFIX = 5;
const PREFIX_FOR_PARSING = 7;
const PREFIX_TRANSFORM = 8;
const LEADING_DIGITS = 10;
const TYPES = 11;
const MAX_TYPES = 10;
/** Characters the encoding uses as separators; the generator refuses a pattern containing one. */
const SEPARATORS = /[ /;\n]/;
/** A transform rule is a field of its line only. */
const LINE_SEPARATORS = /[ \n]/;

export function readMinMetadata(): MinMetadata {
  const path = new URL('../node_modules/libphonenumber-js/metadata.min.json', import.meta.url);
  return JSON.parse(readFileSync(path, 'utf8')) as MinMetadata;
}

function text(plan: PlanJson, index: number, separators = SEPARATORS): string {
  const value = plan[index];
  if (value === undefined || value === 0) return '';
  if (typeof value !== 'string' || separators.test(value))
    throw new Error(`unexpected metadata value ${JSON.stringify(value)}`);
  return value;
}

function lengths(value: unknown): string {
  if (!Array.isArray(value) || value.length === 0 || !value.every((n) => Number.isInteger(n)))
    throw new Error(`unexpected possible lengths ${JSON.stringify(value)}`);
  return value.join(',');
}

function planLine(plan: PlanJson, shared: boolean): string {
  // An absent type is 0, as is an absent list of types (then the plan validates with its pattern alone).
  const typed = Array.isArray(plan[TYPES]) && plan[TYPES].length > 0;
  // libphonenumber-js reads ten types (source/metadata.js getType); a longer list would hold one it ignores.
  if (typed && (plan[TYPES] as unknown[]).length > MAX_TYPES) throw new Error('a plan with too many types');
  const types = (typed ? (plan[TYPES] as unknown[]) : [])
    .filter((type): type is unknown[] => Array.isArray(type) && type[0] !== '')
    .map((type) => (type[1] === undefined ? text(type, 0) : `${text(type, 0)};${lengths(type[1])}`));
  // A plan whose types are all empty would never be valid, and this encoding could not tell it from a plan
  // without types.
  if (typed && types.length === 0) throw new Error('a plan with only empty types');
  const leading = shared ? text(plan, LEADING_DIGITS) : '';
  return [text(plan, PATTERN), lengths(plan[LENGTHS]), leading, ...types].join('/');
}

/** The phone rule's data, one line per calling code (the format is described at the top of this file). */
export function phonePlans(metadata: MinMetadata): string[] {
  if (metadata.version !== METADATA_VERSION) throw new Error(`metadata version ${String(metadata.version)}`);
  // [metadata.js hasCallingCode] countries' calling codes, then the non-geographic ones (none is listed
  // among the countries' in metadata version 4; a calling code never starts another, so order is free).
  const codes: [string, (PlanJson | undefined)[]][] = [
    ...Object.entries(metadata.country_calling_codes).map(
      ([code, countries]): [string, (PlanJson | undefined)[]] => [
        code,
        countries.map((country) => metadata.countries[country]),
      ],
    ),
    ...Object.entries(metadata.nonGeographic).map(([code, plan]): [string, PlanJson[]] => [code, [plan]]),
  ];
  return codes.map(([code, plans]) => {
    const main = plans[0];
    if (main === undefined || plans.some((plan) => plan === undefined))
      throw new Error(`no plan for calling code ${code}`);
    const prefix = text(main, PREFIX_FOR_PARSING) || text(main, NATIONAL_PREFIX);
    const transform = text(main, PREFIX_TRANSFORM, LINE_SEPARATORS);
    const shared = plans.length > 1;
    return [code, prefix, transform, ...plans.map((plan) => planLine(plan as PlanJson, shared))].join(' ');
  });
}

export function phoneMetadataSource(metadata: MinMetadata): string {
  const lines = phonePlans(metadata)
    .map((line) => `  ${JSON.stringify(line)},`)
    .join('\n');
  return `// Generated by \`npm run gen:phone-metadata\` from libphonenumber-js's metadata.min.json; do not edit.
// The format is described in scripts/gen-phone-metadata.ts.

/** What the phone rule reads of libphonenumber-js's "min" metadata, one line per calling code. */
export const PHONE_PLANS: readonly string[] = [
${lines}
];
`;
}

export const PHONE_METADATA_FILE = new URL('../src-shared/request/phone-metadata.ts', import.meta.url);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(PHONE_METADATA_FILE, phoneMetadataSource(readMinMetadata()));
  spawnSync('npx', ['--no-install', 'prettier', '--write', PHONE_METADATA_FILE.pathname], {
    stdio: 'inherit',
  });
  console.log(`wrote ${PHONE_METADATA_FILE.pathname}`);
}
