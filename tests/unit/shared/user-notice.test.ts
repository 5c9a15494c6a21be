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

  it('for the next maintenance window, names the window when it is known', () => {
    const notice = userNotice({
      timing: 'next-maintenance-window',
      siteUrl: 'https://acme.atlassian.net',
      windowText: 'Tue 14 May, 00:00–02:00 (Europe/London time)',
    });
    expect(notice.body).toContain('maintenance window on Tue 14 May, 00:00–02:00 (Europe/London time)');
    expect(notice.body).toMatch(/no extra downtime outside it/);
    expect(notice.body).not.toMatch(/few business days/);
  });

  it('for the next maintenance window with an unknown timezone, promises to confirm the date', () => {
    const notice = userNotice({ timing: 'next-maintenance-window', windowText: '  ' });
    expect(notice.body).toMatch(/between 1 a\.m\. and 3 a\.m\..*confirm the date/);
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
