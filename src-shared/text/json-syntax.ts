/** JSON files edited by hand: the text to parse, and a `JSON.parse` error said for the user (what, where). */
import { lineAt } from './json-keys.js';

/** The text without the byte order mark an editor may add (Notepad does): a BOM is not damage. */
export function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

export interface JsonSyntaxError {
  /**
   * V8's reason, without its "in JSON at position N" tail, or the " at position N" of "… after JSON at
   * position N" (Node 20; newer V8 adds "(line L column C)").
   */
  readonly reason: string;
  /** 1-based line and column of the place the reason names (the end for "Unexpected end of JSON input"). */
  readonly line?: number;
  readonly column?: number;
}

export function jsonSyntaxError(text: string, error: unknown): JsonSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /(?:in|after) JSON at position (\d+)/u.exec(message);
  const offset =
    position === null ? (/end of JSON input/u.test(message) ? text.length : undefined) : Number(position[1]);
  const reason = message.replace(/(?: in JSON)? at position \d+.*$/su, '');
  if (offset === undefined) return { reason };
  return { reason, line: lineAt(text, offset), column: offset - text.lastIndexOf('\n', offset - 1) };
}
