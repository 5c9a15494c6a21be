#!/usr/bin/env node
// Launcher for the compiled CLI (npm run build writes out/node).
import { runCli } from '../out/node/src-main/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  stdinIsTTY: process.stdin.isTTY === true,
});
