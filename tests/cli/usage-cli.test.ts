/**
 * Usage errors of every command (QA K #9, QA U): one line naming what is wrong, then the usage of the action
 * it was made in, once, on stderr, with nothing on stdout and exit 2; `--help` prints that usage on stdout,
 * exit 0. Found before any file is read or a passphrase asked for: standard input is empty here, so a
 * command that got as far as asking would print "no passphrase on standard input" instead.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_COMMANDS } from '../../src-main/cli/archive-commands.js';
import type { CliCommand } from '../../src-main/cli/io.js';
import { runCli } from '../../src-main/cli/main.js';
import { POLICY_COMMANDS } from '../../src-main/cli/policy-commands.js';
import { REQUEST_COMMANDS } from '../../src-main/cli/request-commands.js';
import { usageLines } from '../../src-main/cli/usage.js';
import { VAULT_COMMANDS } from '../../src-main/cli/vault-commands.js';
import { NO_POLICY } from '../fixtures/policies.js';
import { ROOT, runCmkRekey } from './run-cli.js';

const ID = '0123456789abcdef0123456789abcdef';
const VAULT = ['--vault', '/nonexistent/cmk-rekey-usage-test', '--passphrase-stdin'];
const POLICY_FILES = '[--system-policy FILE] [--portable-policy FILE]';

const TOP =
  'Usage: cmk-rekey check|render|normalize|vault|drafts|policy|archive ...   (cmk-rekey COMMAND --help: its usage)\n' +
  '       cmk-rekey --help | --version\n';
const CHECK = `cmk-rekey check <file> [--json] [--describe-key OUTPUT.json]... ${POLICY_FILES}`;
const RENDER = `cmk-rekey render <file> [--format text|markdown|json] [--allow-invalid] ${POLICY_FILES}`;
const POLICY_CHECK = 'cmk-rekey policy check FILE';
const POLICY_SHOW = `cmk-rekey policy show ${POLICY_FILES} [--settings FILE] [--json]`;
const VAULT_INIT = `cmk-rekey vault init --vault DIR [--recipient age1…]... [--passphrase-stdin] ${POLICY_FILES}`;
const VAULT_INFO = `cmk-rekey vault info --vault DIR [--passphrase-stdin] ${POLICY_FILES}`;
const VAULT_DOCTOR = 'cmk-rekey vault doctor --vault DIR [--repair] [--passphrase-stdin]';
const VAULT_RECIPIENTS = `cmk-rekey vault recipients --vault DIR (--recipient age1…... | --none) [--passphrase-stdin] ${POLICY_FILES}`;
const DRAFTS_LIST = `cmk-rekey drafts list --vault DIR [--search TEXT] [--status S] [--realm R] [--sort updated|sent|status] [--json] [--passphrase-stdin] ${POLICY_FILES}`;
const DRAFTS_IMPORT = `cmk-rekey drafts import --vault DIR <request.json|draft.age> [--passphrase-stdin] ${POLICY_FILES}`;
const DRAFTS_HISTORY = `cmk-rekey drafts history --vault DIR <id> [--json] [--passphrase-stdin] ${POLICY_FILES}`;
const DRAFTS_MARK_SENT = `cmk-rekey drafts mark-sent --vault DIR <id> --ticket REF [--at ISO-8601] [--name NAME] [--checklist-confirmed] [--passphrase-stdin] ${POLICY_FILES}`;
const DRAFTS_WITHDRAW = `cmk-rekey drafts withdraw --vault DIR <id> --reason TEXT [--name NAME] [--passphrase-stdin] ${POLICY_FILES}`;
const DRAFTS_VERIFY = `cmk-rekey drafts verify --vault DIR [--passphrase-stdin] ${POLICY_FILES}`;
const DRAFTS_VERIFY_IDENTITY =
  'cmk-rekey drafts verify --vault DIR --identity FILE [--signing-key "ssh-ed25519 …"]   # no passphrase';
const DRAFTS_REENCRYPT = `cmk-rekey drafts reencrypt --vault DIR [--passphrase-stdin] ${POLICY_FILES}   # to the current recipients`;
const ARCHIVE_VERIFY = `cmk-rekey archive verify PACK_OR_FOLDER [--allowed-signers FILE] [--json] ${POLICY_FILES}`;
const ARCHIVE_LIST = 'cmk-rekey archive list ARCHIVE_DIR_OR_PACK [--json]';
const ARCHIVE_SEAL = `cmk-rekey archive seal <draft-id> --vault DIR --to ARCHIVE_DIR [--passphrase-stdin] ${POLICY_FILES}`;
const ARCHIVE_ZIP = `cmk-rekey archive zip PACK --out FILE.zip [--force] ${POLICY_FILES}`;

const usage = (...lines: string[]) => `Usage: ${lines.join('\n       ')}\n`;

async function cli(args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: Readable.from([]),
    stdinIsTTY: false,
  });
  return { code, stdout, stderr };
}

describe('a usage error: one line naming the mistake, the usage of what was typed once, exit 2', () => {
  it.each([
    // no command, or one that does not exist: the usage of cmk-rekey itself, not every command's
    [[], `cmk-rekey: expected a command\n${TOP}`],
    [['frobnicate'], `cmk-rekey: unknown command "frobnicate"\n${TOP}`],
    [['--version', 'extra'], `cmk-rekey: --version takes nothing after it\n${TOP}`],
    [['--help', 'check'], `cmk-rekey: --help takes nothing after it\n${TOP}`],
    // operands: the one missing, or the first one too many
    [['check'], `cmk-rekey check: <file> is missing\n${usage(CHECK)}`],
    [['check', 'a.json', 'b.json'], `cmk-rekey check: unexpected argument "b.json"\n${usage(CHECK)}`],
    [['policy', 'check'], `cmk-rekey policy check: FILE is missing\n${usage(POLICY_CHECK)}`],
    [
      ['policy', 'show', 'x.json'],
      `cmk-rekey policy show: unexpected argument "x.json"\n${usage(POLICY_SHOW)}`,
    ],
    [
      ['vault', 'info', 'extra', ...VAULT],
      `cmk-rekey vault info: unexpected argument "extra"\n${usage(VAULT_INFO)}`,
    ],
    [['drafts', 'history', ...VAULT], `cmk-rekey drafts history: <id> is missing\n${usage(DRAFTS_HISTORY)}`],
    [
      ['drafts', 'reencrypt', ID, ...VAULT],
      `cmk-rekey drafts reencrypt: unexpected argument "${ID}"\n${usage(DRAFTS_REENCRYPT)}`,
    ],
    [['archive', 'list'], `cmk-rekey archive list: ARCHIVE_DIR_OR_PACK is missing\n${usage(ARCHIVE_LIST)}`],
    // options: unknown, a value where none goes, none where one must, twice
    [['check', '--bogus', 'a.json'], `cmk-rekey check: unknown option --bogus\n${usage(CHECK)}`],
    [['check', 'a.json', '-x'], `cmk-rekey check: unknown option -x\n${usage(CHECK)}`],
    [['check', 'a.json', '--json=yes'], `cmk-rekey check: --json takes no value\n${usage(CHECK)}`],
    [['check', 'a.json', '--describe-key'], `cmk-rekey check: --describe-key needs a value\n${usage(CHECK)}`],
    [
      ['render', 'a.json', '--format', 'text', '--format', 'json'],
      `cmk-rekey render: --format is given twice\n${usage(RENDER)}`,
    ],
    [
      ['drafts', 'withdraw', ID, ...VAULT, '--reason', '--json'],
      `cmk-rekey drafts withdraw: --reason needs a value; one that starts with "-" is typed as --reason=--json\n${usage(DRAFTS_WITHDRAW)}`,
    ],
    [
      ['drafts', 'list', ...VAULT, '--bogus'],
      `cmk-rekey drafts list: unknown option --bogus\n${usage(DRAFTS_LIST)}`,
    ],
    // option values a command reads
    [
      ['render', 'a.json', '--format', 'xml'],
      `cmk-rekey render: unknown format "xml": use one of text, markdown, json\n${usage(RENDER)}`,
    ],
    [
      ['drafts', 'list', ...VAULT, '--status', 'bogus'],
      `cmk-rekey drafts list: unknown status "bogus": use one of draft, ready, sent, completed, withdrawn\n${usage(DRAFTS_LIST)}`,
    ],
    [
      ['drafts', 'list', '--passphrase-stdin'],
      `cmk-rekey drafts list: --vault DIR is required\n${usage(DRAFTS_LIST)}`,
    ],
    [
      ['drafts', 'history', 'nope', ...VAULT],
      `cmk-rekey drafts history: "nope" is not a draft id (32 hex digits)\n${usage(DRAFTS_HISTORY)}`,
    ],
    [
      ['drafts', 'mark-sent', ID, ...VAULT],
      `cmk-rekey drafts mark-sent: --ticket REF is required\n${usage(DRAFTS_MARK_SENT)}`,
    ],
    // an option of another action is refused, not ignored
    [
      ['policy', 'check', 'a.json', '--json'],
      `cmk-rekey policy check: --json goes with "policy show" only\n${usage(POLICY_CHECK)}`,
    ],
    [
      ['vault', 'info', ...VAULT, '--repair'],
      `cmk-rekey vault info: --repair goes with "vault doctor" only\n${usage(VAULT_INFO)}`,
    ],
    [
      ['drafts', 'import', 'a.json', ...VAULT, '--json'],
      `cmk-rekey drafts import: --json goes with "drafts list" and "drafts history" only\n${usage(DRAFTS_IMPORT)}`,
    ],
    [
      ['drafts', 'history', ID, ...VAULT, '--ticket', 'ABC-1'],
      `cmk-rekey drafts history: --ticket goes with "drafts mark-sent" only\n${usage(DRAFTS_HISTORY)}`,
    ],
    [
      ['archive', 'zip', 'pack', '--out', 'x.zip', '--json'],
      `cmk-rekey archive zip: --json goes with "archive verify" and "archive list" only\n${usage(ARCHIVE_ZIP)}`,
    ],
    // the options of one form of an action with those of its other form: refused, not ignored (QA W1)
    [
      ['drafts', 'verify', '--vault', 'v', '--identity', 'key.txt', '--passphrase-stdin'],
      `cmk-rekey drafts verify: --passphrase-stdin does not go with --identity\n${usage(DRAFTS_VERIFY, DRAFTS_VERIFY_IDENTITY)}`,
    ],
    [
      ['drafts', 'verify', ...VAULT, '--identity', 'key.txt'],
      `cmk-rekey drafts verify: --identity does not go with --passphrase-stdin\n${usage(DRAFTS_VERIFY, DRAFTS_VERIFY_IDENTITY)}`,
    ],
    [
      ['drafts', 'verify', '--vault', 'v', '--identity', 'key.txt', '--system-policy', 'p.json'],
      `cmk-rekey drafts verify: --system-policy does not go with --identity\n${usage(DRAFTS_VERIFY, DRAFTS_VERIFY_IDENTITY)}`,
    ],
    [
      ['drafts', 'verify', '--portable-policy=p.json', '--vault', 'v', '--signing-key', 'ssh-ed25519 AAAA'],
      `cmk-rekey drafts verify: --signing-key does not go with --portable-policy\n${usage(DRAFTS_VERIFY, DRAFTS_VERIFY_IDENTITY)}`,
    ],
    // actions: missing or unknown, with the usage of every action
    [
      ['policy'],
      `cmk-rekey policy: expected an action: "check" or "show"\n${usage(POLICY_CHECK, POLICY_SHOW)}`,
    ],
    [
      ['vault', 'frob'],
      `cmk-rekey vault: unknown action "frob": use "init", "info", "doctor" or "recipients"\n${usage(VAULT_INIT, VAULT_INFO, VAULT_DOCTOR, VAULT_RECIPIENTS)}`,
    ],
    // a name every object has is no action either
    [
      ['archive', 'constructor'],
      `cmk-rekey archive: unknown action "constructor": use "verify", "list", "seal" or "zip"\n${usage(ARCHIVE_VERIFY, ARCHIVE_LIST, ARCHIVE_SEAL, ARCHIVE_ZIP)}`,
    ],
    // QA: an empty path meant the current folder; one typed for an option or an operand is refused
    [
      ['archive', 'verify', ''],
      `cmk-rekey archive verify: PACK_OR_FOLDER is an empty path; type the path ("." for the current folder)\n${usage(ARCHIVE_VERIFY)}`,
    ],
    [
      ['archive', 'list', ''],
      `cmk-rekey archive list: ARCHIVE_DIR_OR_PACK is an empty path; type the path ("." for the current folder)\n${usage(ARCHIVE_LIST)}`,
    ],
    [['check', ''], `cmk-rekey check: <file> is an empty path; type the path\n${usage(CHECK)}`],
    [
      ['drafts', 'import', ...VAULT, ''],
      `cmk-rekey drafts import: <request.json|draft.age> is an empty path; type the path\n${usage(DRAFTS_IMPORT)}`,
    ],
    [
      ['drafts', 'verify', '--vault', 'v', '--identity', ''],
      `cmk-rekey drafts verify: --identity FILE is an empty path; type the path\n${usage(DRAFTS_VERIFY, DRAFTS_VERIFY_IDENTITY)}`,
    ],
    [
      ['drafts', 'list', '--vault=', '--passphrase-stdin'],
      `cmk-rekey drafts list: --vault DIR is an empty path; type the path ("." for the current folder)\n${usage(DRAFTS_LIST)}`,
    ],
    [
      ['render', 'request.json', '--system-policy', ''],
      `cmk-rekey render: --system-policy FILE is an empty path; type the path\n${usage(RENDER)}`,
    ],
    [
      ['archive', 'zip', 'pack', '--out', ''],
      `cmk-rekey archive zip: --out FILE.zip is an empty path; type the path\n${usage(ARCHIVE_ZIP)}`,
    ],
    // QA: a policy file named that is not there was read as no policy (a typo lifted plaintextExports: false)
    [
      [
        'render',
        join(ROOT, 'tests/fixtures/valid-request.json'),
        '--system-policy',
        '/nonexistent/policy.json',
      ],
      `cmk-rekey render: --system-policy /nonexistent/policy.json does not exist; check the path\n${usage(RENDER)}`,
    ],
    [
      ['vault', 'init', ...VAULT, '--portable-policy', '/nonexistent/policy.json'],
      `cmk-rekey vault init: --portable-policy /nonexistent/policy.json does not exist; check the path\n${usage(VAULT_INIT)}`,
    ],
    // typed wrong, never asked for the passphrase
    [
      ['vault', 'init', ...VAULT, '--recipient', 'age1bogus'],
      `cmk-rekey vault init: "age1bogus" is not an X25519 age recipient (age1…, 62 characters).\n${usage(VAULT_INIT)}`,
    ],
    [
      ['archive', 'seal', 'nope', ...VAULT, '--to', 'archive'],
      `cmk-rekey archive seal: "nope" is not a draft id (32 hex digits)\n${usage(ARCHIVE_SEAL)}`,
    ],
  ] as const)('%j', async (args, stderr) => {
    expect(await cli(args)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('takes each form of drafts verify with its own options: past the usage check to the vault or the identity', async () => {
    // the passphrase form with its policy file: opens the vault (none there), no usage error
    const policy = join(mkdtempSync(join(tmpdir(), 'cmk-rekey-usage-')), 'policy.json');
    writeFileSync(policy, NO_POLICY);
    expect(await cli(['drafts', 'verify', ...VAULT, '--system-policy', policy])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'cmk-rekey: /nonexistent/cmk-rekey-usage-test: The folder /nonexistent/cmk-rekey-usage-test does not exist: check the path.\n',
    });
    // the identity form with its signing key: reads the identity file
    expect(
      await cli([
        'drafts',
        'verify',
        '--vault',
        'v',
        '--identity',
        '/nonexistent/key.txt',
        '--signing-key',
        // a real key: one that is none is itself a usage error (tests/cli/vault-cli.test.ts)
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINuTcmBd/ZjBOi+45nHaIpkGqEeU5oNXnrCVcjL3GMRm',
      ]),
    ).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cmk-rekey: /nonexistent/key.txt does not exist.\n',
    });
  });

  it('shows every drafts action once for a missing action, each line once', async () => {
    const run = await cli(['drafts', '--vault', 'v']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [problem, ...lines] = run.stderr.trimEnd().split('\n');
    expect(problem).toBe(
      'cmk-rekey drafts: expected an action: "import", "list", "export", "verify", "history", "mark-sent", "complete", "withdraw", "revise", "reencrypt" or "purge"',
    );
    expect(lines[0]).toBe(`Usage: ${DRAFTS_IMPORT}`);
    const actions = lines.map((line) => line.replace(/^(Usage: | {7})cmk-rekey drafts /u, '').split(' ')[0]);
    // verify has two lines: with the passphrase, and with --identity
    expect(actions).toEqual([
      'import',
      'list',
      'export',
      'verify',
      'verify',
      'history',
      'mark-sent',
      'complete',
      'withdraw',
      'revise',
      'reencrypt',
      'purge',
    ]);
  });

  it('goes to stderr from the real launcher too, nothing to stdout', async () => {
    const run = await runCmkRekey(['check']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `cmk-rekey check: <file> is missing\n${usage(CHECK)}`,
    });
  });
});

describe('--help of a command or action: its usage on stdout, exit 0', () => {
  const CHECK_SUMMARY =
    "check a request file against every rule (with this workstation's organization policy, as the app), and each key against saved aws kms describe-key output (exit 0 valid, 1 invalid, 2 unreadable)";
  const VAULT_SUMMARY =
    'create an encrypted drafts vault (each --recipient, e.g. compliance, can read every draft); info: its public keys (signing key in OpenSSH form); doctor: what is wrong with a vault folder and the safe repair (never deletes a draft); recipients: sets the extra recipients of drafts saved from now on';

  it.each([
    [['check', '--help'], `${usage(CHECK)}${CHECK_SUMMARY}\n`],
    // asked for, the help wins over a mistake typed with it
    [['check', '--bogus', '-h'], `${usage(CHECK)}${CHECK_SUMMARY}\n`],
    [
      ['vault', '--help'],
      `${usage(VAULT_INIT, VAULT_INFO, VAULT_DOCTOR, VAULT_RECIPIENTS)}${VAULT_SUMMARY}\n`,
    ],
    [['vault', 'info', '-h'], `${usage(VAULT_INFO)}${VAULT_SUMMARY}\n`],
  ] as const)('%j', async (args, stdout) => {
    expect(await cli(args)).toEqual({ code: 0, stdout, stderr: '' });
  });

  it('prints the action’s own usage for drafts list, from the real launcher', async () => {
    const run = await runCmkRekey(['drafts', 'list', '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')[0]).toBe(`Usage: ${DRAFTS_LIST}`);
    expect(run.stdout.split('\n')).toHaveLength(3);
  });

  it('takes --help after "--" as an operand, not as the help', async () => {
    const run = await cli(['policy', 'show', '--', '--help']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `cmk-rekey policy show: unexpected argument "--help"\n${usage(POLICY_SHOW)}`,
    });
  });
});

describe('the usage is the contract', () => {
  const commands: readonly CliCommand[] = [
    ...REQUEST_COMMANDS,
    ...VAULT_COMMANDS,
    ...POLICY_COMMANDS,
    ...ARCHIVE_COMMANDS,
  ];

  it.each(commands.map((command) => [command.name, command] as const))(
    '%s: names every option it reads, and reads every option it names',
    (_, command) => {
      const named = usageLines(command, undefined).flatMap((line) => line.match(/--[a-z][a-z-]*/gu) ?? []);
      expect(new Set(named)).toEqual(new Set(Object.keys(command.options).map((name) => `--${name}`)));
    },
  );
});
