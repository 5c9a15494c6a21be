/** The JSON Schema of the request file, generated from the zod schema (docs/request.schema.json). */
import { z } from 'zod';
import { RequestShape } from './schema.js';

export const REQUEST_SCHEMA_ID = 'urn:cmk-rekey:request:v1';

/** Structure and patterns only: cross-field rules live in validateRequest and `cmk-rekey check`. */
export function requestJsonSchema(): Record<string, unknown> {
  return { $id: REQUEST_SCHEMA_ID, ...z.toJSONSchema(RequestShape, { target: 'draft-2020-12' }) };
}
