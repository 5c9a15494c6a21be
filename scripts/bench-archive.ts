// `npm run bench:archive`: evidence packs at 5,000 (ARCHIVE_BENCH_PACKS changes it).
//   - seal: p50 and p99 of SEALS fresh seals (real sealPack: summary PDF, SSHSIG, fsyncs) into an empty folder;
//   - verify one pack (median of 20) and every pack of the archive (the CLI's cache-free verifyArchive);
//   - the Archive screen through the app's own path (the e2e harness: built renderer in Chromium, real
//     ArchiveService behind the IPC contract and dispatch): time from the click on "Archive" to the first
//     animation frame with a row, timed in the page; p50 and max of RUNS + 1 opens with an empty user cache
//     (a first open) and RUNS + 1 with the cache a full open left (a later open); target < 1 s. One full open
//     each way also gives the time until every pack is listed and every badge is in, the longest event-loop
//     gap in the Node process that runs main's services (and the Playwright driver) meanwhile, and the
//     renderer's longest task. Figures depend on the machine's load: run it on a quiet machine.
// The archive is made once with the real seal code (scripts/archive-corpus.ts) in a folder under the system
// temp folder and reused by later runs; the output says whether this run sealed it.
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { verifyArchive } from '../src-main/archive/archive-folder.js';
import { sealPack } from '../src-main/archive/seal.js';
import { parseAllowedSigners } from '../src-main/archive/sshsig.js';
import { verifyPack } from '../src-main/archive/verify-pack.js';
import { SettingsFile } from '../src-main/settings.js';
import { openSshPublicKey } from '../src-main/vault/signing.js';
import { closeBrowser, startHarness } from '../tests/e2e/harness.js';
import { packInput } from '../tests/fixtures/packs.js';
import { archiveCorpus } from './archive-corpus.js';
import { machineLoad } from './machine-load.mjs';

const PACKS = Number(process.env['ARCHIVE_BENCH_PACKS'] ?? 5000);
const SEALS = Number(process.env['ARCHIVE_BENCH_SEALS'] ?? 100);
const RUNS = Number(process.env['ARCHIVE_BENCH_RUNS'] ?? 5);
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
const quantile = (values: readonly number[], q: number) =>
  sorted(values)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? NaN;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const count = new Intl.NumberFormat('en-US');

const load = machineLoad();
const built = performance.now();
const corpus = await archiveCorpus(PACKS, (done) => {
  console.error(`  sealing the benchmark archive: ${String(done)} of ${String(PACKS)}`);
});
const builtSeconds = (performance.now() - built) / 1000;
const { archive, privateKey } = corpus;
const publicLine = openSshPublicKey(privateKey);
const options = { allowedSigners: parseAllowedSigners(`bench ${publicLine}\n`) };

// seal times, into a folder of their own
const sealFolder = mkdtempSync(join(tmpdir(), 'cmk-rekey-bench-seal-'));
await sealPack(sealFolder, packInput(privateKey)); // warms the font and the JIT
const sealTimes: number[] = [];
for (let index = 0; index < SEALS; index += 1) {
  const start = performance.now();
  await sealPack(sealFolder, packInput(privateKey));
  sealTimes.push(performance.now() - start);
}

const verdicts = await verifyArchive(archive, options);
const one = verdicts[0]?.name ?? '';
const verifyTimes: number[] = [];
for (let run = 0; run < 20; run += 1) {
  const start = performance.now();
  await verifyPack(join(archive, one), options);
  verifyTimes.push(performance.now() - start);
}
const allStart = performance.now();
const all = await verifyArchive(archive, options);
const allSeconds = (performance.now() - allStart) / 1000;
const invalid = all.filter((verdict) => verdict.verdict !== 'valid').length;

/** The longest gap between timer ticks of this process (where main's services run) while it is on. */
function gapMonitor(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return longest;
    },
  };
}

interface Open {
  firstRow: number;
  listed?: number;
  checked?: number;
  gap?: number;
  longTask?: number;
}

