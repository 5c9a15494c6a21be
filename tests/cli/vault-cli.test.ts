/**
 * `cmk-rekey vault init` and `cmk-rekey drafts …` through the built launcher (npm run build first):
 * exit codes, output, passphrases via --passphrase-stdin, and the hidden terminal prompt driven by expect.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftFromRequest, requestFromDraft } from '../../src-shared/drafts/draft.js';
import { SEND_WARNING_TEXT } from '../../src-shared/drafts/life.js';
import { DraftSummarySchema } from '../../src-shared/drafts/summary.js';
import { NO_POLICY, policyText } from '../fixtures/policies.js';
import { validRequestFile } from '../unit/main/vault/helpers.js';
import { ROOT, runCmkRekey, type CliRun } from './run-cli.js';

const PASSPHRASE = 'maple orbit tunnel fiddle';
const FIXTURES = join(ROOT, 'tests', 'fixtures');
const EXPECT = '/usr/bin/expect';
let folder: string;
let vault: string;
let recipient: string;
let draftId: string;
const request = validRequestFile('eu');

function noStackTrace(run: CliRun): void {
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).not.toMatch(/\n\s+at /);
}

async function cli(args: readonly string[], stdin = `${PASSPHRASE}\n`): Promise<CliRun> {
  const run = await runCmkRekey(args, stdin);
  noStackTrace(run);
  return run;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-vault-cli-'));
  vault = join(folder, 'vault');
  writeFileSync(join(folder, 'request.json'), JSON.stringify(request, null, 2));
  const init = await cli(['vault', 'init', '--vault', vault, '--passphrase-stdin']);
  expect(init.code, init.stderr).toBe(0);
  recipient = /Vault recipient: (age1[a-z0-9]{58})/.exec(init.stdout)?.[1] ?? '';
  expect(recipient).not.toBe('');
}, 30_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('cmk-rekey vault init', () => {
  it('created the vault', () => {
    expect(existsSync(join(vault, 'vault.json'))).toBe(true);
    expect(existsSync(join(vault, 'identity.age'))).toBe(true);
  });

  it('refuses a folder that holds a vault, a bad recipient, a weak passphrase (exit 2, 2, 1)', async () => {
    const again = await cli(['vault', 'init', '--vault', vault, '--passphrase-stdin']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a vault/);
    const bad = await cli([
      'vault',
      'init',
      '--vault',
      join(folder, 'v2'),
      '--recipient',
      'age1bad',
      '--passphrase-stdin',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an X25519 age recipient/);
    const weak = await cli(
      ['vault', 'init', '--vault', join(folder, 'v3'), '--passphrase-stdin'],
      'secret1\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/too weak/);
    expect(existsSync(join(folder, 'v3', 'vault.json'))).toBe(false);
  });

  it('says a file named as the vault folder is a file, not a folder', async () => {
    const file = join(folder, 'request.json');
    const run = await cli(['vault', 'init', '--vault', file, '--passphrase-stdin']);
    expect(run.code).toBe(2);
    // the shared --vault check: a usage error, before the passphrase is read
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([
      `cmk-rekey vault init: --vault ${file}: it is a file, not a folder; give the vault's folder`,
      expect.stringMatching(/^Usage: cmk-rekey vault init /),
    ]);
  });

  it('records extra recipients', async () => {
    const run = await cli([
      'vault',
      'init',
      '--vault',
      join(folder, 'v4'),
      '--recipient',
      recipient,
      '--passphrase-stdin',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Extra recipient: ${recipient}`);
  }, 20_000);

  it('sets the extra recipients later (after a doctor rebuild), says which drafts to re-encrypt, and removes them with --none', async () => {
    const v5 = join(folder, 'v5');
    expect((await cli(['vault', 'init', '--vault', v5, '--passphrase-stdin'])).code).toBe(0);
    expect(
      (await cli(['drafts', 'import', '--vault', v5, join(folder, 'request.json'), '--passphrase-stdin']))
        .code,
    ).toBe(0);
    const set = await cli([
      'vault',
      'recipients',
      '--vault',
      v5,
      '--recipient',
      recipient,
      '--passphrase-stdin',
    ]);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toBe(
      `Extra recipient: ${recipient}\n1 draft encrypted to another set of recipients; "cmk-rekey drafts reencrypt --vault ${v5}" re-encrypts it.\n`,
    );
    // authenticated: vault info with the passphrase reads it back from the vault
    expect((await cli(['vault', 'info', '--vault', v5, '--passphrase-stdin'])).stdout).toContain(
      `Extra recipient: ${recipient}`,
    );
    expect((await cli(['drafts', 'reencrypt', '--vault', v5, '--passphrase-stdin'])).stdout).toContain(
      'Re-encrypted 1 draft to the current recipients; 0 already were.',
    );
    expect((await cli(['vault', 'recipients', '--vault', v5, '--none', '--passphrase-stdin'])).stdout).toBe(
      `The vault has no extra recipients now.\n1 draft encrypted to another set of recipients; "cmk-rekey drafts reencrypt --vault ${v5}" re-encrypts it.\n`,
    );
    // neither, or both: a usage error before the passphrase; a wrong passphrase changes nothing
    for (const args of [[], ['--none', '--recipient', recipient]]) {
      const refused = await cli(['vault', 'recipients', '--vault', v5, ...args, '--passphrase-stdin'], '');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('give the recipients with --recipient age1… (one each), or --none');
    }
    const wrong = await cli(
      ['vault', 'recipients', '--vault', v5, '--recipient', recipient, '--passphrase-stdin'],
      'not the passphrase\n',
    );
    expect(wrong.code).toBe(2);
    expect((await cli(['vault', 'info', '--vault', v5])).stdout).not.toContain('Extra recipient');
  }, 60_000);

  it('never takes the passphrase from the command line, and needs a terminal or --passphrase-stdin', async () => {
    const argv = await cli(['vault', 'init', '--vault', join(folder, 'v5'), '--passphrase', PASSPHRASE]);
    expect(argv.code).toBe(2);
    const noTerminal = await cli(['drafts', 'list', '--vault', vault], '');
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toMatch(/no terminal to ask for the passphrase/);
    const missing = await cli(['drafts', 'list', '--passphrase-stdin']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--vault DIR is required/);
  }, 20_000);
});

describe('cmk-rekey drafts', () => {
  it('imports a request file and prints the new draft id', async () => {
    const run = await cli([
      'drafts',
      'import',
      '--vault',
      vault,
      join(folder, 'request.json'),
      '--passphrase-stdin',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^[0-9a-f]{32}\n$/);
    draftId = run.stdout.trim();
  }, 20_000);

  it('imports an age file encrypted to the vault recipient (re-sealed, new id)', async () => {
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const file = join(folder, 'from-compliance.age');
    writeFileSync(file, await encrypter.encrypt(JSON.stringify(request)));
    const run = await cli(['drafts', 'import', '--vault', vault, file, '--passphrase-stdin']);
    expect(run.code, run.stderr).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const exported = await cli(['drafts', 'export', '--vault', vault, id, '--passphrase-stdin']);
    expect(JSON.parse(exported.stdout)).toEqual(request);
    rmSync(join(vault, 'drafts', `${id}.age`)); // keep one draft for the tests below
    // The extension in capitals, as Windows may show and keep it: still an age file, not a request file.
    const upper = join(folder, 'FROM-WINDOWS.AGE');
    writeFileSync(upper, await encrypter.encrypt(JSON.stringify(request)));
    const again = await cli(['drafts', 'import', '--vault', vault, upper, '--passphrase-stdin']);
    expect(again.code, again.stderr).toBe(0);
    rmSync(join(vault, 'drafts', `${again.stdout.trim()}.age`));
  }, 30_000);

  it('refuses a request file a draft cannot hold as written, naming each field, and imports nothing', async () => {
    const file = join(folder, 'extra-fields.json');
    writeFileSync(file, JSON.stringify({ ...request, zzz: 1, impact: 'L9' }));
    const run = await cli(['drafts', 'import', '--vault', vault, file, '--passphrase-stdin']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `cmk-rekey: ${file}: extra-fields.json cannot be imported as written: impact; zzz. Nothing was imported; fix the file first ("cmk-rekey check" says what is wrong with each field).\n`,
    );
    expect(run.stdout).toBe('');
  }, 20_000);

  it('lists drafts as a table and as JSON', async () => {
    const text = await cli(['drafts', 'list', '--vault', vault, '--passphrase-stdin']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+STATUS\s+UPDATED\s+REALM\s+ACCOUNT\s+TICKET\s+SENT\s+TITLE\n/);
    // Last change as ISO 8601 with this machine's UTC offset; the title from the content, not the file name.
    expect(text.stdout).toMatch(
      new RegExp(
        `${draftId}\\s+ready\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d\\s+eu\\s+012345678901\\s+acme-cloud\\.atlassian\\.net · 012345678901\\n`,
      ),
    );
    const json = await cli(['drafts', 'list', '--vault', vault, '--json', '--passphrase-stdin']);
    expect(json.code).toBe(0);
    const list = DraftSummarySchema.array().parse(JSON.parse(json.stdout));
    expect(list).toMatchObject([
      { id: draftId, title: 'acme-cloud.atlassian.net · 012345678901', status: 'ready', realm: 'eu' },
    ]);
  }, 20_000);

  it("judges the statuses by this workstation's policy, as the app does; a policy file it cannot read is named", async () => {
    const onlyGermany = join(folder, 'only-de.json');
    writeFileSync(onlyGermany, policyText({ allowedRealms: { value: ['de'], locked: true } }));
    const list = (...more: string[]) =>
      cli([
        'drafts',
        'list',
        '--vault',
        vault,
        '--system-policy',
        onlyGermany,
        ...more,
        '--passphrase-stdin',
      ]);
    const text = await list();
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${draftId}\\s+draft\\s`));
    const json = await list('--json');
    expect(DraftSummarySchema.array().parse(JSON.parse(json.stdout))).toMatchObject([
      { id: draftId, status: 'has-errors' },
    ]);
    expect((await list('--status', 'ready')).stdout).toBe('Nothing matches: the vault has 1 draft.\n');
    // The same vault under a policy that allows the draft's realm: ready again (the index keeps no verdict).
    const europe = join(folder, 'eu.json');
    writeFileSync(europe, policyText({ allowedRealms: { value: ['eu', 'de'], locked: true } }));
    const allowed = await cli([
      'drafts',
      'list',
      '--vault',
      vault,
      '--portable-policy',
      europe,
      '--json',
      '--passphrase-stdin',
    ]);
    expect(JSON.parse(allowed.stdout)).toMatchObject([{ id: draftId, status: 'ready' }]);
    const broken = join(folder, 'broken.json');
    writeFileSync(broken, '{ "format": "cmk-rekey/policy", ');
    const unreadable = await list('--portable-policy', broken);
    expect(unreadable.code).toBe(0);
    expect(unreadable.stderr).toBe(
      `cmk-rekey: ${broken}: this policy file cannot be fully read; what could be read of it applies ("cmk-rekey policy check" says why).\n`,
    );
    // Every action opens the vault under the policy (its compliance recipients): verify takes it too.
    const verified = await cli([
      'drafts',
      'verify',
      '--vault',
      vault,
      '--system-policy',
      onlyGermany,
      '--passphrase-stdin',
    ]);
    expect(verified.code, verified.stderr).toBe(0);
  }, 30_000);

  it('exports the decrypted request JSON, to stdout or to a file', async () => {
    const expected = requestFromDraft(draftFromRequest(request));
    const run = await cli(['drafts', 'export', '--vault', vault, draftId, '--passphrase-stdin']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected);
    expect(JSON.parse(run.stdout)).toEqual(request);
    const out = join(folder, 'exported.json');
    const toFile = await cli([
      'drafts',
      'export',
      '--vault',
      vault,
      draftId,
      '--out',
      out,
      '--passphrase-stdin',
    ]);
    expect(toFile.code).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(expected);
    const check = await cli(['check', out]);
    expect(check.code).toBe(0);
    // where to write is a usage problem, exit 2 like an existing file: never into the vault itself
    const intoVault = join(vault, 'drafts', 'exported.json');
    const refused = await cli([
      'drafts',
      'export',
      '--vault',
      vault,
      draftId,
      '--out',
      intoVault,
      '--passphrase-stdin',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/inside the vault folder; write it somewhere else/);
    expect(existsSync(intoVault)).toBe(false);
    // A bad --out is named before the passphrase is asked for (or checked: this one is wrong).
    const exportTo = (target: string) =>
      cli(
        ['drafts', 'export', '--vault', vault, draftId, '--out', target, '--passphrase-stdin'],
        'not the passphrase\n',
      );
    for (const [target, message] of [
      [out, `cmk-rekey: ${out}: ${out} already exists; choose another name or pass --force to replace it.\n`],
      [
        intoVault,
        `cmk-rekey: ${intoVault}: ${intoVault} is inside the vault folder; write it somewhere else.\n`,
      ],
    ] as const) {
      const early = await exportTo(target);
      expect(early.code).toBe(2);
      expect(early.stderr).toBe(message);
    }
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(expected);
  }, 20_000);

  it('exit 2 for an unknown id, a malformed id, an unreadable request file or a wrong passphrase', async () => {
    const unknown = await cli(['drafts', 'export', '--vault', vault, '0'.repeat(32), '--passphrase-stdin']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no such draft/i);
    const malformed = await cli(['drafts', 'export', '--vault', vault, '../etc', '--passphrase-stdin']);
    expect(malformed.code).toBe(2);
    const unreadable = await cli([
      'drafts',
      'import',
      '--vault',
      vault,
      join(folder, 'nope.json'),
      '--passphrase-stdin',
    ]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(/No such file/);
    const wrong = await cli(
      ['drafts', 'list', '--vault', vault, '--passphrase-stdin'],
      'not the passphrase\n',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/Wrong passphrase/);
    // QA: a folder that is not there was "a folder with no vault.json in it"
    const missing = join(folder, 'none');
    const noFolder = await cli(['drafts', 'list', '--vault', missing, '--passphrase-stdin']);
    expect(noFolder).toMatchObject({
      code: 2,
      stderr: `cmk-rekey: ${missing}: The folder ${missing} does not exist: check the path.\n`,
    });
    const empty = mkdtempSync(join(folder, 'empty-'));
    const noVault = await cli(['drafts', 'list', '--vault', empty, '--passphrase-stdin']);
    expect(noVault).toMatchObject({
      code: 2,
      stderr: `cmk-rekey: ${empty}: There is no vault in ${empty} (no vault.json).\n`,
    });
  }, 30_000);

  it('verify: exit 0 on a clean vault, 1 with a report when a draft was planted', async () => {
    const clean = await cli(['drafts', 'verify', '--vault', vault, '--passphrase-stdin']);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/checked 4 files; 1 drafts sealed by this vault\.\nNo problems\.\n$/);
    const encrypter = new Encrypter();
    encrypter.addRecipient(recipient);
    const planted = join(vault, 'drafts', `${'a'.repeat(32)}.age`);
    writeFileSync(planted, await encrypter.encrypt(JSON.stringify({ format: 'cmk-rekey/request' })));
    const dirty = await cli(['drafts', 'verify', '--vault', vault, '--passphrase-stdin']);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toMatch(new RegExp(`UNTRUSTED  drafts/${'a'.repeat(32)}\\.age: .*not sealed`));
    expect(dirty.stdout).toMatch(/1 problem\(s\) found\./);
    const list = await cli(['drafts', 'list', '--vault', vault, '--passphrase-stdin']);
    expect(list.stdout).toMatch(/untrusted-\S+\s+UNTRUSTED/);
    const afterList = await cli(['drafts', 'verify', '--vault', vault, '--passphrase-stdin']);
    expect(afterList.code).toBe(1);
    expect(afterList.stdout).toMatch(/QUARANTINED {2}quarantine\/untrusted-/);
  }, 30_000);

  it('verify --identity says which signing key it trusted, and that vault.json is not authenticated', async () => {
    const compliance = join(folder, 'compliance.txt');
    spawnSync('age-keygen', ['-o', compliance]);
    const publicKey = /# public key: (age1\S+)/.exec(readFileSync(compliance, 'utf8'))?.[1] ?? '';
    const audited = join(folder, 'audited');
    const init = await cli([
      'vault',
      'init',
      '--vault',
      audited,
      '--recipient',
      publicKey,
      '--passphrase-stdin',
    ]);
    expect(init.code, init.stderr).toBe(0);
    await cli(['drafts', 'import', '--vault', audited, '--passphrase-stdin', join(folder, 'request.json')]);
    const signingKey = (
      JSON.parse(readFileSync(join(audited, 'vault.json'), 'utf8')) as { signingKey: string }
    ).signingKey;
    // without the passphrase, anyone who can write vault.json can put their own key there
    const fromFile = await cli(['drafts', 'verify', '--vault', audited, '--identity', compliance]);
    expect(fromFile.code, fromFile.stdout + fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(
      /Signatures were checked against the signing key in vault\.json \(ssh-ed25519 AAAA\S+ cmk-rekey-vault\), which is not authenticated without the passphrase: compare it with the key "cmk-rekey vault info --passphrase-stdin" printed \(with the passphrase\) or one recorded when the vault was made, or pass that key with --signing-key\.\n/,
    );
    const given = await cli([
      'drafts',
      'verify',
      '--vault',
      audited,
      '--identity',
      compliance,
      '--signing-key',
      signingKey,
    ]);
    expect(given.code).toBe(0);
    expect(given.stdout).not.toMatch(/not authenticated/);
  }, 30_000);

  it('verify --identity checks a version 1 vault as far as it can, and never points to vault info', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'cmk-vault-cli-v1-')), 'vault-v1');
    cpSync(join(FIXTURES, 'vault-v1'), copy, { recursive: true });
    try {
      const run = await cli(
        [
          'drafts',
          'verify',
          '--vault',
          join(copy, 'vault'),
          '--identity',
          join(copy, 'compliance-identity.txt'),
        ],
        '',
      );
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(
        /: checked 3 draft files in drafts\/ and trash\/ \(vault\.json, identity\.age and index\.age need the passphrase: not checked\); 0 drafts signed by this vault's key\.\n/,
      );
      expect(
        run.stdout.match(/^ {2}UNVERIFIABLE {2}(drafts|trash)\/[0-9a-f]{32}\.age: a version 1 draft/gm),
      ).toHaveLength(3);
      expect(run.stdout).toMatch(
        /^ {2}QUARANTINED {2}quarantine\/untrusted-\S+\.age: set aside earlier as untrusted; import it or delete it$/m,
      );
      // no draft is signed, so a signing key alone would check nothing: they must be signed first
      expect(run.stdout).toMatch(
        /this identity opened 3 of the 3 draft files\. None of them is signed \(version 1 drafts, whose seal only the passphrase checks\): whoever holds the passphrase can sign them \("cmk-rekey drafts reencrypt"\) and give you the signing key to pass with --signing-key\.\n$/,
      );
      expect(run.stdout + run.stderr).not.toMatch(/vault info/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('list counts drafts and set-aside files apart when nothing matches (a version 1 vault)', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'cmk-vault-cli-v1-')), 'vault-v1');
    cpSync(join(FIXTURES, 'vault-v1'), copy, { recursive: true });
    const none = join(copy, 'no-policy.json');
    writeFileSync(none, NO_POLICY);
    try {
      const run = await cli(
        [
          'drafts',
          'list',
          '--vault',
          join(copy, 'vault'),
          '--search',
          'umbrella',
          '--system-policy',
          none,
          '--portable-policy',
          none,
          '--passphrase-stdin',
        ],
        'fixture vault v1 passphrase: blue kettle 42\n',
      );
      expect(run.code, run.stderr).toBe(0);
      // two drafts and the file version 1 set aside as untrusted, which is no draft
      expect(run.stdout).toBe(
        'Nothing matches: the vault has 2 drafts and 1 file it set aside (drafts verify).\n',
      );
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 60_000);

  it('verify --identity takes a file with several keys, as age -i does, and reports the quarantine', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'cmk-vault-cli-v2-')), 'vault-v2');
    cpSync(join(FIXTURES, 'vault-v2'), copy, { recursive: true });
    try {
      const other = join(copy, 'other.txt');
      spawnSync('age-keygen', ['-o', other]);
      const both = join(copy, 'both.txt');
      writeFileSync(
        both,
        readFileSync(other, 'utf8') + readFileSync(join(copy, 'compliance-identity.txt'), 'utf8'),
      );
      const run = await cli(['drafts', 'verify', '--vault', join(copy, 'vault'), '--identity', both], '');
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(
        /: checked 6 draft files in drafts\/ and trash\/ .*; 6 drafts signed by this vault's key\.\n/,
      );
      expect(run.stdout).toMatch(
        /^ {2}QUARANTINED {2}quarantine\/untrusted-\S+\.age: set aside earlier as untrusted/m,
      );
      expect(run.stdout).toMatch(/^1 problem\(s\) found\.$/m);
      expect(run.code).toBe(1);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('--vault naming a file is said to be no folder (exit 2), by every command that takes it', async () => {
    const file = join(folder, 'request.json');
    const commands = [
      [
        'drafts',
        'verify',
        '--vault',
        file,
        '--identity',
        join(FIXTURES, 'vault-v2', 'compliance-identity.txt'),
      ],
      ['drafts', 'verify', '--vault', file, '--passphrase-stdin'],
      ['drafts', 'list', '--vault', file, '--passphrase-stdin'],
      ['drafts', 'import', '--vault', file, '--passphrase-stdin', file],
      ['vault', 'info', '--vault', file],
      ['vault', 'doctor', '--vault', file],
      ['vault', 'init', '--vault', file, '--passphrase-stdin'],
      ['archive', 'seal', 'a'.repeat(32), '--vault', file, '--to', folder, '--passphrase-stdin'],
    ];
    for (const args of commands) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(
        `--vault ${file}: it is a file, not a folder; give the vault's folder\n`,
      );
      expect(run.stderr, args.join(' ')).not.toMatch(/ENOTDIR|vault\.json/);
    }
    const under = await cli(['drafts', 'list', '--vault', join(file, 'vault'), '--passphrase-stdin']);
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(': a part of its path is a file, not a folder;');
  }, 30_000);

  it('verify --identity: an identity file or --signing-key that is none is exit 2, named, not a problem of the vault', async () => {
    const files: [string, string, RegExp][] = [
      [
        'garbage.txt',
        'not a key\n',
        /garbage\.txt is not an age identity file: it holds no AGE-SECRET-KEY-1… line\.\n$/,
      ],
      ['empty.txt', '', /empty\.txt is not an age identity file: it holds no AGE-SECRET-KEY-1… line\.\n$/],
      [
        'second-bad.txt',
        `${readFileSync(join(FIXTURES, 'vault-v2', 'compliance-identity.txt'), 'utf8')}AGE-SECRET-KEY-1XYZ\n`,
        /second-bad\.txt is not an age identity file: AGE-SECRET-KEY-1… line 2 of its 2 is not a valid age key\.\n$/,
      ],
      [
        'short.txt',
        'AGE-SECRET-KEY-1XYZ\n',
        /short\.txt is not an age identity file: its AGE-SECRET-KEY-1… line is not a valid age key/,
      ],
    ];
    for (const [name, text, message] of files) {
      const file = join(folder, name);
      // exactly the case at hand, ending the line (no "or more than one")
      writeFileSync(file, text);
      const run = await cli(['drafts', 'verify', '--vault', vault, '--identity', file], '');
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toMatch(message);
      expect(run.stderr, name).not.toContain(vault);
      expect(run.stdout, name).toBe('');
    }
    // a file that cannot be one: named, exit 2, and a huge one is not read into memory
    const huge = join(folder, 'huge.txt');
    writeFileSync(huge, Buffer.alloc(1024 * 1024 + 1, 'A'));
    for (const [file, message] of [
      [huge, `${huge} is far larger than this kind of file can be.\n`],
      [folder, `${folder} is a folder, not a file.\n`],
      [join(folder, 'none.txt'), `${join(folder, 'none.txt')} does not exist.\n`],
    ] as const) {
      const run = await cli(['drafts', 'verify', '--vault', vault, '--identity', file], '');
      expect(run.code, file).toBe(2);
      expect(run.stderr).toBe(`cmk-rekey: ${message}`);
    }
    // a typed value no option takes: a usage error, before the identity file is even read
    const typed = await cli(
      [
        'drafts',
        'verify',
        '--vault',
        vault,
        '--identity',
        join(folder, 'none.txt'),
        '--signing-key',
        'garbage',
      ],
      '',
    );
    expect(typed.code).toBe(2);
    expect(typed.stderr).toMatch(
      /^cmk-rekey drafts verify: --signing-key "garbage" is not an ssh-ed25519 public key\nUsage: /,
    );
  });

  it('vault info checks the keys with the passphrase, and says when it could not', async () => {
    const info = join(folder, 'info');
    expect((await cli(['vault', 'init', '--vault', info, '--passphrase-stdin'])).code).toBe(0);
    const config = join(info, 'vault.json');
    const genuine = (JSON.parse(readFileSync(config, 'utf8')) as { signingKey: string }).signingKey;
    const checked = await cli(['vault', 'info', '--vault', info, '--passphrase-stdin']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toContain(`Signing key: ${genuine}\n`);
    expect(checked.stdout).not.toMatch(/not authenticated/);
    const unchecked = await cli(['vault', 'info', '--vault', info], '');
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(unchecked.stdout).toContain(`Signing key: ${genuine}\n`);
    expect(unchecked.stdout).toMatch(
      /Read from vault\.json without the passphrase, so not authenticated: pass --passphrase-stdin to check these keys/,
    );
    // someone who can write the folder puts their own signing key in vault.json
    const forged =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINuTcmBd/ZjBOi+45nHaIpkGqEeU5oNXnrCVcjL3GMRm cmk-rekey-vault';
    writeFileSync(config, readFileSync(config, 'utf8').replace(genuine, forged));
    const refused = await cli(['vault', 'info', '--vault', info, '--passphrase-stdin']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).not.toContain(forged);
    expect(refused.stderr).toMatch(/vault\.json was changed outside this app \(its MAC does not match\)/);
    const shown = await cli(['vault', 'info', '--vault', info], '');
    expect(shown.stdout).toContain(`Signing key: ${forged}\n`);
    expect(shown.stdout).toMatch(/not authenticated/);
  }, 30_000);
});

describe('cmk-rekey drafts list: search, filters and sort', () => {
  let found: string;
  const ids: Record<string, string> = {};

  async function importAs(name: string, changes: Record<string, unknown>): Promise<string> {
    const file = join(found, `${name}.json`);
    writeFileSync(file, JSON.stringify({ ...request, ...changes }));
    const run = await cli(['drafts', 'import', '--vault', found, file, '--passphrase-stdin']);
    expect(run.code, run.stderr).toBe(0);
    return run.stdout.trim();
  }

  async function list(...args: string[]): Promise<CliRun> {
    return cli(['drafts', 'list', '--vault', found, ...args, '--passphrase-stdin']);
  }

  beforeAll(async () => {
    found = join(folder, 'find');
    expect((await cli(['vault', 'init', '--vault', found, '--passphrase-stdin'])).code).toBe(0);
    ids['acme'] = await importAs('a', {});
    ids['globex'] = await importAs('b', {
      siteUrl: 'https://globex.atlassian.net',
      awsAccountId: '481516234200',
    });
    ids['initech'] = await importAs('c', {
      siteUrl: 'https://initech.atlassian.net',
      awsAccountId: '210987654321',
      realm: 'us',
      keys: [],
    });
    const sent = await cli([
      'drafts',
      'mark-sent',
      ids['globex'],
      '--vault',
      found,
      '--ticket',
      'CMK-104233',
      '--at',
      '2026-11-30T09:15:00-05:00',
      '--passphrase-stdin',
    ]);
    expect(sent.code, sent.stderr).toBe(0);
  }, 120_000);

  it('prints times as ISO 8601 with their offset and the sent record', async () => {
    const run = await list('--search', 'globex');
    expect(run.code, run.stderr).toBe(0);
    const [header, row, more] = run.stdout.split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+UPDATED\s+REALM\s+ACCOUNT\s+TICKET\s+SENT\s+TITLE$/);
    expect(row).toMatch(
      new RegExp(
        `^${ids['globex'] ?? ''}\\s+sent\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d\\s+eu\\s+481516234200\\s+CMK-104233\\s+2026-11-30T09:15:00-05:00\\s+globex\\.atlassian\\.net · 481516234200$`,
      ),
    );
    expect(more).toBe('');
  }, 20_000);

  it('searches (site, account, ticket), filters by status and realm, and sorts', async () => {
    const idsOf = async (...args: string[]) => {
      const run = await list('--json', ...args);
      expect(run.code, run.stderr).toBe(0);
      return DraftSummarySchema.array()
        .parse(JSON.parse(run.stdout))
        .map((summary) => summary.id);
    };
    expect(await idsOf('--search', '4815-1623-4200')).toEqual([ids['globex']]);
    expect(await idsOf('--search', 'cmk-104', '--status', 'sent')).toEqual([ids['globex']]);
    expect(await idsOf('--status', 'draft')).toEqual([ids['initech']]);
    // The table calls it what --status calls it.
    expect((await list('--status', 'draft')).stdout).toMatch(
      new RegExp(`^${ids['initech'] ?? ''}\\s+draft\\s`, 'm'),
    );
    expect(await idsOf('--realm', 'eu', '--search', 'ACME')).toEqual([ids['acme']]);
    expect(await idsOf('--sort', 'status')).toEqual([ids['initech'], ids['acme'], ids['globex']]);
    const none = await list('--search', 'umbrella');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('Nothing matches: the vault has 3 drafts.\n');
  }, 120_000);

  it('refuses a status or realm that does not exist, and filters with another action (exit 2)', async () => {
    const status = await list('--status', 'open');
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(
      /^cmk-rekey drafts list: unknown status "open": use one of draft, ready, sent, completed, withdrawn\n/,
    );
    expect(status.stdout).toBe('');
    const realm = await list('--realm', 'mars');
    expect(realm.code).toBe(2);
    expect(realm.stderr).toMatch(/unknown realm "mars": use one of us, eu, .*, none/);
    const elsewhere = await cli([
      'drafts',
      'verify',
      '--vault',
      found,
      '--status',
      'sent',
      '--passphrase-stdin',
    ]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/^cmk-rekey drafts verify: --status goes with "drafts list" only$/m);
  }, 60_000);
});

describe("cmk-rekey drafts mark-sent under this workstation's policy", () => {
  let sending: string;

  async function imported(): Promise<string> {
    const run = await cli([
      'drafts',
      'import',
      '--vault',
      sending,
      join(folder, 'request.json'),
      '--passphrase-stdin',
    ]);
    expect(run.code, run.stderr).toBe(0);
    return run.stdout.trim();
  }

  async function markSent(id: string, ...more: string[]): Promise<CliRun> {
    return cli([
      'drafts',
      'mark-sent',
      id,
      '--vault',
      sending,
      '--ticket',
      'CMK-1',
      ...more,
      '--passphrase-stdin',
    ]);
  }

  beforeAll(async () => {
    sending = join(folder, 'sending');
    expect((await cli(['vault', 'init', '--vault', sending, '--passphrase-stdin'])).code).toBe(0);
  }, 30_000);

  it("records the policy's errors as the app does: a request of a realm it does not allow was sent with errors", async () => {
    const onlyGermany = join(folder, 'send-only-de.json');
    writeFileSync(onlyGermany, policyText({ allowedRealms: { value: ['de'], locked: true } }));
    const alone = await markSent(await imported());
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).not.toContain(SEND_WARNING_TEXT['has-errors']);
    const refused = await markSent(await imported(), '--system-policy', onlyGermany);
    expect(refused.code, refused.stderr).toBe(0);
    expect(refused.stdout).toContain(`warning: sent although ${SEND_WARNING_TEXT['has-errors']}`);
  }, 60_000);

  it('refuses, writing nothing, where the policy requires a request ready to send', async () => {
    const strict = join(folder, 'send-strict.json');
    writeFileSync(strict, policyText({ markSentRequiresReady: { value: true, locked: true } }));
    const id = await imported();
    const run = await markSent(id, '--portable-policy', strict);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('checklist');
    const history = await cli(['drafts', 'history', '--vault', sending, id, '--json', '--passphrase-stdin']);
    expect((JSON.parse(history.stdout) as { event: string }[]).map((entry) => entry.event)).toEqual([
      'created',
    ]);
  }, 60_000);
});

describe.skipIf(!existsSync(EXPECT))('cmk-rekey vault init at a terminal', () => {
  function initAtTerminal(
    first: string,
    second: string,
    target: string,
  ): { status: number; transcript: string } {
    const script = [
      'set timeout 30',
      `spawn ${process.execPath} bin/cmk-rekey.js vault init --vault {*}$argv`,
      'expect "Passphrase for the new vault:"',
      'sleep 0.2',
      'send -- "$env(FIRST)\\r"',
      'expect "Repeat the passphrase:"',
      'sleep 0.2',
      'send -- "$env(SECOND)\\r"',
      'expect {\n  eof {}\n  timeout { close; exit 92 }\n}',
      'lassign [wait] pid spawnid os_error status',
      'exit $status',
    ].join('\n');
    const file = join(folder, 'init.exp');
    writeFileSync(file, script);
    const run = spawnSync(EXPECT, ['-f', file, '--', target], {
      cwd: ROOT,
      env: { ...process.env, FIRST: first, SECOND: second },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status ?? -1, transcript: run.stdout };
  }

  it('asks twice without echo and creates the vault', () => {
    const run = initAtTerminal(PASSPHRASE, PASSPHRASE, join(folder, 'tty'));
    expect(run.status, run.transcript).toBe(0);
    expect(run.transcript).toMatch(/Vault recipient: age1/);
    expect(run.transcript).not.toContain(PASSPHRASE);
    expect(run.transcript).not.toContain('*');
  }, 30_000);

  it('creates nothing when the two entries differ (exit 1)', () => {
    const run = initAtTerminal(PASSPHRASE, 'maple orbit tunnel fiddlE', join(folder, 'tty2'));
    expect(run.status).toBe(1);
    expect(run.transcript).toMatch(/the two passphrases differ/);
    expect(existsSync(join(folder, 'tty2', 'vault.json'))).toBe(false);
  }, 30_000);
});
