/**
 * The request format's migration path is connected: with the format at a (simulated) version 2, whose step
 * from version 1 changes nothing, request files and evidence packs made by version 1 (the committed
 * fixtures) still open, check and verify, as docs/request-format.md "Versions" promises. Only the version
 * constant and the chain are replaced here; every reader is the real one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { verifyArchive } from '../../../src-main/archive/archive-folder.js';
import { parseAllowedSigners } from '../../../src-main/archive/sshsig.js';
import { readRequestFile } from '../../../src-main/files/read-request.js';
import { validateRequest } from '../../../src-shared/request/validate.js';

vi.mock('../../../src-shared/request/constants.js', async (original) => ({
  ...(await original<typeof import('../../../src-shared/request/constants.js')>()),
  REQUEST_VERSION: 2,
}));
vi.mock('../../../src-shared/formats/chains.js', async (original) => {
  const real = await original<typeof import('../../../src-shared/formats/chains.js')>();
  return {
    ...real,
    REQUEST_CHAIN: { ...real.REQUEST_CHAIN, steps: [(v1: Record<string, unknown>) => v1] },
  };
});

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

describe('request files of an earlier version, once the format is at version 2', () => {
  it('open migrated to version 2, and check as they did', async () => {
    const read = await readRequestFile(join(FIXTURES, 'requests-v1/request-us-complete.json'));
    expect(read).toMatchObject({ ok: true, value: { format: 'cmk-rekey/request', version: 2 } });
    const report = validateRequest(read.ok ? read.value : undefined);
    expect(report.errors).toEqual([]);
    // a version 3 file is a newer app's, refused as such
    const newer = join(mkdtempSync(join(tmpdir(), 'cmk-request-v3-')), 'request.json');
    writeFileSync(newer, JSON.stringify({ format: 'cmk-rekey/request', version: 3 }));
    expect(await readRequestFile(newer)).toMatchObject({
      ok: false,
      code: 'unsupported-version',
      message: expect.stringContaining('(version 3; this app reads up to version 2)') as string,
    });
  });

  it('leave the evidence packs they are in valid', async () => {
    const allowedSigners = parseAllowedSigners(
      readFileSync(join(FIXTURES, 'archive-v1/allowed_signers'), 'utf8'),
    );
    const verdicts = await verifyArchive(join(FIXTURES, 'archive-v1/archive'), { allowedSigners });
    expect(verdicts.map(({ verdict, reason }) => [verdict, reason])).toEqual([
      ['valid', ''],
      ['valid', ''],
      ['valid', ''],
    ]);
  });
});
