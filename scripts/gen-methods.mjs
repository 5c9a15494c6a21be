// Writes src-shared/ipc/methods.ts, the contract's method names without its schemas, from the compiled
// contract (the npm script compiles first). The preload builds the API from that list so that it bundles
// no zod; tests/unit/main/preload.test.ts fails when the list and the contract differ.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { METHODS } from '../out/node/src-shared/ipc/contract.js';

const target = 'src-shared/ipc/methods.ts';
const source = `// Generated from CONTRACT (contract.ts) by \`npm run gen:methods\`; do not edit by hand.
/** The contract's method names in its order, without its zod schemas: the preload builds its API from these. */
export const METHOD_NAMES = [
${METHODS.map((method) => `  '${method}',`).join('\n')}
] as const;
`;
writeFileSync(target, source);
spawnSync('npx', ['--no-install', 'prettier', '--write', target], { stdio: 'inherit' });
console.log(`wrote ${target} (${String(METHODS.length)} methods)`);
