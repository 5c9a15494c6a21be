/**
 * Real processes against one archive folder: two sealing at once never collide or overwrite, and a
 * SIGKILL at any moment of a seal never leaves anything that verifies as a pack.
 */
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACK_TEMP_PREFIX } from '../../../../src-main/archive/pack-format.js';
import { parseAllowedSigners } from '../../../../src-main/archive/sshsig.js';
import { verifyPack } from '../../../../src-main/archive/verify-pack.js';
import { signingKey, tempArchive } from '../../../fixtures/packs.js';

const CHILD = fileURLToPath(new URL('./fixtures/seal-child.ts', import.meta.url));
const key = signingKey();
const options = { allowedSigners: parseAllowedSigners(`sealer ${key.publicLine}\n`) };

async function keyFile(): Promise<string> {
  const path = join(await tempArchive(), 'key.pem');
  await writeFile(path, key.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return path;
}

/** Runs the child; with `killAfterMs` it is killed with SIGKILL that long after it is ready. */
function runChild(archive: string, count: number, keyPath: string, killAfterMs?: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, archive, String(count), keyPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (line === 'ready' && killAfterMs !== undefined)
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0 || signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`child failed (${String(code)}): ${stderr}`));
    });
  });
}

describe('sealing from several processes', () => {
  it('gives 100 valid packs when two processes seal 50 each into one folder', async () => {
    const archive = await tempArchive();
    const keyPath = await keyFile();
    const [first, second] = await Promise.all([
      runChild(archive, 50, keyPath),
      runChild(archive, 50, keyPath),
    ]);
    const names = [...first, ...second]
      .filter((line) => line.startsWith('sealed '))
      .map((line) => line.slice(7));
    expect(new Set(names).size).toBe(100);
    const entries = await readdir(archive);
    expect(entries.sort()).toEqual([...names].sort());
    const verdicts = await Promise.all(entries.map((name) => verifyPack(join(archive, name), options)));
    expect(verdicts.filter((verdict) => verdict.verdict !== 'valid')).toEqual([]);
  }, 600_000);

  it('never leaves something that verifies as a pack after SIGKILL during sealing', async () => {
    const archive = await tempArchive();
    const keyPath = await keyFile();
    let killedMidway = 0;
    for (const delay of [0, 15, 40, 80, 150, 250, 400, 600]) {
      const lines = await runChild(archive, 1000, keyPath, delay);
      const sealed = new Set(lines.filter((line) => line.startsWith('sealed ')).map((line) => line.slice(7)));
      for (const name of await readdir(archive)) {
        const verdict = await verifyPack(join(archive, name), options);
        if (name.startsWith(PACK_TEMP_PREFIX)) {
          killedMidway += 1;
          expect(verdict.verdict, name).toBe('unverifiable');
        } else {
          // a pack that made it to its name is complete, even if the child died before printing it
          expect(verdict, name).toMatchObject({ verdict: 'valid' });
        }
      }
      expect(sealed.size).toBeLessThanOrEqual((await readdir(archive)).length);
    }
    expect(killedMidway).toBeGreaterThan(0);
  }, 600_000);
});
