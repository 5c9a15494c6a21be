/** A `JSON.parse` error said for the user of a hand-edited file: what is wrong, and where. */
import { lineAt } from './json-keys.js';

export interface JsonSyntaxError {
  /** V8's reason, without its "in JSON at position N" tail (Node 20; newer V8 adds "(line L column C)"). */
  readonly reason: string;
  /** 1-based line and column of the place the reason names (the end for "Unexpected end of JSON input"). */
  readonly line?: number;
  readonly column?: number;
}

export function jsonSyntaxError(text: string, error: unknown): JsonSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /in JSON at position (\d+)/u.exec(message);
  const offset =
    position === null ? (/end of JSON input/u.test(message) ? text.length : undefined) : Number(position[1]);
  const reason = message.replace(/ in JSON at position \d+.*$/su, '');
  if (offset === undefined) return { reason };
  return { reason, line: lineAt(text, offset), column: offset - text.lastIndexOf('\n', offset - 1) };
}

/** "line 4, column 3" for a message, or '' when V8 named no place. */
export function placeText({ line, column }: JsonSyntaxError): string {
  return line === undefined || column === undefined ? '' : `line ${String(line)}, column ${String(column)}`;
}
