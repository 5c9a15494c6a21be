/**
 * Reading a passphrase for the CLI: typed at the terminal without echo, or the first line of standard
 * input (`--passphrase-stdin`). Never from the command line or the environment, where other users and
 * shell histories can see it.
 */
import { UsageError, type CliIo } from './io.js';

const MAX_PASSPHRASE_CHARS = 1024;

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

interface TtyInput extends NodeJS.ReadableStream {
  isRaw?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

/**
 * The first line of standard input, without its line ending (LF or CR LF) or a leading byte order mark.
 * Bytes that are not UTF-8 are refused: decoded as U+FFFD they would make a passphrase nobody can type.
 */
export async function readPassphraseLine(io: CliIo): Promise<string> {
  // One decoder for the whole stream: a character split between two reads stays whole.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = '';
  try {
    for await (const chunk of io.stdin) {
      if (typeof chunk === 'string') text += chunk;
      else {
        // Only the first line is decoded: what follows it is not the passphrase's business.
        const bytes = Buffer.from(chunk);
        const end = bytes.indexOf(0x0a);
        text += decoder.decode(end === -1 ? bytes : bytes.subarray(0, end + 1), { stream: end === -1 });
      }
      if (text.includes('\n') || text.length > MAX_PASSPHRASE_CHARS) break;
    }
    if (!text.includes('\n') && text.length <= MAX_PASSPHRASE_CHARS) text += decoder.decode();
  } catch {
    throw new UsageError(
      'standard input is not UTF-8 text, so the passphrase would not be the one typed: send it as UTF-8',
    );
  }
  const line = text.split('\n')[0]?.replace(/\r$/u, '') ?? '';
  if (line.length > MAX_PASSPHRASE_CHARS)
    throw new UsageError('the passphrase on standard input is too long');
  if (line === '') throw new UsageError('no passphrase on standard input (one line expected)');
  return line;
}

/** Asks at the terminal; nothing is echoed. Ctrl-C or Ctrl-D cancel. */
export function readHiddenPassphrase(io: CliIo, prompt: string): Promise<string> {
  const input = io.stdin as TtyInput;
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw === true;
    // Raw mode (no echo) before the prompt: characters typed ahead of it are never shown.
    input.setRawMode?.(true);
    io.stderr(prompt);
    let value = '';
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      io.stderr('\n');
      if (error === undefined) resolve(value);
      else reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      for (const char of text) {
        if (char === '\r' || char === '\n') {
          finish();
          return;
        }
        if (char === '\u0003' || (char === '\u0004' && value === '')) {
          finish(new CancelledError('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (char >= ' ' && value.length < MAX_PASSPHRASE_CHARS) value += char;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** The passphrase from `--passphrase-stdin` or the terminal; a usage error when neither can work. */
export async function readPassphrase(io: CliIo, fromStdin: boolean, prompt: string): Promise<string> {
  if (fromStdin) return readPassphraseLine(io);
  if (!io.stdinIsTTY) {
    throw new UsageError('no terminal to ask for the passphrase: pipe it in and pass --passphrase-stdin');
  }
  const value = await readHiddenPassphrase(io, prompt);
  if (value === '') throw new UsageError('the passphrase is empty');
  return value;
}
