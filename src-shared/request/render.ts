/** The support ticket, field by field in the support form's order, as text, Markdown or JSON. */
import { parseKeyArn, regionLabel } from './aws.js';
import { IMPACT_INFO, TIMING_INFO } from './labels.js';
import { REALMS, isRealmId, type RealmCatalog } from './realms.js';
import { type KeyPair } from './schema.js';
import { IMPACTS, TIMINGS, type Impact, type Timing } from './constants.js';

export const TICKET_FORMATS = ['text', 'markdown', 'json'] as const;
export type TicketFormat = (typeof TICKET_FORMATS)[number];

export type TicketFieldId =
  | 'requestType'
  | 'product'
  | 'siteUrl'
  | 'participants'
  | 'summary'
  | 'impact'
  | 'details'
  | 'attachments'
  | 'phone'
  | 'workingHours';

export interface TicketField {
  readonly id: TicketFieldId;
  /** The support form's own question. */
  readonly label: string;
  /** What to enter or choose; empty for an optional field left blank. */
  readonly value: string;
  readonly optional: boolean;
  /** The details field's lines, which say which are key ARNs (a list of code in Markdown). */
  readonly lines?: readonly DetailLine[];
}

/** A line of the details field; `arn` is set for a key line the app wrote (its region label and a valid ARN). */
export interface DetailLine {
  readonly text: string;
  readonly arn?: { readonly label: string; readonly arn: string };
}

/** The fields a ticket needs, tolerant of gaps so a half-filled form can be previewed. */
export interface TicketInput {
  readonly siteUrl?: string | undefined;
  readonly participants?: readonly string[] | undefined;
  readonly awsAccountId?: string | undefined;
  readonly impact?: string | undefined;
  readonly organizationId?: string | undefined;
  readonly realm?: string | undefined;
  readonly keys?: readonly Partial<KeyPair>[] | undefined;
  readonly timing?: string | undefined;
  readonly workingHours?: string | undefined;
  readonly phone?: string | undefined;
  readonly attachments?: readonly string[] | undefined;
  readonly notes?: string | undefined;
}

const MISSING = '(missing)';

function orMissing(value: string | undefined): string {
  return value === undefined || value === '' ? MISSING : value;
}

function impactText(impact: string | undefined): string {
  const info = (IMPACTS as readonly string[]).includes(impact ?? '')
    ? IMPACT_INFO[impact as Impact]
    : undefined;
  return info === undefined ? orMissing(impact) : `${info.label} – ${info.name}`;
}

function sortedPairs(
  keys: readonly Partial<KeyPair>[],
  regions: readonly string[] | undefined,
): Partial<KeyPair>[] {
  const regionOf = (pair: Partial<KeyPair>) => {
    const parsed = parseKeyArn(pair.oldKeyArn ?? '');
    return parsed.ok ? (regions?.indexOf(parsed.arn.region) ?? -1) : -1;
  };
  return [...keys].sort((a, b) => {
    const left = regionOf(a);
    const right = regionOf(b);
    return left === -1 || right === -1 ? 0 : left - right;
  });
}

function arnLines(pairs: readonly Partial<KeyPair>[], side: keyof KeyPair): DetailLine[] {
  return pairs.map((pair) => {
    const arn = pair[side] ?? '';
    const parsed = parseKeyArn(arn);
    if (!parsed.ok) return { text: orMissing(arn) };
    const label = regionLabel(parsed.arn.region);
    return { text: `${label}: ${arn}`, arn: { label, arn } };
  });
}

const text = (line: string): DetailLine => ({ text: line });

function detailLines(input: TicketInput, realms: RealmCatalog): DetailLine[] {
  const realm = isRealmId(input.realm) ? realms[input.realm] : undefined;
  const pairs = sortedPairs(input.keys ?? [], realm?.regions);
  const plural = pairs.length > 1;
  const timing = (TIMINGS as readonly string[]).includes(input.timing ?? '')
    ? TIMING_INFO[input.timing as Timing]
    : undefined;
  const lines = [
    text(`Organization ID: ${orMissing(input.organizationId)}`),
    text(`AWS account: ${orMissing(input.awsAccountId)}`),
    text(
      `Realm: ${realm === undefined ? orMissing(input.realm) : `${realm.name} (${realm.regions.join(', ')})`}`,
    ),
    text(''),
    text(plural ? 'Old key ARNs to be replaced (one per region):' : 'Old key ARN to be replaced:'),
    ...(pairs.length === 0 ? [text(MISSING)] : arnLines(pairs, 'oldKeyArn')),
    text(''),
    text(plural ? 'New key ARNs for re-encryption (one per region):' : 'New key ARN for re-encryption:'),
    ...(pairs.length === 0 ? [text(MISSING)] : arnLines(pairs, 'newKeyArn')),
    text(''),
    // With the option's letter, so the answer reads as the page lists the options support works from.
    text(
      `Timing to start re-encryption: ${timing === undefined ? orMissing(input.timing) : `${timing.letter}) ${timing.label}`}`,
    ),
    ...(timing === undefined ? [] : [text(timing.meaning)]),
  ];
  const notes = input.notes?.trim();
  if (notes !== undefined && notes !== '') lines.push(text(''), ...notes.split(/\r?\n/u).map(text));
  return lines;
}

