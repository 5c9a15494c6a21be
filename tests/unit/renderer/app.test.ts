import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../src-renderer/App.svelte';
import type { Api } from '../../../src-renderer/lib/api.js';
import { NO_POLICY } from '../../../src-renderer/lib/policy.svelte.js';
import { stepViews } from '../../../src-renderer/lib/step-views.svelte.js';
import { draftDocument, vaultStatus, validDraft } from './fixtures.js';

type Fake = { [M in keyof Api]: ReturnType<typeof vi.fn<Api[M]>> };

function fakeApi(): Fake {
  return {
    vaultStatus: vi.fn<Api['vaultStatus']>(() => Promise.resolve({ ok: true, value: vaultStatus() })),
    draftsList: vi.fn<Api['draftsList']>(() => Promise.resolve({ ok: true, value: [] })),
    draftsRecipients: vi.fn<Api['draftsRecipients']>(() =>
      Promise.resolve({ ok: true, value: { outdated: 0, missing: [], extra: [] } }),
    ),
    draftNew: vi.fn<Api['draftNew']>(() => Promise.resolve({ ok: true, value: draftDocument() })),
    draftSave: vi.fn<Api['draftSave']>(({ draft }) =>
      Promise.resolve({ ok: true, value: { ...draft, updatedAt: new Date().toISOString() } }),
    ),
    openRequest: vi.fn<Api['openRequest']>(() =>
      Promise.resolve({ ok: false, code: 'cancelled', message: 'No file was opened.' }),
    ),
    saveRequest: vi.fn<Api['saveRequest']>(() =>
      Promise.resolve({ ok: true, value: { fileName: 'acme.json' } }),
    ),
    exportTicket: vi.fn<Api['exportTicket']>(() =>
      Promise.resolve({ ok: true, value: { fileName: 'ticket.txt' } }),
    ),
    newRequest: vi.fn<Api['newRequest']>(() => Promise.resolve({ ok: true, value: {} })),
    siteTimeZone: vi.fn<Api['siteTimeZone']>(() => Promise.resolve({ ok: true, value: { timeZone: '' } })),
    siteTimeZoneSet: vi.fn<Api['siteTimeZoneSet']>(({ timeZone }) =>
      Promise.resolve({ ok: true, value: { timeZone } }),
    ),
    policyStatus: vi.fn<Api['policyStatus']>(() => Promise.resolve({ ok: true, value: NO_POLICY })),
    appInfo: vi.fn<Api['appInfo']>(() =>
      Promise.resolve({ ok: true, value: { name: 'CMK Rekey', version: '0.1.0', platform: 'linux' } }),
    ),
  } as Fake;
}

let api: Fake;
let writeText: ReturnType<typeof vi.fn<(text: string) => Promise<void>>>;

// The form and its steps load on demand (each step its own chunk in the build): compiled once, up front.
beforeAll(async () => {
  await import('../../../src-renderer/editor.js');
  await stepViews.loadAll();
}, 60_000);

