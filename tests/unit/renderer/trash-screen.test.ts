/** The trash's Delete forever / Empty trash confirmations, the trash retention setting and the re-encrypt offer. */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ReencryptCallout from '../../../src-renderer/components/ReencryptCallout.svelte';
import TrashRetention from '../../../src-renderer/components/TrashRetention.svelte';
import { DraftList } from '../../../src-renderer/lib/draft-list.svelte.js';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';
import TrashScreen from '../../../src-renderer/screens/TrashScreen.svelte';
import { failure } from '../../../src-shared/ipc/result.js';
import { draftSummary } from './fixtures.js';
import { FakeVault } from './fake-vault.js';

const COMPLIANCE = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';
let vault: FakeVault;

function trashed(id: string, title: string, more: Partial<ReturnType<typeof draftSummary>> = {}): void {
  vault.trash.set(id, { ...draftSummary({ id, title, ...more }), deletedAt: '2025-03-02T12:00:00.000Z' });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-03T12:00:00Z'));
  vault = new FakeVault();
  trashed('a'.repeat(32), 'Old attempt');
  trashed('b'.repeat(32), 'Sent in March', { state: 'sent', ticket: 'ABC-123456' });
  trashed('c'.repeat(32), 'Scratch');
});

afterEach(() => {
  vi.useRealTimers();
});

async function renderTrash() {
  const notices = new Notices();
  const list = new DraftList(vault.api, notices, vi.fn());
  await list.refreshTrash();
  render(TrashScreen, { list });
  return { list, notices };
}

describe('TrashScreen: deleting for good', () => {
  it('"Delete forever" names the draft and deletes it only when confirmed', async () => {
    const { notices } = await renderTrash();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete forever… “Old attempt”' }));
    let dialog = screen.getByRole('dialog', { name: 'Delete “Old attempt” forever?' });
    expect(dialog).toHaveTextContent(
      '“Old attempt” will be deleted for good. This cannot be undone: nothing can restore it.',
    );
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(vault.api.draftsPurge).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.activeElement?.id).toBe(`purge-${'a'.repeat(32)}`);

    await fireEvent.click(screen.getByRole('button', { name: 'Delete forever… “Old attempt”' }));
    dialog = screen.getByRole('dialog', { name: 'Delete “Old attempt” forever?' });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Delete forever' }));
    expect(vault.api.draftsPurge).toHaveBeenCalledWith({ ids: ['a'.repeat(32)] });
    expect(vault.trash.has('a'.repeat(32))).toBe(false);
    expect(await screen.findByRole('heading', { level: 3, name: 'Scratch' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 3, name: 'Old attempt' })).not.toBeInTheDocument();
    expect(notices.notice?.text).toBe('Deleted “Old attempt” for good.');
  });

  it('warns that the record of a sent request goes too', async () => {
    await renderTrash();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete forever… “Sent in March”' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “Sent in March” forever?' });
    expect(dialog).toHaveTextContent(
      'It is a sent request (ticket ABC-123456): the record of it (ticket reference, dates and history) goes too.',
    );
  });

  it('"Empty trash" names every draft, the count and the records, and deletes exactly those', async () => {
    const { notices } = await renderTrash();
    await fireEvent.click(screen.getByRole('button', { name: 'Empty trash…' }));
    const dialog = screen.getByRole('dialog', { name: 'Empty the trash?' });
    expect(dialog).toHaveTextContent(
      '3 drafts will be deleted for good: “Old attempt”, “Sent in March” and “Scratch”. 1 of them is a sent, completed or withdrawn request (“Sent in March”): the record of it (ticket reference, dates and history) goes too. This cannot be undone: nothing can restore them.',
    );
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Empty trash' }));
    expect(vault.api.draftsPurge).toHaveBeenCalledWith({
      ids: ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)],
    });
    expect(await screen.findByText('The trash is empty.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Empty trash…' })).not.toBeInTheDocument();
    expect(notices.notice?.text).toBe('Deleted 3 drafts for good.');
  });

  it('names five drafts at most, then how many more', async () => {
    for (const n of [4, 5, 6, 7]) trashed(String(n).repeat(32), `Draft ${String(n)}`);
    await renderTrash();
    await fireEvent.click(screen.getByRole('button', { name: 'Empty trash…' }));
    expect(screen.getByRole('dialog')).toHaveTextContent(
      '7 drafts will be deleted for good: “Old attempt”, “Sent in March”, “Scratch”, “Draft 4”, “Draft 5” and 2 more.',
    );
  });

  it('a failure is shown and the trash listed again', async () => {
    const { notices } = await renderTrash();
    vault.api.draftsPurge.mockResolvedValueOnce(failure('io', 'The disk is full.'));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete forever… “Scratch”' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete forever' }));
    await vi.waitFor(() => {
      expect(notices.notice?.text).toBe('Nothing was deleted. The disk is full.');
    });
    expect(screen.getByRole('heading', { level: 3, name: 'Scratch' })).toBeInTheDocument();
  });

  it('Empty trash after another app changed the trash: names what is gone, by title, and shows the trash now', async () => {
    const { notices } = await renderTrash();
    // Elsewhere: "Old attempt" deleted for good, "Scratch" restored, after the trash was listed here.
    vault.trash.delete('a'.repeat(32));
    vault.trash.delete('c'.repeat(32));
    await fireEvent.click(screen.getByRole('button', { name: 'Empty trash…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Empty trash' }));
    await vi.waitFor(() => {
      expect(notices.notice?.text).toBe(
        'Nothing was deleted. “Old attempt” and “Scratch” are no longer in the trash (restored or deleted elsewhere meanwhile). The trash shows what it holds now.',
      );
    });
    expect(screen.queryByRole('heading', { level: 3, name: 'Old attempt' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 3, name: 'Sent in March' })).toBeInTheDocument();
    expect(vault.trash.has('b'.repeat(32))).toBe(true);
  });

  it('Restore of a draft restored elsewhere meanwhile: the alert, and its card goes', async () => {
    const { notices } = await renderTrash();
    vault.trash.delete('c'.repeat(32));
    await fireEvent.click(screen.getByRole('button', { name: 'Restore “Scratch”' }));
    await vi.waitFor(() => {
      expect(notices.notice?.text).toBe('The draft was not restored. It is not in the trash.');
    });
    await vi.waitFor(() => {
      expect(screen.queryByRole('heading', { level: 3, name: 'Scratch' })).not.toBeInTheDocument();
    });
  });
});

