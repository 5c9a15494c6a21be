import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../src-renderer/App.svelte';
import { DraftList } from '../../../src-renderer/lib/draft-list.svelte.js';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';
import DraftsScreen from '../../../src-renderer/screens/DraftsScreen.svelte';
import { failure } from '../../../src-shared/ipc/result.js';
import { draftDocument, draftSummary, validDraft } from './fixtures.js';
import { FakeVault, PASSPHRASE } from './fake-vault.js';

const UNTRUSTED = draftSummary({
  id: 'untrusted-20250303T120000000Z-planted',
  title: 'planted.age',
  status: 'has-errors',
  realm: '',
  awsAccountId: '',
  updatedAt: '',
  problem: 'untrusted',
  detail: "it is not sealed: someone who knows the vault's public key wrote it, not this app",
});
const CORRUPT = draftSummary({
  id: 'corrupt-20250303T120000000Z-broken',
  title: 'broken.age',
  status: 'has-errors',
  updatedAt: '',
  problem: 'corrupt',
  detail: 'The file is damaged: it cannot be decrypted (bad header).',
});

let vault: FakeVault;
const zone = process.env['TZ'];

beforeEach(() => {
  process.env['TZ'] = 'UTC';
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-03T12:00:00Z'));
  vault = new FakeVault();
  vault.add(
    draftDocument({
      id: 'a'.repeat(32),
      title: 'acme.atlassian.net · 012345678901',
      request: validDraft(),
      updatedAt: '2025-03-03T11:55:00.000Z',
    }),
  );
  vault.add(draftDocument({ id: 'b'.repeat(32), title: 'Second', updatedAt: '2025-03-01T08:00:00.000Z' }));
  history.replaceState(null, '', '/');
});

