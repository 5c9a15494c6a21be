/**
 * `vault init` and `drafts import|list|export|verify`: the encrypted drafts vault for compliance staff.
 * Passphrases come from the terminal (hidden) or standard input (`--passphrase-stdin`), never argv or env.
 * Exit codes: 0 ok, 1 problem found or invalid, 2 usage, unreadable, or wrong passphrase.
 */
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { requestFromDraft } from '../../src-shared/drafts/draft.js';
import { scorePassphrase } from '../../src-shared/drafts/passphrase.js';
import type { DraftSummary } from '../../src-shared/drafts/summary.js';
import type { Failure } from '../../src-shared/ipc/result.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { readRequestFile } from '../files/read-request.js';
import { Vault } from '../vault/vault.js';
import { EXIT, UsageError, type CliCommand, type CliIo } from './io.js';
import { CancelledError, readPassphrase } from './passphrase-input.js';

const COMMON = { vault: { type: 'string' }, 'passphrase-stdin': { type: 'boolean' } } as const;

const DRAFTS_USAGE = [
  'cmk-rekey drafts import --vault DIR <request.json|draft.age> [--passphrase-stdin]',
  'cmk-rekey drafts list --vault DIR [--json] [--passphrase-stdin]',
  'cmk-rekey drafts export --vault DIR <id> [--out FILE] [--passphrase-stdin]',
  'cmk-rekey drafts verify --vault DIR [--passphrase-stdin]',
];

/** Failure codes that mean "something is wrong with the data" (1) rather than "cannot proceed" (2). */
const PROBLEM_CODES = new Set(['untrusted', 'corrupt', 'invalid-argument', 'invalid-request']);

export function report(io: CliIo, failure: Failure, what: string): number {
  io.stderr(`cmk-rekey: ${what}: ${failure.message}\n`);
  return PROBLEM_CODES.has(failure.code) ? EXIT.invalid : EXIT.usage;
}

export function vaultFolder(value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError('--vault DIR is required');
  return resolve(value);
}

/** Opens and unlocks a vault; a number is the exit code when that failed. */
async function unlockVault(
  folder: string,
  io: CliIo,
  fromStdin: boolean | undefined,
): Promise<Vault | number> {
  const opened = await Vault.open(folder);
  if (!opened.ok) return report(io, opened, folder);
  const passphrase = await readPassphrase(io, fromStdin === true, `Passphrase for ${folder}: `);
  const unlocked = await opened.value.unlock(passphrase);
  if (!unlocked.ok) return report(io, unlocked, folder);
  return opened.value;
}

export async function withVault(
  folder: string,
  io: CliIo,
  fromStdin: boolean | undefined,
  task: (vault: Vault) => Promise<number>,
): Promise<number> {
  try {
    const vault = await unlockVault(folder, io, fromStdin);
    if (typeof vault === 'number') return vault;
    try {
      return await task(vault);
    } finally {
      await vault.close();
    }
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    io.stderr('cmk-rekey: cancelled\n');
    return EXIT.usage;
  }
}

const init: CliCommand = {
  name: 'vault',
  usage: 'cmk-rekey vault init --vault DIR [--recipient age1…]... [--passphrase-stdin]',
  summary: 'create an encrypted drafts vault; each --recipient (e.g. compliance) can read every draft',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...COMMON, recipient: { type: 'string', multiple: true } },
      allowPositionals: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'init') throw new UsageError('expected "vault init"');
    const folder = vaultFolder(values.vault);
    if (await Vault.exists(folder)) throw new UsageError(`${folder} already holds a vault`);
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
    const created = await Vault.create(folder, passphrase, { recipients: values.recipient ?? [] });
    if (!created.ok) {
      if (created.code === 'invalid-argument' && created.message.includes('recipient'))
        throw new UsageError(created.message);
      return report(io, created, folder);
    }
    await created.value.close();
    io.stdout(`Created the vault in ${folder}\nVault recipient: ${created.value.recipient}\n`);
    for (const recipient of created.value.extraRecipients) io.stdout(`Extra recipient: ${recipient}\n`);
    return EXIT.ok;
  },
};

function statusText(summary: DraftSummary): string {
  return summary.problem === undefined ? summary.status : summary.problem.toUpperCase();
}

