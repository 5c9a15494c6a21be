/**
 * Long synchronous work in short slices. Main's event loop serves every IPC call of the app, so work over
 * thousands of drafts (stat, hash, match, load the index) checks `due()` between items and, once a slice has
 * run for SLICE_MS, yields a turn of the loop. Slicing by time, not by count, also bounds the stall when
 * each item is slow (a cold disk cache makes one lstat cost a millisecond or more).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

const SLICE_MS = 5;

export class TimeSlices {
  #start = performance.now();

  /** Whether this slice has run its time (then `await pause()`). */
  due(): boolean {
    return performance.now() - this.#start >= SLICE_MS;
  }

  /** Yields one turn of the event loop and starts a new slice. */
  async pause(): Promise<void> {
    await nextTurn();
    this.#start = performance.now();
  }
}
