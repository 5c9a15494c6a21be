/** What a CLI command may touch: its output streams and standard input, injectable for tests. */

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

export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The usage line of the action that was misused, when the command's own usage is too general. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly run: (args: readonly string[], io: CommandIo) => Promise<number>;
}

/** Rows as left-aligned columns two spaces apart, one line each. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
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
