/** describe-key results belong to the draft: they survive moving on and reopening, and drop with their ARN. */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftDocumentSchema } from '../../../src-shared/drafts/draft-schema.js';
import { DraftEditor } from '../../../src-renderer/lib/draft-editor.svelte.js';
import { FormState } from '../../../src-renderer/lib/form-state.svelte.js';
import StepKeys from '../../../src-renderer/steps/StepKeys.svelte';
import StepReview from '../../../src-renderer/steps/StepReview.svelte';
import { arn, describeKeyOutput, draftDocument, validDraft } from './fixtures.js';
import { FakeVault } from './fake-vault.js';

const newKey = arn('eu-west-1', 4);

async function pasteOutput(form: FormState, output: string): Promise<void> {
  const { unmount } = render(StepKeys, { form, onnavigate: vi.fn() });
  const box = screen.getByLabelText(/Paste the command's output here for the new key, eu-west-1/);
  await fireEvent.input(box, { target: { value: output } });
  await vi.waitFor(() => {
    expect(form.keyChecks).toHaveLength(1);
  });
  unmount();
}

describe('describe-key results in the form', () => {
  it('a disabled key stays an error at the key and on Review after moving on, with the check time', async () => {
    const form = new FormState();
    form.draft = validDraft();
    await pasteOutput(form, describeKeyOutput(newKey, { Enabled: false, KeyState: 'Disabled' }));
    form.goTo('review');
    expect(form.findingsAt('keys[1].newKeyArn')).toMatchObject([
      {
        severity: 'error',
        code: 'keys.check.state',
        message: expect.stringMatching(
          /^aws kms describe-key, checked \d{4}-\d\d-\d\d \d\d:\d\d UTC: The key is disabled/,
        ) as unknown,
      },
    ]);
    render(StepReview, { form, busy: false, onnavigate: vi.fn(), onjump: vi.fn(), onexport: vi.fn() });
    expect(screen.queryByText(/The ticket is ready/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: /^New key ARN, eu-west-1/ })).toBeInTheDocument();
    expect(screen.getByText(/The key is disabled/)).toBeInTheDocument();
  });

  it.each([
    [
      'an asymmetric signing key',
      { KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' },
      ['keys.check.usage'],
    ],
    ['a key pending deletion', { Enabled: false, KeyState: 'PendingDeletion' }, ['keys.check.state']],
    ['an AWS managed key', { KeyManager: 'AWS' }, ['keys.check.manager']],
  ])('%s is an error at the key', async (_name, overrides, codes) => {
    const form = new FormState();
    form.draft = validDraft();
    await pasteOutput(form, describeKeyOutput(newKey, overrides));
    const errors = form.findingsAt('keys[1].newKeyArn').filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => finding.code)).toEqual(codes);
  });

  it('an asymmetric encryption key is a warning: no Atlassian page this app was built from gives the key spec', async () => {
    const form = new FormState();
    form.draft = validDraft();
    await pasteOutput(
      form,
      describeKeyOutput(newKey, { KeySpec: 'RSA_4096', CustomerMasterKeySpec: 'RSA_4096' }),
    );
    expect(form.findingsAt('keys[1].newKeyArn').map(({ code, severity }) => [code, severity])).toEqual([
      ['keys.check.spec', 'warning'],
    ]);
  });

  it('a key that passed shows when it was checked; a changed ARN drops the result', async () => {
    const form = new FormState();
    form.draft = validDraft();
    await pasteOutput(form, describeKeyOutput(newKey));
    render(StepKeys, { form, onnavigate: vi.fn() });
    expect(
      screen.getByText(/✓ Checked \d{4}-\d\d-\d\d \d\d:\d\d UTC with aws kms describe-key/),
    ).toBeInTheDocument();
    const keys = form.draft.keys[1];
    if (keys) keys.newKeyArn = arn('eu-west-1', 9);
    flushSync();
    expect(form.currentKeyChecks).toEqual([]);
    expect(screen.queryByText(/✓ Checked/)).not.toBeInTheDocument();
  });

  it('warns when the "new" key is older than the old one', () => {
    const form = new FormState();
    form.draft = validDraft();
    const [oldArn, newArn] = [form.draft.keys[0]?.oldKeyArn ?? '', form.draft.keys[0]?.newKeyArn ?? ''];
    const facts = (keyArn: string, creationDate: string) => ({
      arn: keyArn,
      region: 'eu-central-1',
      account: '012345678901',
      enabled: true,
      keyState: 'Enabled',
      keyUsage: 'ENCRYPT_DECRYPT',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyManager: 'CUSTOMER',
      creationDate,
    });
    form.recordKeyCheck(facts(oldArn, '2025-06-01T00:00:00.000Z'), '2026-11-30T08:00:00.000Z');
    form.recordKeyCheck(facts(newArn, '2021-01-01T00:00:00.000Z'), '2026-11-30T08:00:00.000Z');
    expect(form.findingsAt('keys[0].newKeyArn')).toMatchObject([
      {
        severity: 'warning',
        code: 'keys.check.new-older',
        message: expect.stringMatching(
          /created 2021-01-01 00:00 UTC, before the old key \(2025-06-01 00:00 UTC\)/,
        ) as unknown,
      },
    ]);
  });
});

describe('describe-key results in the saved draft', () => {
  let vault: FakeVault;
  let editor: DraftEditor | undefined;
  beforeEach(() => {
    vault = new FakeVault();
  });
  afterEach(() => {
    editor?.close();
  });

  it('are saved with the draft, reopen with it, and a draft without them keeps its shape', async () => {
    const plain = draftDocument({ request: validDraft() });
    expect('keyChecks' in plain).toBe(false);
    expect(DraftDocumentSchema.parse(plain)).toEqual(plain);
    editor = new DraftEditor(vault.api, plain);
    flushSync();
    expect('keyChecks' in editor.document()).toBe(false);
    await pasteOutput(editor.form, describeKeyOutput(newKey, { Enabled: false, KeyState: 'Disabled' }));
    const saved = editor.document();
    expect(saved.keyChecks).toMatchObject([{ arn: newKey, facts: { keyState: 'Disabled', enabled: false } }]);
    expect(DraftDocumentSchema.parse(saved)).toEqual(saved);
    editor.close();
    editor = new DraftEditor(vault.api, saved);
    flushSync();
    expect(editor.form.findingsAt('keys[1].newKeyArn').map((finding) => finding.code)).toEqual([
      'keys.check.state',
    ]);
  });
});
