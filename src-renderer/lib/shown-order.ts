/**
 * Findings in the order the form shows their fields: the Review step's list and the banner of a ticket
 * copied with errors read alike.
 */
import type { FieldName } from '../../src-shared/request/fields.js';
import { pathSegments, type Finding } from '../../src-shared/request/findings.js';

/** The fields in the order the steps show them (the request format puts impact before the organization ID). */
const SHOWN_ORDER: readonly FieldName[] = [
  'organizationId',
  'siteUrl',
  'participants',
  'awsAccountId',
  'realm',
  'keys',
  'timing',
  'impact',
  'workingHours',
  'phone',
  'attachments',
  'notes',
];

function shownRank(path: string): [number, number, number] {
  const [field, index, side] = pathSegments(path);
  const position = SHOWN_ORDER.indexOf(field as FieldName);
  return [
    position < 0 ? SHOWN_ORDER.length : position,
    typeof index === 'number' ? index : -1,
    side === 'newKeyArn' ? 1 : 0,
  ];
}

/** Findings in the order a user meets their fields going through the form (stable within one field). */
export function inShownOrder(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    const left = shownRank(a.path);
    const right = shownRank(b.path);
    return left[0] - right[0] || left[1] - right[1] || left[2] - right[2];
  });
}
