import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../../../src-renderer/lib/idle-timer.js';
import { Session } from '../../../src-renderer/lib/session.svelte.js';
import { failure } from '../../../src-shared/ipc/result.js';
import { draftDocument } from './fixtures.js';
import { FakeVault, PASSPHRASE } from './fake-vault.js';

let vault: FakeVault;
let session: Session;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  session.editor?.close();
  vi.useRealTimers();
});

async function started(status: ConstructorParameters<typeof FakeVault>[0] = {}): Promise<Session> {
  vault = new FakeVault(status);
  session = new Session(vault.api);
  await session.start();
  return session;
}

/** Opens a new draft and types an AWS account ID into it, on the account step. */
async function editing(): Promise<void> {
  await session.newDraft();
  const editor = session.editor;
  if (editor === undefined) throw new Error('no editor');
  editor.form.goTo('account');
  editor.setField('field-awsAccountId');
  editor.form.draft.awsAccountId = '012345678901';
  flushSync();
}

function changeAccount(account: string): void {
  if (session.editor === undefined) throw new Error('no editor');
  session.editor.form.draft.awsAccountId = account;
  flushSync();
}

describe('Session start', () => {
  it.each([
    ['none', 'create'],
    ['locked', 'unlock'],
    ['unlocked', 'drafts'],
  ] as const)('a vault that is %s opens on the %s screen', async (state, screen) => {
    await started({ state });
    expect(session.screen).toBe(screen);
    expect(session.unlocked).toBe(screen === 'drafts');
  });

  it('says why when the vault cannot be read', async () => {
    vault = new FakeVault();
    vault.api.vaultStatus.mockResolvedValueOnce(failure('io', 'Permission denied.'));
    session = new Session(vault.api);
    await session.start();
    expect(session.screen).toBe('unavailable');
    expect(session.problem).toContain('Permission denied.');
  });

  it('a wrong passphrase changes nothing; the right one opens the drafts', async () => {
    await started({ state: 'locked' });
    expect(await session.unlock('wrong horse battery')).toMatchObject({ code: 'wrong-passphrase' });
    expect(session.screen).toBe('unlock');
    expect(await session.unlock(PASSPHRASE)).toBeUndefined();
    expect(session.screen).toBe('drafts');
    expect(vault.api.draftsList).toHaveBeenCalled();
  });
});

describe('Session after a reload of the window', () => {
  /** The page reloads: the open editor goes away and a new Session starts on the same vault. */
  async function reloaded(meanwhile?: () => void): Promise<Session> {
    session.pagehide();
    await vi.advanceTimersByTimeAsync(0);
    session.editor?.close();
    meanwhile?.();
    session = new Session(vault.api);
    await session.start();
    await vi.advanceTimersByTimeAsync(0);
    return session;
  }

  it('reopens the draft that was open, at the same step and field, with what was typed', async () => {
    await started();
    await editing();
    const id = session.editor?.id;
    await reloaded();
    expect(session.screen).toBe('editor');
    expect(session.editor?.id).toBe(id);
    expect(session.editor?.form.step).toBe('account');
    expect(session.editor?.field).toBe('field-awsAccountId');
    expect(session.editor?.form.draft.awsAccountId).toBe('012345678901');
  });

  it('reopens at the step and field the user moved to without editing, and writes nothing for it', async () => {
    await started();
    const stored = vault.add(draftDocument({ position: { step: 'organization' } }));
    await session.openDraft(stored.id);
    session.editor?.form.goTo('keys');
    session.editor?.setField('field-keys-0-oldKeyArn');
    flushSync();
    await reloaded();
    expect(session.editor?.form.step).toBe('keys');
    expect(session.editor?.field).toBe('field-keys-0-oldKeyArn');
    expect(vault.api.draftSave).not.toHaveBeenCalled();
    // Used once: a later reload without pagehide (the page crashed) opens at the stored position.
    session.editor?.close();
    session = new Session(vault.api);
    await session.start();
    expect(session.editor?.form.step).toBe('organization');
  });

  it.each([
    ['not JSON', '{"id":', { step: 'organization', field: 'field-siteUrl' }],
    ['another step', '{"id":"ID","step":"elsewhere"}', { step: 'organization', field: 'field-siteUrl' }],
    // The step is fine; the field is left out, as one the draft could not store.
    ['a field id too long', `{"id":"ID","step":"keys","field":"${'f'.repeat(201)}"}`, { step: 'keys' }],
  ])('a kept position that is %s is not used as it is', async (_what, kept, expected) => {
    await started();
    const stored = vault.add(draftDocument({ position: { step: 'organization', field: 'field-siteUrl' } }));
    await session.openDraft(stored.id);
    await reloaded(() => {
      sessionStorage.setItem('cmk-rekey.open-position', kept.replace('ID', stored.id));
    });
    expect(session.editor?.position).toEqual(expected);
  });

  it('shows the drafts list when the user had gone back to it', async () => {
    await started();
    await editing();
    await session.show('drafts');
    await reloaded();
    expect(session.screen).toBe('drafts');
  });

  it('shows the drafts list, and no alert, when the open draft is gone meanwhile', async () => {
    await started();
    await editing();
    const id = session.editor?.id ?? '';
    await reloaded(() => {
      vault.drafts.delete(id);
    });
    expect(session.screen).toBe('drafts');
    expect(session.notices.notice).toBeUndefined();
  });

  it('after a reload on the lock screen, unlocking reopens the draft that was open', async () => {
    await started();
    await editing();
    const id = session.editor?.id;
    await session.lock('user');
    session = new Session(vault.api);
    await session.start();
    expect(session.screen).toBe('unlock');
    await session.unlock(PASSPHRASE);
    expect(session.screen).toBe('editor');
    expect(session.editor?.id).toBe(id);
  });
});

