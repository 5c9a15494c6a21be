/** The draft bar's save status: what it says, what it announces, and the room it keeps. */
import { render } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SaveStatus from '../../../src-renderer/components/SaveStatus.svelte';

const BASE = {
  state: 'saved',
  error: undefined,
  elsewhere: undefined,
  frozen: undefined,
  onretry: vi.fn(),
} as const;

function status(container: HTMLElement): HTMLElement {
  const found = container.querySelector<HTMLElement>('.save-status');
  if (found === null) throw new Error('no status');
  return found;
}

describe('SaveStatus', () => {
  it.each([
    ['sent', '! Not saved · sent elsewhere'],
    ['completed', '! Not saved · completed elsewhere'],
    ['withdrawn', '! Not saved · withdrawn elsewhere'],
  ] as const)(
    'says the changes were not saved while the alert for a request %s elsewhere shows',
    (state, text) => {
      const { container } = render(SaveStatus, { ...BASE, elsewhere: state, frozen: state });
      expect(status(container)).toHaveTextContent(new RegExp(`^${text}$`, 'u'));
      expect(status(container)).toHaveAttribute('data-widest', text);
      // Shown, not announced: the alert is read out, once.
      expect(container.querySelector('[aria-live]')).toBeEmptyDOMElement();
    },
  );

  it('on a frozen request without the alert says what it says of any saved draft, in the room "Not saved" took', () => {
    const { container } = render(SaveStatus, { ...BASE, frozen: 'completed' });
    expect(status(container)).toHaveTextContent(/^✓ Saved · encrypted$/u);
    expect(status(container)).toHaveAttribute('data-widest', '! Not saved · completed elsewhere');
  });

  it('on an open draft keeps room for "Saved", and announces a failed save', async () => {
    const { container, rerender } = render(SaveStatus, BASE);
    expect(status(container)).toHaveAttribute('data-widest', '✓ Saved · encrypted');
    expect(container.querySelector('[aria-live]')).toBeEmptyDOMElement();
    await rerender({ ...BASE, state: 'error', error: 'The disk is full.' });
    expect(container.querySelector('[aria-live]')).toHaveTextContent(/^! Not saved\. Your changes are kept/u);
  });
});
