import { describe, expect, it } from 'vitest';
import { scorePassphrase } from '../../../../src-shared/drafts/passphrase.js';

describe('scorePassphrase', () => {
  it.each([
    ['', 0],
    ['secret1', 0],
    ['password123', 0],
    ['Password1!', 0],
    ['qwertyuiop12', 0],
    ['aaaaaaaaaaaaaaaa', 0],
    ['abcabcabcabcabc', 0],
    ['atlassian2024', 0],
  ])('refuses %j', (passphrase, score) => {
    const result = scorePassphrase(passphrase);
    expect(result.score).toBe(score);
    expect(result.acceptable).toBe(false);
    expect(result.label).toBe('too weak');
    expect(result.feedback.length).toBeGreaterThan(0);
  });

  it.each([
    'maple orbit tunnel fiddle',
    'copper lantern drifts north',
    'Tr0ub4dor&3-xyzzy',
    'vG7#qL2!mZ9@wR4k',
  ])('accepts %j', (passphrase) => {
    const result = scorePassphrase(passphrase);
    expect(result.acceptable).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(2);
  });

  it('says why: length, common words, runs, repeats', () => {
    expect(scorePassphrase('short').feedback.join(' ')).toMatch(/at least 10 characters/);
    expect(scorePassphrase('mypassword-is-long').feedback.join(' ')).toMatch(/common passwords/);
    expect(scorePassphrase('xk1234567890zz').feedback.join(' ')).toMatch(/sequences/);
    expect(scorePassphrase('zzzzzzzzzzzzzzzz').feedback.join(' ')).toMatch(/repeated/);
  });

  it('grows with length and variety, and counts non-ASCII characters once each', () => {
    const bits = ['kfjw', 'kfjwpeio', 'kfjwpeioqnvx', 'kfjwpeioqnvxAB1!'].map(
      (text) => scorePassphrase(text).bits,
    );
    expect(bits).toEqual([...bits].sort((a, b) => a - b));
    expect(scorePassphrase('ünïcödé😀ünïcödé😀').bits).toBeGreaterThan(0);
    expect(scorePassphrase('🔑🔑🔑').score).toBe(0);
  });
});
