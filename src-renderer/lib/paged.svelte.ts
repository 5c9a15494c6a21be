/**
 * A long list on screen a page at a time. The vault holds thousands of drafts (bench:vault lists 10,000),
 * and a card for each at once froze the window: 10,000 drafts took 21 s to show, in one 19.6 s frame,
 * and every keystroke in the search then took 2.4 s. Only the first pages are in the page; "Show more"
 * adds one, and a new search, filter or order starts again at the first.
 */
export const PAGE_SIZE = 50;

export class Paged<T> {
  /** How many items are shown: one page again whenever what `resetOn` reads changes. */
  #limit: number;
  /** The items on screen: the first `#limit` of all. */
  readonly items: readonly T[];
  /** How many items are not on screen yet. */
  readonly hidden: number;

  /** `all`: every item, in order; `resetOn`: reads what, when it changes, makes it one page again. */
  constructor(all: () => readonly T[], resetOn: () => unknown = () => undefined) {
    this.#limit = $derived.by(() => {
      resetOn();
      return PAGE_SIZE;
    });
    this.items = $derived(all().slice(0, this.#limit));
    this.hidden = $derived(Math.max(0, all().length - this.#limit));
  }

  /** Shows one page more; returns the index of the first item it added. */
  more(): number {
    const first = this.#limit;
    this.#limit += PAGE_SIZE;
    return first;
  }

  /** Shows as many pages as it takes for the item at `index` to be on screen (to focus it). */
  reveal(index: number): void {
    if (index >= this.#limit) this.#limit = (Math.floor(index / PAGE_SIZE) + 1) * PAGE_SIZE;
  }
}
