/** The Archive screen's first visit (no folder chosen yet) is its normal empty state; a failure is an error. */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { ArchiveBrowser } from '../../../src-renderer/lib/archive-browser.svelte.js';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';
import ArchiveScreen from '../../../src-renderer/screens/ArchiveScreen.svelte';
import { failure, ok } from '../../../src-shared/ipc/result.js';
import { FakeVault } from './fake-vault.js';

async function showArchive(vault: FakeVault) {
  const browser = new ArchiveBrowser(vault.api, new Notices());
  await browser.load();
  render(ArchiveScreen, { browser });
  return browser;
}

describe('Archive screen', () => {
  it('with no folder chosen, asks for one as a status, not as an error, and names the button', async () => {
    const browser = await showArchive(new FakeVault());
    expect(browser.state).toBe('no-folder');
    expect(screen.getByRole('status')).toHaveTextContent(
      'No archive folder is chosen yet. Choose one on the Archive screen, with Choose… next to "Archive folder".',
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose… the archive folder' })).toBeInTheDocument();
  });

  it('with a folder that cannot be read, shows the failure as an error', async () => {
    const vault = new FakeVault();
    vault.api.archiveStatus.mockResolvedValue(ok({ folder: '/srv/archive', allowedSigners: '' }));
    vault.api.archiveNames.mockResolvedValue(failure('io', 'The archive folder cannot be read.'));
    const browser = await showArchive(vault);
    expect(browser.state).toBe('failed');
    expect(screen.getByRole('alert')).toHaveTextContent('The archive folder cannot be read.');
  });
});
