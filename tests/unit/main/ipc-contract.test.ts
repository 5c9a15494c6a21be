import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftFromRequest, emptyDraftRequest } from '../../../src-shared/drafts/draft.js';
import { CONTRACT, METHODS, type Method } from '../../../src-shared/ipc/contract.js';
import { failure } from '../../../src-shared/ipc/result.js';
import { RequestFiles, type Dialogs } from '../../../src-main/files/request-files.js';
import { createDispatch, type Dispatch } from '../../../src-main/ipc/dispatch.js';
import { createHandlers } from '../../../src-main/ipc/handlers.js';
import { buildApi } from '../../../src-main/preload/api.js';
import { validRequest } from '../../fixtures/requests.js';
import { QueuedDialogs, archiveService, vaultSession } from '../../support/queued-dialogs.js';

const PASSPHRASE = 'correct horse battery staple 42';
const draftRequest = draftFromRequest(validRequest('us'));
const id = '0123456789abcdef0123456789abcdef';
const flaggedId = 'untrusted-20261128T100000000Z-0123456789abcdef0123456789abcdef.age';
const draftDocument = {
  format: 'cmk-rekey/draft',
  version: 3,
  id,
  title: 'Rotate EU keys',
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  request: draftRequest,
  position: { step: 'keys', field: 'keys[0].newKeyArn' },
  checklist: [],
  state: 'open',
  revision: 1,
  history: [],
};

const good: { [M in Method]: unknown } = {
  openRequest: {},
  saveRequest: { request: draftRequest, saveAs: false },
  exportTicket: { request: draftRequest, format: 'markdown' },
  newRequest: {},
  appInfo: {},
  policyStatus: {},
  vaultStatus: {},
  vaultCreate: { passphrase: PASSPHRASE, recipients: [] },
  vaultUnlock: { passphrase: PASSPHRASE },
  vaultLock: {},
  vaultChangePassphrase: { current: PASSPHRASE, next: `${PASSPHRASE}!` },
  vaultSetAutoLock: { minutes: 15 },
  vaultSetTrashRetention: { days: 30 },
  siteTimeZone: { site: 'https://acme.atlassian.net' },
  siteTimeZoneSet: { site: 'https://acme.atlassian.net', timeZone: 'Europe/Berlin' },
  vaultSetRecipients: { passphrase: 'maple orbit tunnel fiddle', recipients: [] },
  vaultChooseFolder: {},
  draftsList: {},
  draftsTrash: {},
  draftNew: { request: emptyDraftRequest(), title: 'New' },
  draftLoad: { id },
  draftSave: { draft: draftDocument },
  draftDuplicate: { id },
  draftRename: { id, title: 'Renamed' },
  draftDelete: { id },
  draftRestore: { id },
  draftsPurge: { ids: [id] },
  draftsRecipients: {},
  draftsReencrypt: { limit: 25 },
  draftExport: { id },
  draftImport: {},
  draftAcceptFlagged: { id: flaggedId },
  draftDiscardFlagged: { id: flaggedId },
  draftMarkSent: { id, ticket: 'ABC-123456', at: '2026-11-30T10:00+01:00' },
  draftComplete: { id, note: 'Done' },
  draftWithdraw: { id, reason: 'Wrong account' },
  draftRevise: { id },
  archiveStatus: {},
  archiveChooseFolder: {},
  archiveChooseAllowedSigners: {},
  archiveNames: { first: 40 },
  archiveEntries: { names: ['2026-11-30_481516234200_ABC-123456_0a1b2c3d'] },
  archiveVerify: { names: ['2026-11-30_481516234200_ABC-123456_0a1b2c3d'] },
  archiveOpen: { name: '2026-11-30_481516234200_ABC-123456_0a1b2c3d' },
  archiveZip: { name: '2026-11-30_481516234200_ABC-123456_0a1b2c3d' },
  archiveSeal: { id },
};

