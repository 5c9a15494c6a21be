/**
 * A request's life after the form: draft → ready (computed) → sent → completed, or withdrawn before
 * completed; a sent request changes only through a New revision. Pure functions: main adds the time,
 * the user and the history entry (hash-chained) and signs the result.
 */
import { render } from '../request/render.js';
import { failure, ok, type Failure, type Result } from '../ipc/result.js';
import type { Actor, DraftDocument, HistoryEvent } from './draft-schema.js';
import { CHECKLIST_IDS, requestFileText, ticketInputOf } from './draft.js';
import { changedFields } from './changed-fields.js';
import { UNTITLED, autoTitle, isAutoTitle } from './title.js';
import { isFrozen } from './find.js';
import { MAX_NOTE_LENGTH, MAX_TICKET_LENGTH } from './limits.js';
import { lifeStatus, notReadyToSend, sendingRules } from './life-status.js';
import { zonedIso } from '../text/zoned-time.js';
import type { PolicyRules } from './status.js';

export { LIFE_STATUSES, isFrozen, type LifeStatus } from './find.js';
export { SEND_WARNING_TEXT, lifeStatus, sendingRules } from './life-status.js';
export { zonedIso } from '../text/zoned-time.js';

/** Clock differences between machines: a time up to this far ahead still counts as "now". */
const FUTURE_SLACK_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MIDNIGHT = /T00:00(?::00)?(?:Z|[+-]\d{2}:\d{2})$/u;

/** A change the caller records in the history (with the time and the user). */
export interface LifeEvent {
  readonly event: HistoryEvent;
  readonly fields?: readonly string[];
  readonly detail?: string;
}

export interface LifeChange {
  readonly draft: DraftDocument;
  readonly event: LifeEvent;
}

const ZONED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/u;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/u;

/**
 * Reads a date and time the user typed: ISO 8601 with an offset (`2026-11-30T14:05+01:00`, `…Z`), or a
 * date alone (`2026-11-30`, taken as midnight at `offsetMinutes`). Returns it with seconds and offset.
 */
export function parseZonedTime(text: string, offsetMinutes: number, what: string): Result<string> {
  const trimmed = text.trim();
  const dateOnly = DATE_ONLY.exec(trimmed);
  const zoned = dateOnly === null ? ZONED.exec(trimmed) : null;
  const bad = failure(
    'invalid-argument',
    `${what}: "${trimmed.slice(0, 40)}" is not a date and time with its UTC offset, like 2026-11-30T14:05+01:00 or 2026-11-30.`,
  );
  if (dateOnly === null && zoned === null) return bad;
  const offset = dateOnly === null ? (zoned?.[7] ?? 'Z') : zonedIso(new Date(0), offsetMinutes).slice(19);
  const problem = offsetProblem(offset);
  if (problem !== undefined) return failure('invalid-argument', `${what}: ${problem}`);
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = dateOnly ?? zoned ?? [];
  const normal = `${year ?? ''}-${month ?? ''}-${day ?? ''}T${hour}:${minute}:${second}${offset === 'Z' ? '+00:00' : offset}`;
  const time = new Date(normal);
  // Reject impossible dates (2026-02-30) rather than let the clock roll them over.
  if (Number.isNaN(time.getTime()) || zonedIso(time, offsetOf(normal)) !== normal) return bad;
  return ok(normal);
}

function offsetOf(zoned: string): number {
  return offsetMinutesOf(zoned.slice(19));
}

function offsetMinutesOf(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
}

/**
 * Why a typed UTC offset names no place's time, or undefined. The offsets in use run from -12:00 to +14:00
 * in whole, half and three-quarter hours (the IANA time zone database); RFC 3339 (section 4.3) gives -00:00
 * the meaning "offset unknown".
 */
