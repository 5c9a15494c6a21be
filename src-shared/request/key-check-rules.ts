/**
 * Rules from stored describe-key results: a key known to be unusable is an error at that key, with the
 * reason and the time of the check; a "new" key older than the old one is worth a warning.
 * A result applies only while the field holds the very ARN it checked.
 */
import type { FindingList } from './findings.js';
import { checkKeyFacts, type KeyFacts } from './key-facts.js';
import type { ParsedPair } from './key-rules.js';

export interface KeyCheckEvidence {
  readonly arn: string;
  /** ISO time of the check. */
  readonly checkedAt: string;
  readonly facts: KeyFacts;
}

/** "2026-12-01 02:30 UTC": the same text in the app, the CLI and the ticket's reader's time zone. */
export function checkTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The evidence for exactly this ARN, if any. */
export function evidenceFor(
  evidence: readonly KeyCheckEvidence[],
  arn: string | undefined,
): KeyCheckEvidence | undefined {
  return arn === undefined
    ? undefined
    : evidence.find((entry) => entry.arn === arn && entry.facts.arn === arn);
}

export function checkKeyEvidence(
  findings: FindingList,
  pairs: readonly ParsedPair[],
  evidence: readonly KeyCheckEvidence[],
): void {
  if (evidence.length === 0) return;
  for (const pair of pairs) {
    const base = `keys[${String(pair.index)}]`;
    const found = {
      oldKeyArn: evidenceFor(evidence, pair.old && pair.oldText),
      newKeyArn: evidenceFor(evidence, pair.new && pair.newText),
    };
    for (const side of ['oldKeyArn', 'newKeyArn'] as const) {
      const entry = found[side];
      if (entry === undefined) continue;
      // Region, account and multi-Region come from the ARN itself, which the key rules already check.
      for (const check of checkKeyFacts(entry.facts)) {
        if (check.passed || check.id === 'multi-region') continue;
        const message = `aws kms describe-key, checked ${checkTime(entry.checkedAt)}: ${check.message}`;
        if (check.severity === 'error') findings.error(`${base}.${side}`, `keys.check.${check.id}`, message);
        else findings.warn(`${base}.${side}`, `keys.check.${check.id}`, message);
      }
    }
    const oldCreated = Date.parse(found.oldKeyArn?.facts.creationDate ?? '');
    const newCreated = Date.parse(found.newKeyArn?.facts.creationDate ?? '');
    if (newCreated < oldCreated) {
      findings.warn(
        `${base}.newKeyArn`,
        'keys.check.new-older',
        `By describe-key, this new key was created ${checkTime(found.newKeyArn?.facts.creationDate ?? '')}, before the old key (${checkTime(found.oldKeyArn?.facts.creationDate ?? '')}). Check that the old and new key are not the wrong way round.`,
      );
    }
  }
}
