/** Where focus goes after an item of a list, or the control that was pressed, changed or went away. */
import { tick } from 'svelte';

/**
 * Moves focus to an element after the page has updated, or to the heading `title` (the screen's, or in the
 * form the step's) when it is gone.
 */
export async function focusOrTitle(id: string | undefined, title = 'screen-title'): Promise<void> {
  await tick();
  (id === undefined ? null : document.getElementById(id))?.focus();
  if (id === undefined || document.activeElement !== document.getElementById(id)) {
    document.getElementById(title)?.focus();
  }
}

/** The id of the item next to this one (after it, else before it), to focus when it goes away. */
export function neighbour(items: readonly { readonly id: string }[], id: string): string | undefined {
  const index = items.findIndex((item) => item.id === id);
  return (items[index + 1] ?? items[index - 1])?.id;
}
