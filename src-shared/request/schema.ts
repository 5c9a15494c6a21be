/**
 * The `cmk-rekey/request` file, version 1: its fields as a zod schema, built from the field registry
 * (fields.ts). The schema carries every rule: patterns, limits and (as metadata) the other values one
 * field's rules refuse, for the JSON Schema that ships in docs/, and the full rule set (validate.ts) as a
 * refinement in request-schema.ts, so that `RequestSchema.safeParse(x).success` and
 * `validateRequest(x).valid` can never disagree.
 */
import { z } from 'zod';
import { AWS_REGIONS, KEY_ID_PATTERN } from './aws.js';
import { REQUEST_FORMAT, REQUEST_VERSION } from './constants.js';
import {
  ATLASSIAN_EXAMPLE_ACCOUNT,
  ATLASSIAN_SERVICE_HOST,
  INVISIBLE_PATTERN,
  NOTHING_VISIBLE_PATTERN,
  characterCount,
} from './field-rules.js';
import { FIELDS, FIELD_NAMES, type FieldName, type FieldSpec } from './fields.js';
import { normalizeFileName, normalizeLine, normalizeText, type Normalized } from './normalize.js';

/** A canonical key ARN in one of AWS_REGIONS, with a key ID: what parseKeyArn accepts. */
export const KEY_ARN_PATTERN = `^arn:aws:kms:(${Object.keys(AWS_REGIONS).join('|')}):[0-9]{12}:key/(${KEY_ID_PATTERN})$`;

export const KeyPairSchema = z
  .strictObject({
    oldKeyArn: z
      .string()
      .regex(new RegExp(KEY_ARN_PATTERN))
      .meta({ description: 'Key ARN of the key in use now.' }),
    newKeyArn: z
      .string()
      .regex(new RegExp(KEY_ARN_PATTERN))
      .meta({ description: 'Key ARN of the key to re-encrypt with, in the same region as the old key.' }),
  })
  .meta({ description: 'One pair per region of the realm.' });

/**
 * What each field means, for the JSON Schema in docs/ only. Kept here, not in the registry, because the
 * renderer bundles the registry and would carry these texts without ever showing them.
 */
const FIELD_DESCRIPTIONS: Readonly<Partial<Record<FieldName, string>>> = {
  siteUrl: 'Any site of the organization, as https://host (no path).',
  participants: 'Extra people to notify, as e-mail addresses.',
  awsAccountId: 'The AWS account that holds the CMK keys: 12 digits, leading zeros kept.',
  impact: 'Impact level of the support ticket.',
  organizationId: 'Atlassian organization ID (the UUID after /o/ in admin.atlassian.com URLs).',
  realm: 'CMK realm of the organization.',
  timing: 'When Atlassian should start the re-encryption.',
  workingHours: 'Closest normal working hours, as chosen on the support form.',
  attachments: 'Names of files the admin will attach to the ticket.',
  notes: 'Extra text for the details field.',
};

type JsonSchema = Record<string, unknown>;

/**
 * Values that match a field's pattern and limits but that check refuses, for the JSON Schema only: zod's
 * metadata, so parsing is unchanged. Each is derived from the constant its rule uses.
 */
const INVISIBLE: readonly JsonSchema[] = [
  { pattern: INVISIBLE_PATTERN },
  { pattern: NOTHING_VISIBLE_PATTERN },
];
const REFUSED_VALUES: Readonly<Partial<Record<FieldName, readonly JsonSchema[]>>> = {
  siteUrl: [{ pattern: `^https://${ATLASSIAN_SERVICE_HOST}$` }],
  awsAccountId: [{ const: ATLASSIAN_EXAMPLE_ACCOUNT }],
  workingHours: INVISIBLE,
  phone: INVISIBLE,
  notes: INVISIBLE,
  /** Each entry. */
  attachments: INVISIBLE,
};

/** `\s` as ECMA-262 (and so JSON Schema) defines it: the characters String.prototype.trim removes. */
const SURROUNDING_SPACE = '^\\s|\\s$';

