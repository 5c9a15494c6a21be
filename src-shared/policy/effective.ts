/**
 * The effective value of every policy key, and where it comes from. Precedence, highest first:
 * a locked value of the system policy, then of the portable policy (a restriction, RESTRICTION_KEYS, locked
 * or not; a policy file that cannot be read locks its restrictions at their safe value instead); the
 * user's own setting; an unlocked default of the system, then the portable policy; the app's built-in
 * default.
 */
import { z } from 'zod';
import { REALM_IDS } from '../request/realms.js';
import type { ParsedPolicy, PolicyEntries } from './parse-policy.js';
import {
  DEFAULT_SCRYPT_WORK_FACTOR,
  POLICY_KEYS,
  RESTRICTION_KEYS,
  SAFE_VALUES,
  type PolicyKey,
  type PolicyValue,
  type PolicyValues,
} from './policy-schema.js';
import { MAX_AUTO_LOCK_MINUTES } from '../ipc/vault-contract.js';

export const POLICY_KINDS = ['system', 'portable'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];
export const POLICY_SOURCES = ['system', 'portable', 'user', 'default', 'safe'] as const;
export type PolicySource = (typeof POLICY_SOURCES)[number];

export const POLICY_FILE_STATES = ['absent', 'in-force', 'invalid'] as const;

/** A policy file as read at start: absent, in force, or (partly) unreadable. */
export interface PolicyLayer extends ParsedPolicy {
  readonly kind: PolicyKind;
  readonly path: string;
  readonly state: (typeof POLICY_FILE_STATES)[number];
}

export interface EffectiveSetting<K extends PolicyKey> {
  readonly value: PolicyValue<K>;
  readonly locked: boolean;
  readonly source: PolicySource;
  /** Why the value differs from what its source says (e.g. capped by a maximum). */
  readonly note?: string;
}
export type EffectivePolicy = { readonly [K in PolicyKey]: EffectiveSetting<K> };

/** Keys a user can set in the app (settings.json); the rest come from policy or the defaults. */
export type UserValues = Partial<Pick<PolicyValues, 'vaultFolder' | 'idleLockMinutes'>>;

export function builtInDefaults(vaultFolder: string): PolicyValues {
  return {
    complianceRecipients: [],
    trustedSigners: [],
    defaultOrganizationId: '',
    defaultSiteUrl: '',
    allowedRealms: [...REALM_IDS],
    idleLockMinutes: 10,
    idleLockMaxMinutes: MAX_AUTO_LOCK_MINUTES,
    vaultFolder,
    archiveFolder: '',
    plaintextExports: true,
    markSentRequiresReady: false,
    minScryptWorkFactor: DEFAULT_SCRYPT_WORK_FACTOR,
  };
}

function isUnreadable(layer: PolicyLayer, key: PolicyKey): boolean {
  return layer.unreadable === 'all' || layer.unreadable.includes(key);
}

function entryOf<K extends PolicyKey>(layer: PolicyLayer, key: K): PolicyEntries[K] {
  return layer.entries[key];
}

function resolveKey<K extends PolicyKey>(
  key: K,
  layers: readonly PolicyLayer[],
  user: UserValues,
  defaults: PolicyValues,
): EffectiveSetting<K> {
  // A restriction binds whether locked or not (the app offers no way to change it), so a portable file
  // cannot lock over the system's unlocked restriction and lift it.
  const binding = RESTRICTION_KEYS.includes(key);
  for (const layer of layers) {
    const entry = entryOf(layer, key);
    if (entry !== undefined && (entry.locked || binding))
      return { value: entry.value, locked: entry.locked, source: layer.kind };
    const safe = SAFE_VALUES[key] as PolicyValue<K> | undefined;
    if (safe !== undefined && isUnreadable(layer, key)) return { value: safe, locked: true, source: 'safe' };
  }
  const own = (user as Partial<PolicyValues>)[key] as PolicyValue<K> | undefined;
  if (own !== undefined) return { value: own, locked: false, source: 'user' };
  for (const layer of layers) {
    const entry = entryOf(layer, key);
    if (entry !== undefined) return { value: entry.value, locked: false, source: layer.kind };
  }
  return { value: defaults[key], locked: false, source: 'default' };
}

/** Every key's effective value; `layers` in precedence order (system first). */
export function resolvePolicy(
  layers: readonly PolicyLayer[],
  user: UserValues,
  defaults: PolicyValues,
): EffectivePolicy {
  const resolved = Object.fromEntries(
    POLICY_KEYS.map((key) => [key, resolveKey(key, layers, user, defaults)]),
  ) as { -readonly [K in PolicyKey]: EffectiveSetting<K> };
  const max = resolved.idleLockMaxMinutes.value;
  const idle = resolved.idleLockMinutes;
  // "Off" (0) is the user's choice unless a policy sets a maximum.
  const capped = resolved.idleLockMaxMinutes.source !== 'default';
  if ((capped && idle.value === 0) || idle.value > max) {
    resolved.idleLockMinutes = {
      ...idle,
      value: max,
      note: `capped at the maximum of ${String(max)} minute${max === 1 ? '' : 's'} (idleLockMaxMinutes)`,
    };
  }
  return resolved;
}

/** What the renderer is sent of a file's problems at most (`policy check` lists them all). */
export const MAX_SHOWN_PROBLEMS = 200;
export const MAX_PROBLEM_CHARS = 2000;

const PolicyFileStatusSchema = z.strictObject({
  kind: z.enum(POLICY_KINDS),
  path: z.string().max(4096),
  state: z.enum(POLICY_FILE_STATES),
  problems: z.array(z.string().max(MAX_PROBLEM_CHARS)).max(MAX_SHOWN_PROBLEMS),
});

/** What the renderer needs to know of the policy (IPC result of `policyStatus`). */
export const PolicyViewSchema = z.strictObject({
  files: z.array(PolicyFileStatusSchema).max(2),
  locked: z.array(z.enum(POLICY_KEYS as [PolicyKey, ...PolicyKey[]])),
  /** Keys at their safe value because a policy file could not be read. */
  safe: z.array(z.enum(POLICY_KEYS as [PolicyKey, ...PolicyKey[]])),
  plaintextExports: z.boolean(),
  markSentRequiresReady: z.boolean(),
  allowedRealms: z.array(z.enum(REALM_IDS)),
  idleLockMaxMinutes: z.number().int().min(1).max(MAX_AUTO_LOCK_MINUTES),
  complianceRecipients: z.array(z.string().max(200)).max(20),
  defaultOrganizationId: z.string().max(2000),
  defaultSiteUrl: z.string().max(2000),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;
