/**
 * Atomic writes on real files: a name the file system just allows (255 bytes) still gets a temp file it
 * allows, and the temp files of a write that died are still recognised and removed later.
 */
import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rename } from 'node:fs/promises';
import {
  removeStaleTempFiles,
  renameRetrying,
  tempPathBeside,
  writeFileAtomic,
} from '../../../src-main/files/atomic-write.js';
import { writeNewFile } from '../../../src-main/files/safe-fs.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-atomic-'));
});

/** Names of 255 bytes, the longest most file systems allow: ASCII, and 4-byte characters. */
const LONGEST = ['r'.repeat(250) + '.json', '🔑'.repeat(62) + '.json'];

describe('a name the file system just allows', () => {
  it.each(LONGEST)('is written, replaced and created without clobbering (%#)', async (name) => {
    expect(Buffer.byteLength(name)).toBeGreaterThanOrEqual(253);
    const path = join(folder, name);
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    const other = join(folder, name.replace(/^./u, 'x'));
    expect(await writeNewFile(other, 'new')).toEqual({ ok: true, value: undefined });
    expect(readdirSync(folder).sort()).toEqual([name, basename(other)].sort());
  });
});

describe('temp files', () => {
  it('keep the start of the name, and a crashed write leaves one the next open removes', async () => {
    const path = join(folder, 'request.json');
    const temp = tempPathBeside(path);
    expect(basename(temp)).toMatch(/^\.request\.json\.[0-9a-f]{12}\.tmp$/);
    expect(Buffer.byteLength(basename(tempPathBeside(join(folder, LONGEST[1] ?? ''))))).toBeLessThan(255);
    writeFileSync(temp, 'half');
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(temp, hourAgo, hourAgo);
    expect(await removeStaleTempFiles(folder, 60_000)).toBe(1);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('a rename while another program has the file open for a moment (Windows scanners)', () => {
  const busy = (code: string) => Object.assign(new Error(`${code}: rename`), { code });

  /** A rename that fails with `codes` first, then renames for real; counts its calls. */
  function renameFailing(...codes: string[]) {
    const calls: string[] = [];
    const move = async (from: string, to: string) => {
      const code = codes[calls.length];
      calls.push(code ?? 'ok');
      if (code !== undefined) throw busy(code);
      await rename(from, to);
    };
    return { calls, move };
  }

  it('on Windows, tries again after EPERM, EACCES and EBUSY, and the file is moved', async () => {
    const from = join(folder, 'new.tmp');
    const to = join(folder, 'draft.age');
    writeFileSync(from, 'new');
    writeFileSync(to, 'old');
    const { calls, move } = renameFailing('EPERM', 'EACCES', 'EBUSY');
    await renameRetrying(from, to, { platform: 'win32', rename: move });
    expect(calls).toEqual(['EPERM', 'EACCES', 'EBUSY', 'ok']);
    expect(readFileSync(to, 'utf8')).toBe('new');
    expect(readdirSync(folder)).toEqual(['draft.age']);
  });

  it('on Windows, gives up with the last error when the file stays locked', async () => {
    const { calls, move } = renameFailing(...Array<string>(1000).fill('EACCES'));
    await expect(
      renameRetrying(join(folder, 'a'), join(folder, 'b'), {
        platform: 'win32',
        rename: move,
        timeoutMs: 50,
      }),
    ).rejects.toMatchObject({ code: 'EACCES' });
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBeLessThan(1000);
  });

  it('fails at once on other errors, and on other systems', async () => {
    for (const [platform, code] of [
      ['win32', 'ENOENT'],
      ['win32', 'EXDEV'],
      ['linux', 'EPERM'],
      ['darwin', 'EACCES'],
    ] as const) {
      const { calls, move } = renameFailing(code, code);
      await expect(
        renameRetrying(join(folder, 'a'), join(folder, 'b'), { platform, rename: move }),
      ).rejects.toMatchObject({ code });
      expect(calls).toEqual([code]);
    }
  });
});
