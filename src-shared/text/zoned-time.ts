/** Moments written as people and ISO 8601 do, with their UTC offset. No dependencies: the renderer uses it. */

/** `2026-11-30T14:05:00+01:00`: a moment written with the UTC offset of the place it happened. */
export function zonedIso(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (value: number) => String(value).padStart(2, '0');
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${local.toISOString().slice(0, 19)}${offset}`;
}

/** A moment written with this machine's UTC offset at that moment (summer time included). */
export function localIso(date = new Date()): string {
  return zonedIso(date, -date.getTimezoneOffset());
}
