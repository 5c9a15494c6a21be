/**
 * Keys that appear twice in one JSON object. `JSON.parse` keeps the last silently, so a hand-edited file
 * can say two things at once (a locked setting, then an unlocked one) while a reader of the file sees the
 * first. Files that must mean one thing refuse such keys.
 */

export interface DuplicateKey {
  /** Where the object is: the keys and array indexes that lead to it from the top (empty at the top). */
  readonly path: readonly (string | number)[];
  readonly key: string;
  /** Offsets in the text of the key's first and second appearance (its opening quote). */
  readonly first: number;
  readonly again: number;
}

interface Container {
  readonly path: readonly (string | number)[];
  /** An object's keys so far, by offset; absent for an array. */
  readonly keys?: Map<string, number>;
  /** The object's current key, or the array's current index. */
  at: string | number;
}

/** Every repeated key of `text`, which must already be valid JSON (`JSON.parse` accepted it). */
export function duplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const open: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const inside = open.at(-1);
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      let next = end + 1;
      while (/\s/u.test(text[next] ?? '')) next++;
      if (inside?.keys !== undefined && text[next] === ':') {
        // Compared as JSON reads them: "\u0061" and "a" are one key.
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const first = inside.keys.get(key);
        if (first === undefined) inside.keys.set(key, i);
        else found.push({ path: inside.path, key, first, again: i });
        inside.at = key;
      }
      i = end;
    } else if (char === '{' || char === '[') {
      const path = inside === undefined ? [] : [...inside.path, inside.at];
      open.push(char === '{' ? { path, keys: new Map(), at: '' } : { path, at: 0 });
    } else if (char === '}' || char === ']') open.pop();
    else if (char === ',' && inside?.keys === undefined && inside !== undefined)
      inside.at = (inside.at as number) + 1;
  }
  return found;
}

/** A path as people write it: `keys[0].region` (the first part without a dot). */
export function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${String(part)}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** The 1-based line of an offset in the text. */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** `"key" is written twice (on lines 3 and 7)`, for a message that goes on to say what to do. */
export function writtenTwice(text: string, duplicate: DuplicateKey): string {
  const [first, again] = [lineAt(text, duplicate.first), lineAt(text, duplicate.again)];
  const where =
    first === again ? `on line ${String(first)}` : `on lines ${String(first)} and ${String(again)}`;
  return `"${duplicate.key}" is written twice (${where})`;
}
