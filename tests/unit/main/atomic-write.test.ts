/**
 * Atomic writes on real files: a name the file system just allows (255 bytes) still gets a temp file it
 * allows, and the temp files of a write that died are still recognised and removed later.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rename } from 'node:fs/promises';
import {
  removeStaleTempFiles,
  renameRetrying,
  tempPathBeside,
  writeFileAtomic,
  writeTempBeside,
} from '../../../src-main/files/atomic-write.js';
import { ok } from '../../../src-shared/ipc/result.js';
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

describe('a file the user chose', () => {
  const hourAgo = () => new Date(Date.now() - 3600_000 - 1000);
  /** A temp file `name` in the folder, left `at` (a write whose process died). */
  const left = (name: string, at = hourAgo()) => {
    writeFileSync(join(folder, name), 'half a request');
    utimesSync(join(folder, name), at, at);
  };

  it.each([false, true])(
    'is written with no temp file left, and removes those that writes of it left when they died (force: %s)',
    async (force) => {
      if (force) writeFileSync(join(folder, 'out.json'), 'old');
      left('.out.json.0123456789ab.tmp');
      // What the no-clobber write of earlier builds left: a temp file of its temp file.
      left('..out.json.0123456789ab.tmp.ba9876543210.tmp');
      left('.out.json.aaaaaaaaaaaa.tmp', new Date()); // a write of it in progress elsewhere
      left('.other.json.0123456789ab.tmp'); // another file's
      left('.out.json.notes'); // not a temp file
      expect(await writeNewFile(join(folder, 'out.json'), 'new', { force })).toEqual(ok(undefined));
      expect(readFileSync(join(folder, 'out.json'), 'utf8')).toBe('new');
      expect(readdirSync(folder).sort()).toEqual(
        ['.other.json.0123456789ab.tmp', '.out.json.aaaaaaaaaaaa.tmp', '.out.json.notes', 'out.json'].sort(),
      );
    },
  );
});

describe('the time of a written file', () => {
  it('is set on the temp file before it takes the target name, so a crash never leaves the new content with the wrong time', async () => {
    const path = join(folder, 'deleted-draft.age');
    const deletedAt = new Date('2026-01-02T03:04:05Z');
    const temp = await writeTempBeside(path, 'sealed', { mtime: deletedAt });
    expect(statSync(temp).mtime).toEqual(deletedAt);
    await rename(temp, path);
    await writeFileAtomic(path, 'sealed again', { mtime: deletedAt });
    expect(statSync(path).mtime).toEqual(deletedAt);
    expect(readdirSync(folder)).toEqual(['deleted-draft.age']);
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
