/**
 * A size for people to read, in the binary units the limits are set in (`1024 * 1024` is "1 MiB"): one
 * decimal under 10 when it is not whole, whole numbers above.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  // 1023.9 KiB would round to "1024 KiB": the next unit reads better
  while (value >= 1023.5 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value < 9.95 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${String(shown)} ${units[unit] ?? ''}`;
}
