/**
 * A small passphrase strength scorer for the vault's "create" and "change passphrase" forms. It estimates
 * guessing entropy from length and character variety, discounting what attackers try first (common
 * passwords, keyboard runs, sequences, repeats, years). No dictionary download: a short built-in list.
 */

export const PASSPHRASE_LABELS = ['too weak', 'weak', 'fair', 'strong', 'very strong'] as const;
export type PassphraseLabel = (typeof PASSPHRASE_LABELS)[number];

export interface PassphraseScore {
  /** 0 (too weak) to 4 (very strong). */
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly label: PassphraseLabel;
  /** Rough guessing entropy in bits, after discounts. */
  readonly bits: number;
  /** Whether the vault accepts it (score 2 or more). */
  readonly acceptable: boolean;
  /** What would make it stronger, in words for the user; empty when nothing to say. */
  readonly feedback: readonly string[];
}

export const MIN_PASSPHRASE_LENGTH = 10;

const COMMON = [
  'password',
  'passwort',
  'passphrase',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'login',
  'master',
  'secret',
  'monkey',
  'dragon',
  'iloveyou',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'shadow',
  'superman',
  'trustno1',
  'changeme',
  'default',
  'atlassian',
  'jira',
  'confluence',
  'vault',
  'rekey',
  'compliance',
  'summer',
  'winter',
  'spring',
  'autumn',
  'qwertz',
  'azerty',
];
const RUNS = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc',
];

function poolSize(text: string): number {
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/[ ]/.test(text)) pool += 1;
  if (/[^a-zA-Z0-9 ]/u.test(text.replace(/[^\x20-\x7e]/gu, ''))) pool += 33;
  if (/[^\x20-\x7e]/u.test(text)) pool += 100;
  return Math.max(pool, 1);
}

/** Marks characters that belong to a guessable pattern; returns how many patterns were found. */
function markPatterns(
  lower: string,
  guessable: boolean[],
): { common: number; runs: number; repeats: number } {
  const found = { common: 0, runs: 0, repeats: 0 };
  for (const word of COMMON) {
    for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + word.length)) {
      guessable.fill(true, at, at + word.length);
      found.common++;
    }
  }
  for (const run of RUNS) {
    let reversed = '';
    for (let at = run.length - 1; at >= 0; at--) reversed += run.charAt(at);
    for (const sequence of [run, reversed]) {
      for (let start = 0; start + 3 <= sequence.length; start++) {
        const piece = sequence.slice(start, start + 3);
        for (let at = lower.indexOf(piece); at !== -1; at = lower.indexOf(piece, at + 1)) {
          if (!guessable[at + 1]) found.runs++;
          guessable.fill(true, at + 1, at + 3);
        }
      }
    }
  }
  for (const match of lower.matchAll(/(.)\1{2,}/gu)) {
    guessable.fill(true, match.index + 1, match.index + match[0].length);
    found.repeats++;
  }
  for (const match of lower.matchAll(/(..+?)\1+/gu)) {
    if (match[0].length >= 4) {
      guessable.fill(true, match.index + (match[1]?.length ?? 0), match.index + match[0].length);
      found.repeats++;
    }
  }
  for (const match of lower.matchAll(/(19|20)\d\d/gu)) guessable.fill(true, match.index + 1, match.index + 4);
  return found;
}

/** Scores a passphrase; pure and fast enough to run on every keystroke. */
export function scorePassphrase(passphrase: string): PassphraseScore {
  const length = passphrase.match(/./gsu)?.length ?? 0;
  const lower = passphrase.toLowerCase();
  const guessable = new Array<boolean>(lower.length).fill(false);
  const found = markPatterns(lower, guessable);
  const perChar = Math.log2(poolSize(passphrase));
  const free = guessable.filter((flag) => !flag).length;
  const words = passphrase.split(/[\s\-_.,;:+/]+/u).filter((word) => word.length >= 3);
  let bits = free * perChar + (lower.length - free) * 0.5 + found.common * 4;
  // Several words are the easiest strong passphrase; credit at most ~11 bits per word (a 2,000-word list).
  if (words.length >= 4) bits = Math.min(bits, words.length * 11 + free * 0.5);
  bits = Math.round(bits);
  const feedback: string[] = [];
  if (length < MIN_PASSPHRASE_LENGTH)
    feedback.push(`Use at least ${String(MIN_PASSPHRASE_LENGTH)} characters.`);
  if (found.common > 0) feedback.push('Avoid common passwords and words tied to this app or company.');
  if (found.runs > 0) feedback.push('Avoid keyboard runs and sequences like "qwerty" or "1234".');
  if (found.repeats > 0) feedback.push('Avoid repeated characters and repeated chunks.');
  let score: PassphraseScore['score'] = bits < 30 ? 0 : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  if (length < MIN_PASSPHRASE_LENGTH) score = 0;
  if (score < 3 && words.length < 4)
    feedback.push('Four or five random words, like "maple orbit tunnel fiddle", are strong and memorable.');
  return { score, label: PASSPHRASE_LABELS[score], bits, acceptable: score >= 2, feedback };
}
