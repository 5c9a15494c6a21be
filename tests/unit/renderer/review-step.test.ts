import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { FormState } from '../../../src-renderer/lib/form-state.svelte.js';
import StepReview from '../../../src-renderer/steps/StepReview.svelte';
import { ACCOUNT, validDraft } from './fixtures.js';

function setup(draft = validDraft(), serverTimeZone = '') {
  const form = new FormState();
  form.draft = draft;
  form.serverTimeZone = serverTimeZone;
  form.step = 'review';
  const props = { form, busy: false, onnavigate: vi.fn(), onjump: vi.fn(), onexport: vi.fn() };
  render(StepReview, props);
  return props;
}

describe('Review step', () => {
  it('lists warnings with links to their fields', async () => {
    const { onjump } = setup({ ...validDraft(), siteUrl: 'https://jira.acme.com' });
    expect(screen.getByText(/The ticket is ready\./)).toBeInTheDocument();
    const toCheck = screen.getByRole('region', { name: 'To check (1)' });
    const link = within(toCheck).getByRole('link', { name: /^Site URL/ });
    expect(link).toHaveAttribute('href', '#organization');
    await fireEvent.click(link);
    expect(onjump).toHaveBeenCalledWith('siteUrl');
  });

  const draft = validDraft();
  const [first, second] = draft.keys as [(typeof draft.keys)[0], (typeof draft.keys)[0]];
  it.each([
    ["Atlassian's example account", { ...draft, awsAccountId: '279766244153' }, /^AWS account ID/],
    [
      'a key from another account',
      { ...draft, keys: [{ ...first, newKeyArn: first.newKeyArn.replace(ACCOUNT, '098765432109') }, second] },
      /^New key ARN, eu-central-1/,
    ],
  ])('is not ready with %s: an error linked to the field', (_name, input, link) => {
    setup(input);
    expect(screen.queryByText(/The ticket is ready\./)).not.toBeInTheDocument();
    const toFix = screen.getByRole('region', { name: /To fix before sending/ });
    expect(within(toFix).getByRole('link', { name: link })).toBeInTheDocument();
  });

  it("lists errors in the form's order: step by step, fields as each step shows them", () => {
    setup({
      ...validDraft(),
      organizationId: '',
      siteUrl: '',
      impact: '',
      timing: '',
      keys: [{ oldKeyArn: '', newKeyArn: '' }, validDraft().keys[1] ?? { oldKeyArn: '', newKeyArn: '' }],
    });
    const toFix = screen.getByRole('region', { name: /To fix before sending/ });
    const names = within(toFix)
      .getAllByRole('link')
      .map((link) => link.textContent.replace(/,\s*on the step.*$/s, '').trim());
    expect(names).toEqual([
      'Organization ID',
      'Site URL',
      'Old key ARN, eu-central-1 (Frankfurt)',
      'New key ARN, eu-central-1 (Frankfurt)',
      'Timing',
      'Impact level',
    ]);
  });

  it('names the Copy all button once: "Copy all", then what it copies', () => {
    setup();
    expect(screen.getByRole('button', { name: /^Copy all/ })).toHaveAccessibleName(
      'Copy all: the whole ticket as text',
    );
  });

  it('Copy all with errors asks first, then copies the ticket marked NOT READY TO SEND', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    setup({ ...validDraft(), keys: validDraft().keys.slice(0, 1) });
    await fireEvent.click(screen.getByRole('button', { name: /^Copy all/ }));
    // The question's code loads when it is first asked.
    const dialog = await screen.findByRole('dialog', { name: 'Copy a ticket that is not ready?' });
    await fireEvent.click(within(dialog).getByRole('button', { name: "Don't copy" }));
    expect(writeText).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: /^Copy all/ }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Copy marked as not ready' }));
    await vi.waitFor(() => {
      expect(writeText).toHaveBeenCalledTimes(1);
    });
    const copied = String((writeText.mock.calls[0] as unknown[])[0]);
    expect(copied).toMatch(/^\*\*\* NOT READY TO SEND: this request has \d+ errors?\. \*\*\*/);
    expect(copied).toContain('No key pair for eu-west-1 (Ireland)');
    // Each error named as the form names its field, not by the request file's path.
    expect(copied).toContain('\n- Key ARNs: No key pair for eu-west-1 (Ireland)');
    expect(copied.split('\n\n')[0]).not.toMatch(/^- keys\b/m);
  });

  it("Copy all's banner lists the errors as the list above does, in the form's order", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    // The rules find the impact level before the organization ID (the request format's order).
    setup({ ...validDraft(), impact: '', timing: '', organizationId: '' });
    await fireEvent.click(screen.getByRole('button', { name: /^Copy all/ }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Copy marked as not ready' }));
    await vi.waitFor(() => {
      expect(writeText).toHaveBeenCalledTimes(1);
    });
    const banner = String((writeText.mock.calls[0] as unknown[])[0]).split('\n\n')[0] ?? '';
    expect(banner.split('\n').map((line) => line.replace(/:.*$/, ''))).toEqual([
      '*** NOT READY TO SEND',
      '- Organization ID',
      '- Timing',
      '- Impact level',
    ]);
  });

  it("with errors, no field's Copy button copies an unmarked value; they are back once fixed", async () => {
    const { form } = setup({ ...validDraft(), awsAccountId: '', keys: validDraft().keys.slice(0, 1) });
    const ticket = screen.getByRole('region', { name: 'The ticket, field by field' });
    expect(within(ticket).queryByRole('button', { name: /^Copy the answer to/ })).toBeNull();
    expect(
      screen.getByText(/Each field's Copy button is available once the 3 errors above are fixed\./),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Copy all/ })).toBeInTheDocument();
    form.draft = validDraft();
    await tick();
    expect(
      within(ticket).getByRole('button', { name: 'Copy the answer to “Summarize your issue”' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Each field's Copy button is available/)).toBeNull();
  });

  it('shows one block per support-form field, exactly as the ticket renders', () => {
    setup();
    const ticket = screen.getByRole('region', { name: 'The ticket, field by field' });
    const headings = within(ticket).getAllByRole('heading', { level: 4 });
    expect(headings).toHaveLength(10);
    expect(headings[0]).toHaveTextContent('What can we help you with?');
    expect(within(ticket).getByText('Re-encryption for AWS account 012345678901')).toBeInTheDocument();
    expect(within(ticket).getAllByText('Leave empty.')).toHaveLength(2);
  });

  it('enables export only without errors and reports the chosen format', async () => {
    const { onexport } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Export as JSON (.json)' }));
    expect(onexport).toHaveBeenCalledWith('json');
  });

  it('disables export with the reason while there are errors', () => {
    setup({ ...validDraft(), siteUrl: '' });
    const button = screen.getByRole('button', { name: 'Export as text (.txt)' });
    expect(button).toBeDisabled();
    expect(screen.getByRole('group', { name: 'Export' })).toHaveAccessibleDescription(
      'Export is available once the error above is fixed.',
    );
  });

  it('adapts the notice for users to the timing', () => {
    setup();
    expect(
      screen.getByText(/^Subject: Our Atlassian apps: encryption key change in a maintenance window/),
    ).toBeInTheDocument();
  });

  it('the notice for users names the window hours in server time, and no date Atlassian has not confirmed', () => {
    setup({ ...validDraft(), timing: 'next-maintenance-window' }, 'UTC');
    const notice = screen.getByText(/^Subject: Our Atlassian apps/).textContent;
    expect(notice).toContain(
      'during the next available maintenance window after its support team handles our request',
    );
    expect(notice).toContain('from 01:00 to 03:00 UTC time');
    expect(notice).not.toMatch(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/);
  });

  it('names the site in the notice for users only when the rules accept its URL', () => {
    setup({ ...validDraft(), siteUrl: 'https://admin.atlassian.com' });
    const refused = screen.getByText(/^Subject: Our Atlassian apps/).textContent;
    expect(refused).not.toContain('admin.atlassian.com');
    expect(refused).toContain('We are moving our Atlassian Cloud apps (such as Jira and Confluence) to new');
    cleanup();
    setup();
    const named = screen.getByText(/^Subject: Our Atlassian apps/).textContent;
    expect(named).toContain('our Atlassian Cloud apps at https://acme.atlassian.net (and any other');
  });
});