afterEach(() => {
  if (zone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zone;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Locks from the toolbar, runs `whileLocked` on the unlock screen, then unlocks with the passphrase. */
async function lockAndUnlock(whileLocked: () => void = () => undefined): Promise<void> {
  await fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
  const passphrase = await screen.findByLabelText('Passphrase');
  whileLocked();
  await fireEvent.input(passphrase, { target: { value: PASSPHRASE } });
  await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
}

async function renderList(): Promise<{
  list: DraftList;
  notices: Notices;
  onopen: ReturnType<typeof vi.fn>;
}> {
  const notices = new Notices();
  const list = new DraftList(vault.api, notices, vi.fn());
  await list.refresh();
  const onopen = vi.fn();
  render(DraftsScreen, { list, folder: '/vault', busy: false, onopen, onnew: vi.fn() });
  return { list, notices, onopen };
}

function card(title: string): HTMLElement {
  const heading = screen.getByRole('heading', { level: 3, name: title });
  return heading.closest('li') as HTMLElement;
}

describe('DraftsScreen', () => {
  it('shows each draft with title, status, realm, account and last change (exact date on hover)', async () => {
    await renderList();
    const first = card('acme.atlassian.net · 012345678901');
    expect(first).toHaveTextContent('Status: Has errors');
    expect(first).toHaveTextContent(/Realm\s*Europe/);
    expect(first).toHaveTextContent(/AWS account\s*012345678901/);
    // Last change: how long ago, and the time in this machine's zone with its offset (TZ set to UTC above).
    expect(first).toHaveTextContent(/Last change\s*5 minutes ago · 2025-03-03 11:55 \(UTC\+00:00\)/);
    const time = within(first).getByText('2025-03-03 11:55 (UTC+00:00)');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('datetime', '2025-03-03T11:55:00.000Z');
    const second = card('Second');
    expect(second).toHaveTextContent('Status: Incomplete');
    expect(second).toHaveTextContent(/Realm\s*not chosen/);
    expect(second).toHaveTextContent('2 days ago');
  });

  it('tells a New revision from the request it revises, open or sent, by its number', async () => {
    vault.add(draftDocument({ id: 'c'.repeat(32), title: 'EU keys', state: 'sent' }));
    vault.add(draftDocument({ id: 'd'.repeat(32), title: 'EU keys', revision: 2 }));
    vault.add(draftDocument({ id: 'e'.repeat(32), title: 'US keys', state: 'sent', revision: 3 }));
    await renderList();
    const statuses = screen
      .getAllByRole('heading', { level: 3, name: 'EU keys' })
      .map((heading) => heading.closest('li')?.querySelector('.draft-status')?.textContent.trim());
    expect(statuses.sort()).toEqual(['Status: Sent', '○ Status: Incomplete · revision 2']);
    expect(card('US keys')).toHaveTextContent('Status: Sent · revision 3');
  });

  it('opens, duplicates and renames a draft', async () => {
    const { onopen } = await renderList();
    await fireEvent.click(screen.getByRole('button', { name: 'Open “Second”' }));
    expect(onopen).toHaveBeenCalledWith('b'.repeat(32));
    await fireEvent.click(screen.getByRole('button', { name: 'Duplicate “Second”' }));
    expect(vault.api.draftDuplicate).toHaveBeenCalledWith({ id: 'b'.repeat(32) });
    expect(await screen.findByRole('heading', { level: 3, name: 'Second (copy)' })).toBeInTheDocument();
    await vi.waitFor(() =>
      expect(screen.getByRole('button', { name: 'Open “Second (copy)”' })).toHaveFocus(),
    );

    await fireEvent.click(screen.getByRole('button', { name: 'Rename… “Second”' }));
    // The rename dialog's code loads on first use.
    const dialog = await screen.findByRole('dialog', { name: 'Rename the draft' });
    const name = within(dialog).getByRole('textbox', { name: 'New draft name' });
    expect(name).toHaveValue('Second');
    await fireEvent.input(name, { target: { value: '' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(name).toHaveAccessibleDescription(/Enter a name for the draft\./);
    await fireEvent.input(name, { target: { value: 'EU, March window' } });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(vault.api.draftRename).toHaveBeenCalledWith({ id: 'b'.repeat(32), title: 'EU, March window' });
    expect(await screen.findByRole('heading', { level: 3, name: 'EU, March window' })).toBeInTheDocument();
  });

  it('offers Rename on open drafts only: main keeps the title of a sent, completed or withdrawn request', async () => {
    for (const [letter, state] of [
      ['c', 'sent'],
      ['d', 'completed'],
      ['e', 'withdrawn'],
    ] as const) {
      vault.add(draftDocument({ id: letter.repeat(32), title: `A ${state} request`, state }));
    }
    await renderList();
    expect(screen.getByRole('button', { name: 'Rename… “Second”' })).toBeInTheDocument();
    for (const state of ['sent', 'completed', 'withdrawn']) {
      expect(within(card(`A ${state} request`)).getByRole('button', { name: /^Open/ })).toBeInTheDocument();
      expect(within(card(`A ${state} request`)).queryByRole('button', { name: /^Rename/ })).toBeNull();
    }
  });

  it('deletes into the trash with Undo, exports, and imports', async () => {
    const { notices } = await renderList();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete “Second”' }));
    expect(vault.api.draftDelete).toHaveBeenCalledWith({ id: 'b'.repeat(32) });
    await vi.waitFor(() => expect(screen.queryByRole('heading', { name: 'Second' })).not.toBeInTheDocument());
    expect(vault.trash.has('b'.repeat(32))).toBe(true);
    expect(notices.notice?.text).toBe('Moved “Second” to the trash.');
    notices.notice?.action?.run();
    await vi.waitFor(() => {
      expect(vault.api.draftRestore).toHaveBeenCalledWith({ id: 'b'.repeat(32) });
    });
    expect(await screen.findByRole('heading', { level: 3, name: 'Second' })).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Export .age… “Second”' }));
    expect(vault.api.draftExport).toHaveBeenCalledWith({ id: 'b'.repeat(32) });
    await vi.waitFor(() => {
      // Exports are encrypted for everyone the vault encrypts for: the compliance keys too.
      expect(notices.notice?.text).toBe(
        'Exported “Second” as draft.age. It is encrypted: only this vault and its compliance recipients, if any, can open it.',
      );
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    expect(await screen.findByRole('heading', { level: 3, name: 'imported request' })).toBeInTheDocument();
  });

  it('focus stays on the button after Export, Seal (refused here: no archive folder) and a failed Import', async () => {
    vault.api.draftImport.mockResolvedValueOnce(failure('invalid-argument', 'That file is no draft.'));
    await renderList();
    for (const name of ['Export .age… “Second”', 'Seal for archive “Second”', 'Import…']) {
      const button = screen.getByRole('button', { name });
      button.focus();
      await fireEvent.click(button);
      await vi.waitFor(() => {
        expect(button).toHaveFocus();
      });
    }
  });

  it('a cancelled export or import says nothing', async () => {
    vault.api.draftImport.mockResolvedValueOnce(failure('cancelled', 'Nothing was imported.'));
    const { notices } = await renderList();
    await fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    await vi.waitFor(() => {
      expect(vault.api.draftImport).toHaveBeenCalledOnce();
    });
    expect(notices.notice).toBeUndefined();
  });

  it('lists flagged files apart, with the reason, without hiding the other drafts', async () => {
    vault.flagged = [UNTRUSTED, CORRUPT];
    await renderList();
    expect(
      screen.getByRole('heading', { level: 3, name: 'acme.atlassian.net · 012345678901' }),
    ).toBeInTheDocument();
    // The set-aside list's code loads when there is something to show.
    const section = await screen.findByRole('region', { name: 'Set aside: 2 files not opened' });
    const planted = within(section)
      .getByRole('heading', { level: 4, name: 'planted.age' })
      .closest('li') as HTMLElement;
    expect(planted).toHaveTextContent('Not written by this vault');
    expect(planted).toHaveTextContent("It is not sealed: someone who knows the vault's public key wrote it");
    const broken = within(section)
      .getByRole('heading', { level: 4, name: 'broken.age' })
      .closest('li') as HTMLElement;
    expect(broken).toHaveTextContent('Damaged: cannot be read');
    // A damaged file may be the user's own draft: a backup comes before deleting.
    expect(section).toHaveTextContent(/A damaged one may be a draft of yours .*restore it from a backup/);
    // A damaged file cannot be imported, only deleted.
    expect(within(broken).queryByRole('button', { name: /Trust and import/ })).not.toBeInTheDocument();
    // Flagged files are not among the drafts.
    expect(screen.getByRole('list', { name: 'Drafts' })).not.toHaveTextContent('planted.age');
  });

  it('"Trust and import" warns first, then imports the file as a draft', async () => {
    vault.flagged = [UNTRUSTED];
    await renderList();
    await fireEvent.click(await screen.findByRole('button', { name: 'Trust and import… “planted.age”' }));
    let dialog = await screen.findByRole('dialog', { name: 'Trust this file?' });
    expect(dialog).toHaveTextContent('was not written by this vault');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(vault.api.draftAcceptFlagged).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Trust and import… “planted.age”' }));
    dialog = await screen.findByRole('dialog', { name: 'Trust this file?' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Trust and import' }));
    expect(vault.api.draftAcceptFlagged).toHaveBeenCalledWith({ id: UNTRUSTED.id });
    expect(await screen.findByRole('heading', { level: 3, name: 'planted.age' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /Set aside/ })).not.toBeInTheDocument();
  });

  it('"Delete" removes a flagged file for good after asking', async () => {
    vault.flagged = [CORRUPT];
    await renderList();
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete… “broken.age”' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete this file for good?' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Delete for good' }));
    expect(vault.api.draftDiscardFlagged).toHaveBeenCalledWith({ id: CORRUPT.id });
    await vi.waitFor(() =>
      expect(screen.queryByRole('region', { name: /Set aside/ })).not.toBeInTheDocument(),
    );
  });

  it('says so when there are no drafts yet', async () => {
    vault.drafts.clear();
    await renderList();
    expect(screen.getByText('No drafts yet.')).toBeInTheDocument();
  });
});

describe('App with the vault', () => {
  beforeEach(() => {
    vi.stubGlobal('cmkRekey', vault.api);
  });

  it('goes from the list to the trash and restores a deleted draft', async () => {
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete “Second”' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Trash' }));
    expect(screen.getByRole('button', { name: 'Trash' })).toHaveAttribute('aria-current', 'page');
    const restore = await screen.findByRole('button', { name: 'Restore “Second”' });
    expect(restore.closest('li')).toHaveTextContent(/Deleted\s*just now/);
    await fireEvent.click(restore);
    expect(await screen.findByText('The trash is empty.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Restored “Second”: it is back in your drafts.');
  });

  it('shows the save state in the header while editing, and the Lock button locks after saving', async () => {
    vi.useRealTimers();
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open “Second”' }));
    const draftBar = await screen.findByRole('region', { name: 'Draft' }, { timeout: 5000 });
    expect(draftBar).toHaveTextContent('Saved · encrypted');
    expect(draftBar).toHaveTextContent('Draft: Second');
    await fireEvent.click(screen.getByRole('checkbox', { name: /backups made with the old keys/ }));
    expect(draftBar).toHaveTextContent('Saving…');
    await vi.waitFor(() => expect(draftBar).toHaveTextContent('Saved · encrypted'), { timeout: 2000 });
    expect(vault.drafts.get('b'.repeat(32))?.checklist).toEqual(['backups']);

    vault.api.draftSave.mockResolvedValueOnce(failure('io', 'The disk is full.'));
    await fireEvent.click(screen.getByRole('checkbox', { name: /every CMK-enabled app/ }));
    await vi.waitFor(() => expect(draftBar).toHaveTextContent(/Not saved\.[^]*The disk is full\./), {
      timeout: 2000,
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Try again now' }));
    await vi.waitFor(() => expect(draftBar).toHaveTextContent('Saved · encrypted'));

    await fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    const field = await screen.findByLabelText('Passphrase');
    await vi.waitFor(() => expect(field).toHaveFocus());
    expect(field).toHaveAccessibleDescription(/Your open draft is saved/);
    expect(screen.queryByRole('region', { name: 'Draft' })).not.toBeInTheDocument();
  });

  it('says "Not saved" while the alert for a request sent elsewhere shows, and once dismissed what a sent request shows', async () => {
    vi.useRealTimers();
    vault.add(draftDocument({ id: 'c'.repeat(32), title: 'Sent before', request: validDraft() }));
    expect((await vault.api.draftMarkSent({ id: 'c'.repeat(32), ticket: 'ABC-1' })).ok).toBe(true);
    render(App);
    // What a request opened sent shows.
    await fireEvent.click(await screen.findByRole('button', { name: 'Open “Sent before”' }));
    let draftBar = await screen.findByRole('region', { name: 'Draft' }, { timeout: 5000 });
    const openedSent = draftBar.querySelector('.save-status')?.outerHTML;
    expect(openedSent).toBeDefined();
    expect(draftBar).toHaveTextContent('Saved · encrypted');
    await fireEvent.click(screen.getByRole('button', { name: 'Drafts' }));

    await fireEvent.click(await screen.findByRole('button', { name: 'Open “Second”' }));
    draftBar = await screen.findByRole('region', { name: 'Draft' }, { timeout: 5000 });
    const status = () => draftBar.querySelector('.save-status');
    expect((await vault.api.draftMarkSent({ id: 'b'.repeat(32), ticket: 'CMK-77' })).ok).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: /backups made with the old keys/ }));
    // The status agrees with the alert, in its words...
    await vi.waitFor(() => expect(status()).toHaveTextContent(/^! Not saved · sent elsewhere$/u), {
      timeout: 2000,
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/^This request was marked sent elsewhere \(Atlassian ticket CMK-77\)/u);
    expect(draftBar).not.toHaveTextContent('Saved · encrypted');
    // ...and is not read out a second time: the alert is the one announcement.
    expect(draftBar.querySelector('[aria-live]')).toBeEmptyDOMElement();
    expect(screen.getAllByRole('alert')).toEqual([alert]);
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(status()?.outerHTML).toBe(openedSent);
    // Its button gone, focus is on the read-only request, not lost to the page.
    expect(screen.getByRole('heading', { level: 2, name: 'Read-only' })).toHaveFocus();
  });

  it('the Mark as sent form being typed in closes when the request turns out sent elsewhere: focus goes to its record', async () => {
    vi.useRealTimers();
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open “Second”' }));
    const draftBar = await screen.findByRole('region', { name: 'Draft' }, { timeout: 5000 });
    // The checklist's save waits in main until the form below is open and typed in.
    const works = vault.api.draftSave.getMockImplementation();
    if (works === undefined) throw new Error('no save');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vault.api.draftSave.mockImplementationOnce(async (arg) => {
      await held;
      return works(arg);
    });
    await fireEvent.click(screen.getByRole('checkbox', { name: /backups made with the old keys/ }));
    await vi.waitFor(
      () => {
        expect(vault.api.draftSave).toHaveBeenCalled();
      },
      { timeout: 2000 },
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    const ticket = await screen.findByLabelText(/Atlassian ticket reference/);
    await vi.waitFor(() => expect(ticket).toHaveFocus());
    await fireEvent.input(ticket, { target: { value: 'ABC-123456' } });
    expect((await vault.api.draftMarkSent({ id: 'b'.repeat(32), ticket: 'CMK-77' })).ok).toBe(true);
    release();
    // The save is refused: the request is sent.
    await vi.waitFor(() => expect(draftBar).toHaveTextContent('Not saved · sent elsewhere'));
    expect(screen.queryByRole('form', { name: 'Mark as sent' })).not.toBeInTheDocument();
    expect(await screen.findByRole('alert')).toHaveTextContent(/Atlassian ticket reference\s*ABC-123456/u);
    await vi.waitFor(() =>
      expect(screen.getByRole('heading', { level: 2, name: /^Request:/ })).toHaveFocus(),
    );
  });

  it('leaving a draft whose changes could not be saved asks first (the question loads when asked)', async () => {
    vi.useRealTimers();
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open “Second”' }));
    const draftBar = await screen.findByRole('region', { name: 'Draft' }, { timeout: 5000 });
    vault.api.draftSave.mockResolvedValue(failure('io', 'The disk is full.'));
    await fireEvent.click(screen.getByRole('checkbox', { name: /backups made with the old keys/ }));
    await vi.waitFor(() => expect(draftBar).toHaveTextContent(/Not saved\.[^]*The disk is full\./), {
      timeout: 2000,
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Drafts' }));
    let dialog = await screen.findByRole('dialog', { name: 'Leave without the latest changes?' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Stay in the draft' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Draft' })).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Drafts' }));
    dialog = await screen.findByRole('dialog', { name: 'Leave without the latest changes?' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Leave and lose the changes' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Drafts' })).toBeInTheDocument();
    expect(vault.drafts.get('b'.repeat(32))?.checklist).toEqual([]);
  });

  it('after unlocking, focus returns to the field the user was in', async () => {
    vi.useRealTimers();
    vault.add(
      draftDocument({
        id: 'c'.repeat(32),
        title: 'Third',
        request: validDraft(),
        position: { step: 'account', field: 'field-awsAccountId' },
        updatedAt: new Date().toISOString(),
      }),
    );
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open “Third”' }));
    const account = await screen.findByRole('textbox', { name: /^AWS account ID/ }, { timeout: 5000 });
    await vi.waitFor(() => expect(account).toHaveFocus());
    await lockAndUnlock();
    const again = await screen.findByRole('textbox', { name: /^AWS account ID/ });
    await vi.waitFor(() => expect(again).toHaveFocus());
    expect(screen.getByRole('main')).toHaveAttribute('data-step', 'account');
    expect(location.hash).toBe('#account');
  });

  it('keeps a ticket reference typed in Mark as sent, and the Rename box, over Lock and unlock', async () => {
    vi.useRealTimers();
    vault.add(draftDocument({ id: 'c'.repeat(32), title: 'Third', request: validDraft() }));
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open “Third”' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Mark as sent…' }, { timeout: 5000 }));
    const ticket = await screen.findByLabelText(/Atlassian ticket reference/);
    await fireEvent.input(ticket, { target: { value: 'CMK-77' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Rename this draft' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename the draft' });
    await fireEvent.input(within(dialog).getByRole('textbox', { name: 'New draft name' }), {
      target: { value: 'EU keys, March' },
    });
    await lockAndUnlock(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    const again = await screen.findByRole('dialog', { name: 'Rename the draft' });
    expect(within(again).getByRole('textbox', { name: 'New draft name' })).toHaveValue('EU keys, March');
    expect(await screen.findByLabelText(/Atlassian ticket reference/)).toHaveValue('CMK-77');
    // In memory only: neither was written to the vault.
    expect(JSON.stringify(vault.drafts.get('c'.repeat(32)))).not.toMatch(/CMK-77|EU keys, March/);
  }, 20_000); // the form's code loads here for the first time in this file

  it("keeps the drafts list's Rename dialog, with what was typed in it, over Lock and unlock", async () => {
    vi.useRealTimers();
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Rename… “Second”' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename the draft' });
    await fireEvent.input(within(dialog).getByRole('textbox', { name: 'New draft name' }), {
      target: { value: 'EU, March window' },
    });
    await lockAndUnlock(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(screen.queryByText('Second')).not.toBeInTheDocument();
    });
    const again = await screen.findByRole('dialog', { name: 'Rename the draft' });
    expect(within(again).getByRole('textbox', { name: 'New draft name' })).toHaveValue('EU, March window');
    await fireEvent.click(within(again).getByRole('button', { name: 'Rename' }));
    await vi.waitFor(() => {
      expect(vault.api.draftRename).toHaveBeenCalledWith({ id: 'b'.repeat(32), title: 'EU, March window' });
    });
  });
});
