/**
 * The alert for a request sent, completed or withdrawn elsewhere while open here: what happened (from the
 * stored record, made with the app's own lifecycle rules) and what was not saved, field by field, then what
 * was typed in the record form and the Rename box that closed.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ChangedElsewhere from '../../../src-renderer/components/ChangedElsewhere.svelte';
import { notSaved, whatHappened } from '../../../src-renderer/lib/changed-elsewhere.js';
import { FormState } from '../../../src-renderer/lib/form-state.svelte.js';
import type { ChangedElsewhere as Changed, RecordTexts } from '../../../src-renderer/lib/unsaved.svelte.js';
import StepKeys from '../../../src-renderer/steps/StepKeys.svelte';
import type { DraftDocument } from '../../../src-shared/drafts/draft.js';
import { markSent, withdraw } from '../../../src-shared/drafts/life.js';
import { autoTitle } from '../../../src-shared/drafts/title.js';
import { fieldId } from '../../../src-renderer/lib/paths.js';
import { arn, describeKeyOutput, draftDocument, validDraft } from './fixtures.js';

const ACTOR = { user: 'tester' };

function sent(draft: DraftDocument, ticket = 'CMK-77'): DraftDocument {
  const result = markSent(draft, { ticket, at: '2026-12-01T10:00:00+01:00', by: ACTOR }, new Date());
  if (!result.ok) throw new Error(result.message);
  return result.value.draft;
}

const stored = draftDocument({ request: validDraft() });

/** What the alert holds when nothing was open but the form (and, if given, what the Keys step's boxes held). */
function changed(
  record: DraftDocument,
  mine: DraftDocument,
  typed: Changed['typed'] = [],
  pasted: Changed['pasted'] = {},
): Changed {
  return { record, mine, typed, pasted };
}

/** The id of the describe-key box for a key (the Keys step's, as KeyRow makes it). */
function box(index: number, side: 'oldKeyArn' | 'newKeyArn'): string {
  return fieldId(`keys[${String(index)}].${side}`);
}

const NOTHING: RecordTexts = { form: undefined, ticket: '', at: '', text: '', name: '' };

