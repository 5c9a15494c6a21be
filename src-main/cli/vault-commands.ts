/**
 * `vault init` and `drafts import|list|export|verify`: the encrypted drafts vault for compliance staff.
 * Passphrases come from the terminal (hidden) or standard input (`--passphrase-stdin`), never argv or env.
 * Exit codes: 0 ok, 1 problem found, invalid, or the vault busy, 2 usage, unreadable, or wrong passphrase.
 */
import { statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { requestFromDraft } from '../../src-shared/drafts/draft.js';
import { findDrafts, parseDraftQuery, type DraftQuery } from '../../src-shared/drafts/find.js';
import { scorePassphrase } from '../../src-shared/drafts/passphrase.js';
import type { DraftSummary } from '../../src-shared/drafts/summary.js';
import type { Failure } from '../../src-shared/ipc/result.js';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import { checkNewFile, entryKind, errnoCode, writeNewFile } from '../files/safe-fs.js';
import { examineVault, problemsIn, repairVault } from '../vault/doctor.js';
import { readRequestFile } from '../files/read-request.js';
import { recordJson } from '../drafts/record-export.js';
import { localNow } from '../vault/history.js';
import { checkRecipients } from '../vault/lifecycle.js';
import { Vault, type VaultOptions } from '../vault/vault.js';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import type { Policy } from '../policy/policy.js';
import {
  POLICY_FILE_OPTIONS,
  POLICY_FILE_USAGE,
  refusesPlaintext,
  workstationPolicy,
} from './workstation-policy.js';
import { EXIT, UsageError, countOf, formatTable, type CliCommand, type CliIo } from './io.js';
import { draftId, noOperands, operand } from './usage.js';
import {
  RECORD_OPTIONS,
  RECORD_USAGE,
  VERIFY_IDENTITY_USAGE,
  printReport,
  recordCommand,
  verifyIdentityCommand,
  type RecordContext,
} from './record-commands.js';
import { CancelledError, readPassphrase } from './passphrase-input.js';
import { PURGE_OPTIONS, PURGE_USAGE, purgeCommand } from './purge-command.js';

const COMMON = { vault: { type: 'string' }, 'passphrase-stdin': { type: 'boolean' } } as const;

const DRAFTS_USAGE: Readonly<Record<string, readonly string[]>> = {
  import: [
    `cmk-rekey drafts import --vault DIR <request.json|draft.age> [--passphrase-stdin] ${POLICY_FILE_USAGE}`,
  ],
  list: [
    `cmk-rekey drafts list --vault DIR [--search TEXT] [--status S] [--realm R] [--sort updated|sent|status] [--json] [--passphrase-stdin] ${POLICY_FILE_USAGE}`,
  ],
  export: [
    `cmk-rekey drafts export --vault DIR <id> [--with-record] [--out FILE [--force]] [--passphrase-stdin] ${POLICY_FILE_USAGE}`,
  ],
  verify: [
    `cmk-rekey drafts verify --vault DIR [--passphrase-stdin] ${POLICY_FILE_USAGE}`,
    VERIFY_IDENTITY_USAGE,
  ],
  ...RECORD_USAGE,
  purge: [PURGE_USAGE],
};

const DRAFTS_OPTIONS = {
  ...COMMON,
  ...RECORD_OPTIONS,
  ...PURGE_OPTIONS,
  json: { type: 'boolean' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  'with-record': { type: 'boolean' },
  search: { type: 'string' },
  status: { type: 'string' },
  realm: { type: 'string' },
  sort: { type: 'string' },
  ...POLICY_FILE_OPTIONS,
} as const;

/**
 * Failure codes that mean "something is wrong with the data" or "the vault is busy: try again" (1) rather
 * than "cannot proceed" (2).
 */
const PROBLEM_CODES = new Set([
  'untrusted',
  'corrupt',
  'invalid-argument',
  'invalid-request',
  'read-only',
  'busy',
]);

/** Says why a command failed (a refusal's `detail` is for the app's editor, not printed). */
export function report(io: CliIo, failure: Failure<unknown>, what: string): number {
  io.stderr(`cmk-rekey: ${escapeUnsafe(what)}: ${escapeUnsafe(failure.message)}\n`);
  return PROBLEM_CODES.has(failure.code) ? EXIT.invalid : EXIT.usage;
}

/**
 * The folder --vault names, for every command that takes it: a path that is a file (or under one) is a
 * usage error saying so, not a vault.json that cannot be read. A path that does not exist is left to the
 * command (`vault init` creates it; the others say there is no vault there).
 */
export function vaultFolder(value: string | undefined): string {
  if (value === undefined) throw new UsageError('--vault DIR is required');
  const folder = resolve(value);
  let kind: string | undefined;
  try {
    kind = statSync(folder).isDirectory() ? undefined : 'it is a file, not a folder';
  } catch (error) {
    if (errnoCode(error) === 'ENOTDIR') kind = 'a part of its path is a file, not a folder';
  }
  if (kind !== undefined) throw new UsageError(`--vault ${value}: ${kind}; give the vault's folder`);
  return folder;
}

/**
 * Opens and unlocks a vault; a number is the exit code when that failed. `options` come from this
 * workstation's policy (`Policy.vaultOptions`), as the app opens it: every save adds the locked compliance
 * recipients, and re-encrypting keeps them.
 */
async function unlockVault(
  folder: string,
  io: CliIo,
  fromStdin: boolean | undefined,
  options: VaultOptions,
): Promise<{ vault: Vault; passphrase: string } | number> {
  const opened = await Vault.open(folder, { ...options, program: 'cli' });
  if (!opened.ok) return report(io, opened, folder);
  const passphrase = await readPassphrase(io, fromStdin === true, `Passphrase for ${folder}: `);
  const unlocked = await opened.value.unlock(passphrase);
  if (!unlocked.ok) return report(io, unlocked, folder);
  return { vault: opened.value, passphrase };
}

/** Runs `task` on the vault unlocked with the passphrase asked for (which a change of settings needs again). */
export async function withVault(
  folder: string,
  io: CliIo,
  fromStdin: boolean | undefined,
  options: VaultOptions,
  task: (vault: Vault, passphrase: string) => Promise<number>,
): Promise<number> {
  try {
    const unlocked = await unlockVault(folder, io, fromStdin, options);
    if (typeof unlocked === 'number') return unlocked;
    const { vault, passphrase } = unlocked;
    try {
      return await task(vault, passphrase);
    } finally {
      await vault.close();
    }
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    io.stderr('cmk-rekey: cancelled\n');
    return EXIT.usage;
  }
}

/**
 * `vault info`: the vault's public keys, for compliance staff. With --passphrase-stdin the vault is unlocked,
 * which authenticates vault.json (its MAC): a changed one is refused. Without it, the keys are read from
 * vault.json as it stands, and the output says they are not authenticated (whoever can write the folder can
 * put their own signing key there). A version 1 vault records no signing key: it is unlocked to derive it.
 */
async function infoCommand(
  folder: string,
  io: CliIo,
  fromStdin: boolean | undefined,
  options: VaultOptions,
): Promise<number> {
  const opened = await Vault.open(folder, { ...options, program: 'cli' });
  if (!opened.ok) return report(io, opened, folder);
  const print = (vault: Vault): number => {
    io.stdout(`Vault: ${folder}\nRecipient: ${vault.recipient}\n`);
    for (const recipient of vault.extraRecipients) io.stdout(`Extra recipient: ${recipient}\n`);
    io.stdout(`Signing key: ${vault.signingPublicKey ?? '(unknown)'}\n`);
    return EXIT.ok;
  };
  if (fromStdin !== true && opened.value.signingPublicKey !== undefined) {
    print(opened.value);
    io.stdout(
      'Read from vault.json without the passphrase, so not authenticated: pass --passphrase-stdin to check these keys against the vault before you trust them.\n',
    );
    return EXIT.ok;
  }
  return withVault(folder, io, fromStdin, options, (vault) => Promise.resolve(print(vault)));
}

/**
 * `vault recipients`: sets the extra recipients (compliance keys) every draft saved from now on is
 * encrypted to, as the app's Settings do under "Who can read the drafts": after `vault doctor --repair`
 * rebuilt vault.json with none, or a `vault init` whose --recipient a crash lost. Then says how many drafts
 * are encrypted to another set, which `drafts reencrypt` rewrites.
 */
async function recipientsCommand(
  folder: string,
  recipients: readonly string[],
  io: CliIo,
  fromStdin: boolean | undefined,
  options: VaultOptions,
): Promise<number> {
  return withVault(folder, io, fromStdin, options, async (vault, passphrase) => {
    const set = await vault.setRecipients(passphrase, recipients);
    if (!set.ok) return report(io, set, folder);
    io.stdout(
      recipients.length === 0
        ? 'The vault has no extra recipients now.\n'
        : recipients.map((recipient) => `Extra recipient: ${recipient}\n`).join(''),
    );
    const check = await vault.recipientsCheck();
    if (!check.ok) return report(io, check, folder);
    const { outdated } = check.value;
    io.stdout(
      outdated === 0
        ? 'Every draft is encrypted to these recipients.\n'
        : `${countOf(outdated, 'draft')} encrypted to another set of recipients; "cmk-rekey drafts reencrypt --vault ${folder}" re-encrypts ${outdated === 1 ? 'it' : 'them'}.\n`,
    );
    return EXIT.ok;
  });
}

/** `vault doctor`: findings and the safe repair for each; `--repair` applies them. Exit 1 if any remain. */
async function doctorCommand(
  folder: string,
  repair: boolean,
  fromStdin: boolean | undefined,
  io: CliIo,
): Promise<number> {
  let passphrase: string | undefined;
  const canAsk = fromStdin === true || io.stdinIsTTY;
  if (canAsk && (await entryKind(join(folder, 'identity.age')).catch(() => 'other')) === 'file') {
    try {
      passphrase = await readPassphrase(io, fromStdin === true, `Passphrase for ${folder}: `);
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      io.stderr('cmk-rekey: cancelled\n');
      return EXIT.usage;
    }
  }
  const findings = await examineVault(folder, passphrase);
  if (passphrase === undefined)
    io.stdout('(Without the passphrase, vault.json was not checked against the identity.)\n');
  for (const finding of findings) {
    const fix = finding.repair === undefined ? '' : `  [repair: ${finding.repair}]`;
    io.stdout(`  ${escapeUnsafe(finding.file || folder)} ${escapeUnsafe(finding.message)}${fix}\n`);
  }
  const problems = problemsIn(findings);
  if (problems.length === 0) {
    io.stdout(`${folder}: nothing to repair.\n`);
    return EXIT.ok;
  }
  if (!repair) {
    const repairable = problems.filter((finding) => finding.repair !== undefined).length;
    io.stdout(
      repairable === 0
        ? `${String(problems.length)} finding(s); none has an automatic repair.\n`
        : `${String(problems.length)} finding(s). Run again with --repair to apply the ${String(repairable)} repair(s) shown; no draft is ever deleted.\n`,
    );
    return EXIT.invalid;
  }
  const done = await repairVault(folder, passphrase);
  if (!done.ok) return report(io, done, folder);
  for (const line of done.value) io.stdout(`${escapeUnsafe(line)}\n`);
  // Whatever is still wrong (no repair for it, or the repair needs the passphrase) keeps the exit code at 1.
  const left = problemsIn(await examineVault(folder, passphrase));
  if (left.length === 0) return EXIT.ok;
  const none = left.every((finding) => finding.repair === undefined);
  io.stdout(`${String(left.length)} finding(s) remain${none ? '; none has an automatic repair' : ''}.\n`);
  return EXIT.invalid;
}

const VAULT_OPTIONS = {
  ...COMMON,
  recipient: { type: 'string', multiple: true },
  none: { type: 'boolean' },
  repair: { type: 'boolean' },
  ...POLICY_FILE_OPTIONS,
} as const;

const vault: CliCommand = {
  name: 'vault',
  actions: {
    init: [
      'cmk-rekey vault init --vault DIR [--recipient age1…]... [--passphrase-stdin] [--system-policy FILE] [--portable-policy FILE]',
    ],
    info: [
      'cmk-rekey vault info --vault DIR [--passphrase-stdin] [--system-policy FILE] [--portable-policy FILE]',
    ],
    doctor: ['cmk-rekey vault doctor --vault DIR [--repair] [--passphrase-stdin]'],
    recipients: [
      'cmk-rekey vault recipients --vault DIR (--recipient age1…... | --none) [--passphrase-stdin] [--system-policy FILE] [--portable-policy FILE]',
    ],
  },
  options: VAULT_OPTIONS,
  summary:
    'create an encrypted drafts vault (each --recipient, e.g. compliance, can read every draft); ' +
    'info: its public keys (signing key in OpenSSH form); doctor: what is wrong with a vault folder and the safe repair (never deletes a draft); ' +
    'recipients: sets the extra recipients of drafts saved from now on',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: VAULT_OPTIONS,
      allowPositionals: true,
    });
    const [action, ...operands] = positionals;
    noOperands(operands);
    const folder = vaultFolder(values.vault);
    if (action === 'info')
      return infoCommand(
        folder,
        io,
        values['passphrase-stdin'],
        (await workstationPolicy(values, io)).vaultOptions,
      );
    if (action === 'doctor')
      return doctorCommand(folder, values.repair === true, values['passphrase-stdin'], io);
    // What was typed is checked before the passphrase is asked for (twice, at a terminal).
    const recipients = checkRecipients(values.recipient ?? []);
    if (!recipients.ok) throw new UsageError(recipients.message);
    if (action === 'recipients') {
      // None at all is said, not implied by a forgotten option: it takes every extra recipient away.
      if ((values.recipient === undefined) === (values.none !== true))
        throw new UsageError(
          'give the recipients with --recipient age1… (one each), or --none to remove them all',
        );
      return recipientsCommand(
        folder,
        recipients.value,
        io,
        values['passphrase-stdin'],
        (await workstationPolicy(values, io)).vaultOptions,
      );
    }
    if (await Vault.exists(folder)) throw new UsageError(`${folder} already holds a vault`);
    // Read before the passphrase is asked for: a policy file named that is not there is a usage error.
    const policy = await workstationPolicy(values, io);
    let passphrase: string;
    try {
      passphrase = await readPassphrase(
        io,
        values['passphrase-stdin'] === true,
        'Passphrase for the new vault: ',
      );
      const score = scorePassphrase(passphrase);
      if (score.acceptable && values['passphrase-stdin'] !== true) {
        if ((await readPassphrase(io, false, 'Repeat the passphrase: ')) !== passphrase) {
          io.stderr('cmk-rekey: the two passphrases differ; nothing was created.\n');
          return EXIT.invalid;
        }
      }
    } catch (error) {
      if (!(error instanceof CancelledError)) throw error;
      io.stderr('cmk-rekey: cancelled\n');
      return EXIT.usage;
    }
    // As the app creates one: the policy's minimum work factor, and its unlocked compliance recipients as
    // the extra recipients unless --recipient names others.
    const created = await Vault.create(folder, passphrase, {
      ...policy.vaultOptions,
      program: 'cli',
      recipients: policy.newVaultRecipients(values.recipient ?? []),
    });
    if (!created.ok) return report(io, created, folder);
    await created.value.close();
    io.stdout(`Created the vault in ${folder}\nVault recipient: ${created.value.recipient}\n`);
    for (const recipient of created.value.extraRecipients) io.stdout(`Extra recipient: ${recipient}\n`);
    return EXIT.ok;
  },
};

