/**
 * Writes when the disk says no (a roaming profile's share away, antivirus, a full disk), with faults at the
 * fs call: settings.json that cannot be read is neither taken for "no settings" nor written over; request
 * files, tickets, packs and their .zip say in words why they were not written and whether the old file is
 * still there; every failure reaches the user through the IPC dispatch as data. The idle lock still locks.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../../src-main/ipc/dispatch.js';
import { createHandlers } from '../../../src-main/ipc/handlers.js';
import { RequestFiles } from '../../../src-main/files/request-files.js';
import { QueuedDialogs, archiveService, vaultSession } from '../../support/queued-dialogs.js';
import { draftFromRequest, requestFromDraft } from '../../../src-shared/drafts/draft.js';
import { validRequest } from '../../fixtures/requests.js';
import { packInput, signingKey, tempArchive } from '../../fixtures/packs.js';
import { sealPack } from '../../../src-main/archive/seal.js';
import { SettingsFile } from '../../../src-main/settings.js';
import { readPolicyLayer } from '../../../src-main/policy/load-policy.js';
import { examineVault, problemsIn, repairVault } from '../../../src-main/vault/doctor.js';
import { newVault, PASSPHRASE as VAULT_PASSPHRASE } from './vault/helpers.js';

/** The fs/promises call that fails, and with which code: readFile, open or a handle's sync, on a path. */
const fault = vi.hoisted(() => ({
  fn: '',
  code: '',
  /** A part of the path (or the exact path, when `exact`). */
  path: '',
  exact: false,
  hits(fn: string, path: string): boolean {
    if (this.fn !== fn || this.path === '') return false;
    return this.exact ? path === this.path : path.includes(this.path);
  },
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const wrapped: Record<string, unknown> = { ...real };
  const injected = () =>
    Promise.reject(Object.assign(new Error(`${fault.code}: injected`), { code: fault.code }));
  for (const name of ['readFile', 'open']) {
    const fn = real[name] as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = (...args: unknown[]) => (fault.hits(name, String(args[0])) ? injected() : fn(...args));
  }
  // A handle's sync() fails when `fn` is 'sync' and the handle's path matches.
  const open = real['open'] as (...args: unknown[]) => Promise<object>;
  wrapped['open'] = async (...args: unknown[]) => {
    if (fault.hits('open', String(args[0]))) return injected();
    const handle = await open(...args);
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'sync' && fault.hits('sync', String(args[0]))) return injected;
        const member: unknown = Reflect.get(target, prop, target);
        return typeof member === 'function' ? (member as () => unknown).bind(target) : member;
      },
    });
  };
  return { ...wrapped, default: wrapped };
});

function failing(fn: 'readFile' | 'open' | 'sync', code: string, path: string, exact = false): void {
  Object.assign(fault, { fn, code, path, exact });
}

const PASSPHRASE = 'violet harbour seventy lanterns';
let root: string;
let path: string;
let dialogs: QueuedDialogs;
let dispatch: ReturnType<typeof createDispatch>;
const internal: string[] = [];

const CHOSEN = {
  format: 'cmk-rekey/settings',
  version: 3,
  vaultFolder: '',
  archiveFolder: '/srv/archive',
  allowedSignersFile: '/srv/allowed_signers',
  autoLockMinutes: 7,
};

beforeEach(() => {
  failing('open', '', '');
  root = mkdtempSync(join(tmpdir(), 'cmk-rekey-settings-faults-'));
  path = join(root, 'settings.json');
  dialogs = new QueuedDialogs();
  internal.length = 0;
  dispatch = createDispatch(
    createHandlers({
      files: new RequestFiles(dialogs),
      vault: vaultSession(root, dialogs),
      archive: archiveService(root, dialogs),
      version: '1.2.3',
    }),
    (line) => internal.push(line),
  );
});