function details(lines: readonly DetailLine[]): TicketField {
  const value = lines.map((line) => line.text).join('\n');
  return { id: 'details', label: 'Give us more details', value, optional: false, lines };
}

/** The ticket's fields in the support form's order. */
export function ticketFields(input: TicketInput, realms: RealmCatalog = REALMS): TicketField[] {
  const list = (values: readonly string[] | undefined, separator: string) => (values ?? []).join(separator);
  return [
    {
      id: 'requestType',
      label: 'What can we help you with?',
      value: 'Technical Issues and Bugs',
      optional: false,
    },
    { id: 'product', label: 'Which product is this for?', value: 'Cloud Administration', optional: false },
    {
      id: 'siteUrl',
      label: 'What is the site URL of your product within your organization?',
      value: orMissing(input.siteUrl),
      optional: false,
    },
    {
      id: 'participants',
      label:
        'Include admin or billing/technical/end-customer contact, or additional participants on this ticket',
      value: list(input.participants, ', '),
      optional: true,
    },
    {
      id: 'summary',
      label: 'Summarize your issue',
      value: `Re-encryption for AWS account ${orMissing(input.awsAccountId)}`,
      optional: false,
    },
    {
      id: 'impact',
      label: 'What is the impact to your business?',
      value: impactText(input.impact),
      optional: false,
    },
    details(detailLines(input, realms)),
    {
      id: 'attachments',
      label: 'Want faster, more accurate help? Upload screenshots or videos',
      value: list(input.attachments, '\n'),
      optional: true,
    },
    { id: 'phone', label: 'Your phone number', value: input.phone ?? '', optional: true },
    {
      id: 'workingHours',
      label: 'Which is closest to your normal working hours?',
      value: orMissing(input.workingHours),
      optional: false,
    },
  ];
}

/**
 * One line of the user's text, to read literally in Markdown: inline marks and HTML are escaped, and so
 * is whatever would start a block (a list, heading, quote, rule or code block) at the line's start.
 */
