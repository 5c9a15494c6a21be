/**
 * The offer to re-encrypt drafts that are encrypted to another set of recipients than the vault's current
 * one (after the compliance recipients changed in Settings or in the organization's policy). Main does
 * the work in batches, so the count can go down as it runs.
 */
import type { ResultOf } from '../../src-shared/ipc/contract.js';
import type { Api } from './api.js';

const BATCH = 25;

export type RecipientsCheck = ResultOf<'draftsRecipients'>;

export class ReencryptOffer {
  check = $state.raw<RecipientsCheck | undefined>(undefined);
  running = $state(false);
  /** Re-encrypted so far in this run, and how many there were to do when it started. */
  done = $state(0);
  total = $state(0);
  /** The last run's outcome, or why the check or the run failed, in words for the user. */
  result = $state<{ readonly ok: boolean; readonly message: string } | undefined>(undefined);

  constructor(
    private readonly api: Api,
    private readonly onlocked: () => void,
  ) {}

  /** Counts the drafts to re-encrypt (the drafts screen asks each time it is shown). */
  async refresh(): Promise<void> {
    const checked = await this.api.draftsRecipients({});
    if (checked.ok) {
      this.check = checked.value;
      return;
    }
    if (checked.code === 'locked') this.onlocked();
    else
      this.result = { ok: false, message: `The drafts' recipients could not be checked. ${checked.message}` };
  }

  /** Re-encrypts every counted draft, a batch at a time, until none is left (or a batch changes nothing). */
  async run(): Promise<void> {
    if (this.running || this.check === undefined) return;
    this.running = true;
    this.result = undefined;
    this.done = 0;
    this.total = this.check.outdated;
    let skipped: number;
    try {
      for (;;) {
        const batch = await this.api.draftsReencrypt({ limit: BATCH });
        if (!batch.ok) {
          if (batch.code === 'locked') this.onlocked();
          this.result = {
            ok: false,
            message: `Re-encryption stopped after ${String(this.done)} of ${String(this.total)} drafts. ${batch.message} Every draft still opens; try again to finish.`,
          };
          return;
        }
        this.done += batch.value.reencrypted;
        skipped = batch.value.skipped;
        if (batch.value.remaining === 0 || batch.value.reencrypted === 0) break;
      }
      this.result = {
        ok: skipped === 0,
        message:
          skipped === 0
            ? `Re-encrypted ${String(this.done)} draft${this.done === 1 ? '' : 's'}: every draft is now encrypted to the current recipients.`
            : `Re-encrypted ${String(this.done)} drafts; ${String(skipped)} could not be read and were left as they are ("cmk-rekey drafts verify", the command line for IT, says why).`,
      };
    } finally {
      this.running = false;
      await this.refresh();
    }
  }
}
