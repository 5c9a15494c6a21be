/**
 * `cmk-rekey archive verify|list` through the built launcher (npm run build first): one line per pack
 * with its reason, exit codes, --json, bad input without a stack trace, and no writes to the archive.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PackEntrySchema, PackVerdictSchema } from '../../src-shared/archive/pack-schema.js';
import { sealPack, type SealedPack } from '../../src-main/archive/seal.js';
import { packInput, packRecord, signingKey, snapshot, tempArchive } from '../fixtures/packs.js';
import { completeRequest } from '../fixtures/requests.js';
import { fingerprint, parseOpenSshPublicKey } from '../../src-main/archive/sshsig.js';
import { policyText } from '../fixtures/policies.js';
import { PASSPHRASE, newVault, validDraftRequest, value } from '../unit/main/vault/helpers.js';
import { ROOT, runCmkRekey, type CliRun } from './run-cli.js';

const key = signingKey();
const stranger = signingKey();
let archive: string;
let signers: string;
let good: SealedPack;
let tampered: SealedPack;
let foreign: SealedPack;

function noStackTrace(run: CliRun): void {
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).not.toMatch(/\n\s+at /);
}

beforeAll(async () => {
  archive = await tempArchive();
  good = await sealPack(archive, packInput(key.privateKey));
  tampered = await sealPack(archive, packInput(key.privateKey));
  foreign = await sealPack(archive, packInput(stranger.privateKey));
  const ticket = join(tampered.path, 'data/ticket.md');
  await writeFile(ticket, (await readFile(ticket, 'utf8')).replace('CMK', 'KMC'));
  await mkdir(join(archive, '.sealing-00112233aabbccdd', 'data'), { recursive: true });
  signers = join(await tempArchive(), 'allowed_signers');
  await writeFile(signers, `compliance@acme.example namespaces="cmk-rekey-archive" ${key.publicLine}\n`);
}, 60_000);

describe('cmk-rekey archive verify', { timeout: 60_000 }, () => {
  it('prints one line per pack with its reason and exits 1 when any pack is not valid', async () => {
    const before = await snapshot(archive);
    const run = await runCmkRekey(['archive', 'verify', archive, '--allowed-signers', signers]);
    noStackTrace(run);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toContain(`valid          ${good.name}  signed by compliance@acme.example`);
    expect(lines).toContain(`tampered       ${tampered.name}  changed file: data/ticket.md`);
    expect(lines.find((line) => line.includes(foreign.name))).toMatch(
      /^unknown-signer +\S+ {2}signed by SHA256:\S+; no allowed-signers entry trusts its key for cmk-rekey-archive now$/,
    );
    expect(lines).toContain(
      'unverifiable   .sealing-00112233aabbccdd  half-written temporary folder of an interrupted seal (not a pack; it may be deleted)',
    );
    expect(lines.at(-1)).toBe('4 checked, 1 valid, 3 not valid');
    expect(await snapshot(archive)).toEqual(before);
  });

  it('exits 0 for a valid pack, and gives JSON verdicts with --json', async () => {
    const run = await runCmkRekey(['archive', 'verify', good.path, '--allowed-signers', signers]);
    expect(run.code, run.stderr).toBe(0);
    const json = await runCmkRekey(['archive', 'verify', archive, '--allowed-signers', signers, '--json']);
    const verdicts = PackVerdictSchema.array().parse(JSON.parse(json.stdout));
    expect(verdicts.map((verdict) => verdict.verdict).sort()).toEqual([
      'tampered',
      'unknown-signer',
      'unverifiable',
      'valid',
    ]);
  });

  it('is not valid without an allowed-signers list: trust never comes from the pack', async () => {
    const run = await runCmkRekey(['archive', 'verify', good.path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no allowed-signers list was given');
  });

  it('gives one clear line for bad input, never a stack trace', async () => {
    // over the size an allowed-signers file can be: refused before it is read into memory
    const huge = join(await tempArchive(), 'huge');
    await writeFile(huge, Buffer.alloc(1024 * 1024 + 1, 'a'));
    // ssh-keygen trusts no one by a certificate authority's line for a plain signature, nor do we
    const authority = join(await tempArchive(), 'authority');
    const [principal, ...key] = (await readFile(signers, 'utf8')).trim().split(' ');
    await writeFile(authority, `# the team's CA\n${principal ?? ''} cert-authority ${key.join(' ')}\n`);
    for (const [args, message] of [
      [
        ['archive', 'verify', good.path, '--allowed-signers', join(archive, 'nope')],
        `The allowed-signers file ${join(archive, 'nope')} does not exist.`,
      ],
      [
        ['archive', 'verify', good.path, '--allowed-signers', archive],
        `The allowed-signers file ${archive} is a folder, not a file.`,
      ],
      [
        ['archive', 'verify', good.path, '--allowed-signers', huge],
        `The allowed-signers file ${huge} is far larger than this kind of file can be.`,
      ],
      [
        ['archive', 'verify', good.path, '--allowed-signers', authority],
        `${authority} trusts no key: ssh-keygen -Y verify would trust no pack by it. An entry needs a principal and an ssh-ed25519 key; a cert-authority entry`,
      ],
      [['archive', 'verify'], 'PACK_OR_FOLDER is missing'],
      [['archive', 'frobnicate'], 'unknown action "frobnicate": use "verify", "list", "seal" or "zip"'],
    ] as const) {
      const run = await runCmkRekey(args);
      noStackTrace(run);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });

  it('says when a folder holds no pack, and that a .zip is verified unzipped', async () => {
    const empty = await tempArchive();
    const none = await runCmkRekey(['archive', 'verify', empty, '--allowed-signers', signers]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`cmk-rekey: no evidence pack in ${empty}\n`);
    expect(none.stdout).toBe('0 checked, 0 valid, 0 not valid\n');
    const zipFile = join(empty, 'pack.ZIP');
    await writeFile(zipFile, 'PK');
    const zipped = await runCmkRekey(['archive', 'verify', zipFile, '--allowed-signers', signers]);
    expect(zipped.code).toBe(2);
    expect(zipped.stderr).toBe(
      `cmk-rekey: cannot read the archive folder ${zipFile} (it is not a folder); unzip it first and verify the pack folder it holds\n`,
    );
  });

  it('names an entry whose name is not UTF-8 for what it is, not as a file that is missing', async () => {
    const odd = await tempArchive();
    await mkdir(Buffer.concat([Buffer.from(`${odd}/bad`), Buffer.from([0xff]), Buffer.from('name')]));
    const run = await runCmkRekey(['archive', 'verify', odd, '--allowed-signers', signers]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'unverifiable   bad\uFFFDname  not an evidence pack name (it is not valid UTF-8)\n' +
        '1 checked, 0 valid, 1 not valid\n',
    );
  });

  it('reports a pack folder it may not read as unverifiable, and lists the rest', async () => {
    if (process.getuid?.() !== 0) {
      await chmod(foreign.path, 0o000);
      const run = await runCmkRekey(['archive', 'verify', archive, '--allowed-signers', signers]);
      await chmod(foreign.path, 0o755);
      expect(run.stdout).toMatch(
        new RegExp(`unverifiable +${foreign.name} {2}cannot read the folder \\(permission denied\\)`),
      );
      return;
    }
    // as root, permissions do not stop reads: run the CLI as an unprivileged user instead
    const locked = await tempArchive();
    const copy = await sealPack(locked, packInput(key.privateKey));
    const open = await sealPack(locked, packInput(key.privateKey));
    await chmod(locked, 0o755);
    await chmod(copy.path, 0o700);
    const readableSigners = join(locked, 'allowed_signers');
    await writeFile(readableSigners, await readFile(signers));
    const run = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        join(ROOT, 'bin/cmk-rekey.js'),
        'archive',
        'verify',
        locked,
        '--allowed-signers',
        readableSigners,
      ],
      { encoding: 'utf8' },
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toMatch(
      new RegExp(`unverifiable +${copy.name} {2}cannot read the folder \\(permission denied\\)`),
    );
    expect(run.stdout).toContain(`valid          ${open.name}`);
  });
});

describe('a path typed that is not there', { timeout: 60_000 }, () => {
  it('is said plainly by every archive command, exit 2, and nothing is written', async () => {
    const parent = await tempArchive();
    const gone = join(parent, 'no-such-pack');
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    await vault.close();
    for (const args of [
      ['archive', 'verify', gone, '--allowed-signers', signers],
      ['archive', 'verify', gone, '--json'],
      ['archive', 'list', gone],
      ['archive', 'list', gone, '--json'],
      ['archive', 'zip', gone, '--out', join(parent, 'x.zip')],
      // before the passphrase: standard input is empty
      ['archive', 'seal', draft.id, '--vault', vault.folder, '--to', gone],
    ]) {
      const run = await runCmkRekey(args);
      noStackTrace(run);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toBe(`cmk-rekey: ${gone} does not exist.\n`);
      expect(run.stdout, args.join(' ')).toBe('');
    }
    // a relative path is named as the full path it was looked for at
    const relative = await runCmkRekey([
      'archive',
      'zip',
      'no-such-pack-here',
      '--out',
      join(parent, 'x.zip'),
    ]);
    expect(relative.code).toBe(2);
    expect(relative.stderr).toBe(`cmk-rekey: ${join(ROOT, 'no-such-pack-here')} does not exist.\n`);
    expect(await readdir(parent)).toEqual([]);
    // An archive folder inside the vault's: said before the passphrase too (standard input is empty).
    const inVault = join(vault.folder, 'archive');
    await mkdir(inVault);
    const inside = await runCmkRekey(['archive', 'seal', draft.id, '--vault', vault.folder, '--to', inVault]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toBe(
      `cmk-rekey: The archive folder ${inVault} is inside the vault folder; choose an archive folder outside it.\n`,
    );
  });

  it('is not what a pack that is there but not valid gets: that stays exit 1, with its verdict', async () => {
    const out = join(await tempArchive(), 't.zip');
    const run = await runCmkRekey(['archive', 'zip', tampered.path, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `cmk-rekey: ${tampered.name} is not zipped: it is tampered (changed file: data/ticket.md)\n`,
    );
  });
});

describe('cmk-rekey archive list as text', { timeout: 60_000 }, () => {
  it('lines the columns up under the header whatever their widths, the signer without a label', async () => {
    const folder = await tempArchive();
    const plain = await sealPack(
      folder,
      packInput(key.privateKey, { sealedAt: new Date('2026-11-30T10:00:00Z') }),
    );
    const request = completeRequest('us');
    const wide = await sealPack(
      folder,
      packInput(stranger.privateKey, {
        request,
        requestJson: `${JSON.stringify(request, null, 2)}\n`,
        record: packRecord({ status: 'completed', ticketRef: 'COMPLIANCE-REQUEST-2026-000042' }),
        signer: { privateKey: stranger.privateKey, comment: 'Compliance Office Zurich (HQ), audit signer' },
        sealedAt: new Date('2026-12-01T08:00:00Z'),
      }),
    );
    await writeFile(join(folder, 'notes.txt'), 'not a pack');
    const print = (line: string) => fingerprint(parseOpenSshPublicKey(line));
    const run = await runCmkRekey(['archive', 'list', folder]);
    noStackTrace(run);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        `name                                                             sealed      status     ticket                          organization                          account       realm  timing                   signer (as the pack names it; not a trust check)`,
        `${plain.name}                      2026-11-30  sent       ABC-123456                      5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d  012345678901  eu     next-maintenance-window  vault_test (${print(key.publicLine)})`,
        `${wide.name}  2026-12-01  completed  COMPLIANCE-REQUEST-2026-000042  5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d  012345678901  us     next-maintenance-window  Compliance_Office_Zurich_(HQ),_audit_signer (${print(stranger.publicLine)})`,
        `notes.txt                                                        (not readable as a pack: run archive verify for the reason)`,
      ].join('\n') + '\n',
    );
  });
});

describe('names from the archive in the CLI output', { timeout: 60_000 }, () => {
  it('stay on their line: a file or folder name with a line break cannot print a fake row', async () => {
    const spoofed = await tempArchive();
    const pack = await sealPack(spoofed, packInput(key.privateKey));
    const fake = `valid          ${pack.name}  signed by compliance@acme.example`;
    await writeFile(join(pack.path, 'data', `x\n${fake}`), '');
    await mkdir(join(spoofed, `stray\n${fake}`));
    const verify = await runCmkRekey(['archive', 'verify', spoofed, '--allowed-signers', signers]);
    expect(verify.code).toBe(1);
    const lines = verify.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('valid'))).toEqual([]);
    expect(lines).toContain(`tampered       ${pack.name}  extra file: data/x\\u000A${fake}`);
    const list = await runCmkRekey(['archive', 'list', spoofed]);
    expect(list.stdout.trim().split('\n')).toHaveLength(3);
    expect(list.stdout).toContain(`stray\\u000A${fake}  (not readable as a pack`);
  });
});

describe('an odd entry in the archive', { timeout: 60_000 }, () => {
  it('lists as unreadable and gets its verdict; the other packs are listed and checked', async () => {
    const odd = await tempArchive();
    const pack = await sealPack(odd, packInput(key.privateKey));
    await mkdir(join(odd, '2026-12-02_111111111111_GARBAGE_0badf00d', 'bag-info.txt'), { recursive: true });
    const list = await runCmkRekey(['archive', 'list', odd]);
    noStackTrace(list);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\n2026-12-02_111111111111_GARBAGE_0badf00d +\(not readable as a pack/);
    expect(list.stdout).toContain(`${pack.name}  `);
    const verify = await runCmkRekey(['archive', 'verify', odd, '--allowed-signers', signers]);
    expect(verify.stdout).toContain(`valid          ${pack.name}`);
    expect(verify.stdout).toMatch(/tampered +2026-12-02_111111111111_GARBAGE_0badf00d/);
  });
});

describe('cmk-rekey archive list', { timeout: 60_000 }, () => {
  it('lists a pack given itself as one row, not its files', async () => {
    const run = await runCmkRekey(['archive', 'list', good.path]);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`^${good.name}  \\d{4}-\\d{2}-\\d{2}  sent +ABC-123456  `));
  });

  it('lists every pack from bag-info.txt, read-only', async () => {
    const before = await snapshot(archive);
    const run = await runCmkRekey(['archive', 'list', archive, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const entries = PackEntrySchema.array().parse(JSON.parse(run.stdout));
    expect(entries).toHaveLength(4);
    expect(entries.find((entry) => entry.name === good.name)).toMatchObject({
      ticketRef: 'ABC-123456',
      awsAccountId: '012345678901',
      status: 'sent',
      realm: 'eu',
      unreadable: false,
    });
    const text = await runCmkRekey(['archive', 'list', archive]);
    expect(text.stdout).toContain(good.name);
    expect(await snapshot(archive)).toEqual(before);
  });
});

describe('cmk-rekey archive seal', { timeout: 60_000 }, () => {
  it('seals a sent draft from the vault into the archive, and the pack verifies', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    value(await vault.markSent(draft.id, { ticket: 'https://support.example/requests/ABC-777' }));
    const publicKey = vault.signingPublicKey ?? '';
    await vault.close();
    const target = await tempArchive();
    const run = await runCmkRekey(
      ['archive', 'seal', draft.id, '--vault', vault.folder, '--to', target, '--passphrase-stdin'],
      `${PASSPHRASE}\n`,
    );
    noStackTrace(run);
    expect(run.code, run.stderr).toBe(0);
    const name = /^Sealed (\S+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(name).toMatch(/^\d{4}-\d{2}-\d{2}_012345678901_ABC-777_[0-9a-f]{8}$/);
    const allowed = join(await tempArchive(), 'allowed_signers');
    await writeFile(allowed, `vault ${publicKey}\n`);
    const verified = await runCmkRekey([
      'archive',
      'verify',
      join(target, name),
      '--allowed-signers',
      allowed,
    ]);
    expect(verified.code, verified.stdout).toBe(0);

    const missing = await runCmkRekey(
      [
        'archive',
        'seal',
        '0123456789abcdef0123456789abcdef',
        '--vault',
        vault.folder,
        '--to',
        target,
        '--passphrase-stdin',
      ],
      `${PASSPHRASE}\n`,
    );
    noStackTrace(missing);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readdir(target)).toEqual([name]);
  });

  it('says an archive folder that is not there, or is a file, before asking for the passphrase', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    await vault.close();
    const parent = await tempArchive();
    const file = join(parent, 'not-a-folder');
    await writeFile(file, 'x');
    const missing = join(parent, 'missing');
    for (const [to, message] of [
      [missing, `${missing} does not exist.`],
      [file, `cannot read the archive folder ${file} (it is not a folder)`],
    ] as const) {
      // Standard input is empty: a command that got as far as the passphrase would say there is none.
      const run = await runCmkRekey(['archive', 'seal', draft.id, '--vault', vault.folder, '--to', to]);
      noStackTrace(run);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`cmk-rekey: ${message}\n`);
    }
    expect(await readdir(parent)).toEqual(['not-a-folder']);
  });
});

describe("cmk-rekey archive seal under this workstation's policy", { timeout: 60_000 }, () => {
  it('records an open draft the policy refuses as draft, not ready, as the app does', async () => {
    const vault = await newVault();
    const draft = value(await vault.newDraft({ request: validDraftRequest(), title: 'EU keys' }));
    await vault.close();
    const target = await tempArchive();
    const onlyGermany = join(target, '..', 'only-de.json');
    await writeFile(onlyGermany, policyText({ allowedRealms: { value: ['de'], locked: true } }));
    const seal = (...more: string[]) =>
      runCmkRekey(
        ['archive', 'seal', draft.id, '--vault', vault.folder, '--to', target, ...more, '--passphrase-stdin'],
        `${PASSPHRASE}\n`,
      );
    const alone = await seal();
    expect(alone.code, alone.stderr).toBe(0);
    const refused = await seal('--system-policy', onlyGermany);
    expect(refused.code, refused.stderr).toBe(0);
    const listed = await runCmkRekey(['archive', 'list', target, '--json']);
    const statuses = PackEntrySchema.array()
      .parse(JSON.parse(listed.stdout))
      .map((entry) => [entry.name, entry.status]);
    const nameOf = (run: CliRun) => /^Sealed (\S+)$/m.exec(run.stdout)?.[1] ?? '';
    expect(statuses).toEqual(
      expect.arrayContaining([
        [nameOf(alone), 'ready'],
        [nameOf(refused), 'draft'],
      ]),
    );
  });
});

describe('cmk-rekey archive zip', { timeout: 60_000 }, () => {
  it('zips a pack that unzip -t accepts; the unzipped bag passes sha256sum -c and archive verify', async () => {
    const before = await snapshot(archive);
    const out = join(await tempArchive(), 'pack.zip');
    const run = await runCmkRekey(['archive', 'zip', good.path, '--out', out]);
    noStackTrace(run);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(out);
    const tested = spawnSync('unzip', ['-t', out], { encoding: 'utf8' });
    expect(tested.status, tested.stdout).toBe(0);
    expect(tested.stdout).toContain('No errors detected');
    const unpacked = await tempArchive();
    expect(spawnSync('unzip', ['-q', out, '-d', unpacked]).status).toBe(0);
    expect(await readdir(unpacked)).toEqual([good.name]);
    const bag = join(unpacked, good.name);
    for (const manifest of ['tagmanifest-sha256.txt', 'manifest-sha256.txt']) {
      const check = spawnSync('sha256sum', ['--strict', '-c', manifest], { cwd: bag, encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    }
    const verified = await runCmkRekey(['archive', 'verify', bag, '--allowed-signers', signers]);
    expect(verified.code, verified.stdout).toBe(0);
    expect(await snapshot(archive)).toEqual(before);
  });

  it('refuses a tampered pack, a .zip inside the pack, and bad usage, in one line each', async () => {
    const elsewhere = await tempArchive();
    // links to the pack and to the archive: through them, still the pack and the archive
    const links = await tempArchive();
    await symlink(good.path, join(links, 'pack'));
    await symlink(dirname(good.path), join(links, 'archive'));
    for (const [args, code, message] of [
      [
        ['archive', 'zip', tampered.path, '--out', join(elsewhere, 't.zip')],
        1,
        'is not zipped: it is tampered',
      ],
      // where the .zip goes is the caller's choice, the pack is fine: exit 2
      [['archive', 'zip', good.path, '--out', join(good.path, 'data/x.zip')], 2, 'cannot go inside the pack'],
      [['archive', 'zip', good.path, '--out', join(links, 'pack/x.zip')], 2, 'cannot go inside the pack'],
      [
        ['archive', 'zip', good.path, '--out', join(links, 'archive/x.zip')],
        2,
        'cannot go into the archive folder, which holds packs only',
      ],
      // beside the packs, a .zip would make the archive fail its check from then on
      [
        ['archive', 'zip', good.path, '--out', join(dirname(good.path), 'x.zip')],
        2,
        'cannot go into the archive folder, which holds packs only',
      ],
      // a folder that is not a pack is said to be one, wherever the .zip was to go (beside it, here)
      [
        ['archive', 'zip', elsewhere, '--out', join(dirname(elsewhere), 'not-a-pack.zip')],
        1,
        'is not zipped: it is unverifiable',
      ],
      [['archive', 'zip', good.path, '--out', join(elsewhere, 'no/such/x.zip')], 2, 'cannot write'],
      [['archive', 'zip', good.path], 2, '--out FILE.zip is required'],
    ] as const) {
      const run = await runCmkRekey(args);
      noStackTrace(run);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr).toContain(message);
      if (!message.includes('required')) expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await readdir(elsewhere)).toEqual([]);
    expect(await readdir(good.path)).not.toContain('x.zip');
    expect(await readdir(dirname(good.path))).not.toContain('x.zip');
  });

  it('replaces an existing file only with --force', async () => {
    const out = join(await tempArchive(), 'evidence.zip');
    await writeFile(out, 'a file the user keeps');
    const refused = await runCmkRekey(['archive', 'zip', good.path, '--out', out]);
    noStackTrace(refused);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `cmk-rekey: ${out} already exists; choose another name or pass --force to replace it.`,
    );
    expect(await readFile(out, 'utf8')).toBe('a file the user keeps');
    expect(await readdir(join(out, '..'))).toEqual(['evidence.zip']);
    const forced = await runCmkRekey(['archive', 'zip', good.path, '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(spawnSync('unzip', ['-t', out]).status).toBe(0);
  });

  it('says a folder at --out is a folder, with or without --force (which cannot replace it)', async () => {
    const folder = join(await tempArchive(), 'evidence');
    await mkdir(join(folder, 'kept'), { recursive: true });
    for (const force of [[], ['--force']]) {
      const run = await runCmkRekey(['archive', 'zip', good.path, '--out', folder, ...force]);
      noStackTrace(run);
      expect(run.code, force.join('')).toBe(2);
      expect(run.stderr.trim()).toBe(
        `cmk-rekey: ${folder} is a folder: give the .zip a file name in it, or another name.`,
      );
      expect(await readdir(folder)).toEqual(['kept']);
    }
  });
});
