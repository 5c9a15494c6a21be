/**
 * What the user typed for an open draft that is not part of it: the record panel's form and its texts,
 * the Rename box, describe-key output pasted in the Keys step, and the changes a save could not store
 * because the request was sent, completed or withdrawn elsewhere. In memory only, never written to the
 * vault; the session hands it to the draft's next editor after a lock, so it comes back after unlock.
 */
import type { DraftDocument } from '../../src-shared/drafts/draft.js';

/** The changes to a request's record that the user fills in a form for (the record panel). */
export type RecordChange = 'send' | 'complete' | 'withdraw';

/** A request frozen elsewhere while open here, and the draft as it was on screen then. */
export interface ChangedElsewhere {
  /** The stored draft, as main answered it. */
  readonly record: DraftDocument;
  /** What the user had on screen: its content fields that differ from the record were not saved. */
  readonly mine: DraftDocument;
}

export class Unsaved {
  /** The record panel's form that is open, if any. */
  recordForm = $state<RecordChange | undefined>(undefined);
  /** Its texts: the ticket reference, the time (sent at, completed on), the note or reason. */
  ticket = $state('');
  at = $state('');
  text = $state('');
  /** Who sent it: kept while the draft is open, so a second form does not ask again. */
  name = $state('');
  /** The Rename box's text, while it is open. */
  rename = $state<string | undefined>(undefined);
  /** describe-key output pasted and not part of the draft, by the id of its box. */
  readonly pasted: Record<string, string> = $state({});
  /** Shown until the user dismisses it. */
  changedElsewhere = $state.raw<ChangedElsewhere | undefined>(undefined);

  /** Opens a record form, empty. */
  openRecordForm(change: RecordChange): void {
    this.closeRecordForm();
    this.recordForm = change;
  }

  /** The record form is done with (recorded or cancelled): its texts go with it. */
  closeRecordForm(): void {
    this.recordForm = undefined;
    this.ticket = '';
    this.at = '';
    this.text = '';
  }
}
