/**
 * The Archive screen's first visit (no folder chosen yet) is its normal empty state; a failure is an error.
 * An opened pack is a dialog over the list: checked again, it shows its badge and what Save as .zip came to;
 * Escape or Close gives focus back to its Open button, and a new reading of the folder closes it.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveBrowser } from '../../../src-renderer/lib/archive-browser.svelte.js';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';
import { NO_POLICY, policy } from '../../../src-renderer/lib/policy.svelte.js';
import ArchiveScreen from '../../../src-renderer/screens/ArchiveScreen.svelte';
import type { PackContent, PackEntry, PackVerdict } from '../../../src-shared/archive/pack-schema.js';
import { failure, ok } from '../../../src-shared/ipc/result.js';
import { FakeVault } from './fake-vault.js';

/** One withdrawn pack, never sent, and a vault whose archive lists and opens it (its checks are the test's). */
function onePack() {
  const name = '2026-11-30_012345678901_ABC-123456_1a2b3c4d';
  const entry: PackEntry = {
    ...{ name, organizationId: 'org', site: 'https://acme.atlassian.net', awsAccountId: '012345678901' },
    ...{
      realm: 'eu',
      timing: 'immediate',
      status: 'sent',
      ticketRef: 'ABC-123456',
      sealedAt: '2026-11-30T10:00:00Z',
    },
    ...{ signer: 'vault', revision: '1', draftId: '0'.repeat(32), supersedes: '', unreadable: false },
  };
  const verdict = (state: PackVerdict['verdict'], reason = '', signer = 'vault'): PackVerdict => ({
    name,
    verdict: state,
    reason,
    signer,
  });
  const content: PackContent = {
    name,
    record: {
      ...{
        format: 'cmk-rekey/archive-record',
        version: 1,
        draftId: '0'.repeat(32),
        revision: 1,
        title: 'EU keys',
      },
      ...{ status: 'withdrawn', ticketRef: '', warnings: [], history: [] },
      withdrawnReason: '2026-11-30T10:05:00+00:00: wrong AWS account',
    },
    request: {},
    ticketText: 'the ticket as it is now',
    bagInfo: [],
  };
  const vault = new FakeVault();
  vault.api.archiveStatus.mockResolvedValue(ok({ folder: '/srv/archive', allowedSigners: '/srv/signers' }));
  vault.api.archiveNames.mockResolvedValue(ok({ names: [name], entries: [entry] }));
  vault.api.archiveOpen.mockResolvedValue(ok(content));
  return { name, verdict, vault };
}

async function showArchive(vault: FakeVault) {
  const browser = new ArchiveBrowser(vault.api, new Notices());
  await browser.load();
  render(ArchiveScreen, { browser });
  return browser;
}

