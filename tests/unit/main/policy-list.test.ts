/**
 * The drafts list under an organization's policy, through the IPC handlers: the same verdict as the form
 * (draftStatus with the policy's rules) for the policy in force now, although the vault's index keeps
 * the summaries from run to run and a policy file can change between runs. A pack sealed from the list
 * records the same status.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { draftFromRequest, type DraftRequest } from '../../../src-shared/drafts/draft.js';
import { findDrafts } from '../../../src-shared/drafts/find.js';
import { draftStatus } from '../../../src-shared/drafts/status.js';
import type { DraftSummary } from '../../../src-shared/drafts/summary.js';
import { createHandlers } from '../../../src-main/ipc/handlers.js';
import { RequestFiles } from '../../../src-main/files/request-files.js';
import { Policy } from '../../../src-main/policy/policy.js';
import { SettingsFile } from '../../../src-main/settings.js';
import { policyText } from '../../fixtures/policies.js';
import { ORGANIZATION_ID, SITE_URL, validRequest } from '../../fixtures/requests.js';
import { QueuedDialogs, archiveService, vaultSession } from '../../support/queued-dialogs.js';

const PASSPHRASE = 'amber kettle ninety quiet ferries';
const OTHER_ORGANIZATION_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** Only Europe and Germany, and the organization ID locked to ORGANIZATION_ID. */
const STRICT = policyText({
  allowedRealms: { value: ['eu', 'de'], locked: true },
  defaultOrganizationId: { value: ORGANIZATION_ID, locked: true },
});
const NONE = policyText({});

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cmk-rekey-policy-list-'));
});

/** The app as one run starts it: main's services under the policy file as it reads now. */
async function run(text: string) {
  writeFileSync(join(root, 'system.json'), text);
  const policy = await Policy.load(
    { system: join(root, 'system.json'), portable: join(root, 'none.json') },
    join(root, 'vault'),
  );
  const dialogs = new QueuedDialogs();
  const vault = vaultSession(root, dialogs, undefined, policy);
  const handlers = createHandlers({
    files: new RequestFiles(dialogs, policy),
    vault,
    archive: archiveService(root, dialogs, policy),
    version: '1.2.3',
  });
  return { policy, vault, handlers };
}

type Handlers = Awaited<ReturnType<typeof run>>['handlers'];

async function listed(handlers: Handlers): Promise<DraftSummary[]> {
  const list = await handlers.draftsList({});
  if (!list.ok) throw new Error(list.message);
  return list.value;
}

const statusOf = (list: readonly DraftSummary[], title: string) =>
  list.find((summary) => summary.title === title)?.status;

/** Drafts whose verdict the policy changes (or, for the last two, must not change). */
const DRAFTS: Record<string, DraftRequest> = {
  'uk, otherwise ready': draftFromRequest(validRequest('uk')),
  'eu, ready': draftFromRequest(validRequest('eu')),
  'uk, account not entered': draftFromRequest(validRequest('uk', { awsAccountId: '' })),
  'eu, another organization': draftFromRequest(validRequest('eu', { organizationId: OTHER_ORGANIZATION_ID })),
  // An organization ID not entered yet (blank) is missing, not "another one": still only incomplete.
  'eu, organization blank': draftFromRequest(validRequest('eu', { organizationId: '   ' })),
  // An untidied site URL is an error of its own; the policy adds nothing to it.
  'de, site untidied': draftFromRequest(validRequest('de', { siteUrl: `${SITE_URL}/wiki/x` })),
};

describe('the drafts list under a policy', () => {
  it('shows the verdict of the policy in force at each run, as the form does, in the list, its filters and the trash', async () => {
    const first = await run(NONE);
    await first.vault.create({ passphrase: PASSPHRASE, recipients: [] });
    for (const [title, request] of Object.entries(DRAFTS)) {
      const created = await first.handlers.draftNew({ request, title });
      if (!created.ok) throw new Error(created.message);
    }
    const free = await listed(first.handlers);
    expect(Object.keys(DRAFTS).map((title) => statusOf(free, title))).toEqual([
      'ready',
      'ready',
      'incomplete',
      'ready',
      'incomplete',
      'has-errors',
    ]);
    await first.vault.lock();

    // The next run reads a policy file that was changed meanwhile; the index from the first run is kept.
    const second = await run(STRICT);
    await second.vault.unlock({ passphrase: PASSPHRASE });
    const strict = await listed(second.handlers);
    expect(Object.keys(DRAFTS).map((title) => statusOf(strict, title))).toEqual([
      'has-errors',
      'ready',
      'has-errors',
      'has-errors',
      'incomplete',
      'has-errors',
    ]);
    // The form's verdict on each draft, opened: the list says the same.
    for (const summary of strict) {
      const draft = await second.handlers.draftLoad({ id: summary.id });
      if (!draft.ok) throw new Error(draft.message);
      expect([summary.title, summary.status]).toEqual([
        summary.title,
        draftStatus(draft.value.request, draft.value.keyChecks, second.policy.requestRules),
      ]);
    }
    expect(findDrafts(strict, { status: 'ready' }).map((summary) => summary.title)).toEqual(['eu, ready']);

    const uk = strict.find((summary) => summary.title === 'uk, otherwise ready');
    // A pack sealed now records the status the list shows, not the one the index keeps.
    const archive = mkdtempSync(join(tmpdir(), 'cmk-rekey-policy-archive-'));
    await new SettingsFile(join(root, 'settings.json'), () => undefined).update({ archiveFolder: archive });
    const pack = await second.handlers.archiveSeal({ id: uk?.id ?? '' });
    if (!pack.ok) throw new Error(pack.message);
    const record = JSON.parse(readFileSync(join(archive, pack.value.name, 'data/record.json'), 'utf8')) as {
      status: string;
    };
    expect(record.status).toBe('draft');

    expect(await second.handlers.draftDelete({ id: uk?.id ?? '' })).toEqual({ ok: true, value: {} });
    expect(await second.handlers.draftsTrash({})).toMatchObject({
      ok: true,
      value: [{ title: 'uk, otherwise ready', status: 'has-errors' }],
    });
    await second.vault.lock();

    // The policy is lifted again: nothing of the strict run's verdict was kept.
    const third = await run(NONE);
    await third.vault.unlock({ passphrase: PASSPHRASE });
    expect(statusOf(await listed(third.handlers), 'eu, another organization')).toBe('ready');
    expect(await third.handlers.draftsTrash({})).toMatchObject({
      ok: true,
      value: [{ title: 'uk, otherwise ready', status: 'ready' }],
    });
  });
});
