/**
 * The index's plaintext read chunk by chunk (src-main/vault/index-text.ts): the same header, MAC and entries
 * wherever the chunks are cut, in the one-entry-a-line layout and in the one-line layout written before it;
 * anything else is said to be so, never read as entries.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IndexTextReader } from '../../../../src-main/vault/index-text.js';
import { mac, macWriter } from '../../../../src-main/vault/keys.js';

const KEY = randomBytes(32);
const LABEL = 'cmk-rekey/vault-index/v1';
const HEADER = '{"format":"cmk-rekey/vault-index","version":2,"mac":"…"}';

const ENTRIES = [
  [
    'drafts/a.age',
    '1:2:3:4',
    { title: 'Zürich ✓ 日本 😀', notes: 'line\nbreak, "quoted", ]} and {"entries":[' },
  ],
  ['drafts/b.age', '5:6:7:8', { title: 'plain' }, 'f'.repeat(64), ['age1xyz']],
  ['trash/c.age', '9:9:9:9', { title: 'x'.repeat(70_000) }, null, 'unrecorded'],
];

/** The body as the app writes it now: one entry a line. */
function lines(entries: unknown[]): string {
  const rows = entries.map((entry) => JSON.stringify(entry));
  return rows.length === 0 ? '{"entries":[\n]}' : `{"entries":[\n${rows.join(',\n')}\n]}`;
}

/** Feeds `text` (header line + body) to a reader in chunks of `size` bytes and ends it. */
function read(text: string | Uint8Array, size: number) {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const reader = new IndexTextReader(macWriter(KEY, LABEL));
  for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
  return reader.end();
}

const CUTS = [1, 7, 4096, 64 * 1024, Number.MAX_SAFE_INTEGER];

describe('the index text, however it is cut into chunks', () => {
  it.each(CUTS)(
    'one entry a line (chunks of %i bytes): header, MAC of the body bytes and entries',
    (size) => {
      const body = lines(ENTRIES);
      expect(JSON.parse(body)).toEqual({ entries: ENTRIES }); // what older readers parse: the same JSON
      expect(read(`${HEADER}\n${body}`, size)).toEqual({
        ok: true,
        header: JSON.parse(HEADER) as unknown,
        mac: mac(KEY, LABEL, body),
        entries: ENTRIES,
        entryPerLine: true,
      });
    },
  );

  it.each(CUTS)('the one-line layout written before (chunks of %i bytes) reads the same', (size) => {
    const body = JSON.stringify({ entries: ENTRIES });
    expect(read(`${HEADER}\n${body}`, size)).toEqual({
      ok: true,
      header: JSON.parse(HEADER) as unknown,
      mac: mac(KEY, LABEL, body),
      entries: ENTRIES,
      entryPerLine: false,
    });
  });

  it('no entries, in either layout', () => {
    for (const [body, entryPerLine] of [
      [lines([]), true],
      ['{"entries":[]}', false],
    ] as const)
      expect(read(`${HEADER}\n${body}`, 3)).toEqual({
        ok: true,
        header: JSON.parse(HEADER) as unknown,
        entries: [],
        mac: mac(KEY, LABEL, body),
        entryPerLine,
      });
  });

  it('a header that is not JSON is read as undefined (the caller refuses it), the rest as usual', () => {
    expect(read(`not json\n${lines(ENTRIES)}`, 5)).toMatchObject({
      ok: true,
      header: undefined,
      entries: ENTRIES,
    });
  });
});

describe('what is not an index body gives no entries', () => {
  const rows = ENTRIES.map((entry) => JSON.stringify(entry));
  it.each([
    ['a comma missing between entries', `{"entries":[\n${rows[0]}\n${rows[1]}\n]}`],
    ['a comma after the last entry', `{"entries":[\n${rows[0]},\n]}`],
    ['no closing line', `{"entries":[\n${rows[0]}`],
    ['a line after the closing one', `{"entries":[\n${rows[0]}\n]}\n${rows[1]}`],
    ['an entry that is not JSON', `{"entries":[\n${rows[0]},\n["drafts/x.age",\n]}`],
    ['an empty line for an entry', `{"entries":[\n\n]}`],
    ['one line that is not JSON', '{"entries":[["a"]'],
    ['one line with no entries array', '{"entries":{}}'],
    ['one line of null', 'null'],
    ['nothing after the header', ''],
  ])('%s', (_, body) => {
    for (const size of [1, 16, 64 * 1024]) {
      const result = read(`${HEADER}\n${body}`, size);
      expect(result).toMatchObject({ ok: true, entries: undefined });
      // The MAC is still that of the bytes read: a body not written by the app fails it first.
      expect(result.ok && result.mac.equals(mac(KEY, LABEL, body))).toBe(true);
    }
  });
});

describe('what is not an index at all', () => {
  it('bytes that are not UTF-8, in the body or the header, even cut inside a character', () => {
    const body = Buffer.from(lines(ENTRIES), 'utf8');
    const cut = Buffer.concat([
      Buffer.from(`${HEADER}\n`),
      body.subarray(0, 30),
      Buffer.from([0xc3]),
      body.subarray(30),
    ]);
    for (const size of [1, 2, 64 * 1024]) {
      expect(read(cut, size)).toEqual({ ok: false, reason: 'not-utf8' });
      expect(read(Buffer.concat([Buffer.from([0xff]), Buffer.from(`${HEADER}\n`), body]), size)).toEqual({
        ok: false,
        reason: 'not-utf8',
      });
    }
    // A character cut by the end of the file.
    expect(
      read(Buffer.concat([Buffer.from(`${HEADER}\n{"entries":["`), Buffer.from([0xe2, 0x9c])]), 1),
    ).toEqual({
      ok: false,
      reason: 'not-utf8',
    });
  });

  it('no line break after the header, or a header line longer than 4 KiB', () => {
    expect(read(HEADER, 10)).toEqual({ ok: false, reason: 'no-header' });
    expect(read('', 10)).toEqual({ ok: false, reason: 'no-header' });
    expect(read(`${'h'.repeat(5000)}\n${lines(ENTRIES)}`, 1024)).toEqual({ ok: false, reason: 'no-header' });
    expect(read(`${'h'.repeat(4000)}\n${lines(ENTRIES)}`, 1024)).toMatchObject({
      ok: true,
      entries: ENTRIES,
    });
  });
});
