/** `check`, `render` and `normalize`: the request file from the command line. */
import { parseArgs } from 'node:util';
import type { Finding } from '../../src-shared/request/findings.js';
import { normalizeRequest } from '../../src-shared/request/normalize-request.js';
import { draftFromRequest } from '../../src-shared/drafts/draft.js';
import {
  TICKET_FORMATS,
  render,
  renderNotReady,
  type TicketFormat,
} from '../../src-shared/request/render.js';
import { phoneProblem } from '../../src-shared/request/phone-rule.js';
import { validateRequest } from '../../src-shared/request/validate.js';
import { stat } from 'node:fs/promises';
import { MAX_DESCRIBE_KEY_CHARS, parseDescribeKey } from '../../src-shared/request/describe-key.js';
import type { KeyCheckEvidence } from '../../src-shared/request/key-check-rules.js';
import { readRequestFile, readTextFile } from '../files/read-request.js';
import { otherFileKind, type OtherFileKind } from '../files/other-file-kind.js';
import { EXIT, UsageError, countOf, type CliCommand, type CliIo } from './io.js';
import { operand } from './usage.js';
import {
  POLICY_FILE_OPTIONS,
  refusesPlaintext,
  workstationPolicy,
  workstationRules,
} from './workstation-policy.js';

/** What to do instead, for a file that is not a request, in the command line's words. */
const OTHER_FILE_HINTS: Readonly<Record<OtherFileKind, string>> = {
  age: 'This is an age-encrypted file (a draft from a vault), not a request file. Import it with "cmk-rekey drafts import --vault DIR FILE", then "cmk-rekey drafts export --vault DIR <id>" prints the request it holds.',
  draft:
    'This is a decrypted CMK Rekey draft, not a request file. Drafts are read from their vault: "cmk-rekey drafts export --vault DIR <id>" prints the request a draft holds.',
  ticket:
    'This is a ticket as "cmk-rekey render" prints it, not a request file. Check the request it was rendered from: "cmk-rekey check REQUEST.json".',
};

async function load(file: string, io: CliIo): Promise<Record<string, unknown> | undefined> {
  const read = await readRequestFile(file);
  if (read.ok) return read.value;
  const kind = read.code === 'not-found' ? undefined : await otherFileKind(file);
  io.stderr(`cmk-rekey: ${file}: ${kind === undefined ? read.message : OTHER_FILE_HINTS[kind]}\n`);
  return undefined;
}

function findingLine(finding: Finding): string {
  const where = finding.path === '' ? '' : `${finding.path}: `;
  return `  ${finding.severity}  ${where}${finding.message} [${finding.code}]\n`;
}

/** Reads saved `aws kms describe-key` output; the file's modification time is when the key was checked. */
async function loadKeyChecks(files: readonly string[], io: CliIo): Promise<KeyCheckEvidence[] | undefined> {
  const evidence: KeyCheckEvidence[] = [];
  for (const file of files) {
    const text = await readTextFile(file, MAX_DESCRIBE_KEY_CHARS * 4, 'saved describe-key output');
    const parsed = text.ok ? parseDescribeKey(text.value) : text;
    if (!parsed.ok) {
      io.stderr(`cmk-rekey: ${file}: ${parsed.message}\n`);
      return undefined;
    }
    const checkedAt = (await stat(file)).mtime.toISOString();
    evidence.push({ arn: parsed.arn, checkedAt, facts: parsed.facts });
  }
  return evidence;
}

const CHECK_OPTIONS = {
  json: { type: 'boolean' },
  'describe-key': { type: 'string', multiple: true },
  ...POLICY_FILE_OPTIONS,
} as const;