/** The status in the words `--status` takes (and the packs use): an open draft not ready yet is `draft`. */
function statusText(summary: DraftSummary): string {
  if (summary.problem !== undefined) return summary.problem.toUpperCase();
  if (summary.state !== 'open') return summary.state;
  return summary.status === 'ready' ? 'ready' : 'draft';
}

/** A stored UTC time as ISO 8601 with this machine's offset (`2026-11-30T15:05:00+01:00`). */
function zoned(iso: string): string {
  return iso === '' ? '' : localNow(new Date(iso));
}

function table(summaries: readonly DraftSummary[]): string {
  // Every cell on one line, as text: a title cannot add a row, move the cursor or turn text around.
  const rows = summaries.map((s) =>
    [
      s.id,
      statusText(s),
      zoned(s.updatedAt),
      s.realm,
      s.awsAccountId,
      s.ticket ?? '',
      s.sentAt ?? '',
      s.title,
    ].map((cell) => escapeUnsafe(cell)),
  );
  return formatTable([['ID', 'STATUS', 'UPDATED', 'REALM', 'ACCOUNT', 'TICKET', 'SENT', 'TITLE'], ...rows]);
}

/** Why `drafts list` shows no row: what the vault holds, its drafts and the files it set aside counted apart. */
function noMatch(summaries: readonly DraftSummary[]): string {
  if (summaries.length === 0) return 'No drafts.\n';
  const drafts = summaries.filter((summary) => summary.problem === undefined).length;
  const setAside = summaries.length - drafts;
  const held = setAside === 0 ? '' : ` and ${countOf(setAside, 'file')} it set aside (drafts verify)`;
  return `Nothing matches: the vault has ${countOf(drafts, 'draft')}${held}.\n`;
}

