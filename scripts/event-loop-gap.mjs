// How long the event loop stalls while a task runs: the vault benchmarks judge main's responsiveness by it.

/** Records the longest gap between ticks of a 2 ms timer while `task` runs: how long the loop stalled. */
export async function withGap(task) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 2);
  const start = performance.now();
  try {
    await task();
  } finally {
    clearInterval(timer);
  }
  const now = performance.now();
  return { ms: now - start, gap: Math.max(worst, now - last) };
}
