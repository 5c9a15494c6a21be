/** The policy in main: reading files safely, precedence, and what each service enforces. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { requestFromDraft } from '../../../src-shared/drafts/draft.js';
import { CHECKLIST_IDS, draftFromRequest } from '../../../src-shared/drafts/draft.js';
import {
  PolicyViewSchema,
  builtInDefaults,
  resolvePolicy,
  type PolicyLayer,
} from '../../../src-shared/policy/effective.js';
import { parsePolicyText } from '../../../src-shared/policy/parse-policy.js';
import { MAX_POLICY_BYTES } from '../../../src-shared/policy/policy-schema.js';
import { RequestFiles } from '../../../src-main/files/request-files.js';
import {
  programFolder,
  readPolicyLayer,
  readPolicyLayers,
  systemPolicyPath,
} from '../../../src-main/policy/load-policy.js';
import { Policy, noPolicy } from '../../../src-main/policy/policy.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import { PORTABLE_DATA_FOLDER, portableDataFolder } from '../../../src-main/policy/portable.js';
import { validRequest } from '../../fixtures/requests.js';
import {
  COMPLIANCE_IDENTITY,
  COMPLIANCE_RECIPIENT,
  FULL_POLICY,
  SIGNER_LINE,
  policyText,
} from '../../fixtures/policies.js';
import { QueuedDialogs, archiveService, vaultSession } from '../../support/queued-dialogs.js';
import { createHandlers } from '../../../src-main/ipc/handlers.js';

const PASSPHRASE = 'violet harbour seventy lanterns';
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cmk-rekey-policy-'));
});

function layer(kind: 'system' | 'portable', text: string | undefined): PolicyLayer {
  if (text === undefined)
    return { kind, path: kind, state: 'absent', entries: {}, unreadable: [], problems: [] };
  return { kind, path: kind, state: 'in-force', ...parsePolicyText(text) };
}

const DEFAULTS = builtInDefaults('/home/u/vault');
const SYS_DEFAULT = policyText({ idleLockMinutes: { value: 20 } });
const SYS_LOCKED = policyText({ idleLockMinutes: { value: 30, locked: true } });
const PORT_DEFAULT = policyText({ idleLockMinutes: { value: 40 } });
const PORT_LOCKED = policyText({ idleLockMinutes: { value: 50, locked: true } });
const BROKEN = '{ not json';

describe('precedence: system > portable > user > defaults (locked values first)', () => {
  it.each([
    // system,      portable,      user,      value, source,     locked
    [undefined, undefined, undefined, 10, 'default', false],
    [undefined, undefined, 7, 7, 'user', false],
    [undefined, PORT_DEFAULT, undefined, 40, 'portable', false],
    [undefined, PORT_DEFAULT, 7, 7, 'user', false],
    [undefined, PORT_LOCKED, 7, 50, 'portable', true],
    [SYS_DEFAULT, undefined, undefined, 20, 'system', false],
    [SYS_DEFAULT, PORT_DEFAULT, undefined, 20, 'system', false],
    [SYS_DEFAULT, PORT_DEFAULT, 7, 7, 'user', false],
    [SYS_DEFAULT, PORT_LOCKED, 7, 50, 'portable', true],
    [SYS_LOCKED, PORT_LOCKED, 7, 30, 'system', true],
    [SYS_LOCKED, undefined, 7, 30, 'system', true],
    [BROKEN, undefined, 7, 1, 'safe', true],
    [BROKEN, PORT_LOCKED, 7, 1, 'safe', true],
    [SYS_LOCKED, BROKEN, 7, 1, 'system', true], // the unreadable portable file caps it at the safe maximum
    [undefined, BROKEN, undefined, 1, 'safe', true],
  ] as const)('system %#: idleLockMinutes', (system, portable, user, value, source, locked) => {
    const effective = resolvePolicy(
      [layer('system', system), layer('portable', portable)],
      user === undefined ? {} : { idleLockMinutes: user },
      DEFAULTS,
    );
    expect(effective.idleLockMinutes).toMatchObject({ value, source, locked });
  });

  it("a user's portable file cannot lift the system's unlocked restriction by locking over it", () => {
    const system = policyText({ plaintextExports: { value: false }, allowedRealms: { value: ['eu'] } });
    const portable = policyText({
      plaintextExports: { value: true, locked: true },
      allowedRealms: { value: ['eu', 'us'], locked: true },
      idleLockMinutes: { value: 50, locked: true },
    });
    const effective = resolvePolicy([layer('system', system), layer('portable', portable)], {}, DEFAULTS);
    expect(effective.plaintextExports).toEqual({ value: false, locked: false, source: 'system' });
    expect(effective.allowedRealms).toEqual({ value: ['eu'], locked: false, source: 'system' });
    // a setting of the user's, not a restriction: the portable file's lock still wins over a default
    expect(effective.idleLockMinutes).toMatchObject({ value: 50, locked: true, source: 'portable' });
  });

  it('takes the safe value only for restrictions; other keys keep the user value or the default', () => {
    const effective = resolvePolicy([layer('system', BROKEN)], { vaultFolder: '/mine' }, DEFAULTS);
    expect(effective.plaintextExports).toEqual({ value: false, locked: true, source: 'safe' });
    expect(effective.markSentRequiresReady).toEqual({ value: true, locked: true, source: 'safe' });
    expect(effective.trustedSigners).toEqual({ value: [], locked: true, source: 'safe' });
    expect(effective.vaultFolder).toEqual({ value: '/mine', locked: false, source: 'user' });
    expect(effective.allowedRealms.source).toBe('default');
  });

  it('a bad key makes only that key safe; the rest of the file applies', () => {
    const text = policyText({
      plaintextExports: { value: 'no', locked: true },
      vaultFolder: { value: '/srv/v', locked: true },
    });
    const effective = resolvePolicy([layer('system', text)], {}, DEFAULTS);
    expect(effective.plaintextExports.source).toBe('safe');
    expect(effective.vaultFolder).toEqual({ value: '/srv/v', locked: true, source: 'system' });
    expect(effective.idleLockMinutes.source).toBe('default');
  });

  it('caps the idle lock at the maximum, and turns "off" into the maximum', () => {
    const max = policyText({ idleLockMaxMinutes: { value: 15, locked: true } });
    for (const user of [0, 60]) {
      const effective = resolvePolicy([layer('system', max)], { idleLockMinutes: user }, DEFAULTS);
      expect(effective.idleLockMinutes).toMatchObject({
        value: 15,
        source: 'user',
        note: expect.stringContaining('15') as string,
      });
    }
    expect(
      resolvePolicy([layer('system', max)], { idleLockMinutes: 5 }, DEFAULTS).idleLockMinutes.value,
    ).toBe(5);
  });
});

describe('reading policy files', () => {
  it.each([
    ['win32', { ProgramData: 'D:\\PD' }, join('D:\\PD', 'CMK Rekey', 'policy.json')],
    ['darwin', {}, '/Library/Application Support/CMK Rekey/policy.json'],
    ['linux', {}, '/etc/cmk-rekey/policy.json'],
  ] as const)('knows the system location on %s', (platform, env, path) => {
    expect(systemPolicyPath(platform, env)).toBe(path);
  });

  it('finds the portable policy beside the program, or beside the portable .exe', () => {
    expect(programFolder('/opt/cmk/cmk-rekey', {})).toBe('/opt/cmk');
    expect(programFolder('C:\\Temp\\x\\CMK Rekey.exe', { PORTABLE_EXECUTABLE_DIR: 'E:\\Tools' })).toBe(
      'E:\\Tools',
    );
  });

  it('treats a missing file as no policy, and a valid one as in force', async () => {
    expect(await readPolicyLayer('system', join(root, 'none.json'))).toMatchObject({
      state: 'absent',
      unreadable: [],
    });
    writeFileSync(join(root, 'p.json'), policyText(FULL_POLICY));
    const read = await readPolicyLayer('system', join(root, 'p.json'));
    expect(read).toMatchObject({ state: 'in-force', unreadable: [], problems: [] });
  });

  it('names a trusted-signer line ssh-keygen would trust nobody by, and keeps the others', async () => {
    const key = SIGNER_LINE.split(/\s+/u).slice(-2).join(' ');
    writeFileSync(
      join(root, 'signers.json'),
      policyText({
        trustedSigners: { value: [SIGNER_LINE, `x@acme.example badoption ${key}`], locked: true },
      }),
    );
    const read = await readPolicyLayer('system', join(root, 'signers.json'));
    expect(read.state).toBe('invalid');
    expect(read.entries.trustedSigners?.value).toHaveLength(2);
    expect(read.problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(
        /^trustedSigners\.value\[1\]: ssh-keygen -Y verify would trust nobody by this line/u,
      ),
    ]);
  });

  it('reads no compliance key of a list with one that age refuses (a mistyped character), and says which', async () => {
    // The same key as COMPLIANCE_RECIPIENT with its last character changed: right shape, wrong checksum.
    const mistyped = `${COMPLIANCE_RECIPIENT.slice(0, -1)}${COMPLIANCE_RECIPIENT.endsWith('q') ? 'p' : 'q'}`;
    writeFileSync(
      join(root, 'keys.json'),
      policyText({
        complianceRecipients: { value: [COMPLIANCE_RECIPIENT, mistyped], locked: true },
        plaintextExports: { value: false, locked: true },
      }),
    );
    const read = await readPolicyLayer('system', join(root, 'keys.json'));
    expect(read).toMatchObject({ state: 'invalid', unreadable: ['complianceRecipients'] });
    expect(read.entries.complianceRecipients).toBeUndefined();
    expect(read.entries.plaintextExports).toEqual({ value: false, locked: true });
    expect(read.problems).toEqual([
      {
        line: 8,
        message: expect.stringContaining(
          `complianceRecipients.value[1]: "${mistyped}" is not a valid age public key`,
        ) as string,
      },
    ]);
    // The vault can still be made and saves go on, encrypted for the vault alone (no key to add).
    const policy = new Policy([read], join(root, 'vault'));
    const session = vaultSession(root, new QueuedDialogs(), undefined, policy);
    expect(await session.create({ passphrase: PASSPHRASE, recipients: [] })).toMatchObject({ ok: true });
    expect(await session.withVault((vault) => vault.newDraft({ title: 'x' }))).toMatchObject({ ok: true });
  });

  it("expands a folder's ~/ and %VARIABLE% for this user, and names one it cannot make a full path", async () => {
    const paths = { system: join(root, 'system.json'), portable: join(root, 'portable.json') };
    writeFileSync(
      paths.system,
      policyText({
        vaultFolder: { value: '%AppData%\\CMK Rekey\\vault', locked: true },
        archiveFolder: { value: '~/cmk-archive', locked: true },
      }),
    );
    const place = { env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, home: '/home/ana' };
    const policy = new Policy(await readPolicyLayers(paths, place), join(root, 'vault'));
    expect(policy.resolve().vaultFolder).toMatchObject({
      value: 'C:\\Users\\ana\\AppData\\Roaming\\CMK Rekey\\vault',
      locked: true,
    });
    expect(policy.archiveFolder).toEqual({ folder: '/home/ana/cmk-archive', locked: true });
    expect(policy.files).toEqual([expect.objectContaining({ state: 'in-force' })]);

    // Unset here (or set to a relative path): no folder of the file is used, and the banner says why.
    for (const env of [{}, { APPDATA: 'relative' }]) {
      const unset = new Policy(
        await readPolicyLayers(paths, { env, home: '/home/ana' }),
        join(root, 'vault'),
      );
      expect(unset.resolve().vaultFolder).toMatchObject({ value: join(root, 'vault'), source: 'default' });
      expect(unset.files[0]).toMatchObject({ state: 'invalid', unreadable: ['vaultFolder'] });
      expect(unset.files[0]?.problems).toEqual([
        {
          message: expect.stringMatching(
            /^vaultFolder\.value: (%AppData% is not set|".*" is "relative)/u,
          ) as string,
        },
      ]);
    }
    // `policy check` reads the file as written: the admin's own variables do not matter there.
    expect(await readPolicyLayer('system', paths.system)).toMatchObject({ state: 'in-force' });
  });

  it.each([
    [
      'a folder',
      (path: string) => {
        mkdirSync(path);
      },
      /folder/u,
    ],
    [
      'a symbolic link',
      (path: string) => {
        writeFileSync(`${path}.real`, policyText({}));
        symlinkSync(`${path}.real`, path);
      },
      /symbolic link/u,
    ],
    [
      'too large',
      (path: string) => {
        writeFileSync(path, ' '.repeat(MAX_POLICY_BYTES + 1));
      },
      /at most/u,
    ],
    [
      'not UTF-8',
      (path: string) => {
        writeFileSync(path, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
      },
      /UTF-8/u,
    ],
    [
      'not JSON',
      (path: string) => {
        writeFileSync(path, 'format = policy');
      },
      /not valid JSON/u,
    ],
    [
      'a named pipe (opening it waited for a writer forever, and the app never started)',
      (path: string) => {
        execFileSync('mkfifo', [path]);
      },
      /not a regular file/u,
    ],
  ])('marks a file that is %s invalid, with the reason, never throwing', async (_name, make, reason) => {
    const path = join(root, 'policy.json');
    make(path);
    const read = await readPolicyLayer('portable', path);
    expect(read).toMatchObject({ state: 'invalid', unreadable: 'all' });
    expect(read.problems[0]?.message).toMatch(reason);
  });

  it('switches to portable mode with a cmk-rekey-data folder, or in the Windows portable build', () => {
    expect(portableDataFolder(root, {})).toBeUndefined();
    expect(portableDataFolder(root, { PORTABLE_EXECUTABLE_DIR: root })).toBe(
      join(root, PORTABLE_DATA_FOLDER),
    );
    const other = mkdtempSync(join(tmpdir(), 'cmk-rekey-portable-'));
    mkdirSync(join(other, PORTABLE_DATA_FOLDER));
    expect(portableDataFolder(other, {})).toBe(join(other, PORTABLE_DATA_FOLDER));
  });

  it('keeps a portable .exe working where it cannot make its data folder, saying why', () => {
    // A file named like the folder stands for any place the folder cannot be made (a read-only share).
    writeFileSync(join(root, PORTABLE_DATA_FOLDER), '');
    const logged: string[] = [];
    expect(
      portableDataFolder(root, { PORTABLE_EXECUTABLE_DIR: root }, (line) => logged.push(line)),
    ).toBeUndefined();
    expect(logged).toEqual([
      expect.stringMatching(/cannot be made \(EEXIST\); settings and drafts stay in the user's profile/u),
    ]);
  });
});

async function policyFrom(text: string): Promise<Policy> {
  writeFileSync(join(root, 'system.json'), text);
  return Policy.load(
    { system: join(root, 'system.json'), portable: join(root, 'none.json') },
    join(root, 'vault'),
  );
}

describe('services under a policy', () => {
  it('encrypts every new save for the locked compliance recipients too (opened with the age CLI)', async () => {
    const policy = await policyFrom(
      policyText({ complianceRecipients: { value: [COMPLIANCE_RECIPIENT], locked: true } }),
    );
    const session = vaultSession(root, new QueuedDialogs(), undefined, policy);
    const created = await session.create({ passphrase: PASSPHRASE, recipients: [] });
    expect(created).toMatchObject({ ok: true, value: { extraRecipients: [] } });
    const draft = await session.withVault((vault) => vault.newDraft({ title: 'For compliance' }));
    if (!draft.ok) throw new Error(draft.message);
    writeFileSync(join(root, 'compliance.key'), `${COMPLIANCE_IDENTITY}\n`);
    const file = join(root, 'vault', 'drafts', `${draft.value.id}.age`);
    const plain = execFileSync('age', ['-d', '-i', join(root, 'compliance.key'), file], { encoding: 'utf8' });
    expect(plain).toContain('For compliance');
    // Removing every extra recipient from the vault does not remove the policy's.
    await session.setRecipients({ passphrase: PASSPHRASE, recipients: [] });
    const again = await session.withVault((vault) => vault.save(draft.value));
    expect(again.ok).toBe(true);
    expect(
      execFileSync('age', ['-d', '-i', join(root, 'compliance.key'), file], { encoding: 'utf8' }),
    ).toContain('For compliance');
  });

  it('starts a new vault with the unlocked compliance recipients, which the user may remove', async () => {
    const policy = await policyFrom(policyText({ complianceRecipients: { value: [COMPLIANCE_RECIPIENT] } }));
    const session = vaultSession(root, new QueuedDialogs(), undefined, policy);
    const created = await session.create({ passphrase: PASSPHRASE, recipients: [] });
    expect(created).toMatchObject({ ok: true, value: { extraRecipients: [COMPLIANCE_RECIPIENT] } });
    expect(await session.setRecipients({ passphrase: PASSPHRASE, recipients: [] })).toMatchObject({
      ok: true,
      value: { extraRecipients: [] },
    });
  });

  it('uses the minimum scrypt work factor for a new passphrase', async () => {
    const policy = await policyFrom(policyText({ minScryptWorkFactor: { value: 19, locked: true } }));
    const session = vaultSession(root, new QueuedDialogs(), undefined, policy);
    expect((await session.create({ passphrase: PASSPHRASE, recipients: [] })).ok).toBe(true);
    const header = readFileSync(join(root, 'vault', 'identity.age'), 'utf8').split('\n');
    expect(header.find((line) => line.startsWith('-> scrypt'))).toMatch(/ 19$/u);
  }, 60_000); // a real 2^19 scrypt, slow on a loaded machine

  it('refuses a locked vault folder and auto-lock, and an auto-lock above the maximum, as data', async () => {
    const policy = await policyFrom(
      policyText({
        vaultFolder: { value: join(root, 'org-vault'), locked: true },
        idleLockMaxMinutes: { value: 15, locked: true },
      }),
    );
    const dialogs = new QueuedDialogs();
    const session = vaultSession(root, dialogs, undefined, policy);
    expect(await session.status()).toMatchObject({
      ok: true,
      value: { folder: join(root, 'org-vault'), autoLockMinutes: 10 },
    });
    dialogs.answers.push(join(root, 'elsewhere'));
    expect(await session.chooseFolder()).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('set by your organization') as string,
    });
    expect(await session.setAutoLock({ minutes: 0 })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('1 to 15 minutes') as string,
    });
    expect(await session.setAutoLock({ minutes: 16 })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await session.setAutoLock({ minutes: 12 })).toMatchObject({
      ok: true,
      value: { autoLockMinutes: 12 },
    });
    const locked = await policyFrom(policyText({ idleLockMinutes: { value: 3, locked: true } }));
    const other = vaultSession(root, dialogs, undefined, locked);
    expect(await other.setAutoLock({ minutes: 5 })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await other.status()).toMatchObject({ ok: true, value: { autoLockMinutes: 3 } });
  });

  it('refuses plaintext exports and disallowed realms in main, as data', async () => {
    const policy = await policyFrom(policyText({ plaintextExports: { value: false, locked: true } }));
    const dialogs = new QueuedDialogs();
    const files = new RequestFiles(dialogs, policy);
    const request = draftFromRequest(validRequest('eu'));
    dialogs.answers.push(join(root, 'ticket.txt'), join(root, 'request.json'));
    expect(await files.exportTicket({ request, format: 'text' })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await files.saveRequest({ request, saveAs: true })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(dialogs.asked).toEqual([]);
    const realms = new RequestFiles(
      dialogs,
      await policyFrom(policyText({ allowedRealms: { value: ['us'], locked: true } })),
    );
    const refused = await realms.exportTicket({ request, format: 'text' });
    expect(refused).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(requestFromDraft(request).realm).toBe('eu');
  });

  it('makes a request naming another organization ID or site than the locked ones an error, and refuses its export', async () => {
    const lockedId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const policy = await policyFrom(
      policyText({
        defaultOrganizationId: { value: lockedId, locked: true },
        defaultSiteUrl: { value: 'https://other.atlassian.net', locked: true },
      }),
    );
    expect(policy.lockedValues).toEqual({ organizationId: lockedId, siteUrl: 'https://other.atlassian.net' });
    const findings = validateRequest(validRequest('eu'), { lockedValues: policy.lockedValues });
    expect(findings.errors.map((finding) => [finding.path, finding.code])).toEqual([
      ['organizationId', 'organizationId.not-policy'],
      ['siteUrl', 'siteUrl.not-policy'],
    ]);
    expect(findings.errors[0]?.message).toContain(`sets the organization ID to ${lockedId}`);
    const matching = validRequest('eu', { organizationId: lockedId, siteUrl: 'https://other.atlassian.net' });
    expect(validateRequest(matching, { lockedValues: policy.lockedValues }).valid).toBe(true);
    const dialogs = new QueuedDialogs();
    const files = new RequestFiles(dialogs, policy);
    const refused = await files.exportTicket({
      request: draftFromRequest(validRequest('eu')),
      format: 'text',
    });
    expect(refused).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(dialogs.asked).toEqual([]);
    expect(noPolicy().lockedValues).toEqual({});
  });

  it('counts a forbidden realm as an error when marking as sent: refused when the policy requires ready', async () => {
    const rules = {
      allowedRealms: { value: ['de'], locked: true },
      markSentRequiresReady: { value: true, locked: true },
    };
    const dialogs = new QueuedDialogs();
    const policy = await policyFrom(policyText(rules));
    const session = vaultSession(root, dialogs, undefined, policy);
    await session.create({ passphrase: PASSPHRASE, recipients: [] });
    const handlers = createHandlers({
      files: new RequestFiles(dialogs, policy),
      vault: session,
      archive: archiveService(root, dialogs, policy),
      version: '1.2.3',
    });
    const created = await handlers.draftNew({ request: draftFromRequest(validRequest('eu')) });
    if (!created.ok) throw new Error(created.message);
    await handlers.draftSave({ draft: { ...created.value, checklist: [...CHECKLIST_IDS] } });
    expect(await handlers.draftMarkSent({ id: created.value.id, ticket: 'ABC-1' })).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('the request still had errors') as unknown,
    });
    // Without the refusal, the send is recorded with the error.
    const lenient = await policyFrom(policyText({ allowedRealms: rules.allowedRealms }));
    const other = vaultSession(root, dialogs, undefined, lenient);
    await other.unlock({ passphrase: PASSPHRASE });
    const sent = await createHandlers({
      files: new RequestFiles(dialogs, lenient),
      vault: other,
      archive: archiveService(root, dialogs, lenient),
      version: '1.2.3',
    }).draftMarkSent({ id: created.value.id, ticket: 'ABC-1' });
    expect(sent).toMatchObject({ ok: true, value: { state: 'sent', sent: { warnings: ['has-errors'] } } });
  });

  it('shows the renderer every lock, restriction and default', async () => {
    const policy = await policyFrom(policyText(FULL_POLICY));
    expect(policy.view()).toMatchObject({
      files: [{ kind: 'system', state: 'in-force', problems: [] }],
      plaintextExports: false,
      allowedRealms: ['eu', 'de'],
      idleLockMaxMinutes: 15,
      complianceRecipients: [COMPLIANCE_RECIPIENT],
      defaultSiteUrl: 'https://acme.atlassian.net',
    });
    expect(policy.view().locked).toEqual([
      'complianceRecipients',
      'trustedSigners',
      'allowedRealms',
      'idleLockMaxMinutes',
      'archiveFolder',
      'plaintextExports',
      'markSentRequiresReady',
      'minScryptWorkFactor',
    ]);
    expect(policy.markSentRequiresReady).toBe(true);
    expect(policy.archiveFolder).toEqual({ folder: '/srv/cmk-rekey/archive', locked: true });
    expect(policy.trustedSigners).toHaveLength(1);
  });

  it('shows the renderer a file with hundreds of problems, or a huge key name, within what it can take', async () => {
    const unknown = Object.fromEntries(
      Array.from({ length: 250 }, (_, index) => [`setting${String(index)}`, { value: 1 }]),
    );
    const policy = await policyFrom(
      policyText({
        plaintextExports: { value: false, locked: true },
        ...unknown,
        ['x'.repeat(3000)]: { value: 1 },
      }),
    );
    // Too big for the answer, it became an 'internal' failure and the renderer showed no policy at all.
    const view = PolicyViewSchema.parse(policy.view());
    expect(view.plaintextExports).toBe(false);
    expect(view.files[0]?.problems).toHaveLength(200);
    expect(view.files[0]?.problems.at(-1)).toBe(
      '… and 52 more problems: "cmk-rekey policy check" lists them all.',
    );
  });

  it('shows an unlocked restriction as set (main enforces it the same): an auto-lock maximum cannot be turned off', async () => {
    const policy = await policyFrom(
      policyText({ idleLockMaxMinutes: { value: 15 }, idleLockMinutes: { value: 5 } }),
    );
    // Settings then offers 1 to 15 minutes, as main allows; it said "0 turns auto-lock off", which main refuses.
    expect(policy.view().locked).toEqual(['idleLockMaxMinutes']);
    expect(
      await vaultSession(root, new QueuedDialogs(), undefined, policy).setAutoLock({ minutes: 0 }),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });
});