/** `drafts list`: the drafts that match, as a table or JSON; flagged files come last (by title only). */
async function listCommand(
  vault: Vault,
  query: DraftQuery,
  { json, rules }: { readonly json: boolean; readonly rules: PolicyRules },
  io: CliIo,
): Promise<number> {
  const list = await vault.list(rules);
  if (!list.ok) return report(io, list, vault.folder);
  const found = findDrafts(list.value, query);
  if (json) io.stdout(JSON.stringify(found, null, 2) + '\n');
  else if (found.length === 0) io.stdout(noMatch(list.value));
  else io.stdout(table(found));
  return EXIT.ok;
}

async function importCommand(file: string, context: RecordContext) {
  const { io } = context;
  // a vault another process is changing is the vault's matter, named by its folder, not the file's
  const refused = (failed: Failure<unknown>) =>
    report(io, failed, failed.code === 'busy' ? context.folder() : file);
  // As the app's import tells them apart; Windows may keep the extension in capitals.
  if (extname(file).toLowerCase() === '.age') {
    return context.withVault(async (vault) => {
      const imported = await vault.importFile(file);
      if (!imported.ok) return refused(imported);
      io.stdout(`${imported.value.id}\n`);
      return EXIT.ok;
    });
  }
  const request = await readRequestFile(file);
  if (!request.ok) {
    io.stderr(`cmk-rekey: ${file}: ${request.message}\n`);
    return EXIT.usage;
  }
  return context.withVault(async (vault) => {
    const imported = await vault.importRequest(request.value, basename(file, extname(file)));
    if (!imported.ok) return refused(imported);
    io.stdout(`${imported.value.id}\n`);
    return EXIT.ok;
  });
}

