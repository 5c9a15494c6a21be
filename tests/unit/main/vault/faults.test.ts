/**
 * Fault injection (issue 12): every file operation the vault makes (node:fs and node:fs/promises calls,
 * and the methods of the file handles it opens) fails in turn with EACCES, EMFILE, ENOSPC and EIO while
 * it opens, unlocks, lists, loads, saves, deletes, restores and verifies. Whatever fails, afterwards every
 * draft is still there (in drafts/ or trash/), opens as trusted, and nothing was quarantined.
 */
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DraftDocument } from '../../../../src-shared/drafts/draft.js';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  PASSPHRASE,
  newVault,
  removeTempFolders,
  tempFolder,
  validDraftRequest,
  value,
} from './helpers.js';

const gate = vi.hoisted(() => ({
  armed: false,
  count: 0,
  failAt: -1,
  code: 'EIO',
  /** Only calls on these paths (or on handles opened there) count. */
  under: '',
  /** When set: every call on exactly this path fails (instead of the `failAt`-th call). */
  always: '',
  check(name: string, path?: unknown): void {
    if (this.armed && this.always !== '' && path === this.always)
      throw Object.assign(new Error(`${this.code}: injected fault in ${name}`), { code: this.code });
    if (!this.armed || this.always !== '' || (typeof path === 'string' && !path.startsWith(this.under)))
      return;
    if (this.count++ === this.failAt) {
      throw Object.assign(new Error(`${this.code}: injected fault in ${name}`), {
        code: this.code,
        syscall: name,
      });
    }
  },
}));

const HANDLE_METHODS = new Set(['read', 'write', 'writeFile', 'readFile', 'utimes', 'sync', 'stat', 'close']);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const wrapHandle = (handle: object): object =>
    new Proxy(handle, {
      get(target, prop, receiver) {
        const member: unknown = Reflect.get(target, prop, receiver);
        if (typeof member !== 'function') return member;
        const method = member as (...args: unknown[]) => Promise<unknown>;
        if (!HANDLE_METHODS.has(String(prop))) return method.bind(target);
        return async (...args: unknown[]) => {
          if (prop === 'close') {
            await method.apply(target, args);
            gate.check('close');
            return undefined;
          }
          gate.check(`handle.${String(prop)}`);
          return method.apply(target, args);
        };
      },
    });
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(real)) {
    if (typeof member !== 'function' || name === 'default') {
      wrapped[name] = member;
      continue;
    }
    const fn = member as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      gate.check(name, args[0]);
      const result = await fn(...args);
      return name === 'open' && typeof result === 'object' && result !== null ? wrapHandle(result) : result;
    };
  }
  return { ...wrapped, default: wrapped };
});

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const wrapped: Record<string, unknown> = { ...real };
  for (const name of ['lstatSync', 'statSync', 'openSync', 'readSync', 'fstatSync', 'closeSync']) {
    const fn = real[name] as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      if (name === 'closeSync') {
        const result = fn(...args);
        gate.check(name);
        return result;
      }
      gate.check(name, typeof args[0] === 'string' ? args[0] : undefined);
      return fn(...args);
    };
  }
  return { ...wrapped, default: wrapped };
});

const CODES = ['EACCES', 'EMFILE', 'ENOSPC', 'EIO'] as const;
let template: string;
let kept: DraftDocument;
let trashed: DraftDocument;

afterAll(removeTempFolders, 120_000);

beforeAll(async () => {
  const vault = await newVault();
  kept = value(await vault.newDraft({ title: 'Kept', request: validDraftRequest() }));
  trashed = value(await vault.newDraft({ title: 'Trashed' }));
  value(await vault.delete(trashed.id));
  await vault.close();
  template = vault.folder;
});

/** Everything a session does with the vault; failures are expected, exceptions are not. */
async function session(folder: string): Promise<void> {
  const opened = await Vault.open(folder, FAST);
  if (!opened.ok) return;
  const vault = opened.value;
  await vault.unlock(PASSPHRASE);
  await vault.list();
  const loaded = await vault.load(kept.id);
  if (loaded.ok) await vault.save({ ...loaded.value, title: 'Kept, edited' });
  await vault.newDraft({ title: 'New' });
  await vault.listTrash();
  await vault.restore(trashed.id);
  await vault.delete(kept.id);
  await vault.verify();
  await vault.close();
}

/** After the fault: both drafts are in drafts/ or trash/, trusted; quarantine is empty. */
async function nothingLost(folder: string, what: string): Promise<void> {
  expect(readdirSync(join(folder, 'quarantine')), what).toEqual([]);
  const vault = value(await Vault.open(folder, FAST));
  value(await vault.unlock(PASSPHRASE));
  const listed = value(await vault.list());
  const trash = value(await vault.listTrash());
  expect(
    listed.filter((row) => row.problem !== undefined),
    what,
  ).toEqual([]);
  const ids = [...listed, ...trash].map((row) => row.id);
  expect(ids, what).toEqual(expect.arrayContaining([kept.id, trashed.id]));
  expect(readdirSync(join(folder, 'quarantine')), what).toEqual([]);
  await vault.close();
}

