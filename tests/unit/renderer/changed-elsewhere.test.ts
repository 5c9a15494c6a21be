/**
 * The alert for a request sent, completed or withdrawn elsewhere while open here: what happened (from the
 * stored record, made with the app's own lifecycle rules) and what was not saved, field by field.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ChangedElsewhere from '../../../src-renderer/components/ChangedElsewhere.svelte';
import { notSaved, whatHappened } from '../../../src-renderer/lib/changed-elsewhere.js';
import type { DraftDocument } from '../../../src-shared/drafts/draft.js';
import { markSent, withdraw } from '../../../src-shared/drafts/life.js';
import { autoTitle } from '../../../src-shared/drafts/title.js';
import { arn, draftDocument, validDraft } from './fixtures.js';

const ACTOR = { user: 'tester' };

function sent(draft: DraftDocument, ticket = 'CMK-77'): DraftDocument {
  const result = markSent(draft, { ticket, at: '2026-12-01T10:00:00+01:00', by: ACTOR }, new Date());
  if (!result.ok) throw new Error(result.message);
  return result.value.draft;
}

const stored = draftDocument({ request: validDraft() });

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
    expect(notSaved(sent(stored), mine)).toEqual([
      { label: 'Draft name', value: 'EU keys, March' },
      { label: 'Before you start: checklist', value: '2 of 4 ticked' },
      { label: 'Extra participants', value: 'a@acme.example\nb@acme.example' },
      { label: 'Key ARNs, eu-west-1', value: `Old: ${arn('eu-west-1', 3)}\nNew: arn:typed` },
      { label: 'Working hours', value: '' },
      { label: 'Notes for support', value: 'Line one\nLine two' },
    ]);
    expect(notSaved(sent(stored), stored)).toEqual([]);
    // A title that follows the account typed is not listed apart from the account.
    const account = { ...stored.request, awsAccountId: '210987654321' };
    expect(
      notSaved(sent({ ...stored, title: autoTitle(stored.request) }), {
        ...stored,
        title: autoTitle(account),
        request: account,
      }),
    ).toEqual([{ label: 'AWS account ID', value: '210987654321' }]);
  });
});

describe('ChangedElsewhere', () => {
  it('shows an alert with the values as selectable text, until dismissed', async () => {
    const ondismiss = vi.fn();
    const mine = { ...stored, request: { ...stored.request, notes: 'Please start after 18:00 UTC.' } };
    render(ChangedElsewhere, { changed: { record: sent(stored), mine }, ondismiss });
    expect(screen.getByRole('alert')).toHaveTextContent(
      /^This request was marked sent elsewhere \(Atlassian ticket CMK-77\) while it was open here\. Your last changes were not saved:\s*Notes for support\s*Please start after 18:00 UTC\.\s*To use them, make a New revision/u,
    );
    expect(screen.getByText('Please start after 18:00 UTC.').tagName).toBe('DD');
    expect(ondismiss).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(ondismiss).toHaveBeenCalledOnce();
  });

  it('says the request is read-only now when nothing typed was lost', () => {
    render(ChangedElsewhere, { changed: { record: sent(stored), mine: stored }, ondismiss: vi.fn() });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This request was marked sent elsewhere (Atlassian ticket CMK-77) while it was open here. It is read-only now, as the record above shows.',
    );
    expect(screen.queryByRole('term')).not.toBeInTheDocument();
  });
});
