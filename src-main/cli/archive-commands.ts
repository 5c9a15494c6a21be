/**
 * `archive verify|list|seal|zip`: sealed evidence packs for compliance staff. Verify, list and zip never
 * write to the archive. Exit codes: 0 every pack valid (or done), 1 a pack is not valid, 2 usage or unreadable
 * (a path typed that is not there included). Messages start "cmk-rekey: ", as the rest of the CLI's do; only
 * a usage error names the action (runCli).
 */
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeUnsafe } from '../../src-shared/text/safe-text.js';
import type { PackEntry, PackVerdict } from '../../src-shared/archive/pack-schema.js';
import {
  ArchiveError,
  archiveEntries,
  listArchive,
  looksLikePack,
  readEntry,
  verifyArchive,
} from '../archive/archive-folder.js';
import type { AllowedSigner } from '../archive/sshsig.js';
import { trustedSigners } from '../archive/trusted-signers.js';
import { verifyPack } from '../archive/verify-pack.js';
import { archiveInVault, sealDraft } from '../archive/seal-draft.js';
import { ZipTargetError, zipPack } from '../archive/zip-pack.js';
import { isMissing, reasonFor } from '../files/safe-fs.js';
import { EXIT, UsageError, formatTable, type CliCommand, type CliIo } from './io.js';
import { draftId, operand } from './usage.js';
import { report, vaultFolder, withVault } from './vault-commands.js';
import {
  POLICY_FILE_OPTIONS,
  refusesPlaintext,
  settingSource,
  workstationPolicy,
} from './workstation-policy.js';

