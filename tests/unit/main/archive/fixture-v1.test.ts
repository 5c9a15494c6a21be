/**
 * Known-answer test: evidence packs sealed by pack format version 1, by the app as it was at commit 9e07183
 * (tests/fixtures/archive-v1; never regenerated), list, open and verify with today's code as they did then,
 * and with the standard tools an auditor would use years later: sha256sum, ssh-keygen -Y verify, age and
 * pdftotext.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ArchiveCache } from '../../../../src-main/archive/archive-cache.js';
import { listArchive, verifyArchive } from '../../../../src-main/archive/archive-folder.js';
import { ArchiveService } from '../../../../src-main/archive/archive-service.js';
import { SIGNATURE_FILE } from '../../../../src-main/archive/pack-format.js';
import { parseAllowedSigners } from '../../../../src-main/archive/sshsig.js';
import { SettingsFile } from '../../../../src-main/settings.js';
import type { Result } from '../../../../src-shared/ipc/result.js';
import { QueuedDialogs } from '../../../support/queued-dialogs.js';

const FIXTURE = fileURLToPath(new URL('../../../fixtures/archive-v1/', import.meta.url));
const ARCHIVE = join(FIXTURE, 'archive');
const ALLOWED_SIGNERS = join(FIXTURE, 'allowed_signers');
const PACKS = {
  completed: '2026-12-01_012345678901_PCS-481516_4ebd58c6',
  revision: '2026-12-01_012345678901_no-ticket_68d71494',
  withdrawn: '2026-12-01_012345678901_no-ticket_bbf38898',
};
const TICKET = 'https://acme.atlassian.net/servicedesk/customer/portal/1/PCS-481516';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.value;
}

/** A copy to change: the fixture itself is never written to. */
async function copyOfArchive(): Promise<string> {
  const copy = join(await mkdtemp(join(tmpdir(), 'cmk-archive-v1-')), 'archive');
  cpSync(ARCHIVE, copy, { recursive: true });
  return copy;
}

