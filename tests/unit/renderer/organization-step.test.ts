import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { FormState } from '../../../src-renderer/lib/form-state.svelte.js';
import StepOrganization from '../../../src-renderer/steps/StepOrganization.svelte';
import { ORG_ID } from './fixtures.js';

function setup() {
  const form = new FormState();
  form.step = 'organization';
  const onnavigate = vi.fn();
  render(StepOrganization, { form, onnavigate });
  return { form, onnavigate };
}

function paste(element: HTMLElement, value: string): Promise<boolean> {
  return fireEvent.input(element, { target: { value }, inputType: 'insertFromPaste' });
}

describe('Organization step', () => {
  it('takes the organization ID out of a pasted admin URL and says which ID it found', async () => {
    const { form } = setup();
    const field = screen.getByLabelText(/^Organization ID/);
    await paste(field, `https://admin.atlassian.com/o/${ORG_ID}/overview`);
    await vi.waitFor(() => expect(field).toHaveValue(ORG_ID));
    expect(form.draft.organizationId).toBe(ORG_ID);
    const said = screen.getByText(/found the organization ID/);
    expect(said).toHaveTextContent(`found the organization ID ${ORG_ID} in the admin.atlassian.com URL`);
    expect(field).toHaveAccessibleDescription(expect.stringContaining(`found the organization ID ${ORG_ID}`));
  });

  it('shows the tidied ID after a second paste that tidies to the value the field already holds', async () => {
    const { form } = setup();
    const field = screen.getByLabelText(/^Organization ID/);
    const url = `https://admin.atlassian.com/o/${ORG_ID.toUpperCase()}/overview`;
    await paste(field, url);
    await vi.waitFor(() => expect(field).toHaveValue(ORG_ID));
    await paste(field, url);
    await vi.waitFor(() => expect(field).toHaveValue(ORG_ID));
    await fireEvent.blur(field);
    expect(field).toHaveValue(ORG_ID);
    expect(form.draft.organizationId).toBe(ORG_ID);
  });

  it("shows no success note for the placeholder URL from Atlassian's page, only the error", async () => {
    setup();
    const field = screen.getByLabelText(/^Organization ID/);
    await paste(field, 'https://admin.atlassian.com/o/my-organization-id-xxxxx-xxxxxxx-xxxxxx/overview');
    await vi.waitFor(() => expect(field).toHaveValue('my-organization-id-xxxxx-xxxxxxx-xxxxxx'));
    await fireEvent.blur(field);
    expect(await screen.findByText(/placeholder from the example URL/)).toBeInTheDocument();
    expect(screen.queryByText(/found the organization ID/)).not.toBeInTheDocument();
    expect(screen.queryByText(/Tidied/)).not.toBeInTheDocument();
  });

  it('says an admin URL pasted as the site URL is not a site, with no tidied note', async () => {
    setup();
    const field = screen.getByLabelText(/^Site URL/);
    await paste(field, `https://admin.atlassian.com/o/${ORG_ID}/overview`);
    await fireEvent.blur(field);
    expect(
      await screen.findByText(/admin\.atlassian\.com is one of Atlassian's own services/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Tidied/)).not.toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
  });

  it('keeps only the site part of a pasted page address', async () => {
    setup();
    const field = screen.getByLabelText(/^Site URL/);
    await paste(field, 'acme.atlassian.net/wiki/spaces/SEC/overview');
    await vi.waitFor(() => expect(field).toHaveValue('https://acme.atlassian.net'));
    expect(screen.getByText(/removed the path "\/wiki\/spaces\/SEC\/overview"/)).toBeInTheDocument();
  });

  it('shows an error at the field once the user leaves it, tied to it for screen readers', async () => {
    setup();
    const field = screen.getByLabelText(/^Organization ID/);
    expect(field).toHaveAttribute('aria-invalid', 'false');
    await fireEvent.input(field, { target: { value: 'my-org' } });
    await fireEvent.blur(field);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(expect.stringContaining('the organization ID as a UUID'));
  });

  it('adds and removes participant rows, each validated as an e-mail address', async () => {
    const { form } = setup();
    await fireEvent.click(screen.getByRole('button', { name: /Add a participant/ }));
    const first = screen.getByRole('textbox', { name: 'Participant 1 e-mail' });
    await vi.waitFor(() => expect(first).toHaveFocus());
    await fireEvent.input(first, { target: { value: 'not-an-address' } });
    await fireEvent.blur(first);
    expect(first).toHaveAccessibleDescription(expect.stringContaining('is not an e-mail address'));
    await fireEvent.click(screen.getByRole('button', { name: 'Remove participant 1' }));
    expect(form.draft.participants).toEqual([]);
    expect(screen.queryByRole('textbox', { name: 'Participant 1 e-mail' })).not.toBeInTheDocument();
  });

  it('takes no more than a draft keeps: text beyond its limit, rows beyond its count (main refuses to save more)', async () => {
    const { form } = setup();
    expect(screen.getByLabelText(/^Site URL/)).toHaveAttribute('maxlength', '2000');
    expect(screen.getByLabelText(/^Organization ID/)).toHaveAttribute('maxlength', '500');
    const add = screen.getByRole('button', { name: /Add a participant/ });
    for (let row = 0; row < 50; row++) await fireEvent.click(add);
    expect(form.draft.participants).toHaveLength(50);
    expect(screen.getByRole('textbox', { name: 'Participant 50 e-mail' })).toHaveAttribute(
      'maxlength',
      '320',
    );
    expect(add).toBeDisabled();
    expect(add).toHaveAccessibleDescription('A draft keeps at most 50 rows here.');
    await fireEvent.click(screen.getByRole('button', { name: 'Remove participant 50' }));
    expect(add).toBeEnabled();
  });

  it("describes participants in the words of Atlassian's page, promising no notification it does not", () => {
    setup();
    const group = screen.getByRole('group', { name: /Extra participants/ });
    expect(group).toHaveAccessibleDescription(/want to be notified about the request/);
    expect(group).not.toHaveAccessibleDescription(/every update/);
  });

  it("says of the site URL what Atlassian's page says: any URL of the organization; the main site should help", () => {
    setup();
    const field = screen.getByLabelText(/^Site URL/);
    expect(field).toHaveAccessibleDescription(/any URL from your organization/);
    expect(field).toHaveAccessibleDescription(/main site's URL should help/);
    expect(field).not.toHaveAccessibleDescription(/is best/);
  });

  it('moves on with the Next button', async () => {
    const { onnavigate } = setup();
    await fireEvent.click(screen.getByRole('button', { name: /Next: AWS account and realm/ }));
    expect(onnavigate).toHaveBeenCalledWith('account');
  });
});
