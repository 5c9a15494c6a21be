/**
 * The policy files of this workstation as the command line reads them (`policy show`, `check`, `render`,
 * and every command that opens a vault: `vault`, `drafts`, `archive seal`): the
 * system file where the app reads it and a portable `policy.json` in the current folder (less its
 * trustedSigners, see `withoutTrust`), unless options name other files (`--system-policy FILE`,
 * `--portable-policy FILE`).
 */
import { join, resolve } from 'node:path';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import type { PolicyLayer, PolicySource } from '../../src-shared/policy/effective.js';
import { NO_FORMAT } from '../../src-shared/policy/parse-policy.js';
import type { PolicyKey } from '../../src-shared/policy/policy-schema.js';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import { readPolicyLayers, systemPolicyPath } from '../policy/load-policy.js';
import { Policy } from '../policy/policy.js';
import { isMissing } from '../files/safe-fs.js';
import { UsageError, type CliIo } from './io.js';

/** How `policy show` and the refusals name where a setting comes from. */
export const SOURCE_NAMES: Readonly<Record<PolicySource, string>> = {
  system: 'system policy',
  portable: 'portable policy',
  user: 'user',
  default: 'default',
  safe: 'safe value (policy file unreadable)',
};

/** Those options in a usage line. */
export const POLICY_FILE_USAGE = '[--system-policy FILE] [--portable-policy FILE]';

export const POLICY_FILE_OPTIONS = {
  'system-policy': { type: 'string' },
  'portable-policy': { type: 'string' },
} as const;

/** parseArgs's values: only the two policy options are read here. */
type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/**
 * The file an option names (as a full path), or `fallback` when it names none. A file the user named must
 * be there (a usage error otherwise): read as "no policy file", a mistyped one would drop the
 * organization's rules without a word. Only the default places (`fallback`) may be absent.
 */
export async function optionPath(values: OptionValues, option: string, fallback: string): Promise<string> {
  const given = values[option];
  if (typeof given !== 'string') return fallback;
  const path = resolve(given);
  if (await isMissing(path))
    throw new UsageError(`--${option} ${escapeUnsafe(path)} does not exist; check the path`);
  return path;
}

/**
 * The system policy and the portable one: `--portable-policy FILE`, else policy.json in the folder the
 * command runs in. There, a JSON object with no "format" is another program's file (an AWS key policy is
 * often saved as policy.json beside the keys' work): it is left out, said on `io`, instead of making every
 * setting fall back to its safe value as a damaged organization policy does.
 */
export async function workstationPolicyLayers(values: OptionValues, io?: CliIo): Promise<PolicyLayer[]> {
  const [system, portable] = await readPolicyLayers({
    system: await optionPath(values, 'system-policy', systemPolicyPath(process.platform, process.env)),
    portable: await optionPath(values, 'portable-policy', join(process.cwd(), 'policy.json')),
  });
  if (system === undefined || portable === undefined) throw new Error('two policy layers expected');
  if (values['portable-policy'] !== undefined) return [system, portable];
  if (portable.problems[0]?.message === NO_FORMAT) {
    io?.stderr(
      `cmk-rekey: ${escapeUnsafe(portable.path)} is left out: it is no CMK Rekey policy (it has no "format"). Name the organization's portable policy with --portable-policy FILE.\n`,
    );
    return [system, { ...portable, state: 'absent', entries: {}, unreadable: [], problems: [] }];
  }
  return [system, withoutTrust(portable, io)];
}

/**
 * The policy.json found in the current folder names no one to trust: anyone who may write there (a shared
 * archive folder, a pack's own folder) could otherwise make `archive verify` call a pack they signed valid,
 * and lock out the auditor's own --allowed-signers. Its other settings apply; named with
 * --portable-policy, all of it does (the app reads its portable file beside the program, not here).
 */
function withoutTrust(portable: PolicyLayer, io: CliIo | undefined): PolicyLayer {
  const { trustedSigners, ...entries } = portable.entries;
  if (trustedSigners === undefined) return portable;
  io?.stderr(
    `cmk-rekey: ${escapeUnsafe(portable.path)}: its trustedSigners is not applied, as a policy.json in the current folder cannot name whom to trust; name the file with --portable-policy FILE to apply it.\n`,
  );
  return { ...portable, entries };
}

/**
 * This workstation's policy, so that the command line judges a request or a draft (allowed realms, locked
 * values) and marks one as sent (`markSentRequiresReady`) as the app does. Of a policy file that cannot be
 * fully read, what could be read applies, as in the app; stderr names the file.
 */
export async function workstationPolicy(values: OptionValues, io: CliIo): Promise<Policy> {
  const layers = await workstationPolicyLayers(values, io);
  for (const layer of layers.filter(({ state }) => state === 'invalid'))
    io.stderr(
      `cmk-rekey: ${escapeUnsafe(layer.path)}: this policy file cannot be fully read; what could be read of it applies ("cmk-rekey policy check" says why).\n`,
    );
  return new Policy(layers, '');
}

/** The rules this workstation's policy adds to a request's (see `workstationPolicy`). */
export async function workstationRules(values: OptionValues, io: CliIo): Promise<PolicyRules> {
  return (await workstationPolicy(values, io)).requestRules;
}

/**
 * The policy file a setting's value comes from, for a message that names it: "the system policy
 * /etc/cmk-rekey/policy.json", or the file that cannot be read when the value is its safe one.
 */
export function settingSource(policy: Policy, key: PolicyKey): string {
  const { source } = policy.resolve()[key];
  if (source === 'safe') {
    const unreadable = policy.layers.find(
      (layer) => layer.unreadable === 'all' || layer.unreadable.includes(key),
    );
    return `its safe value, as the ${unreadable?.kind ?? ''} policy ${escapeUnsafe(unreadable?.path ?? '')} cannot be fully read`;
  }
  const layer = policy.layers.find((candidate) => candidate.kind === source);
  return layer === undefined
    ? SOURCE_NAMES[source]
    : `the ${SOURCE_NAMES[source]} ${escapeUnsafe(layer.path)}`;
}

/**
 * `plaintextExports: false` ("no unencrypted file leaves the app", docs/policy.md) binds the command line as
 * it binds the app's main: a command that would print or write a request's content unencrypted refuses,
 * with one line naming the policy file. Returns whether it refused.
 */
export function refusesPlaintext(policy: Policy, io: CliIo, command: string, what: string): boolean {
  if (policy.plaintextExportsAllowed) return false;
  io.stderr(
    `cmk-rekey ${command}: your organization does not allow unencrypted exports (plaintextExports: false, from ${settingSource(policy, 'plaintextExports')}), so ${what}.\n`,
  );
  return true;
}
