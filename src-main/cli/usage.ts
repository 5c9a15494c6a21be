/**
 * What every command shares about being typed wrong: which action was typed (`drafts list`), the usage
 * lines to show for it, and the mistakes any command can make in its options and operands. All are found
 * before a command reads a file or asks for a passphrase; runCli prints each once, with the usage of the
 * action it was made in (exit 2).
 */
import { parseArgs } from 'node:util';
import { DRAFT_ID_PATTERN } from '../vault/drafts.js';
import { UsageError, type CliCommand } from './io.js';

/** What was typed after the command's name, read as the command reads it but without failing. */
export interface Typed {
  /** The action (`list` of `drafts list`), when the command has actions and the first operand is one. */
  readonly action: string | undefined;
  /** The first operand, an action or not. */
  readonly first: string | undefined;
  readonly help: boolean;
  readonly options: readonly {
    readonly name: string;
    readonly rawName: string;
    readonly value: string | undefined;
    readonly inline: boolean;
  }[];
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function readArguments(command: CliCommand, args: readonly string[]): Typed {
  const { positionals, tokens } = parseArgs({
    args: [...args],
    options: { ...command.options, ...HELP },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const [first] = positionals;
  const options = tokens.flatMap((token) =>
    token.kind === 'option'
      ? [{ name: token.name, rawName: token.rawName, value: token.value, inline: token.inlineValue === true }]
      : [],
  );
  return {
    // own keys only: "toString" is no action
    action:
      'actions' in command && first !== undefined && Object.hasOwn(command.actions, first)
        ? first
        : undefined,
    first,
    help: options.some((option) => option.name === 'help'),
    options,
  };
}

/** The usage lines of the action typed, or all of the command's when it has no action or none was typed. */
export function usageLines(command: CliCommand, action: string | undefined): readonly string[] {
  if (!('actions' in command)) return command.usage;
  return (
    (action === undefined ? undefined : command.actions[action]) ?? Object.values(command.actions).flat()
  );
}

/** `"a", "b" and "c"`. */
function quotedList(items: readonly string[], last: 'and' | 'or'): string {
  const quoted = items.map((item) => `"${item}"`);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} ${last} ${quoted.at(-1) ?? ''}`;
}

/** A usage line's name for a path: FILE, DIR, ARCHIVE_DIR, PACK_OR_FOLDER, <file>, OUTPUT.json, FILE.zip… */
const PATH_PLACEHOLDER = /FILE|DIR|FOLDER|PACK|<file>|\.(?:json|age|zip)\b/u;

/** The options whose value the usage lines name as a path, with that name (`--vault` → `DIR`). */
function pathOptions(lines: readonly string[]): Map<string, string> {
  const named = lines.flatMap((line) =>
    [...line.matchAll(/--([a-z][a-z-]*) ([^\s[\]]+)/gu)].flatMap(([, name, value]) =>
      name !== undefined && value !== undefined && PATH_PLACEHOLDER.test(value)
        ? [[name, value] as const]
        : [],
    ),
  );
  return new Map(named);
}

/** An empty path would mean the current folder to every file call: it is refused wherever one is typed. */
function emptyPath(what: string): UsageError {
  const folder = /DIR|FOLDER/u.test(what) ? ' ("." for the current folder)' : '';
  return new UsageError(`${what} is an empty path; type the path${folder}`);
}

/** The options a usage line names (`--vault`, `--json`): all that the action takes. */
function optionsNamed(lines: readonly string[]): Set<string> {
  return new Set(lines.flatMap((line) => line.match(/--[a-z][a-z-]*/gu) ?? []));
}

/**
 * Each option typed: known to the command (parseArgs reads it and its usage names it), with a value when
 * it takes one, once unless it may repeat.
 */
function checkOptionValues(command: CliCommand, typed: Typed): void {
  const lines = usageLines(command, undefined);
  const named = optionsNamed(lines);
  const paths = pathOptions(lines);
  const seen = new Set<string>();
  for (const { name, rawName, value, inline } of typed.options) {
    const option = command.options[name];
    if (option === undefined || !named.has(`--${name}`)) throw new UsageError(`unknown option ${rawName}`);
    if (option.type === 'boolean' && value !== undefined) throw new UsageError(`${rawName} takes no value`);
    if (value === undefined) {
      if (option.type === 'string') throw new UsageError(`${rawName} needs a value`);
    } else if (value === '' && paths.has(name)) {
      throw emptyPath(`${rawName} ${paths.get(name) ?? ''}`);
    } else if (!inline && value.length > 1 && value.startsWith('-')) {
      // As parseArgs reads it: "--reason --json" is a forgotten value more often than a reason.
      throw new UsageError(
        `${rawName} needs a value; one that starts with "-" is typed as ${rawName}=${value}`,
      );
    }
    if (option.multiple !== true && seen.has(name)) throw new UsageError(`${rawName} is given twice`);
    seen.add(name);
  }
}

/**
 * An action (or a command) with more than one form, one usage line each (`drafts verify` with the
 * passphrase, or with `--identity`): the options typed must all be of one form. The first option that no
 * form takes together with those before it is named with the earlier one it does not go with; each form
 * would otherwise ignore the other's options without a word.
 */
function checkOneForm(lines: readonly string[], typed: Typed): void {
  if (lines.length < 2) return;
  const forms = lines.map((line) => optionsNamed([line]));
  let fitting = forms;
  const before: Typed['options'][number][] = [];
  for (const option of typed.options) {
    const key = `--${option.name}`;
    const still = fitting.filter((form) => form.has(key));
    if (still.length === 0) {
      const other =
        before.find(({ name }) => !forms.some((form) => form.has(key) && form.has(`--${name}`))) ?? before[0];
      throw new UsageError(`${option.rawName} does not go with ${other?.rawName ?? ''}`);
    }
    fitting = still;
    before.push(option);
  }
}

/**
 * The mistakes every command can make, in the order a reader fixes them: an option that is unknown or
 * lacks its value, a missing or unknown action, an option the action typed does not take (it would be
 * ignored), then options of two forms of one action mixed (`checkOneForm`). What the operands must be
 * each command says, with `operand` and `noOperands`.
 */
export function checkArguments(command: CliCommand, typed: Typed): void {
  checkOptionValues(command, typed);
  if (!('actions' in command)) {
    checkOneForm(command.usage, typed);
    return;
  }
  const actions = Object.keys(command.actions);
  if (typed.first === undefined) throw new UsageError(`expected an action: ${quotedList(actions, 'or')}`);
  if (typed.action === undefined)
    throw new UsageError(`unknown action "${typed.first}": use ${quotedList(actions, 'or')}`);
  const taken = optionsNamed(usageLines(command, typed.action));
  const wrong = typed.options.find(({ name }) => !taken.has(`--${name}`));
  if (wrong === undefined) {
    checkOneForm(usageLines(command, typed.action), typed);
    return;
  }
  const elsewhere = Object.entries(command.actions)
    .filter(([, lines]) => optionsNamed(lines).has(`--${wrong.name}`))
    .map(([action]) => `${command.name} ${action}`);
  throw new UsageError(`${wrong.rawName} goes with ${quotedList(elsewhere, 'and')} only`);
}

/**
 * The one operand an action takes (`<file>`, `<id>`); a usage error names the one missing, one too many, or
 * a path typed empty.
 */
export function operand(operands: readonly string[], name: string): string {
  const [first, extra] = operands;
  if (first === undefined) throw new UsageError(`${name} is missing`);
  if (first === '' && PATH_PLACEHOLDER.test(name)) throw emptyPath(name);
  if (extra !== undefined) noOperands([extra]);
  return first;
}

export function noOperands(operands: readonly string[]): void {
  const [extra] = operands;
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra.slice(0, 80)}"`);
}

/** A draft id as typed, checked before the vault is opened (and its passphrase asked for). */
export function draftId(text: string): string {
  if (!DRAFT_ID_PATTERN.test(text))
    throw new UsageError(`"${text.slice(0, 40)}" is not a draft id (32 hex digits)`);
  return text;
}
