/**
 * Provenance for exports, and `drafts export --with-record`: the whole draft record (request, status,
 * dates, history) as JSON, with when and by which app it was generated and the SHA-256 of the canonical
 * request JSON (so an export can be matched to the request it describes).
 */
import { createHash } from 'node:crypto';
import packageJson from '../../package.json' with { type: 'json' };
import { requestFromDraft, type DraftDocument, type DraftRequest } from '../../src-shared/drafts/draft.js';
import { lifeStatus, type LifeStatus } from '../../src-shared/drafts/life.js';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import { escapeLine, type TicketFormat } from '../../src-shared/request/render.js';
import { localNow } from '../vault/history.js';
import { canonicalJson } from '../../src-shared/text/canonical-json.js';

export interface Provenance {
  readonly generatedAt: string;
  readonly app: string;
  /** The draft's id, revision and status; absent for a request that is not a saved draft. */
  readonly draftId?: string;
  readonly revision?: number;
  readonly status?: LifeStatus;
  readonly ticket?: string;
  /** SHA-256 (hex) of the canonical JSON (sorted keys, no spaces) of the request file the draft stands for. */
  readonly requestSha256: string;
}

/**
 * Provenance of `request` (the draft's own unless given, e.g. the form's content being exported), with the
 * draft's id, revision, status (under the policy's `rules`, as the drafts list shows it) and ticket when
 * there is a draft.
 */
export function provenanceOf(
  draft: DraftDocument | undefined,
  now = new Date(),
  request: DraftRequest | undefined = draft?.request,
  rules: PolicyRules = {},
): Provenance {
  const canonical = canonicalJson(request === undefined ? {} : requestFromDraft(request));
  return {
    generatedAt: localNow(now),
    app: `${packageJson.productName} ${packageJson.version}`,
    ...(draft !== undefined && {
      draftId: draft.id,
      revision: draft.revision,
      status: lifeStatus(draft, rules),
    }),
    ...(draft?.sent === undefined ? {} : { ticket: draft.sent.ticket }),
    requestSha256: createHash('sha256').update(canonical, 'utf8').digest('hex'),
  };
}

const PROVENANCE_TITLE = 'Provenance (not part of the ticket: do not paste)';

function provenanceLines(provenance: Provenance): string[] {
  const draft =
    provenance.draftId === undefined
      ? []
      : [
          `Draft: ${provenance.draftId} (revision ${String(provenance.revision ?? 1)})`,
          `Status: ${provenance.status ?? 'open'}`,
        ];
  return [
    `Generated at: ${provenance.generatedAt}`,
    `App: ${provenance.app}`,
    ...draft,
    ...(provenance.ticket === undefined ? [] : [`Atlassian ticket: ${provenance.ticket}`]),
    `Request SHA-256: ${provenance.requestSha256} (canonical request JSON)`,
  ];
}

/**
 * A rendered ticket with its provenance after it, clearly apart: a ruled-off footer (text, Markdown), or a
 * last entry (JSON, like the "NOT READY TO SEND" banner is a first one). The ticket itself is unchanged.
 */
export function withProvenance(ticket: string, format: TicketFormat, provenance: Provenance): string {
  const lines = provenanceLines(provenance);
  switch (format) {
    case 'json': {
      const fields = JSON.parse(ticket) as unknown[];
      return (
        JSON.stringify([...fields, { field: PROVENANCE_TITLE, value: lines.join('\n') }], null, 2) + '\n'
      );
    }
    case 'markdown':
      return `${ticket.trimEnd()}\n\n---\n\n## ${PROVENANCE_TITLE}\n\n${lines.map((line) => `- ${escapeLine(line)}`).join('\n')}\n`;
    case 'text':
      return `${ticket.trimEnd()}\n\n${'-'.repeat(60)}\n${PROVENANCE_TITLE}\n${lines.join('\n')}\n`;
  }
}

export const RECORD_FORMAT = 'cmk-rekey/draft-record';

/** The draft record file: `{ format, version, provenance, draft }`, pretty JSON; the status under `rules`. */
export function recordJson(draft: DraftDocument, rules: PolicyRules = {}): string {
  const provenance = provenanceOf(draft, new Date(), draft.request, rules);
  return JSON.stringify({ format: RECORD_FORMAT, version: 1, provenance, draft }, null, 2) + '\n';
}
