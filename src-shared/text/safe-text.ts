/**
 * Text from files (titles, file names, messages quoting them) made harmless to show: no terminal control
 * sequences, no line breaks that fake a row, no invisible or direction-changing characters that make one
 * text look like another. One rule for the CLI (escaped, so nothing is hidden) and for titles (removed).
 */

/**
 * C0 controls and DEL, C1 controls, the soft hyphen, the Arabic letter mark, the Hangul fillers (U+115F,
 * U+1160, U+3164, U+FFA0), which draw nothing, the Mongolian vowel separator, zero-width and direction
 * marks, line and paragraph separators, bidi embeddings/overrides/isolates, word joiner and invisible
 * operators, the blank Braille pattern, BOM, interlinear annotation marks, the tag characters (U+E0000
 * to U+E007F), and half a character: a UTF-16 surrogate alone (with the `u` flag a class matches only
 * those, never the halves of a pair), which is no text and reaches the ticket as U+FFFD. No combining marks: a class of them would split characters apart. As the body of a
 * character class, escaped, so that it also serves as a JSON Schema pattern (schema.ts); read with the
 * regular expression's `u` flag (the tags are beyond U+FFFF), as JSON Schema's own validators do.
 */
export const UNSAFE_CHARACTERS =
  '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u2800\\u3164\\ud800-\\udfff\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}';
const UNSAFE = new RegExp(`[${UNSAFE_CHARACTERS}]`, 'gu');

/**
 * `text` with every unsafe character but those in `keep` shown as a visible escape (`\u001B`, the form
 * JSON strings use too, so JSON output stays valid and reads back as the same text): for terminals and
 * logs. A character beyond U+FFFF is its two UTF-16 halves (`\uDB40\uDC41`), as JSON writes it: `\u`
 * takes four digits, so `\uE0041` would read back as another character and a "1".
 */
export function escapeUnsafe(text: string, keep = ''): string {
  return text.replace(UNSAFE, (char) =>
    keep.includes(char)
      ? char
      : Array.from(
          { length: char.length },
          (_, index) => `\\u${char.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`,
        ).join(''),
  );
}

/** `text` with unsafe characters removed (white space controls become a space): for titles. */
export function stripUnsafe(text: string): string {
  return text.replace(UNSAFE, (char) => (/[\t\n\v\f\r\u0085\u2028\u2029]/u.test(char) ? ' ' : ''));
}
