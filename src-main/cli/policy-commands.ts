/**
 * `policy check FILE` and `policy show`: for IT, before and after deploying a policy file (docs/policy.md).
 * Exit codes: 0 valid, 1 the policy has problems, 2 usage or the file cannot be found.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EffectiveSetting } from '../../src-shared/policy/effective.js';
import { POLICY_KEYS, type PolicyKey } from '../../src-shared/policy/policy-schema.js';
import { problemLines, readPolicyLayer } from '../policy/load-policy.js';
import { Policy } from '../policy/policy.js';
import { SettingsError, SettingsFile } from '../settings.js';
import { EXIT, formatTable, type CliCommand, type CliIo } from './io.js';
import { noOperands, operand } from './usage.js';
import {
  POLICY_FILE_OPTIONS,
  SOURCE_NAMES,
  optionPath,
  workstationPolicyLayers,
} from './workstation-policy.js';

/** Where the desktop app keeps settings.json (Electron's userData folder for "CMK Rekey"). */
function userDataFolder(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'CMK Rekey');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'CMK Rekey');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'CMK Rekey');
}

async function check(file: string, io: CliIo): Promise<number> {
  const path = resolve(file);
  const layer = await readPolicyLayer('system', path);
  if (layer.state === 'absent') {
    io.stderr(`cmk-rekey: ${path} does not exist.\n`);
    return EXIT.usage;
  }
  if (layer.state === 'invalid') {
    for (const line of problemLines(layer)) io.stderr(`${path}: ${line}\n`);
    const count = layer.problems.length;
    io.stderr(
      `${path}: ${String(count)} problem${count === 1 ? '' : 's'}; the app would show a warning banner.\n`,
    );
    return EXIT.invalid;
  }
  const keys = POLICY_KEYS.filter((key) => layer.entries[key] !== undefined);
  const locked = keys.filter((key) => layer.entries[key]?.locked === true);
  io.stdout(
    `${path}: valid policy; it sets ${String(keys.length)} setting${keys.length === 1 ? '' : 's'}` +
      `${locked.length === 0 ? '' : ` (locked: ${locked.join(', ')})`}.\n`,
  );
  return EXIT.ok;
}

function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(String).join(', ');
  if (value === '') return '(none)';
  return String(value);
}

function showSource(setting: EffectiveSetting<PolicyKey>): string {
  const source = SOURCE_NAMES[setting.source];
  const locked = setting.locked && setting.source !== 'safe' ? ', locked' : '';
  return `${source}${locked}${setting.note === undefined ? '' : `; ${setting.note}`}`;
}

async function show(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const settingsFolder = userDataFolder(process.platform, process.env);
  const layers = await workstationPolicyLayers(values, io);
  const settingsPath = await optionPath(values, 'settings', join(settingsFolder, 'settings.json'));
  const settings = new SettingsFile(
    settingsPath,
    (line) => {
      io.stderr(`cmk-rekey: ${line}\n`);
    },
    settingsPath,
  );
  let userValues;
  try {
    userValues = await settings.userValues();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    io.stderr(`cmk-rekey policy show: ${error.message}\n`);
    return EXIT.usage;
  }
  const effective = new Policy(layers, join(settingsFolder, 'vault')).resolve(userValues);
  if (values['json'] === true) {
    io.stdout(
      `${JSON.stringify({ files: layers.map(({ kind, path: file, state, problems }) => ({ kind, path: file, state, problems })), settings: effective }, null, 2)}\n`,
    );
  } else {
    io.stdout('Policy files (system over portable):\n');
    io.stdout(formatTable(layers.map((layer) => ['  ' + layer.kind, layer.state, layer.path])));
    for (const layer of layers)
      for (const line of problemLines(layer)) io.stdout(`    ${layer.kind}: ${line}\n`);
    io.stdout('\nEffective settings:\n');
    io.stdout(
      formatTable([
        ['  SETTING', 'VALUE', 'FROM'],
        ...POLICY_KEYS.map((key) => [
          '  ' + key,
          showValue(effective[key].value),
          showSource(effective[key]),
        ]),
      ]),
    );
  }
  return layers.some((layer) => layer.state === 'invalid') ? EXIT.invalid : EXIT.ok;
}

const POLICY_OPTIONS = {
  ...POLICY_FILE_OPTIONS,
  settings: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const policy: CliCommand = {
  name: 'policy',
  actions: {
    check: ['cmk-rekey policy check FILE'],
    show: [
      'cmk-rekey policy show [--system-policy FILE] [--portable-policy FILE] [--settings FILE] [--json]',
    ],
  },
  options: POLICY_OPTIONS,
  summary: 'check an organization policy file, or show every effective setting and where it comes from',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: POLICY_OPTIONS,
      allowPositionals: true,
    });
    const [action, ...operands] = positionals;
    if (action === 'check') return check(operand(operands, 'FILE'), io);
    noOperands(operands);
    return show(values, io);
  },
};

export const POLICY_COMMANDS: readonly CliCommand[] = [policy];
