import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { FormState } from '../../../src-renderer/lib/form-state.svelte.js';
import StepAccount from '../../../src-renderer/steps/StepAccount.svelte';
import { ACCOUNT, arn, validDraft } from './fixtures.js';

function setup() {
  const form = new FormState();
  form.draft = validDraft();
  form.step = 'account';
  render(StepAccount, { form, onnavigate: vi.fn() });
  return form;
}

const ELSEWHERE = /Key ARNs on the Keys step are in account/;

describe('Account step', () => {
  // QA D, finding 19: a mistyped account showed its conflict only on the Keys step, once per key.
  it('says where the keys are when the account ID typed is not theirs', async () => {
    setup();
    const field = screen.getByLabelText(/^AWS account ID/);
    await fireEvent.input(field, { target: { value: '098765432109' } });
    await fireEvent.blur(field);
    expect(await screen.findByText(ELSEWHERE)).toHaveTextContent(
      `Key ARNs on the Keys step are in account ${ACCOUNT}, not in this one. The ticket is about one account: correct the account ID, or the keys.`,
    );
    await fireEvent.input(field, { target: { value: ACCOUNT } });
    await vi.waitFor(() => expect(screen.queryByText(ELSEWHERE)).not.toBeInTheDocument());
  });

  it('names every other account once, with keys pasted with spaces around them', async () => {
    const form = setup();
    form.draft.keys = [
      {
        oldKeyArn: ` ${arn('eu-central-1', 1, '111111111111')} `,
        newKeyArn: arn('eu-central-1', 2, '111111111111'),
      },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4, '222222222222') },
    ];
    form.touch('awsAccountId');
    expect(await screen.findByText(ELSEWHERE)).toHaveTextContent(
      'Key ARNs on the Keys step are in account 111111111111 and 222222222222, not in this one.',
    );
  });

  it('says nothing before the account field is visited, nor when the keys are in its account', async () => {
    const form = setup();
    form.draft.awsAccountId = '098765432109';
    await vi.waitFor(() => {
      expect(form.findings.some((f) => f.code === 'keys.arn.account-mismatch')).toBe(true);
    });
    expect(screen.queryByText(ELSEWHERE)).not.toBeInTheDocument();
    form.draft.awsAccountId = ACCOUNT;
    form.touch('awsAccountId');
    await vi.waitFor(() => expect(screen.getByLabelText(/^AWS account ID/)).toHaveValue(ACCOUNT));
    expect(screen.queryByText(ELSEWHERE)).not.toBeInTheDocument();
  });
});
