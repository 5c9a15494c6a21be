// `npm run bench:ui`: renderer bundle size (JS and CSS, raw and gzip) and the time from navigation to an
// interactive first step in headless Chromium (median of 10 runs). Targets: JS < 80 KB gzip, < 150 ms.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, RENDERER_DIR, serveRenderer } from '../tests/support/serve-renderer.js';

const RUNS = 10;
const assets = join(RENDERER_DIR, 'assets');

function sizes(extension: string): { raw: number; gzip: number } {
  const files = readdirSync(assets).filter((name) => name.endsWith(extension));
  return files.reduce(
    (total, name) => {
      const bytes = readFileSync(join(assets, name));
      return { raw: total.raw + bytes.length, gzip: total.gzip + gzipSync(bytes, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const js = sizes('.js');
const css = sizes('.css');

const server = await serveRenderer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const timings: number[] = [];
for (let run = 0; run < RUNS + 1; run++) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    // The preload's API exists before any page script in the app; a stub answers appInfo here.
    Object.defineProperty(window, 'cmkRekey', {
      value: new Proxy({}, { get: () => () => Promise.resolve({ ok: false, code: 'cancelled', message: '' }) }),
    });
  });
  const page = await context.newPage();
  await page.goto(`${server.origin}/index.html`, { waitUntil: 'commit' });
  await page.waitForFunction(() => performance.getEntriesByName('cmk-rekey:interactive').length > 0);
  const interactive = await page.evaluate(() => performance.getEntriesByName('cmk-rekey:interactive')[0]?.startTime ?? NaN);
  if (run > 0) timings.push(interactive); // the first run warms Chromium's caches and is left out
  await context.close();
}
await browser.close();
await server.close();

timings.sort((a, b) => a - b);
const median = ((timings[RUNS / 2 - 1] ?? NaN) + (timings[RUNS / 2] ?? NaN)) / 2;
const jsMet = js.gzip < 80 * 1024;
const timeMet = median < 150;
console.log(`renderer JS   ${kb(js.raw).padStart(9)} raw  ${kb(js.gzip).padStart(9)} gzip   target < 80 KB gzip: ${jsMet ? 'met' : 'MISSED'}`);
console.log(`renderer CSS  ${kb(css.raw).padStart(9)} raw  ${kb(css.gzip).padStart(9)} gzip`);
console.log(
  `navigation → interactive first step: median ${median.toFixed(1)} ms of ${String(RUNS)} runs ` +
    `(min ${String(timings[0]?.toFixed(1))}, max ${String(timings.at(-1)?.toFixed(1))})   target < 150 ms: ${timeMet ? 'met' : 'MISSED'}`,
);
if (!jsMet || !timeMet) process.exitCode = 1;
