import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftFromRequest } from '../../../src-shared/drafts/draft.js';
import { IMPACT_INFO, TIMING_INFO } from '../../../src-shared/request/labels.js';
import {
  TICKET_FORMATS,
  markdownOf,
  render,
  ticketFields,
  ticketFieldsOfText,
  type TicketField,
} from '../../../src-shared/request/render.js';
import { completeRequest, keyPair, validRequest } from '../../fixtures/requests.js';

const FIELDS: [TicketField['id'], string][] = [
  ['requestType', 'What can we help you with?'],
  ['product', 'Which product is this for?'],
  ['siteUrl', 'What is the site URL of your product within your organization?'],
  [
    'participants',
    'Include admin or billing/technical/end-customer contact, or additional participants on this ticket',
  ],
  ['summary', 'Summarize your issue'],
  ['impact', 'What is the impact to your business?'],
  ['details', 'Give us more details'],
  ['attachments', 'Want faster, more accurate help? Upload screenshots or videos'],
  ['phone', 'Your phone number'],
  ['workingHours', 'Which is closest to your normal working hours?'],
];
const LABELS = FIELDS.map(([, label]) => label);

const field = (request: Parameters<typeof ticketFields>[0], id: TicketField['id']): string =>
  ticketFields(request).find((entry) => entry.id === id)?.value ?? 'not rendered';

const eu = completeRequest('eu');
const [frankfurt, dublin] = [keyPair('eu-central-1'), keyPair('eu-west-1')];
const euReversed = { ...eu, keys: [dublin, frankfurt] };

describe('fields', () => {
  it('lists the support form fields in order, with fixed answers for the first two', () => {
    const fields = ticketFields(validRequest('au'));
    expect(fields.map(({ id, label }) => [id, label])).toEqual(FIELDS);
    expect(fields.slice(0, 2).map((entry) => entry.value)).toEqual([
      'Technical Issues and Bugs',
      'Cloud Administration',
    ]);
    expect(fields.filter((entry) => entry.optional).map((entry) => entry.id)).toEqual([
      'participants',
      'attachments',
      'phone',
    ]);
  });

  it('writes the summary exactly, keeping leading zeros', () => {
    expect(field(validRequest('au'), 'summary')).toBe('Re-encryption for AWS account 012345678901');
  });

  it.each(['L1', 'L2', 'L3', 'L4'] as const)('names impact %s with its level and name', (impact) => {
    const info = IMPACT_INFO[impact];
    expect(field(validRequest('au', { impact }), 'impact')).toBe(`${info.label} – ${info.name}`);
  });

  it('shows participants, attachments and phone of a complete request', () => {
    expect(field(eu, 'participants')).toBe('secops@acme-cloud.example, Jane.Doe@acme-cloud.example');
    expect(field(eu, 'attachments')).toBe('kms-new-key-policy.png\nold key details.pdf');
    expect(field(eu, 'phone')).toBe('+44 20 7946 0958');
  });
});

describe('details', () => {
  it('lists both regions for old and new keys in realm order, even when the file lists them reversed', () => {
    const lines = field(euReversed, 'details').split('\n');
    const at = (heading: string) => lines.indexOf(heading);
    const oldAt = at('Old key ARNs to be replaced (one per region):');
    const newAt = at('New key ARNs for re-encryption (one per region):');
    expect(lines.slice(oldAt + 1, oldAt + 3)).toEqual([
      `eu-central-1 (Frankfurt): ${frankfurt.oldKeyArn}`,
      `eu-west-1 (Ireland): ${dublin.oldKeyArn}`,
    ]);
    expect(lines.slice(newAt + 1, newAt + 3)).toEqual([
      `eu-central-1 (Frankfurt): ${frankfurt.newKeyArn}`,
      `eu-west-1 (Ireland): ${dublin.newKeyArn}`,
    ]);
    expect(lines).toContain('Realm: Europe (eu-central-1, eu-west-1)');
  });

  it('uses singular wording for a single-region realm', () => {
    const details = field(validRequest('de'), 'details');
    expect(details).toContain(
      `Old key ARN to be replaced:\neu-central-1 (Frankfurt): ${keyPair('eu-central-1').oldKeyArn}`,
    );
    expect(details).toContain('New key ARN for re-encryption:\neu-central-1');
    expect(details).not.toContain('one per region');
    expect(details).toContain('Realm: Germany (eu-central-1)');
  });

  it.each(['immediate', 'next-maintenance-window'] as const)('states what timing %s means', (timing) => {
    const details = field(validRequest('au', { timing, impact: 'L1' }), 'details');
    expect(details).toContain(
      `Timing to start re-encryption: ${TIMING_INFO[timing].letter}) ${TIMING_INFO[timing].label}\n${TIMING_INFO[timing].meaning}`,
    );
  });

  it('ends with the notes, trimmed', () => {
    expect(field(validRequest('au', { notes: 'Call before you start.' }), 'details')).toMatch(
      /window\.\n\nCall before you start\.$/,
    );
  });

  it('marks what is missing in a half-filled request', () => {
    const details = field({ realm: 'zz', keys: [{}], timing: 'soon' }, 'details');
    expect(details).toContain('Organization ID: (missing)');
    expect(details).toContain('Realm: zz');
    expect(details).toContain('Old key ARN to be replaced:\n(missing)');
    expect(details).toContain('Timing to start re-encryption: soon');
    expect(field({}, 'summary')).toBe('Re-encryption for AWS account (missing)');
  });
});

