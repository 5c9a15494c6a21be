// `npm test`: build, run every suite (Vitest: unit + CLI; Playwright: end to end in Chromium), then
// print one plain summary line summing them all. Exits non-zero if anything failed or nothing ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'out/test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

function run(command, args, env = {}) {
  const child = spawnSync('npx', ['--no-install', command, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return child.status ?? 1;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const build = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const vitestStatus = run('vitest', [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}/vitest.json`,
]);
const playwrightStatus = run('playwright', ['test']);

const totals = { passed: 0, failed: 0, skipped: 0 };
const vitest = readJson(`${results}/vitest.json`);
if (vitest === undefined) totals.failed += 1;
else {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests + (vitest.numRuntimeErrors ?? 0);
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
const playwright = readJson(`${results}/playwright.json`);
if (playwright === undefined) totals.failed += 1;
else {
  totals.passed += playwright.stats.expected + playwright.stats.flaky;
  totals.failed += playwright.stats.unexpected;
  totals.skipped += playwright.stats.skipped;
}
if (totals.failed === 0 && (vitestStatus !== 0 || playwrightStatus !== 0)) totals.failed += 1;

console.log(
  `\nVitest: ${vitestStatus === 0 ? 'ok' : 'FAILED'}; Playwright: ${playwrightStatus === 0 ? 'ok' : 'FAILED'}`,
);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