describe('a settings file that cannot be read now', () => {
  it('is never written over: every change is refused, saying why, and the file keeps every choice', async () => {
    const text = JSON.stringify({ ...CHOSEN, vaultFolder: join(root, 'share', 'vault') });
    writeFileSync(path, text);
    failing('readFile', 'EIO', 'settings.json');
    const refused = {
      ok: false,
      code: 'io',
      message:
        "Your settings (settings.json, in the app's data folder) cannot be read: input/output error from the disk or network share (EIO). Nothing was changed; try again.",
    };
    expect(
      await dispatch('siteTimeZoneSet', { site: 'https://acme.atlassian.net', timeZone: 'Europe/Berlin' }),
    ).toEqual(refused);
    expect(await dispatch('vaultSetAutoLock', { minutes: 5 })).toEqual(refused);
    expect(await dispatch('vaultSetTrashRetention', { days: 30 })).toEqual(refused);
    dialogs.answers.push(join(root, 'elsewhere'));
    expect(await dispatch('archiveChooseFolder', {})).toEqual(refused);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(internal).toEqual([]);
  });

  it('says "try again" once for a fault that passes (a file locked by another program)', async () => {
    writeFileSync(path, JSON.stringify(CHOSEN));
    failing('readFile', 'EBUSY', 'settings.json');
    expect(await dispatch('vaultSetAutoLock', { minutes: 5 })).toMatchObject({
      ok: false,
      message:
        "Your settings (settings.json, in the app's data folder) cannot be read: the file is busy (locked by another program?) (EBUSY). Nothing was changed; try again.",
    });
  });

  it('is not taken for a first run in the default folder: the vault status says what failed', async () => {
    writeFileSync(path, JSON.stringify({ ...CHOSEN, vaultFolder: join(root, 'share', 'vault') }));
    failing('readFile', 'EACCES', 'settings.json');
    expect(await dispatch('vaultStatus', {})).toMatchObject({
      ok: false,
      code: 'io',
      message: expect.stringMatching(
        /settings\.json.*cannot be read: permission denied \(EACCES\)/,
      ) as string,
    });
    failing('open', '', '');
    expect(await dispatch('vaultStatus', {})).toMatchObject({
      ok: true,
      value: { state: 'none', folder: join(root, 'share', 'vault') },
    });
  });

  it('still lets the idle lock lock the vault (at the default time), and deletes nothing from the trash', async () => {
    const session = vaultSession(root, dialogs);
    const created = await session.create({ passphrase: PASSPHRASE, recipients: [] });
    expect(created).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await session.setAutoLock({ minutes: 0 })).toMatchObject({ ok: true });
    failing('readFile', 'EBUSY', 'settings.json');
    expect(await session.purgeOldTrash(true)).toBeUndefined();
    expect(await session.lockIfIdle(24 * 3600)).toBe(true);
  });
});

