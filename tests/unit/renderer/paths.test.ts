import { describe, expect, it } from 'vitest';
import { draftMaxLength, fieldId, pathLabel, stepOfPath } from '../../../src-renderer/lib/paths.js';

describe('finding paths', () => {
  it.each([
    ['siteUrl', 'field-siteUrl', 'organization'],
    ['participants[2]', 'field-participants-2', 'organization'],
    ['awsAccountId', 'field-awsAccountId', 'account'],
    ['realm', 'field-realm', 'account'],
    ['keys', 'field-keys', 'keys'],
    ['keys[1]', 'field-keys-1', 'keys'],
    ['keys[1].newKeyArn', 'field-keys-1-newKeyArn', 'keys'],
    ['impact', 'field-impact', 'timing'],
    ['attachments[0]', 'field-attachments-0', 'timing'],
    ['', 'field-request', 'review'],
    ['format', 'field-format', 'review'],
  ])('%s → #%s on the %s step', (path, id, step) => {
    expect(fieldId(path)).toBe(id);
    expect(stepOfPath(path)).toBe(step);
  });

  it('names fields the way the form labels them', () => {
    const regions = ['eu-central-1', 'eu-west-1'];
    expect(pathLabel('keys[1].newKeyArn', regions)).toBe('New key ARN, eu-west-1 (Ireland)');
    expect(pathLabel('keys[0]', regions)).toBe('Keys for eu-central-1 (Frankfurt)');
    expect(pathLabel('keys[0].oldKeyArn')).toBe('Old key ARN, key pair 1');
    expect(pathLabel('participants[1]')).toBe('Extra participant 2');
    expect(pathLabel('workingHours')).toBe('Working hours');
    expect(pathLabel('')).toBe('Request');
  });

  it.each([
    ['notes', 20000],
    ['attachments[3]', 1000],
    ['keys[1].newKeyArn', 500],
    ['awsAccountId', 100],
    ['realm', undefined],
    ['', undefined],
  ])('a draft keeps at most this much text at %s', (path, max) => {
    expect(draftMaxLength(path)).toBe(max);
  });
});
