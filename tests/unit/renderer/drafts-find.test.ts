/** The drafts list's search, filters and sort (src-shared/drafts/find.ts behind labelled controls). */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftList } from '../../../src-renderer/lib/draft-list.svelte.js';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';
import DraftsScreen from '../../../src-renderer/screens/DraftsScreen.svelte';
import { draftDocument, validDraft } from './fixtures.js';
import { FakeVault } from './fake-vault.js';

const BY = { user: 'tester' };
let vault: FakeVault;
const zone = process.env['TZ'];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-30T12:00:00Z'));
  process.env['TZ'] = 'Europe/Berlin';
  vault = new FakeVault();
  vault.add(
    draftDocument({
      id: 'a'.repeat(32),
      title: 'acme.atlassian.net · 012345678901',
      request: validDraft(),
      updatedAt: '2026-11-30T11:55:00.000Z',
    }),
  );
  vault.add(
    draftDocument({
      id: 'b'.repeat(32),
      title: 'Globex rotation',
      request: {
        ...validDraft(),
        siteUrl: 'globex.atlassian.net',
        awsAccountId: '481516234200',
        realm: 'us',
      },
      updatedAt: '2026-11-20T08:00:00.000Z',
      state: 'sent',
      sent: {
        at: '2026-11-21T09:15:00-05:00',
        ticket: 'CMK-104233',
        by: BY,
        ticketText: 'ticket',
        requestJson: '{}',
        warnings: [],
      },
    }),
  );
  vault.add(draftDocument({ id: 'c'.repeat(32), title: 'Empty one', updatedAt: '2026-11-25T08:00:00.000Z' }));
});

afterEach(() => {
  vi.useRealTimers();
  if (zone === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zone;
});

async function renderList(): Promise<DraftList> {
  const list = new DraftList(vault.api, new Notices(), vi.fn());
  await list.refresh();
  render(DraftsScreen, { list, folder: '/vault', busy: false, onopen: vi.fn(), onnew: vi.fn() });
  return list;
}

/** The live count under the filters (aria-live, not a second status region next to the notices). */
const count = () => screen.getByText(/\bdrafts?$/, { selector: '[aria-live="polite"]' });

const shown = () =>
  within(screen.getByRole('list', { name: 'Drafts' }))
    .queryAllByRole('heading', { level: 3 })
    .map((heading) => heading.textContent);

describe('DraftsScreen: finding drafts', () => {
  it('has a labelled search box and filters, and a live count', async () => {
    await renderList();
    const tools = screen.getByRole('search', { name: 'Find drafts' });
    expect(within(tools).getByRole('searchbox', { name: /^Search/ })).toHaveAttribute('maxlength', '200');
    expect(within(tools).getByRole('combobox', { name: 'Status' })).toHaveValue('');
    expect(within(tools).getByRole('combobox', { name: 'Realm' })).toHaveValue('');
    expect(within(tools).getByRole('combobox', { name: 'Sort by' })).toHaveValue('updated');
    expect(count()).toHaveTextContent(/^3 drafts$/);
    expect(shown()).toEqual(['acme.atlassian.net · 012345678901', 'Empty one', 'Globex rotation']);
  });

  it('searches as the user types (site, account with dashes, ticket), counting what matches', async () => {
    await renderList();
    const search = screen.getByRole('searchbox', { name: /^Search/ });
    await fireEvent.input(search, { target: { value: 'GLOBEX' } });
    expect(shown()).toEqual(['Globex rotation']);
    expect(count()).toHaveTextContent(/^1 of 3 drafts$/);
    await fireEvent.input(search, { target: { value: '4815-1623-4200' } });
    expect(shown()).toEqual(['Globex rotation']);
    await fireEvent.input(search, { target: { value: 'cmk-104233' } });
    expect(shown()).toEqual(['Globex rotation']);
    await fireEvent.input(search, { target: { value: 'acme.atlassian' } });
    expect(shown()).toEqual(['acme.atlassian.net · 012345678901']);
  });

  it('filters by status and realm, and sorts by sent date and by status', async () => {
    await renderList();
    const status = screen.getByRole('combobox', { name: 'Status' });
    await fireEvent.change(status, { target: { value: 'sent' } });
    expect(shown()).toEqual(['Globex rotation']);
    await fireEvent.change(status, { target: { value: 'draft' } });
    expect(shown()).toEqual(['acme.atlassian.net · 012345678901', 'Empty one']);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Realm' }), { target: { value: 'none' } });
    expect(shown()).toEqual(['Empty one']);
    expect(count()).toHaveTextContent(/^1 of 3 drafts$/);
    await fireEvent.change(status, { target: { value: '' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Realm' }), { target: { value: '' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'sent' } });
    expect(shown()).toEqual(['Globex rotation', 'acme.atlassian.net · 012345678901', 'Empty one']);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), {
      target: { value: 'status' },
    });
    // Draft (has errors or incomplete) first, sent last.
    expect(shown()).toEqual(['acme.atlassian.net · 012345678901', 'Empty one', 'Globex rotation']);
  });

  it('says when nothing matches, and "Clear filters" brings every draft back with focus on the search', async () => {
    await renderList();
    await fireEvent.input(screen.getByRole('searchbox', { name: /^Search/ }), {
      target: { value: 'umbrella' },
    });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: 'ready' } });
    expect(shown()).toEqual([]);
    expect(screen.getByText('No drafts match the search and filters.')).toBeInTheDocument();
    expect(count()).toHaveTextContent(/^0 of 3 drafts$/);
    await fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(shown()).toHaveLength(3);
    expect(screen.getByRole('searchbox', { name: /^Search/ })).toHaveValue('');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('');
    expect(screen.getByRole('searchbox', { name: /^Search/ })).toHaveFocus();
    expect(screen.queryByText('No drafts match the search and filters.')).not.toBeInTheDocument();
  });

  it('shows times with their zone: last change in this machine’s, sent in the sender’s', async () => {
    await renderList();
    const card = screen.getByRole('heading', { level: 3, name: 'Globex rotation' }).closest('li');
    expect(card).toHaveTextContent(/Last change\s*last week · 2026-11-20 09:00 \(UTC\+01:00\)/);
    expect(card).toHaveTextContent(/Ticket\s*CMK-104233/);
    expect(card).toHaveTextContent(/Sent\s*2026-11-21 09:15 \(UTC-05:00\)/);
    expect(card).toHaveTextContent('Status: Sent');
  });

  it('forgets the search when the vault locks (the words may name an account)', async () => {
    const list = await renderList();
    await fireEvent.input(screen.getByRole('searchbox', { name: /^Search/ }), {
      target: { value: '012345678901' },
    });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'sent' } });
    list.clear();
    expect(list.search).toBe('');
    expect(list.status).toBe('');
    expect(list.realm).toBe('');
    expect(list.sort).toBe('sent');
  });
});
