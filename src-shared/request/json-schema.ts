/** The JSON Schema of the request file, generated from the zod schema (docs/request.schema.json). */
import { z } from 'zod';
import { RequestShape } from './schema.js';

export const REQUEST_SCHEMA_ID = 'urn:cmk-rekey:request:v1';

/**
 * Refuses what validateRequest refuses for a reason local to one field; the rules that compare values are
 * left to it (docs/request-format.md lists them, json-schema-agrees.test.ts checks both).
 */
export function requestJsonSchema(): Record<string, unknown> {
  return { $id: REQUEST_SCHEMA_ID, ...z.toJSONSchema(RequestShape, { target: 'draft-2020-12' }) };
}
