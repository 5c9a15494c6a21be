/**
 * The one outcome message outside the form (drafts list, trash, settings): `status` for success, which
 * clears itself, `alert` for a failure, which stays until dismissed or replaced.
 */

export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Notice {
  readonly kind: 'status' | 'alert';
  readonly text: string;
  /** A follow-up the user may want, such as Undo. */
  readonly action?: NoticeAction | undefined;
}

const STATUS_SECONDS = 10;

export class Notices {
  notice = $state.raw<Notice | undefined>(undefined);

  status(text: string, action?: NoticeAction): void {
    const notice: Notice = { kind: 'status', text, action };
    this.notice = notice;
    setTimeout(() => {
      if (this.notice === notice) this.notice = undefined;
    }, STATUS_SECONDS * 1000);
  }

  alert(text: string): void {
    this.notice = { kind: 'alert', text };
  }

  dismiss(): void {
    this.notice = undefined;
  }
}
