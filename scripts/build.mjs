// Builds everything: main + CLI (tsc), the sandboxed preload bundle and the renderer (vite).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const steps = [
  ['tsc', '-p', 'tsconfig.node.json'],
  ['vite', 'build', '--config', 'vite.preload.config.ts', '--logLevel', 'warn'],
  ['vite', 'build', '--logLevel', 'warn'],
];

rmSync('out/node', { recursive: true, force: true });
for (const step of steps) {
  const run = spawnSync('npx', ['--no-install', ...step], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`build failed at: ${step.join(' ')}`);
    process.exit(run.status ?? 1);
  }
}
