/**
 * A ready-to-send notice that tells the organization's users about the re-encryption downtime. It says
 * only what Atlassian's re-encryption page says (SOURCES.reencryption: "a certain amount of downtime";
 * immediate = downtime outside the maintenance window; next window = "the next available maintenance
 * window", no additional downtime outside it) and the window's hours from SOURCES.maintenanceWindow.
 * No durations and no dates: the CMK page gives no duration, and which window is "next available"
 * depends on when support handles the ticket, which only Atlassian can confirm.
 */
import type { Timing } from './constants.js';
import { WINDOW_END_HOUR, WINDOW_START_HOUR } from './maintenance-window.js';

export interface UserNoticeInput {
  readonly timing: Timing;
  /** The site the users know, `https://acme.atlassian.net`; left out when empty. */
  readonly siteUrl?: string | undefined;
  /** The sites' server timezone (`Europe/London`), in which the window's hours are given; unknown when left out. */
  readonly serverTimeZone?: string | undefined;
}

export interface UserNotice {
  readonly subject: string;
  readonly body: string;
}

function whichApps(siteUrl: string | undefined): string {
  const site = siteUrl?.trim() ?? '';
  return site === ''
    ? 'our Atlassian Cloud apps (such as Jira and Confluence)'
    : `our Atlassian Cloud apps at ${site} (and any other Atlassian sites of our organization that use our own encryption keys)`;
}

function immediateNotice(apps: string): UserNotice {
  return {
    subject: 'Planned downtime of our Atlassian apps: encryption key change',
    body: [
      'Hello,',
      '',
      `We are moving ${apps} to new encryption keys. Atlassian will start the change soon after it picks up our request, so the exact start time is not known yet.`,
      '',
      'What to expect:',
      '- Once the change starts, the apps will be unavailable for a while, also outside the usual maintenance hours. Atlassian has not said for how long.',
      '- We will let you know when the downtime starts and when the apps are available again.',
      '',
      'What to do now:',
      '- Keep copies outside the apps of anything you cannot do without for a while.',
      '- Save your work often, so nothing is lost when the apps go offline.',
      '',
      'Thank you for your patience.',
    ].join('\n'),
  };
}

const clock = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

function windowNotice(apps: string, serverTimeZone: string | undefined): UserNotice {
  const zone = serverTimeZone?.trim() ?? '';
  const hours = `${clock(WINDOW_START_HOUR)} to ${clock(WINDOW_END_HOUR)}`;
  const windows =
    zone === ''
      ? `Atlassian's maintenance windows run from ${hours} in our sites' server timezone.`
      : `Atlassian's maintenance windows run from ${hours} ${zone.replaceAll('_', ' ')} time (our sites' server time).`;
  return {
    subject: 'Our Atlassian apps: encryption key change in a maintenance window',
    body: [
      'Hello,',
      '',
      `We are moving ${apps} to new encryption keys. Atlassian will start this change during the next available maintenance window after its support team handles our request, so the date is not known yet. ${windows} We will confirm the date as soon as Atlassian does.`,
      '',
      'What to expect:',
      '- The apps may be unavailable during the maintenance window. Atlassian expects no extra downtime outside it.',
      '- We will let you know if the plan changes.',
      '',
      'What to do:',
      '- Save your work and sign out before the window starts.',
      '',
      'Thank you for your patience.',
    ].join('\n'),
  };
}

/** The notice for the chosen timing. */
export function userNotice(input: UserNoticeInput): UserNotice {
  const apps = whichApps(input.siteUrl);
  return input.timing === 'immediate' ? immediateNotice(apps) : windowNotice(apps, input.serverTimeZone);
}

/** Subject and body as one text, ready to paste into an e-mail or chat message. */
export function userNoticeText(notice: UserNotice): string {
  return `Subject: ${notice.subject}\n\n${notice.body}\n`;
}