function offsetProblem(offset: string): string | undefined {
  if (offset === '-00:00') return 'the offset -00:00 means "unknown" (RFC 3339); for UTC write +00:00 or Z.';
  const minutes = offsetMinutesOf(offset);
  if (minutes < -12 * 60 || minutes > 14 * 60 || Math.abs(minutes % 60) % 15 !== 0)
    return `${offset} is not a UTC offset in use; they run from -12:00 to +14:00 (the IANA time zone database).`;
  return undefined;
}

function inFuture(zoned: string, now: Date): boolean {
  return new Date(zoned).getTime() > now.getTime() + FUTURE_SLACK_MS;
}

/** A ticket reference as typed: trimmed at the ends only, at most 200 characters, no control characters. */
export function checkTicket(text: string): Result<string> {
  const ticket = text.trim();
  if (ticket === '')
    return failure('invalid-argument', 'Type the Atlassian ticket reference (e.g. ABC-123456).');
  if (Array.from(ticket).length > MAX_TICKET_LENGTH) {
    return failure(
      'invalid-argument',
      `The ticket reference is ${String(Array.from(ticket).length)} characters long; at most ${String(MAX_TICKET_LENGTH)} are kept.`,
    );
  }
  if (/\p{Cc}/u.test(ticket)) {
    return failure(
      'invalid-argument',
      'The ticket reference holds a control character (a line break, tab…); type it on one line.',
    );
  }
  return ok(ticket);
}

function notes(text: string, what: string, required: boolean): Result<string> {
  const value = text.trim();
  if (required && value === '') return failure('invalid-argument', `${what} is required.`);
  // Characters as the stored record's schema counts them (an emoji is one), not UTF-16 units.
  const length = Array.from(value).length;
  if (length > MAX_NOTE_LENGTH)
    return failure(
      'invalid-argument',
      `${what} is ${length.toLocaleString('en')} characters long; at most ${MAX_NOTE_LENGTH.toLocaleString('en')} are kept.`,
    );
  if (/[^\P{Cc}\n\t]/u.test(value)) return failure('invalid-argument', `${what} holds a control character.`);
  return ok(value);
}

/*
 * The checks of what the user typed that need no draft: the changes below run them, and the command line
 * runs them too before it asks for the passphrase (a mistake there is a usage error).
 */

/** When a request was sent (zoned, parsed): not in the future. */
export function checkSentAt(at: string, now: Date): Result<string> {
  return inFuture(at, now)
    ? failure('invalid-argument', `The time it was sent (${at}) is in the future.`)
    : ok(at);
}

/** When Atlassian confirmed the re-encryption (zoned, parsed): not in the future. */
export function checkCompletedAt(at: string, now: Date): Result<string> {
  return inFuture(at, now)
    ? failure('invalid-argument', `The completion date (${at}) is in the future.`)
    : ok(at);
}

/** The note recorded with Completed (optional). */
export function checkNote(text: string): Result<string> {
  return notes(text, 'The note', false);
}

/** Why a request is withdrawn (required). */
export function checkReason(text: string): Result<string> {
  return notes(text, 'The reason', true);
}

/**
 * A change a frozen request cannot take, refused with the request as stored: the editor that asked shows
 * its record (it may have been sent, completed or withdrawn elsewhere while open there).
 */
function refuse(draft: DraftDocument, action: string): Failure<DraftDocument> {
  const status = lifeStatus(draft);
  return failure('read-only', `This request is ${status}: it cannot be ${action}.`, draft);
}

export interface SendInput {
  readonly ticket: string;
  /** When it was sent (zoned, already parsed); defaults to now. */
  readonly at: string;
  readonly by: Actor;
  /** The organization's policy makes the sending rules a refusal instead of recorded warnings. */
  readonly requireReady?: boolean;
  /** The policy's rules on the request (allowed realms, locked values), which the form shows too. */
  readonly rules?: PolicyRules;
  /**
   * The sender confirms the "Before you start" checklist as they send (the command line, which has no Start
   * step to tick it on): the draft is sent with every point ticked, and the history says so.
   */
  readonly checklistConfirmed?: boolean;
}

