import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src-shared/text/byte-size.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [256 * 1024, '256 KiB'],
    // the describe-key limit QA saw as "0.3814697265625 MiB"
    [400_000, '391 KiB'],
    [1024 * 1024 - 1, '1 MiB'],
    [1024 * 1024, '1 MiB'],
    [200_000_000, '191 MiB'],
    [5 * 1024 ** 3, '5 GiB'],
  ])('%i bytes is "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
