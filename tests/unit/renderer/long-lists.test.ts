/** The drafts list and the trash with more entries than one page: a page at a time, "Show more", search. */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftList } from '../../../src-renderer/lib/draft-list.svelte.js';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';
import DraftsScreen from '../../../src-renderer/screens/DraftsScreen.svelte';
import TrashScreen from '../../../src-renderer/screens/TrashScreen.svelte';
import { draftDocument, draftSummary } from './fixtures.js';
import { FakeVault } from './fake-vault.js';

const COUNT = 120;
let vault: FakeVault;

/** The id and title of the n-th newest draft (titles sort as they are listed: newest first). */
const idOf = (n: number) => `e${n.toString(16).padStart(31, '0')}`;
const titleOf = (n: number) => `Draft ${String(n).padStart(3, '0')}`;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-03T12:00:00Z'));
  vault = new FakeVault();
  for (let n = 0; n < COUNT; n++) {
    const updatedAt = new Date(Date.parse('2025-03-03T11:59:00Z') - n * 60_000).toISOString();
    vault.add(draftDocument({ id: idOf(n), title: titleOf(n), updatedAt }));
  }
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderDrafts(): Promise<{ list: DraftList; onopen: ReturnType<typeof vi.fn> }> {
  const list = new DraftList(vault.api, new Notices(), vi.fn());
  await list.refresh();
  const onopen = vi.fn();
  render(DraftsScreen, { list, folder: '/vault', busy: false, onopen, onnew: vi.fn() });
  return { list, onopen };
}

/** The "Show N more" button, found without a role query over the whole list (slow in jsdom). */
function showMore(count: number): HTMLElement {
  const button = document.querySelector<HTMLElement>('.list-more button');
  expect(button).toHaveTextContent(`Show ${String(count)} more`);
  return button as HTMLElement;
}

/** The titles of the cards on screen (a plain query: role queries over hundreds of cards are slow in jsdom). */
const titlesShown = () =>
  [...document.querySelectorAll('li h3')].map((heading) => heading.textContent.trim());

describe('the drafts list, a page at a time', () => {
  it('shows the first 50 drafts; "Show more" adds 50 at a time and takes focus to the first one added', async () => {
    await renderDrafts();
    expect(titlesShown()).toEqual(Array.from({ length: 50 }, (_, n) => titleOf(n)));
    expect(
      screen.getByText('Showing 50 of 120 drafts. Search or filter to find a draft at once.'),
    ).toBeVisible();

    await fireEvent.click(showMore(50));
    expect(titlesShown()).toHaveLength(100);
    expect(document.activeElement?.id).toBe(`open-${idOf(50)}`);
    expect(screen.getByText(/^Showing 100 of 120 drafts\./u)).toBeVisible();

    await fireEvent.click(showMore(20));
    expect(titlesShown()).toEqual(Array.from({ length: COUNT }, (_, n) => titleOf(n)));
    expect(document.activeElement?.id).toBe(`open-${idOf(100)}`);
    expect(document.querySelector('.list-more')).toBeNull();
    expect(screen.queryByText(/^Showing/u)).not.toBeInTheDocument();
  });

  it('a search finds a draft on any page, and a new search or filter starts again at the first page', async () => {
    const { onopen } = await renderDrafts();
    await fireEvent.click(showMore(50));
    const search = screen.getByRole('searchbox', { name: 'Search' });

    // Every word matches somewhere: "Draft 011" as well as "Draft 110" to "Draft 119".
    await fireEvent.input(search, { target: { value: 'Draft 11' } });
    expect(titlesShown()).toEqual([titleOf(11), ...Array.from({ length: 10 }, (_, n) => titleOf(110 + n))]);
    expect(document.querySelector('.list-more')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: `Open “${titleOf(119)}”` }));
    expect(onopen).toHaveBeenCalledWith(idOf(119));

    // "0" is in 111 of the titles ("Draft 000" to "Draft 109"): more than a page, fewer than all.
    await fireEvent.input(search, { target: { value: '0' } });
    expect(titlesShown()).toHaveLength(50);
    expect(screen.getByText(/^Showing 50 of 111 matching drafts\./u)).toBeVisible();

    await fireEvent.click(showMore(50));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), {
      target: { value: 'status' },
    });
    expect(titlesShown()).toHaveLength(50);
  });

  it('an imported draft that sorts beyond the pages shown is put on screen, and focus goes to it', async () => {
    await renderDrafts();
    await fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    // It is the oldest of 121, so it is listed last: on the third page.
    await vi.waitFor(() => {
      expect(titlesShown()).toHaveLength(121);
    });
    const imported = [...vault.drafts.values()].find((draft) => draft.title === 'imported request');
    expect(titlesShown().at(-1)).toBe('imported request');
    await vi.waitFor(() => {
      expect(document.activeElement?.id).toBe(`open-${imported?.id ?? ''}`);
    });
  });

  it('the list model pages the matching drafts: one page again when the search, filters or order change', async () => {
    const list = new DraftList(vault.api, new Notices(), vi.fn());
    await list.refresh();
    expect([list.page.items.length, list.page.hidden]).toEqual([50, 70]);
    expect(list.page.more()).toBe(50);
    expect([list.page.items.length, list.page.hidden]).toEqual([100, 20]);
    list.realm = 'eu';
    expect(list.page.items.length).toBe(Math.min(50, list.shown.length));
    list.realm = '';
    expect([list.page.items.length, list.page.hidden]).toEqual([50, 70]);
    list.page.reveal(119);
    expect([list.page.items.length, list.page.hidden]).toEqual([120, 0]);
  });
});

describe('the trash, a page at a time', () => {
  it('shows 50 deleted drafts with "Show more"; Empty trash still deletes every one', async () => {
    for (let n = 0; n < 60; n++)
      vault.trash.set(idOf(n), {
        ...draftSummary({ id: idOf(n), title: titleOf(n) }),
        deletedAt: '2025-03-02T12:00:00.000Z',
      });
    const list = new DraftList(vault.api, new Notices(), vi.fn());
    await list.refreshTrash();
    render(TrashScreen, { list });
    expect(titlesShown()).toHaveLength(50);
    expect(screen.getByText('Showing 50 of 60 deleted drafts.')).toBeVisible();

    await fireEvent.click(showMore(10));
    expect(titlesShown()).toHaveLength(60);
    expect(document.activeElement?.id).toBe(`restore-${idOf(50)}`);

    await fireEvent.click(screen.getByRole('button', { name: 'Empty trash…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Empty trash' }));
    expect(vault.api.draftsPurge).toHaveBeenCalledWith({
      ids: Array.from({ length: 60 }, (_, n) => idOf(n)),
    });
  });
});
