// Writes docs/request.schema.json from the zod schema (run after the build; a test keeps them in sync).
import { writeFileSync } from 'node:fs';
import { requestJsonSchema } from '../out/node/src-shared/request/json-schema.js';

writeFileSync('docs/request.schema.json', JSON.stringify(requestJsonSchema(), null, 2) + '\n');
console.log('wrote docs/request.schema.json');