describe('formats', () => {
  it('text: numbered fields in order, "(leave empty)" for empty optional fields', () => {
    const text = render(validRequest('au'), 'text');
    const headings = text.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(headings).toEqual(LABELS.map((label, i) => `${String(i + 1)}. ${label}`));
    expect(text.match(/^\(leave empty\)$/gm)).toHaveLength(3);
    expect(text).toContain('5. Summarize your issue\nRe-encryption for AWS account 012345678901\n');
    expect(render(eu, 'text')).not.toContain('(leave empty)');
  });

  it('markdown: a title, one heading per field in order, ARNs as code, "_Leave empty._"', () => {
    const markdown = render(validRequest('au'), 'markdown');
    expect(markdown.startsWith('# CMK re-encryption request\n')).toBe(true);
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(LABELS.map((label) => `## ${label}`));
    expect(markdown.match(/^_Leave empty\._$/gm)).toHaveLength(3);
    expect(markdown).toContain(`- ap-southeast-2 (Sydney): \`${keyPair('ap-southeast-2').oldKeyArn}\``);
    expect(render(validRequest('au', { notes: 'Use *both* keys_' }), 'markdown')).toContain(
      'Use \\*both\\* keys\\_',
    );
    expect(render(eu, 'markdown')).toContain('- kms-new-key-policy.png  \n- old key details.pdf');
  });

  // Checked once with a CommonMark parser (markdown-it): each line below renders as the text typed.
  it('markdown: notes typed with Windows line ends keep their line breaks (the CR is not left before them)', () => {
    const markdown = render(
      draftFromRequest(validRequest('us', { notes: 'first line\r\nsecond line' })),
      'markdown',
    );
    expect(markdown).toContain('first line  \nsecond line');
    expect(markdown).not.toContain('\r');
  });

  it('markdown: the notes read literally, whatever list, heading, code or inline marks they hold', () => {
    const typed: [string, string][] = [
      [
        'see arn:aws:kms:eu-west-1:111122223333:key/abc *important*',
        'see arn:aws:kms:eu-west-1:111122223333:key/abc \\*important\\*',
      ],
      ['1. first', '1\\. first'],
      ['2) second', '2\\) second'],
      ['- dash', '\\- dash'],
      ['+ plus', '\\+ plus'],
      ['---', '\\---'],
      ['===', '\\==='],
      ['    four spaces', '&#32;&#32;&#32;&#32;four spaces'],
      ['> quote', '\\> quote'],
      ['&amp; <b>x</b> [a](b) `c` ~~d~~', '\\&amp; \\<b\\>x\\</b\\> \\[a\\](b) \\`c\\` \\~\\~d\\~\\~'],
    ];
    const markdown = render(
      validRequest('au', { notes: typed.map(([line]) => line).join('\n') }),
      'markdown',
    );
    const start = markdown.indexOf('see arn:');
    const notes = markdown.slice(start, markdown.indexOf('\n\n## ', start));
    expect(notes).toBe(typed.map(([, escaped]) => `${escaped}  `).join('\n'));
    // Only the key lines the app wrote are list items.
    expect(markdown.match(/^- .*arn:aws:kms:/gm)).toHaveLength(2);
  });

  it('json: [{ field, value }] in order, empty optional values as ""', () => {
    const json = render(validRequest('au'), 'json');
    expect(json.endsWith(']\n')).toBe(true);
    const parsed = JSON.parse(json) as { field: string; value: string }[];
    expect(parsed.map((entry) => entry.field)).toEqual(LABELS);
    expect(parsed[4]).toEqual({
      field: 'Summarize your issue',
      value: 'Re-encryption for AWS account 012345678901',
    });
    for (const index of [3, 7, 8]) expect(parsed[index]?.value).toBe('');
    expect(parsed[6]?.value).toBe(field(validRequest('au'), 'details'));
  });

  it('renders text by default', () => {
    expect(render(eu)).toBe(render(eu, 'text'));
  });

  it('renders a dual-region request as text', () => {
    expect(render(euReversed, 'text')).toMatchInlineSnapshot(`
      "1. What can we help you with?
      Technical Issues and Bugs

      2. Which product is this for?
      Cloud Administration

      3. What is the site URL of your product within your organization?
      https://acme-cloud.atlassian.net

      4. Include admin or billing/technical/end-customer contact, or additional participants on this ticket
      secops@acme-cloud.example, Jane.Doe@acme-cloud.example

      5. Summarize your issue
      Re-encryption for AWS account 012345678901

      6. What is the impact to your business?
      Level 3 – Medium

      7. Give us more details
      Organization ID: 5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d
      AWS account: 012345678901
      Realm: Europe (eu-central-1, eu-west-1)

      Old key ARNs to be replaced (one per region):
      eu-central-1 (Frankfurt): arn:aws:kms:eu-central-1:012345678901:key/c187d5b0-ff31-4fd2-afa9-aa8d69d82081
      eu-west-1 (Ireland): arn:aws:kms:eu-west-1:012345678901:key/c51b3152-7402-4230-a1a9-4a3ba244d2a9

      New key ARNs for re-encryption (one per region):
      eu-central-1 (Frankfurt): arn:aws:kms:eu-central-1:012345678901:key/18b82d4b-d898-4c2a-a91c-a3f6c2820145
      eu-west-1 (Ireland): arn:aws:kms:eu-west-1:012345678901:key/b13e46a1-c390-4daa-a488-0972d454ca5d

      Timing to start re-encryption: b) Next maintenance window
      Re-encryption starts in the next maintenance window: no additional downtime outside that window.

      The old keys stay enabled until support confirms the re-encryption is complete.

      8. Want faster, more accurate help? Upload screenshots or videos
      kms-new-key-policy.png
      old key details.pdf

      9. Your phone number
      +44 20 7946 0958

      10. Which is closest to your normal working hours?
      Europe, Middle East and Africa (09:00-17:00 CET)
      "
    `);
  });
});

