/** Turns a file's text into a JSON value, refusing what no request file can be. */
import { duplicateKeys, pathText, writtenTwice } from '../text/json-keys.js';
import { jsonSyntaxError, withoutBom } from '../text/json-syntax.js';

export const MAX_REQUEST_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 32;

export type TextParse =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Deepest nesting of arrays and objects, counted without recursion (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

/** Parses request JSON: text already decoded, with size and nesting bounded before JSON.parse runs. */
export function parseRequestText(text: string): TextParse {
  if (text.includes('\u0000')) return { ok: false, message: 'This is a binary file, not a JSON request.' };
  const body = withoutBom(text);
  if (body.trim() === '') return { ok: false, message: 'The file is empty.' };
  if (jsonDepth(body) > MAX_JSON_DEPTH) {
    return {
      ok: false,
      message: `The JSON is nested more than ${String(MAX_JSON_DEPTH)} levels deep; a request file is not.`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const { reason, line, column } = jsonSyntaxError(body, error);
    const place = line === undefined ? '' : ` at line ${String(line)}, column ${String(column)}`;
    return { ok: false, message: `This is not valid JSON${place}: ${reason}.` };
  }
  // JSON.parse keeps the last of two values silently; whoever reads the file may see the first.
  const [repeated] = duplicateKeys(body);
  if (repeated !== undefined) {
    const where = pathText(repeated.path);
    return {
      ok: false,
      message: `${where === '' ? '' : `In ${where}, `}${writtenTwice(body, repeated)}, with a value each. Keep the one you mean and remove the other.`,
    };
  }
  return { ok: true, value };
}
