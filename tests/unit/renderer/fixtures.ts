/** Values for renderer tests: a complete, valid Europe-realm request and helpers to build variants. */
import {
  DRAFT_FORMAT,
  emptyDraftRequest,
  type DraftDocument,
  type DraftRequest,
} from '../../../src-shared/drafts/draft.js';
import type { DraftSummary } from '../../../src-shared/drafts/summary.js';
import type { VaultStatus } from '../../../src-shared/ipc/vault-contract.js';
import { describeKeyResult } from '../../fixtures/describe-key.js';

export const ACCOUNT = '012345678901';
export const ORG_ID = 'be0df05b-77ec-4a4f-ac84-f818bef651ce';

export function arn(region: string, seed: number, account = ACCOUNT): string {
  const hex = seed.toString(16).padStart(8, '0');
  return `arn:aws:kms:${region}:${account}:key/${hex}-5e6f-4a1b-8c2d-3e4f5a6b7c8d`;
}

export function validDraft(): DraftRequest {
  return {
    siteUrl: 'https://acme.atlassian.net',
    participants: ['secops@acme.example'],
    awsAccountId: ACCOUNT,
    impact: 'L3',
    organizationId: ORG_ID,
    realm: 'eu',
    keys: [
      { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-central-1', 2) },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4) },
    ],
    timing: 'next-maintenance-window',
    workingHours: 'Mon–Fri 09:00–17:00 Europe/Berlin',
    phone: '',
    attachments: [],
    notes: '',
  };
}

/** `aws kms describe-key` output for a key, as pasted. */
export function describeKeyOutput(keyArn: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify(describeKeyResult(keyArn, overrides), null, 4);
}

export const DRAFT_ID = '0123456789abcdef0123456789abcdef';

/** A draft as the vault returns it (new and empty unless overridden). */
export function draftDocument(overrides: Partial<DraftDocument> = {}): DraftDocument {
  return {
    format: DRAFT_FORMAT,
    version: 3,
    id: DRAFT_ID,
    title: 'Untitled draft',
    createdAt: '2025-03-03T09:00:00.000Z',
    updatedAt: '2025-03-03T09:00:00.000Z',
    request: emptyDraftRequest(),
    position: { step: 'start' },
    checklist: [],
    state: 'open',
    revision: 1,
    history: [],
    ...overrides,
  };
}

export function draftSummary(overrides: Partial<DraftSummary> = {}): DraftSummary {
  return {
    id: DRAFT_ID,
    title: 'acme.atlassian.net · 012345678901',
    status: 'incomplete',
    realm: 'eu',
    awsAccountId: ACCOUNT,
    updatedAt: '2025-03-03T09:00:00.000Z',
    state: 'open',
    revision: 1,
    siteUrl: 'https://acme.atlassian.net',
    organizationId: '',
    ...overrides,
  };
}

export function vaultStatus(overrides: Partial<VaultStatus> = {}): VaultStatus {
  return {
    state: 'unlocked',
    folder: '/home/admin/.config/cmk-rekey/vault',
    canSave: true,
    autoLockMinutes: 10,
    trashRetentionDays: 0,
    recipient: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
    extraRecipients: [],
    ...overrides,
  };
}