describe('packs sealed by pack format version 1', () => {
  it('verify as valid, signed by the trusted signer, and a changed copy does not', async () => {
    const allowedSigners = parseAllowedSigners(readFileSync(ALLOWED_SIGNERS, 'utf8'));
    const verdicts = await verifyArchive(ARCHIVE, { allowedSigners });
    expect(verdicts.map(({ name, verdict, signer }) => [name, verdict, signer]).sort()).toEqual(
      Object.values(PACKS)
        .map((name) => [name, 'valid', 'compliance@acme.example'])
        .sort(),
    );
    const copy = await copyOfArchive();
    const ticket = join(copy, PACKS.completed, 'data', 'ticket.txt');
    writeFileSync(ticket, readFileSync(ticket, 'utf8').replace('012345678901', '012345678902'));
    const changed = await verifyArchive(copy, { allowedSigners });
    expect(changed.find((verdict) => verdict.name === PACKS.completed)).toMatchObject({
      verdict: 'tampered',
      reason: expect.stringContaining('data/ticket.txt') as string,
    });
  });

  it('list with what bag-info.txt recorded', async () => {
    const entries = await listArchive(ARCHIVE);
    const rows = Object.fromEntries(
      entries.map((entry) => [
        entry.name,
        [entry.status, entry.ticketRef, entry.realm, entry.timing, entry.revision, entry.supersedes],
      ]),
    );
    expect(rows).toEqual({
      [PACKS.completed]: ['completed', TICKET, 'us', 'next-maintenance-window', '1', ''],
      [PACKS.revision]: ['ready', '', 'us', 'next-maintenance-window', '2', PACKS.completed],
      [PACKS.withdrawn]: ['withdrawn', '', 'jp', 'next-maintenance-window', '1', ''],
    });
    expect(entries.every((entry) => entry.awsAccountId === '012345678901' && !entry.unreadable)).toBe(true);
  });

  it('open in the Archive screen with their records, history and ticket as sealed', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'cmk-archive-v1-user-'));
    const settings = new SettingsFile(join(userData, 'settings.json'), () => undefined);
    await settings.update({ archiveFolder: ARCHIVE, allowedSignersFile: ALLOWED_SIGNERS });
    const service = new ArchiveService(
      settings,
      new QueuedDialogs(),
      undefined,
      new ArchiveCache(join(userData, 'archive-cache.json')),
    );
    expect(value(await service.names(10)).names.sort()).toEqual(Object.values(PACKS).sort());
    expect(value(await service.verify(Object.values(PACKS))).map((verdict) => verdict.verdict)).toEqual([
      'valid',
      'valid',
      'valid',
    ]);

    const completed = value(await service.open(PACKS.completed));
    expect(completed.record).toMatchObject({
      status: 'completed',
      ticketRef: TICKET,
      sentAt: '2026-11-30T10:15:00+01:00',
      sentBy: 'Zoë Łukasiewicz-Müller (root)', // the name given, and the OS account that sealed it
      completedAt: '2026-12-01T09:30:00+09:00',
      completionNote: '再暗号化の完了後に古い鍵を無効にします。',
      revision: 1,
    });
    expect(completed.record.history.map((entry) => entry.event)).toEqual(['created', 'sent', 'completed']);
    expect(completed.ticketText).toContain('Re-encryption for AWS account 012345678901');

    const revision = value(await service.open(PACKS.revision));
    expect(revision.record).toMatchObject({ status: 'ready', revision: 2, supersedes: PACKS.completed });
    const withdrawn = value(await service.open(PACKS.withdrawn));
    expect(withdrawn.record).toMatchObject({ status: 'withdrawn', ticketRef: '' });
    expect(withdrawn.record.withdrawnReason).toContain('Wrong AWS account.');
    expect(withdrawn.record.sentAt).toBeUndefined();
  });

  it('pass sha256sum --strict -c and ssh-keygen -Y verify, and their drafts open with age -d', () => {
    for (const name of Object.values(PACKS)) {
      const pack = join(ARCHIVE, name);
      for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
        const sums = spawnSync('sha256sum', ['--strict', '-c', manifest], { cwd: pack, encoding: 'utf8' });
        expect(sums.status, `${name} ${manifest}: ${sums.stdout}${sums.stderr}`).toBe(0);
      }
      const signature = spawnSync(
        'ssh-keygen',
        [
          '-Y',
          'verify',
          '-f',
          ALLOWED_SIGNERS,
          '-I',
          'compliance@acme.example',
          '-n',
          'cmk-rekey-archive',
        ].concat(['-s', join(pack, SIGNATURE_FILE)]),
        { input: readFileSync(join(pack, 'tagmanifest-sha256.txt')), encoding: 'utf8' },
      );
      expect(signature.status, signature.stderr).toBe(0);
      const draft = spawnSync(
        'age',
        ['-d', '-i', join(FIXTURE, 'compliance-identity.txt'), join(pack, 'data', 'draft.age')],
        { encoding: 'utf8' },
      );
      expect(draft.status, draft.stderr).toBe(0);
      const record = JSON.parse(readFileSync(join(pack, 'data', 'record.json'), 'utf8')) as {
        draftId: string;
      };
      expect((JSON.parse(draft.stdout) as { draft: { id: string } }).draft.id).toBe(record.draftId);
    }
    expect(readdirSync(ARCHIVE).sort()).toEqual(Object.values(PACKS).sort());
  });

  it("have a readable summary.pdf: pdftotext gives the record and the ticket's fields", () => {
    const text = spawnSync('pdftotext', [join(ARCHIVE, PACKS.completed, 'data', 'summary.pdf'), '-'], {
      encoding: 'utf8',
    });
    expect(text.status, text.stderr).toBe(0);
    for (const line of [
      `Atlassian ticket: ${TICKET}`,
      'Sent: 2026-11-30T10:15:00+01:00 by Zoë Łukasiewicz-Müller (root)',
      'Completion note: 再暗号化の完了後に古い鍵を無効にします。',
      'Re-encryption for AWS account 012345678901',
    ])
      expect(text.stdout).toContain(line);
  });
});
