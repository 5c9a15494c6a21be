/**
 * The one field registry: every field of a request declared once, with its label, form step, normaliser,
 * limits, draft default, ticket placement and rule. The request schema (schema.ts), the draft schema and
 * its mappers (drafts/), the form's normalisers, steps and labels (src-renderer/lib) all derive from it;
 * tests/unit/shared/fields.test.ts checks that every field reaches every one of them.
 * Zod-free, so the renderer can read it without loading zod.
 */
import type { StepId } from '../drafts/draft.js';
import { EMAIL_PATTERN, FILE_NAME_PATTERN, IMPACTS, LIMITS, SITE_URL_PATTERN, TIMINGS } from './constants.js';
import { ACCOUNT_ID_PATTERN, UUID_PATTERN } from './aws.js';
import {
  checkAccountId,
  checkChoice,
  checkEmail,
  checkFileName,
  checkOrganizationId,
  invisibleCharacter,
  checkSiteUrl,
  tooLong,
  type Problem,
} from './field-rules.js';
import {
  choiceNormalizer,
  normalizeAccountId,
  normalizeEmail,
  normalizeFileName,
  normalizeKeyArn,
  normalizeLine,
  normalizeOrganizationId,
  normalizeSiteUrl,
  normalizeText,
  type Normalized,
} from './normalize.js';
import { REALMS, REALM_IDS } from './realms.js';
import type { TicketFieldId } from './render.js';

interface FieldBase {
  /** What the field is called on screen and in messages. */
  readonly label: string;
  /** The form step that holds the field. */
  readonly step: StepId;
  /** The support-form field the value goes into (render.ts). */
  readonly ticket: TicketFieldId;
}

/** One line or paragraph of text, checked after normalising. */
export interface TextField extends FieldBase {
  readonly kind: 'text';
  readonly optional: boolean;
  readonly normalize: (raw: string) => Normalized;
  /** Checks a non-empty normalised value. */
  readonly check: (value: string) => Problem | undefined;
  /** The request format's pattern or length limits (schema.ts). */
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Longest text a draft keeps while the user is still typing. */
  readonly draftMax: number;
}

/** One of a fixed set of values. */
export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly optional: false;
  readonly choices: readonly string[];
  readonly normalize: (raw: string) => Normalized;
  readonly check: (value: string) => Problem | undefined;
}

/** An optional list of text values, each normalised and checked. */
export interface ListField extends FieldBase {
  readonly kind: 'list';
  readonly optional: true;
  readonly normalize: (raw: string) => Normalized;
  readonly check: (value: string) => Problem | undefined;
  readonly pattern: string;
  readonly maxItems: number;
  readonly entryMinLength?: number;
  readonly entryMaxLength?: number;
  readonly draftMaxItems: number;
  readonly draftEntryMax: number;
}

/** The key pairs: one per realm region (key-rules.ts has their rules). */
export interface KeysField extends FieldBase {
  readonly kind: 'keys';
  readonly optional: false;
  readonly normalize: (raw: string) => Normalized;
  readonly minItems: number;
  readonly maxItems: number;
  readonly draftMaxItems: number;
  readonly draftEntryMax: number;
}

export type FieldSpec = TextField | ChoiceField | ListField | KeysField;

const choice = (field: string, choices: readonly string[], describe: (choice: string) => string = String) =>
  checkChoice(field, choices, describe);

