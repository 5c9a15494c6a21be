// `npm run bench`: validate + render a full dual-region request (the form re-validates on every keystroke).
// Target: under 50 µs per validation. Runs the compiled code in out/node (npm run build first).
import { performance } from 'node:perf_hooks';
import { render } from '../out/node/src-shared/request/render.js';
import { validateRequest } from '../out/node/src-shared/request/validate.js';
// The one valid request every test suite and benchmark shares.
import request from '../tests/fixtures/valid-request.json' with { type: 'json' };

if (!validateRequest(request).valid) throw new Error('the benchmark request must be valid');

function measure(name, operation, rounds = 7, iterations = 20_000) {
  for (let i = 0; i < 2_000; i++) operation(); // warm up the JIT
  const perOperation = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) operation();
    perOperation.push(((performance.now() - start) * 1000) / iterations);
  }
  perOperation.sort((a, b) => a - b);
  const median = perOperation[Math.floor(rounds / 2)];
  return { name, medianMicroseconds: median, operationsPerSecond: Math.round(1e6 / median) };
}

const results = [
  measure('validate', () => validateRequest(request)),
  measure('render text', () => render(request, 'text')),
  measure('validate + render', () => {
    validateRequest(request);
    render(request, 'text');
  }),
];

console.log('operation            median µs/op     ops/s');
for (const result of results) {
  console.log(
    `${result.name.padEnd(20)} ${result.medianMicroseconds.toFixed(2).padStart(12)} ${String(result.operationsPerSecond).padStart(9)}`,
  );
}
const validation = results[0].medianMicroseconds;
const verdict = validation < 50 ? 'met' : 'MISSED';
console.log(`target: validation under 50 µs: ${verdict} (${validation.toFixed(2)} µs)`);
if (verdict === 'MISSED') process.exitCode = 1;
