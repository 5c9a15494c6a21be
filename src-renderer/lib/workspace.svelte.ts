/**
 * File actions (new, open, save, export) through the app's API, with the messages they leave.
 * A failed or cancelled action never touches the form.
 */
import type { ResultOf } from '../../src-shared/ipc/contract.js';
import type { TicketFormat } from '../../src-shared/request/render.js';
import type { Api } from './api.js';
import type { FormState } from './form-state.svelte.js';

export interface Notice {
  readonly kind: 'status' | 'alert';
  readonly text: string;
}

export type OpenedRequest = ResultOf<'openRequest'>;

const STATUS_SECONDS = 10;

const NO_APP =
  'Files can only be opened and saved in the CMK Rekey app. Copy the ticket from the review step instead.';

export class Workspace {
  /** The last outcome: `status` for success, `alert` for a failure worth the user's attention. */
  notice = $state<Notice | undefined>(undefined);
  busy = $state(false);

  constructor(
    readonly form: FormState,
    private readonly api: Api | undefined,
    /** The draft being edited: its id, status and ticket go into exports' provenance. */
    private readonly draftId?: string,
  ) {}

  /** Shows an outcome: a status clears itself after a while, an alert stays until dismissed. */
  notify(kind: Notice['kind'], text: string): void {
    if (kind === 'alert') this.#alert(text);
    else this.#status(text);
  }

  #status(text: string): void {
    const notice: Notice = { kind: 'status', text };
    this.notice = notice;
    // Success needs no action: it clears itself, unless something newer replaced it.
    setTimeout(() => {
      if (this.notice === notice) this.notice = undefined;
    }, STATUS_SECONDS * 1000);
  }

  #alert(text: string): void {
    this.notice = { kind: 'alert', text };
  }

  dismiss(): void {
    this.notice = undefined;
  }

  async #run(action: (api: Api) => Promise<void>): Promise<void> {
    if (this.api === undefined) {
      this.#alert(NO_APP);
      return;
    }
    if (this.busy) return;
    this.busy = true;
    try {
      await action(this.api);
    } catch (error) {
      this.#alert(`Something went wrong: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.busy = false;
    }
  }

  /** Starts an empty request (the caller has asked about unsaved changes). */
  newRequest(): Promise<void> {
    return this.#run(async (api) => {
      const result = await api.newRequest({});
      if (!result.ok) {
        this.#alert(result.message);
        return;
      }
      this.form.reset();
      this.#status('Started a new, empty request.');
    });
  }

  /**
   * Opens a request file; on success the form shows it with all of its findings, or `place` puts it
   * somewhere else (a new draft).
   */
  open(place?: (opened: OpenedRequest) => Promise<void>): Promise<void> {
    return this.#run(async (api) => {
      const result = await api.openRequest({});
      if (!result.ok) {
        if (result.code === 'cancelled') this.notice = undefined;
        else this.#alert(`The file was not opened. ${result.message} Your form is unchanged.`);
        return;
      }
      if (place === undefined) this.show(result.value);
      else await place(result.value);
    });
  }

  /**
   * Puts a request read from a file into the form, on the review step with all of its findings. What the
   * form could not take from the file as written is named, since the form cannot show it, and so are the
   * empty values it left out, since its verdict is then not the file's.
   */
  show({ fileName, request, notLoaded, tidied }: OpenedRequest, where = ''): void {
    this.form.load(request, fileName);
    this.form.goTo('review');
    const errors = this.form.validation.errors.length;
    const text = `Opened ${fileName}${where}.${errors === 0 ? '' : ` It has ${String(errors)} problem${errors === 1 ? '' : 's'} to fix, listed below.`}${tidied && ` ${tidied}`}`;
    if (notLoaded === '') this.#status(text);
    else this.#alert(`${text} ${notLoaded}`);
  }

  save(saveAs: boolean): Promise<void> {
    return this.#run(async (api) => {
      const result = await api.saveRequest({ request: $state.snapshot(this.form.draft), saveAs });
      if (!result.ok) {
        if (result.code === 'cancelled') this.notice = undefined;
        else this.#alert(result.message);
        return;
      }
      this.form.markSaved(result.value.fileName);
      const errors = this.form.validation.errors.length;
      this.#status(
        errors === 0
          ? `Saved as ${result.value.fileName}.`
          : `Saved as ${result.value.fileName}, with ${String(errors)} problem${errors === 1 ? '' : 's'} still to fix.`,
      );
    });
  }

  exportTicket(format: TicketFormat): Promise<void> {
    return this.#run(async (api) => {
      const request = $state.snapshot(this.form.draft);
      const draftId = this.draftId;
      const result = await api.exportTicket({ request, format, ...(draftId !== undefined && { draftId }) });
      if (!result.ok) {
        if (result.code === 'cancelled') this.notice = undefined;
        else this.#alert(result.message);
        return;
      }
      this.#status(`Exported the ticket as ${result.value.fileName}.`);
    });
  }
}
