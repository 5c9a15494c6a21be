/**
 * `drafts history|mark-sent|complete|withdraw|revise|reencrypt` and `drafts verify --identity`: a request's
 * life after the form, for scripts and for staff without the app. Part of the `drafts` command.
 */
import { resolve } from 'node:path';
import { identityToRecipient } from 'age-encryption';
import { CHECKLIST_ITEMS } from '../../src-shared/drafts/checklist.js';
import { CHECKLIST_IDS, type DraftDocument, type HistoryEntry } from '../../src-shared/drafts/draft.js';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import {
  SEND_WARNING_TEXT,
  checkCompletedAt,
  checkNote,
  checkReason,
  checkSentAt,
  checkTicket,
  lifeStatus,
  sendingRules,
} from '../../src-shared/drafts/life.js';
import type { Failure, Result } from '../../src-shared/ipc/result.js';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import type { Policy } from '../policy/policy.js';
import { readConfig } from '../vault/config.js';
import { identitiesInText } from '../vault/identity.js';
import { publicKeyFromOpenSsh } from '../vault/signing.js';
import { verifyWithIdentity, type Vault, type VerifyReport } from '../vault/vault.js';
import { timeOrNow } from '../vault/vault-life.js';
import { readRegularFile } from '../files/safe-fs.js';
import { POLICY_FILE_USAGE } from './workstation-policy.js';
import { EXIT, UsageError, countOf, type CliIo } from './io.js';
import { draftId, noOperands, operand } from './usage.js';

/** The usage of each action here, by its name: `drafts` takes them as its own. */
export const RECORD_USAGE: Readonly<Record<string, readonly string[]>> = {
  history: [`cmk-rekey drafts history --vault DIR <id> [--json] [--passphrase-stdin] ${POLICY_FILE_USAGE}`],
  'mark-sent': [
    `cmk-rekey drafts mark-sent --vault DIR <id> --ticket REF [--at ISO-8601] [--name NAME] [--checklist-confirmed] [--passphrase-stdin] ${POLICY_FILE_USAGE}`,
  ],
  complete: [
    `cmk-rekey drafts complete --vault DIR <id> [--at ISO-8601] [--note TEXT] [--name NAME] [--passphrase-stdin] ${POLICY_FILE_USAGE}`,
  ],
  withdraw: [
    `cmk-rekey drafts withdraw --vault DIR <id> --reason TEXT [--name NAME] [--passphrase-stdin] ${POLICY_FILE_USAGE}`,
  ],
  revise: [
    `cmk-rekey drafts revise --vault DIR <id> [--passphrase-stdin] ${POLICY_FILE_USAGE}   # prints the new revision's id`,
  ],
  reencrypt: [
    `cmk-rekey drafts reencrypt --vault DIR [--passphrase-stdin] ${POLICY_FILE_USAGE}   # to the current recipients`,
  ],
};

export const VERIFY_IDENTITY_USAGE =
  'cmk-rekey drafts verify --vault DIR --identity FILE [--signing-key "ssh-ed25519 …"]   # no passphrase';

export const RECORD_OPTIONS = {
  ticket: { type: 'string' },
  at: { type: 'string' },
  note: { type: 'string' },
  reason: { type: 'string' },
  name: { type: 'string' },
  identity: { type: 'string' },
  'signing-key': { type: 'string' },
  'checklist-confirmed': { type: 'boolean' },
} as const;

export interface RecordValues {
  readonly json?: boolean | undefined;
  readonly ticket?: string | undefined;
  readonly at?: string | undefined;
  readonly note?: string | undefined;
  readonly reason?: string | undefined;
  readonly name?: string | undefined;
  readonly identity?: string | undefined;
  readonly 'signing-key'?: string | undefined;
  readonly 'checklist-confirmed'?: boolean | undefined;
}

