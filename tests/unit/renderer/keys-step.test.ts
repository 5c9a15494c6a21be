import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { FormState } from '../../../src-renderer/lib/form-state.svelte.js';
import StepAccount from '../../../src-renderer/steps/StepAccount.svelte';
import StepKeys from '../../../src-renderer/steps/StepKeys.svelte';
import { ACCOUNT, arn, describeKeyOutput, validDraft } from './fixtures.js';

function keysStep(realm: 'eu' | 'de' | '' = 'eu') {
  const form = new FormState();
  form.draft.awsAccountId = ACCOUNT;
  if (realm !== '') form.setRealm(realm);
  form.step = 'keys';
  render(StepKeys, { form, onnavigate: vi.fn() });
  return form;
}

describe('Keys step', () => {
  it('says when the new keys are swapped between the regions and swaps them back in one action', async () => {
    const form = keysStep('eu');
    form.draft.keys = [
      { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-west-1', 4) },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-central-1', 2) },
    ];
    form.touch('keys');
    expect(await screen.findByText(/The new keys look swapped/)).toBeInTheDocument();
    expect(screen.queryByText(/Create the new key in/)).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Swap the new keys back' }));
    expect(form.draft.keys).toEqual([
      { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-central-1', 2) },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4) },
    ]);
    expect(form.validation.errors.filter((finding) => finding.path.startsWith('keys'))).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Swap the new keys back' })).not.toBeInTheDocument();
  });

  it('shows the swap message and its button together, once a key field has been visited', async () => {
    const form = keysStep('eu');
    form.draft.keys = [
      { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-west-1', 4) },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-central-1', 2) },
    ];
    expect(form.findingsAt('keys').map((finding) => finding.code)).toEqual(['keys.region.swapped']);
    expect(screen.queryByText(/The new keys look swapped/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Swap the new keys back' })).not.toBeInTheDocument();

    await fireEvent.blur(screen.getByRole('textbox', { name: 'New key ARN for eu-west-1' }));
    expect(await screen.findByText(/The new keys look swapped/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Swap the new keys back' })).toHaveAccessibleDescription(
      /^Error: The new keys look swapped: the new key typed for eu-central-1 is in eu-west-1/,
    );
  });

  it("names the old key typed in the wrong row, instead of asking for a new key in that key's region", async () => {
    const form = keysStep('eu');
    form.draft.keys = [
      { oldKeyArn: arn('eu-west-1', 9), newKeyArn: arn('eu-central-1', 2) },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4) },
    ];
    for (const name of ['Old key ARN for eu-central-1', 'New key ARN for eu-central-1'])
      await fireEvent.blur(screen.getByRole('textbox', { name }));
    expect(
      await screen.findByText(/This key is in eu-west-1 \(Ireland\), but this row is for eu-central-1/),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Old key ARN for eu-central-1' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.queryByText(/Use a new key in eu-west-1/)).not.toBeInTheDocument();
    expect(form.findingsAt('keys').map((finding) => finding.code)).toEqual([]);
  });

  it('shows one group of fields per realm region, labelled by region', () => {
    keysStep('eu');
    const frankfurt = screen.getByRole('group', { name: 'Keys in eu-central-1 (Frankfurt)' });
    expect(within(frankfurt).getByRole('textbox', { name: 'Old key ARN for eu-central-1' })).toHaveAttribute(
      'id',
      'field-keys-0-oldKeyArn',
    );
    expect(screen.getByRole('textbox', { name: 'New key ARN for eu-west-1' })).toHaveAttribute(
      'id',
      'field-keys-1-newKeyArn',
    );
  });

  it('fills the ARN from pasted describe-key output and lists the checks it passed', async () => {
    const form = keysStep('eu');
    const newKey = arn('eu-west-1', 4);
    const output = screen.getByLabelText(/Paste the command's output here for the new key, eu-west-1/);
    await fireEvent.input(output, { target: { value: describeKeyOutput(newKey) } });
    expect(await screen.findByText('Key ARN filled in. The key passed every check:')).toBeInTheDocument();
    expect(form.draft.keys[1]?.newKeyArn).toBe(newKey);
    expect(screen.getByRole('textbox', { name: 'New key ARN for eu-west-1' })).toHaveValue(newKey);
    expect(screen.getByText('Key ARN filled in. The key passed every check:')).toBeInTheDocument();
    expect(screen.getByText(/It is in eu-west-1 \(Ireland\), as needed here/)).toBeInTheDocument();
  });

  it('keeps the panel open and the focus in the box while output is typed or pasted', async () => {
    keysStep('eu');
    const panel = document.querySelector('details.describe-key') as HTMLDetailsElement;
    await fireEvent.click(within(panel).getByText(/Fill in and check with the AWS CLI/));
    expect(panel.open).toBe(true);
    const output = within(panel).getByLabelText(/Paste the command's output here/);
    output.focus();
    for (const value of ['x', 'xy', describeKeyOutput(arn('eu-central-1', 1))]) {
      await fireEvent.input(output, { target: { value } });
      await tick();
      expect(panel.open).toBe(true);
      expect(output).toHaveFocus();
    }
    expect(await within(panel).findByText(/Key ARN filled in/)).toBeVisible();
  });

  it('says when the pasted key is disabled or in the wrong region', async () => {
    keysStep('eu');
    const output = screen.getByLabelText(/Paste the command's output here for the old key, eu-central-1/);
    const wrong = arn('eu-west-1', 8);
    await fireEvent.input(output, {
      target: { value: describeKeyOutput(wrong, { Enabled: false, KeyState: 'Disabled' }) },
    });
    expect(await screen.findByText(/cannot be used as it is/)).toBeInTheDocument();
    // In the check's list, and as an error at the field that stays after the panel is gone.
    expect(screen.getAllByText(/The key is disabled/)).toHaveLength(2);
    expect(screen.getByText(/this row needs a key in eu-central-1 \(Frankfurt\)/)).toBeInTheDocument();
  });

  it('keeps an ARN already typed when the pasted output is of another key that cannot be used here', async () => {
    const form = keysStep('eu');
    const typed = arn('eu-central-1', 2);
    form.draft.keys[0] = { oldKeyArn: arn('eu-central-1', 1), newKeyArn: typed };
    const output = screen.getByLabelText(/Paste the command's output here for the new key, eu-central-1/);
    await fireEvent.input(output, { target: { value: describeKeyOutput(arn('eu-west-1', 9)) } });
    expect(await screen.findByText(/this row needs a key in eu-central-1 \(Frankfurt\)/)).toBeInTheDocument();
    expect(form.draft.keys[0].newKeyArn).toBe(typed);
    expect(screen.getByRole('textbox', { name: 'New key ARN for eu-central-1' })).toHaveValue(typed);
    expect(screen.getByText(/not filled in/)).toBeInTheDocument();
  });

  it('explains output that is not JSON without touching the field', async () => {
    const form = keysStep('de');
    const output = screen.getByLabelText(/Paste the command's output here for the new key/);
    await fireEvent.input(output, { target: { value: 'An error occurred (AccessDeniedException)' } });
    expect(await screen.findByText(/This is not JSON output/)).toBeInTheDocument();
    expect(form.draft.keys[0]?.newKeyArn).toBe('');
  });

  it('offers the describe-key command with the typed ARN and region, ready to copy', async () => {
    const form = keysStep('de');
    form.draft.keys[0] = { oldKeyArn: arn('eu-central-1', 1), newKeyArn: '' };
    await vi.waitFor(() =>
      expect(document.getElementById('field-keys-0-oldKeyArn-cli-command')).toHaveTextContent(
        `aws kms describe-key --key-id ${arn('eu-central-1', 1)} --region eu-central-1`,
      ),
    );
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await fireEvent.click(
      screen.getByRole('button', { name: /Copy the describe-key command for the old key/ }),
    );
    await vi.waitFor(() => {
      expect(writeText).toHaveBeenCalledWith(expect.stringContaining('--region eu-central-1'));
    });
    expect(await screen.findByText('✓ Copied')).toBeInTheDocument();
  });

  it('asks for a realm first when there is none', () => {
    keysStep('');
    expect(screen.getByText(/Choose your realm first/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to AWS account and realm' })).toBeInTheDocument();
  });

  it('shows keys set aside by a realm change, and can put them back', async () => {
    const form = keysStep('eu');
    form.draft.keys[1] = { oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' };
    form.setRealm('uk');
    const kept = await screen.findByRole('region', { name: 'Key pairs not in the request' });
    expect(within(kept).getByText(arn('eu-west-1', 3))).toBeInTheDocument();
    await fireEvent.click(within(kept).getByRole('button', { name: /Use for eu-west-2/ }));
    expect(form.draft.keys).toEqual([{ oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' }]);
    // The card is gone: focus follows the keys into their row, not to the page.
    await vi.waitFor(() => {
      expect(screen.getByRole('textbox', { name: 'Old key ARN for eu-west-2' })).toHaveFocus();
    });
  });

  it('moves focus to the next kept pair, then to the step title, as each is discarded', async () => {
    const form = keysStep('eu');
    form.draft.keys = [
      { oldKeyArn: arn('eu-central-1', 1), newKeyArn: '' },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' },
    ];
    form.setRealm('au');
    const kept = await screen.findByRole('region', { name: 'Key pairs not in the request' });
    const discard = () => within(kept).getAllByRole('button', { name: /^Discard the keys typed for/ });
    expect(discard()).toHaveLength(2);
    await fireEvent.click(discard()[0] as HTMLElement);
    await vi.waitFor(() => {
      expect(within(kept).getByRole('button', { name: /Use for ap-southeast-2/ })).toHaveFocus();
    });
    await fireEvent.click(discard()[0] as HTMLElement);
    await vi.waitFor(() => {
      expect(screen.getByRole('heading', { name: 'Keys' })).toHaveFocus();
    });
    expect(form.setAside).toEqual([]);
  });
});

describe('Keys step of a reopened draft', () => {
  it('shows each saved value in its own row and the kept pairs in their panel', () => {
    const form = new FormState();
    const half = 'arn:aws:kms:eu-west-1:1234';
    form.openDraft(
      {
        ...validDraft(),
        keys: [
          { oldKeyArn: '', newKeyArn: '' },
          { oldKeyArn: half, newKeyArn: '' },
        ],
      },
      [],
      'keys',
      [],
      [{ oldKeyArn: arn('us-east-1', 7), newKeyArn: '', region: 'us-east-1' }],
    );
    render(StepKeys, { form, onnavigate: vi.fn() });
    expect(screen.getByRole('textbox', { name: 'Old key ARN for eu-west-1' })).toHaveValue(half);
    expect(screen.getByRole('textbox', { name: 'Old key ARN for eu-central-1' })).toHaveValue('');
    const kept = screen.getByRole('region', { name: 'Key pairs not in the request' });
    expect(within(kept).getByText(/Typed for us-east-1/)).toBeInTheDocument();
    expect(within(kept).getByText(arn('us-east-1', 7))).toBeInTheDocument();
  });
});

describe('Account step: realm switch', () => {
  it('keeps typed ARNs when the realm changes and says where they are', async () => {
    const form = new FormState();
    form.setRealm('eu');
    form.draft.keys[1] = { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4) };
    render(StepAccount, { form, onnavigate: vi.fn() });
    const realm = screen.getByRole('combobox', { name: /^Realm/ });
    await fireEvent.change(realm, { target: { value: 'de' } });
    expect(form.draft.realm).toBe('de');
    expect(form.draft.keys).toHaveLength(1);
    expect(
      screen.getByText(/The keys you typed for eu-west-1 \(Ireland\) are not part of this realm/),
    ).toBeInTheDocument();
    await fireEvent.change(realm, { target: { value: 'eu' } });
    expect(form.draft.keys[1]).toEqual({ oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4) });
  });

  it("shows the regions of the chosen realm and says Atlassian's example account is an error", async () => {
    const form = new FormState();
    render(StepAccount, { form, onnavigate: vi.fn() });
    await fireEvent.change(screen.getByRole('combobox', { name: /^Realm/ }), { target: { value: 'us' } });
    expect(screen.getByText('us-east-1 (N. Virginia)')).toBeInTheDocument();
    expect(screen.getByText('us-west-2 (Oregon)')).toBeInTheDocument();
    const account = screen.getByRole('textbox', { name: /^AWS account ID/ });
    await fireEvent.input(account, { target: { value: '2797-6624-4153' }, inputType: 'insertFromPaste' });
    await vi.waitFor(() => expect(account).toHaveValue('279766244153'));
    expect(account).toHaveAccessibleDescription(
      expect.stringContaining("the example from Atlassian's re-encryption page"),
    );
    expect(account).toHaveAttribute('aria-invalid', 'true');
  });
});
