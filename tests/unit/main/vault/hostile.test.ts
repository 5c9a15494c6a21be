/**
 * The vault in hostile folders (issue 12): one regression test per defect, as a user meets it through the
 * services or the CLI. Each failed on the code before the fix (lost drafts, files touched outside the
 * vault, a removed recipient back, spoofed output, hangs).
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { join } from 'node:path';
import { Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeUnsafe } from '../../../../src-shared/text/safe-text.js';
import { runCli } from '../../../../src-main/cli/main.js';
import { readHiddenPassphrase } from '../../../../src-main/cli/passphrase-input.js';
import { Vault } from '../../../../src-main/vault/vault.js';
import {
  FAST,
  OTHER_PASSPHRASE,
  PASSPHRASE,
  filesIn,
  newVault,
  removeTempFolders,
  reopen,
  snapshot,
  tempFolder,
  validDraftRequest,
  validRequestFile,
  value,
} from './helpers.js';

afterAll(removeTempFolders);

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** The CLI in this process (the vaults use the test work factor, which decryption reads from the file). */
async function cli(args: readonly string[], stdin = `${PASSPHRASE}\n`): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    stdin: Readable.from([stdin]),
    stdinIsTTY: false,
  });
  expect(`${out}${err}`).not.toMatch(/\n\s+at /);
  return { code, out, err };
}

/** A vault with two drafts (one of them in the trash), closed. */
async function vaultWithDrafts(): Promise<{ vault: Vault; kept: string; trashed: string }> {
  const vault = await newVault();
  const kept = value(await vault.newDraft({ title: 'Kept', request: validDraftRequest() })).id;
  const trashed = value(await vault.newDraft({ title: 'Trashed' })).id;
  value(await vault.delete(trashed));
  await vault.close();
  return { vault, kept, trashed };
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe('1. creating a vault over the remains of one', () => {
  it('refuses while identity.age or any draft is left, and changes nothing', async () => {
    const { vault } = await vaultWithDrafts();
    unlinkSync(join(vault.folder, 'vault.json'));
    const before = snapshot(vault.folder);
    const created = await Vault.create(vault.folder, PASSPHRASE, FAST);
    expect(created).toMatchObject({ ok: false, code: 'exists' });
    expect(!created.ok && created.message).toMatch(/identity\.age.*vault doctor/s);
    expect(snapshot(vault.folder)).toEqual(before);
    const run = await cli(['vault', 'init', '--vault', vault.folder, '--passphrase-stdin']);
    expect(run.code).toBe(2);
    expect(snapshot(vault.folder)).toEqual(before);
  });

  it('refuses a folder with only a quarantined file left', async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'quarantine'));
    writeFileSync(join(folder, 'quarantine', 'corrupt-20260101T000000000Z-x.age'), 'old');
    expect(await Vault.create(folder, PASSPHRASE, FAST)).toMatchObject({ ok: false, code: 'exists' });
    expect(existsSync(join(folder, 'identity.age'))).toBe(false);
  });
});

describe('2. links never lead the vault outside its folder', () => {
  it('a drafts/ or trash/ that is a link stops the vault from opening; the other folder is untouched', async () => {
    for (const area of ['drafts', 'trash']) {
      const { vault } = await vaultWithDrafts();
      const outside = tempFolder('cmk-outside-');
      writeFileSync(join(outside, 'unrelated.age'), 'someone else’s file');
      renameSync(join(vault.folder, area), join(vault.folder, `${area}.real`));
      symlinkSync(outside, join(vault.folder, area));
      const opened = await Vault.open(vault.folder, FAST);
      expect(opened).toMatchObject({ ok: false, code: 'not-a-file' });
      expect(!opened.ok && opened.message).toMatch(/link.*vault doctor/s);
      expect(filesIn(outside, '.')).toEqual(['unrelated.age']);
    }
  });

  it('a link named like a draft is listed as unreadable, never moved, and emptying the trash keeps its target', async () => {
    const { vault } = await vaultWithDrafts();
    const outside = tempFolder('cmk-outside-');
    const target = join(outside, 'precious.age');
    writeFileSync(target, 'precious');
    symlinkSync(target, join(vault.folder, 'drafts', `${'e'.repeat(32)}.age`));
    symlinkSync(target, join(vault.folder, 'trash', `${'f'.repeat(32)}.age`));
    const again = await reopen(vault);
    const list = value(await again.list());
    expect(list.filter((row) => row.problem !== undefined)).toEqual([]); // links are not the vault's files
    const report = value(await again.verify());
    expect(report.problems.map((p) => [p.file, p.problem])).toEqual(
      expect.arrayContaining([
        [`drafts/${'e'.repeat(32)}.age`, 'unreadable'],
        [`trash/${'f'.repeat(32)}.age`, 'unreadable'],
      ]),
    );
    expect(value(await again.emptyTrash())).toBe(1);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(filesIn(vault.folder, 'quarantine')).toEqual([]);
  });
});