describe('a settings change that cannot be written', () => {
  it('says why in words, and the next change works once the fault is gone', async () => {
    writeFileSync(path, JSON.stringify(CHOSEN));
    failing('open', 'ENOSPC', '.settings.json.');
    expect(await dispatch('vaultSetAutoLock', { minutes: 5 })).toEqual({
      ok: false,
      code: 'io',
      message: 'Your settings could not be saved: the disk is full (ENOSPC).',
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(CHOSEN);
    failing('open', '', '');
    expect(await dispatch('vaultSetAutoLock', { minutes: 5 })).toMatchObject({
      ok: true,
      value: { autoLockMinutes: 5 },
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...CHOSEN, autoLockMinutes: 5 });
    expect(internal).toEqual([]);
  });
});

describe('a request file or ticket that cannot be written', () => {
  const draft = draftFromRequest(validRequest('us'));
  const OLD = '{"the": "version saved before"}\n';

  it.each([
    ['EIO', 'input/output error from the disk or network share (EIO)'],
    ['EBUSY', 'the file is busy (locked by another program?) (EBUSY)'],
    ['EDQUOT', 'the disk quota is exhausted (EDQUOT)'],
    ['EMFILE', 'too many open files in this process (EMFILE)'],
  ])('says why in words (%s), keeps the old file, and saves once the fault is gone', async (code, words) => {
    const path = join(root, 'request.json');
    writeFileSync(path, OLD);
    failing('open', code, '.tmp'); // the temp file beside the target
    dialogs.answers.push(path);
    expect(await dispatch('saveRequest', { request: draft, saveAs: true })).toEqual({
      ok: false,
      code: 'io',
      message: `The file could not be saved: ${words}. Nothing was overwritten. Try again, or use Save as… to choose another folder.`,
    });
    dialogs.answers.push(join(root, 'ticket.md'));
    expect(await dispatch('exportTicket', { request: draft, format: 'markdown' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/ Try again, or export to another folder\.$/) as string,
    });
    expect(readFileSync(path, 'utf8')).toBe(OLD);
    failing('open', '', '');
    dialogs.answers.push(path);
    expect(await dispatch('saveRequest', { request: draft, saveAs: true })).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(requestFromDraft(draft));
  });

  it('does not say "nothing was overwritten" when only the folder\'s fsync failed, after the new file took its place', async () => {
    const path = join(root, 'request.json');
    writeFileSync(path, OLD);
    failing('open', 'EIO', root, true); // the folder is opened for fsync after the rename
    dialogs.answers.push(path);
    expect(await dispatch('saveRequest', { request: draft, saveAs: true })).toEqual({
      ok: false,
      code: 'io',
      message:
        'The file was written, but the disk did not confirm that it is stored (input/output error from the disk or network share (EIO)). Save again to be sure.',
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(requestFromDraft(draft));
  });
});

describe("a pack's .zip", () => {
  it('is on disk before it replaces a .zip that is there: a failed fsync leaves the earlier one', async () => {
    const archive = await tempArchive();
    const pack = await sealPack(archive, packInput(signingKey().privateKey));
    const settings = new SettingsFile(path, () => undefined);
    await settings.update({ archiveFolder: archive });
    const out = join(root, 'evidence.zip');
    dialogs.answers.push(out);
    expect(await dispatch('archiveZip', { name: pack.name })).toEqual({ ok: true, value: { path: out } });
    const earlier = readFileSync(out);
    failing('sync', 'EIO', '.tmp');
    dialogs.answers.push(out);
    expect(await dispatch('archiveZip', { name: pack.name })).toEqual({
      ok: false,
      code: 'io',
      message: `The .zip could not be written to ${out}: input/output error from the disk or network share (EIO).`,
    });
    expect(readFileSync(out).equals(earlier)).toBe(true);
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('sealing into an archive folder that says no', () => {
  it('says why in words, and leaves nothing behind', async () => {
    const archive = await tempArchive();
    await new SettingsFile(path, () => undefined).update({ archiveFolder: archive });
    expect(await dispatch('vaultCreate', { passphrase: PASSPHRASE, recipients: [] })).toMatchObject({
      ok: true,
    });
    const draft = await dispatch('draftNew', {});
    if (!draft.ok) throw new Error(draft.message);
    failing('open', 'ENOSPC', '.sealing-');
    expect(await dispatch('archiveSeal', { id: (draft.value as { id: string }).id })).toEqual({
      ok: false,
      code: 'io',
      message: `The pack could not be sealed into ${archive}: the disk is full (ENOSPC). Nothing was left behind.`,
    });
    expect(readdirSync(archive)).toEqual([]);
  });
});

describe('a policy file that cannot be read', () => {
  it('names the reason in words (the app plays safe meanwhile)', async () => {
    const policy = join(root, 'policy.json');
    writeFileSync(policy, '{}');
    failing('open', 'EACCES', policy, true);
    expect((await readPolicyLayer('system', policy)).problems).toEqual([
      { message: 'It cannot be read: permission denied (EACCES).' },
    ]);
  });
});

describe('a vault.json that cannot be read now (permissions, a share away)', () => {
  it('is not offered for a rebuild, which would drop its recipients and refuse it once it reads again', async () => {
    const vault = await newVault();
    await vault.close();
    const config = join(vault.folder, 'vault.json');
    const before = readFileSync(config);
    failing('open', 'EACCES', config, true);
    const findings = await examineVault(vault.folder, VAULT_PASSPHRASE);
    expect(problemsIn(findings)).toEqual([
      {
        file: 'vault.json',
        message: expect.stringMatching(
          /^cannot be read: permission denied \(EACCES\)\..*Make it readable \(its permissions, the drive\) and run the doctor again; a file that cannot be read now is not rebuilt\.$/,
        ) as string,
      },
    ]);
    expect(await repairVault(vault.folder, VAULT_PASSPHRASE)).toEqual({ ok: true, value: [] });
    failing('open', '', '');
    expect(readFileSync(config)).toEqual(before);
    expect(readdirSync(vault.folder).filter((name) => name.includes('set-aside'))).toEqual([]);
    expect(problemsIn(await examineVault(vault.folder, VAULT_PASSPHRASE))).toEqual([]);
  });

  it('an identity.age that cannot be read is named, and vault.json is not blamed or offered a rebuild', async () => {
    const vault = await newVault();
    await vault.close();
    failing('open', 'EACCES', join(vault.folder, 'identity.age'), true);
    const findings = problemsIn(await examineVault(vault.folder, VAULT_PASSPHRASE));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.file).toBe('identity.age');
    expect(findings[0]?.message).toMatch(/^cannot be read: permission denied \(EACCES\)/);
    expect(findings[0]?.message).not.toMatch(/Rebuild/);
    expect(findings[0]?.repair).toBeUndefined();
  });
});