const bad: { [M in Method]: unknown[] } = {
  openRequest: [undefined, 'x', { path: '/etc/passwd' }],
  saveRequest: [
    { request: draftRequest },
    { request: draftRequest, saveAs: false, path: '/tmp/x' },
    { request: { ...draftRequest, realm: 'mars' }, saveAs: false },
  ],
  exportTicket: [
    { request: draftRequest, format: 'pdf' },
    { request: 'text', format: 'text' },
  ],
  newRequest: [null, [1]],
  appInfo: [42],
  policyStatus: [{ path: '/etc/cmk-rekey/policy.json' }],
  vaultStatus: [{ folder: '/' }],
  vaultCreate: [
    { passphrase: '', recipients: [] },
    { passphrase: PASSPHRASE },
    { passphrase: 'x'.repeat(2000), recipients: [] },
  ],
  vaultUnlock: [{ passphrase: 7 }, {}],
  vaultLock: [{ now: true }],
  vaultChangePassphrase: [{ current: PASSPHRASE }, { current: '', next: 'x' }],
  vaultSetAutoLock: [{ minutes: -1 }, { minutes: 1.5 }, { minutes: 100_000 }],
  vaultSetTrashRetention: [{ days: -1 }, { days: Number.NaN }, { days: 2.5 }, { days: 3651 }, { days: '30' }],
  siteTimeZone: [{}, { site: 42 }, { site: 'x'.repeat(2001) }],
  siteTimeZoneSet: [
    { site: 'https://acme.atlassian.net' },
    { site: 'https://acme.atlassian.net', timeZone: 'x'.repeat(101) },
  ],
  vaultSetRecipients: [{ recipients: 'age1x' }, { recipients: Array.from({ length: 21 }, () => 'age1') }],
  vaultChooseFolder: [{ folder: '/tmp' }],
  draftsList: [{ filter: 'x' }],
  draftsTrash: [1],
  draftNew: [{ request: { siteUrl: 1 } }, { title: 'x'.repeat(201) }],
  draftLoad: [{ id: '../../etc/passwd' }, { id: 'ABCDEF' }, {}],
  draftSave: [{ draft: { ...draftDocument, id: '../x' } }, { draft: { ...draftDocument, extra: 1 } }],
  draftDuplicate: [{ id: 5 }],
  draftRename: [
    { id, title: '' },
    { id: 'nope', title: 'x' },
  ],
  draftDelete: [{ id: '/' }],
  draftRestore: [{}],
  draftsPurge: [{ ids: [] }, { ids: ['../x'] }, { ids: id }, { all: true }],
  draftsRecipients: [{ count: 1 }],
  draftsReencrypt: [{}, { limit: 0 }, { limit: 1001 }, { limit: 2.5 }],
  draftExport: [{ id, path: '/tmp/out.age' }],
  draftImport: [{ path: '/tmp/in.age' }],
  draftAcceptFlagged: [{ id: 'corrupt-x/../../y' }],
  draftDiscardFlagged: [{ id: null }],
  draftMarkSent: [{ id }, { id, ticket: 5 }, { id, ticket: 'A', extra: 1 }],
  draftComplete: [{ id, at: 5 }],
  draftWithdraw: [{ id }],
  draftRevise: [{ id: 'x' }],
  archiveStatus: [{ folder: '/' }],
  archiveChooseFolder: [{ folder: '/tmp' }],
  archiveChooseAllowedSigners: [{ path: '/etc/passwd' }],
  archiveNames: [{}, { first: 501 }, { first: 1.5 }, { first: 40, folder: '/tmp' }],
  archiveEntries: [{ names: [] }, { names: ['../etc'] }, { names: Array.from({ length: 501 }, () => 'x') }],
  archiveZip: [{ name: '..' }, { name: 'a/b', path: '/tmp/x.zip' }],
  archiveVerify: [{ names: [] }, { names: ['../etc'] }, { names: ['a/b'] }, { names: ['..'] }],
  archiveOpen: [{ name: '/etc/passwd' }, { name: 'x\\y' }, {}],
  archiveSeal: [{ id: '../x' }, {}],
};

let dispatch: Dispatch;

beforeAll(() => {
  const folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-ipc-'));
  const dialogs = new QueuedDialogs();
  dispatch = createDispatch(
    createHandlers({
      files: new RequestFiles(dialogs),
      vault: vaultSession(folder, dialogs),
      archive: archiveService(folder, dialogs),
      version: '1.2.3',
    }),
  );
});