async function exportCommand(
  id: string,
  out: { readonly path?: string; readonly force: boolean; readonly withRecord: boolean },
  context: RecordContext,
) {
  const { io } = context;
  const policy = await context.policy();
  // Refused before the passphrase is asked for: the app's Save as and exports are gone under this policy.
  if (refusesPlaintext(policy, io, 'drafts export', 'the draft is not exported')) return EXIT.invalid;
  // The record's status is the one `drafts list` shows: under this workstation's policy.
  const rules = out.withRecord ? policy.requestRules : {};
  // Where to write is the caller's choice (exists, no such folder, inside the vault): exit 2, not
  // "invalid"; checked before the passphrase is asked for, and again when the file is written.
  const target = { force: out.force, outside: [context.folder()] };
  const refused = (where: Failure, path: string) => {
    report(io, where, path);
    return EXIT.usage;
  };
  if (out.path !== undefined) {
    const free = await checkNewFile(resolve(out.path), target);
    if (!free.ok) return refused(free, out.path);
  }
  return context.withVault(async (vault) => {
    const draft = await vault.load(id);
    if (!draft.ok) return report(io, draft, `draft ${id}`);
    const text = out.withRecord
      ? recordJson(draft.value, rules)
      : JSON.stringify(requestFromDraft(draft.value.request), null, 2) + '\n';
    if (out.path === undefined) {
      io.stdout(text);
      return EXIT.ok;
    }
    const written = await writeNewFile(resolve(out.path), text, target);
    if (!written.ok) return refused(written, out.path);
    io.stderr(`Wrote ${out.path}\n`);
    return EXIT.ok;
  });
}

