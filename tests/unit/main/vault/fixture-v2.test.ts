/**
 * Known-answer test: a vault written by version 2 of the formats (tests/fixtures/vault-v2; never
 * regenerated) opens, lists, verifies (with the passphrase, and with only the compliance identity) and
 * exports with today's code, with its lifecycle records and history chains intact.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sealDraft } from '../../../../src-main/archive/seal-draft.js';
import { Vault, verifyWithIdentity } from '../../../../src-main/vault/vault.js';
import { render, type TicketInput } from '../../../../src-shared/request/render.js';
import { removeTempFolders, snapshot, tempFolder, value } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/vault-v2/', import.meta.url));
const PASSPHRASE = 'fixture vault v2 passphrase: green teapot 17';
const IDS = {
  open: 'b44c9080722d13119bb1096b98afb88a',
  sent: '414d528fef68f46e8a8da2a25ab7dc27',
  done: 'f5e0e3002c0bece2d0677d6549e8bec7',
  revision: '5f87e783ef4293b270cee4c38e547b27',
  gone: '246a419322437a1b0ec22c6feb2e1cc4',
  trashed: '46c632ecaa32d0e2582aecf0f19fa126',
};
const COMPLIANCE = join(FIXTURE, 'compliance-identity.txt');

afterAll(removeTempFolders);

async function openCopy(): Promise<Vault> {
  const folder = join(tempFolder('cmk-fixture-v2-'), 'vault');
  cpSync(join(FIXTURE, 'vault'), folder, { recursive: true });
  const vault = value(await Vault.open(folder));
  value(await vault.unlock(PASSPHRASE));
  return vault;
}

// Each test unlocks at the production work factor (2^18): seconds on a busy machine.
describe('a version 2 vault', { timeout: 60_000 }, () => {
  it('lists every draft with its state, ticket and revision', async () => {
    const vault = await openCopy();
    const list = value(await vault.list());
    const rows = Object.fromEntries(
      list.map((s) => [s.id, [s.state, s.status, s.revision, s.ticket ?? '', s.problem ?? '']]),
    );
    expect(rows).toMatchObject({
      [IDS.open]: ['open', 'ready', 1, '', ''],
      [IDS.sent]: ['sent', 'has-errors', 1, 'ABC-100001', ''],
      [IDS.done]: ['completed', 'ready', 1, 'https://support.atlassian.com/requests/ABC-100002', ''],
      [IDS.revision]: ['open', 'ready', 2, '', ''],
      [IDS.gone]: ['withdrawn', 'ready', 1, '', ''],
    });
    expect(list.filter((s) => s.problem === 'untrusted')).toHaveLength(1);
    expect(value(await vault.listTrash()).map((entry) => entry.id)).toEqual([IDS.trashed]);
    await vault.close();
  });

  it('opens the records exactly as version 2 wrote them', async () => {
    const vault = await openCopy();
    const sent = value(await vault.load(IDS.sent));
    expect(sent.sent).toMatchObject({
      ticket: 'ABC-100001',
      at: '2026-11-30T10:15:00+01:00',
      warnings: ['has-errors', 'checklist-unticked'],
    });
    expect(sent.sent?.by.name).toBe('Fixture Sender');
    const done = value(await vault.load(IDS.done));
    expect(done.completed).toMatchObject({
      at: '2026-11-30T00:00:00+00:00',
      note: 'Atlassian confirmed the re-encryption.',
    });
    expect(done.history.map((entry) => entry.event)).toEqual(['created', 'edited', 'sent', 'completed']);
    const revision = value(await vault.load(IDS.revision));
    expect(revision).toMatchObject({
      revision: 2,
      previous: { id: IDS.done, revision: 1 },
      title: 'Completed, revision 2 (fixture v2)',
    });
    const open = value(await vault.load(IDS.open));
    expect(open.request.notes).toBe('Ünïcødé — 日本語');
    expect(value(await vault.load(IDS.gone)).withdrawn?.reason).toBe('Wrong AWS account.');
    await vault.close();
  });

  it('verifies with the passphrase, and with only the compliance identity', async () => {
    const vault = await openCopy();
    expect(value(await vault.verify()).problems.map((problem) => problem.problem)).toEqual(['quarantined']);
    const report = value(await verifyWithIdentity(vault.folder, readFileSync(COMPLIANCE, 'utf8')));
    // its quarantined file is reported as the passphrase check reports it; only draft files are counted
    expect(report).toMatchObject({ checked: 6, opened: 6, trusted: 6 });
    expect(report.problems).toEqual(
      value(await vault.verify()).problems.filter((problem) => problem.problem === 'quarantined'),
    );
    expect(report.problems).toHaveLength(1);
    await vault.close();
  });

  it('an identity file with several keys opens what any of them opens, as age -i does', async (context) => {
    if (!existsSync('/usr/bin/age') || !existsSync('/usr/bin/age-keygen')) context.skip();
    const vault = await openCopy();
    await vault.close();
    const dir = tempFolder('cmk-fixture-v2-keys-');
    const other = join(dir, 'other.txt');
    execFileSync('/usr/bin/age-keygen', ['-o', other], { stdio: 'ignore' });
    const both = join(dir, 'both.txt');
    writeFileSync(both, readFileSync(other, 'utf8') + readFileSync(COMPLIANCE, 'utf8'));
    // the age CLI takes such a file: it decrypts a file for either key
    const otherRecipient = /# public key: (age1\S+)/.exec(readFileSync(other, 'utf8'))?.[1] ?? '';
    const forOther = join(dir, 'for-other.age');
    execFileSync('/usr/bin/age', ['-r', otherRecipient, '-o', forOther], { input: 'for the other key' });
    expect(execFileSync('/usr/bin/age', ['-d', '-i', both, forOther], { encoding: 'utf8' })).toBe(
      'for the other key',
    );
    const draft = join(vault.folder, 'drafts', `${IDS.done}.age`);
    expect(execFileSync('/usr/bin/age', ['-d', '-i', both, draft], { encoding: 'utf8' })).toContain(IDS.done);
    // and so does the check: every draft opens with the second key of the file
    const report = value(await verifyWithIdentity(vault.folder, readFileSync(both, 'utf8')));
    expect(report).toMatchObject({ checked: 6, opened: 6, trusted: 6 });
    expect(report.problems.map((problem) => problem.problem)).toEqual(['quarantined']);
    // the other key alone opens none of them
    const alone = value(await verifyWithIdentity(vault.folder, readFileSync(other, 'utf8')));
    expect(alone).toMatchObject({ checked: 6, opened: 0, trusted: 0 });
    expect(await verifyWithIdentity(vault.folder, '# no key\n')).toMatchObject({
      ok: false,
      message: 'The identity file holds no AGE-SECRET-KEY-1… line.',
    });
  });

  it('exports a draft that the compliance identity opens with the age CLI', async (context) => {
    if (!existsSync('/usr/bin/age')) context.skip();
    const vault = await openCopy();
    const out = join(tempFolder('cmk-fixture-v2-export-'), 'draft.age');
    value(await vault.exportDraft(IDS.done, out));
    await vault.close();
    const plain = execFileSync('/usr/bin/age', ['-d', '-i', COMPLIANCE, out], { encoding: 'utf8' });
    expect(plain).toContain('"ticket": "https://support.atlassian.com/requests/ABC-100002"');
  });

  it('seals the request sent by version 2 with its ticket as sent, in text, Markdown and the PDF', async (context) => {
    if (!existsSync('/usr/bin/pdftotext')) context.skip();
    const vault = await openCopy();
    const sent = value(await vault.load(IDS.sent)).sent?.ticketText ?? '';
    const pack = value(await sealDraft(vault, IDS.sent, tempFolder('cmk-fixture-v2-archive-')));
    await vault.close();
    const data = (name: string) => join(pack.path, 'data', name);
    expect(readFileSync(data('ticket.txt'), 'utf8')).toBe(sent);
    // Version 2 wrote the timing without the option's letter that today's ticket gives it.
    expect(sent).toContain('\nTiming to start re-encryption: Next maintenance window\n');
    expect(render(JSON.parse(readFileSync(data('request.json'), 'utf8')) as TicketInput)).toContain(
      'b) Next maintenance window',
    );
    const markdown = readFileSync(data('ticket.md'), 'utf8');
    const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', data('summary.pdf'), '-'], { encoding: 'utf8' });
    for (const copy of [markdown, pdf]) {
      expect(copy).toContain('Timing to start re-encryption: Next maintenance window');
      expect(copy).not.toContain('b) Next maintenance window');
      expect(copy).toContain('Re-encryption for AWS account');
    }
  });

  it('is not changed by the test', async () => {
    const before = snapshot(FIXTURE);
    const vault = await openCopy();
    value(await vault.list());
    await vault.close();
    expect(snapshot(FIXTURE)).toEqual(before);
  });
});
