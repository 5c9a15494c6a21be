/**
 * `--passphrase-stdin` as scripts on every OS send it: the first line, LF or CR LF, a byte order mark
 * (Windows PowerShell with a UTF-8 output encoding), split anywhere between reads; bytes that are not UTF-8
 * are refused rather than turned into a passphrase nobody can type.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main.js';
import { readPassphraseLine } from '../../src-main/cli/passphrase-input.js';
import { UsageError, type CliIo } from '../../src-main/cli/io.js';

function stdinOf(...chunks: readonly Buffer[]): CliIo {
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    stdin: Readable.from(chunks),
    stdinIsTTY: false,
  };
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('readPassphraseLine', () => {
  it('takes the first line without its LF or CR LF, and without a byte order mark', async () => {
    expect(await readPassphraseLine(stdinOf(utf8('café horse battery\nsecond line\n')))).toBe(
      'café horse battery',
    );
    expect(await readPassphraseLine(stdinOf(utf8('café horse battery\r\n')))).toBe('café horse battery');
    expect(await readPassphraseLine(stdinOf(utf8('\ufeffcafé horse battery\r\n')))).toBe(
      'café horse battery',
    );
    expect(await readPassphraseLine(stdinOf(utf8('no line end')))).toBe('no line end');
  });

  it('keeps a character whose bytes arrive in two reads whole', async () => {
    const bytes = utf8('café 😀 horse\n');
    const cut = bytes.indexOf(0xf0) + 2;
    expect(await readPassphraseLine(stdinOf(bytes.subarray(0, cut), bytes.subarray(cut)))).toBe(
      'café 😀 horse',
    );
  });

  it('refuses a line that is not UTF-8 (Latin-1 "é"), saying so', async () => {
    const latin1 = Buffer.from('caf\xe9 horse battery staple\n', 'latin1');
    const read = readPassphraseLine(stdinOf(latin1));
    await expect(read).rejects.toThrow(UsageError);
    await expect(readPassphraseLine(stdinOf(latin1))).rejects.toThrow(/not UTF-8/);
    // A line cut inside a character at the end of input is not UTF-8 either.
    await expect(readPassphraseLine(stdinOf(utf8('café').subarray(0, 4)))).rejects.toThrow(/not UTF-8/);
  });

  it('reads only the first line: bytes after it may be anything', async () => {
    const rest = Buffer.from([0xff, 0xfe, 0x00]);
    expect(await readPassphraseLine(stdinOf(Buffer.concat([utf8('maple orbit\n'), rest])))).toBe(
      'maple orbit',
    );
  });

  it('still refuses an empty line and an over-long one', async () => {
    await expect(readPassphraseLine(stdinOf(utf8('\n')))).rejects.toThrow(/no passphrase/);
    await expect(readPassphraseLine(stdinOf(utf8('a'.repeat(5000))))).rejects.toThrow(/too long/);
  });
});

describe('the drafts usage', () => {
  it('names --passphrase-stdin on every action that asks for the passphrase', async () => {
    let err = '';
    const io = { ...stdinOf(), stderr: (text: string) => (err += text) };
    expect(await runCli(['drafts', 'frobnicate'], io)).toBe(2);
    const actions = err
      .split('\n')
      .map((line) => line.replace(/^Usage: /u, '').trim())
      .filter((line) => line.startsWith('cmk-rekey drafts '));
    expect(actions).toHaveLength(12);
    // verify --identity is the one that needs no passphrase
    for (const line of actions.filter((entry) => !entry.includes('--identity')))
      expect(line).toContain('[--passphrase-stdin]');
  });
});