const ARCHIVE_OPTIONS = {
  'allowed-signers': { type: 'string' },
  json: { type: 'boolean' },
  vault: { type: 'string' },
  to: { type: 'string' },
  'passphrase-stdin': { type: 'boolean' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  ...POLICY_FILE_OPTIONS,
} as const;

/** What an action reads: only the options its usage names were typed (runCli checked that). */
type ArchiveValues = ReturnType<typeof parseArchiveArgs>['values'];

function parseArchiveArgs(args: readonly string[]) {
  return parseArgs({ args: [...args], options: ARCHIVE_OPTIONS, allowPositionals: true });
}

/**
 * Whether a path typed (the pack or folder of verify, list and zip, seal's --to) is not there: said plainly,
 * as `policy check` says it, exit 2 (input, not a pack that is not valid), before anything else is read or
 * asked. Anything there (a file, a link, one that cannot be looked at) goes on to the action, which says what.
 */
async function missing(path: string, io: CliIo): Promise<boolean> {
  if (!(await isMissing(path))) return false;
  io.stderr(`cmk-rekey: ${escapeUnsafe(path)} does not exist.\n`);
  return true;
}

/**
 * Whom verify trusts, as the app's Archive screen does (trusted-signers.ts): --allowed-signers replaces the
 * policy's list, unless the policy locks it (the app's Settings cannot change it then either).
 */
async function trustFor(
  values: { readonly 'allowed-signers'?: string | undefined },
  io: CliIo,
): Promise<AllowedSigner[] | undefined> {
  const policy = await workstationPolicy(values, io);
  const given = values['allowed-signers'];
  const source = settingSource(policy, 'trustedSigners');
  // A locked empty list (a policy's, or the safe value of one that cannot be read) trusts no one.
  const none = policy.resolve().trustedSigners.value.length === 0;
  if (given !== undefined && policy.isLocked('trustedSigners'))
    throw new UsageError(
      `--allowed-signers cannot replace the trusted signers locked by ${source}; without it, ${none ? 'no signer is trusted' : 'they are trusted'}`,
    );
  const trusted = await trustedSigners(policy, given === undefined ? undefined : resolve(given));
  if (!trusted.ok) throw new UsageError(trusted.message);
  if (given === undefined && trusted.value !== undefined)
    io.stderr(
      none
        ? `cmk-rekey: no signer is trusted (trustedSigners names none: ${source}), as in the app.\n`
        : `cmk-rekey: trusting the signers of ${source} (trustedSigners), as the app does.\n`,
    );
  return trusted.value?.list;
}

/*
 * Names, reasons and listed fields come from the archive (folder and file names, bag-info.txt): they are
 * escaped here with their line breaks too (the CLI's output keeps its own), so one pack is one line and a
 * name cannot print a fake "valid" row.
 */
function verdictLine(verdict: PackVerdict): string {
  const detail = verdict.verdict === 'valid' ? `signed by ${verdict.signer}` : verdict.reason;
  return `${verdict.verdict.padEnd(14)} ${escapeUnsafe(verdict.name)}  ${escapeUnsafe(detail)}\n`;
}

async function verify(operands: readonly string[], values: ArchiveValues, io: CliIo): Promise<number> {
  const target = resolve(operand(operands, 'PACK_OR_FOLDER'));
  if (await missing(target, io)) return EXIT.usage;
  const options = { allowedSigners: await trustFor(values, io) };
  let verdicts: PackVerdict[];
  try {
    verdicts = (await looksLikePack(target, basename(target)))
      ? [await verifyPack(target, options)]
      : await verifyArchive(target, options);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    // A pack sent as a .zip is verified once unzipped (its files as they were sealed, not the zip's).
    const zipped = /\.zip$/i.test(target) ? '; unzip it first and verify the pack folder it holds' : '';
    io.stderr(`cmk-rekey: ${error.message}${zipped}\n`);
    return EXIT.usage;
  }
  if (verdicts.length === 0) io.stderr(`cmk-rekey: no evidence pack in ${target}\n`);
  if (values.json === true) io.stdout(`${JSON.stringify(verdicts, null, 2)}\n`);
  else {
    for (const verdict of verdicts) io.stdout(verdictLine(verdict));
    const bad = verdicts.filter((verdict) => verdict.verdict !== 'valid').length;
    io.stdout(
      `${String(verdicts.length)} checked, ${String(verdicts.length - bad)} valid, ${String(bad)} not valid\n`,
    );
  }
  return verdicts.length > 0 && verdicts.every((verdict) => verdict.verdict === 'valid')
    ? EXIT.ok
    : EXIT.invalid;
}

const LIST_HEADER = [
  'name',
  'sealed',
  'status',
  'ticket',
  'organization',
  'account',
  'realm',
  'timing',
  'signer (as the pack names it; not a trust check)',
];

/** One pack's row under LIST_HEADER; one that cannot be read has its name and a note, in the column after. */
function entryRow(entry: PackEntry): string[] {
  const name = escapeUnsafe(entry.name);
  if (entry.unreadable) return [name, '(not readable as a pack: run archive verify for the reason)'];
  const fields = [
    entry.sealedAt.slice(0, 10),
    entry.status,
    entry.ticketRef,
    entry.organizationId,
    entry.awsAccountId,
    entry.realm,
    entry.timing,
    entry.signer,
  ];
  return [name, ...fields.map((field) => (field === '' ? '-' : escapeUnsafe(field)))];
}

async function list(operands: readonly string[], values: ArchiveValues, io: CliIo): Promise<number> {
  const target = resolve(operand(operands, 'ARCHIVE_DIR_OR_PACK'));
  if (await missing(target, io)) return EXIT.usage;
  let entries: PackEntry[];
  try {
    // like verify: a pack folder lists as itself, not as an archive of its own files
    entries = (await looksLikePack(target, basename(target)))
      ? [await readEntry(dirname(target), basename(target))]
      : await listArchive(target);
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    io.stderr(`cmk-rekey: ${error.message}\n`);
    return EXIT.usage;
  }
  if (values.json === true) io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
  else io.stdout(formatTable([LIST_HEADER, ...entries.map(entryRow)]));
  return EXIT.ok;
}

async function seal(operands: readonly string[], values: ArchiveValues, io: CliIo): Promise<number> {
  // All that was typed is checked before the passphrase is asked for.
  const id = draftId(operand(operands, '<draft-id>'));
  if (values.to === undefined) throw new UsageError('--to ARCHIVE_DIR is required');
  const folder = vaultFolder(values.vault);
  const archive = resolve(values.to);
  if (await missing(archive, io)) return EXIT.usage;
  try {
    await archiveEntries(archive); // a folder mistyped is said before the passphrase, not after unlock
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    io.stderr(`cmk-rekey: ${error.message}\n`);
    return EXIT.usage;
  }
  const inside = await archiveInVault(archive, folder);
  if (inside !== undefined) {
    io.stderr(`cmk-rekey: ${inside.message}\n`);
    return EXIT.usage;
  }
  // The pack records the request's status under this workstation's policy, as the app's Seal does.
  const policy = await workstationPolicy(values, io);
  return withVault(folder, io, values['passphrase-stdin'], policy.vaultOptions, async (vault) => {
    const sealed = await sealDraft(vault, id, archive, policy.requestRules);
    if (!sealed.ok) return report(io, sealed, `draft ${id}`);
    io.stdout(`Sealed ${sealed.value.name}\n${sealed.value.path}\n`);
    return EXIT.ok;
  });
}

async function zip(operands: readonly string[], values: ArchiveValues, io: CliIo): Promise<number> {
  const pack = resolve(operand(operands, 'PACK'));
  if (values.out === undefined) throw new UsageError('--out FILE.zip is required');
  if (await missing(pack, io)) return EXIT.usage;
  // A pack holds the request and ticket in plain text: the app's "Save as .zip…" is gone under this policy.
  const refused = refusesPlaintext(
    await workstationPolicy(values, io),
    io,
    'archive zip',
    'the pack is not zipped; it stays in the archive folder',
  );
  if (refused) return EXIT.invalid;
  const out = resolve(values.out);
  try {
    await zipPack(pack, out, values.force === true);
  } catch (error) {
    const why =
      error instanceof ArchiveError || error instanceof ZipTargetError
        ? `${error.message}${error instanceof ZipTargetError ? '.' : ''}`
        : `cannot write ${out}: ${reasonFor(error)}`;
    io.stderr(`cmk-rekey: ${why}\n`);
    // 1 for a pack that is not valid; where to write is the caller's choice (exit 2)
    return error instanceof ArchiveError ? EXIT.invalid : EXIT.usage;
  }
  io.stdout(`${out}\n`);
  return EXIT.ok;
}

const archive: CliCommand = {
  name: 'archive',
  actions: {
    verify: [
      'cmk-rekey archive verify PACK_OR_FOLDER [--allowed-signers FILE] [--json] [--system-policy FILE] [--portable-policy FILE]',
    ],
    list: ['cmk-rekey archive list ARCHIVE_DIR_OR_PACK [--json]'],
    seal: [
      'cmk-rekey archive seal <draft-id> --vault DIR --to ARCHIVE_DIR [--passphrase-stdin] [--system-policy FILE] [--portable-policy FILE]',
    ],
    zip: [
      'cmk-rekey archive zip PACK --out FILE.zip [--force] [--system-policy FILE] [--portable-policy FILE]',
    ],
  },
  options: ARCHIVE_OPTIONS,
  summary:
    'seal a request into a signed evidence pack (BagIt + SSHSIG), list an archive, verify or zip packs',
  run(args, io) {
    const { values, positionals } = parseArchiveArgs(args);
    const [action, ...operands] = positionals;
    switch (action) {
      case 'verify':
        return verify(operands, values, io);
      case 'list':
        return list(operands, values, io);
      case 'seal':
        return seal(operands, values, io);
      default:
        // runCli let only the four actions through
        return zip(operands, values, io);
    }
  },
};

export const ARCHIVE_COMMANDS: readonly CliCommand[] = [archive];
