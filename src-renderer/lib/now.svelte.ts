/** The current time for "5 minutes ago" labels, refreshed while the component that made it is mounted. */
export class Now {
  value = $state(Date.now());

  /** Call during component initialisation: the timer stops when the component goes away. */
  constructor(intervalMs = 30_000) {
    $effect(() => {
      const timer = setInterval(() => (this.value = Date.now()), intervalMs);
      return () => {
        clearInterval(timer);
      };
    });
  }
}