describe('TrashRetention (Settings)', () => {
  it('is off by default; saves a number of days, refuses a wrong one, and turns off again', async () => {
    const onsave = vi.fn(() => Promise.resolve(undefined));
    render(TrashRetention, { days: 0, onsave });
    const days = screen.getByRole('spinbutton', {
      name: 'Remove drafts from the trash after this many days',
    });
    expect(days).toHaveValue(0);
    for (const wrong of ['-4', '2.5', '3651']) {
      await fireEvent.input(days, { target: { value: wrong } });
      await fireEvent.click(screen.getByRole('button', { name: 'Save trash setting' }));
      expect(screen.getByText('Enter a whole number of days from 0 to 3650.')).toBeInTheDocument();
    }
    expect(onsave).not.toHaveBeenCalled();
    expect(days).toHaveAttribute('aria-invalid', 'true');
    await fireEvent.input(days, { target: { value: '30' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save trash setting' }));
    expect(onsave).toHaveBeenLastCalledWith(30);
    expect(
      await screen.findByText('✓ Saved: drafts leave the trash 30 days after you delete them.'),
    ).toBeInTheDocument();
    await fireEvent.input(days, { target: { value: '0' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save trash setting' }));
    expect(onsave).toHaveBeenLastCalledWith(0);
  });
});

describe('ReencryptCallout (drafts screen)', () => {
  async function renderOffer() {
    const list = new DraftList(vault.api, new Notices(), vi.fn());
    render(ReencryptCallout, { offer: list.offer });
    await vi.waitFor(() => {
      expect(vault.api.draftsRecipients).toHaveBeenCalled();
    });
    return list.offer;
  }

  it('says nothing when every draft is encrypted to the current recipients', async () => {
    await renderOffer();
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });

  it('names the count and the keys that cannot open them, re-encrypts in batches, and says so', async () => {
    vault.recipients = { outdated: 60, missing: [COMPLIANCE], extra: [] };
    await renderOffer();
    const callout = await screen.findByRole('region', {
      name: /60 drafts are encrypted to an older set of recipients/,
    });
    expect(callout).toHaveTextContent(
      '60 drafts are encrypted to an older set of recipients: the key age1qyqszqgp…3290gq cannot open them.',
    );
    expect(within(callout).getByTitle(COMPLIANCE)).toBeInTheDocument();
    await fireEvent.click(within(callout).getByRole('button', { name: 'Re-encrypt now' }));
    expect(
      await screen.findByText(
        'Re-encrypted 60 drafts: every draft is now encrypted to the current recipients.',
      ),
    ).toBeInTheDocument();
    expect(vault.api.draftsReencrypt).toHaveBeenCalledTimes(3); // batches of 25
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
  });

  it('one draft: the key cannot open it', async () => {
    vault.recipients = { outdated: 1, missing: [COMPLIANCE], extra: [] };
    await renderOffer();
    expect(await screen.findByRole('region')).toHaveTextContent(
      '1 draft is encrypted to an older set of recipients: the key age1qyqszqgp…3290gq cannot open it.',
    );
  });

  it('an error stops it with a message that nothing is lost', async () => {
    vault.recipients = { outdated: 40, missing: [], extra: [COMPLIANCE] };
    await renderOffer();
    const callout = await screen.findByRole('region');
    expect(callout).toHaveTextContent(
      '40 drafts are encrypted to an older set of recipients: a removed key (age1qyqszqgp…3290gq) still can.',
    );
    vault.api.draftsReencrypt
      .mockResolvedValueOnce({ ok: true, value: { reencrypted: 25, remaining: 15, skipped: 0 } })
      .mockResolvedValueOnce(failure('io', 'The disk is full.'));
    await fireEvent.click(within(callout).getByRole('button', { name: 'Re-encrypt now' }));
    expect(
      await screen.findByText(
        'Re-encryption stopped after 25 of 40 drafts. The disk is full. Every draft still opens; try again to finish.',
      ),
    ).toBeInTheDocument();
  });
});
