// `npm run bench:archive`: evidence packs. Seal time (p50 of 50 seals), verifying one pack (median of
// 20), verifying a 5,000-pack archive, and the time from choosing the Archive screen to its first rows
// with 5,000 packs (median of 5, headless Chromium, real services behind the contract; target < 1 s).
// ARCHIVE_BENCH_PACKS changes the archive size.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listArchive, verifyArchive } from '../src-main/archive/archive-folder.js';
import { sealPack } from '../src-main/archive/seal.js';
import { parseAllowedSigners } from '../src-main/archive/sshsig.js';
import { verifyPack } from '../src-main/archive/verify-pack.js';
import { SettingsFile } from '../src-main/settings.js';
import { openSshPublicKey } from '../src-main/vault/signing.js';
import { closeBrowser, startHarness } from '../tests/e2e/harness.js';
import { packInput } from '../tests/fixtures/packs.js';

const PACKS = Number(process.env['ARCHIVE_BENCH_PACKS'] ?? 5000);
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;

const { privateKey } = generateKeyPairSync('ed25519');
const options = { allowedSigners: parseAllowedSigners(`bench ${openSshPublicKey(privateKey)}\n`) };
const archive = mkdtempSync(join(tmpdir(), 'cmk-rekey-bench-archive-'));

await sealPack(archive, packInput(privateKey)); // warms the font and the JIT
const sealTimes: number[] = [];
for (let index = 1; index < Math.min(50, PACKS); index += 1) {
  const start = performance.now();
  await sealPack(archive, packInput(privateKey));
  sealTimes.push(performance.now() - start);
}
const fillStart = performance.now();
for (let index = Math.min(50, PACKS); index < PACKS; index += 1)
  await sealPack(archive, packInput(privateKey));
const fillSeconds = (performance.now() - fillStart) / 1000;

const [one] = await listArchive(archive);
const verifyTimes: number[] = [];
for (let run = 0; run < 20; run += 1) {
  const start = performance.now();
  await verifyPack(join(archive, one?.name ?? ''), options);
  verifyTimes.push(performance.now() - start);
}
const allStart = performance.now();
const verdicts = await verifyArchive(archive, options);
const allSeconds = (performance.now() - allStart) / 1000;
const invalid = verdicts.filter((verdict) => verdict.verdict !== 'valid').length;

const screenTimes: number[] = [];
for (let run = 0; run < 6; run += 1) {
  const harness = await startHarness({ vault: 'unlocked' });
  await new SettingsFile(join(harness.folder, 'settings.json'), () => undefined).update({
    archiveFolder: archive,
  });
  await harness.page.getByRole('heading', { level: 2, name: 'Drafts' }).waitFor();
  const start = performance.now();
  await harness.page
    .getByRole('navigation', { name: 'Vault' })
    .getByRole('button', { name: 'Archive' })
    .click();
  await harness.page.getByRole('list', { name: 'Evidence packs' }).getByRole('listitem').first().waitFor();
  if (run > 0) screenTimes.push(performance.now() - start); // the first run warms caches
  await harness.close();
}
await closeBrowser();

console.log(`Evidence packs (${String(PACKS)} in the archive)`);
console.log(`  seal one pack, p50 of ${String(sealTimes.length)}:        ${ms(median(sealTimes))}`);
console.log(
  `  seal the other ${String(Math.max(0, PACKS - 50))} packs:            ${fillSeconds.toFixed(1)} s`,
);
console.log(`  verify one pack, median of 20:       ${ms(median(verifyTimes))}`);
console.log(
  `  verify all ${String(PACKS)} packs:               ${allSeconds.toFixed(1)} s (${String(invalid)} not valid)`,
);
console.log(`  first screen of the archive, median: ${ms(median(screenTimes))} (target < 1000 ms)`);
if (invalid > 0) process.exitCode = 1;
