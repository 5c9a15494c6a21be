/** The `cmk-rekey` command line: dispatches to commands; never shows a stack trace. */
import packageJson from '../../package.json' with { type: 'json' };
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import { ARCHIVE_COMMANDS } from './archive-commands.js';
import { EXIT, UsageError, type CliCommand, type CliIo, type CommandIo } from './io.js';
import { POLICY_COMMANDS } from './policy-commands.js';
import { REQUEST_COMMANDS } from './request-commands.js';
import { checkArguments, readArguments, usageLines } from './usage.js';
import { VAULT_COMMANDS } from './vault-commands.js';
import { releaseAllNow } from '../vault/folder-lock.js';
import { removeUnfinishedSealsNow } from '../archive/seal.js';

const COMMANDS: readonly CliCommand[] = [
  ...REQUEST_COMMANDS,
  ...VAULT_COMMANDS,
  ...POLICY_COMMANDS,
  ...ARCHIVE_COMMANDS,
];

/** Usage lines under one another, aligned after "Usage: ". */
function usage(lines: readonly string[]): string {
  return `Usage: ${lines.join('\n       ')}\n`;
}

function help(): string {
  const lines = COMMANDS.flatMap((command) => [
    ...usageLines(command, undefined).map((line) => `  ${line}`),
    `      ${command.summary}`,
  ]);
  return [
    `${packageJson.productName} ${packageJson.version}: prepare Atlassian Cloud CMK re-encryption requests, offline.`,
    '',
    'Usage:',
    ...lines,
    '  cmk-rekey --help | --version',
    '',
    'Exit codes: 0 done (or valid), 1 invalid (a request, a pack that is not valid, a problem verify found), 2 unreadable file or usage error, 130 stopped by Ctrl-C.',
    'Request file format: docs/request-format.md',
    '',
  ].join('\n');
}

/** The usage of cmk-rekey itself, for a missing or unknown command: each command's own is one --help away. */
const TOP_USAGE = usage([
  `cmk-rekey ${COMMANDS.map((command) => command.name).join('|')} ...   (cmk-rekey COMMAND --help: its usage)`,
  'cmk-rekey --help | --version',
]);

/**
 * Everything a command prints passes here: control characters (escape sequences, carriage returns), C1
 * controls and invisible or direction-changing characters from files never reach the terminal as such.
 * Fields that must stay on one line (titles, file names) are escaped completely by the commands. Only the
 * ticket of a valid request goes to a file or a pipe as it is: escaping there would change the text pasted
 * (a joiner inside an emoji or a Persian word would become six letters).
 */
function terminalSafe(io: CliIo): CommandIo {
  const guarded = (write: (text: string) => void) => (text: string) => {
    write(escapeUnsafe(text, '\n\t'));
  };
  const stdout = guarded(io.stdout);
  return {
    ...io,
    stdout,
    stderr: guarded(io.stderr),
    ticket: io.stdoutIsTTY === true ? stdout : io.stdout,
  };
}

export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = terminalSafe(rawIo);
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(`cmk-rekey: expected a command\n${TOP_USAGE}`);
    return EXIT.usage;
  }
  if (['--help', '-h', 'help', '--version', '-v'].includes(name) && rest.length > 0) {
    io.stderr(`cmk-rekey: ${name} takes nothing after it\n${TOP_USAGE}`);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageJson.version}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr(`cmk-rekey: unknown command "${name}"\n${TOP_USAGE}`);
    return EXIT.usage;
  }
  const typed = readArguments(command, rest);
  // The usage of the action typed (drafts list), or of the whole command when none is.
  const lines = usageLines(command, typed.action);
  if (typed.help) {
    io.stdout(`${usage(lines)}${command.summary}\n`);
    return EXIT.ok;
  }
  try {
    checkArguments(command, typed);
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const where = typed.action === undefined ? name : `${name} ${typed.action}`;
      io.stderr(`cmk-rekey ${where}: ${error.message}\n${usage(lines)}`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`cmk-rekey ${name}: unexpected error: ${message}\n`);
    return EXIT.usage;
  }
}

/** Exit codes of a command stopped by a signal, as shells give them (128 + the signal's number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Ctrl-C or a kill in the middle of a command (the launcher calls this; a passphrase prompt reads Ctrl-C
 * itself): gives back the vault folder's lock and removes the folder of a pack half sealed, at once, says
 * so, and returns the exit code to exit with at once. What was written stays (each file is replaced whole
 * or not at all); the next command goes on.
 */
export function interrupted(signal: keyof typeof SIGNAL_EXIT, stderr: (text: string) => void): number {
  const given = releaseAllNow();
  const unsealed = removeUnfinishedSealsNow();
  stderr(
    `\ncmk-rekey: stopped (${signal})${given > 0 ? "; the vault folder's lock was given back, so the next command can go on" : ''}${unsealed > 0 ? '; the pack being sealed was not written (nothing of it is left in the archive)' : ''}.\n`,
  );
  return SIGNAL_EXIT[signal];
}
