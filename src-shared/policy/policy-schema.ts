/**
 * The organization's policy file (`policy.json`): each key is a value the user may change (a default) or
 * one they cannot (`"locked": true`). Deployed by IT at the system location or beside a portable build.
 * Format and keys: docs/policy.md; JSON Schema: docs/policy.schema.json.
 */
import { z } from 'zod';
import { MAX_AUTO_LOCK_MINUTES } from '../ipc/vault-contract.js';
import { FIELDS } from '../request/fields.js';
import { REALM_IDS } from '../request/realms.js';

export const POLICY_FORMAT = 'cmk-rekey/policy';
export const POLICY_VERSION = 1;
/** Larger files are refused unread: a policy is a few hundred bytes. */
export const MAX_POLICY_BYTES = 256 * 1024;
/** age's default work factor, which the app uses for new passphrases unless the policy asks for more. */
export const DEFAULT_SCRYPT_WORK_FACTOR = 18;
/** The highest work factor the vault accepts when opening a file (src-main/vault/scrypt.ts). */
export const MAX_SCRYPT_WORK_FACTOR = 20;

const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/u;
/** `principals [options] key-type base64-key [comment]`, as in ssh-keygen(1) ALLOWED SIGNERS. */
const ALLOWED_SIGNER =
  /^[^\s#]\S*(?:\s+\S+)*?\s+(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\s+[A-Za-z0-9+/]+={0,2}(?:\s.*)?$/u;
const FOLDER = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => /^(?:\/|[A-Za-z]:[\\/]|\\\\|%[A-Za-z]+%|~[\\/])/u.test(path), {
    error:
      'Use a full path, like /srv/cmk-rekey or C:\\CMK Rekey, or one that starts with %VARIABLE%\\ or ~/.',
  });

function textField(field: 'organizationId' | 'siteUrl') {
  const rule = FIELDS[field];
  return z
    .string()
    .max(2000)
    .superRefine((value, context) => {
      if (value === '') return;
      const normalized = rule.normalize(value);
      const problem = rule.check(normalized.value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem.message });
      else if (normalized.value !== value)
        context.addIssue({ code: 'custom', message: `Write it as "${normalized.value}".` });
    });
}

/** The value schema of every key, with what it means (the description goes into the JSON Schema). */
export const POLICY_VALUES = {
  complianceRecipients: z
    .array(z.string().regex(X25519_RECIPIENT, { error: 'Each recipient is an age public key, age1…' }))
    .max(20)
    .describe('age public keys (age1…) every new draft is also encrypted for.'),
  trustedSigners: z
    .array(
      z.string().max(16384).regex(ALLOWED_SIGNER, {
        error: 'Each entry is one allowed-signers line: principals, then key type and public key.',
      }),
    )
    .max(100)
    .describe('OpenSSH allowed-signers lines (ssh-keygen ALLOWED SIGNERS) trusted for archive signatures.'),
  defaultOrganizationId: textField('organizationId').describe(
    'Atlassian organization ID pre-filled in new drafts.',
  ),
  defaultSiteUrl: textField('siteUrl').describe(
    'Site URL (https://…atlassian.net) pre-filled in new drafts.',
  ),
  allowedRealms: z
    .array(z.enum(REALM_IDS))
    .min(1)
    .refine((realms) => new Set(realms).size === realms.length, { error: 'A realm is listed twice.' })
    .describe('The only realms requests may use.'),
  idleLockMinutes: z
    .number()
    .int()
    .min(0)
    .max(MAX_AUTO_LOCK_MINUTES)
    .describe('Minutes without input before the vault locks; 0 turns auto-lock off.'),
  idleLockMaxMinutes: z
    .number()
    .int()
    .min(1)
    .max(MAX_AUTO_LOCK_MINUTES)
    .describe('The longest idle lock a user may choose (auto-lock cannot be turned off).'),
  vaultFolder: FOLDER.describe('Folder of the encrypted drafts vault.'),
  archiveFolder: FOLDER.describe('Folder of the signed archive of sent requests.'),
  plaintextExports: z
    .boolean()
    .describe('Whether unencrypted exports are allowed: ticket .txt/.md/.json, request .json, copy buttons.'),
  markSentRequiresReady: z
    .boolean()
    .describe('Whether "Mark as sent" needs a request without errors and a ticked checklist.'),
  minScryptWorkFactor: z
    .number()
    .int()
    .min(DEFAULT_SCRYPT_WORK_FACTOR)
    .max(MAX_SCRYPT_WORK_FACTOR)
    .describe('Lowest scrypt work factor (log2 N) for new vault passphrases.'),
} as const;

export type PolicyKey = keyof typeof POLICY_VALUES;
export const POLICY_KEYS = Object.keys(POLICY_VALUES) as PolicyKey[];
export type PolicyValue<K extends PolicyKey> = z.output<(typeof POLICY_VALUES)[K]>;
export type PolicyValues = { [K in PolicyKey]: PolicyValue<K> };

/** One key's entry: `{ "value": …, "locked": true }`; without `locked` (or false) it is a default. */
export function policyEntrySchema<K extends PolicyKey>(key: K) {
  return z.strictObject({
    value: POLICY_VALUES[key],
    locked: z.boolean().default(false).describe('true: the user cannot change it.'),
  });
}

export type PolicyEntry<K extends PolicyKey> = { readonly value: PolicyValue<K>; readonly locked: boolean };

/** The whole file (version 1): what `policy check` and docs/policy.schema.json describe. */
export const PolicyFileSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(POLICY_FORMAT),
  version: z.literal(POLICY_VERSION),
  policies: z
    .strictObject(
      Object.fromEntries(POLICY_KEYS.map((key) => [key, policyEntrySchema(key).optional()])) as {
        [K in PolicyKey]: z.ZodOptional<ReturnType<typeof policyEntrySchema<K>>>;
      },
    )
    .describe('The settings the organization sets; leave out what it does not.'),
});

export const POLICY_SCHEMA_ID = 'urn:cmk-rekey:policy:v1';

export function policyJsonSchema(): Record<string, unknown> {
  return {
    $id: POLICY_SCHEMA_ID,
    ...z.toJSONSchema(PolicyFileSchema, { target: 'draft-2020-12', io: 'input' }),
  };
}

/**
 * Restrictions on the user rather than settings of theirs: the app offers no way to change them, so a
 * policy's unlocked value binds like a locked one (docs/policy.md) and the UI shows it as set.
 */
export const RESTRICTION_KEYS: readonly PolicyKey[] = [
  'allowedRealms',
  'idleLockMaxMinutes',
  'plaintextExports',
  'markSentRequiresReady',
  'minScryptWorkFactor',
];

/** Keys the app enforces: if a policy file cannot be read, these take their safe value, locked. */
export const SAFE_VALUES: Partial<PolicyValues> = {
  plaintextExports: false,
  idleLockMinutes: 1,
  idleLockMaxMinutes: 1,
  markSentRequiresReady: true,
  trustedSigners: [],
};
