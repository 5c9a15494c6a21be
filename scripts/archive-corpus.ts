// The benchmark's archive: PACKS packs sealed one by one with the real seal code (sealPack: real summary
// PDF, real SSHSIG, fsyncs), spread over five years of sealing dates with distinct tickets, into a folder
// under the system temp folder that later runs reuse (sealing 5,000 takes minutes). Its signing key is kept
// next to it. An interrupted build is resumed; `.sealing-…` leftovers are removed (this is our own folder).
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACK_NAME_PATTERN, PACK_TEMP_PREFIX } from '../src-main/archive/pack-format.js';
import { sealPack } from '../src-main/archive/seal.js';
import { packInput, packRecord } from '../tests/fixtures/packs.js';

export interface Corpus {
  readonly archive: string;
  readonly privateKey: KeyObject;
  /** Packs sealed by this run (0 when the cached folder was complete). */
  readonly sealedNow: number;
  /** Seal times of this run, ms. */
  readonly sealTimes: readonly number[];
}

const FIVE_YEARS_MS = 5 * 365 * 24 * 3600 * 1000;

export async function archiveCorpus(packs: number, onProgress?: (done: number) => void): Promise<Corpus> {
  const root = join(tmpdir(), 'cmk-rekey-bench-archive');
  const archive = join(root, `packs-${String(packs)}`);
  const keyFile = join(root, 'signing-key.pem');
  mkdirSync(archive, { recursive: true });
  if (!existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(readFileSync(keyFile));
  for (const name of readdirSync(archive))
    if (name.startsWith(PACK_TEMP_PREFIX)) rmSync(join(archive, name), { recursive: true, force: true });
  const have = readdirSync(archive).filter((name) => PACK_NAME_PATTERN.test(name)).length;
  const sealTimes: number[] = [];
  const start = Date.parse('2021-12-01T00:00:00Z');
  for (let index = have; index < packs; index += 1) {
    const sealedAt = new Date(start + Math.floor((index / packs) * FIVE_YEARS_MS));
    const ticketRef = `ABC-${String(100000 + index)}`;
    const begin = performance.now();
    await sealPack(archive, packInput(privateKey, { sealedAt, record: packRecord({ ticketRef }) }));
    sealTimes.push(performance.now() - begin);
    if (index % 250 === 0) onProgress?.(index);
  }
  return { archive, privateKey, sealedNow: packs - have, sealTimes };
}

if (process.argv[1]?.endsWith('archive-corpus.ts')) {
  const packs = Number(process.argv[2] ?? 5000);
  const corpus = await archiveCorpus(packs, (done) => {
    console.log(`sealed ${String(done)} of ${String(packs)}`);
  });
  console.log(`${corpus.archive}: ${String(corpus.sealedNow)} sealed now`);
}
