/** Finding paths (`keys[1].newKeyArn`) ↔ element ids, steps and labels people read. */
import type { StepId } from '../../src-shared/drafts/draft.js';
import { regionLabel } from '../../src-shared/request/aws.js';
import { pathSegments } from '../../src-shared/request/findings.js';

/** `keys[1].newKeyArn` → `field-keys-1-newKeyArn`; `` → `field-request`. */
export function fieldId(path: string): string {
  if (path === '') return 'field-request';
  return `field-${pathSegments(path).map(String).join('-')}`;
}

const STEP_OF_FIELD: Readonly<Record<string, StepId>> = {
  siteUrl: 'organization',
  organizationId: 'organization',
  participants: 'organization',
  awsAccountId: 'account',
  realm: 'account',
  keys: 'keys',
  timing: 'timing',
  impact: 'timing',
  workingHours: 'timing',
  phone: 'timing',
  attachments: 'timing',
  notes: 'timing',
};

/** The step whose form holds the field a path points at; the review step for anything else. */
export function stepOfPath(path: string): StepId {
  const first = pathSegments(path)[0];
  return typeof first === 'string' ? (STEP_OF_FIELD[first] ?? 'review') : 'review';
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  siteUrl: 'Site URL',
  organizationId: 'Organization ID',
  participants: 'Extra participants',
  awsAccountId: 'AWS account ID',
  realm: 'Realm',
  keys: 'Key ARNs',
  timing: 'Timing',
  impact: 'Impact level',
  workingHours: 'Working hours',
  phone: 'Phone number',
  attachments: 'Screenshots to attach',
  notes: 'Notes for support',
};

/** What a path is called on screen, e.g. `New key ARN, eu-west-1 (Ireland)`. */
export function pathLabel(path: string, regions: readonly string[] = []): string {
  const [field, index, side] = pathSegments(path);
  if (typeof field !== 'string') return 'Request';
  if (typeof index !== 'number') return FIELD_LABELS[field] ?? field;
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
  return FIELD_LABELS[field] ?? field;
}