describe('what happened elsewhere', () => {
  it('names the state and, once sent, the ticket, from the stored record', () => {
    expect(whatHappened(sent(stored))).toBe(
      'This request was marked sent elsewhere (Atlassian ticket CMK-77) while it was open here.',
    );
    const withdrawn = withdraw(stored, {
      at: '2026-12-01T10:00:00+01:00',
      reason: 'Wrong account',
      by: ACTOR,
    });
    if (!withdrawn.ok) throw new Error(withdrawn.message);
    expect(whatHappened(withdrawn.value.draft)).toBe(
      'This request was withdrawn elsewhere while it was open here.',
    );
  });

  it('lists each changed field with its label and the value as typed; key pairs under their region', () => {
    const mine: DraftDocument = {
      ...stored,
      title: 'EU keys, March',
      checklist: ['new-keys-ready', 'backups'],
      request: {
        ...stored.request,
        notes: 'Line one\nLine two',
        participants: ['a@acme.example', 'b@acme.example'],
        phone: '',
        workingHours: '',
        keys: [
          stored.request.keys[0] ?? { oldKeyArn: '', newKeyArn: '' },
          { oldKeyArn: arn('eu-west-1', 3), newKeyArn: 'arn:typed' },
        ],
      },
    };
    expect(notSaved(changed(sent(stored), mine))).toEqual([
      { label: 'Draft name', value: 'EU keys, March' },
      { label: 'Before you start: checklist', value: '2 of 4 ticked' },
      { label: 'Extra participants', value: 'a@acme.example\nb@acme.example' },
      { label: 'Key ARNs, eu-west-1', value: `Old: ${arn('eu-west-1', 3)}\nNew: arn:typed` },
      { label: 'Working hours', value: '' },
      { label: 'Notes for support', value: 'Line one\nLine two' },
    ]);
    expect(notSaved(changed(sent(stored), stored))).toEqual([]);
    // A title that follows the account typed is not listed apart from the account.
    const account = { ...stored.request, awsAccountId: '210987654321' };
    expect(
      notSaved(
        changed(sent({ ...stored, title: autoTitle(stored.request) }), {
          ...stored,
          title: autoTitle(account),
          request: account,
        }),
      ),
    ).toEqual([{ label: 'AWS account ID', value: '210987654321' }]);
  });

  it('lists what was typed in the record form and the Rename box, under the labels those show', () => {
    const typed: Changed['typed'] = [
      {
        form: { form: 'send', ticket: 'ABC-123456', at: '2026-12-01', text: '', name: 'Ada Admin' },
        rename: 'EU keys, March',
      },
    ];
    const mine = { ...stored, request: { ...stored.request, notes: 'typed' } };
    expect(notSaved(changed(sent(stored), mine, typed))).toEqual([
      { label: 'Notes for support', value: 'typed' },
      { label: 'Atlassian ticket reference', value: 'ABC-123456' },
      { label: 'Your name', value: 'Ada Admin' },
      { label: 'Sent at', value: '2026-12-01' },
      { label: 'New draft name', value: 'EU keys, March' },
    ]);
    const complete: RecordTexts = { ...NOTHING, form: 'complete', at: '2026-12-02', text: 'Done.' };
    expect(notSaved(changed(sent(stored), stored, [{ form: complete, rename: undefined }]))).toEqual([
      { label: 'Atlassian confirmed completion on', value: '2026-12-02' },
      { label: 'Completion note', value: 'Done.' },
    ]);
    // Told twice (a second answer), with a form opened between: both forms' texts, in that order.
    const withdraw: RecordTexts = { ...NOTHING, form: 'withdraw', text: 'Wrong account\nsecond line' };
    expect(
      notSaved(
        changed(sent(stored), stored, [
          { form: complete, rename: undefined },
          { form: withdraw, rename: undefined },
        ]),
      ).map((text) => text.label),
    ).toEqual(['Atlassian confirmed completion on', 'Completion note', 'Withdrawal reason']);
  });

  it('lists nothing that was not typed: empty or blank boxes, the name the box opened with, the sender stored', () => {
    const mine = { ...stored, title: 'EU keys' };
    const blank: RecordTexts = { form: 'send', ticket: '  ', at: '', text: '', name: '' };
    expect(
      notSaved(changed({ ...sent(stored), title: 'EU keys' }, mine, [{ form: blank, rename: 'EU keys' }])),
    ).toEqual([]);
    expect(
      notSaved(changed({ ...sent(stored), title: 'EU keys' }, mine, [{ form: NOTHING, rename: undefined }])),
    ).toEqual([]);
    // The name is kept from one form to the next: once it is the stored sender's, it was recorded.
    const byAda = markSent(
      stored,
      { ticket: 'CMK-77', at: '2026-12-01T10:00:00+01:00', by: { user: 'ada', name: 'Ada Admin' } },
      new Date(),
    );
    if (!byAda.ok) throw new Error(byAda.message);
    const kept: RecordTexts = { ...NOTHING, form: 'complete', name: 'Ada Admin' };
    expect(notSaved(changed(byAda.value.draft, stored, [{ form: kept, rename: undefined }]))).toEqual([]);
    expect(notSaved(changed(sent(stored), stored, [{ form: kept, rename: undefined }]))).toEqual([
      { label: 'Your name', value: 'Ada Admin' },
    ]);
  });

  it("lists describe-key output pasted in the Keys step under the key it was for, in the Keys step's words and order", () => {
    const half = '{ "KeyMetadata": { "KeyId": "copied half';
    // Output whose ARN is the one stored: the draft keeps the ARN and the check, not the text pasted.
    const used = describeKeyOutput(arn('eu-central-1', 1));
    const pasted = {
      [box(1, 'newKeyArn')]: half,
      [box(0, 'oldKeyArn')]: used,
      [box(0, 'newKeyArn')]: ' \n ',
    };
    const mine = { ...stored, request: { ...stored.request, notes: 'typed' } };
    const typed: Changed['typed'] = [
      { form: { ...NOTHING, form: 'send', ticket: 'ABC-1' }, rename: undefined },
    ];
    expect(notSaved(changed(sent(stored), mine, typed, pasted))).toEqual([
      { label: 'Notes for support', value: 'typed' },
      { label: 'Output of aws kms describe-key for the old key, eu-central-1 (Frankfurt)', value: used },
      { label: 'Output of aws kms describe-key for the new key, eu-west-1 (Ireland)', value: half },
      { label: 'Atlassian ticket reference', value: 'ABC-1' },
    ]);
    // Nothing else changed: the text pasted is still listed, by itself.
    expect(notSaved(changed(sent(stored), stored, [], { [box(1, 'oldKeyArn')]: half }))).toEqual([
      { label: 'Output of aws kms describe-key for the old key, eu-west-1 (Ireland)', value: half },
    ]);
    // A box this app does not make (none today) still has its text listed, after the keys'.
    expect(
      notSaved(changed(sent(stored), stored, [], { 'field-other': 'kept', [box(1, 'oldKeyArn')]: half })),
    ).toEqual([
      { label: 'Output of aws kms describe-key for the old key, eu-west-1 (Ireland)', value: half },
      { label: 'Output of aws kms describe-key', value: 'kept' },
    ]);
    // Blank boxes are nothing typed.
    expect(
      notSaved(changed(sent(stored), stored, [], { [box(0, 'oldKeyArn')]: '', [box(1, 'newKeyArn')]: '\t' })),
    ).toEqual([]);
  });

  it("names every box the Keys step shows by the words of that box's label, with a realm and without", () => {
    for (const realm of ['eu', ''] as const) {
      const form = new FormState();
      form.draft = { ...validDraft(), realm };
      const { unmount } = render(StepKeys, { form, onnavigate: vi.fn() });
      const boxes = screen.getAllByLabelText(/^Paste the command's output here for the /u);
      expect(boxes).toHaveLength(4);
      // What KeyRow keeps for each box, under the box's own id (see DescribeKeyCheck).
      const pasted = Object.fromEntries(boxes.map((box) => [box.id.replace(/-cli-output$/u, ''), box.id]));
      const mine = { ...stored, request: { ...validDraft(), realm } };
      const listed = notSaved(changed(sent(stored), mine, [], pasted)).filter(({ label }) =>
        label.startsWith('Output of aws kms describe-key'),
      );
      expect(listed).toEqual(
        boxes.map((box) => ({
          label: (box as HTMLTextAreaElement).labels[0]?.textContent
            .replace(/\s+/gu, ' ')
            .replace("Paste the command's output here for the ", 'Output of aws kms describe-key for the '),
          value: box.id,
        })),
      );
      expect(listed.map(({ label }) => label)).toContain(
        realm === ''
          ? 'Output of aws kms describe-key for the new key, key pair 2'
          : 'Output of aws kms describe-key for the new key, eu-west-1 (Ireland)',
      );
      unmount();
    }
  });

  it('names a pasted box without a realm region by its key pair, as the Keys step does, by the realm on screen', () => {
    const half = '{ "KeyId": "x"';
    const noRealm = { ...stored, request: { ...stored.request, realm: '' as const } };
    expect(notSaved(changed(sent(noRealm), noRealm, [], { [box(1, 'newKeyArn')]: half }))).toEqual([
      { label: 'Output of aws kms describe-key for the new key, key pair 2', value: half },
    ]);
    // The realm typed (not saved) decides the regions, as it did on screen; a row past the realm's regions
    // (the box is kept though its row went) is named by its number.
    const us = { ...stored, request: { ...stored.request, realm: 'us' as const } };
    expect(
      notSaved(changed(sent(stored), us, [], { [box(0, 'newKeyArn')]: half, [box(2, 'oldKeyArn')]: half })),
    ).toEqual([
      { label: 'Realm', value: 'us' },
      { label: 'Output of aws kms describe-key for the new key, us-east-1 (N. Virginia)', value: half },
      { label: 'Output of aws kms describe-key for the old key, key pair 3', value: half },
    ]);
  });
});

describe('ChangedElsewhere', () => {
  it('shows an alert with the values as selectable text, until dismissed', async () => {
    const ondismiss = vi.fn();
    const mine = { ...stored, request: { ...stored.request, notes: 'Please start after 18:00 UTC.' } };
    const typed: Changed['typed'] = [
      { form: { ...NOTHING, form: 'send', ticket: 'ABC-123456' }, rename: undefined },
    ];
    render(ChangedElsewhere, { changed: changed(sent(stored), mine, typed), ondismiss });
    expect(screen.getByRole('alert')).toHaveTextContent(
      /^This request was marked sent elsewhere \(Atlassian ticket CMK-77\) while it was open here\. Your last changes were not saved:\s*Notes for support\s*Please start after 18:00 UTC\.\s*Atlassian ticket reference\s*ABC-123456\s*Copy what you still need from here before you dismiss this\. To change the request, make a New revision \(above\)\.$/u,
    );
    expect(screen.getByText('Please start after 18:00 UTC.').tagName).toBe('DD');
    expect(screen.getByText('ABC-123456').tagName).toBe('DD');
    expect(ondismiss).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(ondismiss).toHaveBeenCalledOnce();
  });

  it('shows describe-key output pasted as selectable text under the key it was for', () => {
    const half = '{ "KeyMetadata": { "KeyId": "copied half';
    render(ChangedElsewhere, {
      changed: changed(sent(stored), stored, [], { [box(1, 'newKeyArn')]: half }),
      ondismiss: vi.fn(),
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Your last changes were not saved:');
    expect(screen.getByRole('term')).toHaveTextContent(
      'Output of aws kms describe-key for the new key, eu-west-1 (Ireland)',
    );
    expect(screen.getByRole('definition')).toHaveTextContent(half);
  });

  it('says the request is read-only now when nothing typed was lost', () => {
    const empty: Changed['typed'] = [{ form: { ...NOTHING, form: 'complete' }, rename: undefined }];
    render(ChangedElsewhere, { changed: changed(sent(stored), stored, empty), ondismiss: vi.fn() });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This request was marked sent elsewhere (Atlassian ticket CMK-77) while it was open here. It is read-only now, as the record above shows.',
    );
    expect(screen.queryByRole('term')).not.toBeInTheDocument();
  });
});
