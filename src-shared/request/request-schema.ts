/** The request schema with every rule attached: what main parses untrusted requests with. */
import { z } from 'zod';
import { pathSegments } from './findings.js';
import { RequestShape, type Request } from './schema.js';
import { validateRequest } from './validate.js';

export const RequestSchema: z.ZodType<Request> = RequestShape.superRefine((request, context) => {
  for (const finding of validateRequest(request).errors) {
    context.addIssue({
      code: 'custom',
      path: pathSegments(finding.path),
      message: finding.message,
      params: { code: finding.code },
    });
  }
});