function table(summaries: readonly DraftSummary[]): string {
  const rows = summaries.map((s) => [
    s.id,
    statusText(s),
    s.updatedAt.slice(0, 19),
    s.realm,
    s.awsAccountId,
    s.title,
  ]);
  const all = [['ID', 'STATUS', 'UPDATED', 'REALM', 'ACCOUNT', 'TITLE'], ...rows];
  const widths = all[0]?.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length))) ?? [];
  return all
    .map(
      (row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('');
}

async function importCommand(folder: string, file: string, io: CliIo, fromStdin: boolean | undefined) {
  if (extname(file) === '.age') {
    return withVault(folder, io, fromStdin, async (vault) => {
      const imported = await vault.importFile(file);
      if (!imported.ok) return report(io, imported, file);
      io.stdout(`${imported.value.id}\n`);
      return EXIT.ok;
    });
  }
  const request = await readRequestFile(file);
  if (!request.ok) {
    io.stderr(`cmk-rekey: ${file}: ${request.message}\n`);
    return EXIT.usage;
  }
  return withVault(folder, io, fromStdin, async (vault) => {
    const imported = await vault.importRequest(request.value, basename(file, extname(file)));
    if (!imported.ok) return report(io, imported, file);
    io.stdout(`${imported.value.id}\n`);
    return EXIT.ok;
  });
}

async function exportCommand(
  folder: string,
  id: string,
  out: string | undefined,
  io: CliIo,
  fromStdin?: boolean,
) {
  if (!/^[0-9a-f]{32}$/u.test(id))
    throw new UsageError(`"${id.slice(0, 40)}" is not a draft id (32 hex digits)`);
  return withVault(folder, io, fromStdin, async (vault) => {
    const draft = await vault.load(id);
    if (!draft.ok) return report(io, draft, `draft ${id}`);
    const text = JSON.stringify(requestFromDraft(draft.value.request), null, 2) + '\n';
    if (out === undefined) io.stdout(text);
    else {
      await writeFileAtomic(resolve(out), text);
      io.stderr(`Wrote ${out}\n`);
    }
    return EXIT.ok;
  });
}

const drafts: CliCommand = {
  name: 'drafts',
  usage: 'cmk-rekey drafts import|list|export|verify --vault DIR [...]',
  summary: 'import a request into a vault, list drafts, export one as a request file, verify every file',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...COMMON, json: { type: 'boolean' }, out: { type: 'string' } },
      allowPositionals: true,
    });
    const [action, ...rest] = positionals;
    const usage = (message: string) => new UsageError(`${message}\n  ${DRAFTS_USAGE.join('\n  ')}`);
    const folder = () => vaultFolder(values.vault);
    const fromStdin = values['passphrase-stdin'];
    if ((values.json === true && action !== 'list') || (values.out !== undefined && action !== 'export'))
      throw usage(`--json goes with "list", --out with "export"`);
    switch (action) {
      case 'import':
        if (rest.length !== 1 || rest[0] === undefined) throw usage('expected one file to import');
        return importCommand(folder(), rest[0], io, fromStdin);
      case 'export':
        if (rest.length !== 1 || rest[0] === undefined) throw usage('expected one draft id');
        return exportCommand(folder(), rest[0], values.out, io, fromStdin);
      case 'list':
      case 'verify':
        if (rest.length !== 0) throw usage(`"drafts ${action}" takes no file`);
        return withVault(folder(), io, fromStdin, async (vault) => {
          if (action === 'verify') return verifyCommand(vault, io);
          const list = await vault.list();
          if (!list.ok) return report(io, list, vault.folder);
          if (values.json === true) io.stdout(JSON.stringify(list.value, null, 2) + '\n');
          else io.stdout(list.value.length === 0 ? 'No drafts.\n' : table(list.value));
          return EXIT.ok;
        });
      default:
        throw usage(action === undefined ? 'expected an action' : `unknown action "${action}"`);
    }
  },
};

async function verifyCommand(vault: Vault, io: CliIo): Promise<number> {
  const result = await vault.verify();
  if (!result.ok) return report(io, result, vault.folder);
  const { checked, trusted, problems } = result.value;
  io.stdout(
    `${vault.folder}: checked ${String(checked)} files; ${String(trusted)} drafts sealed by this vault.\n`,
  );
  for (const problem of problems)
    io.stdout(`  ${problem.problem.toUpperCase()}  ${problem.file}: ${problem.message}\n`);
  io.stdout(problems.length === 0 ? 'No problems.\n' : `${String(problems.length)} problem(s) found.\n`);
  return problems.length === 0 ? EXIT.ok : EXIT.invalid;
}

export const VAULT_COMMANDS: readonly CliCommand[] = [init, drafts];
