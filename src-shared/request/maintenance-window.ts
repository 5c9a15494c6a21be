/**
 * Atlassian's daily maintenance window (1 a.m. to 3 a.m. in the site's server timezone), computed
 * with Intl alone so it handles daylight-saving changes in both the server's and the viewer's zone.
 */

/** The server-timezone choice meaning "I don't know; support will tell me". */
export const UNKNOWN_TIME_ZONE = 'unknown';
export const WINDOW_START_HOUR = 1;
export const WINDOW_END_HOUR = 3;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface MaintenanceWindow {
  readonly start: Date;
  readonly end: Date;
  /** True when `now` is inside this window. */
  readonly inProgress: boolean;
  /** The window's calendar date in the server's timezone, `YYYY-MM-DD`. */
  readonly serverDate: string;
  readonly serverTimeZone: string;
}

interface LocalFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function fieldFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a timezone this runtime knows, such as `Europe/Berlin` or `UTC`. */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    fieldFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function localFields(instant: number, timeZone: string): LocalFields {
  const parts = fieldFormatter(timeZone).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((entry) => entry.type === type)?.value ?? NaN);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
  };
}

function asUtc(fields: LocalFields): number {
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute);
}

/** Offset of the zone from UTC at an instant, in milliseconds (whole minutes). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / MINUTE) * MINUTE;
  return asUtc(localFields(whole, timeZone)) - whole;
}

/**
 * The instant a wall-clock time happens in a zone. A time that happens twice (clocks going back)
 * gives the first; a time skipped by clocks going forward gives the moment just after the jump.
 */
export function instantOf(fields: LocalFields, timeZone: string): Date {
  const wall = asUtc(fields);
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => asUtc(localFields(instant, timeZone)) === wall)
    .sort((left, right) => left - right);
  return new Date(matches[0] ?? wall - before);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function addDays(fields: LocalFields, days: number): LocalFields {
  const date = new Date(Date.UTC(fields.year, fields.month - 1, fields.day + days));
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: 0,
    minute: 0,
  };
}

/** The window that is in progress at `now`, or else the next one to start. */
export function nextMaintenanceWindow(now: Date, serverTimeZone: string): MaintenanceWindow {
  if (!isTimeZone(serverTimeZone)) throw new RangeError(`Unknown timezone "${serverTimeZone}".`);
  const today = localFields(now.getTime(), serverTimeZone);
  for (let days = 0; days < 3; days++) {
    const date = addDays(today, days);
    const start = instantOf({ ...date, hour: WINDOW_START_HOUR }, serverTimeZone);
    const end = instantOf({ ...date, hour: WINDOW_END_HOUR }, serverTimeZone);
    if (end.getTime() > now.getTime()) {
      return {
        start,
        end,
        inProgress: start.getTime() <= now.getTime(),
        serverDate: `${String(date.year)}-${pad(date.month)}-${pad(date.day)}`,
        serverTimeZone,
      };
    }
  }
  throw new Error('unreachable: a daily window always ends within three days');
}

export interface WindowText {
  /** E.g. `Tue 14 May, 01:00–03:00`; both ends dated when the window crosses midnight. */
  readonly server: string;
  readonly viewer: string;
  /** True when the viewer's clock shows the same times as the server's. */
  readonly sameClock: boolean;
}

function dayText(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' })
    .formatToParts(instant)
    .filter((part) => part.type !== 'literal')
    .map((part) => part.value)
    .join(' ');
}

function clockText(instant: Date, timeZone: string): string {
  const fields = localFields(instant.getTime(), timeZone);
  return `${pad(fields.hour)}:${pad(fields.minute)}`;
}

function rangeText(window: MaintenanceWindow, timeZone: string): string {
  const startDay = dayText(window.start, timeZone);
  const endDay = dayText(window.end, timeZone);
  const start = clockText(window.start, timeZone);
  const end = clockText(window.end, timeZone);
  return startDay === endDay ? `${startDay}, ${start}–${end}` : `${startDay}, ${start} – ${endDay}, ${end}`;
}

/** The window as text in the server's zone and in the viewer's zone. */
export function describeWindow(window: MaintenanceWindow, viewerTimeZone: string): WindowText {
  const server = rangeText(window, window.serverTimeZone);
  const viewer = rangeText(window, viewerTimeZone);
  return { server, viewer, sameClock: server === viewer };
}

/** Timezones grouped by their area (`Europe/Berlin` → `Europe`), for a grouped list. */
export function groupTimeZones(zones: readonly string[]): { area: string; zones: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const zone of zones) {
    const area = zone.includes('/') ? zone.slice(0, zone.indexOf('/')) : 'Other';
    const list = groups.get(area) ?? [];
    list.push(zone);
    groups.set(area, list);
  }
  return [...groups.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([area, list]) => ({ area, zones: list }));
}
