import { describe, expect, it } from 'vitest';
import {
  describeWindow,
  groupTimeZones,
  instantOf,
  isTimeZone,
  nextMaintenanceWindow,
} from '../../../src-shared/request/maintenance-window.js';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('nextMaintenanceWindow', () => {
  it("gives tonight's window before it starts", () => {
    const window = nextMaintenanceWindow(at('2024-05-13T20:00:00Z'), 'Europe/Berlin');
    expect(iso(window.start)).toBe('2024-05-13T23:00:00.000Z');
    expect(iso(window.end)).toBe('2024-05-14T01:00:00.000Z');
    expect(window).toMatchObject({
      inProgress: false,
      serverDate: '2024-05-14',
      serverTimeZone: 'Europe/Berlin',
    });
  });

  it('gives the window in progress', () => {
    const window = nextMaintenanceWindow(at('2024-05-14T00:30:00Z'), 'Europe/Berlin');
    expect(window).toMatchObject({ inProgress: true, serverDate: '2024-05-14' });
  });

  it("gives tomorrow's window once today's has ended", () => {
    const window = nextMaintenanceWindow(at('2024-05-14T01:00:00Z'), 'Europe/Berlin');
    expect(window.serverDate).toBe('2024-05-15');
    expect(iso(window.start)).toBe('2024-05-14T23:00:00.000Z');
  });

  it('works in UTC and in zones ahead of UTC by a fraction of an hour', () => {
    expect(iso(nextMaintenanceWindow(at('2024-01-01T12:00:00Z'), 'UTC').start)).toBe(
      '2024-01-02T01:00:00.000Z',
    );
    const kolkata = nextMaintenanceWindow(at('2024-01-01T12:00:00Z'), 'Asia/Kolkata');
    expect(iso(kolkata.start)).toBe('2024-01-01T19:30:00.000Z');
    expect(kolkata.serverDate).toBe('2024-01-02');
  });

  it('works in zones behind UTC across the UTC date line', () => {
    const window = nextMaintenanceWindow(at('2024-07-01T03:00:00Z'), 'America/Los_Angeles');
    // 20:00 PDT on 30 June: the next window is 1 July 01:00 PDT = 08:00 UTC.
    expect(iso(window.start)).toBe('2024-07-01T08:00:00.000Z');
    expect(window.serverDate).toBe('2024-07-01');
  });

  it('starts just after the jump when clocks skip 1 a.m. (London, spring)', () => {
    // 31 March 2024: 01:00 GMT becomes 02:00 BST; 01:00 local never happens.
    const window = nextMaintenanceWindow(at('2024-03-30T22:00:00Z'), 'Europe/London');
    expect(window.serverDate).toBe('2024-03-31');
    expect(iso(window.start)).toBe('2024-03-31T01:00:00.000Z');
    expect(iso(window.end)).toBe('2024-03-31T02:00:00.000Z');
  });

  it('starts at the first 1 a.m. when clocks go back (London, autumn)', () => {
    // 27 October 2024: 02:00 BST becomes 01:00 GMT; 01:00 local happens twice.
    const window = nextMaintenanceWindow(at('2024-10-26T22:00:00Z'), 'Europe/London');
    expect(iso(window.start)).toBe('2024-10-27T00:00:00.000Z');
    expect(iso(window.end)).toBe('2024-10-27T03:00:00.000Z');
  });

  it('keeps 1 a.m. local time on both sides of a US daylight-saving change', () => {
    // 10 March 2024 02:00 EST → 03:00 EDT: 01:00 still exists, 03:00 is right after the jump.
    const spring = nextMaintenanceWindow(at('2024-03-10T00:00:00Z'), 'America/New_York');
    expect(iso(spring.start)).toBe('2024-03-10T06:00:00.000Z');
    expect(iso(spring.end)).toBe('2024-03-10T07:00:00.000Z');
    const summer = nextMaintenanceWindow(at('2024-03-11T00:00:00Z'), 'America/New_York');
    expect(iso(summer.start)).toBe('2024-03-11T05:00:00.000Z');
  });

  it('refuses an unknown timezone', () => {
    expect(() => nextMaintenanceWindow(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('instantOf', () => {
  it('maps a wall-clock time in a zone to its instant', () => {
    const fields = { year: 2024, month: 12, day: 24, hour: 1, minute: 0 };
    expect(iso(instantOf(fields, 'Australia/Sydney'))).toBe('2024-12-23T14:00:00.000Z');
  });
});

describe('describeWindow', () => {
  const window = nextMaintenanceWindow(at('2024-05-13T20:00:00Z'), 'Europe/Berlin');

  it('shows the window in the server zone and in the viewer zone', () => {
    expect(describeWindow(window, 'Europe/London')).toEqual({
      server: 'Tue 14 May, 01:00–03:00',
      viewer: 'Tue 14 May, 00:00–02:00',
      sameClock: false,
    });
  });

  it('dates both ends when the window crosses midnight for the viewer', () => {
    expect(describeWindow(window, 'America/New_York').viewer).toBe('Mon 13 May, 19:00–21:00');
    expect(describeWindow(window, 'Atlantic/Azores').viewer).toBe('Mon 13 May, 23:00 – Tue 14 May, 01:00');
  });

  it('says when both clocks agree', () => {
    expect(describeWindow(window, 'Europe/Paris').sameClock).toBe(true);
  });

  it("uses the viewer's own daylight-saving rules", () => {
    // Sydney is on summer time (UTC+11) in January; the Berlin window is 11:00–13:00 there.
    const january = nextMaintenanceWindow(at('2024-01-15T12:00:00Z'), 'Europe/Berlin');
    expect(describeWindow(january, 'Australia/Sydney').viewer).toBe('Tue 16 Jan, 11:00–13:00');
  });
});

describe('isTimeZone and groupTimeZones', () => {
  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });

  it('groups zones by area, areas sorted', () => {
    expect(groupTimeZones(['Europe/Berlin', 'America/Lima', 'UTC', 'Europe/Oslo'])).toEqual([
      { area: 'America', zones: ['America/Lima'] },
      { area: 'Europe', zones: ['Europe/Berlin', 'Europe/Oslo'] },
      { area: 'Other', zones: ['UTC'] },
    ]);
  });
});