describe('Session auto-lock', () => {
  it('after the idle time it saves the open draft first, then locks', async () => {
    await started({ autoLockMinutes: 1 });
    await editing();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(session.screen).toBe('editor');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.screen).toBe('unlock');
    expect(vault.api.vaultLock).toHaveBeenCalledOnce();
    const lastSave = Math.max(...vault.api.draftSave.mock.invocationCallOrder);
    expect(lastSave).toBeLessThan(vault.api.vaultLock.mock.invocationCallOrder[0] ?? 0);
    const saved = [...vault.drafts.values()][0];
    expect(saved?.request.awsAccountId).toBe('012345678901');
    expect(saved?.position).toEqual({ step: 'account', field: 'field-awsAccountId' });
    // The draft's content is no longer held on screen while locked.
    expect(session.editor).toBeUndefined();
    expect(session.lockMessage).toBe(
      'Locked after 1 minute without input. Your open draft is saved; unlock to carry on where you left off.',
    );
  });

  it('input postpones it', async () => {
    await started({ autoLockMinutes: 1 });
    await vi.advanceTimersByTimeAsync(45_000);
    session.activity();
    await vi.advanceTimersByTimeAsync(45_000);
    expect(session.screen).toBe('drafts');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(session.screen).toBe('unlock');
  });

  it('0 minutes turns it off; a new setting counts from when it is saved', async () => {
    await started({ autoLockMinutes: 0 });
    await vi.advanceTimersByTimeAsync(4 * 60 * 60_000);
    expect(session.screen).toBe('drafts');
    expect(await session.setAutoLock(2)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(119_000);
    expect(session.screen).toBe('drafts');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.screen).toBe('unlock');
  });

  it('does not run while locked', async () => {
    await started({ state: 'locked', autoLockMinutes: 1 });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(vault.api.vaultLock).not.toHaveBeenCalled();
  });
});

