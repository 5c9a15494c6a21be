/**
 * Two processes writing one vault, with real processes where it matters: children running the compiled
 * vault (out/node; `npm run build` or `npx tsc -p tsconfig.node.json` first) and Vault instances of this
 * process. Each check-then-write is one step for all of them (vault.lock, docs/vault-format.md): one New
 * revision of a request, both edits kept when two saves race, a draft in exactly one place after a save
 * races a delete, 'busy' while another holds the vault, and no vault blocked by a holder that died.
 * Outcomes are asserted, never durations.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftDocument } from '../../../../src-shared/drafts/draft.js';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  PASSPHRASE,
  newVault,
  removeTempFolders,
  reopen,
  validDraftRequest,
  value,
} from './helpers.js';

const LOCK_CHILD = fileURLToPath(new URL('./fixtures/lock-child.mjs', import.meta.url));
const CRASH_CHILD = fileURLToPath(new URL('./fixtures/crash-child.mjs', import.meta.url));
const LOOP_CHILD = fileURLToPath(new URL('./fixtures/lock-loop-child.mjs', import.meta.url));
const COMPILED = new URL('../../../../out/node/src-main/vault/vault.js', import.meta.url);
/** The lock's file name is part of the documented folder layout. */
const LOCK_FILE = 'vault.lock';

afterAll(removeTempFolders);
beforeAll(() => {
  if (!existsSync(COMPILED))
    throw new Error('The vault is not compiled: run "npx tsc -p tsconfig.node.json" first.');
});

interface ChildAnswer {
  readonly ok: boolean;
  readonly code?: string;
  readonly id?: string;
}

/** A child that has opened the vault and waits for "go"; `answer` is what its change returned. */
interface ReadyChild {
  readonly go: () => void;
  readonly answer: Promise<ChildAnswer>;
}

function startChild(folder: string, action: string, id: string): Promise<ReadyChild> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [
    LOCK_CHILD,
    folder,
    PASSPHRASE,
    action,
    id,
  ]);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const answer = new Promise<ChildAnswer>((resolve, reject) => {
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolve(JSON.parse(last) as ChildAnswer);
      else reject(new Error(`child failed (${String(code)}): ${stderr}`));
    });
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      if (!before.includes('ready\n') && stdout.includes('ready\n'))
        resolve({ go: () => child.stdin.write('go\n'), answer });
    });
    answer.catch(reject);
  });
}

async function sentDraft(vault: Vault): Promise<DraftDocument> {
  const draft = value(await vault.newDraft({ title: 'Rotate', request: validDraftRequest() }));
  return value(await vault.markSent(draft.id, { ticket: 'CMK-1' }));
}

/** Drafts on the list that are a New revision of `id`. */
async function revisionsOf(vault: Vault, id: string): Promise<DraftDocument[]> {
  const found: DraftDocument[] = [];
  for (const summary of value(await vault.list())) {
    const draft = value(await vault.load(summary.id));
    if (draft.previous?.id === id) found.push(draft);
  }
  return found;
}

function placesOf(folder: string, id: string): string[] {
  return ['drafts', 'trash'].filter((area) => existsSync(join(folder, area, `${id}.age`)));
}

