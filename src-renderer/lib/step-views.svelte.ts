/**
 * The form's steps, each its own chunk. Opening a draft loads only the step it opens at (with the editor's
 * chunk, before the form shows), so the first step is interactive without the others; the rest are
 * fetched once that step is on screen (`loadAll`), and a step not loaded yet loads before it is shown.
 */
import type { Component } from 'svelte';
import type { TicketFormat } from '../../src-shared/request/render.js';
import type { FormState } from './form-state.svelte.js';
import type { StepId } from './steps.js';

export interface StepProps {
  form: FormState;
  onnavigate: (step: StepId) => void;
}

export interface ReviewProps extends StepProps {
  busy: boolean;
  onjump: (path: string) => void;
  onexport: (format: TicketFormat) => void;
}

interface Views {
  start: Component<StepProps>;
  organization: Component<StepProps>;
  account: Component<StepProps>;
  keys: Component<StepProps>;
  timing: Component<StepProps>;
  review: Component<ReviewProps>;
}

const LOADERS: { [S in StepId]: () => Promise<{ default: Views[S] }> } = {
  start: () => import('../steps/StepStart.svelte'),
  organization: () => import('../steps/StepOrganization.svelte'),
  account: () => import('../steps/StepAccount.svelte'),
  keys: () => import('../steps/StepKeys.svelte'),
  timing: () => import('../steps/StepTiming.svelte'),
  review: () => import('../steps/StepReview.svelte'),
};

class StepViews {
  /** The steps whose code has loaded (reactive: a step shows once its view is here). */
  loaded = $state.raw<Partial<Views>>({});
  /** Why a step's code could not be loaded (shown in its place). */
  problem = $state<string | undefined>(undefined);
  readonly #pending = new Map<StepId, Promise<void>>();

  /** Loads one step's code (once; a failed load is tried again on the next call). */
  load(step: StepId): Promise<void> {
    if (this.loaded[step] !== undefined) return Promise.resolve();
    let pending = this.#pending.get(step);
    if (pending === undefined) {
      pending = LOADERS[step]().then(
        (module) => {
          this.loaded = { ...this.loaded, [step]: module.default };
          this.problem = undefined;
        },
        (error: unknown) => {
          this.#pending.delete(step);
          this.problem = `This step could not be loaded. ${error instanceof Error ? error.message : String(error)}`;
        },
      );
      this.#pending.set(step, pending);
    }
    return pending;
  }

  /** Loads every step (after the first is on screen, so moving on is instant). */
  loadAll(): Promise<void> {
    return Promise.all((Object.keys(LOADERS) as StepId[]).map((step) => this.load(step))).then(
      () => undefined,
    );
  }
}

export const stepViews = new StepViews();