function copyOfTemplate(): string {
  const folder = join(tempFolder('cmk-faults-'), 'vault');
  cpSync(template, folder, { recursive: true });
  return folder;
}

async function run(folder: string, failAt: number, code: string): Promise<number> {
  Object.assign(gate, { armed: true, count: 0, failAt, code, under: folder, always: '' });
  try {
    await session(folder);
  } finally {
    gate.armed = false;
  }
  return gate.count;
}

describe('every file operation failing in turn', () => {
  it('loses nothing and quarantines nothing, with EACCES, EMFILE, ENOSPC or EIO', async () => {
    const operations = await run(copyOfTemplate(), -1, 'EIO');
    expect(operations).toBeGreaterThan(50);
    let injected = 0;
    for (let at = 0; at < operations; at++) {
      for (const code of CODES) {
        const folder = copyOfTemplate();
        await run(folder, at, code);
        injected++;
        await nothingLost(folder, `${code} at file operation ${String(at)} of ${String(operations)}`);
        rmSync(dirname(folder), { recursive: true, force: true });
      }
    }
    console.log(`faults: ${String(injected)} injected over ${String(operations)} file operations`);
  }, 600_000);

  it('a read error while listing leaves the draft in place, listed as unreadable; load says io', async () => {
    const folder = copyOfTemplate();
    const draft = join(folder, 'drafts', `${kept.id}.age`);
    for (const code of ['EMFILE', 'EACCES']) {
      rmSync(join(folder, 'index.age'), { force: true }); // so the list reads the draft
      Object.assign(gate, { armed: true, count: 0, failAt: -1, code, always: draft });
      const fresh = value(await Vault.open(folder, FAST));
      value(await fresh.unlock(PASSPHRASE));
      const list = await fresh.list();
      const load = await fresh.load(kept.id);
      gate.armed = false;
      const rows = value(list);
      expect(rows.find((row) => row.title === `${kept.id}.age`)).toMatchObject({ problem: 'unreadable' });
      expect(load).toMatchObject({ ok: false, code: 'io' });
      expect(readdirSync(join(folder, 'quarantine'))).toEqual([]);
      await fresh.close();
    }
    gate.always = '';
    await nothingLost(folder, 'after the read errors');
  });

  it("a delete that cannot set the draft's deletion time moves nothing: it stays in the list, not in the trash with its last edit's time", async () => {
    const folder = copyOfTemplate();
    const vault = value(await Vault.open(folder, FAST));
    value(await vault.unlock(PASSPHRASE));
    // Set the times of a file (deletedAt is the trash file's modification time) fails; a crash at that
    // point is the same as far as the files are concerned.
    const check = gate.check.bind(gate);
    gate.check = (name: string, path?: unknown) => {
      if (gate.armed && (name === 'utimes' || name === 'lutimes'))
        throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
      check(name, path);
    };
    Object.assign(gate, { armed: true, count: 0, failAt: -1, code: 'EIO', under: folder, always: '' });
    const deleted = await vault.delete(kept.id);
    gate.armed = false;
    gate.check = check;
    expect(deleted).toMatchObject({ ok: false, code: 'io' });
    expect(value(await vault.list()).map((row) => row.id)).toContain(kept.id);
    expect(value(await vault.listTrash()).map((row) => row.id)).not.toContain(kept.id);
    await vault.close();
  });

  it('on a read-only vault a damaged draft is listed as corrupt (not hidden) and stays where it is', async () => {
    const folder = copyOfTemplate();
    const draft = join(folder, 'drafts', `${kept.id}.age`);
    writeFileSync(draft, 'damaged');
    Object.assign(gate, { armed: true, count: 0, failAt: -1, code: 'EROFS', always: draft });
    const vault = value(await Vault.open(folder, FAST));
    value(await vault.unlock(PASSPHRASE));
    // Reading works; only the move into quarantine (rename) fails, as on a read-only share.
    gate.always = '';
    gate.failAt = -1;
    const check = gate.check.bind(gate);
    gate.check = (name: string, path?: unknown) => {
      if (gate.armed && name === 'rename' && path === draft)
        throw Object.assign(new Error('EROFS: injected'), { code: 'EROFS' });
      check(name, path);
    };
    const list = await vault.list();
    gate.armed = false;
    gate.check = check;
    const flagged = value(list).filter((row) => row.problem !== undefined);
    expect(flagged.map((row) => row.problem)).toEqual(['corrupt']);
    expect(flagged[0]?.detail).toMatch(/could not be set aside.*read-only/);
    expect(readFileSync(draft, 'utf8')).toBe('damaged');
    await vault.close();
  });
});
