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
}

export function upcomingWindow(serverTimeZone: string, now: Date): UpcomingWindow | undefined {
  if (!isTimeZone(serverTimeZone)) return undefined;
  const window = nextMaintenanceWindow(now, serverTimeZone);
  const viewerZone = viewerTimeZone();
  return { window, text: describeWindow(window, viewerZone), viewerZone };
}
