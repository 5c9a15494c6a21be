/**
 * What the drafts list shows for one draft: a summary the vault keeps in its encrypted index, so listing
 * thousands of drafts never decrypts them all. Shared by the vault (main) and the UI (via IPC).
 */
import { z } from 'zod';
import { stripUnsafe } from '../text/safe-text.js';
import type { DraftDocument } from './draft.js';
import { DRAFT_STATES, zonedTime } from './draft-schema.js';
import { DRAFT_STATUSES, draftStatus, statusUnderPolicy, type PolicyRules } from './status.js';

export { DRAFT_STATUSES, draftStatus, type DraftStatus } from './status.js';

/**
 * `corrupt`: read whole, it cannot be decrypted or parsed; `untrusted`: readable, but not written by this
 * vault; `unreadable`: could not be read now (permission, too many open files, I/O error, not a regular
 * file): left where it is, never quarantined; `newer`: written by a newer version of the app (left where
 * it is, never quarantined).
 */
export const DRAFT_PROBLEMS = ['corrupt', 'untrusted', 'unreadable', 'newer'] as const;
export type DraftProblem = (typeof DRAFT_PROBLEMS)[number];

/** A quarantined file's id: its problem, when it was set aside, and its former file name. */
export const FLAGGED_ID_PATTERN = /^(corrupt|untrusted|unreadable)-\d{8}T\d{9}Z-[A-Za-z0-9._-]{1,120}$/;

export const DraftSummarySchema = z.strictObject({
  /** A draft id (32 hex digits), or for a flagged file the id of its quarantine entry. */
  id: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .or(z.string().regex(FLAGGED_ID_PATTERN)),
  title: z.string().max(200),
  /** By the request rules: in the index without the policy's, as listed under them (summaryUnderPolicy). */
  status: z.enum(DRAFT_STATUSES),
  realm: z.string().max(20),
  awsAccountId: z.string().max(100),
  /** ISO date-time; empty when a flagged file has no readable content. */
  updatedAt: z.iso.datetime().or(z.literal('')),
  /** Where the request is in its life (stored state; `ready` is `status`). */
  state: z.enum(DRAFT_STATES),
  revision: z.number().int().min(1),
  siteUrl: z.string().max(2000),
  organizationId: z.string().max(500),
  /** When sent: the ticket reference as typed, and the time with its offset. */
  ticket: z.string().max(200).optional(),
  sentAt: zonedTime.optional(),
  completedAt: zonedTime.optional(),
  /** Set for files the vault set aside (quarantine): never loaded as a draft. */
  problem: z.enum(DRAFT_PROBLEMS).optional(),
  /** Why the file was flagged, in words for the user. */
  detail: z.string().max(500).optional(),
});
export type DraftSummary = z.infer<typeof DraftSummarySchema>;

export const TrashEntrySchema = DraftSummarySchema.extend({ deletedAt: z.iso.datetime() });
export type TrashEntry = z.infer<typeof TrashEntrySchema>;

export function summarizeDraft(draft: DraftDocument): DraftSummary {
  return {
    id: draft.id,
    // Titles from files this vault did not write are shown too (flagged): never with control characters.
    title: stripUnsafe(draft.title),
    // Without the policy's rules: the list applies them when it lists (summaryUnderPolicy).
    status: draftStatus(draft.request, draft.keyChecks),
    realm: draft.request.realm,
    awsAccountId: draft.request.awsAccountId,
    updatedAt: draft.updatedAt,
    state: draft.state,
    revision: draft.revision,
    siteUrl: draft.request.siteUrl.slice(0, 2000),
    organizationId: draft.request.organizationId,
    ...(draft.sent === undefined ? {} : { ticket: draft.sent.ticket, sentAt: draft.sent.at }),
    ...(draft.completed === undefined ? {} : { completedAt: draft.completed.at }),
  };
}

/**
 * A summary as the list shows it under the policy in force: the index keeps its status judged without the
 * policy, which can change between runs. A file set aside has no status to judge.
 */
export function summaryUnderPolicy<T extends DraftSummary>(summary: T, rules: PolicyRules): T {
  if (summary.problem !== undefined) return summary;
  return { ...summary, status: statusUnderPolicy(summary.status, summary, rules) };
}

/** The summary of a file without readable content (flagged, or of a newer version). */
export function unreadableSummary(
  id: string,
  title: string,
  problem: DraftProblem,
  detail: string,
): DraftSummary {
  return {
    id,
    title,
    status: 'has-errors',
    realm: '',
    awsAccountId: '',
    updatedAt: '',
    state: 'open',
    revision: 1,
    siteUrl: '',
    organizationId: '',
    problem,
    detail: detail.slice(0, 500),
  };
}
