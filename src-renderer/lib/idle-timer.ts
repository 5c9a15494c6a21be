/**
 * Calls `onIdle` once after a stretch without input. Input only records the time (cheap enough for
 * pointermove); the one timer re-arms itself for the time left when it fires early.
 */
export class IdleTimer {
  #timeoutMs = 0;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onIdle: () => void) {}

  /** Starts (or restarts) counting from now; 0 turns the timer off. */
  start(timeoutMs: number): void {
    this.stop();
    this.#timeoutMs = timeoutMs;
    if (timeoutMs <= 0) return;
    this.#last = Date.now();
    this.#arm(timeoutMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** The user did something: the idle time starts again. */
  activity(): void {
    this.#last = Date.now();
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#check();
    }, delay);
  }

  #check(): void {
    const idle = Date.now() - this.#last;
    if (idle >= this.#timeoutMs) {
      this.#timer = undefined;
      this.onIdle();
    } else {
      this.#arm(this.#timeoutMs - idle);
    }
  }
}
