/**
 * Atomic writes on real files: a name the file system just allows (255 bytes) still gets a temp file it
 * allows, and the temp files of a write that died are still recognised and removed later.
 */
import { mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  removeStaleTempFiles,
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