export interface RecordContext {
  readonly io: CliIo;
  readonly folder: () => string;
  readonly withVault: (task: (vault: Vault) => Promise<number>) => Promise<number>;
  readonly report: (failure: Failure<unknown>, what: string) => number;
  /** This workstation's policy: the vault opens under it, and mark-sent judges the request by it. */
  readonly policy: () => Promise<Policy>;
}

function historyLine(entry: HistoryEntry): string {
  const who = entry.by.name === undefined ? entry.by.user : `${entry.by.name} (${entry.by.user})`;
  const what = entry.fields === undefined ? '' : ` ${entry.fields.join(', ')}`;
  const detail = entry.detail === undefined ? '' : ` — ${entry.detail}`;
  return `${entry.at}  ${entry.event}${what}${detail}  by ${who}\n`;
}

/** What the CLI prints after a state change: the id, the status, and any warning the record holds. */
function stateLines(draft: DraftDocument): string {
  const lines = [
    `${draft.id} ${lifeStatus(draft)}${draft.sent === undefined ? '' : ` ticket ${draft.sent.ticket}`}\n`,
  ];
  for (const warning of draft.sent?.warnings ?? [])
    lines.push(`warning: sent although ${SEND_WARNING_TEXT[warning]}\n`);
  return lines.join('');
}

/**
 * What was typed, checked by the app's own rules (life.ts) before the passphrase is asked for: a time that
 * is no time or in the future, an empty reason, a ticket reference or note the record cannot keep are
 * usage errors (exit 2), named with the action's usage. What needs the draft (a completion before it was
 * sent) is checked once it is open.
 */
function checkTyped(action: string, values: RecordValues): void {
  // Left out, --at means now; given empty (a script's unset variable), it would record now without saying so.
  if (values.at?.trim() === '')
    throw new UsageError(
      '--at is empty: give the time, like 2026-11-30T14:05+01:00 or 2026-11-30, or leave --at out for now',
    );
  const now = new Date();
  const at = (check: (zoned: string, now: Date) => Result<string>): Result<string> => {
    const parsed = timeOrNow(values.at, '--at');
    return parsed.ok ? check(parsed.value, now) : parsed;
  };
  const checks: Result<string>[] =
    action === 'mark-sent'
      ? [checkTicket(values.ticket ?? ''), at(checkSentAt)]
      : action === 'complete'
        ? [at(checkCompletedAt), checkNote(values.note ?? '')]
        : action === 'withdraw'
          ? [checkReason(values.reason ?? '')]
          : [];
  for (const check of checks) if (!check.ok) throw new UsageError(check.message);
}

function required(value: string | undefined, option: string): string {
  if (value === undefined) throw new UsageError(`${option} is required`);
  return value;
}

/** What --checklist-confirmed confirms, printed before the passphrase is asked for: the app's own words. */
const CONFIRMED_TEXT = [
  'By --checklist-confirmed you confirm the "Before you start" checklist, as ticking it in the app does:\n',
  ...CHECKLIST_IDS.map((id) => `  - ${CHECKLIST_ITEMS[id].text}\n`),
].join('');

const CONFIRM_HINT =
  'Pass --checklist-confirmed to confirm its points here (they are printed before the passphrase is asked for).';

/** Whether the policy refused a send because the checklist is not ticked (the CLI can confirm it). */
async function checklistOpen(vault: Vault, id: string, rules: PolicyRules): Promise<boolean> {
  const draft = await vault.load(id);
  return draft.ok && sendingRules(draft.value, rules).includes('checklist-unticked');
}

/** `files`: what `checked N …` counted, in words (`files`, or which files with an identity). */
export function printReport(
  io: CliIo,
  folder: string,
  report: VerifyReport,
  what: string,
  files = 'files',
): number {
  io.stdout(
    `${folder}: checked ${String(report.checked)} ${files}; ${String(report.trusted)} drafts ${what}.\n`,
  );
  for (const problem of report.problems)
    io.stdout(
      `  ${problem.problem.toUpperCase()}  ${escapeUnsafe(problem.file)}: ${escapeUnsafe(problem.message)}\n`,
    );
  io.stdout(
    report.problems.length === 0 ? 'No problems.\n' : `${String(report.problems.length)} problem(s) found.\n`,
  );
  return report.problems.length === 0 ? EXIT.ok : EXIT.invalid;
}

