/** What a CLI command may touch: its output streams and standard input, injectable for tests. */
import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdinIsTTY: boolean;
  /** Whether standard output is a terminal; left out, it is not (a file or a pipe). */
  readonly stdoutIsTTY?: boolean;
}

/** What a command gets from runCli: the streams behind the terminal guard, and the one way past it. */
export interface CommandIo extends CliIo {
  /**
   * A finished ticket: to a file or a pipe exactly as the app copies it, since that is what gets pasted;
   * to a terminal behind the guard, like everything else.
   */
  readonly ticket: (text: string) => void;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** A mistake in what was typed: runCli prints it in one line, then the usage of the action it was made in. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface CommandBase {
  readonly name: string;
  readonly summary: string;
  /** Every option its usage names, as parseArgs reads them: how the action typed and a wrong option are found. */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly run: (args: readonly string[], io: CommandIo) => Promise<number>;
}

/**
 * A command and its usage: one line or a few (`check`), or, for a command whose first operand is an action
 * (`drafts list`), the lines of each action. The usage is the contract: an option it does not name for the
 * action typed is refused (usage.ts), so what it shows and what the command takes cannot drift apart.
 */
export type CliCommand = CommandBase &
  ({ readonly usage: readonly string[] } | { readonly actions: Readonly<Record<string, readonly string[]>> });

/**
 * Rows as left-aligned columns two spaces apart, one line each. A row's last cell is not padded, so it does
 * not widen its column: a shorter row's long last cell (a note) runs on without pushing the columns apart.
 */
/** `1 draft`, `3 drafts`: a count with its word, for output lines. */
export function countOf(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) =>
      Math.max(0, ...rows.map((row) => (column < row.length - 1 ? (row[column] ?? '').length : 0))),
    ) ?? [];
  return rows
    .map(
      (row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('');
}