/** The pid of a process that has ended. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
}

describe('New revision from two processes at once', () => {
  it('two child processes: exactly one revision; the other is told it exists (4 rounds)', async () => {
    const vault = await newVault();
    for (let round = 0; round < 4; round++) {
      const sent = await sentDraft(vault);
      const children = await Promise.all([
        startChild(vault.folder, 'revise', sent.id),
        startChild(vault.folder, 'revise', sent.id),
      ]);
      for (const child of children) child.go();
      const answers = await Promise.all(children.map((child) => child.answer));
      expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
      expect(answers.filter((answer) => !answer.ok)).toEqual([{ ok: false, code: 'exists' }]);
      const revisions = await revisionsOf(vault, sent.id);
      expect(revisions.map((draft) => draft.id)).toEqual(answers.filter((a) => a.ok).map((a) => a.id));
      expect(revisions[0]?.revision).toBe(2);
    }
    await vault.close();
  }, 60_000);

  it('two Vault instances of this process and a child process: exactly one revision (3 rounds)', async () => {
    const a = await newVault();
    const b = await reopen(a);
    for (let round = 0; round < 3; round++) {
      const sent = await sentDraft(a);
      const child = await startChild(a.folder, 'revise', sent.id);
      child.go();
      const [inA, inB, inChild] = await Promise.all([a.revise(sent.id), b.revise(sent.id), child.answer]);
      expect([inA.ok, inB.ok, inChild.ok].filter(Boolean)).toHaveLength(1);
      for (const refused of [inA, inB, inChild].filter((result) => !result.ok))
        expect(refused).toMatchObject({ code: 'exists' });
      expect(await revisionsOf(a, sent.id)).toHaveLength(1);
    }
    await a.close();
    await b.close();
  }, 30_000);
});

describe('two saves of one draft at once', () => {
  it("two Vault instances editing different fields: neither undoes the other's (10 rounds)", async () => {
    const a = await newVault();
    const b = await reopen(a);
    for (let round = 0; round < 10; round++) {
      const draft = value(
        await a.newDraft({ title: 'Both', request: { ...validDraftRequest(), impact: '' } }),
      );
      const inA = value(await a.load(draft.id));
      const inB = value(await b.load(draft.id));
      const [savedA, savedB] = await Promise.all([
        a.save({ ...inA, request: { ...inA.request, notes: `from A ${String(round)}` } }),
        b.save({ ...inB, request: { ...inB.request, impact: 'L2' } }),
      ]);
      value(savedA);
      value(savedB);
      // As a third process reads it from disk.
      const reader = await reopen(a);
      const stored = value(await reader.load(draft.id));
      await reader.close();
      expect([stored.request.notes, stored.request.impact]).toEqual([`from A ${String(round)}`, 'L2']);
      expect(stored.history.flatMap((entry) => entry.fields ?? [])).toEqual(
        expect.arrayContaining(['request.impact', 'request.notes']),
      );
    }
    await a.close();
    await b.close();
  }, 30_000);
});

describe('a save racing a delete', () => {
  it('two Vault instances: the draft ends in exactly one place (drafts or trash), 15 rounds', async () => {
    const a = await newVault();
    const b = await reopen(a);
    for (let round = 0; round < 15; round++) {
      const draft = value(await a.newDraft({ title: `Race ${String(round)}`, request: validDraftRequest() }));
      const read = value(await a.load(draft.id));
      const edit = { ...read, request: { ...read.request, notes: `round ${String(round)}` } };
      const [saved, deleted] = await Promise.all([a.save(edit), b.delete(draft.id)]);
      expect(deleted.ok).toBe(true);
      expect(placesOf(a.folder, draft.id)).toHaveLength(1);
      // Saved before the delete (then in the trash), or refused after it: never a second copy.
      if (!saved.ok) expect(saved.code).toBe('not-found');
      expect(placesOf(a.folder, draft.id)).toEqual(['trash']);
    }
    await a.close();
    await b.close();
  }, 30_000);

  it('a child saving while this process deletes: exactly one place', async () => {
    const vault = await newVault();
    for (let round = 0; round < 3; round++) {
      const draft = value(await vault.newDraft({ title: 'Race', request: validDraftRequest() }));
      const child = await startChild(vault.folder, 'save', draft.id);
      child.go();
      const [deleted, saved] = await Promise.all([vault.delete(draft.id), child.answer]);
      expect(deleted.ok).toBe(true);
      if (!saved.ok) expect(saved.code).toBe('not-found');
      expect(placesOf(vault.folder, draft.id)).toEqual(['trash']);
    }
    await vault.close();
  }, 30_000);
});

describe('a vault another process holds', () => {
  it('a live holder: the save waits, then fails with busy in words; nothing is written', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Kept' }));
    // This very process is alive on this machine: a live holder that never lets go.
    const owner = { pid: process.pid, host: hostname(), since: '2026-12-02T04:00:00.000Z', program: 'cli' };
    writeFileSync(join(vault.folder, LOCK_FILE), JSON.stringify(owner));
    const saved = await vault.save({ ...draft, title: 'Changed' });
    expect(saved).toEqual({
      ok: false,
      code: 'busy',
      message: `The vault is being changed by another CMK Rekey (the command line, pid ${String(process.pid)} on ${hostname()}, since 2026-12-02T04:00:00.000Z). Nothing was changed here; try again in a moment.`,
    });
    expect(JSON.parse(readFileSync(join(vault.folder, LOCK_FILE), 'utf8'))).toEqual(owner);
    const other = await reopen(vault);
    expect(value(await other.load(draft.id)).title).toBe('Kept');
    // Reads take no lock.
    expect(value(await other.list()).map((row) => row.title)).toEqual(['Kept']);
    await other.close();
    await vault.close();
  }, 30_000);

  it('a stale lock: a dead process of this machine, or a file not refreshed for long, is taken over', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Start' }));
    const lock = join(vault.folder, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), since: 'x', program: 'cli' }));
    const first = value(await vault.save({ ...draft, title: 'After a dead holder' }));
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, JSON.stringify({ pid: 7, host: 'far-away.example', since: 'x', program: 'app' }));
    const old = new Date(Date.now() - 5 * 60 * 1000);
    utimesSync(lock, old, old);
    expect(value(await vault.save({ ...first, title: 'After an old lock' })).title).toBe('After an old lock');
    expect(existsSync(lock)).toBe(false);
    await vault.close();
  }, 30_000);

  it('a holder killed in the middle of a change leaves its lock, and the next run is not blocked', async () => {
    const vault = await newVault();
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push(value(await vault.newDraft({ title: `Re ${String(i)}` })).id);
    const other = await newVault();
    value(await vault.setRecipients(PASSPHRASE, [other.recipient]));
    await vault.close();
    await other.close();
    // The child re-encrypts every draft, holding the lock; it is killed at its first progress report.
    const child = spawn(process.execPath, [CRASH_CHILD, 'reencrypt', vault.folder, PASSPHRASE]);
    const killed = new Promise<number>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('done ')) child.kill('SIGKILL');
      });
      child.on('close', () => {
        resolve(child.pid ?? 0);
      });
    });
    const pid = await killed;
    const lock = JSON.parse(readFileSync(join(vault.folder, LOCK_FILE), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(pid);
    const again = value(await Vault.open(vault.folder, FAST));
    value(await again.unlock(PASSPHRASE));
    const report = value(await again.reencrypt());
    expect(report.skipped).toEqual([]);
    expect(report.reencrypted).toBeGreaterThan(0); // it was killed before the end
    expect(existsSync(join(vault.folder, LOCK_FILE))).toBe(false);
    expect(value(await again.verify()).problems).toEqual([]);
    await again.close();
  }, 60_000);

  it('a holder killed at any moment leaves no lock that blocks the next change (25 kills)', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ title: 'Kill 0' }));
    await vault.close();
    for (let kill = 1; kill <= 25; kill++) {
      const child = spawn(process.execPath, [LOOP_CHILD, vault.folder]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), Math.random() * 30);
        });
        child.on('close', (_code, signal) => {
          if (signal === 'SIGKILL') resolve();
          else reject(new Error(`the child ended by itself: ${stderr}`));
        });
      });
      // A lock left behind always names the dead child, so it is stale at once.
      const lock = join(vault.folder, LOCK_FILE);
      if (existsSync(lock))
        expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: child.pid, program: 'cli' });
      const again = value(await Vault.open(vault.folder, FAST));
      value(await again.unlock(PASSPHRASE));
      const saved = await again.save({ ...value(await again.load(draft.id)), title: `Kill ${String(kill)}` });
      expect(saved).toMatchObject({ ok: true, value: { title: `Kill ${String(kill)}` } });
      await again.close();
      expect(readdirSync(vault.folder).filter((name) => name.startsWith('vault.lock'))).toEqual([]);
    }
  }, 120_000);
});