beforeEach(() => {
  api = fakeApi();
  writeText = vi.fn(() => Promise.resolve());
  vi.stubGlobal('cmkRekey', api);
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  history.replaceState(null, '', '#start');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function openResult(request = validDraft(), notLoaded = '', tidied = '') {
  return Promise.resolve({ ok: true as const, value: { fileName: 'acme.json', request, notLoaded, tidied } });
}

/** The app opens on the drafts list of an unlocked vault; "New request" opens the form on its first step. */
async function renderForm(): Promise<void> {
  render(App);
  await fireEvent.click(await screen.findByRole('button', { name: 'New request' }));
  // The form's code loads on demand: the first time takes a moment.
  const title = await screen.findByRole('heading', { level: 2, name: 'Before you start' }, { timeout: 5000 });
  await vi.waitFor(() => expect(title).toHaveFocus());
}

async function openFile(request = validDraft(), notLoaded = '', tidied = ''): Promise<void> {
  api.openRequest.mockImplementationOnce(() => openResult(request, notLoaded, tidied));
  await fireEvent.click(screen.getByRole('button', { name: 'Open…' }));
  await screen.findByText(/^Opened acme\.json/);
}

describe('App shell', () => {
  it('has one h1, the landmarks, and the current step in the hash and a data attribute', async () => {
    await renderForm();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Steps' })).toBeInTheDocument();
    const main = screen.getByRole('main');
    expect(main).toHaveAttribute('data-step', 'start');
    await fireEvent.click(screen.getByRole('button', { name: /Keys/ }));
    expect(main).toHaveAttribute('data-step', 'keys');
    await vi.waitFor(() => {
      expect(location.hash).toBe('#keys');
    });
    expect(screen.getByRole('button', { name: /Keys/ })).toHaveAttribute('aria-current', 'step');
    await vi.waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Keys' })).toHaveFocus());
  });

  it('keeps what was typed when the user moves back and forth', async () => {
    await renderForm();
    await fireEvent.click(screen.getByRole('button', { name: /Next: Organization/ }));
    await fireEvent.input(screen.getByRole('textbox', { name: /^Site URL/ }), {
      target: { value: 'https://acme.atlassian.net' },
    });
    await fireEvent.click(screen.getByRole('button', { name: /Next: AWS account/ }));
    await fireEvent.click(screen.getByRole('button', { name: /Back/ }));
    expect(screen.getByRole('textbox', { name: /^Site URL/ })).toHaveValue('https://acme.atlassian.net');
  });

  it('shows the request file after saving with Ctrl+S, and marks changes made since', async () => {
    await renderForm();
    expect(screen.getByText('none')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('checkbox', { name: /backups made with the old keys/ }));
    await fireEvent.click(screen.getByRole('button', { name: /Next: Organization/ }));
    await fireEvent.input(screen.getByRole('textbox', { name: /^Site URL/ }), {
      target: { value: 'https://acme.atlassian.net' },
    });
    await fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    expect(api.saveRequest).toHaveBeenCalledWith({
      request: expect.objectContaining({ siteUrl: 'https://acme.atlassian.net' }) as unknown,
      saveAs: false,
    });
    expect(await screen.findByText(/^Saved as acme\.json/)).toBeInTheDocument();
    expect(screen.getByText('acme.json')).toBeInTheDocument();
    expect(screen.queryByText('(changed since the file was saved)')).not.toBeInTheDocument();
    await fireEvent.input(screen.getByRole('textbox', { name: /^Site URL/ }), {
      target: { value: 'https://acme-two.atlassian.net' },
    });
    expect(screen.getByText('(changed since the file was saved)')).toBeInTheDocument();
    await fireEvent.keyDown(window, { key: 'S', ctrlKey: true, shiftKey: true });
    expect(api.saveRequest).toHaveBeenLastCalledWith(expect.objectContaining({ saveAs: true }));
  });

  it('renames the open draft in a dialog that loads when asked for, and saves the new name', async () => {
    await renderForm();
    await fireEvent.click(screen.getByRole('button', { name: 'Rename this draft' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename the draft' });
    await fireEvent.input(within(dialog).getByRole('textbox', { name: 'New draft name' }), {
      target: { value: 'EU keys, March' },
    });
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Draft' })).toHaveTextContent('Draft: EU keys, March');
    await vi.waitFor(() => {
      expect(api.draftSave).toHaveBeenLastCalledWith({
        draft: expect.objectContaining({ title: 'EU keys, March' }) as unknown,
      });
    });
  });

  it('says nothing when the user cancels a dialog', async () => {
    await renderForm();
    await fireEvent.keyDown(window, { key: 'o', ctrlKey: true });
    expect(api.openRequest).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Open…' })).toBeEnabled());
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
    expect(screen.getByRole('main')).toHaveAttribute('data-step', 'start');
  });

  it('shows a refused file in the alert region and keeps the form as it was', async () => {
    api.openRequest.mockResolvedValueOnce({
      ok: false,
      code: 'not-a-request',
      message: 'notes.txt: This is not a CMK Rekey request.',
    });
    await renderForm();
    await fireEvent.click(screen.getByRole('button', { name: /Next: Organization/ }));
    await fireEvent.input(screen.getByRole('textbox', { name: /^Site URL/ }), {
      target: { value: 'https://kept.atlassian.net' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Open…' }));
    const alert = screen.getByRole('alert');
    await vi.waitFor(() => expect(alert).toHaveTextContent('notes.txt: This is not a CMK Rekey request.'));
    expect(alert).toHaveTextContent('Your form is unchanged.');
    expect(screen.getByRole('textbox', { name: /^Site URL/ })).toHaveValue('https://kept.atlassian.net');
  });

  it('New saves this draft and starts another, so nothing typed is thrown away', async () => {
    await renderForm();
    await fireEvent.click(screen.getByRole('button', { name: /Next: Organization/ }));
    await fireEvent.input(screen.getByRole('textbox', { name: /^Site URL/ }), {
      target: { value: 'https://kept.atlassian.net' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'New' }));
    expect(await screen.findByText(/^Started a new draft/)).toBeInTheDocument();
    expect(api.draftSave).toHaveBeenLastCalledWith({
      draft: expect.objectContaining({
        request: expect.objectContaining({ siteUrl: 'https://kept.atlassian.net' }) as unknown,
      }) as unknown,
    });
    expect(api.draftNew).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('main')).toHaveAttribute('data-step', 'start');
  });

  it('opens a file with errors on the review step, with each finding linked to its field', async () => {
    await renderForm();
    const draft = { ...validDraft(), phone: '020 7946 0958', siteUrl: 'not a url' };
    await openFile(draft);
    expect(screen.getByRole('main')).toHaveAttribute('data-step', 'review');
    const toFix = screen.getByRole('region', { name: /To fix before sending/ });
    await vi.waitFor(() => {
      const toCheck = screen.getByRole('region', { name: /To check/ });
      expect(within(toCheck).getByRole('link', { name: /Phone number/ })).toBeInTheDocument();
    }, 10_000); // the phone rule's chunk loads on first use
    await fireEvent.click(within(toFix).getByRole('link', { name: /Site URL/ }));
    expect(screen.getByRole('main')).toHaveAttribute('data-step', 'organization');
    const site = screen.getByRole('textbox', { name: /^Site URL/ });
    await vi.waitFor(() => expect(site).toHaveFocus());
    expect(site).toHaveAttribute('aria-invalid', 'true');
  }, 15_000); // the phone rule's chunk may take its 10 s under load

  it('says how many problems the review lists, and names what the file held that the form could not', async () => {
    await renderForm();
    const draft = { ...validDraft(), keys: [], impact: '' as const };
    await openFile(draft, 'Not loaded, because the form cannot hold them as written: zzz.');
    const toFix = screen.getByRole('region', { name: /To fix before sending/ });
    const listed = within(toFix).getAllByRole('link').length;
    expect(screen.getByRole('alert')).toHaveTextContent(
      `Opened acme.json. It has ${String(listed)} problems to fix, listed below. Not loaded, because the form cannot hold them as written: zzz.`,
    );
  });

  it('says what the form left out of a file that is ready only without its empty values', async () => {
    await renderForm();
    const tidied =
      'The form left out what is empty in acme.json: phone (empty). "cmk-rekey check" refuses the file as written for that; Save writes the request without it.';
    await openFile({ ...validDraft(), phone: '   ' }, '', tidied);
    expect(screen.getByText(/^Opened acme\.json/)).toHaveTextContent(`Opened acme.json. ${tidied}`);
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
  });

  it('blocks export while there are errors and says why', async () => {
    await renderForm();
    await fireEvent.click(screen.getByRole('button', { name: /Review and send/ }));
    for (const button of screen.getAllByRole('button', { name: /^Export as/ })) expect(button).toBeDisabled();
    expect(screen.getByText(/Export is available once the \d+ errors above are fixed/)).toBeInTheDocument();
  });

  it('exports a valid ticket in the chosen format, reached with Ctrl+E', async () => {
    await renderForm();
    await openFile();
    await fireEvent.click(screen.getByRole('button', { name: /Before you start/ }));
    await fireEvent.keyDown(window, { key: 'e', ctrlKey: true });
    expect(screen.getByRole('main')).toHaveAttribute('data-step', 'review');
    const first = screen.getByRole('button', { name: 'Export as text (.txt)' });
    await vi.waitFor(() => expect(first).toHaveFocus());
    await fireEvent.click(screen.getByRole('button', { name: 'Export as Markdown (.md)' }));
    // With the open draft's id: main adds the draft's provenance to the file.
    expect(api.exportTicket).toHaveBeenCalledWith({
      request: validDraft(),
      format: 'markdown',
      draftId: draftDocument().id,
    });
    expect(await screen.findByText('Exported the ticket as ticket.txt.')).toBeInTheDocument();
  });

  it('copies each ticket field and the whole ticket, and confirms it visibly', async () => {
    await renderForm();
    await openFile();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy the answer to “Summarize your issue”' }));
    expect(writeText).toHaveBeenCalledWith('Re-encryption for AWS account 012345678901');
    expect(await screen.findByText('✓ Copied')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy all: the whole ticket as text' }));
    expect(writeText).toHaveBeenLastCalledWith(
      expect.stringMatching(/^1\. What can we help you with\?\nTechnical Issues and Bugs\n/),
    );
  });

  it('offers a notice for users that follows the chosen timing', async () => {
    await renderForm();
    await openFile({ ...validDraft(), timing: 'immediate', impact: 'L1' });
    const notice = screen.getByText(/^Subject: Planned downtime/);
    expect(notice).toHaveTextContent('Atlassian has not said for how long');
    expect(notice).not.toHaveTextContent(/business days/);
    await fireEvent.click(screen.getByRole('button', { name: 'Copy the notice for users' }));
    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('https://acme.atlassian.net'));
  });
});