/** Thousands of age identities: a larger file is no identity file and is not read into memory. */
const MAX_IDENTITY_FILE_BYTES = 1024 * 1024;

/** `drafts verify --identity FILE`: no passphrase; the identity must be one of the vault's recipients. */
export async function verifyIdentityCommand(context: RecordContext, values: RecordValues): Promise<number> {
  const file = required(values.identity, '--identity FILE');
  // what was typed first, before any file is read: a key that is no key is a usage error
  const signingKey = values['signing-key'];
  if (signingKey !== undefined && publicKeyFromOpenSsh(signingKey) === undefined)
    throw new UsageError(
      `--signing-key "${escapeUnsafe(signingKey.slice(0, 60))}" is not an ssh-ed25519 public key`,
    );
  const bytes = await readRegularFile(resolve(file), MAX_IDENTITY_FILE_BYTES, true, file);
  if (!bytes.ok) {
    context.io.stderr(`cmk-rekey: ${bytes.message}\n`);
    return EXIT.usage;
  }
  const text = bytes.value.toString('utf8');
  // an unusable identity file is the file's problem (exit 2, named), not one the vault has
  const why = await identityFileProblem(text);
  if (why !== undefined) {
    context.io.stderr(`cmk-rekey: ${escapeUnsafe(file)} is not an age identity file: ${why}.\n`);
    return EXIT.usage;
  }
  const folder = context.folder();
  const result = await verifyWithIdentity(folder, text, values['signing-key']);
  if (!result.ok) return context.report(result, folder);
  const code = printReport(
    context.io,
    folder,
    result.value,
    "signed by this vault's key",
    'draft files in drafts/ and trash/ (vault.json, identity.age and index.age need the passphrase: not checked)',
  );
  const config = await readConfig(folder);
  if (values['signing-key'] !== undefined || !config.ok) return code;
  if (config.value.signingKey === undefined) {
    // a version 1 vault.json: its key is derived from the identity, which only the passphrase opens
    const opened = `this identity opened ${String(result.value.opened ?? 0)} of the ${String(result.value.checked)} draft files`;
    // version 1 drafts carry no signature: a key checks nothing until they are signed
    const advice =
      (result.value.signedUnchecked ?? 0) === 0
        ? 'None of them is signed (version 1 drafts, whose seal only the passphrase checks): whoever holds the passphrase can sign them ("cmk-rekey drafts reencrypt") and give you the signing key to pass with --signing-key.'
        : "To check signatures too, ask whoever holds the passphrase for the vault's signing key and pass it with --signing-key.";
    context.io.stdout(
      `vault.json records no signing key (a version 1 vault; it gains one at its first settings change), so no signature was checked: ${opened}. ${advice}\n`,
    );
  } else {
    // vault.json's MAC needs the passphrase: whoever can write the folder can put their own key there
    context.io.stdout(
      `Signatures were checked against the signing key in vault.json (${escapeUnsafe(config.value.signingKey)}), which is not authenticated without the passphrase: compare it with the key "cmk-rekey vault info --passphrase-stdin" printed (with the passphrase) or one recorded when the vault was made, or pass that key with --signing-key.\n`,
    );
  }
  return code;
}

/** Why an identity file's text is none `age -i` takes (it takes several keys, each valid), or undefined. */
async function identityFileProblem(text: string): Promise<string | undefined> {
  const keys = identitiesInText(text);
  if (keys.length === 0) return 'it holds no AGE-SECRET-KEY-1… line';
  for (const [index, key] of keys.entries()) {
    const valid = await identityToRecipient(key).then(
      () => true,
      () => false,
    );
    if (!valid)
      return keys.length === 1
        ? 'its AGE-SECRET-KEY-1… line is not a valid age key'
        : `AGE-SECRET-KEY-1… line ${String(index + 1)} of its ${String(keys.length)} is not a valid age key`;
  }
  return undefined;
}

