import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import packageJson from '../../../package.json' with { type: 'json' };
import { draftFromRequest, emptyDraftRequest, requestFromDraft } from '../../../src-shared/drafts/draft.js';
import { render } from '../../../src-shared/request/render.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import { RequestFiles } from '../../../src-main/files/request-files.js';
import { createDispatch } from '../../../src-main/ipc/dispatch.js';
import { createHandlers } from '../../../src-main/ipc/handlers.js';
import { canonicalJson } from '../../../src-shared/text/canonical-json.js';
import { validRequest } from '../../fixtures/requests.js';
import { QueuedDialogs, archiveService, vaultSession } from '../../support/queued-dialogs.js';

let folder: string;
let dialogs: QueuedDialogs;
let dispatch: ReturnType<typeof createDispatch>;
const logged: string[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-files-'));
  dialogs = new QueuedDialogs();
  dispatch = createDispatch(
    createHandlers({
      files: new RequestFiles(dialogs),
      vault: vaultSession(folder, dialogs),
      archive: archiveService(folder, dialogs),
      version: '1.2.3',
    }),
    (line) => logged.push(line),
  );
});

const draft = draftFromRequest(validRequest('us'));

describe('saving and opening request files', () => {
  it('saves the canonical request atomically and opens it again unchanged', async () => {
    const path = join(folder, 'request.json');
    dialogs.answers.push(path);
    expect(await dispatch('saveRequest', { request: draft, saveAs: false })).toEqual({
      ok: true,
      value: { fileName: 'request.json' },
    });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(validRequest('us'));
    expect(readdirSync(folder)).toEqual(['request.json']);
    expect(dialogs.asked[0]).toContain('[cmk-re-encryption-012345678901.json]');

    dialogs.answers.push(path);
    expect(await dispatch('openRequest', {})).toEqual({
      ok: true,
      value: { fileName: 'request.json', request: draft, notLoaded: '', tidied: '' },
    });
  });

  it('removes the temp files an earlier save of that file left when its process died, and only those', async () => {
    const hourAgo = new Date(Date.now() - 3600_000 - 1000);
    for (const name of ['.request.json.0123456789ab.tmp', '.notes.json.0123456789ab.tmp']) {
      writeFileSync(join(folder, name), '{"half":');
      utimesSync(join(folder, name), hourAgo, hourAgo);
    }
    dialogs.answers.push(join(folder, 'request.json'));
    expect(await dispatch('saveRequest', { request: draft, saveAs: false })).toMatchObject({ ok: true });
    expect(readdirSync(folder).sort()).toEqual(['.notes.json.0123456789ab.tmp', 'request.json']);
  });

  it('saves to the same file without asking again, and asks again for Save as', async () => {
    dialogs.answers.push(join(folder, 'a.json'));
    await dispatch('saveRequest', { request: draft, saveAs: false });
    await dispatch('saveRequest', { request: { ...draft, notes: 'second save' }, saveAs: false });
    expect(dialogs.asked).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(folder, 'a.json'), 'utf8'))).toMatchObject({ notes: 'second save' });
    dialogs.answers.push(join(folder, 'b.json'));
    await dispatch('saveRequest', { request: draft, saveAs: true });
    expect(dialogs.asked).toHaveLength(2);
    await dispatch('newRequest', {});
    dialogs.answers.push(undefined);
    expect(await dispatch('saveRequest', { request: draft, saveAs: false })).toMatchObject({
      ok: false,
      code: 'cancelled',
    });
  });

  it('opens an invalid request with the values it had', async () => {
    const path = join(folder, 'invalid.json');
    writeFileSync(path, JSON.stringify({ ...validRequest('eu'), awsAccountId: '42', keys: [] }));
    dialogs.answers.push(path);
    const opened = await dispatch('openRequest', {});
    expect(opened).toEqual({
      ok: true,
      value: {
        fileName: 'invalid.json',
        request: draftFromRequest({ ...validRequest('eu'), awsAccountId: '42', keys: [] }),
        notLoaded: '',
        tidied: '',
      },
    });
  });

  it('names what the form could not load as written, and Save then asks for a new file', async () => {
    const path = join(folder, 'extra.json');
    const request = validRequest('eu');
    const written = JSON.stringify({
      zzz: 1,
      ...request,
      workingHour: '9-5',
      participants: ['a@acme.example', 7],
      keys: request.keys.map((pair) => ({ ...pair, region: 'eu-west-1' })),
    });
    writeFileSync(path, written);
    dialogs.answers.push(path);
    const opened = await dispatch('openRequest', {});
    expect(opened).toMatchObject({
      ok: true,
      value: {
        notLoaded:
          'Not loaded, because the form cannot hold them as written: zzz, keys, workingHour, participants. Check them in the file; Save asks for a new file name, so extra.json keeps them.',
      },
    });
    // A plain Save must not write the file back without them: it asks where to save.
    dialogs.answers.push(undefined);
    expect(await dispatch('saveRequest', { request: draft, saveAs: false })).toMatchObject({
      code: 'cancelled',
    });
    expect(dialogs.asked.at(-1)).toMatch(/^Save the re-encryption request/);
    expect(readFileSync(path, 'utf8')).toBe(written);
  });

  it('names the keys when the file has more pairs than its realm has regions, and Save then asks', async () => {
    // The form holds one pair per region: Germany's one row takes the eu-central-1 pair, not the other.
    const path = join(folder, 'de.json');
    const written = JSON.stringify({ ...validRequest('eu'), realm: 'de' });
    writeFileSync(path, written);
    dialogs.answers.push(path);
    expect(await dispatch('openRequest', {})).toMatchObject({
      ok: true,
      value: {
        notLoaded:
          'Not loaded, because the form cannot hold them as written: keys. Check them in the file; Save asks for a new file name, so de.json keeps them.',
      },
    });
    dialogs.answers.push(undefined);
    expect(await dispatch('saveRequest', { request: draft, saveAs: false })).toMatchObject({
      code: 'cancelled',
    });
    expect(readFileSync(path, 'utf8')).toBe(written);

    // As many pairs as regions (in any order, even empty ones) all have a row: nothing to name.
    const eu = validRequest('eu');
    const fits = join(folder, 'eu.json');
    writeFileSync(fits, JSON.stringify({ ...eu, keys: [eu.keys[1], { oldKeyArn: '', newKeyArn: '' }] }));
    dialogs.answers.push(fits);
    expect(await dispatch('openRequest', {})).toMatchObject({ ok: true, value: { notLoaded: '' } });
  });

  it('names the empty values the form leaves out, which check refuses in the file, and Save writes the request without them', async () => {
    const path = join(folder, 'blanks.json');
    const written = {
      ...validRequest('eu'),
      phone: '   ',
      participants: [],
      attachments: ['', 'kms-console.png'],
    };
    writeFileSync(path, JSON.stringify(written));
    expect(validateRequest(written).errors.map((finding) => finding.code)).toEqual([
      'phone.not-canonical',
      'participants.not-canonical',
      // a blank entry is one normalize drops, as the form does
      'attachments.not-canonical',
    ]);
    dialogs.answers.push(path);
    const opened = await dispatch('openRequest', {});
    expect(opened).toMatchObject({
      ok: true,
      value: {
        notLoaded: '',
        tidied:
          'The form left out what is empty in blanks.json: phone (empty), participants (an empty list), attachments (1 blank entry). "cmk-rekey check" refuses the file as written for that; Save writes the request without it.',
      },
    });
    if (!opened.ok) throw new Error(opened.message);
    const request = (opened.value as { request: typeof draft }).request;
    expect(validateRequest(requestFromDraft(request)).valid).toBe(true);
    // Save writes the request the form judged, in place: check then accepts the file.
    expect(await dispatch('saveRequest', { request, saveAs: false })).toEqual({
      ok: true,
      value: { fileName: 'blanks.json' },
    });
    expect(dialogs.asked).toHaveLength(1);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({ ...validRequest('eu'), attachments: ['kms-console.png'] });
    expect(validateRequest(saved).valid).toBe(true);
  });

  it('caps the names it sends and escapes invisible characters in them', async () => {
    const path = join(folder, 'many.json');
    const extra = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x${String(i)}\u202E`, i]));
    writeFileSync(path, JSON.stringify({ ...validRequest('eu'), ...extra }));
    dialogs.answers.push(path);
    const opened = await dispatch('openRequest', {});
    const text = opened.ok ? (opened.value as { notLoaded: string }).notLoaded : '';
    expect(text).toMatch(/: x0\\u202E, x1\\u202E, .*, x9\\u202E and 490 more\. /);
    expect(text).not.toContain('\u202E');
  });

  it.each([
    ['corrupt JSON', '{"format": "cmk-rekey/request", ', 'not-json', /not valid JSON/],
    ['another kind of JSON', '{"name": "package"}', 'not-a-request', /not a CMK Rekey request/],
    [
      'a newer version',
      '{"format": "cmk-rekey/request", "version": 2}',
      'unsupported-version',
      /written by a newer version of CMK Rekey \(version 2; this app reads up to version 1\)\. Update CMK Rekey/,
    ],
    [
      'a version that is no number',
      '{"format": "cmk-rekey/request", "version": "2"}',
      'unsupported-version',
      /: This request has no valid version number \("version": "2"\); this version of CMK Rekey reads up to version 1\.$/,
    ],
    [
      'a version too large to be exact',
      '{"format": "cmk-rekey/request", "version": 1152921504606846976}',
      'unsupported-version',
      /: This request has no valid version number \(a whole number from 1 up\); this version of CMK Rekey reads up to version 1\.$/,
    ],
    [
      'no version',
      '{"format": "cmk-rekey/request"}',
      'unsupported-version',
      /: This request has no "version" field; this version of CMK Rekey reads up to version 1\.$/,
    ],
  ])('refuses %s with a clear message naming the file', async (_name, content, code, message) => {
    const path = join(folder, 'bad.json');
    writeFileSync(path, content);
    dialogs.answers.push(path);
    const opened = await dispatch('openRequest', {});
    expect(opened).toMatchObject({ ok: false, code });
    expect(!opened.ok && opened.message).toMatch(message);
    expect(!opened.ok && opened.message).toMatch(/^bad\.json: /);
  });

  it('says what an exported ticket or an encrypted draft is when it is opened as a request', async () => {
    const ticket = join(folder, 'ticket.json');
    dialogs.answers.push(ticket);
    expect(await dispatch('exportTicket', { request: draft, format: 'json' })).toMatchObject({ ok: true });
    dialogs.answers.push(ticket);
    expect(await dispatch('openRequest', {})).toEqual({
      ok: false,
      code: 'not-a-request',
      message:
        'ticket.json: This is an exported ticket, not a request file: it holds the ticket to paste, not the request. Open the request file you saved with Save, or the draft on the Drafts screen.',
    });
    const age = join(folder, 'draft.age');
    writeFileSync(age, 'age-encryption.org/v1\n-> X25519 abc\n');
    dialogs.answers.push(age);
    const opened = await dispatch('openRequest', {});
    expect(!opened.ok && opened.message).toBe(
      'draft.age: This is an encrypted draft (.age), not a request file. Bring it in with Import… on the Drafts screen.',
    );
  });

  it('says why a file cannot be opened, naming it once, without its path', async () => {
    const loop = join(folder, 'loop.json');
    symlinkSync(join(folder, 'back.json'), loop);
    symlinkSync(loop, join(folder, 'back.json'));
    const big = join(folder, 'big.json');
    writeFileSync(big, ' '.repeat(2 * 1024 * 1024));
    mkdirSync(join(folder, 'folder.json'));
    for (const [path, message] of [
      [loop, 'loop.json: It is a loop of symbolic links, not a file.'],
      [big, 'big.json: It is larger than a request file can be (at most 1 MiB).'],
      [join(folder, 'folder.json'), 'folder.json: It is a folder, not a file.'],
    ] as const) {
      dialogs.answers.push(path);
      const opened = await dispatch('openRequest', {});
      expect(opened).toMatchObject({ ok: false, message });
    }
  });

  it('reports a write it cannot do as data and leaves no temp file behind', async () => {
    dialogs.answers.push(join(folder, 'missing-folder', 'request.json'));
    expect(await dispatch('saveRequest', { request: draft, saveAs: true })).toEqual({
      ok: false,
      code: 'io',
      message:
        'The file could not be saved: its folder does not exist (ENOENT). Nothing was overwritten. Try again, or use Save as… to choose another folder.',
    });
    const taken = join(folder, 'taken.json');
    mkdirSync(taken);
    dialogs.answers.push(taken);
    const saved = await dispatch('saveRequest', { request: draft, saveAs: true });
    expect(saved).toMatchObject({ ok: false, code: 'io' });
    expect(!saved.ok && saved.message).toMatch(/could not be saved: a folder has that name \(EISDIR\)/);
    expect(readdirSync(folder)).toEqual(['taken.json']);
  });
});

describe('saving over a file that is there', () => {
  const posix = process.platform !== 'win32'; // links and permission bits as POSIX has them

  it.runIf(posix)('writes the file a link points to, and the link stays a link', async () => {
    mkdirSync(join(folder, 'share'));
    const shared = join(folder, 'share', 'request.json');
    writeFileSync(shared, '{}\n');
    const link = join(folder, 'request.json');
    symlinkSync(shared, link);
    dialogs.answers.push(link);
    expect(await dispatch('saveRequest', { request: draft, saveAs: true })).toEqual({
      ok: true,
      value: { fileName: 'request.json' },
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(shared, 'utf8'))).toEqual(requestFromDraft(draft));
    expect(readdirSync(join(folder, 'share'))).toEqual(['request.json']);
  });

  it.runIf(posix)('keeps its permissions, and never replaces a read-only file', async () => {
    const private_ = join(folder, 'private.json');
    writeFileSync(private_, '{}\n', { mode: 0o600 });
    dialogs.answers.push(private_);
    expect(await dispatch('saveRequest', { request: draft, saveAs: true })).toMatchObject({ ok: true });
    expect(statSync(private_).mode & 0o777).toBe(0o600);
    const readOnly = join(folder, 'signed-off.json');
    writeFileSync(readOnly, '{"kept": true}\n', { mode: 0o444 });
    dialogs.answers.push(readOnly);
    expect(await dispatch('saveRequest', { request: draft, saveAs: true })).toEqual({
      ok: false,
      code: 'io',
      message:
        'signed-off.json is read-only. Nothing was overwritten; use Save as… to choose another folder, or another name.',
    });
    dialogs.answers.push(readOnly);
    expect(await dispatch('exportTicket', { request: draft, format: 'text' })).toMatchObject({
      ok: false,
      message:
        'signed-off.json is read-only. Nothing was overwritten; export to another folder, or another name.',
    });
    expect(readFileSync(readOnly, 'utf8')).toBe('{"kept": true}\n');
    expect(statSync(readOnly).mode & 0o777).toBe(0o444);
  });
});

describe('exporting the ticket', () => {
  /** The SHA-256 of the canonical request JSON, by the system's sha256sum. */
  function canonicalSha256(request: typeof draft): string {
    const run = spawnSync('sha256sum', [], { input: canonicalJson(requestFromDraft(request)) });
    return run.stdout.toString().slice(0, 64);
  }

  it.each(['text', 'markdown'] as const)(
    'writes the %s ticket exactly as render() gives it, then a provenance footer apart from it',
    async (format) => {
      const path = join(folder, `ticket.${format}`);
      dialogs.answers.push(path);
      expect(await dispatch('exportTicket', { request: draft, format })).toMatchObject({ ok: true });
      const text = readFileSync(path, 'utf8');
      const ticket = render(validRequest('us'), format).trimEnd();
      expect(text.startsWith(`${ticket}\n\n`)).toBe(true);
      const footer = text.slice(ticket.length);
      expect(footer).toMatch(format === 'text' ? /^\n\n-{60}\n/ : /^\n\n---\n\n## /);
      expect(footer).toContain('Provenance (not part of the ticket: do not paste)');
      expect(footer).toMatch(/Generated at: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)\n/);
      expect(footer).toContain(`App: CMK Rekey ${packageJson.version}\n`);
      expect(footer).toContain(`Request SHA-256: ${canonicalSha256(draft)} (canonical request JSON)`);
      expect(footer).not.toContain('Draft:'); // not a saved draft
    },
  );

  it('adds provenance to the JSON ticket as a last entry, the fields unchanged', async () => {
    const path = join(folder, 'ticket.json');
    dialogs.answers.push(path);
    await dispatch('exportTicket', { request: draft, format: 'json' });
    const entries = JSON.parse(readFileSync(path, 'utf8')) as { field: string; value: string }[];
    expect(entries.slice(0, -1)).toEqual(JSON.parse(render(validRequest('us'), 'json')));
    expect(entries.at(-1)?.field).toBe('Provenance (not part of the ticket: do not paste)');
    expect(entries.at(-1)?.value).toContain(`Request SHA-256: ${canonicalSha256(draft)}`);
  });

  it('names the draft, its status and the ticket reference of a sent draft', async () => {
    const session = vaultSession(folder, dialogs);
    const withVault = createDispatch(
      createHandlers({
        files: new RequestFiles(dialogs),
        vault: session,
        archive: archiveService(folder, dialogs),
        version: '1.2.3',
      }),
    );
    expect(
      await session.create({ passphrase: 'violet harbour seventy lanterns', recipients: [] }),
    ).toMatchObject({
      ok: true,
    });
    const made = await session.withVault((vault) => vault.newDraft({ title: 'US', request: draft }));
    if (!made.ok) throw new Error(made.message);
    const sent = await session.withVault((vault) => vault.markSent(made.value.id, { ticket: 'ABC-123456' }));
    expect(sent.ok).toBe(true);
    const path = join(folder, 'sent.txt');
    dialogs.answers.push(path);
    await withVault('exportTicket', { request: draft, format: 'text', draftId: made.value.id });
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(
      `Draft: ${made.value.id} (revision 1)\nStatus: sent\nAtlassian ticket: ABC-123456\n`,
    );
    expect(text).toContain(`Request SHA-256: ${canonicalSha256(draft)}`);
    // Another request under the sent draft's id: its export is not stamped as that sent request.
    const other = { ...draft, notes: 'not what was sent' };
    dialogs.answers.push(path);
    await withVault('exportTicket', { request: other, format: 'text', draftId: made.value.id });
    const stamped = readFileSync(path, 'utf8');
    expect(stamped).not.toMatch(/Draft:|Status:|Atlassian ticket:/);
    expect(stamped).toContain(`Request SHA-256: ${canonicalSha256(other)}`);
  });

  it("refuses a request whose key the draft's describe-key result shows unusable, as the form does", async () => {
    const session = vaultSession(folder, dialogs);
    const withVault = createDispatch(
      createHandlers({
        files: new RequestFiles(dialogs),
        vault: session,
        archive: archiveService(folder, dialogs),
        version: '1.2.3',
      }),
    );
    await session.create({ passphrase: 'violet harbour seventy lanterns', recipients: [] });
    const made = await session.withVault((vault) => vault.newDraft({ title: 'US', request: draft }));
    if (!made.ok) throw new Error(made.message);
    const arn = draft.keys[0]?.newKeyArn ?? '';
    const facts = { arn, region: 'us-east-1', account: '012345678901', enabled: false, keyState: 'Disabled' };
    const keyChecks = [{ arn, checkedAt: '2026-11-30T11:00:00.000Z', facts }];
    await session.withVault((vault) => vault.save({ ...made.value, keyChecks }));
    // Also when the request sent differs from the draft's in another field: the result is about that ARN.
    for (const request of [draft, { ...draft, notes: 'edited since' }]) {
      const refused = await withVault('exportTicket', { request, format: 'text', draftId: made.value.id });
      expect(refused).toMatchObject({ ok: false, code: 'invalid-request' });
    }
    expect(dialogs.asked).toEqual([]);
  });

  it('writes the ticket of the request the rules judged, without the blank rows a form keeps', async () => {
    const path = join(folder, 'blank-rows.txt');
    dialogs.answers.push(path);
    const request = { ...draft, participants: ['', ...draft.participants, ' '], attachments: [' '] };
    expect(await dispatch('exportTicket', { request, format: 'text' })).toMatchObject({ ok: true });
    expect(readFileSync(path, 'utf8').startsWith(render(validRequest('us'), 'text'))).toBe(true);
  });

  it('refuses to export a request with errors, without opening a dialog', async () => {
    const result = await dispatch('exportTicket', { request: emptyDraftRequest(), format: 'text' });
    expect(result).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(dialogs.asked).toEqual([]);
  });
});