const check: CliCommand = {
  name: 'check',
  usage: [
    'cmk-rekey check <file> [--json] [--describe-key OUTPUT.json]... [--system-policy FILE] [--portable-policy FILE]',
  ],
  options: CHECK_OPTIONS,
  summary:
    "check a request file against every rule (with this workstation's organization policy, as the app), and each key against saved aws kms describe-key output (exit 0 valid, 1 invalid, 2 unreadable)",
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: CHECK_OPTIONS,
      allowPositionals: true,
    });
    const file = operand(positionals, '<file>');
    const request = await load(file, io);
    if (request === undefined) return EXIT.usage;
    const keyChecks = await loadKeyChecks(values['describe-key'] ?? [], io);
    if (keyChecks === undefined) return EXIT.usage;
    const arns = JSON.stringify(request['keys'] ?? null);
    for (const { arn } of keyChecks) {
      if (!arns.includes(JSON.stringify(arn))) {
        io.stderr(`cmk-rekey: describe-key output for ${arn} matches no key ARN in ${file}\n`);
      }
    }
    const rules = await workstationRules(values, io);
    const result = validateRequest(request, { ...rules, keyChecks, phone: phoneProblem });
    if (values.json === true) {
      const strip = ({ path, code, message }: Finding) => ({ path, code, message });
      io.stdout(
        JSON.stringify(
          { valid: result.valid, errors: result.errors.map(strip), warnings: result.warnings.map(strip) },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stdout(
        `${file}: ${result.valid ? 'valid' : 'invalid'} (${countOf(result.errors.length, 'error')}, ${countOf(result.warnings.length, 'warning')})\n`,
      );
      for (const finding of [...result.errors, ...result.warnings]) io.stdout(findingLine(finding));
      if (result.errors.some((finding) => finding.code.endsWith('.not-canonical'))) {
        io.stdout(`Run "cmk-rekey normalize ${file}" to print the canonical form.\n`);
      }
    }
    return result.valid ? EXIT.ok : EXIT.invalid;
  },
};

function isFormat(value: string): value is TicketFormat {
  return (TICKET_FORMATS as readonly string[]).includes(value);
}

const RENDER_OPTIONS = {
  format: { type: 'string', default: 'text' },
  'allow-invalid': { type: 'boolean' },
  ...POLICY_FILE_OPTIONS,
} as const;

const renderCommand: CliCommand = {
  name: 'render',
  usage: [
    'cmk-rekey render <file> [--format text|markdown|json] [--allow-invalid] [--system-policy FILE] [--portable-policy FILE]',
  ],
  options: RENDER_OPTIONS,
  summary: 'print the support ticket, field by field',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: RENDER_OPTIONS,
      allowPositionals: true,
    });
    const file = operand(positionals, '<file>');
    if (!isFormat(values.format))
      throw new UsageError(`unknown format "${values.format}": use one of ${TICKET_FORMATS.join(', ')}`);
    // The ticket printed is what the app's copy buttons copy, and they are gone under this policy.
    const policy = await workstationPolicy(values, io);
    if (refusesPlaintext(policy, io, 'render', 'the ticket is not printed')) return EXIT.invalid;
    const request = await load(file, io);
    if (request === undefined) return EXIT.usage;
    const result = validateRequest(request, { ...policy.requestRules, phone: phoneProblem });
    if (result.valid) {
      io.ticket(render(draftFromRequest(request), values.format));
      return EXIT.ok;
    }
    if (values['allow-invalid'] !== true) {
      io.stderr(`cmk-rekey: ${file}: the request is invalid; fix these errors or pass --allow-invalid:\n`);
      for (const finding of result.errors) io.stderr(findingLine(finding));
      return EXIT.invalid;
    }
    // Marked as not ready in the output itself, so a copy of it cannot pass for a finished ticket.
    io.stdout(renderNotReady(draftFromRequest(request), result.errors, values.format));
    io.stderr(
      `cmk-rekey: ${file}: NOT READY TO SEND: rendered with ${String(result.errors.length)} error(s):\n`,
    );
    for (const finding of result.errors) io.stderr(findingLine(finding));
    return EXIT.invalid;
  },
};

const normalize: CliCommand = {
  name: 'normalize',
  usage: ['cmk-rekey normalize <file> [--system-policy FILE] [--portable-policy FILE]'],
  options: POLICY_FILE_OPTIONS,
  summary: 'print the canonical request; what was changed goes to stderr',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: POLICY_FILE_OPTIONS,
      allowPositionals: true,
    });
    const file = operand(positionals, '<file>');
    // The canonical request is the app's Save of a request file, which this policy turns off.
    const policy = await workstationPolicy(values, io);
    if (refusesPlaintext(policy, io, 'normalize', 'the request is not printed')) return EXIT.invalid;
    const request = await load(file, io);
    if (request === undefined) return EXIT.usage;
    const { request: canonical, changes } = normalizeRequest(request);
    io.stdout(JSON.stringify(canonical, null, 2) + '\n');
    if (changes.length === 0) io.stderr('cmk-rekey: nothing to change\n');
    for (const { path, change } of changes) io.stderr(`changed ${path}: ${change}\n`);
    return EXIT.ok;
  },
};

export const REQUEST_COMMANDS: readonly CliCommand[] = [check, renderCommand, normalize];
