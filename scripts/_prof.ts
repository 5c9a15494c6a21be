import { join } from 'node:path';
import { ArchiveService } from '../src-main/archive/archive-service.js';
import { createDispatch } from '../src-main/ipc/dispatch.js';
import { SettingsFile } from '../src-main/settings.js';
import { closeBrowser, startHarness } from '../tests/e2e/harness.js';
const archive = process.argv[2]!;
let t0 = 0;
const log: string[] = [];
for (const m of ['status', 'names', 'entries', 'verify'] as const) {
  const orig = (ArchiveService.prototype as any)[m];
  (ArchiveService.prototype as any)[m] = async function (...a: unknown[]) {
    const s = performance.now();
    const r = await orig.apply(this, a);
    log.push(`${m} ${(s - t0).toFixed(0)}-${(performance.now() - t0).toFixed(0)}`);
    return r;
  };
}
for (let run = 0; run < 3; run++) {
  log.length = 0;
  const h = await startHarness({ vault: 'unlocked' });
  await new SettingsFile(join(h.folder, 'settings.json'), () => undefined).update({ archiveFolder: archive });
  await h.page.getByRole('heading', { level: 2, name: 'Drafts' }).waitFor();
  await h.page.evaluate(() => { (window as any).t = performance.now(); });
  t0 = performance.now();
  await h.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: 'Archive' }).click();
  await h.page.getByRole('list', { name: 'Evidence packs' }).getByRole('listitem').first().waitFor();
  console.log(`row ${(performance.now() - t0).toFixed(0)} | ${log.slice(0, 5).join(' | ')}`);
  await h.close();
  await new Promise(r => setTimeout(r, 2000));
}
await closeBrowser();
