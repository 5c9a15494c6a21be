/** A pack's folder name: sealing date, AWS account, ticket reference (a URL by its last path segment), short id. */
import { describe, expect, it } from 'vitest';
import { PACK_NAME_PATTERN, packName } from '../../../../src-main/archive/pack-format.js';

const AT = '2026-12-01T09:30:00.000Z';

describe('pack names', () => {
  it.each([
    ['ABC-123456', 'ABC-123456'],
    ['  PCS-481516 ', 'PCS-481516'],
    ['https://support.atlassian.com/requests/PCS-481516', 'PCS-481516'],
    ['https://support.atlassian.com/requests/PCS-481516/', 'PCS-481516'],
    // what follows the path (a query or a fragment, as in links from notification mails) is not the ticket
    [
      'https://getsupport.atlassian.com/servicedesk/customer/portal/23/PCS-481516?sda_source=notification-email',
      'PCS-481516',
    ],
    ['https://support.atlassian.com/browse/PCS-1#comment-2', 'PCS-1'],
    ['', 'no-ticket'],
  ])('ticket %j is named %s', (ticket, part) => {
    const name = packName(AT, '012345678901', ticket);
    expect(name).toMatch(PACK_NAME_PATTERN);
    expect(name).toMatch(new RegExp(`^2026-12-01_012345678901_${part}_[0-9a-f]{8}$`));
  });
});
