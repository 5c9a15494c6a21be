// Writes docs/request.schema.json and docs/policy.schema.json from the zod schemas (run after the build;
// tests keep them in sync).
import { writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../out/node/src-shared/policy/policy-schema.js';
import { requestJsonSchema } from '../out/node/src-shared/request/json-schema.js';

writeFileSync('docs/request.schema.json', JSON.stringify(requestJsonSchema(), null, 2) + '\n');
writeFileSync('docs/policy.schema.json', JSON.stringify(policyJsonSchema(), null, 2) + '\n');
console.log('wrote docs/request.schema.json and docs/policy.schema.json');
