/**
 * The index's plaintext, read as it is decrypted, 64 KiB at a time: the header line, the MAC of the body's
 * bytes and the entries, each on one chunk at a time, so that nothing blocks main's event loop for the whole
 * 6 MB of a 10,000-draft index (read whole, its UTF-8 decoding, MAC and JSON.parse stalled the loop for up
 * to 80 ms on a slow machine).
 *
 * The body is JSON, `{"entries":[…]}`. The index is written with each entry on a line of its own
 * (`{"entries":[`, then `entry,` … `entry`, then `]}`), which every reader of the format parses as the same
 * JSON: JSON.stringify never writes a raw line break inside a value. An index written before that layout,
 * on one line, is parsed whole, as it always was.
 */
import type { macWriter } from './keys.js';

type MacWriter = ReturnType<typeof macWriter>;

export const BODY_OPEN = '{"entries":[';
export const BODY_CLOSE = ']}';
/** The longest header line read (it is about 100 bytes): more without a line break is not an index. */
const MAX_HEADER_BYTES = 4096;
const NEWLINE = 0x0a;

export type IndexText =
  | {
      readonly ok: true;
      /** The header line, parsed (undefined if it is not JSON). */
      readonly header: unknown;
      /** The MAC of the body's bytes, exactly as stored. */
      readonly mac: Buffer;
      /** The entries, as parsed; undefined if the body is not `{"entries":[…]}`. */
      readonly entries: unknown[] | undefined;
      /** Whether the body was one entry a line; if not (the layout before), it was parsed whole. */
      readonly entryPerLine: boolean;
    }
  | { readonly ok: false; readonly reason: 'not-utf8' | 'no-header' };

/** Takes the decrypted index chunk by chunk (`push`), then says what it held (`end`). */
export class IndexTextReader {
  readonly #hmac: MacWriter;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  /** The header line's bytes until its line break is seen; undefined after. */
  #header: Buffer[] | undefined = [];
  #headerBytes = 0;
  #headerLine: string | undefined;
  #failure: 'not-utf8' | 'no-header' | undefined;
  /** The body's text after its last complete line, in the pieces it came in (one line can be 6 MB). */
  #rest: string[] = [];
  #lines = 0;
  /** The body's lines when they are not one entry each (the layout before): parsed whole at the end. */
  #whole: string[] | undefined;
  readonly #entries: unknown[] = [];
  /** Whether the last entry read ended with the comma that says another follows. */
  #comma = false;
  #closed = false;
  #unparsable = false;

  /** `hmac`: the index key's MAC writer, label included; it gets the body's bytes as they come. */
  constructor(hmac: MacWriter) {
    this.#hmac = hmac;
  }

  push(chunk: Uint8Array): void {
    if (this.#failure !== undefined) return;
    let body = chunk;
    if (this.#header !== undefined) {
      const newline = chunk.indexOf(NEWLINE);
      const head = newline < 0 ? chunk : chunk.subarray(0, newline);
      this.#header.push(Buffer.from(head));
      this.#headerBytes += head.length;
      if (this.#headerBytes > MAX_HEADER_BYTES) this.#failure = 'no-header';
      if (newline < 0 || this.#failure !== undefined) return;
      this.#headerLine = this.#decode(Buffer.concat(this.#header), false);
      this.#header = undefined;
      body = chunk.subarray(newline + 1);
    }
    this.#hmac.update(body);
    this.#take(this.#decode(body, true));
  }

  end(): IndexText {
    if (this.#header !== undefined) this.#failure ??= 'no-header';
    if (this.#failure === undefined) this.#take(this.#decode(undefined, false));
    if (this.#failure !== undefined) return { ok: false, reason: this.#failure };
    this.#finish();
    let header: unknown;
    try {
      header = JSON.parse(this.#headerLine ?? '');
    } catch {
      header = undefined;
    }
    const entries = this.#unparsable ? undefined : this.#entries;
    return { ok: true, header, mac: this.#hmac.digest(), entries, entryPerLine: this.#perLine() };
  }

  #decode(bytes: Uint8Array | undefined, stream: boolean): string {
    try {
      return this.#decoder.decode(bytes, { stream });
    } catch {
      this.#failure ??= 'not-utf8';
      return '';
    }
  }

  /** Splits the body's text into lines and reads every complete one. */
  #take(text: string): void {
    if (text === '' || this.#failure !== undefined) return;
    this.#rest.push(text);
    if (!text.includes('\n')) return;
    const lines = this.#rest.join('').split('\n');
    this.#rest = [lines.pop() ?? ''];
    for (const line of lines) this.#line(line);
  }

  #line(line: string): void {
    if (this.#unparsable) return;
    if (this.#lines++ === 0) {
      if (line !== BODY_OPEN) this.#whole = [line];
      return;
    }
    if (this.#whole !== undefined) {
      this.#whole.push(line);
      return;
    }
    if (line === BODY_CLOSE && !this.#closed && !this.#comma) {
      this.#closed = true;
      return;
    }
    // Every entry but the last ends with a comma: one missing or extra is not the JSON the body claims.
    if (this.#closed || (this.#entries.length > 0 && !this.#comma)) {
      this.#unparsable = true;
      return;
    }
    this.#comma = line.endsWith(',');
    try {
      this.#entries.push(JSON.parse(this.#comma ? line.slice(0, -1) : line));
    } catch {
      this.#unparsable = true;
    }
  }

  #perLine(): boolean {
    return this.#whole === undefined && this.#lines > 0;
  }

  /** The last line; and the whole body, if it was not written one entry per line. */
  #finish(): void {
    const last = this.#rest.join('');
    if (this.#perLine()) {
      if (last !== '') this.#line(last);
      if (!this.#closed) this.#unparsable = true;
      return;
    }
    try {
      const entries = (JSON.parse([...(this.#whole ?? []), last].join('\n')) as { entries?: unknown } | null)
        ?.entries;
      if (Array.isArray(entries)) this.#entries.push(...(entries as unknown[]));
      else this.#unparsable = true;
    } catch {
      this.#unparsable = true;
    }
  }
}
