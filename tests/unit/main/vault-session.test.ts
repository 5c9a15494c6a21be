import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { draftFromRequest } from '../../../src-shared/drafts/draft.js';
import { SettingsFile } from '../../../src-main/settings.js';
import { MAX_SITE_TIME_ZONES, withZone } from '../../../src-main/site-time-zones.js';
import { ok } from '../../../src-shared/ipc/result.js';
import type { VaultSession } from '../../../src-main/drafts/vault-session.js';
import { validRequest } from '../../fixtures/requests.js';
import { QueuedDialogs, vaultSession } from '../../support/queued-dialogs.js';

const PASSPHRASE = 'violet harbour seventy lanterns';
let root: string;
let dialogs: QueuedDialogs;
let session: VaultSession;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cmk-rekey-session-'));
  dialogs = new QueuedDialogs();
  session = vaultSession(root, dialogs);
});

async function created() {
  const status = await session.create({ passphrase: PASSPHRASE, recipients: [] });
  if (!status.ok) throw new Error(status.message);
  return status.value;
}

describe('vault session', () => {
  it('starts with no vault, then creates one unlocked in the default folder', async () => {
    expect(await session.status()).toMatchObject({
      ok: true,
      value: { state: 'none', folder: join(root, 'vault'), canSave: false },
    });
    const status = await created();
    expect(status).toMatchObject({ state: 'unlocked', canSave: true, autoLockMinutes: 10 });
    expect(status.recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(await session.create({ passphrase: PASSPHRASE, recipients: [] })).toMatchObject({
      ok: false,
      code: 'exists',
    });
  });

  it('refuses draft work before a vault exists, as data', async () => {
    expect(await session.withVault((vault) => vault.list())).toMatchObject({ ok: false, code: 'locked' });
    expect(await session.unlock({ passphrase: PASSPHRASE })).toMatchObject({ ok: false, code: 'locked' });
  });

  it('locks, keeps autosaving while locked, and unlocks with the passphrase only', async () => {
    await created();
    const draft = await session.withVault((vault) =>
      vault.newDraft({ title: 'EU rotation', request: draftFromRequest(validRequest('eu')) }),
    );
    if (!draft.ok) throw new Error(draft.message);
    expect(await session.lock()).toMatchObject({ ok: true, value: { state: 'locked', canSave: true } });
    const saved = await session.withVault((vault) =>
      vault.save({ ...draft.value, title: 'EU rotation (edited while locked)' }),
    );
    expect(saved.ok).toBe(true);
    expect(await session.withVault((vault) => vault.list())).toMatchObject({ ok: false, code: 'locked' });
    expect(await session.unlock({ passphrase: 'not the passphrase' })).toMatchObject({
      ok: false,
      code: 'wrong-passphrase',
    });
    expect(await session.unlock({ passphrase: PASSPHRASE })).toMatchObject({
      ok: true,
      value: { state: 'unlocked' },
    });
    const list = await session.withVault((vault) => vault.list());
    expect(list.ok && list.value.map((entry) => entry.title)).toEqual(['EU rotation (edited while locked)']);
  });

  it('a new session on the same folder opens the vault locked, and cannot save until unlocked', async () => {
    await created();
    const again = vaultSession(root, dialogs);
    expect(await again.status()).toMatchObject({ ok: true, value: { state: 'locked', canSave: false } });
    expect(await again.withVault((vault) => vault.newDraft())).toMatchObject({ ok: false, code: 'locked' });
  });

  it('never takes a damaged vault.json, or a newer app\'s, for "no vault": it says why it cannot open', async () => {
    await created();
    const config = join(root, 'vault', 'vault.json');
    const genuine = readFileSync(config, 'utf8');
    writeFileSync(config, genuine.slice(0, 50));
    const damaged = await vaultSession(root, dialogs).status();
    expect(damaged).toMatchObject({ ok: false, code: 'corrupt' });
    expect(!damaged.ok && damaged.message).toMatch(/vault\.json is damaged.*cmk-rekey vault doctor --vault/);
    writeFileSync(config, JSON.stringify({ ...JSON.parse(genuine), version: 9 }));
    const newer = vaultSession(root, dialogs);
    expect(await newer.status()).toMatchObject({ ok: false, code: 'unsupported-version' });
    expect(await newer.unlock({ passphrase: PASSPHRASE })).toMatchObject({ code: 'unsupported-version' });
    expect(readFileSync(config, 'utf8')).toBe(JSON.stringify({ ...JSON.parse(genuine), version: 9 }));
  });

  it('changes the passphrase and persists the auto-lock setting', async () => {
    await created();
    expect(await session.changePassphrase({ current: PASSPHRASE, next: `${PASSPHRASE} v2` })).toMatchObject({
      ok: true,
    });
    await session.lock();
    expect(await session.unlock({ passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      code: 'wrong-passphrase',
    });
    expect(await session.unlock({ passphrase: `${PASSPHRASE} v2` })).toMatchObject({ ok: true });
    await session.setAutoLock({ minutes: 3 });
    expect(await vaultSession(root, dialogs).status()).toMatchObject({
      ok: true,
      value: { autoLockMinutes: 3 },
    });
  });

  it('switches to a folder the user picks and remembers it', async () => {
    await created();
    const other = join(root, 'elsewhere');
    dialogs.answers.push(other);
    expect(await session.chooseFolder()).toMatchObject({ ok: true, value: { state: 'none', folder: other } });
    expect(await vaultSession(root, dialogs).status()).toMatchObject({ ok: true, value: { folder: other } });
    dialogs.answers.push(undefined);
    expect(await session.chooseFolder()).toMatchObject({ ok: false, code: 'cancelled' });
  });

  it('says when the chosen folder is not there at all (a share not connected), never for the default one', async () => {
    const missingFlag = (status: Awaited<ReturnType<typeof session.status>>) =>
      status.ok ? status.value.folderMissing : status.message;
    // The default folder is made by the first run: its absence is no news.
    expect(missingFlag(await session.status())).toBeUndefined();
    const share = join(root, 'share', 'alice', 'vault');
    dialogs.answers.push(share);
    expect(await session.chooseFolder()).toMatchObject({
      ok: true,
      value: { state: 'none', folder: share, folderMissing: true },
    });
    // The next run of the app says the same; once the folder is there, it is a plain first run.
    expect(await vaultSession(root, dialogs).status()).toMatchObject({
      ok: true,
      value: { folderMissing: true },
    });
    mkdirSync(share, { recursive: true });
    const status = await vaultSession(root, dialogs).status();
    expect(status).toMatchObject({ ok: true, value: { state: 'none', folder: share } });
    expect(missingFlag(status)).toBeUndefined();
  });

  it('says when the settings are damaged, so the default folder may not be where the drafts are', async () => {
    const settings = join(root, 'settings.json');
    const chosen = join(root, 'team', 'vault');
    mkdirSync(chosen, { recursive: true });
    // a hand edit with one comma too many: the folder it names is not known
    writeFileSync(
      settings,
      `{"format":"cmk-rekey/settings","version":3,"vaultFolder":${JSON.stringify(chosen)},}`,
    );
    const status = await vaultSession(root, dialogs).status();
    expect(status).toMatchObject({ ok: true, value: { state: 'none', settingsDamaged: true } });
    expect(status.ok && status.value.folder).not.toBe(chosen);
    // choosing the folder saves the settings: the damaged file is kept aside, and the flag goes
    dialogs.answers.push(chosen);
    const again = await vaultSession(root, dialogs).chooseFolder();
    expect(again).toMatchObject({ ok: true, value: { folder: chosen } });
    expect(again.ok && again.value.settingsDamaged).toBeUndefined();
    expect(readdirSync(root).filter((name) => name.startsWith('settings.damaged-'))).toHaveLength(1);
  });

  it('suggests a file name for an exported draft that Windows and macOS can write, from its title', async () => {
    await created();
    for (const [title, name] of [
      ['本番環境 · Café', '本番環境 · Café.age'],
      ['CON', 'draft CON.age'],
    ] as const) {
      const draft = await session.withVault((vault) => vault.newDraft({ title }));
      if (!draft.ok) throw new Error(draft.message);
      dialogs.answers.push(undefined);
      expect(await session.exportDraft({ id: draft.value.id })).toMatchObject({
        ok: false,
        code: 'cancelled',
      });
      expect(dialogs.asked.at(-1)).toBe(`Export the encrypted draft [${name}]`);
    }
  });

  it('exports a draft as .age and imports it back; imports a request .json as a new draft', async () => {
    await created();
    const draft = await session.withVault((vault) =>
      vault.newDraft({ title: 'Keys for audit', request: draftFromRequest(validRequest('de')) }),
    );
    if (!draft.ok) throw new Error(draft.message);
    const exported = join(root, 'audit.age');
    dialogs.answers.push(exported);
    expect(await session.exportDraft({ id: draft.value.id })).toEqual({
      ok: true,
      value: { fileName: 'audit.age' },
    });
    expect(readFileSync(exported).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    dialogs.answers.push(exported);
    const imported = await session.importDraft();
    expect(imported).toMatchObject({ ok: true, value: { request: draftFromRequest(validRequest('de')) } });
    expect(imported.ok && imported.value.id).not.toBe(draft.value.id);

    const requestFile = join(root, 'acme-request.json');
    writeFileSync(requestFile, JSON.stringify(validRequest('jp')));
    dialogs.answers.push(requestFile);
    expect(await session.importDraft()).toMatchObject({
      ok: true,
      // Titled from the content (site host · AWS account), not the file name.
      value: { title: 'acme-cloud.atlassian.net · 012345678901', request: { realm: 'jp' } },
    });
    writeFileSync(requestFile, '{"format":"other"}');
    dialogs.answers.push(requestFile);
    expect(await session.importDraft()).toMatchObject({ ok: false, code: 'not-a-request' });
  });

  it("refuses to import a newer app's .age file (its envelope's version), naming it, and saves nothing", async () => {
    const { recipient } = await created();
    const draft = await session.withVault((vault) => vault.newDraft({ title: 'Only one' }));
    if (!draft.ok) throw new Error(draft.message);
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const envelope = { format: 'cmk-rekey/sealed-draft', version: 3, draft: { ...draft.value, version: 2 } };
    const file = join(root, 'from-newer-app.age');
    writeFileSync(file, await encrypter.encrypt(JSON.stringify(envelope)));
    dialogs.answers.push(file);
    const refused = await session.importDraft();
    expect(refused).toMatchObject({ ok: false, code: 'unsupported-version' });
    expect(!refused.ok && refused.message).toMatch(
      /^from-newer-app cannot be imported: This sealed draft was written by a newer version of CMK Rekey \(version 3;/u,
    );
    const list = await session.withVault((vault) => vault.list());
    expect(list.ok && list.value.map(({ id }) => id)).toEqual([draft.value.id]);
  });
});

describe('settings file', () => {
  it('holds only what the user chose: nothing for a missing or damaged file, whose damage is logged', async () => {
    const logged: string[] = [];
    const path = join(mkdtempSync(join(tmpdir(), 'cmk-rekey-settings-')), 'settings.json');
    const settings = new SettingsFile(path, (line) => logged.push(line));
    expect(await settings.read()).toEqual({});
    writeFileSync(path, '{"autoLockMinutes": "soon"');
    expect(await settings.read()).toEqual({});
    expect(logged).toHaveLength(1);
    await settings.update({ autoLockMinutes: 0 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      format: 'cmk-rekey/settings',
      version: 3,
      autoLockMinutes: 0,
    });
    expect(await settings.userValues()).toEqual({ idleLockMinutes: 0 });
    expect(existsSync(path)).toBe(true);
  });

  it('keeps a damaged file aside, as it was, before a change is written in its place', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-settings-'));
    const path = join(folder, 'settings.json');
    // a hand edit with one comma too many: the folders in it are still there for a person to read
    const damaged =
      '{\n "format": "cmk-rekey/settings", "version": 3,\n "vaultFolder": "/srv/team/vault",\n "trashRetentionDays": 30,\n}\n';
    for (const text of [damaged, '{"format":"cmk-rekey/settings","version":"3","vaultFolder":"/srv/v"}']) {
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder);
      writeFileSync(path, text);
      const logged: string[] = [];
      const settings = new SettingsFile(path, (line) => logged.push(line));
      expect(await settings.read()).toEqual({});
      await settings.update({ autoLockMinutes: 15 });
      expect(await settings.read()).toEqual({ autoLockMinutes: 15 });
      const kept = readdirSync(folder).filter((name) => name !== 'settings.json');
      expect(kept).toEqual([expect.stringMatching(/^settings\.damaged-\d{8}T\d{6}Z\.json$/)]);
      expect(readFileSync(join(folder, kept[0] ?? ''), 'utf8')).toBe(text);
      expect(logged.at(-1)).toBe(
        `settings: kept the damaged ${path} as ${join(folder, kept[0] ?? '')}; a new one holds the settings chosen since`,
      );
      // the next change finds a sound file: nothing more is set aside
      await settings.update({ autoLockMinutes: 5 });
      expect(readdirSync(folder)).toHaveLength(2);
    }
  });
});

describe("the maintenance window's timezone per site", () => {
  const newSession = () => {
    const root = mkdtempSync(join(tmpdir(), 'cmk-rekey-settings-'));
    return { path: join(root, 'settings.json'), session: vaultSession(root, new QueuedDialogs()) };
  };

  it('is kept per site (any URL of it), by a hash: settings.json never holds the site', async () => {
    const { path, session } = newSession();
    expect(await session.siteTimeZone({ site: 'https://acme.atlassian.net' })).toEqual(ok({ timeZone: '' }));
    expect(
      await session.setSiteTimeZone({
        site: 'https://acme.atlassian.net/wiki/home',
        timeZone: 'Europe/Berlin',
      }),
    ).toEqual(ok({ timeZone: 'Europe/Berlin' }));
    await session.setSiteTimeZone({ site: 'globex.atlassian.net', timeZone: 'unknown' });
    expect(await session.siteTimeZone({ site: 'acme.atlassian.net' })).toEqual(
      ok({ timeZone: 'Europe/Berlin' }),
    );
    expect(await session.siteTimeZone({ site: 'https://globex.atlassian.net' })).toEqual(
      ok({ timeZone: 'unknown' }),
    );
    const stored = readFileSync(path, 'utf8');
    expect(stored).not.toMatch(/acme|globex/);
    expect(JSON.parse(stored)).toMatchObject({ version: 3 });
    // '' forgets it
    await session.setSiteTimeZone({ site: 'https://acme.atlassian.net', timeZone: '' });
    expect(await session.siteTimeZone({ site: 'https://acme.atlassian.net' })).toEqual(ok({ timeZone: '' }));
  });

  it('refuses a timezone it does not know, and skips a site URL that is not valid yet', async () => {
    const { path, session } = newSession();
    expect(
      await session.setSiteTimeZone({ site: 'https://acme.atlassian.net', timeZone: 'Mars/Olympus' }),
    ).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(await session.setSiteTimeZone({ site: 'https://acme', timeZone: 'UTC' })).toEqual(
      ok({ timeZone: '' }),
    );
    expect(await session.setSiteTimeZone({ site: 'not a url at all', timeZone: 'UTC' })).toEqual(
      ok({ timeZone: '' }),
    );
    expect(existsSync(path)).toBe(false);
  });

  it(`keeps at most ${String(MAX_SITE_TIME_ZONES)} sites, forgetting the earliest chosen`, () => {
    let zones: Record<string, string> = {};
    for (let site = 0; site <= MAX_SITE_TIME_ZONES; site += 1)
      zones = withZone(zones, String(site).padStart(32, '0'), 'UTC');
    expect(Object.keys(zones)).toHaveLength(MAX_SITE_TIME_ZONES);
    expect(zones['0'.repeat(32)]).toBeUndefined();
    // choosing again makes a site the latest
    zones = withZone(zones, '1'.padStart(32, '0'), 'Asia/Tokyo');
    expect(Object.entries(zones).at(-1)).toEqual(['1'.padStart(32, '0'), 'Asia/Tokyo']);
  });
});

describe('settings file versions', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'cmk-rekey-settings-'));

  it('reads a version 1 file (no format, no version) as it was, and writes version 3 on the next change', async () => {
    const path = join(folder(), 'settings.json');
    const v1 = { vaultFolder: '/home/me/vault', autoLockMinutes: 5, archiveFolder: '/srv/packs' };
    writeFileSync(path, JSON.stringify(v1));
    const settings = new SettingsFile(path, () => undefined);
    expect(await settings.read()).toEqual(v1);
    await settings.update({ trashRetentionDays: 30 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      format: 'cmk-rekey/settings',
      version: 3,
      ...v1,
      trashRetentionDays: 30,
    });
    await settings.update({ trashRetentionDays: undefined });
    expect(await settings.read()).toEqual(v1);
  });

  it('reads a file saved with a byte order mark (a hand edit in Notepad) as it is, not as damaged', async () => {
    const path = join(folder(), 'settings.json');
    const chosen = { format: 'cmk-rekey/settings', version: 3, vaultFolder: '/home/me/vault' };
    writeFileSync(path, `\uFEFF${JSON.stringify(chosen)}`);
    const logged: string[] = [];
    expect(await new SettingsFile(path, (line) => logged.push(line)).read()).toEqual({
      vaultFolder: '/home/me/vault',
    });
    expect(logged).toEqual([]);
  });

  it("keeps a newer app's fields and version when it changes a setting", async () => {
    const path = join(folder(), 'settings.json');
    writeFileSync(path, JSON.stringify({ format: 'cmk-rekey/settings', version: 7, future: { a: 1 } }));
    const settings = new SettingsFile(path, () => undefined);
    expect(await settings.read()).toEqual({});
    await settings.update({ autoLockMinutes: 3 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      format: 'cmk-rekey/settings',
      version: 7,
      future: { a: 1 },
      autoLockMinutes: 3,
    });
  });

  it('reads every setting it can of a file with a value it cannot use, and keeps that value when it writes', async () => {
    const path = join(folder(), 'settings.json');
    // A newer app that allows a longer auto-lock, or a hand edit: the vault folder must not be lost with it.
    const newer = {
      format: 'cmk-rekey/settings',
      version: 4,
      vaultFolder: '/srv/team/vault',
      archiveFolder: '/srv/team/archive',
      autoLockMinutes: 480,
      future: { a: 1 },
    };
    writeFileSync(path, JSON.stringify(newer));
    const logged: string[] = [];
    const settings = new SettingsFile(path, (line) => logged.push(line));
    expect(await settings.read()).toEqual({
      vaultFolder: '/srv/team/vault',
      archiveFolder: '/srv/team/archive',
    });
    expect(logged).toEqual([expect.stringContaining('ignoring autoLockMinutes')]);
    await settings.update({ trashRetentionDays: 30 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...newer, trashRetentionDays: 30 });
    await settings.update({ autoLockMinutes: 5 });
    expect(await settings.read()).toMatchObject({ vaultFolder: '/srv/team/vault', autoLockMinutes: 5 });
    await expect(settings.update({ autoLockMinutes: -1 })).rejects.toThrow();
  });

  it('ignores (and logs) a retention that is not a whole number of days from 1 to 3650', async () => {
    for (const days of [-3, 0, 2.5, 'ten', 4000]) {
      const path = join(folder(), 'settings.json');
      writeFileSync(path, JSON.stringify({ trashRetentionDays: days }));
      const logged: string[] = [];
      expect(await new SettingsFile(path, (line) => logged.push(line)).read()).toEqual({});
      expect(logged).toHaveLength(1);
    }
  });
});