describe('3. an older vault.json put back', () => {
  it('is refused after a recipient was removed, even after a passphrase change', async () => {
    const compliance = await identityToRecipient(await generateIdentity());
    const vault = await newVault({ recipients: [compliance] });
    const old = readFileSync(join(vault.folder, 'vault.json'));
    expect(await vault.setRecipients(OTHER_PASSPHRASE, [])).toMatchObject({ code: 'wrong-passphrase' });
    value(await vault.setRecipients(PASSPHRASE, []));
    value(await vault.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE));
    await vault.close();
    writeFileSync(join(vault.folder, 'vault.json'), old);
    const opened = value(await Vault.open(vault.folder, FAST));
    const unlocked = await opened.unlock(OTHER_PASSPHRASE);
    expect(unlocked).toMatchObject({ ok: false, code: 'untrusted' });
    expect(!unlocked.ok && unlocked.message).toMatch(/older than the vault's identity/);
    expect(readFileSync(join(vault.folder, 'vault.json'))).toEqual(old); // nothing changed
  });

  it('the current vault.json keeps working, and the identity still opens with the age tool format', async () => {
    const vault = await newVault();
    const recipient = await identityToRecipient(await generateIdentity());
    value(await vault.setRecipients(PASSPHRASE, [recipient]));
    await vault.close();
    const again = await reopen(vault);
    expect(again.extraRecipients).toEqual([recipient]);
    const config = JSON.parse(readFileSync(join(vault.folder, 'vault.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({ version: 2, generation: 2 });
  });
});

describe('4. nothing a file holds can spoof the terminal', () => {
  it('a planted title with escapes, new lines and bidi overrides is printed escaped', async () => {
    const vault = await newVault();
    value(await vault.newDraft({ title: 'Genuine' }));
    await vault.close();
    const evil = 'x\u001b[2J\r\n' + 'f'.repeat(32) + '  ready\u202e';
    const draft = {
      format: 'cmk-rekey/draft',
      version: 1,
      id: 'a'.repeat(32),
      title: evil,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      request: validDraftRequest(),
      position: { step: 'start' },
      checklist: [],
    };
    const encrypter = new Encrypter();
    encrypter.addRecipient(vault.recipient);
    writeFileSync(
      join(vault.folder, 'drafts', 'x\u001b[31m.age'),
      await encrypter.encrypt(JSON.stringify(draft)),
    );
    const list = await cli(['drafts', 'list', '--vault', vault.folder, '--passphrase-stdin']);
    for (const text of [list.out, list.err]) {
      expect(escapeUnsafe(text, '\n')).toBe(text);
    }
    // No line that looks like a row of its own (it would start with the planted id).
    expect(list.out).not.toMatch(new RegExp(`^${'f'.repeat(32)}`, 'mu'));
    const verify = await cli(['drafts', 'verify', '--vault', vault.folder, '--passphrase-stdin']);
    expect(escapeUnsafe(verify.out, '\n')).toBe(verify.out);
  });

  it('titles lose control and direction characters when saved', async () => {
    const vault = await newVault();
    const saved = value(await vault.newDraft({ title: 'A\u202eB\u0007C\nD' }));
    expect(saved.title).toBe('ABC D');
    const renamed = value(await vault.rename(saved.id, 'E\u200fF'));
    expect(renamed.title).toBe('EF');
  });
});

describe('5. FIFOs, devices and huge files never hang or fill memory', () => {
  it('a FIFO as vault.json, identity.age, index.age or a draft, or /dev/zero behind a link', async () => {
    const { vault, kept } = await vaultWithDrafts();
    const config = join(vault.folder, 'vault.json');
    renameSync(config, `${config}.bak`);
    mkfifo(config);
    expect(await Vault.open(vault.folder, FAST)).toMatchObject({ ok: false, code: 'not-a-file' });
    unlinkSync(config);
    symlinkSync('/dev/zero', config);
    expect(await Vault.open(vault.folder, FAST)).toMatchObject({ ok: false, code: 'not-a-file' });
    unlinkSync(config);
    renameSync(`${config}.bak`, config);

    const identity = join(vault.folder, 'identity.age');
    renameSync(identity, `${identity}.bak`);
    mkfifo(identity);
    const opened = value(await Vault.open(vault.folder, FAST));
    expect(await opened.unlock(PASSPHRASE)).toMatchObject({ ok: false, code: 'not-a-file' });
    unlinkSync(identity);
    renameSync(`${identity}.bak`, identity);

    rmSync(join(vault.folder, 'index.age'), { force: true });
    symlinkSync('/dev/zero', join(vault.folder, 'index.age'));
    mkfifo(join(vault.folder, 'drafts', `${'b'.repeat(32)}.age`));
    const again = await reopen(vault);
    const list = value(await again.list());
    expect(list.filter((row) => row.problem === undefined).map((row) => row.id)).toEqual([kept]);
    const report = value(await again.verify());
    expect(report.problems.map((p) => p.file)).toEqual(
      expect.arrayContaining(['index.age', `drafts/${'b'.repeat(32)}.age`]),
    );
    expect(existsSync(join(vault.folder, 'drafts', `${'b'.repeat(32)}.age`))).toBe(true);
  }, 30_000);

  it('importing a FIFO or a link to /dev/zero is refused at once', async () => {
    const vault = await newVault();
    const folder = tempFolder();
    mkfifo(join(folder, 'pipe.age'));
    expect(await vault.importFile(join(folder, 'pipe.age'))).toMatchObject({ ok: false, code: 'not-a-file' });
    symlinkSync('/dev/zero', join(folder, 'zero.age'));
    expect(await vault.importFile(join(folder, 'zero.age'))).toMatchObject({ ok: false, code: 'not-a-file' });
    mkfifo(join(folder, 'pipe.json'));
    const run = await cli(['drafts', 'import', '--vault', vault.folder, join(folder, 'pipe.json')]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/named pipe/);
  });
});

describe('7. drafts export --out', () => {
  it('refuses an existing file (unless --force), links, devices, folders and the vault folder', async () => {
    const { vault, kept } = await vaultWithDrafts();
    const folder = tempFolder();
    const args = (out: string, ...more: string[]) => [
      'drafts',
      'export',
      '--vault',
      vault.folder,
      kept,
      '--out',
      out,
      '--passphrase-stdin',
      ...more,
    ];
    const before = snapshot(vault.folder);
    const identity = await cli(args(join(vault.folder, 'identity.age'), '--force'));
    // where to write is a usage problem (2), as an existing file is; 1 means an invalid request
    expect(identity.code).toBe(2);
    expect(identity.err).toMatch(/inside the vault folder/);
    expect(snapshot(vault.folder)).toEqual(before);

    writeFileSync(join(folder, 'taken.json'), 'mine');
    const taken = await cli(args(join(folder, 'taken.json')));
    expect(taken.code).toBe(2);
    expect(taken.err).toMatch(/already exists.*--force/);
    expect(readFileSync(join(folder, 'taken.json'), 'utf8')).toBe('mine');
    expect((await cli(args(join(folder, 'taken.json'), '--force'))).code).toBe(0);
    expect(JSON.parse(readFileSync(join(folder, 'taken.json'), 'utf8'))).toMatchObject(
      validRequestFile('eu'),
    );

    writeFileSync(join(folder, 'target'), 'kept');
    symlinkSync(join(folder, 'target'), join(folder, 'link.json'));
    const link = await cli(args(join(folder, 'link.json'), '--force'));
    expect(link.err).toMatch(/symbolic link/);
    expect(readFileSync(join(folder, 'target'), 'utf8')).toBe('kept');

    expect((await cli(args('/dev/null', '--force'))).err).toMatch(/device/);
    expect((await cli(args(folder))).err).toMatch(/is a folder/);
    expect((await cli(args(join(folder, 'nope', 'x.json')))).err).toMatch(/folder .* does not exist/);
    expect(link.err).not.toMatch(/unexpected error/);
  });
});

describe('8. detection gaps', () => {
  it('with drafts/ deleted, verify reports the drafts the index lists', async () => {
    const { vault, kept } = await vaultWithDrafts();
    rmSync(join(vault.folder, 'drafts'), { recursive: true });
    const run = await cli(['drafts', 'verify', '--vault', vault.folder, '--passphrase-stdin']);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/MISSING\s+drafts\//);
    expect(run.out).toContain(`drafts/${kept}.age`);
    expect(run.out).not.toMatch(/No problems/);
  });

  it("another vault's vault.json + identity.age with the same passphrase moves nothing", async () => {
    const { vault, kept } = await vaultWithDrafts();
    const other = await newVault();
    await other.close();
    for (const name of ['vault.json', 'identity.age'])
      copyFileSync(join(other.folder, name), join(vault.folder, name));
    const before = snapshot(vault.folder);
    const again = await reopen(vault);
    const list = value(await again.list());
    expect(list.map((row) => row.problem)).toEqual(['unreadable']);
    expect(list[0]?.detail).toMatch(/another vault/);
    await again.close();
    expect(filesIn(vault.folder, 'quarantine')).toEqual([]);
    expect(existsSync(join(vault.folder, 'drafts', `${kept}.age`))).toBe(true);
    const after = snapshot(vault.folder);
    expect(Object.keys(after).filter((file) => file.startsWith('drafts/'))).toEqual(
      Object.keys(before).filter((file) => file.startsWith('drafts/')),
    );
  });
});

describe('9. smaller ones', () => {
  it('unlock on an unlocked vault still checks the passphrase', async () => {
    const vault = await newVault();
    expect(await vault.unlock(OTHER_PASSPHRASE)).toMatchObject({ ok: false, code: 'wrong-passphrase' });
    value(await vault.unlock(PASSPHRASE));
  });

  it('vault init under /proc returns with a clear message', async () => {
    const run = await cli(['vault', 'init', '--vault', '/proc/nope/vault', '--passphrase-stdin']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/cannot be created/);
  });

  it('a vault folder others can read is made private', async () => {
    const { vault } = await vaultWithDrafts();
    chmodSync(vault.folder, 0o777);
    await reopen(vault);
    expect(statSync(vault.folder).mode & 0o777).toBe(0o700);
  });

  it("making it private takes others' access away and never gives the owner write access", async () => {
    const { vault } = await vaultWithDrafts();
    chmodSync(vault.folder, 0o555); // read-only on purpose (e.g. an archived vault)
    try {
      await reopen(vault);
      expect(statSync(vault.folder).mode & 0o777).toBe(0o500);
    } finally {
      chmodSync(vault.folder, 0o700);
    }
  });
});

describe('9. importing more than a draft keeps', () => {
  it('refuses a 1 MB note instead of cutting it, and says so', async () => {
    const vault = await newVault();
    const folder = tempFolder();
    const file = join(folder, 'long.json');
    writeFileSync(file, JSON.stringify({ ...validRequestFile('eu'), notes: 'n'.repeat(1_000_000) }));
    const run = await cli(['drafts', 'import', '--vault', vault.folder, file, '--passphrase-stdin']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/notes \(1,000,000 characters, a draft keeps 20,000\)\. Nothing was imported/);
    expect(value(await vault.list())).toEqual([]);
  });
});

describe('9. the hidden passphrase prompt', () => {
  it('turns echo off before it shows the prompt', async () => {
    const events: string[] = [];
    const input = Object.assign(new PassThrough(), {
      isRaw: false,
      setRawMode(mode: boolean) {
        events.push(`raw ${String(mode)}`);
      },
    });
    const typed = readHiddenPassphrase(
      {
        stdout: () => undefined,
        stderr: (text) => events.push(`write ${text}`),
        stdin: input,
        stdinIsTTY: true,
      },
      'Passphrase: ',
    );
    input.write(`${PASSPHRASE}\r`);
    expect(await typed).toBe(PASSPHRASE);
    expect(events.slice(0, 2)).toEqual(['raw true', 'write Passphrase: ']);
  });
});