describe('Archive screen', () => {
  afterEach(() => {
    policy.view = NO_POLICY;
  });

  it('says when the folder holds no pack, and when no pack matches the search', async () => {
    const { vault } = onePack();
    const browser = await showArchive(vault);
    // A row names the realm, the timing and the status as the form and the drafts list do.
    expect(screen.getByText(/· realm Europe · Immediate ·/)).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Sent' })).toBeInTheDocument();
    browser.query = 'no such organization';
    await tick();
    expect(screen.getByText('No pack matches the search and filters.')).toBeInTheDocument();
    const empty = new FakeVault();
    empty.api.archiveStatus.mockResolvedValue(ok({ folder: '/srv/archive', allowedSigners: '' }));
    empty.api.archiveNames.mockResolvedValue(ok({ names: [], entries: [] }));
    await showArchive(empty);
    expect(
      screen.getByText(
        'This archive folder holds no evidence packs yet: "Seal for archive" on a draft puts one here.',
      ),
    ).toBeInTheDocument();
  });

  it('names a signer as verified only when its signature checked out; the row says it all on hover, the pack too', async () => {
    const { name, verdict, vault } = onePack();
    let answer: (verdicts: PackVerdict[]) => void = () => undefined;
    vault.api.archiveVerify.mockReturnValueOnce(
      new Promise((resolve) => {
        answer = (verdicts) => {
          resolve(ok(verdicts));
        };
      }),
    );
    const browser = await showArchive(vault);
    const meta = () => screen.getByText(/^Org org ·/);
    // signer.pub is the pack's own claim: before the check it is no more than that
    expect(meta()).toHaveTextContent(/· not checked yet: names vault as signer$/);
    expect(meta()).toHaveAttribute('title', meta().textContent.trim());
    // a pack whose files were changed has no signer that checked out
    answer([verdict('tampered', 'changed file: data/ticket.txt', '')]);
    await waitFor(() => {
      expect(browser.badgeOf(name)).toBe('tampered');
    });
    expect(meta()).toHaveTextContent(/· not verified: names vault as signer$/);
    vault.api.archiveVerify.mockResolvedValueOnce(ok([verdict('valid', '', 'compliance@acme.example')]));
    await fireEvent.click(screen.getByRole('button', { name: `Open ${name}` }));
    const pack = await screen.findByRole('dialog', { name });
    expect(within(pack).getByText('signed by compliance@acme.example')).toBeInTheDocument();
    expect(within(pack).getByText('https://acme.atlassian.net')).toBeInTheDocument();
    expect(within(pack).getByText('Europe · Immediate')).toBeInTheDocument();
    expect(meta()).toHaveTextContent(/· signed by compliance@acme.example$/);
  });

  it('offers no Choose… for what the policy locks, and says who set it', async () => {
    policy.view = { ...NO_POLICY, locked: ['archiveFolder', 'trustedSigners'] };
    const { vault } = onePack();
    await showArchive(vault);
    expect(screen.queryByRole('button', { name: /^Choose…/ })).not.toBeInTheDocument();
    expect(screen.getAllByText('Set by your organization')).toHaveLength(2);
    policy.view = { ...NO_POLICY, locked: ['trustedSigners'] };
    await tick();
    expect(screen.getByRole('button', { name: 'Choose… the archive folder' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Choose… the allowed-signers file' }),
    ).not.toBeInTheDocument();
  });

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

  it('checks a pack again when it is opened, shows that badge in the pack, and a reload closes the pack', async () => {
    const { name, verdict, vault } = onePack();
    // checked valid while listing; changed on disk by the time it is opened
    vault.api.archiveVerify
      .mockResolvedValueOnce(ok([verdict('valid')]))
      .mockResolvedValueOnce(ok([verdict('tampered', 'changed file: data/ticket.txt')]));
    const browser = await showArchive(vault);
    await waitFor(() => {
      expect(browser.badgeOf(name)).toBe('valid');
    });
    await fireEvent.click(screen.getByRole('button', { name: `Open ${name}` }));
    const pack = await screen.findByRole('dialog', { name });
    expect(within(pack).getByText('Tampered')).toBeInTheDocument();
    expect(within(pack).getByText('changed file: data/ticket.txt')).toBeInTheDocument();
    // withdrawn before it was sent: the record says so, and the ticket is not called "as sent"
    expect(within(pack).getByText('Withdrawn').nextElementSibling).toHaveTextContent(
      '2026-11-30T10:05:00+00:00: wrong AWS account',
    );
    expect(within(pack).getByRole('heading', { level: 4, name: 'Ticket (never sent)' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name })).toHaveFocus();
    expect(screen.getByRole('listitem')).toHaveTextContent('Tampered');
    // A policy without unencrypted exports: no .zip of the pack's plain-text request (main refuses it too).
    expect(within(pack).getByRole('button', { name: /^Save as \.zip/u })).toBeInTheDocument();
    policy.view = { ...NO_POLICY, plaintextExports: false };
    await tick();
    expect(within(pack).queryByRole('button', { name: /^Save as \.zip/u })).not.toBeInTheDocument();

    await browser.load();
    expect(screen.queryByRole('dialog', { name })).not.toBeInTheDocument();
  });

  it('shows what Save as .zip came to in the opened pack, and Escape gives focus back to Open', async () => {
    const { name, verdict, vault } = onePack();
    vault.api.archiveVerify.mockResolvedValue(ok([verdict('valid')]));
    vault.api.archiveZip
      .mockResolvedValueOnce(failure('io', 'The .zip could not be written: the disk is full.'))
      .mockResolvedValueOnce(failure('cancelled', 'Nothing was saved.'))
      .mockResolvedValueOnce(ok({ path: '/home/ann/evidence.zip' }));
    const notices = new Notices();
    const browser = new ArchiveBrowser(vault.api, notices);
    await browser.load();
    render(ArchiveScreen, { browser });
    const open = screen.getByRole('button', { name: `Open ${name}` });
    open.focus();
    await fireEvent.click(open);
    const pack = await screen.findByRole('dialog', { name });
    const save = within(pack).getByRole('button', { name: `Save as .zip… ${name}` });

    await fireEvent.click(save);
    await waitFor(() => {
      expect(within(pack).getByRole('alert')).toHaveTextContent(
        'The .zip could not be written: the disk is full.',
      );
    });
    // cancelling the Save dialog says nothing, and leaves the last answer alone
    await fireEvent.click(save);
    await waitFor(() => {
      expect(vault.api.archiveZip).toHaveBeenCalledTimes(2);
    });
    expect(within(pack).getByRole('alert')).toHaveTextContent('the disk is full');
    await fireEvent.click(save);
    await waitFor(() => {
      expect(within(pack).getByRole('status')).toHaveTextContent(`Saved ${name} as /home/ann/evidence.zip.`);
    });
    expect(within(pack).getByRole('alert')).toBeEmptyDOMElement();
    // nothing went to the app's notices, which would show under the dialog's backdrop
    expect(notices.notice).toBeUndefined();

    await fireEvent(pack, new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: `Open ${name}` })).toHaveFocus();

    // opened again, the pack starts without the last answer
    await fireEvent.click(screen.getByRole('button', { name: `Open ${name}` }));
    const again = await screen.findByRole('dialog', { name });
    expect(within(again).queryByText(/Saved /)).not.toBeInTheDocument();
  });

  it('searches packs by the drafts list rule: every word, anywhere, an account typed with dashes', async () => {
    const pack = (name: string, awsAccountId: string, ticketRef: string): PackEntry => ({
      ...{ name, organizationId: 'org', site: 'https://acme.atlassian.net', awsAccountId, realm: 'eu' },
      ...{
        timing: 'immediate',
        status: 'sent',
        ticketRef,
        sealedAt: '2026-11-30T10:00:00Z',
        signer: 'vault',
      },
      ...{ revision: '1', draftId: '0'.repeat(32), supersedes: '', unreadable: false },
    });
    const packs = [pack('acme-pack', '012345678901', 'PCS-1'), pack('globex-pack', '481516234200', 'PCS-2')];
    const vault = new FakeVault();
    vault.api.archiveStatus.mockResolvedValue(ok({ folder: '/srv/archive', allowedSigners: '' }));
    vault.api.archiveNames.mockResolvedValue(ok({ names: packs.map((p) => p.name), entries: packs }));
    const browser = await showArchive(vault);
    const found = (query: string) => {
      browser.query = query;
      return browser.visible.map((entry) => entry.name);
    };
    expect(found('0123-4567-8901')).toEqual(['acme-pack']);
    expect(found('pcs-2   4815 1623')).toEqual(['globex-pack']);
    expect(found('PCS acme.atlassian.net')).toEqual(['acme-pack', 'globex-pack']);
    expect(found('pcs-1 globex')).toEqual([]);
  });
});