describe('odd input', () => {
  const odd: Record<string, unknown>[] = [
    {},
    { keys: [null, 1, 'x', [], { oldKeyArn: 5, newKeyArn: ['a'] }] },
    { keys: 'arn', participants: [1, 'a@b.c', null], attachments: 'kms.png', realm: 7 },
    { impact: 'L9', timing: 'soon', realm: 'eu', keys: [{ oldKeyArn: 'arn:aws:kms:eu-west-1:1:key/x' }] },
  ];

  it.each(odd)('renders %j in every format through the draft model', (record) => {
    for (const format of TICKET_FORMATS) {
      expect(render(draftFromRequest(record), format)).toContain('Re-encryption for AWS account');
    }
  });

  it('never throws on any JSON object', () => {
    const names = ['siteUrl', 'participants', 'awsAccountId', 'impact', 'realm', 'keys', 'timing', 'phone'];
    const record = fc.dictionary(fc.constantFrom(...names, 'notes', 'attachments', 'other'), fc.jsonValue());
    fc.assert(
      fc.property(record, fc.constantFrom(...TICKET_FORMATS), (value, format) => {
        expect(typeof render(draftFromRequest(value), format)).toBe('string');
      }),
    );
  });
});

describe('ticketFieldsOfText (a ticket as sent, read back)', () => {
  const labelled = (request: Record<string, unknown>) =>
    ticketFields(draftFromRequest(request)).map(({ label, value }) => ({ label, value }));

  it('gives the fields back from the text, empty ones and multi-line values included', () => {
    for (const request of [completeRequest('eu'), validRequest('us'), {}]) {
      const fields = ticketFieldsOfText(render(draftFromRequest(request)));
      expect(fields).toEqual(labelled(request));
    }
  });

  it('reads a text an earlier version wrote, with its own wording', () => {
    // Before the timing carried the option's letter.
    const text = render(draftFromRequest(validRequest('us', { timing: 'immediate' }))).replace(
      'Timing to start re-encryption: a) Immediate\n',
      'Timing to start re-encryption: Immediate\n',
    );
    const details = ticketFieldsOfText(text)?.find(({ label }) => label === 'Give us more details');
    expect(details?.value).toContain('\nTiming to start re-encryption: Immediate\n');
  });

  it('reads a numbered list typed in a value as part of it, not as the fields that follow', () => {
    const notes = Array.from({ length: 12 }, (_, index) => `${String(index + 1)}. step ${String(index + 1)}`);
    const hours = 'Americas\n\n11. late shift';
    for (const request of [
      completeRequest('eu', { notes: notes.join('\n\n'), attachments: ['kms.png'] }),
      validRequest('jp', { workingHours: hours }),
    ]) {
      const fields = ticketFieldsOfText(render(draftFromRequest(request)));
      expect(fields).toEqual(labelled(request));
    }
  });

  it('is undefined for a text of another shape', () => {
    const text = render(draftFromRequest(validRequest('us')));
    for (const other of [
      '',
      'Dear support,\nplease re-encrypt.\n',
      text.slice(0, -1),
      text.replace('1. ', '0. '),
    ])
      expect(ticketFieldsOfText(other)).toBeUndefined();
  });

  it('Markdown of the fields read back has every field and value of the ticket in Markdown', () => {
    const request = draftFromRequest(completeRequest('eu'));
    expect(markdownOf(ticketFields(request))).toBe(render(request, 'markdown'));
    const back = markdownOf(ticketFieldsOfText(render(request)) ?? []);
    const headings = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings(back)).toEqual(headings(render(request, 'markdown')));
    for (const pair of request.keys) {
      expect(back).toContain(pair.oldKeyArn);
      expect(back).toContain(pair.newKeyArn);
    }
  });
});