/** Marks an open draft as sent, freezing the ticket text and the request JSON as they are now. */
export function markSent(
  draft: DraftDocument,
  input: SendInput,
  now: Date,
): Result<LifeChange, DraftDocument> {
  if (draft.state !== 'open') return refuse(draft, 'marked as sent again');
  const ticket = checkTicket(input.ticket);
  if (!ticket.ok) return ticket;
  const sentAt = checkSentAt(input.at, now);
  if (!sentAt.ok) return sentAt;
  const confirmed =
    input.checklistConfirmed === true && !CHECKLIST_IDS.every((id) => draft.checklist.includes(id));
  const checked = confirmed
    ? { ...draft, checklist: [...new Set([...draft.checklist, ...CHECKLIST_IDS])] }
    : draft;
  const warnings = sendingRules(checked, input.rules);
  if (input.requireReady === true && warnings.length > 0)
    return failure('forbidden', notReadyToSend(warnings));
  const sent = {
    at: input.at,
    ticket: ticket.value,
    by: input.by,
    ticketText: render(ticketInputOf(draft.request), 'text'),
    requestJson: requestFileText(draft.request),
    warnings,
  };
  return ok({
    draft: { ...checked, state: 'sent', sent },
    event: { event: 'sent', detail: ticket.value, ...(confirmed && { fields: ['checklist'] }) },
  });
}

/** Records that Atlassian confirmed the re-encryption: not before it was sent, not in the future. */
export function markCompleted(
  draft: DraftDocument,
  input: { readonly at: string; readonly note: string; readonly by: Actor },
  now: Date,
): Result<LifeChange, DraftDocument> {
  if (draft.state !== 'sent' || draft.sent === undefined) {
    return draft.state === 'open'
      ? failure('read-only', 'Mark the request as sent before marking it completed.')
      : refuse(draft, 'marked completed');
  }
  const note = checkNote(input.note);
  if (!note.ok) return note;
  const completedAt = checkCompletedAt(input.at, now);
  if (!completedAt.ok) return completedAt;
  // A date alone (midnight, as parseZonedTime reads a date) means that day, which may be the day it was sent;
  // a time is taken as written, so it cannot be earlier than the sending.
  const at = new Date(input.at).getTime();
  const sentAt = new Date(draft.sent.at).getTime();
  const wholeDay = (MIDNIGHT.test(input.at) || DATE_ONLY.test(input.at)) && sentAt < at + DAY_MS;
  if (at < sentAt && !wholeDay) {
    return failure(
      'invalid-argument',
      `The completion date (${input.at}) is before the request was sent (${draft.sent.at}).`,
    );
  }
  const completed = { at: input.at, note: note.value, by: input.by };
  return ok({ draft: { ...draft, state: 'completed', completed }, event: { event: 'completed' } });
}

/** Withdraws a request that is not completed, with a reason. */
export function withdraw(
  draft: DraftDocument,
  input: { readonly at: string; readonly reason: string; readonly by: Actor },
): Result<LifeChange, DraftDocument> {
  if (draft.state === 'completed' || draft.state === 'withdrawn') return refuse(draft, 'withdrawn');
  const reason = checkReason(input.reason);
  if (!reason.ok) return reason;
  const withdrawn = { at: input.at, reason: reason.value, by: input.by };
  return ok({
    draft: { ...draft, state: 'withdrawn', withdrawn },
    event: { event: 'withdrawn', detail: reason.value.slice(0, 500) },
  });
}

/** The draft's content and place, as an open draft: no sent/completed/withdrawn record, no link. */
export function openContent(draft: DraftDocument): DraftDocument {
  const copy: DraftDocument = { ...draft, state: 'open' };
  delete copy.sent;
  delete copy.completed;
  delete copy.withdrawn;
  delete copy.previous;
  return copy;
}

