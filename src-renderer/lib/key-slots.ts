/** Keeps key pairs in realm-region order and sets aside, never drops, pairs that no region takes. */
import { parseKeyArn } from '../../src-shared/request/aws.js';
import { normalizeKeyArn } from '../../src-shared/request/normalize.js';

export interface KeyPairText {
  oldKeyArn: string;
  newKeyArn: string;
}

/** A pair no row of the current realm holds, with the region it was typed for when known. */
export interface SetAsidePair extends KeyPairText {
  readonly region?: string | undefined;
}

export interface KeyCandidate {
  readonly pair: KeyPairText;
  /** The region the pair belongs to; taken from its ARNs when not given. */
  readonly region: string | undefined;
}

export function isEmptyPair(pair: KeyPairText): boolean {
  return pair.oldKeyArn.trim() === '' && pair.newKeyArn.trim() === '';
}

/** The region the pair's ARNs name (the old key first), if either parses. */
export function regionOfPair(pair: KeyPairText): string | undefined {
  for (const arn of [pair.oldKeyArn, pair.newKeyArn]) {
    const parsed = parseKeyArn(normalizeKeyArn(arn).value);
    if (parsed.ok) return parsed.arn.region;
  }
  return undefined;
}

/**
 * One pair per region, in the realm's order. Pairs go to the row of their region; with `fillGaps`
 * the rest fill empty rows in order (a file's pairs stay visible at a field, with their errors).
 * Whatever is left is set aside.
 */
export function arrangeKeys(
  candidates: readonly KeyCandidate[],
  regions: readonly string[],
  fillGaps: boolean,
): { keys: KeyPairText[]; setAside: SetAsidePair[] } {
  const slots: (KeyPairText | undefined)[] = regions.map(() => undefined);
  const rest: KeyCandidate[] = [];
  for (const candidate of candidates) {
    if (isEmptyPair(candidate.pair)) continue;
    const region = candidate.region ?? regionOfPair(candidate.pair);
    const slot = region === undefined ? -1 : regions.indexOf(region);
    if (slot >= 0 && slots[slot] === undefined) slots[slot] = { ...candidate.pair };
    else rest.push({ pair: candidate.pair, region });
  }
  const setAside: SetAsidePair[] = [];
  for (const candidate of rest) {
    const gap = fillGaps ? slots.indexOf(undefined) : -1;
    if (gap >= 0) slots[gap] = { ...candidate.pair };
    else setAside.push({ ...candidate.pair, region: candidate.region });
  }
  return { keys: slots.map((pair) => pair ?? { oldKeyArn: '', newKeyArn: '' }), setAside };
}
