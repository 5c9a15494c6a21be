/**
 * The form shows the key pairs in rows, one per region of the realm ("Keys in eu-central-1"); a request file
 * lists them in any order, and its rules judge each pair by its old key's region. So when the old key typed
 * in a row is in another of the realm's regions, those rules speak from that key's region: they ask for a
 * new key in the other region and say that the row's own region has no pair, which the row on screen
 * contradicts. Read in rows, the wrong key is the old key: this says so at that key (and at a new key in
 * neither the row's region nor the old key's), in place of what the file's rules said about the regions.
 * Only while those rules find the regions wrong: pairs that are merely in other rows are a valid request.
 */
import { parseKeyArn, regionLabel } from './aws.js';
import type { Finding, Validation } from './findings.js';

/** The file's region findings that the row errors replace. */
const REPLACED = new Set(['keys.region.duplicate', 'keys.region.missing', 'keys.region.swapped']);

function regionOf(arn: string | undefined): string | undefined {
  const parsed = parseKeyArn((arn ?? '').trim());
  return parsed.ok ? parsed.arn.region : undefined;
}

export function inKeyRows(
  validation: Validation,
  keys: readonly { readonly oldKeyArn: string; readonly newKeyArn: string }[],
  regions: readonly string[],
): Validation {
  if (!validation.errors.some((finding) => finding.code.startsWith('keys.region.'))) return validation;
  const rowErrors: Finding[] = [];
  const misplaced = new Set<string>();
  regions.forEach((row, index) => {
    const pair = keys[index];
    const old = regionOf(pair?.oldKeyArn);
    if (old === undefined || old === row || !regions.includes(old)) return;
    const path = `keys[${String(index)}]`;
    misplaced.add(`${path}.newKeyArn`);
    rowErrors.push({
      path: `${path}.oldKeyArn`,
      code: 'keys.region.row',
      severity: 'error',
      message: `This key is in ${regionLabel(old)}, but this row is for ${regionLabel(row)}: put the old key of ${row} here, and this one in the ${old} row.`,
    });
    const next = regionOf(pair?.newKeyArn);
    if (next !== undefined && next !== row && regions.includes(next))
      rowErrors.push({
        path: `${path}.newKeyArn`,
        code: 'keys.region.row',
        severity: 'error',
        message: `This key is in ${regionLabel(next)}, but this row is for ${regionLabel(row)}: use the new key of ${row} here.`,
      });
  });
  if (rowErrors.length === 0) return validation;
  const errors = [
    ...validation.errors.filter(
      (finding) =>
        !REPLACED.has(finding.code) &&
        !(finding.code === 'keys.region.mismatch' && misplaced.has(finding.path)),
    ),
    ...rowErrors,
  ];
  return { ...validation, errors };
}
