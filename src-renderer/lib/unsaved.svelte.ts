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
  /** The record form and Rename box open then (each time main said so), with what was typed in them. */
  readonly typed: readonly { readonly form: RecordTexts; readonly rename: string | undefined }[];
  /**
   * The describe-key output the Keys step's boxes held then, by the id of its box: the draft never stores
   * the text pasted (only the ARN it filled and what it said about the key), and a frozen request has no
   * Keys step to show it in.
   */
  readonly pasted: Readonly<Record<string, string>>;
}

/** The record panel's open form, if any, and what is typed in it. */
export interface RecordTexts {
  readonly form: RecordChange | undefined;
  ticket: string;
  /** Sent at, or completed on. */
  at: string;
  /** The completion note or the withdrawal reason. */
  text: string;
  /** Who sent it: kept while the draft is open, so a second form does not ask again. */
  name: string;
}

export class Unsaved {
  record = $state<RecordTexts>({ form: undefined, ticket: '', at: '', text: '', name: '' });
  /** The Rename box's text, while it is open. */
  rename = $state<string | undefined>(undefined);
  /** describe-key output pasted and not part of the draft, by the id of its box. */
  readonly pasted: Record<string, string> = $state({});
  /** Shown until the user dismisses it. */
  changedElsewhere = $state.raw<ChangedElsewhere | undefined>(undefined);
  /**
   * The draft as it was on screen when the vault locked, until it opens again after unlock: a request sent,
   * completed or withdrawn elsewhere meanwhile is then told as one frozen while open here.
   */
  atLock: DraftDocument | undefined;

  /**
   * What was typed for a draft open when the vault locked and gone when it unlocked (deleted elsewhere
   * meanwhile), for the alert that says so: the record form's and Rename box's texts and pasted
   * describe-key output, which the draft never held (its content was saved before the lock). Their labels
   * load with it, as the changed-elsewhere alert's do.
   */
  async lostAtLock(): Promise<string> {
    const mine = this.atLock;
    if (mine === undefined) return '';
    const { notSaved } = await import('./changed-elsewhere.js');
    const lost = notSaved(this.frozenElsewhere(mine, mine));
    if (lost.length === 0) return '';
    return ` What you had typed there was not saved: ${lost.map(({ label, value }) => `${label}: ${value}`).join('; ')}.`;
  }

  /** Opens a record form, empty, or closes it (done or cancelled: its texts go with it). */
  showRecordForm(form: RecordChange | undefined): void {
    this.record = { form, ticket: '', at: '', text: '', name: this.record.name };
  }

  /**
   * The request was frozen elsewhere (`record`, as stored) while `mine` was on screen: the alert shows until
   * dismissed. The record form and the Rename box close, as their changes can no longer be made, and so do
   * the Keys step's describe-key boxes (a frozen request has no steps): what was typed or pasted in them
   * moves into the alert. Told again (a later answer), the alert keeps what it holds.
   */
  frozenElsewhere(record: DraftDocument, mine: DraftDocument): ChangedElsewhere {
    const earlier = this.changedElsewhere;
    const typed = { form: $state.snapshot(this.record), rename: this.rename };
    this.changedElsewhere = {
      record,
      mine: earlier?.mine ?? mine,
      typed: [...(earlier?.typed ?? []), typed],
      pasted: { ...earlier?.pasted, ...$state.snapshot(this.pasted) },
    };
    this.record = { form: undefined, ticket: '', at: '', text: '', name: '' };
    this.rename = undefined;
    // Emptied in place: the form's describe-key boxes share this object (DraftEditor).
    for (const id of Object.keys(this.pasted)) Reflect.deleteProperty(this.pasted, id);
    return this.changedElsewhere;
  }
}