/** In the order of the request format (and of docs/request.schema.json). */
export const FIELDS = {
  siteUrl: {
    kind: 'text',
    label: 'Site URL',
    step: 'organization',
    ticket: 'siteUrl',
    optional: false,
    normalize: normalizeSiteUrl,
    check: checkSiteUrl,
    pattern: SITE_URL_PATTERN,
    draftMax: 2000,
  },
  participants: {
    kind: 'list',
    label: 'Extra participants',
    step: 'organization',
    ticket: 'participants',
    optional: true,
    normalize: normalizeEmail,
    check: checkEmail,
    pattern: EMAIL_PATTERN,
    maxItems: LIMITS.participants,
    draftMaxItems: 50,
    draftEntryMax: 320,
  },
  awsAccountId: {
    kind: 'text',
    label: 'AWS account ID',
    step: 'account',
    ticket: 'summary',
    optional: false,
    normalize: normalizeAccountId,
    check: checkAccountId,
    pattern: ACCOUNT_ID_PATTERN,
    draftMax: 100,
  },
  impact: {
    kind: 'choice',
    label: 'Impact level',
    step: 'timing',
    ticket: 'impact',
    optional: false,
    choices: IMPACTS,
    normalize: choiceNormalizer('upper', IMPACTS),
    check: choice('impact', IMPACTS),
  },
  organizationId: {
    kind: 'text',
    label: 'Organization ID',
    step: 'organization',
    ticket: 'details',
    optional: false,
    normalize: normalizeOrganizationId,
    check: checkOrganizationId,
    pattern: UUID_PATTERN,
    draftMax: 500,
  },
  realm: {
    kind: 'choice',
    label: 'Realm',
    step: 'account',
    ticket: 'details',
    optional: false,
    choices: REALM_IDS,
    normalize: choiceNormalizer('lower', REALM_IDS),
    check: (value: string) => {
      const problem = choice(
        'realm',
        REALM_IDS,
        (id) => `${id} (${REALMS[id as keyof typeof REALMS].name})`,
      )(value);
      return problem && { code: 'realm.unknown', message: problem.message };
    },
  },
  keys: {
    kind: 'keys',
    label: 'Key ARNs',
    step: 'keys',
    ticket: 'details',
    optional: false,
    normalize: normalizeKeyArn,
    minItems: 1,
    maxItems: 2,
    draftMaxItems: 4,
    draftEntryMax: 500,
  },
  timing: {
    kind: 'choice',
    label: 'Timing',
    step: 'timing',
    ticket: 'details',
    optional: false,
    choices: TIMINGS,
    normalize: choiceNormalizer('lower', TIMINGS),
    check: choice('timing', TIMINGS),
  },
  workingHours: {
    kind: 'text',
    label: 'Working hours',
    step: 'timing',
    ticket: 'workingHours',
    optional: false,
    normalize: normalizeLine,
    check: (value: string) =>
      tooLong('workingHours', value, LIMITS.workingHours) ?? invisibleCharacter('workingHours', value),
    minLength: 1,
    maxLength: LIMITS.workingHours,
    draftMax: 1000,
  },
  phone: {
    kind: 'text',
    label: 'Phone number',
    step: 'timing',
    ticket: 'phone',
    optional: true,
    normalize: normalizeLine,
    check: (value: string) => tooLong('phone', value, LIMITS.phone) ?? invisibleCharacter('phone', value),
    maxLength: LIMITS.phone,
    draftMax: 200,
  },
  attachments: {
    kind: 'list',
    label: 'Screenshots to attach',
    step: 'timing',
    ticket: 'attachments',
    optional: true,
    normalize: normalizeFileName,
    check: checkFileName,
    pattern: FILE_NAME_PATTERN,
    maxItems: LIMITS.attachments,
    entryMinLength: 1,
    entryMaxLength: LIMITS.fileName,
    draftMaxItems: 50,
    draftEntryMax: 1000,
  },
  notes: {
    kind: 'text',
    label: 'Notes for support',
    step: 'timing',
    ticket: 'details',
    optional: true,
    normalize: normalizeText,
    check: (value: string) => tooLong('notes', value, LIMITS.notes) ?? invisibleCharacter('notes', value),
    maxLength: LIMITS.notes,
    draftMax: 20000,
  },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;
export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];

type NamesOf<Kind extends FieldSpec['kind']> = {
  [Name in FieldName]: (typeof FIELDS)[Name]['kind'] extends Kind ? Name : never;
}[FieldName];

/** Fields holding one text value: free text and choices. */
export type TextFieldName = NamesOf<'text' | 'choice'>;
export type ListFieldName = NamesOf<'list'>;

export const TEXT_FIELD_NAMES = FIELD_NAMES.filter(
  (name): name is TextFieldName => FIELDS[name].kind === 'text' || FIELDS[name].kind === 'choice',
);
export const LIST_FIELD_NAMES = FIELD_NAMES.filter(
  (name): name is ListFieldName => FIELDS[name].kind === 'list',
);

/** Every field a version 1 request may have, in the format's order. */
export const REQUEST_FIELDS = ['format', 'version', ...FIELD_NAMES] as const;

export function isFieldName(name: string): name is FieldName {
  return Object.hasOwn(FIELDS, name);
}
