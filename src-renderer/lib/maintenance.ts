/** The next maintenance window for the chosen server timezone, worded for this computer's clock. */
import {
  describeWindow,
  isTimeZone,
  nextMaintenanceWindow,
  type MaintenanceWindow,
  type WindowText,
} from '../../src-shared/request/maintenance-window.js';

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function allTimeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}

export interface UpcomingWindow {
  readonly window: MaintenanceWindow;
  readonly text: WindowText;
  readonly viewerZone: string;
  /** For the notice to users: the window in this computer's time, with the zone named. */
  readonly forNotice: string;
}

export function upcomingWindow(serverTimeZone: string, now: Date): UpcomingWindow | undefined {
  if (!isTimeZone(serverTimeZone)) return undefined;
  const window = nextMaintenanceWindow(now, serverTimeZone);
  const viewerZone = viewerTimeZone();
  const text = describeWindow(window, viewerZone);
  return { window, text, viewerZone, forNotice: `${text.viewer} (${viewerZone} time)` };
}