function done(
  context: RecordContext,
  result: Result<DraftDocument, unknown>,
  id: string,
  print: (draft: DraftDocument) => string,
): number {
  if (!result.ok) {
    const exit = context.report(result, `draft ${id}`);
    // Refused by the request's state (a New revision is already there) or by the policy's sending rules:
    // exit 1, as every refusal of a state that does not allow the change.
    return result.code === 'exists' || result.code === 'forbidden' ? EXIT.invalid : exit;
  }
  context.io.stdout(print(result.value));
  return EXIT.ok;
}

export async function recordCommand(
  action: string,
  rest: readonly string[],
  values: RecordValues,
  context: RecordContext,
): Promise<number> {
  if (action === 'reencrypt') {
    noOperands(rest);
    return context.withVault(async (vault) => {
      const result = await vault.reencrypt();
      if (!result.ok) return context.report(result, vault.folder);
      const { reencrypted, unchanged, skipped } = result.value;
      context.io.stdout(
        `Re-encrypted ${countOf(reencrypted, 'draft')} to the current recipients; ${String(unchanged)} already were.\n`,
      );
      for (const problem of skipped) context.io.stdout(`  SKIPPED  ${problem.file}: ${problem.message}\n`);
      return skipped.length === 0 ? EXIT.ok : EXIT.invalid;
    });
  }
  const id = draftId(operand(rest, '<id>'));
  const name = values.name === undefined ? {} : { name: values.name };
  // Usage errors before the passphrase is asked for.
  if (action === 'mark-sent') required(values.ticket, '--ticket REF');
  if (action === 'withdraw') required(values.reason, '--reason TEXT');
  checkTyped(action, values);
  const confirmed = action === 'mark-sent' && values['checklist-confirmed'] === true;
  if (confirmed) context.io.stderr(CONFIRMED_TEXT);
  // As in the app: the policy's errors count when sending, and may refuse an unready request.
  const policy = action === 'mark-sent' ? await context.policy() : undefined;
  return context.withVault(async (vault) => {
    switch (action) {
      case 'history': {
        const draft = await vault.load(id);
        if (!draft.ok) return context.report(draft, `draft ${id}`);
        if (values.json === true) context.io.stdout(JSON.stringify(draft.value.history, null, 2) + '\n');
        else
          context.io.stdout(
            draft.value.history.length === 0
              ? 'No history recorded (a draft from version 1).\n'
              : draft.value.history.map(historyLine).join(''),
          );
        return EXIT.ok;
      }
      case 'mark-sent': {
        const ticket = required(values.ticket, '--ticket REF');
        const at = values.at === undefined ? {} : { at: values.at };
        const rules = {
          requireReady: policy?.markSentRequiresReady === true,
          rules: policy?.requestRules ?? {},
        };
        const sent = await vault.markSent(id, {
          ticket,
          ...at,
          ...name,
          ...rules,
          checklistConfirmed: confirmed,
        });
        // The hint only where the option was not given: with it, the request itself is what is not ready.
        if (
          !sent.ok &&
          sent.code === 'forbidden' &&
          !confirmed &&
          (await checklistOpen(vault, id, rules.rules))
        )
          return done(context, { ...sent, message: `${sent.message} ${CONFIRM_HINT}` }, id, stateLines);
        return done(context, sent, id, stateLines);
      }
      case 'complete': {
        const at = values.at === undefined ? {} : { at: values.at };
        const note = values.note === undefined ? {} : { note: values.note };
        return done(context, await vault.markCompleted(id, { ...at, ...note, ...name }), id, stateLines);
      }
      case 'withdraw':
        return done(
          context,
          await vault.withdraw(id, { reason: required(values.reason, '--reason TEXT'), ...name }),
          id,
          stateLines,
        );
      default:
        return done(context, await vault.revise(id), id, (draft) => `${draft.id}\n`);
    }
  });
}
