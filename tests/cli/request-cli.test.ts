import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_DESCRIBE_KEY_CHARS } from '../../src-shared/request/describe-key.js';
import { render } from '../../src-shared/request/render.js';
import { describeKeyResult } from '../fixtures/describe-key.js';
import { VALID_REQUEST, keyArn, keyId, validRequest } from '../fixtures/requests.js';
import { NO_POLICY, policyText } from '../fixtures/policies.js';
import { runCmkRekey } from './run-cli.js';

let folder: string;

function file(name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

const valid = VALID_REQUEST;
const invalid = { ...validRequest('us'), awsAccountId: '12345', keys: [] };
const messy = {
  ...validRequest('au'),
  siteUrl: '  https://ACME-Cloud.atlassian.net/wiki/spaces/SEC ',
  awsAccountId: '0123-4567-8901',
  organizationId: 'https://admin.atlassian.com/o/5F0C2A7E-93D1-4B8E-A6C4-1E2F3A4B5C6D/overview',
};

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-cli-'));
});

describe('cmk-rekey check', () => {
  it('exits 0 for a valid request and says so', async () => {
    const run = await runCmkRekey(['check', file('clean.json', JSON.stringify(validRequest('eu')))]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid (0 errors, 0 warnings)');
    expect(run.stderr).toBe('');
  });

  it('exits 0 for a valid request with a warning, and names it', async () => {
    // The shared request's first old key has the key ID of AWS's documentation examples.
    const run = await runCmkRekey(['check', file('valid.json', JSON.stringify(valid))]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid (0 errors, 1 warning)');
    expect(run.stdout).toContain('[keys.arn.aws-example]');
    expect(run.stderr).toBe('');
  });

  it('keeps its verdict as exit code, with no stack trace, when the reader stops early (| head -1)', async () => {
    const validFile = file('piped-valid.json', JSON.stringify(valid));
    const invalidFile = file('piped-invalid.json', JSON.stringify(invalid));
    for (const [path, code] of [
      [validFile, 0],
      [invalidFile, 1],
    ] as const) {
      const run = await runCmkRekey(['check', path], '', true);
      expect(run).toMatchObject({ code, stderr: '' });
    }
  });

  it('exits 1 with every error for an invalid request', async () => {
    const run = await runCmkRekey(['check', file('invalid.json', JSON.stringify(invalid))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[awsAccountId.format]');
    expect(run.stdout).toContain('[keys.count]');
  });

  it('prints the documented JSON shape with --json', async () => {
    const run = await runCmkRekey(['check', '--json', file('invalid2.json', JSON.stringify(invalid))]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      valid: boolean;
      errors: { path: string; code: string; message: string }[];
      warnings: unknown[];
    };
    expect(report.valid).toBe(false);
    expect(report.errors).toContainEqual(
      expect.objectContaining({ path: 'awsAccountId', code: 'awsAccountId.format' }),
    );
    expect(Object.keys(report.errors[0] ?? {}).sort()).toEqual(['code', 'message', 'path']);
    expect(report.warnings).toEqual([]);
  });

  it('exits 0 with warnings listed when only warnings apply', async () => {
    const run = await runCmkRekey(['check', '--json', file('warn.json', JSON.stringify(validRequest('uk')))]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, warnings: [{ code: 'realm.unconfirmed' }] });
  });

  it('reports non-canonical values with the canonical form and points to normalize', async () => {
    const run = await runCmkRekey(['check', file('messy.json', JSON.stringify(messy))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('"012345678901"');
    expect(run.stdout).toContain('cmk-rekey normalize');
  });
});

describe('cmk-rekey check on bad input: one clear line, exit 2, no stack trace', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a missing file', () => join(folder, 'nope.json'), /No such file/],
    [
      'a directory',
      () => {
        const path = join(folder, 'dir.json');
        mkdirSync(path, { recursive: true });
        return path;
      },
      /folder, not a file/,
    ],
    ['a file over 1 MiB', () => file('big.json', ' '.repeat(1024 * 1024 + 1)), /at most 1 MiB/],
    ['binary data', () => file('bin.json', Buffer.from([0x7b, 0x00, 0xff, 0x7d])), /binary/],
    ['invalid UTF-8', () => file('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])), /not UTF-8/],
    [
      'UTF-16 with its byte order mark (Notepad "Unicode")',
      () => file('utf16.json', Buffer.from(`\ufeff${JSON.stringify(valid)}`, 'utf16le')),
      /UTF-16 text .*Save it as UTF-8/,
    ],
    [
      'deep nesting',
      () => file('deep.json', '['.repeat(100_000) + ']'.repeat(100_000)),
      /nested more than 32/,
    ],
    ['not JSON', () => file('text.json', 'hello'), /not valid JSON/],
    ['an empty file', () => file('empty.json', ''), /empty/],
    [
      'a key written twice',
      () =>
        file(
          'twice.json',
          JSON.stringify(valid).replace('"awsAccountId"', '"awsAccountId":"1","awsAccountId"'),
        ),
      /"awsAccountId" is written twice \(on line 1\), with a value each\. Keep the one you mean/,
    ],
    ['JSON that is not an object', () => file('array.json', '[1,2]'), /not an object/],
    ['another format', () => file('other.json', '{"format":"something-else"}'), /not a CMK Rekey request/],
    ['an unknown version', () => file('v9.json', JSON.stringify({ ...valid, version: 9 })), /version 9/],
    [
      'an age-encrypted draft',
      () => file('draft.age', 'age-encryption.org/v1\n-> X25519 abc\nxyz\n--- 123\n\u0000\u00ff'),
      /age-encrypted.*cmk-rekey drafts import --vault DIR FILE.*cmk-rekey drafts export/,
    ],
    [
      'an armored age file',
      () =>
        file('draft.age.txt', '-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n'),
      /age-encrypted.*cmk-rekey drafts import/,
    ],
    [
      'a decrypted draft record',
      () => file('draft.json', JSON.stringify({ format: 'cmk-rekey/draft', version: 1, request: {} })),
      /decrypted CMK Rekey draft.*cmk-rekey drafts export --vault DIR <id>/,
    ],
    ...(['text', 'markdown', 'json'] as const).map((format): [string, () => string, RegExp] => [
      `a ticket rendered as ${format}`,
      () => file(`ticket.${format}`, render(valid, format)),
      /a ticket as "cmk-rekey render" prints it.*cmk-rekey check REQUEST\.json/,
    ]),
  ];
  it.each(cases)('%s', async (_name, make, message) => {
    const run = await runCmkRekey(['check', make()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('cmk-rekey check --describe-key', () => {
  const [pair] = valid.keys;
  const output = (arn: string, overrides: Record<string, unknown> = {}) =>
    JSON.stringify(describeKeyResult(arn, overrides), null, 4);

  it('exits 1 with an error at the key when describe-key shows it disabled, naming the check time', async () => {
    const disabled = file(
      'new-key.json',
      output(pair?.newKeyArn ?? '', { Enabled: false, KeyState: 'Disabled' }),
    );
    utimesSync(disabled, new Date('2026-11-30T08:15:00Z'), new Date('2026-11-30T08:15:00Z'));
    const run = await runCmkRekey([
      'check',
      file('dk.json', JSON.stringify(valid)),
      '--describe-key',
      disabled,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /error {2}keys\[0\]\.newKeyArn: aws kms describe-key, checked 2026-11-30 08:15 UTC: The key is disabled\..*\[keys\.check\.state\]/,
    );
  });

  it('accepts keys that passed, several files at once, and says when output matches no key', async () => {
    const run = await runCmkRekey([
      'check',
      file('dk2.json', JSON.stringify(valid)),
      '--describe-key',
      file('old.json', output(pair?.oldKeyArn ?? '')),
      '--describe-key',
      file('new.json', output(pair?.newKeyArn ?? '')),
      '--describe-key',
      file('stray.json', output(keyArn('eu-west-1', keyId('stray')))),
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/describe-key output for arn:aws:kms:eu-west-1:.* matches no key ARN/);
  });

  it('refuses output that is not describe-key JSON with one line, exit 2', async () => {
    const run = await runCmkRekey([
      'check',
      file('dk3.json', JSON.stringify(valid)),
      '--describe-key',
      file('table.txt', '---------\n|DescribeKey|\n'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/table\.txt: This is not JSON output/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  // QA: "It is larger than a request file can be (at most 0.3814697265625 MiB)"
  it('says a file too large to be describe-key output is that, with its limit in readable units, exit 2', async () => {
    const big = file('huge-key.json', Buffer.alloc(MAX_DESCRIBE_KEY_CHARS * 4 + 1, 0x20));
    const run = await runCmkRekey(['check', file('dk5.json', JSON.stringify(valid)), '--describe-key', big]);
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `cmk-rekey: ${big}: It is larger than saved describe-key output can be (at most 391 KiB).\n`,
    });
  });

  it('says what to do with output saved by Windows PowerShell 5 (UTF-16), exit 2', async () => {
    const saved = `\ufeff${output(pair?.newKeyArn ?? '')}`;
    const run = await runCmkRekey([
      'check',
      file('dk4.json', JSON.stringify(valid)),
      '--describe-key',
      file('key-ps5.json', Buffer.from(saved, 'utf16le')),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/key-ps5\.json: This file is UTF-16 text .*Out-File -Encoding utf8/);
    expect(run.stderr).not.toMatch(/binary|request/);
  });
});

describe('cmk-rekey render', () => {
  it.each(['text', 'markdown', 'json'] as const)(
    'prints the %s ticket exactly as render() gives it',
    async (format) => {
      const run = await runCmkRekey([
        'render',
        file(`render-${format}.json`, JSON.stringify(valid)),
        '--format',
        format,
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(render(valid, format));
    },
  );

  it('refuses an invalid request with its errors, exit 1', async () => {
    const run = await runCmkRekey(['render', file('render-invalid.json', JSON.stringify(invalid))]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--allow-invalid');
    expect(run.stderr).toContain('[keys.count]');
  });

  it.each(['text', 'markdown', 'json'])(
    'renders an invalid request with --allow-invalid as %s marked NOT READY, with its errors, and exits 1',
    async (format) => {
      const oneRegion = { ...validRequest('us'), keys: validRequest('us').keys.slice(0, 1) };
      const run = await runCmkRekey([
        'render',
        '--allow-invalid',
        '--format',
        format,
        file(`render-invalid-${format}.json`, JSON.stringify(oneRegion)),
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout.split('\n').slice(0, 3).join('\n')).toContain('NOT READY TO SEND');
      expect(run.stdout).toContain('No key pair for us-west-2 (Oregon)');
      expect(run.stderr).toContain('[keys.region.missing]');
    },
  );

  it('rejects an unknown format as a usage error', async () => {
    const run = await runCmkRekey([
      'render',
      file('render-x.json', JSON.stringify(valid)),
      '--format',
      'pdf',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown format "pdf"');
  });
});

// QA F, finding 12: on a workstation whose policy allows only eu and de, the app refused a uk request while
// check said valid and render printed it as ready.
describe("check and render judge by the workstation's policy, as the app does", () => {
  const uk = () => file('uk.json', JSON.stringify(validRequest('uk')));
  const europeOnly = () =>
    file('europe-only.json', policyText({ allowedRealms: { value: ['eu', 'de'], locked: true } }));
  const none = () => file('no-policy.json', NO_POLICY);

  it('check: a realm the policy does not allow is an error, exit 1; without the policy, valid', async () => {
    const request = uk();
    const policy = ['--system-policy', none(), '--portable-policy', europeOnly()];
    const run = await runCmkRekey(['check', request, ...policy, '--json']);
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      valid: false,
      errors: [
        {
          path: 'realm',
          code: 'realm.not-allowed',
          message:
            "Your organization's policy does not allow the United Kingdom realm. Allowed: Europe (eu), Germany (de).",
        },
      ],
    });
    const free = await runCmkRekey([
      'check',
      request,
      '--system-policy',
      none(),
      '--portable-policy',
      none(),
    ]);
    expect(free.code, free.stdout).toBe(0);
  });

  it('check: a locked organization ID counts too; a policy file it cannot fully read is named', async () => {
    const locked = file(
      'locked-org.json',
      policyText({ defaultOrganizationId: { value: 'be0df05b-77ec-4a4f-ac84-f818bef651ce', locked: true } }),
    );
    const run = await runCmkRekey(['check', uk(), '--system-policy', none(), '--portable-policy', locked]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[organizationId.not-policy]');
    const broken = file('broken-policy.json', '{ "format": "cmk-rekey/policy", ');
    const read = await runCmkRekey(['check', uk(), '--system-policy', none(), '--portable-policy', broken]);
    expect(read.code).toBe(0);
    expect(read.stderr).toBe(
      `cmk-rekey: ${broken}: this policy file cannot be fully read; what could be read of it applies ("cmk-rekey policy check" says why).\n`,
    );
  });

  it('render: refuses the request as the app would, unless --allow-invalid', async () => {
    const policy = ['--system-policy', none(), '--portable-policy', europeOnly()];
    const run = await runCmkRekey(['render', uk(), ...policy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('[realm.not-allowed]');
    const anyway = await runCmkRekey(['render', uk(), ...policy, '--allow-invalid']);
    expect(anyway.code).toBe(1);
    expect(anyway.stdout).toContain('NOT READY');
  });
});

describe('cmk-rekey normalize', () => {
  it('prints the canonical request and lists the changes on stderr', async () => {
    const run = await runCmkRekey(['normalize', file('normalize.json', JSON.stringify(messy))]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(validRequest('au'));
    expect(run.stderr).toContain('changed awsAccountId: removed separators from the account ID');
    expect(run.stderr).toContain(
      'changed organizationId: took the organization ID from the admin.atlassian.com URL',
    );
    expect(run.stderr).toContain('changed siteUrl: removed the path "/wiki/spaces/SEC"');
  });

  it('says what it did to white space: a line break turned into a space is not a repeated space', async () => {
    const wrapped = { ...validRequest('eu'), workingHours: 'a\n b', phone: '+44\t20 7946 0958\r\n' };
    const run = await runCmkRekey(['normalize', file('wrapped.json', JSON.stringify(wrapped))]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ workingHours: 'a b', phone: '+44 20 7946 0958' });
    expect(run.stderr.split('\n').sort()).toEqual([
      '',
      'changed phone: removed surrounding line breaks',
      'changed phone: turned tabs into spaces',
      'changed workingHours: collapsed repeated spaces',
      'changed workingHours: turned line breaks into spaces',
    ]);
  });

  it('never turns an invalid value valid: a character beyond U+FFFF is escaped as JSON reads it back', async () => {
    // A tag character (U+E0041) in the notes: an error, which normalize does not fix.
    const tagged = { ...validRequest('eu'), notes: 'Keys ready \u{E0041}' };
    const run = await runCmkRekey(['normalize', file('tagged.json', JSON.stringify(tagged))]);
    expect(run.stdout).toContain('"notes": "Keys ready \\uDB40\\uDC41"');
    expect((JSON.parse(run.stdout) as { notes: string }).notes).toBe(tagged.notes);
    const again = await runCmkRekey(['check', file('tagged-normalized.json', run.stdout), '--json']);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('"code": "notes.invisible"');
  });

  it('says when there is nothing to change', async () => {
    const run = await runCmkRekey(['normalize', file('canonical.json', JSON.stringify(valid))]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('cmk-rekey: nothing to change\n');
  });
});

describe('usage', () => {
  it('--help lists every command, exit 0', async () => {
    const run = await runCmkRekey(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['check', 'render', 'normalize'])
      expect(run.stdout).toContain(`cmk-rekey ${command}`);
    // exit 1 is not only an invalid request: archive verify and drafts verify use it too
    expect(run.stdout).toContain('1 invalid (a request, a pack that is not valid, a problem verify found)');
  });

  it('--version prints the package version', async () => {
    const run = await runCmkRekey(['--version']);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('a named pipe given as a file', () => {
  // Waiting on a FIFO for a writer hung these commands for ever, and Ctrl-C could not stop them.
  it.runIf(process.platform !== 'win32')(
    'is refused at once by check, render, normalize and policy show --settings (exit 2)',
    async () => {
      const fifo = join(folder, 'request-fifo.json');
      execFileSync('mkfifo', [fifo]);
      for (const args of [['check'], ['render'], ['normalize'], ['policy', 'show', '--settings']]) {
        const run = await runCmkRekey([...args, fifo]);
        expect(run.code, args.join(' ')).toBe(2);
        expect(run.stderr, args.join(' ')).toMatch(/named pipe/);
      }
    },
    30_000,
  );
});
