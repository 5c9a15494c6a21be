/** The request schema with every rule attached: what main parses untrusted requests with. */
import { z } from 'zod';
import { pathSegments } from './findings.js';
import { RequestShape, type Request } from './schema.js';
import { validateRequest } from './validate.js';

// The shape is built from the registry at run time; `Request` spells out its type (fields.test.ts checks both).
const typedShape = RequestShape as unknown as z.ZodType<Request, Request>;

export const RequestSchema: z.ZodType<Request> = typedShape.superRefine((request, context) => {
  for (const finding of validateRequest(request).errors) {
    context.addIssue({
      code: 'custom',
      path: pathSegments(finding.path),
      message: finding.message,
      params: { code: finding.code },
    });
  }
});
