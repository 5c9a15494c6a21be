// The machine's load while a benchmark ran, printed under its figures: times taken on a shared machine mean
// little without it (the same code measured 3.5 and 6.6 ms per save on two days, the second under load).
import { availableParallelism, loadavg } from 'node:os';

/** Call at the start of a benchmark; the function it returns gives the line to print at the end. */
export function machineLoad() {
  const [start = NaN] = loadavg();
  return () => {
    const [end = NaN, five = NaN] = loadavg();
    return `machine: ${String(availableParallelism())} cores; load average (1 min) ${start.toFixed(1)} at the start, ${end.toFixed(1)} at the end (5 min: ${five.toFixed(1)}); a load above the core count slows every figure`;
  };
}
