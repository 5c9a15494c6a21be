/** Every field of the registry reaches everything derived from it; nothing declares a field of its own. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { DraftRequestSchema, type DraftRequest } from '../../../src-shared/drafts/draft-schema.js';
import {
  draftFromRequest,
  emptyDraftRequest,
  notLoadedFields,
  requestFromDraft,
} from '../../../src-shared/drafts/draft.js';
import { requestJsonSchema } from '../../../src-shared/request/json-schema.js';
import { FIELDS, FIELD_NAMES, REQUEST_FIELDS, type FieldName } from '../../../src-shared/request/fields.js';
import { normalizeRequest } from '../../../src-shared/request/normalize-request.js';
import { ticketFields } from '../../../src-shared/request/render.js';
import { RequestShape, type Request } from '../../../src-shared/request/schema.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import { draftMaxLength, pathLabel, stepOfPath } from '../../../src-renderer/lib/paths.js';
import { VALID_REQUEST, without } from '../../fixtures/requests.js';

const draftShape = (DraftRequestSchema as unknown as z.ZodObject).shape;

describe('the field registry', () => {
  it('the shared fixture is valid and fills every field', () => {
    const result = validateRequest(VALID_REQUEST);
    expect(result).toMatchObject({ valid: true, errors: [] });
    // Its first old key has the key ID of AWS's documentation examples (the fixture predates that warning).
    expect(result.warnings.map((finding) => `${finding.path} ${finding.code}`)).toEqual([
      'keys[0].oldKeyArn keys.arn.aws-example',
    ]);
    expect(Object.keys(VALID_REQUEST)).toEqual([...REQUEST_FIELDS]);
  });

  it('the request type, the draft type and the registry name the same fields', () => {
    expectTypeOf<Exclude<keyof Request, 'format' | 'version'>>().toEqualTypeOf<FieldName>();
    expectTypeOf<keyof DraftRequest>().toEqualTypeOf<FieldName>();
  });

  it.each(FIELD_NAMES)(
    '%s: in the request schema, the JSON Schema, the draft schema and the empty draft',
    (name) => {
      expect(Object.keys(RequestShape.shape)).toContain(name);
      const schema = requestJsonSchema() as { properties: Record<string, unknown>; required: string[] };
      expect(Object.keys(schema.properties)).toContain(name);
      expect(schema.required.includes(name)).toBe(!FIELDS[name].optional);
      expect(Object.keys(draftShape)).toContain(name);
      expect(emptyDraftRequest()).toHaveProperty(name);
    },
  );

  it.each(FIELD_NAMES)(
    '%s: survives request → draft → request, and its absence is the rule the registry says',
    (name) => {
      expect(requestFromDraft(draftFromRequest(VALID_REQUEST))[name]).toEqual(VALID_REQUEST[name]);
      const missing = validateRequest(without(VALID_REQUEST, name));
      expect(missing.valid).toBe(FIELDS[name].optional);
    },
  );

  it.each(FIELD_NAMES)('%s: the form shows it on its step under its label', (name) => {
    expect(stepOfPath(name)).toBe(FIELDS[name].step);
    expect(pathLabel(name)).toBe(FIELDS[name].label);
  });

  it.each(FIELD_NAMES)('%s: its value lands in the ticket field the registry names', (name) => {
    const value = VALID_REQUEST[name];
    const probe =
      name === 'keys' ? VALID_REQUEST.keys[0]?.newKeyArn : Array.isArray(value) ? value[0] : value;
    const field = ticketFields(VALID_REQUEST).find((candidate) => candidate.id === FIELDS[name].ticket);
    expect(field?.value).toContain(
      name === 'impact' ? 'Level 1' : name === 'timing' ? 'Immediate' : name === 'realm' ? 'Europe' : probe,
    );
  });

  it.each(FIELD_NAMES)('%s: normalize tidies it', (name) => {
    const spec = FIELDS[name];
    const messy = (text: string) => `  ${text} `;
    const value = VALID_REQUEST[name];
    const input =
      spec.kind === 'keys'
        ? {
            ...VALID_REQUEST,
            keys: VALID_REQUEST.keys.map((pair) => ({ ...pair, oldKeyArn: messy(pair.oldKeyArn) })),
          }
        : {
            ...VALID_REQUEST,
            [name]: Array.isArray(value) ? (value as string[]).map(messy) : messy(String(value)),
          };
    const { request, changes } = normalizeRequest(input);
    expect(request).toEqual(VALID_REQUEST);
    expect(changes.some((change) => change.path.startsWith(name))).toBe(true);
  });
});

// The request's limits count characters (code points); what a draft keeps, the vault's IPC schemas and the
// form's maxlength count UTF-16 units, as the browser does. One character is at most two units.
describe('a request at its length limits, in characters of two UTF-16 units each', () => {
  const EMOJI = '\u{1F600}';
  const atLimits = {
    ...VALID_REQUEST,
    workingHours: EMOJI.repeat(FIELDS.workingHours.maxLength),
    phone: EMOJI.repeat(FIELDS.phone.maxLength),
    notes: EMOJI.repeat(FIELDS.notes.maxLength),
    attachments: [`${EMOJI.repeat(FIELDS.attachments.entryMaxLength - 4)}.png`],
  };

  it("is valid, and opens as a draft whole that main's draft schema accepts", () => {
    expect(validateRequest(atLimits).errors).toEqual([]);
    const draft = draftFromRequest(atLimits);
    expect(notLoadedFields(atLimits, draft)).toEqual([]);
    expect(DraftRequestSchema.safeParse(draft).success).toBe(true);
    expect(requestFromDraft(draft)).toEqual(atLimits);
  });

  it.each([
    ['workingHours', atLimits.workingHours],
    ['phone', atLimits.phone],
    ['notes', atLimits.notes],
    ['attachments[0]', atLimits.attachments[0] ?? ''],
  ])("%s: the form's field takes it (maxlength)", (path, value) => {
    expect(value.length).toBeLessThanOrEqual(draftMaxLength(path) ?? 0);
  });
});
