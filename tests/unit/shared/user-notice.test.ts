import { describe, expect, it } from 'vitest';
import { userNotice, userNoticeText } from '../../../src-shared/request/user-notice.js';

describe('userNotice', () => {
  it('for an immediate start, announces downtime outside maintenance hours with no duration (the CMK page gives none)', () => {
    const notice = userNotice({ timing: 'immediate', siteUrl: 'https://acme.atlassian.net' });
    expect(notice.subject).toMatch(/downtime/i);
    expect(notice.body).toContain('https://acme.atlassian.net');
    expect(notice.body).toMatch(
      /also outside the usual maintenance hours\. Atlassian has not said for how long\./,
    );
    expect(notice.body).not.toMatch(/business days|hours to days|background/);
    expect(notice.body).toMatch(/exact start time is not known/);
    expect(notice.body).not.toMatch(/maintenance window/);
  });

  // Which window is "the next available" one depends on when support handles the ticket (re-encryption page).
  it('for the next maintenance window, promises no date, and gives the sourced hours in server time', () => {
    const notice = userNotice({
      timing: 'next-maintenance-window',
      siteUrl: 'https://acme.atlassian.net',
      serverTimeZone: 'Europe/London',
    });
    expect(notice.body).toContain(
      'during the next available maintenance window after its support team handles our request, so the date is not known yet.',
    );
    expect(notice.body).toContain(
      "maintenance windows run from 01:00 to 03:00 Europe/London time (our sites' server time)",
    );
    expect(notice.body).toContain('We will confirm the date as soon as Atlassian does.');
    expect(notice.body).not.toMatch(/window on |\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/);
    expect(notice.body).toMatch(/no extra downtime outside it/);
    expect(notice.body).not.toMatch(/few business days/);
  });

  it('for the next maintenance window with an unknown timezone, gives the hours in the server timezone', () => {
    for (const serverTimeZone of [undefined, '  ']) {
      const notice = userNotice({ timing: 'next-maintenance-window', serverTimeZone });
      expect(notice.body).toContain("run from 01:00 to 03:00 in our sites' server timezone.");
      expect(notice.body).toContain('We will confirm the date as soon as Atlassian does.');
    }
  });

  it('names the zone as people read it, without underscores', () => {
    const notice = userNotice({ timing: 'next-maintenance-window', serverTimeZone: 'America/New_York' });
    expect(notice.body).toContain('01:00 to 03:00 America/New York time');
  });

  it('speaks of Atlassian apps in general when the site is not known', () => {
    const notice = userNotice({ timing: 'immediate', siteUrl: '' });
    expect(notice.body).toContain('our Atlassian Cloud apps (such as Jira and Confluence)');
  });

  it('joins subject and body into one text to paste', () => {
    const notice = userNotice({ timing: 'immediate' });
    const text = userNoticeText(notice);
    expect(text.startsWith(`Subject: ${notice.subject}\n\nHello,`)).toBe(true);
    expect(text.endsWith('Thank you for your patience.\n')).toBe(true);
  });
});
