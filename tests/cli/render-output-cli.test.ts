/**
 * `cmk-rekey render` and invisible characters (npm run build first): the ticket of a valid request goes to
 * a pipe or a file exactly as the app's Copy all copies it (joiners in an emoji or a Persian word), and to a
 * terminal escaped, as everything else the CLI prints; messages on stderr keep the guard wherever they go.
 * A zero-width space is no joiner: in free text it is an error, named by its code point. The terminal is a real one: `script` (util-linux) runs the CLI on a pty.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { draftFromRequest, ticketInputOf } from '../../src-shared/drafts/draft.js';
import { render, renderText } from '../../src-shared/request/render.js';
import { NO_POLICY } from '../fixtures/policies.js';
import { validRequest } from '../fixtures/requests.js';
import { ROOT, runCmkRekey } from './run-cli.js';

const NOTES = 'Family 👨\u200D👩\u200D👧 and Persian می\u200Cخواهم';
const request = { ...validRequest('eu'), notes: NOTES };
let folder: string;
let file: string;
let none: string;

/** The CLI on a pseudo-terminal, as a user at a terminal runs it; returns what the terminal received. */
function atTerminal(args: readonly string[]): { status: number | null; output: string } {
  const command = [process.execPath, join(ROOT, 'bin/cmk-rekey.js'), ...args]
    .map((word) => `'${word.replaceAll("'", "'\\''")}'`)
    .join(' ');
  const run = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  // the terminal turns each line break into CR LF
  return { status: run.status, output: run.stdout.replaceAll('\r\n', '\n') };
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-render-'));
  file = join(folder, 'joiners.json');
  writeFileSync(file, JSON.stringify(request, null, 2));
  none = join(folder, 'no-policy.json');
  writeFileSync(none, NO_POLICY);
});

describe('render and invisible characters', { timeout: 30_000 }, () => {
  it('the request is valid: the joiners are the user’s text', async () => {
    const run = await runCmkRekey(['check', file, '--system-policy', none, '--portable-policy', none]);
    expect(run.code, run.stdout).toBe(0);
  });

  it('a zero-width space in the working hours is an error that names it, escaped', async () => {
    const spaced = join(folder, 'zero-width.json');
    writeFileSync(spaced, JSON.stringify({ ...request, workingHours: '09:00\u200B-17:00' }, null, 2));
    const run = await runCmkRekey(['check', spaced, '--system-policy', none, '--portable-policy', none]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('invisible or control character (U+200B) after "09:00"');
    expect(run.stdout).not.toContain('\u200B');
  });

  it('to a pipe, prints the ticket exactly as the app copies it, in every format', async () => {
    const policy = ['--system-policy', none, '--portable-policy', none];
    const text = await runCmkRekey(['render', file, ...policy]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(renderText(ticketInputOf(draftFromRequest(request))));
    expect(text.stdout).toContain(NOTES);
    expect(text.stdout).not.toContain('\\u200');
    for (const format of ['markdown', 'json'] as const) {
      const run = await runCmkRekey(['render', file, '--format', format, ...policy]);
      expect(run.stdout).toBe(render(draftFromRequest(request), format));
      expect(run.stdout).toContain('\u200D');
    }
  });

  it('to a terminal, shows them as escapes, as the rest of the output', () => {
    const { status, output } = atTerminal([
      'render',
      file,
      '--system-policy',
      none,
      '--portable-policy',
      none,
    ]);
    expect(status).toBe(0);
    expect(output).toContain('Family 👨\\u200D👩\\u200D👧 and Persian می\\u200Cخواهم');
    expect(output).not.toContain('\u200D');
  });

  it('keeps the guard for what is not a finished ticket: a request with errors, and stderr', async () => {
    // the file name is quoted on stderr: a direction override in it must not turn the line around
    const broken = join(folder, 'broken\u202E.json');
    writeFileSync(broken, JSON.stringify({ ...request, awsAccountId: '12345' }, null, 2));
    const policy = ['--system-policy', none, '--portable-policy', none];
    const refused = await runCmkRekey(['render', broken, ...policy]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('\\u202E');
    expect(refused.stderr).not.toContain('\u202E');
    const marked = await runCmkRekey(['render', broken, '--allow-invalid', ...policy]);
    expect(marked.code).toBe(1);
    expect(marked.stdout).toContain('NOT READY TO SEND');
    expect(marked.stdout).toContain('\\u200D');
    expect(marked.stdout).not.toMatch(/[\u200B-\u200D\u202E]/u);
  });
});
