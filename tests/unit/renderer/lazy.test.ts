/**
 * Parts loaded on first use (Lazy.svelte): a loading state while their code is fetched, then the part, or
 * an error in its place when the code cannot be loaded (a missing or damaged chunk).
 */
import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import Lazy from '../../../src-renderer/components/Lazy.svelte';
import { DraftList } from '../../../src-renderer/lib/draft-list.svelte.js';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';
import DraftsScreen from '../../../src-renderer/screens/DraftsScreen.svelte';
import { draftSummary } from './fixtures.js';
import { FakeVault } from './fake-vault.js';

// The set-aside list's chunk cannot be loaded here, as if it were missing from the build.
vi.mock('../../../src-renderer/components/FlaggedDrafts.svelte', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

const part = createRawSnippet((name: () => string) => ({ render: () => `<p>The ${name()} part</p>` }));

describe('Lazy', () => {
  it('says it is loading while the code is fetched, then shows the part', async () => {
    let resolve: (module: { default: string }) => void = () => undefined;
    const load = vi.fn(() => new Promise<{ default: string }>((done) => (resolve = done)));
    render(Lazy, { load, what: 'screen', children: part });
    expect(await screen.findByRole('status')).toHaveTextContent('Loading…');
    resolve({ default: 'settings' });
    expect(await screen.findByText('The settings part')).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(load).toHaveBeenCalledOnce();
  });

  it('shows why in its place when the code cannot be loaded', async () => {
    const load = () => Promise.reject(new Error('net::ERR_FILE_NOT_FOUND'));
    render(Lazy, { load, what: 'dialog', children: part });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This dialog could not be loaded. net::ERR_FILE_NOT_FOUND',
    );
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(screen.queryByText(/part$/)).not.toBeInTheDocument();
  });
});

describe('a part of the drafts screen that cannot be loaded', () => {
  it('says so where it would be, and the drafts stay usable', async () => {
    const vault = new FakeVault();
    vault.flagged = [draftSummary({ id: 'corrupt-1', title: 'broken.age', problem: 'corrupt' })];
    const list = new DraftList(vault.api, new Notices(), vi.fn());
    await list.refresh();
    render(DraftsScreen, { list, folder: '/vault', busy: false, onopen: vi.fn(), onnew: vi.fn() });
    expect(await screen.findByRole('alert')).toHaveTextContent(/^This list could not be loaded\./);
    expect(screen.getByRole('button', { name: 'New request' })).toBeEnabled();
  });
});