/** A New revision of a sent (or completed, withdrawn) request: an open copy linked to it, with a new id. */
export function revise(draft: DraftDocument, id: string, now: string): Result<LifeChange> {
  if (draft.state === 'open')
    return failure(
      'read-only',
      'This draft is not sent yet: edit it as it is; a new revision is for a request already sent.',
    );
  const revision: DraftDocument = {
    ...structuredClone(openContent(draft)),
    id,
    revision: draft.revision + 1,
    previous: { id: draft.id, revision: draft.revision },
    createdAt: now,
    updatedAt: now,
    history: [],
  };
  return ok({ draft: revision, event: { event: 'revised', detail: draft.id } });
}

/** One content field of `from` (a name from `changedFields`) copied onto `to`. */
function copyField(to: DraftDocument, from: DraftDocument, field: string): void {
  if (field === 'title') to.title = from.title;
  else if (field === 'checklist') to.checklist = from.checklist;
  else if (field === 'keyChecks') {
    if (from.keyChecks === undefined) delete to.keyChecks;
    else to.keyChecks = from.keyChecks;
  } else if (field === 'keysSetAside') {
    if (from.keysSetAside === undefined) delete to.keysSetAside;
    else to.keysSetAside = from.keysSetAside;
  } else {
    // Every request field is present in a draft (empty while not filled in).
    const key = field.replace(/^request\./u, '') as keyof DraftDocument['request'];
    Object.assign(to.request, { [key]: from.request[key] });
  }
}

/**
 * An edit made on `base` (the version the editor had), saved when the stored draft is another writer's
 * newer version (another app or process on the same vault): the fields the editor changed come from
 * `incoming`; those only the other writer changed keep the stored value. One field changed by both takes
 * the editor's value, as a later edit of a field does.
 */
export function rebaseEdit(
  base: DraftDocument,
  stored: DraftDocument,
  incoming: DraftDocument,
): DraftDocument {
  const mine = new Set(changedFields(base, incoming));
  // A title the app makes from the site and account follows them: that is no rename by this editor, and
  // must not undo one made elsewhere.
  const follows = (draft: DraftDocument) => isAutoTitle(draft.title, draft.request);
  if (follows(base) && follows(incoming)) mine.delete('title');
  const theirs = changedFields(base, stored).filter((field) => !mine.has(field));
  if (theirs.length === 0) return incoming;
  const merged: DraftDocument = { ...incoming, request: { ...incoming.request } };
  for (const field of theirs) copyField(merged, stored, field);
  // Nobody chose a title: it follows the merged site and account, as the editor's does.
  if (follows(incoming) && follows(stored)) merged.title = autoTitle(merged.request) || UNTITLED;
  return merged;
}

/**
 * A save from the editor applied to the stored draft: content and position come from `incoming`, the
 * lifecycle and history stay the stored ones (the editor cannot change them). Frozen drafts refuse.
 */
export function applyEdit(
  stored: DraftDocument,
  incoming: DraftDocument,
): Result<{ draft: DraftDocument; fields: string[] }, DraftDocument> {
  const draft: DraftDocument = {
    ...stored,
    title: incoming.title,
    request: incoming.request,
    position: incoming.position,
    checklist: incoming.checklist,
  };
  // describe-key results are content too: they come from the editor, and none is stored as absent.
  if (incoming.keyChecks === undefined) delete draft.keyChecks;
  else draft.keyChecks = incoming.keyChecks;
  // So are key pairs kept from an earlier realm choice, until the user restores or discards them.
  if (incoming.keysSetAside === undefined) delete draft.keysSetAside;
  else draft.keysSetAside = incoming.keysSetAside;
  const fields = changedFields(stored, draft);
  if (fields.length > 0 && isFrozen(stored)) {
    // With the stored draft: the editor that sent the edit shows its record (sent elsewhere, and by whom).
    return failure(
      'read-only',
      `This request is ${lifeStatus(stored)} and read-only; make a New revision to change it.`,
      stored,
    );
  }
  return ok({ draft, fields });
}
