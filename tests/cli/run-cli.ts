/** Spawns the built `cmk-rekey` launcher (npm run build first) and captures what it prints. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../../bin/cmk-rekey.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `readerGone`: the output pipe is closed before the command writes, as `| head -1` does after its line.
 * `cwd`: the folder the command runs in (the repository's root by default).
 */
export function runCmkRekey(
  args: readonly string[],
  stdin = '',
  readerGone = false,
  cwd = ROOT,
): Promise<CliRun> {
  if (!existsSync(new URL('../../out/node/src-main/cli/main.js', import.meta.url))) {
    throw new Error('The CLI is not built: run "npm run build" first (npm test does).');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    if (readerGone) child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}
