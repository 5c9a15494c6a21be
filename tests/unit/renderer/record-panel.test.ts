/** The record panel above the form: the change forms load when asked for, and keep the panel's behaviour. */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RecordPanel from '../../../src-renderer/components/RecordPanel.svelte';
import { DraftEditor } from '../../../src-renderer/lib/draft-editor.svelte.js';
import { NO_POLICY, policy } from '../../../src-renderer/lib/policy.svelte.js';
import { draftDocument, validDraft } from './fixtures.js';
import { FakeVault } from './fake-vault.js';

let vault: FakeVault;
let editor: DraftEditor | undefined;

beforeEach(() => {
  vault = new FakeVault();
});

afterEach(() => {
  editor?.close();
  editor = undefined;
  policy.view = NO_POLICY;
});

function renderPanel() {
  const draft = vault.add(draftDocument({ request: validDraft() }));
  editor = new DraftEditor(vault.api, draft);
  const onrevised = vi.fn();
  render(RecordPanel, { editor, onrevised });
  return { editor, onrevised };
}

describe('RecordPanel', () => {
  it('loads the form for "Mark as sent" when asked, and records the ticket', async () => {
    renderPanel();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    const form = await screen.findByRole('form', { name: 'Mark as sent' });
    await fireEvent.input(within(form).getByLabelText(/Atlassian ticket reference/), {
      target: { value: 'ABC-123456' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: 'Mark as sent' }));
    await vi.waitFor(() => {
      expect(screen.queryByRole('form')).not.toBeInTheDocument();
    });
    expect(vault.api.draftMarkSent).toHaveBeenCalledWith(expect.objectContaining({ ticket: 'ABC-123456' }));
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Request: Sent');
    expect(screen.getByText(/Atlassian ticket/)).toHaveTextContent('ABC-123456');
  });

  it('a refused change shows why in the form, and still after Cancel; each form starts empty', async () => {
    renderPanel();
    await fireEvent.click(screen.getByRole('button', { name: 'Withdraw…' }));
    let form = await screen.findByRole('form', { name: 'Withdraw' });
    await fireEvent.input(within(form).getByLabelText('Withdrawal reason'), { target: { value: '   ' } });
    await fireEvent.submit(form);
    expect(await within(form).findByRole('alert')).toHaveTextContent('The reason is required.');
    await fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('The reason is required.');

    // Asking again clears the message and the text typed before.
    await fireEvent.click(screen.getByRole('button', { name: 'Withdraw…' }));
    form = await screen.findByRole('form', { name: 'Withdraw' });
    expect(within(form).getByLabelText('Withdrawal reason')).toHaveValue('');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('under a policy that requires a ready request, says before anything is typed that it would be refused', async () => {
    policy.view = { ...NO_POLICY, markSentRequiresReady: true };
    renderPanel();
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    const form = await screen.findByRole('form', { name: 'Mark as sent' });
    expect(form).toHaveTextContent(
      'Your organization\'s policy allows marking a request as sent only when it is ready: the "Before you start" checklist was not fully ticked.',
    );
    expect(form).not.toHaveTextContent('Sending is your decision');
    // Sent anyway, main refuses it with the same words; focus goes back to the button, by the alert.
    await fireEvent.input(within(form).getByLabelText(/Atlassian ticket reference/), {
      target: { value: 'ABC-123456' },
    });
    vault.api.draftMarkSent.mockResolvedValueOnce({
      ok: false,
      code: 'forbidden',
      message: "Your organization's policy allows marking a request as sent only when it is ready.",
    });
    const send = within(form).getByRole('button', { name: 'Mark as sent' });
    await fireEvent.click(send);
    expect(await within(form).findByRole('alert')).toBeInTheDocument();
    await vi.waitFor(() => {
      expect(send).toHaveFocus();
    });
  });

  it("keeps the sender's name between forms, as the panel did before its forms loaded on demand", async () => {
    renderPanel();
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    let form = await screen.findByRole('form', { name: 'Mark as sent' });
    await fireEvent.input(within(form).getByLabelText(/Your name/), { target: { value: 'Ada Admin' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    form = await screen.findByRole('form', { name: 'Mark as sent' });
    expect(within(form).getByLabelText(/Your name/)).toHaveValue('Ada Admin');
  });

  it('works by keyboard: the form takes the focus, Escape cancels back to its button, a change focuses the title', async () => {
    renderPanel();
    const button = screen.getByRole('button', { name: 'Withdraw…' });
    button.focus();
    await fireEvent.click(button);
    let form = await screen.findByRole('form', { name: 'Withdraw' });
    await vi.waitFor(() => {
      expect(within(form).getByLabelText('Withdrawal reason')).toHaveFocus();
    });
    await fireEvent.keyDown(within(form).getByLabelText('Withdrawal reason'), { key: 'Escape' });
    await vi.waitFor(() => {
      expect(screen.queryByRole('form')).not.toBeInTheDocument();
    });
    expect(screen.getByRole('button', { name: 'Withdraw…' })).toHaveFocus();

    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    form = await screen.findByRole('form', { name: 'Mark as sent' });
    const ticket = within(form).getByLabelText(/Atlassian ticket reference/);
    await vi.waitFor(() => {
      expect(ticket).toHaveFocus();
    });
    // Escape outside the form (the form is still open) does not close it.
    await fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(screen.getByRole('form', { name: 'Mark as sent' })).toBeInTheDocument();
    await fireEvent.input(ticket, { target: { value: 'ABC-123456' } });
    await fireEvent.submit(form);
    // "Mark as sent…" is gone with the change: focus goes to the panel's title, not to the page.
    await vi.waitFor(() => {
      expect(screen.getByRole('heading', { level: 2 })).toHaveFocus();
    });
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Request: Sent');
  });

  it('a form submitted on a request sent elsewhere closes: the sent record shows, the ticket typed goes into the alert', async () => {
    const { editor: draft } = renderPanel();
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    const form = await screen.findByRole('form', { name: 'Mark as sent' });
    await fireEvent.input(within(form).getByLabelText(/Atlassian ticket reference/), {
      target: { value: 'ABC-123456' },
    });
    // Another app (or the command line) marks it sent meanwhile.
    expect((await vault.api.draftMarkSent({ id: draft.id, ticket: 'CMK-77' })).ok).toBe(true);
    await fireEvent.submit(form);
    await vi.waitFor(() => {
      expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Request: Sent');
    });
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.getByText(/Atlassian ticket/)).toHaveTextContent('CMK-77');
    // No bare refusal in the panel (the editor's alert says what happened), and its buttons work.
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Completed…' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'New revision' })).toBeEnabled();
    await vi.waitFor(() => {
      expect(screen.getByRole('heading', { level: 2 })).toHaveFocus();
    });
    expect(draft.unsaved.changedElsewhere?.typed).toEqual([
      { form: { form: 'send', ticket: 'ABC-123456', at: '', text: '', name: '' }, rename: undefined },
    ]);
  });

  it("says Draft, not Ready to send, when the policy's rules give the form an error, and warns before sending", async () => {
    renderPanel();
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Request: Ready to send');
    policy.view = { ...NO_POLICY, allowedRealms: ['de'], locked: ['allowedRealms'] };
    await vi.waitFor(() => {
      expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Request: Draft');
    });
    expect(editor?.form.validation.errors.map((finding) => finding.code)).toEqual(['realm.not-allowed']);
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as sent…' }));
    const form = await screen.findByRole('form', { name: 'Mark as sent' });
    expect(form).toHaveTextContent('the request still had errors or missing parts');
  });
});
