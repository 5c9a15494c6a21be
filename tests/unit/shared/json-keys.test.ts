import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKeys } from '../../../src-shared/text/json-keys.js';

describe('duplicateKeys', () => {
  it('finds a key written twice in one object, with both offsets and the path to the object', () => {
    const text = '{"a": {"b": 1, "c": [{"d": 1, "d": 2}], "b": 3}}';
    expect(duplicateKeys(text)).toEqual([
      { path: ['a', 'c', 0], key: 'd', first: text.indexOf('"d"'), again: text.lastIndexOf('"d"') },
      { path: ['a'], key: 'b', first: text.indexOf('"b"'), again: text.lastIndexOf('"b"') },
    ]);
  });

  it('counts array positions and compares keys as JSON reads them', () => {
    const text = '[1, {"x": 1}, {"x": 1, "\\u0078": 2}]';
    expect(duplicateKeys(text).map(({ path, key }) => [path, key])).toEqual([[[2], 'x']]);
  });

  it('does not take strings that hold quotes, colons or braces for keys', () => {
    expect(duplicateKeys('{"a": "\\"a\\": {", "b": ["a", "a"], "c": "}", "a\\\\": 1}')).toEqual([]);
    expect(duplicateKeys('{"a" \n\t : 1, "b": {"a": 2}}')).toEqual([]);
  });

  it('finds nothing in what JSON.stringify writes, and a key repeated by hand anywhere (fuzzed)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(duplicateKeys(text)).toEqual([]);
        const doubled = `{"wrap": ${text}, "k": 1, "k": 2}`;
        expect(duplicateKeys(doubled)).toEqual([expect.objectContaining({ path: [], key: 'k' }) as unknown]);
      }),
      { numRuns: 300 },
    );
  });
});
