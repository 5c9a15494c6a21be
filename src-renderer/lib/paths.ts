/** Finding paths (`keys[1].newKeyArn`) ↔ element ids, steps and labels people read. */
import type { StepId } from '../../src-shared/drafts/draft.js';
import { regionLabel } from '../../src-shared/request/aws.js';
import { FIELDS, isFieldName } from '../../src-shared/request/fields.js';
import { pathSegments } from '../../src-shared/request/findings.js';

/** `keys[1].newKeyArn` → `field-keys-1-newKeyArn`; `` → `field-request`. */
export function fieldId(path: string): string {
  if (path === '') return 'field-request';
  return `field-${pathSegments(path).map(String).join('-')}`;
}

/** The step whose form holds the field a path points at; the review step for anything else. */
export function stepOfPath(path: string): StepId {
  const first = pathSegments(path)[0];
  return typeof first === 'string' && isFieldName(first) ? FIELDS[first].step : 'review';
}

/** What a path is called on screen, e.g. `New key ARN, eu-west-1 (Ireland)`. */
export function pathLabel(path: string, regions: readonly string[] = []): string {
  const [field, index, side] = pathSegments(path);
  if (typeof field !== 'string') return 'Request';
  const label = isFieldName(field) ? FIELDS[field].label : field;
  if (typeof index !== 'number') return label;
  const position = String(index + 1);
  if (field === 'participants') return `Extra participant ${position}`;
  if (field === 'attachments') return `Screenshot ${position}`;
  if (field === 'keys') {
    const region = regions[index];
    const where = region === undefined ? `key pair ${position}` : regionLabel(region);
    if (side === 'oldKeyArn') return `Old key ARN, ${where}`;
    if (side === 'newKeyArn') return `New key ARN, ${where}`;
    return region === undefined ? `Key pair ${position}` : `Keys for ${where}`;
  }
  return label;
}

/**
 * The longest text a draft keeps in the field at a path: main refuses to save a draft holding more, so the
 * control takes no more (undefined for a choice).
 */
export function draftMaxLength(path: string): number | undefined {
  const field = pathSegments(path)[0];
  if (typeof field !== 'string' || !isFieldName(field)) return undefined;
  const spec = FIELDS[field];
  switch (spec.kind) {
    case 'text':
      return spec.draftMax;
    case 'list':
    case 'keys':
      return spec.draftEntryMax;
    case 'choice':
      return undefined;
  }
}
