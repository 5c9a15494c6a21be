/**
 * The policy files of this workstation as the command line reads them (`policy show`, `check`, `render`,
 * and every command that opens a vault: `vault`, `drafts`, `archive seal`): the
 * system file where the app reads it and a portable `policy.json` in the current folder, unless options
 * name other files (`--system-policy FILE`, `--portable-policy FILE`).
 */
import { join, resolve } from 'node:path';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import type { PolicyLayer } from '../../src-shared/policy/effective.js';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import { readPolicyLayers, systemPolicyPath } from '../policy/load-policy.js';
import { Policy } from '../policy/policy.js';
import type { CliIo } from './io.js';

export const POLICY_FILE_OPTIONS = {
  'system-policy': { type: 'string' },
  'portable-policy': { type: 'string' },
} as const;

/** parseArgs's values: only the two policy options are read here. */
type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** The file an option names (as a full path), or `fallback` when it names none. */
export function optionPath(values: OptionValues, option: string, fallback: string): string {
  const given = values[option];
  return typeof given === 'string' && given !== '' ? resolve(given) : fallback;
}

export function workstationPolicyLayers(values: OptionValues): Promise<PolicyLayer[]> {
  return readPolicyLayers({
    system: optionPath(values, 'system-policy', systemPolicyPath(process.platform, process.env)),
    portable: optionPath(values, 'portable-policy', join(process.cwd(), 'policy.json')),
  });
}

/**
 * This workstation's policy, so that the command line judges a request or a draft (allowed realms, locked
 * values) and marks one as sent (`markSentRequiresReady`) as the app does. Of a policy file that cannot be
 * fully read, what could be read applies, as in the app; stderr names the file.
 */
export async function workstationPolicy(values: OptionValues, io: CliIo): Promise<Policy> {
  const layers = await workstationPolicyLayers(values);
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
