/**
 * Crash safety with real processes: a child running the compiled vault (out/node; `npm run build` or
 * `npx tsc -p tsconfig.node.json` first) is killed with SIGKILL at random moments; afterwards every draft
 * opens and equals a version that was saved, and a passphrase change leaves the old or the new passphrase
 * working, never neither. Test-only scrypt work factors keep this under a minute on two cores.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../../../src-main/vault/vault.js';
import { crashDraft } from './fixtures/crash-draft.mjs';
import { FAST, OTHER_PASSPHRASE, PASSPHRASE, newVault, removeTempFolders, value } from './helpers.js';

const CHILD = fileURLToPath(new URL('./fixtures/crash-child.mjs', import.meta.url));
const COMPILED = new URL('../../../../out/node/src-main/vault/vault.js', import.meta.url);

afterAll(removeTempFolders);

interface Run {
  /** Lines the child printed before it died. */
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
}

/** Starts the child, waits for "ready", lets it work for `delayMs`, then kills it with SIGKILL. */
function runAndKill(args: readonly string[], delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child failed (${String(code)}): ${stderr}`));
      else resolve({ lines, signal });
    });
  });
}

beforeAll(() => {
  if (!existsSync(COMPILED))
    throw new Error('The vault is not compiled: run "npx tsc -p tsconfig.node.json" first.');
});

describe('SIGKILL while saving', () => {
  it('leaves every draft openable and equal to a version that was saved (40 kills)', async () => {
    const vault = await newVault();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(value(await vault.save(crashDraft('0'.repeat(31) + String(i), i))).id);
    await vault.close();
    const lastSaved = [0, 1, 2];
    const lastStarted = [0, 1, 2];
    let version = 3;
    let savesSeen = 0;
    for (let iteration = 0; iteration < 40; iteration++) {
      const run = await runAndKill(
        ['save', vault.folder, PASSPHRASE, String(version), ...ids],
        40 + Math.random() * 200,
      );
      expect(run.signal).toBe('SIGKILL');
      for (const line of run.lines) {
        const [what, i, v] = line.split(' ');
        if (what === 'start') lastStarted[Number(i)] = Number(v);
        if (what === 'saved') {
          lastSaved[Number(i)] = Number(v);
          savesSeen++;
        }
        if (what === 'start' || what === 'saved') version = Math.max(version, Number(v) + 1);
      }
      const again = value(await Vault.open(vault.folder, FAST));
      value(await again.unlock(PASSPHRASE));
      const list = value(await again.list());
      expect(list.map((summary) => summary.problem)).toEqual([undefined, undefined, undefined]);
      for (const [i, id] of ids.entries()) {
        const draft = value(await again.load(id));
        const seen = Number(/^Crash test v(\d+)$/.exec(draft.title)?.[1]);
        expect({ ...draft, updatedAt: '', history: [] }).toEqual({ ...crashDraft(id, seen), updatedAt: '' });
        expect(seen).toBeGreaterThanOrEqual(lastSaved[i] ?? 0);
        expect(seen).toBeLessThanOrEqual(lastStarted[i] ?? 0);
        expect(list.find((summary) => summary.id === id)?.title).toBe(draft.title);
      }
      await again.close();
      expect(readdirSync(`${vault.folder}/quarantine`)).toEqual([]);
    }
    expect(savesSeen).toBeGreaterThan(40);
  }, 180_000);
});

describe('SIGKILL while changing the passphrase', () => {
  it('leaves exactly one of the old and new passphrases working, and every draft readable (20 kills)', async () => {
    const vault = await newVault({ unsafeScryptWorkFactor: 14 });
    const draft = value(await vault.newDraft({ title: 'Survives every crash' }));
    await vault.close();
    const passphrases = [PASSPHRASE, OTHER_PASSPHRASE];
    let current = 0;
    const outcomes = { old: 0, new: 0 };
    for (let iteration = 0; iteration < 20; iteration++) {
      const next = 1 - current;
      const from = passphrases[current] ?? '';
      const to = passphrases[next] ?? '';
      await runAndKill(['passphrase', vault.folder, from, to, '14'], Math.random() * 300);
      const works = [];
      for (const candidate of [from, to]) {
        const again = value(await Vault.open(vault.folder, FAST));
        const unlocked = await again.unlock(candidate);
        if (!unlocked.ok) expect(unlocked.code).toBe('wrong-passphrase');
        else {
          works.push(candidate);
          expect(value(await again.load(draft.id))).toEqual(draft);
        }
        await again.close();
      }
      expect(works).toHaveLength(1);
      if (works[0] === to) {
        current = next;
        outcomes.new++;
      } else outcomes.old++;
    }
    console.info(`passphrase-change kills: ${JSON.stringify(outcomes)}`);
    expect(outcomes.old + outcomes.new).toBe(20);
  }, 60_000);
});
