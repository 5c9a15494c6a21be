/**
 * The policy files of this workstation as the command line reads them (`policy show`, `drafts list`): the
 * system file where the app reads it and a portable `policy.json` in the current folder, unless options
 * name other files (`--system-policy FILE`, `--portable-policy FILE`).
 */
import { join, resolve } from 'node:path';
import type { PolicyLayer } from '../../src-shared/policy/effective.js';
import { readPolicyLayers, systemPolicyPath } from '../policy/load-policy.js';

export const POLICY_FILE_OPTIONS = {
  'system-policy': { type: 'string' },
  'portable-policy': { type: 'string' },
} as const;

type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

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