describe('trash retention', () => {
  it('is off by default; once set, applies at unlock and at most once a day, keeping sent requests', async () => {
    await created();
    expect(await session.status()).toMatchObject({ value: { trashRetentionDays: 0 } });
    const made = async (title: string) => {
      const draft = await session.withVault((vault) => vault.newDraft({ title }));
      if (!draft.ok) throw new Error(draft.message);
      return draft.value;
    };
    const old = await made('Old');
    const sent = await made('Sent');
    await session.withVault((vault) => vault.markSent(sent.id, { ticket: 'ABC-1' }));
    const recent = await made('Recent');
    for (const { id } of [old, sent, recent]) await session.withVault((vault) => vault.delete(id));
    const trash = join(root, 'vault', 'trash');
    const back = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    utimesSync(join(trash, `${old.id}.age`), back, back);
    utimesSync(join(trash, `${sent.id}.age`), back, back);
    expect(await session.purgeOldTrash(true)).toBeUndefined(); // off
    const status = await session.setTrashRetention({ days: 30 });
    expect(status).toMatchObject({ ok: true, value: { trashRetentionDays: 30 } });
    expect(readdirSync(trash).sort()).toEqual([`${recent.id}.age`, `${sent.id}.age`].sort());
    // Not again within the day, even when something became old enough.
    utimesSync(join(trash, `${recent.id}.age`), back, back);
    expect(await session.purgeOldTrash()).toBeUndefined();
    const tomorrow = new Date(Date.now() + 25 * 60 * 60 * 1000);
    expect(await session.purgeOldTrash(false, tomorrow)).toMatchObject({
      removed: [{ id: recent.id }],
      kept: [{ id: sent.id, state: 'sent' }],
    });
    // At unlock it runs whatever the time.
    await session.lock();
    await session.unlock({ passphrase: PASSPHRASE });
    expect(readdirSync(trash)).toEqual([`${sent.id}.age`]);
    expect(await session.setTrashRetention({ days: 0 })).toMatchObject({ value: { trashRetentionDays: 0 } });
  });
});

describe("main's own idle lock", () => {
  it('locks after the auto-lock time without input, whatever the renderer does', async () => {
    await created();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      let idle = 0;
      const stop = session.startIdleLock(() => idle, 15_000);
      idle = 10 * 60 - 1;
      await vi.advanceTimersByTimeAsync(15_000);
      expect(await session.status()).toMatchObject({ ok: true, value: { state: 'unlocked' } });
      idle = 10 * 60;
      await vi.advanceTimersByTimeAsync(15_000);
      await vi.waitFor(async () => {
        expect(await session.status()).toMatchObject({ ok: true, value: { state: 'locked', canSave: true } });
      });
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('never locks when auto-lock is off', async () => {
    await created();
    await session.setAutoLock({ minutes: 0 });
    expect(await session.lockIfIdle(24 * 3600)).toBe(false);
    expect(await session.status()).toMatchObject({ ok: true, value: { state: 'unlocked' } });
  });
});