const drafts: CliCommand = {
  name: 'drafts',
  actions: DRAFTS_USAGE,
  options: DRAFTS_OPTIONS,
  summary:
    "import a request into a vault, list drafts (search, filter by status and realm, sort), export one as a request file, verify every draft, record a request's life after the form, delete from the trash for good",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: DRAFTS_OPTIONS,
      allowPositionals: true,
    });
    const [action, ...operands] = positionals;
    const folder = () => vaultFolder(values.vault);
    // Read once: the vault takes its compliance recipients from it, list and mark-sent its rules too.
    let policyRead: Promise<Policy> | undefined;
    const policy = () => (policyRead ??= workstationPolicy(values, io));
    const context: RecordContext = {
      io,
      folder,
      withVault: async (task) => {
        const dir = folder();
        return withVault(dir, io, values['passphrase-stdin'], (await policy()).vaultOptions, task);
      },
      report: (failure, what) => report(io, failure, what),
      policy,
    };
    switch (action) {
      case 'import':
        return importCommand(operand(operands, '<request.json|draft.age>'), context);
      case 'export': {
        const id = draftId(operand(operands, '<id>'));
        if (values.force === true && values.out === undefined)
          throw new UsageError('--force goes with --out');
        return exportCommand(
          id,
          {
            ...(values.out === undefined ? {} : { path: values.out }),
            force: values.force === true,
            withRecord: values['with-record'] === true,
          },
          context,
        );
      }
      case 'list': {
        noOperands(operands);
        const query = parseDraftQuery({
          search: values.search,
          status: values.status,
          realm: values.realm,
          sort: values.sort,
        });
        if (!query.ok) throw new UsageError(query.message);
        const { requestRules: rules } = await policy();
        return context.withVault((vault) =>
          listCommand(vault, query.value, { json: values.json === true, rules }, io),
        );
      }
      case 'verify':
        noOperands(operands);
        if (values.identity !== undefined || values['signing-key'] !== undefined)
          return verifyIdentityCommand(context, values);
        return context.withVault((vault) => verifyCommand(vault, io));
      case 'purge':
        return purgeCommand(operands, values, context);
      default:
        // runCli let only the actions of DRAFTS_USAGE through: the rest record a request's life.
        return recordCommand(action ?? '', operands, values, context);
    }
  },
};

async function verifyCommand(vault: Vault, io: CliIo): Promise<number> {
  const result = await vault.verify();
  if (!result.ok) return report(io, result, vault.folder);
  return printReport(io, vault.folder, result.value, 'sealed by this vault');
}

export const VAULT_COMMANDS: readonly CliCommand[] = [vault, drafts];