/** Opens the Archive screen in a fresh app; `cacheFrom` is a user cache file to start with. */
async function openArchive(full: boolean, cacheFrom?: string): Promise<Open & { cacheFile: string }> {
  const harness = await startHarness({ vault: 'unlocked' });
  const cacheFile = join(harness.folder, 'archive-cache.json');
  if (cacheFrom !== undefined) copyFileSync(cacheFrom, cacheFile);
  const signers = join(harness.folder, 'allowed_signers');
  writeFileSync(signers, `bench ${publicLine}\n`);
  await new SettingsFile(join(harness.folder, 'settings.json'), () => undefined).update({
    archiveFolder: archive,
    allowedSignersFile: signers,
  });
  const page: Page = harness.page;
  await page.getByRole('heading', { level: 2, name: 'Drafts' }).waitFor();
  // timed inside the page: from the click to the first animation frame with a row in the list
  await page.evaluate(() => {
    const store = window as unknown as { longestTask: number; firstRow: Promise<number> };
    store.longestTask = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) store.longestTask = Math.max(store.longestTask, entry.duration);
    }).observe({ type: 'longtask' });
    store.firstRow = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('ol[aria-label="Evidence packs"] li') === null) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          resolve(performance.now());
        });
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  });
  const monitor = gapMonitor();
  const start = performance.now();
  const clickedAt = await page.evaluate(() => {
    const button = [...document.querySelectorAll('nav[aria-label="Vault"] button')].find(
      (element) => element.textContent.trim() === 'Archive',
    ) as HTMLButtonElement;
    const now = performance.now();
    button.click();
    return now;
  });
  const firstRowAt = await page.evaluate(() => (window as unknown as { firstRow: Promise<number> }).firstRow);
  const result: Open & { cacheFile: string } = { firstRow: firstRowAt - clickedAt, cacheFile };
  if (full) {
    const total = count.format(PACKS);
    await page.getByText(new RegExp(`^${total} of ${total} packs shown`)).waitFor({ timeout: 600_000 });
    result.listed = performance.now() - start;
    await page.getByText(`${total} of ${total} checked.`).waitFor({ timeout: 1_800_000 });
    result.checked = performance.now() - start;
    result.longTask = await page.evaluate(() => (window as unknown as { longestTask: number }).longestTask);
  }
  result.gap = monitor.stop();
  // the cache is written a moment after the last change: wait for it before copying it
  if (full) await new Promise((resolve) => setTimeout(resolve, 3000));
  await harness.close();
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the closed page's last batch finishes
  return result;
}

await openArchive(false); // warms Chromium and the JIT; left out
const cold = await openArchive(true);
const warm = await openArchive(true, existsSync(cold.cacheFile) ? cold.cacheFile : undefined);
const coldFirst: number[] = [];
const warmFirst: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  coldFirst.push((await openArchive(false)).firstRow);
  warmFirst.push((await openArchive(false, warm.cacheFile)).firstRow);
}
await closeBrowser();

const made =
  corpus.sealedNow === 0
    ? `reused from an earlier run (sealed one by one with sealPack)`
    : `sealed now with sealPack: ${String(corpus.sealedNow)} packs in ${builtSeconds.toFixed(0)} s`;
console.log(`Evidence packs: an archive of ${count.format(PACKS)} real sealed packs in ${archive}`);
console.log(`  (${made}; five years of sealing dates, distinct tickets, one vault key)`);
console.log(
  `  seal one pack, ${String(SEALS)} seals:        p50 ${ms(quantile(sealTimes, 0.5))}, p99 ${ms(quantile(sealTimes, 0.99))}`,
);
console.log(`  verify one pack, median of 20:    ${quantile(verifyTimes, 0.5).toFixed(1)} ms`);
console.log(
  `  verify all ${count.format(PACKS)} packs (CLI path): ${allSeconds.toFixed(1)} s (${String(invalid)} not valid)`,
);
const line = (label: string, values: readonly number[]) =>
  `  ${label} p50 ${ms(quantile(values, 0.5))}, max ${ms(Math.max(...values))} (${String(values.length)} runs; target < 1000 ms)`;
console.log(line('first screen, empty user cache:  ', [cold.firstRow, ...coldFirst]));
console.log(line('first screen, with the user cache:', [warm.firstRow, ...warmFirst]));
for (const [label, open] of [
  ['empty user cache', cold],
  ['with the user cache', warm],
] as const) {
  console.log(
    `  full open, ${label}: every pack listed ${ms(open.listed ?? NaN)}, every badge ${ms(open.checked ?? NaN)}; ` +
      `longest event-loop gap in the Node process running main's services (and the driver) ${ms(open.gap ?? NaN)}; renderer's longest task ${ms(open.longTask ?? 0)}`,
  );
}
console.log(load());
if (invalid > 0) process.exitCode = 1;
