/**
 * Reads a policy file's text key by key: a bad key makes only that key unreadable; a file that is not
 * JSON, not a policy, or of another version makes every key unreadable. Never throws.
 */
import {
  POLICY_FORMAT,
  POLICY_KEYS,
  POLICY_VERSION,
  policyEntrySchema,
  type PolicyEntry,
  type PolicyKey,
} from './policy-schema.js';
import { duplicateKeys, lineAt, pathText, writtenTwice, type DuplicateKey } from '../text/json-keys.js';
import { jsonSyntaxError, withoutBom } from '../text/json-syntax.js';

/** The problem of a JSON object with no "format" at all: some other program's file (an AWS key policy…). */
export const NO_FORMAT = `This is not a CMK Rekey policy: "format" must be "${POLICY_FORMAT}".`;

export interface PolicyProblem {
  /** 1-based line in the file, where it can be told. */
  readonly line?: number;
  readonly message: string;
}

export type PolicyEntries = { readonly [K in PolicyKey]?: PolicyEntry<K> };

export interface ParsedPolicy {
  readonly entries: PolicyEntries;
  /** Keys the file tried to set but that could not be read; `all` when the file as a whole is unreadable. */
  readonly unreadable: 'all' | readonly PolicyKey[];
  readonly problems: readonly PolicyProblem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The line of `"name":` in the text (the first one after `after`), if any. */
function lineOfKey(text: string, name: string, after = 0): number | undefined {
  const literal = JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const match = new RegExp(`${literal}\\s*:`, 'u').exec(text.slice(after));
  return match === null ? undefined : lineAt(text, after + match.index);
}

function unreadableFile(message: string, line?: number): ParsedPolicy {
  return { entries: {}, unreadable: 'all', problems: [{ ...(line !== undefined && { line }), message }] };
}

function jsonProblem(text: string, error: unknown): ParsedPolicy {
  const { reason, line } = jsonSyntaxError(text, error);
  return unreadableFile(`This is not valid JSON: ${reason}.`, line);
}

/** A message as one sentence: zod's end without a full stop, the policy schema's own with one. */
function sentence(message: string): string {
  return /[.!?…]$/u.test(message) ? message : `${message}.`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.slice(0, 40)}"`;
  // Only called with a value parsed from JSON, never undefined.
  return JSON.stringify(value).slice(0, 40);
}

function nearestKey(name: string): string {
  const near = POLICY_KEYS.find((key) => key.toLowerCase() === name.toLowerCase());
  return near === undefined ? '' : ` Did you mean "${near}"?`;
}

/** A setting written twice, or a field of it written twice: either way the file means two things. */
function repeatWithin(repeated: readonly DuplicateKey[], name: PolicyKey): DuplicateKey | undefined {
  return repeated.find(
    ({ path, key }) => path[0] === 'policies' && (path.length === 1 ? key === name : path[1] === name),
  );
}

function twice(text: string, duplicate: DuplicateKey, consequence: string): string {
  return `${writtenTwice(text, duplicate)}. Keep one: until then ${consequence}.`;
}

export function parsePolicyText(input: string): ParsedPolicy {
  const text = withoutBom(input);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return jsonProblem(text, error);
  }
  if (!isRecord(value)) return unreadableFile('A policy file holds one JSON object.');
  const repeated = duplicateKeys(text);
  const atTop = repeated.find((duplicate) => duplicate.path.length === 0);
  if (atTop !== undefined) {
    return unreadableFile(
      twice(text, atTop, "the app reads none of this file's settings"),
      lineAt(text, atTop.again),
    );
  }
  if (value['format'] === undefined) return unreadableFile(NO_FORMAT);
  if (value['format'] !== POLICY_FORMAT) {
    return unreadableFile(
      `This is not a CMK Rekey policy: "format" must be "${POLICY_FORMAT}", not ${describe(value['format'])}.`,
      lineOfKey(text, 'format'),
    );
  }
  // Only version 1 exists; a later version adds its migration to version 1 terms here.
  if (value['version'] !== POLICY_VERSION) {
    const newer = typeof value['version'] === 'number' && value['version'] > POLICY_VERSION;
    return unreadableFile(
      newer
        ? `This policy is for a newer CMK Rekey (version ${String(value['version'])}); this app reads version ${String(POLICY_VERSION)}. Update the app.`
        : `"version" must be ${String(POLICY_VERSION)}${value['version'] === undefined ? ' (it is missing)' : `, not ${describe(value['version'])}`}.`,
      lineOfKey(text, 'version'),
    );
  }
  const problems: PolicyProblem[] = [];
  const at = (name: string, after?: number) => {
    const line = lineOfKey(text, name, after);
    return line === undefined ? {} : { line };
  };
  for (const key of Object.keys(value)) {
    if (!['$schema', 'format', 'version', 'policies'].includes(key))
      problems.push({ ...at(key), message: `Unknown field "${key}": settings go inside "policies".` });
  }
  // Left out, a file sets nothing; null is not "nothing" but a file whose settings were lost.
  const policies = value['policies'] === undefined ? {} : value['policies'];
  if (!isRecord(policies)) {
    return unreadableFile(
      '"policies" must be an object of settings, like { "plaintextExports": { "value": false, "locked": true } }.',
      lineOfKey(text, 'policies'),
    );
  }
  const policiesStart = text.search(/"policies"\s*:/u);
  const entries: Record<string, unknown> = {};
  const unreadable: PolicyKey[] = [];
  for (const [name, raw] of Object.entries(policies)) {
    if (!(POLICY_KEYS as readonly string[]).includes(name)) {
      problems.push({
        ...at(name, policiesStart),
        message: `Unknown setting "${name}"; it is ignored.${nearestKey(name)}`,
      });
      continue;
    }
    const key = name as PolicyKey;
    const ambiguous = repeatWithin(repeated, key);
    if (ambiguous !== undefined) {
      unreadable.push(key);
      problems.push({
        line: lineAt(text, ambiguous.again),
        message: `${ambiguous.key === key ? '' : `${key}: `}${twice(text, ambiguous, `the app does not read ${key}`)}`,
      });
      continue;
    }
    const parsed = policyEntrySchema(key).safeParse(raw);
    if (parsed.success) {
      entries[key] = parsed.data;
      continue;
    }
    unreadable.push(key);
    const issue = parsed.error.issues[0];
    const hint = isRecord(raw) && 'value' in raw ? '' : ' Write it as { "value": …, "locked": true|false }.';
    problems.push({
      ...at(name, policiesStart),
      message: `${pathText([key, ...(issue?.path ?? [])])}: ${sentence(issue?.message ?? 'not valid')}${hint}`,
    });
  }
  return { entries, unreadable, problems };
}

/** "line 4: …" or the message alone. */
export function formatProblem(problem: PolicyProblem): string {
  return problem.line === undefined ? problem.message : `line ${String(problem.line)}: ${problem.message}`;
}
