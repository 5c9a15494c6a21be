/**
 * The policy's folders may start with `~/` (the user's home) or `%VARIABLE%\` (an environment variable,
 * as Windows writes them): one file then serves every user. They are expanded on the workstation that
 * reads the file; left as written they would be relative paths, and the vault would land wherever the
 * app happened to start.
 */
import { posix, win32 } from 'node:path';
import type { PolicyLayer } from '../../src-shared/policy/effective.js';
import type { PolicyProblem } from '../../src-shared/policy/parse-policy.js';

const FOLDER_KEYS = ['vaultFolder', 'archiveFolder'] as const;

export interface Place {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

/** The variable's value; Windows names are case-insensitive (`%AppData%` is `APPDATA`). */
function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((candidate) => candidate.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/** The folder as a full path on this computer, or why it cannot be one. */
export function expandFolder(folder: string, place: Place): { path: string } | { problem: string } {
  let path = folder;
  const named = /^%([^%]+)%/u.exec(folder);
  if (named !== null) {
    const value = variable(place.env, named[1] ?? '');
    if (value === undefined || value === '')
      return { problem: `${named[0]} is not set on this computer, so "${folder}" names no folder here.` };
    path = value + folder.slice(named[0].length);
  } else if (/^~[\\/]/u.test(folder)) {
    path = place.home + folder.slice(1);
  }
  return posix.isAbsolute(path) || win32.isAbsolute(path)
    ? { path }
    : { problem: `"${folder}" is "${path}" on this computer, which is not a full path.` };
}

/**
 * The layer with its folders expanded; a folder that cannot be made a full path here makes its key
 * unreadable (the user's own folder or the default applies), with a problem the banner shows.
 */
export function expandPolicyFolders(layer: PolicyLayer, place: Place): PolicyLayer {
  if (layer.unreadable === 'all') return layer;
  const entries: Record<string, unknown> = { ...layer.entries };
  const unreadable = [...layer.unreadable];
  const problems: PolicyProblem[] = [...layer.problems];
  for (const key of FOLDER_KEYS) {
    const entry = layer.entries[key];
    if (entry === undefined) continue;
    const expanded = expandFolder(entry.value, place);
    entries[key] = 'path' in expanded ? { ...entry, value: expanded.path } : undefined;
    if ('problem' in expanded) {
      unreadable.push(key);
      problems.push({ message: `${key}.value: ${expanded.problem}` });
    }
  }
  return {
    ...layer,
    entries,
    unreadable,
    problems,
    state: problems.length > layer.problems.length ? 'invalid' : layer.state,
  };
}
