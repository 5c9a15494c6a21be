/**
 * The file names the app suggests from a draft's title: writable on Windows, macOS and Linux, and two
 * drafts with different titles keep different names (letters of every script are kept).
 */
import { describe, expect, it } from 'vitest';
import { fileNameFrom } from '../../../src-main/files/file-name.js';

describe('a file name from a title', () => {
  it.each([
    ['Acme prod', 'Acme prod'],
    ['Ünïcode Café', 'Ünïcode Café'],
    ['Cafe\u0301 (decomposed, as macOS types it)', 'Café (decomposed, as macOS types it)'],
    ['アトラシアン本番', 'アトラシアン本番'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a b c d e f g h i j'],
    ['tab\there\u202Eevil\u200B', 'tab here evil'],
    ['prod.', 'prod'],
    ['Prod ...  ', 'Prod'],
    ['.hidden', 'hidden'],
  ])('%j → %j', (title, name) => {
    expect(fileNameFrom(title, 'draft')).toBe(name);
  });

  it.each(['CON', 'nul', 'COM1', 'Aux.', 'LPT9 ', 'com¹', 'PRN.backup', 'con .txt'])(
    'never a device name Windows reserves, with any extension: %j',
    (title) => {
      const name = fileNameFrom(title, 'draft');
      expect(name.startsWith('draft ')).toBe(true);
      expect(name.split('.')[0]?.trim()).not.toMatch(/^(con|prn|aux|nul|com.|lpt.)$/iu);
    },
  );

  it('falls back when nothing is left, and keeps distinct titles distinct', () => {
    expect(fileNameFrom('...', 'draft')).toBe('draft');
    expect(fileNameFrom('\u200B \t', 'draft')).toBe('draft');
    const names = ['本番環境', 'アトラシアン本番', 'Café', 'Cafe', 'Caf'].map((title) =>
      fileNameFrom(title, 'draft'),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('stays within 150 bytes in UTF-8, cutting whole characters only', () => {
    const name = fileNameFrom('本'.repeat(200), 'draft');
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(150);
    expect(name).toBe('本'.repeat(50));
    expect(fileNameFrom('🔑'.repeat(100), 'draft')).toBe('🔑'.repeat(37));
  });
});
