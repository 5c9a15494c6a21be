/**
 * Ctrl-C at the end of a seal: the command line removes the temporary folder of every seal still running
 * and says the pack was not written. A signal that lands once the folder is renamed into its pack (before
 * the seal's own code runs again) must not count that seal: its pack is in the archive, whole.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { removeUnfinishedSealsNow, sealPack } from '../../../../src-main/archive/seal.js';
import { parseAllowedSigners } from '../../../../src-main/archive/sshsig.js';
import { verifyPack } from '../../../../src-main/archive/verify-pack.js';
import { packInput, signingKey, tempArchive } from '../../../fixtures/packs.js';

const signal = vi.hoisted(() => ({ removed: [] as number[] }));

vi.mock('../../../../src-main/files/atomic-write.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src-main/files/atomic-write.js')>();
  return {
    ...real,
    // The signal arrives the moment the rename is done, before the seal's code after it runs.
    renameRetrying: async (from: string, to: string) => {
      await real.renameRetrying(from, to);
      signal.removed.push(removeUnfinishedSealsNow());
    },
  };
});

describe('a signal right after the pack took its name', () => {
  it('counts no unfinished seal, and the pack stays, valid', async () => {
    const key = signingKey();
    const archive = await tempArchive();
    const pack = await sealPack(archive, packInput(key.privateKey));
    expect(signal.removed).toEqual([0]);
    expect(await readdir(archive)).toEqual([pack.name]);
    const trusting = { allowedSigners: parseAllowedSigners(`auditor@example.test ${key.publicLine}\n`) };
    expect(await verifyPack(pack.path, trusting)).toMatchObject({ verdict: 'valid' });
  });
});