export function escapeLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const rest = line
    .slice(indent.length)
    .replace(/[\\`*_{}[\]<>#|!~&]/g, '\\$&')
    .replace(/^[-+=]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
  // Leading blanks cannot be escaped with "\"; as character references they are kept but start no code block.
  return indent.replace(/ /g, '&#32;').replace(/\t/g, '&#9;') + rest;
}

function escapeMarkdown(text: string): string {
  return text.split('\n').map(escapeLine).join('\n');
}

function markdownLine(line: DetailLine): string {
  if (line.arn !== undefined) return `- ${escapeLine(line.arn.label)}: \`${line.arn.arn}\``;
  return line.text === '' ? '' : `${escapeLine(line.text)}  `;
}

/** A field of the ticket by its label and value only: as read back from a ticket's text. */
export type TicketText = Pick<TicketField, 'label' | 'value'>;
type MarkdownField = TicketText & Partial<Pick<TicketField, 'id' | 'lines'>>;

function markdownValue(field: MarkdownField): string {
  if (field.value === '') return '_Leave empty._';
  if (field.lines !== undefined) return field.lines.map(markdownLine).join('\n');
  const value =
    field.id === 'attachments'
      ? field.value
          .split('\n')
          .map((name) => `- ${escapeLine(name)}`)
          .join('\n')
      : escapeMarkdown(field.value);
  return value.replace(/\n/g, '  \n');
}

/**
 * The ticket as text, for pasting. The renderer shows and copies only this form, so it imports this
 * (and renderNotReadyText) and the Markdown and JSON code stays out of its bundle.
 */
export function renderText(input: TicketInput, realms: RealmCatalog = REALMS): string {
  return textOf(ticketFields(input, realms));
}

function textOf(fields: readonly TicketText[]): string {
  return fields
    .map(
      (field, index) =>
        `${String(index + 1)}. ${field.label}\n${field.value === '' ? '(leave empty)' : field.value}\n`,
    )
    .join('\n');
}

/**
 * The fields of a ticket text that renderText wrote, this version or an earlier one: a sent request keeps
 * its text as sent, and a pack shows that in every form. Undefined for a text of another shape. A field
 * ends where the next number starts a line after a blank one; a value may hold such lines too (a numbered
 * list in the notes), so the end taken first is the one followed by that field's own question, then any
 * other (the latest first), each kept only if the rest of the text reads as fields to its end.
 */
export function ticketFieldsOfText(text: string): TicketText[] | undefined {
  const labels = ticketFields({}).map((field) => field.label);
  const fields = fieldsFrom(text, 1, labels, new Set());
  return fields !== undefined && fields.length > 0 && textOf(fields) === text ? fields : undefined;
}

/** `failed`: the (field number, characters left) already found not to read, so no end is tried twice. */
function fieldsFrom(
  rest: string,
  number: number,
  labels: readonly string[],
  failed: Set<string>,
): TicketText[] | undefined {
  const key = `${String(number)}:${String(rest.length)}`;
  if (failed.has(key)) return undefined;
  const head = `${String(number)}. `;
  const labelEnd = rest.indexOf('\n');
  if (!rest.startsWith(head) || labelEnd < 0) return undefined;
  const label = rest.slice(head.length, labelEnd);
  const nextHead = `\n\n${String(number + 1)}. `;
  const known: number[] = [];
  const other: number[] = [];
  for (let at = rest.indexOf(nextHead, labelEnd); at >= 0; at = rest.indexOf(nextHead, at + 1)) {
    const nextLabel = labels[number];
    (nextLabel !== undefined && rest.startsWith(`${nextLabel}\n`, at + nextHead.length) ? known : other).push(
      at,
    );
  }
  // the text's end closes the last field this version writes before any other number does
  const ends =
    number >= labels.length ? [-1, ...known, ...other.reverse()] : [...known, ...other.reverse(), -1];
  for (const end of ends) {
    const body = rest.slice(labelEnd + 1, end < 0 ? undefined : end + 1);
    if (!body.endsWith('\n')) continue;
    const value = body.slice(0, -1);
    const field = { label, value: value === '(leave empty)' ? '' : value };
    if (end < 0) return [field];
    const after = fieldsFrom(rest.slice(end + 2), number + 1, labels, failed);
    if (after !== undefined) return [field, ...after];
  }
  failed.add(key);
  return undefined;
}

/** The ticket in Markdown, from its fields (rendered now, or read back from the text as sent). */
export function markdownOf(fields: readonly MarkdownField[]): string {
  return [
    '# CMK re-encryption request',
    '',
    ...fields.flatMap((field) => [`## ${field.label}`, '', markdownValue(field), '']),
  ].join('\n');
}

/** Renders the ticket: `text` for pasting, `markdown` for wikis, `json` as `[{ field, value }]`. */
export function render(
  input: TicketInput,
  format: TicketFormat = 'text',
  realms: RealmCatalog = REALMS,
): string {
  if (format === 'text') return renderText(input, realms);
  const fields = ticketFields(input, realms);
  switch (format) {
    case 'json':
      return (
        JSON.stringify(
          fields.map(({ label, value }) => ({ field: label, value })),
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return markdownOf(fields);
  }
}

/** A finding as the not-ready banner lists it. */
export interface OpenError {
  readonly path: string;
  readonly message: string;
}

function notReady(errors: readonly OpenError[]): { title: string; lines: string[] } {
  const count = errors.length === 1 ? '1 error' : `${String(errors.length)} errors`;
  return {
    title: `NOT READY TO SEND: this request has ${count}.`,
    lines: errors.map(({ path, message }) => `${path === '' ? '' : `${path}: `}${message}`),
  };
}

/** renderNotReady's text form (see renderText for why it is apart). */
export function renderNotReadyText(
  input: TicketInput,
  errors: readonly OpenError[],
  realms: RealmCatalog = REALMS,
): string {
  const { title, lines } = notReady(errors);
  return [`*** ${title} ***`, ...lines.map((line) => `- ${line}`), '', renderText(input, realms)].join('\n');
}

/**
 * A ticket that still has errors, marked so nobody mistakes it for one ready to send: a banner with
 * every error above the fields (text, Markdown), or a first entry saying so (JSON).
 */
export function renderNotReady(
  input: TicketInput,
  errors: readonly OpenError[],
  format: TicketFormat = 'text',
  realms: RealmCatalog = REALMS,
): string {
  if (format === 'text') return renderNotReadyText(input, errors, realms);
  const ticket = render(input, format, realms);
  const { title, lines } = notReady(errors);
  switch (format) {
    case 'json': {
      const fields = JSON.parse(ticket) as unknown[];
      const banner = { field: 'NOT READY TO SEND', value: [title, ...lines].join('\n') };
      return JSON.stringify([banner, ...fields], null, 2) + '\n';
    }
    case 'markdown':
      return [`> **${title}**`, '>', ...lines.map((line) => `> - ${escapeMarkdown(line)}`), '', ticket].join(
        '\n',
      );
  }
}