describe('the IPC contract', () => {
  it('lists every channel once, and the tables below cover them all', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...METHODS].sort());
    expect(Object.keys(good).sort()).toEqual([...METHODS].sort());
    expect(Object.keys(bad).sort()).toEqual([...METHODS].sort());
  });

  it('builds a renderer API with exactly one method per channel, invoking that channel', async () => {
    const calls: [string, unknown][] = [];
    const api = buildApi((channel, arg) => {
      calls.push([channel, arg]);
      return Promise.resolve({ ok: true, value: {} });
    });
    expect(Object.keys(api).sort()).toEqual([...METHODS].sort());
    expect(Object.isFrozen(api)).toBe(true);
    await api.draftLoad({ id });
    expect(calls).toEqual([['cmk-rekey:draftLoad', { id }]]);
  });

  it.each(METHODS.flatMap((method) => bad[method].map((arg) => [method, arg] as const)))(
    '%s rejects %j as data',
    async (method, arg) => {
      const result = await dispatch(method, arg);
      expect(result).toMatchObject({ ok: false, code: 'invalid-argument' });
      expect(!result.ok && result.message).toMatch(new RegExp(`^Invalid ${method} argument`));
    },
  );

  // In order: the vault is created first, so later channels meet a real vault. Any answer but a
  // rejected argument or an internal error is right here (a missing draft is 'not-found', and so on).
  it.each(METHODS)('%s accepts a good argument and answers with data', async (method) => {
    const result = await dispatch(method, good[method]);
    if (!result.ok) expect(['invalid-argument', 'internal']).not.toContain(result.code);
  });

  it('lets main say what is wrong with pasted recipients, not the contract: an SSH key, 21 keys', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-ipc-recipients-'));
    const fresh = createDispatch(
      createHandlers({
        files: new RequestFiles(new QueuedDialogs()),
        vault: vaultSession(folder, new QueuedDialogs()),
        archive: archiveService(folder, new QueuedDialogs()),
        version: '1',
      }),
    );
    const sshKey = `ssh-rsa ${'A'.repeat(372)} ana@laptop`;
    const ssh = await fresh('vaultCreate', { passphrase: PASSPHRASE, recipients: [sshKey] });
    expect(ssh).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(!ssh.ok && ssh.message).toMatch(/^"ssh-rsa A+…?.*" is not an X25519 age recipient/u);
    const keys = await Promise.all(
      Array.from({ length: 21 }, async () => identityToRecipient(await generateIdentity())),
    );
    expect(await fresh('vaultCreate', { passphrase: PASSPHRASE, recipients: keys })).toMatchObject({
      ok: false,
      message: 'At most 20 extra recipients.',
    });
  });

  it('turns a throwing service into an internal error, logged, never a thrown string', async () => {
    const logged: string[] = [];
    const broken: Dialogs = {
      chooseOpenPath: () => Promise.reject(new Error('dialog crashed')),
      chooseSavePath: () => Promise.resolve(undefined),
      chooseFolderPath: () => Promise.resolve(undefined),
    };
    const folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-ipc-broken-'));
    const brokenDispatch = createDispatch(
      createHandlers({
        files: new RequestFiles(broken),
        vault: vaultSession(folder, broken),
        archive: archiveService(folder, broken),
        version: '1',
      }),
      (line) => logged.push(line),
    );
    expect(await brokenDispatch('openRequest', {})).toMatchObject({ ok: false, code: 'internal' });
    expect(logged.some((line) => line.includes('dialog crashed'))).toBe(true);
  });

  it('answers a save or a life change of a request sent elsewhere with the stored record, checked against the contract', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-ipc-refused-'));
    const dialogs = new QueuedDialogs();
    const logged: string[] = [];
    const handlers = createHandlers({
      files: new RequestFiles(dialogs),
      vault: vaultSession(folder, dialogs),
      archive: archiveService(folder, dialogs),
      version: '1',
    });
    const call = createDispatch(handlers, (line) => logged.push(line));
    expect(await call('vaultCreate', { passphrase: PASSPHRASE, recipients: [] })).toMatchObject({ ok: true });
    const made = await handlers.draftNew({ request: draftRequest });
    if (!made.ok) throw new Error(made.message);
    const sent = await call('draftMarkSent', { id: made.value.id, ticket: 'CMK-77' });
    if (!sent.ok) throw new Error(sent.message);
    const edit = { ...made.value, request: { ...made.value.request, notes: 'typed here' } };
    expect(await call('draftSave', { draft: edit })).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This request is sent and read-only; make a New revision to change it.',
      detail: sent.value,
    });
    expect(logged).toEqual([]);
    // So is a second Mark as sent (the editor had not seen the first), and a Withdraw of it once completed.
    expect(await call('draftMarkSent', { id: made.value.id, ticket: 'ABC-123456' })).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This request is sent: it cannot be marked as sent again.',
      detail: sent.value,
    });
    const completed = await call('draftComplete', { id: made.value.id });
    if (!completed.ok) throw new Error(completed.message);
    expect(await call('draftWithdraw', { id: made.value.id, reason: 'Wrong account' })).toEqual({
      ok: false,
      code: 'read-only',
      message: 'This request is completed: it cannot be withdrawn.',
      detail: completed.value,
    });
    expect(await call('draftComplete', { id: made.value.id })).toMatchObject({ detail: completed.value });
    expect(logged).toEqual([]);

    // A detail the contract does not name, or one that does not match it, never leaves main: logged, dropped.
    const strays = createDispatch(
      {
        ...handlers,
        draftSave: () =>
          Promise.resolve(failure('read-only', 'No.', { ...made.value, state: 'lost' } as never)),
        draftRename: () => Promise.resolve(failure('read-only', 'No.', made.value as never)),
      },
      (line) => logged.push(line),
    );
    expect(await strays('draftSave', { draft: edit })).toEqual({
      ok: false,
      code: 'read-only',
      message: 'No.',
    });
    expect(await strays('draftRename', { id: made.value.id, title: 'x' })).toEqual({
      ok: false,
      code: 'read-only',
      message: 'No.',
    });
    expect(logged).toEqual([
      expect.stringMatching(/^draftSave: a refusal's detail does not match the contract: /u),
      "draftRename: a refusal's detail does not match the contract: none expected",
    ]);
  });
});