/**
 * Values a normaliser would change (check: `not-canonical`). The other normalisers' fields have patterns
 * that admit only values they leave as they are.
 */
function notCanonical(normalize: (raw: string) => Normalized): readonly JsonSchema[] {
  switch (normalize) {
    case normalizeLine:
      // It also turns every run of white space into one space.
      return [{ pattern: `${SURROUNDING_SPACE}|\\s{2}|[^\\S ]` }];
    case normalizeText:
    case normalizeFileName:
      return [{ pattern: SURROUNDING_SPACE }];
    default:
      return [];
  }
}

function refusing(refused: readonly JsonSchema[]): JsonSchema {
  if (refused.length === 0) return {};
  return { not: refused.length === 1 ? refused[0] : { anyOf: refused } };
}

/**
 * At most `max` characters as the rules count them (code points, as JSON Schema's maxLength does; zod's
 * .max counts UTF-16 units).
 */
function atMost(text: z.ZodString, max: number): z.ZodString {
  return text
    .refine((value) => characterCount(value) <= max, `At most ${String(max)} characters.`)
    .meta({ maxLength: max });
}

function fieldSchema(name: FieldName, spec: FieldSpec): z.ZodType {
  switch (spec.kind) {
    case 'text': {
      let text = z.string();
      if (spec.pattern !== undefined) text = text.regex(new RegExp(spec.pattern));
      if (spec.minLength !== undefined) text = text.min(spec.minLength);
      if (spec.maxLength !== undefined) text = atMost(text, spec.maxLength);
      // An empty value is refused too: required, or "leave out an empty field".
      const refused = [...(REFUSED_VALUES[name] ?? []), ...notCanonical(spec.normalize)];
      text = text.meta({ minLength: 1, ...refusing(refused) });
      return spec.optional ? text.optional() : text;
    }
    case 'choice':
      return z.enum(spec.choices as [string, ...string[]]);
    case 'list': {
      let entry = z.string();
      if (spec.entryMinLength !== undefined) entry = entry.min(spec.entryMinLength);
      if (spec.entryMaxLength !== undefined) entry = atMost(entry, spec.entryMaxLength);
      entry = entry
        .regex(new RegExp(spec.pattern))
        .meta(refusing([...(REFUSED_VALUES[name] ?? []), ...notCanonical(spec.normalize)]));
      // Check says "leave out an empty list" and refuses repeats (uniqueItems compares with case).
      return z.array(entry).max(spec.maxItems).meta({ minItems: 1, uniqueItems: true }).optional();
    }
    case 'keys':
      return z.array(KeyPairSchema).min(spec.minItems).max(spec.maxItems);
  }
}

function describedField(name: FieldName): z.ZodType {
  const schema = fieldSchema(name, FIELDS[name]);
  const description = FIELD_DESCRIPTIONS[name];
  return description === undefined ? schema : schema.meta({ description });
}

const fieldShape = Object.fromEntries(FIELD_NAMES.map((name) => [name, describedField(name)])) as Record<
  FieldName,
  z.ZodType
>;

export const RequestShape = z
  .strictObject({
    format: z.literal(REQUEST_FORMAT),
    version: z.literal(REQUEST_VERSION),
    ...fieldShape,
  })
  .meta({
    title: 'CMK Rekey re-encryption request',
    description: 'A request to Atlassian support to re-encrypt CMK-protected data with new AWS KMS keys.',
  });

export type KeyPair = z.infer<typeof KeyPairSchema>;

/** A valid request's shape (the registry builds the schema at run time, so the type is spelled out here). */
// A type, not an interface: requests are also handled as plain records.
export type Request = {
  format: typeof REQUEST_FORMAT;
  version: typeof REQUEST_VERSION;
  siteUrl: string;
  participants?: string[] | undefined;
  awsAccountId: string;
  impact: (typeof FIELDS.impact.choices)[number];
  organizationId: string;
  realm: (typeof FIELDS.realm.choices)[number];
  keys: KeyPair[];
  timing: (typeof FIELDS.timing.choices)[number];
  workingHours: string;
  phone?: string | undefined;
  attachments?: string[] | undefined;
  notes?: string | undefined;
};
