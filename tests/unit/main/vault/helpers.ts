/** Shared setup for the vault tests: real temp folders, a fast (test-only) scrypt work factor. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { draftFromRequest, type DraftRequest } from '../../../../src-shared/drafts/draft.js';
import type { Result } from '../../../../src-shared/ipc/result.js';
import { Vault, type VaultOptions } from '../../../../src-main/vault/vault.js';

/** TEST ONLY: N = 2^10 instead of production's 2^18, so a test unlocks in about a millisecond. */
export const FAST: VaultOptions = { unsafeScryptWorkFactor: 10, indexFlushDelayMs: 20 };
export const PASSPHRASE = 'maple orbit tunnel fiddle';
export const OTHER_PASSPHRASE = 'copper lantern drifts north';

const folders: string[] = [];

export function tempFolder(prefix = 'cmk-vault-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

export function removeTempFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.code}: ${result.message}`);
  return result.value;
}

export async function newVault(options: VaultOptions & { recipients?: string[] } = {}): Promise<Vault> {
  return value(await Vault.create(join(tempFolder(), 'vault'), PASSPHRASE, { ...FAST, ...options }));
}

export async function reopen(vault: Vault, passphrase = PASSPHRASE): Promise<Vault> {
  const again = value(await Vault.open(vault.folder, FAST));
  value(await again.unlock(passphrase));
  return again;
}

const ACCOUNT = '012345678901';

function keyPair(region: string, n: number) {
  const id = (side: number) => `${String(n)}${String(side)}0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d`.slice(-36);
  return {
    oldKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/${id(1)}`,
    newKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/${id(2)}`,
  };
}

/** A valid request file for a realm (required fields only). */
export function validRequestFile(realm: 'eu' | 'us'): Record<string, unknown> {
  const regions = realm === 'eu' ? ['eu-central-1', 'eu-west-1'] : ['us-east-1', 'us-west-2'];
  return {
    format: 'cmk-rekey/request',
    version: 1,
    siteUrl: 'https://acme-cloud.atlassian.net',
    awsAccountId: ACCOUNT,
    impact: 'L3',
    organizationId: '5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d',
    realm,
    keys: regions.map((region, n) => keyPair(region, n)),
    timing: 'next-maintenance-window',
    workingHours: 'Europe, Middle East and Africa (09:00-17:00 CET)',
  };
}

export function validDraftRequest(): DraftRequest {
  return draftFromRequest(validRequestFile('eu'));
}

/** A valid request with every optional field filled in. */
export function completeDraftRequest(): DraftRequest {
  return draftFromRequest({
    ...validRequestFile('us'),
    participants: ['secops@acme-cloud.example', 'Jane.Doe@acme-cloud.example'],
    phone: '+44 20 7946 0958',
    attachments: ['kms-new-key-policy.png', 'old key details.pdf'],
    notes: 'The old keys stay enabled until support confirms the re-encryption is complete.',
  });
}

/** Every file of a folder (relative path → SHA-256), to prove an operation changed nothing. */
export function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(folder, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(folder);
  return files;
}

export function filesIn(folder: string, area: string): string[] {
  return readdirSync(join(folder, area))
    .filter((name) => !name.startsWith('.'))
    .sort();
}
