#!/usr/bin/env node
// Launcher for the compiled CLI (npm run build writes out/node).
import { interrupted, runCli } from '../out/node/src-main/cli/main.js';

/**
 * Writes to a stream until its reader goes away (`cmk-rekey check FILE | head -1`): the rest of the output
 * is dropped, and the exit code stays the command's own verdict instead of a crash on EPIPE.
 */
function writer(stream) {
  let readerGone = false;
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  return (text) => {
    if (!readerGone) stream.write(text);
  };
}

const stderr = writer(process.stderr);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.exit(interrupted(signal, stderr));
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: writer(process.stdout),
  stderr,
  stdin: process.stdin,
  stdinIsTTY: process.stdin.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
});