describe('Session lock and resume', () => {
  it('after unlock it reopens the same draft at the same step and field', async () => {
    await started();
    await editing();
    const id = session.editor?.id;
    await session.lock('user');
    expect(session.screen).toBe('unlock');
    expect(await session.unlock(PASSPHRASE)).toBeUndefined();
    expect(vault.api.draftLoad).toHaveBeenLastCalledWith({ id });
    expect(session.screen).toBe('editor');
    expect(session.editor?.id).toBe(id);
    expect(session.editor?.form.step).toBe('account');
    expect(session.editor?.field).toBe('field-awsAccountId');
    expect(session.editor?.form.draft.awsAccountId).toBe('012345678901');
  });

  it('after unlock it is back at the step and field the user moved to without editing; nothing is written', async () => {
    await started();
    const stored = vault.add(draftDocument({ position: { step: 'organization' } }));
    await session.openDraft(stored.id);
    session.editor?.form.goTo('keys');
    session.editor?.setField('field-keys-0-oldKeyArn');
    flushSync();
    await session.lock('user');
    await session.unlock(PASSPHRASE);
    expect(session.editor?.form.step).toBe('keys');
    expect(session.editor?.field).toBe('field-keys-0-oldKeyArn');
    // A reload on the lock screen, then unlock: the same.
    await session.lock('user');
    session = new Session(vault.api);
    await session.start();
    await session.unlock(PASSPHRASE);
    expect(session.editor?.form.step).toBe('keys');
    expect(vault.api.draftSave).not.toHaveBeenCalled();
    expect(vault.drafts.get(stored.id)?.position).toEqual({ step: 'organization' });
  });

  it('without an open draft, unlock returns to the screen that was shown', async () => {
    await started();
    await session.show('trash');
    await session.lock('user');
    expect(session.lockMessage).toBeUndefined();
    await session.unlock(PASSPHRASE);
    expect(session.screen).toBe('trash');
    expect(vault.api.draftsTrash).toHaveBeenCalledTimes(2);
  });

  it('keeps what was typed outside the draft over a lock, in memory only: describe-key output, a refusal', async () => {
    await started();
    await editing();
    const editor = session.editor;
    if (editor === undefined) throw new Error('no editor');
    const box = 'field-keys-0-newKeyArn';
    editor.form.pasted[box] = '{ "KeyMetadata": { "KeyId": "typed, not checked yet" } }';
    editor.form.goTo('timing');
    flushSync();
    expect(editor.form.pasted[box]).toContain('typed, not checked yet');
    await session.lock('user');
    expect(session.editor).toBeUndefined();
    expect(JSON.stringify([...vault.drafts.values()])).not.toContain('typed, not checked yet');
    await session.unlock(PASSPHRASE);
    const again = session.editor;
    expect(again).not.toBe(editor);
    expect(again?.form.pasted[box]).toContain('typed, not checked yet');
    // Frozen elsewhere: the output moves from its box into the alert, which is kept over a lock too.
    const stored = vault.drafts.get(editor.id);
    if (again === undefined || stored === undefined) throw new Error('not open');
    again.unsaved.frozenElsewhere(stored, again.document());
    await session.lock('user');
    expect(JSON.stringify([...vault.drafts.values()])).not.toContain('typed, not checked yet');
    await session.unlock(PASSPHRASE);
    const thrice = session.editor;
    expect(thrice).not.toBe(again);
    expect(thrice?.unsaved.changedElsewhere?.record.id).toBe(editor.id);
    expect(thrice?.unsaved.changedElsewhere?.pasted[box]).toContain('typed, not checked yet');
    expect(thrice?.form.pasted).toEqual({});
    // Another draft opened afterwards starts with nothing of it.
    await session.newDraft();
    expect(session.editor?.form.pasted).toEqual({});
    expect(session.editor?.unsaved.changedElsewhere).toBeUndefined();
  });

  /** A draft open with a ticket reference typed in Mark as sent (not saved: the form's text), then locked. */
  async function lockedWithTicketTyped() {
    await started();
    await editing();
    const editor = session.editor;
    if (editor === undefined) throw new Error('no editor');
    editor.unsaved.showRecordForm('send');
    editor.unsaved.record.ticket = 'MY-TICKET-9';
    await session.lock('user');
    return editor;
  }

  it('a request marked sent elsewhere while locked: after unlock, the alert with the ticket typed here', async () => {
    const editor = await lockedWithTicketTyped();
    // The command line, while this app is locked (the fake main serves only an unlocked vault).
    const locked = vault.status;
    vault.status = { ...locked, state: 'unlocked' };
    expect((await vault.api.draftMarkSent({ id: editor.id, ticket: 'CMK-77' })).ok).toBe(true);
    vault.status = locked;
    await session.unlock(PASSPHRASE);
    const again = session.editor;
    expect(again?.record.state).toBe('sent');
    // The Mark as sent form is closed (it would be refused), and what was typed in it is in the alert.
    expect(again?.unsaved.record.form).toBeUndefined();
    const told = again?.unsaved.changedElsewhere;
    expect(told?.record.sent?.ticket).toBe('CMK-77');
    expect(told?.typed.map(({ form }) => form.ticket)).toEqual(['MY-TICKET-9']);
  });

  it('a draft deleted elsewhere while locked: the alert says so and gives back what was typed', async () => {
    const editor = await lockedWithTicketTyped();
    vault.drafts.delete(editor.id);
    await session.unlock(PASSPHRASE);
    expect(session.editor).toBeUndefined();
    expect(session.screen).toBe('drafts');
    expect(session.notices.notice?.kind).toBe('alert');
    expect(session.notices.notice?.text).toMatch(
      /^The draft could not be opened\. .+ What you had typed there was not saved: Atlassian ticket[^:]*: MY-TICKET-9\.$/,
    );
  });

  it('keeps unsaved edits in memory when the save before locking fails, and returns to them', async () => {
    await started();
    await editing();
    const editor = session.editor;
    const works = vault.api.draftSave.getMockImplementation();
    vault.api.draftSave.mockResolvedValue(failure('io', 'The disk is full.'));
    changeAccount('210987654321');
    await session.lock('user');
    expect(session.screen).toBe('unlock');
    expect(session.lockMessage).toContain('could not be saved yet: The disk is full. They are kept');
    expect(session.editor).toBe(editor);
    if (works !== undefined) vault.api.draftSave.mockImplementation(works);
    await session.unlock(PASSPHRASE);
    expect(session.screen).toBe('editor');
    expect(session.editor).toBe(editor);
    expect(editor?.form.draft.awsAccountId).toBe('210987654321');
    expect(vault.api.draftLoad).not.toHaveBeenCalled();
    // Saving is still being retried (it works while locked, after the first unlock).
    await vi.advanceTimersByTimeAsync(5_000);
    expect(editor?.saveState).toBe('saved');
    expect([...vault.drafts.values()][0]?.request.awsAccountId).toBe('210987654321');
  });

  it("keeps the maintenance window's timezone chosen just before the lock, and after a reload", async () => {
    await started();
    await editing();
    const editor = session.editor;
    if (editor === undefined) throw new Error('no editor');
    editor.form.draft.siteUrl = 'https://acme.atlassian.net';
    flushSync();
    await vi.advanceTimersByTimeAsync(1_000);
    editor.form.serverTimeZone = 'Europe/Berlin';
    flushSync();
    await session.lock('user');
    expect(vault.siteTimeZones.get('https://acme.atlassian.net')).toBe('Europe/Berlin');
    await session.unlock(PASSPHRASE);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.editor?.form.serverTimeZone).toBe('Europe/Berlin');
    // Chosen, then the page goes away at once.
    const reopened = session.editor;
    if (reopened === undefined) throw new Error('no editor');
    reopened.form.serverTimeZone = 'Asia/Tokyo';
    flushSync();
    session.pagehide();
    reopened.close();
    expect(vault.siteTimeZones.get('https://acme.atlassian.net')).toBe('Asia/Tokyo');
  });

  it('when the window shows again and main has locked the vault, it saves and shows the unlock screen', async () => {
    await started();
    await editing();
    vault.status = { ...vault.status, state: 'locked' };
    await session.checkStatus();
    expect(session.screen).toBe('unlock');
    expect(session.lockMessage).toMatch(/^The vault was locked/);
    expect([...vault.drafts.values()][0]?.request.awsAccountId).toBe('012345678901');
  });

  it('asks before leaving a draft whose changes could not be saved', async () => {
    await started();
    await editing();
    vault.api.draftSave.mockResolvedValue(failure('io', 'The disk is full.'));
    changeAccount('210987654321');
    expect(await session.show('drafts')).toBe(false);
    expect(session.screen).toBe('editor');
    expect(session.leaving).toEqual({ to: 'drafts', error: 'The disk is full.' });
    await session.leaveAnyway();
    expect(session.screen).toBe('drafts');
    expect(session.editor).toBeUndefined();
  });

  it('has main forget the previous request file while the draft loads, not after', async () => {
    await started();
    const stored = vault.add(draftDocument());
    let answer: (() => void) | undefined;
    const load = vault.api.draftLoad.getMockImplementation();
    vault.api.draftLoad.mockImplementationOnce(
      (arg) => new Promise((resolve) => (answer = () => void load?.(arg).then(resolve))),
    );
    const opening = session.openDraft(stored.id);
    await vi.advanceTimersByTimeAsync(0);
    expect(vault.api.newRequest).toHaveBeenCalledTimes(1);
    expect(session.editor).toBeUndefined();
    answer?.();
    await opening;
    expect(session.editor?.id).toBe(stored.id);
    await session.newDraft();
    expect(vault.api.newRequest).toHaveBeenCalledTimes(2);
  });

  it.each(['Open', 'New request'] as const)(
    'a lock while %s is on its way shows the lock screen, not the draft; unlock opens it',
    async (action) => {
      await started();
      const stored = vault.add(draftDocument({ position: { step: 'keys' } }));
      // Main answers what it was asked before the lock: the draft, decrypted; the answer arrives after.
      let answer: (() => void) | undefined;
      const held = <T>(result: Promise<T>) =>
        new Promise<T>((resolve) => (answer = () => void result.then(resolve)));
      const load = vault.api.draftLoad.getMockImplementation();
      const make = vault.api.draftNew.getMockImplementation();
      if (load === undefined || make === undefined) throw new Error('no default answers');
      if (action === 'Open') vault.api.draftLoad.mockImplementationOnce((arg) => held(load(arg)));
      else vault.api.draftNew.mockImplementationOnce((arg) => held(make(arg)));
      const opening = action === 'Open' ? session.openDraft(stored.id) : session.newDraft();
      await vi.advanceTimersByTimeAsync(0);
      await session.lock('idle');
      answer?.();
      await opening;
      expect(session.screen).toBe('unlock');
      expect(session.editor).toBeUndefined();
      const id = action === 'Open' ? stored.id : [...vault.drafts.keys()].find((key) => key !== stored.id);
      await session.unlock(PASSPHRASE);
      expect(session.screen).toBe('editor');
      expect(session.editor?.id).toBe(id);
    },
  );

  it('a draft that cannot be opened leaves no unanswered failure behind', async () => {
    vault = new FakeVault();
    // A plain function: a vi.fn would watch the promise it returns, which counts as handling its failure.
    const newRequest = () => Promise.reject(new Error('IPC gone'));
    session = new Session({ ...vault.api, newRequest });
    await session.start();
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      vault.api.draftLoad.mockResolvedValueOnce(failure('not-found', 'There is no such draft.'));
      await session.openDraft('0123456789abcdef0123456789abcdef');
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      process.off('unhandledRejection', note);
    }
    expect(unhandled).toEqual([]);
    expect(session.screen).toBe('drafts');
    expect(session.notices.notice?.text).toContain('There is no such draft.');
  });

  it('Open… puts a file into an empty draft, and into a new draft when this one has content', async () => {
    await started();
    await session.newDraft();
    const first = session.editor;
    const opened = {
      fileName: 'eu.json',
      request: draftDocument().request,
      notLoaded: '',
      tidied: '',
    };
    vault.api.openRequest.mockResolvedValue({
      ok: true,
      value: { ...opened, request: { ...opened.request, siteUrl: 'https://eu.atlassian.net' } },
    });
    await session.openFile();
    expect(session.editor).toBe(first);
    expect(first?.form.fileName).toBe('eu.json');
    const forgotten = vault.api.newRequest.mock.calls.length;
    await session.openFile();
    expect(session.editor).not.toBe(first);
    // The new draft keeps the file it came from: the next Save goes back to it.
    expect(vault.api.newRequest).toHaveBeenCalledTimes(forgotten);
    expect(vault.api.draftNew).toHaveBeenLastCalledWith({
      request: expect.objectContaining({ siteUrl: 'https://eu.atlassian.net' }) as unknown,
    });
    const errors = session.editor?.form.validation.errors.length ?? 0;
    expect(errors).toBeGreaterThan(0);
    expect(session.editor?.workspace.notice?.text).toBe(
      `Opened eu.json as a new draft. It has ${String(errors)} problems to fix, listed below.`,
    );
  });

  it('Open… in a draft whose latest changes cannot be saved keeps them there and opens no file', async () => {
    await started();
    await editing();
    const first = session.editor;
    vault.api.draftSave.mockResolvedValue(failure('io', 'The disk is full.'));
    changeAccount('210987654321');
    vault.api.openRequest.mockResolvedValue({
      ok: true,
      value: { fileName: 'eu.json', request: draftDocument().request, notLoaded: '', tidied: '' },
    });
    const drafts = vault.drafts.size;
    await session.openFile();
    expect(session.editor).toBe(first);
    expect(session.screen).toBe('editor');
    expect(first?.form.draft.awsAccountId).toBe('210987654321');
    expect(vault.drafts.size).toBe(drafts);
    expect(first?.workspace.notice).toMatchObject({
      kind: 'alert',
      text: expect.stringContaining('could not be saved: The disk is full. They are kept here') as unknown,
    });
  });
});

describe('IdleTimer', () => {
  it('fires once after the time without activity, re-arming for the time left', () => {
    const idle = vi.fn();
    const timer = new IdleTimer(idle);
    timer.start(1000);
    vi.advanceTimersByTime(600);
    timer.activity();
    vi.advanceTimersByTime(400);
    expect(idle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(600);
    expect(idle).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(5000);
    expect(idle).toHaveBeenCalledOnce();
    expect(timer.running).toBe(false);
    session = new Session(undefined);
  });
});
