/**
 * The outcome notice outside the form: its follow-up (Undo) runs as the notice is dismissed, so the button
 * must hold on to the action it was shown with.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import Toasts from '../../../src-renderer/components/Toasts.svelte';
import { Notices } from '../../../src-renderer/lib/notices.svelte.js';

/** Renders the notices as App and the editor do: the prop follows `notices.notice`, Dismiss clears it. */
function renderToasts(): Notices {
  const notices = new Notices();
  render(Toasts, {
    props: {
      get notice() {
        return notices.notice;
      },
      ondismiss: () => {
        notices.dismiss();
      },
    },
  });
  return notices;
}

describe('Toasts', () => {
  it('runs the action (Undo) once and clears the notice', async () => {
    const notices = renderToasts();
    const run = vi.fn();
    notices.status('Moved “Second” to the trash.', { label: 'Undo', run });
    expect(await screen.findByRole('button', { name: 'Undo' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Moved “Second” to the trash.');
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(run).toHaveBeenCalledOnce();
    expect(notices.notice).toBeUndefined();
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('keeps a notice the action shows (“Restored …”) instead of clearing it afterwards', async () => {
    const notices = renderToasts();
    notices.status('Moved “Second” to the trash.', {
      label: 'Undo',
      run: () => {
        notices.status('Restored “Second”: it is back in your drafts.');
      },
    });
    await fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    expect(screen.getByRole('status')).toHaveTextContent('Restored “Second”: it is back in your drafts.');
  });

  it('offers no action on a notice without one, and Dismiss clears it', async () => {
    const notices = renderToasts();
    notices.status('Renamed to “EU”.');
    await fireEvent.click(await screen.findByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    expect(notices.notice).toBeUndefined();
  });

  it('puts a failure in the alert region, where it stays until dismissed', async () => {
    const notices = renderToasts();
    notices.alert('The draft was not deleted.');
    expect(await screen.findByRole('alert')).toHaveTextContent('The draft was not deleted.');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
  });
});
