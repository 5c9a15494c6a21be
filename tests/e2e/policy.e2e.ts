/**
 * An organization's policy end to end: the built renderer with the real main services reading a system
 * policy file. Locked values show as locked, forbidden exports are absent and refused by main, new
 * drafts carry the policy's defaults and are readable with the compliance team's key (age CLI).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draftFromRequest, emptyDraftRequest } from '../../src-shared/drafts/draft.js';
import { COMPLIANCE_IDENTITY, COMPLIANCE_RECIPIENT, policyText } from '../fixtures/policies.js';
import { ORGANIZATION_ID, validRequest } from '../fixtures/requests.js';
import { expect, test } from './fixture.js';
import { TEST_PASSPHRASE, startHarness, type Harness, type HarnessOptions } from './harness.js';
import { DraftsPage } from './pages/drafts-page.js';
import { RequestPage } from './pages/request-page.js';

const LOCKING_POLICY = policyText({
  complianceRecipients: { value: [COMPLIANCE_RECIPIENT], locked: true },
  allowedRealms: { value: ['eu', 'de'], locked: true },
  plaintextExports: { value: false, locked: true },
  idleLockMinutes: { value: 5, locked: true },
  defaultOrganizationId: { value: ORGANIZATION_ID },
  defaultSiteUrl: { value: 'https://acme.atlassian.net' },
});

let harness: Harness | undefined;

async function start(options: HarnessOptions) {
  harness = await startHarness({ vault: 'unlocked', ...options });
  return { harness, drafts: new DraftsPage(harness.page), form: new RequestPage(harness.page) };
}

test('a locking policy: locked settings, restricted realms, no plaintext export, compliance can read new drafts', async () => {
  const { harness: h, drafts, form } = await start({ policy: LOCKING_POLICY });
  const page = h.page;
  await drafts.expectList();

  await drafts.show('Settings');
  await expect(page.locator('#auto-lock-locked')).toContainText('5 minutes');
  await expect(page.locator('#auto-lock-locked')).toContainText('Set by your organization');
  await expect(page.locator('#auto-lock-minutes')).toHaveCount(0);
  await expect(page.getByRole('list', { name: /Also encrypted for/ })).toContainText(COMPLIANCE_RECIPIENT);
  await expect(page.getByRole('region', { name: 'Organization policy' })).toContainText(
    join(h.folder, 'system-policy.json'),
  );
  await expect(page.getByRole('region', { name: 'Organization policy' })).toContainText('in force');

  await drafts.show('Drafts');
  await form.startNewDraft();
  await form.goTo('organization');
  await expect(form.field('siteUrl')).toHaveValue('https://acme.atlassian.net');
  await expect(form.field('organizationId')).toHaveValue(ORGANIZATION_ID);
  await form.goTo('account');
  await expect(form.field('realm').locator('option')).toHaveText([
    'Choose a realm…',
    'Europe (2 regions)',
    'Germany (single region)',
  ]);
  await expect(page.getByText('Set by your organization: only Europe, Germany.')).toBeVisible();
  await form.typeInto(form.field('awsAccountId'), '123456789012');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');

  await form.goTo('review');
  await expect(page.getByRole('button', { name: /^Export as/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Copy/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Save/ })).toHaveCount(0);
  await expect(page.locator('#export-reason')).toContainText('unencrypted exports are off');

  // Main refuses the export even when asked directly over IPC, and a realm outside the policy.
  const refused = await page.evaluate(
    (request) => window.cmkRekey?.exportTicket({ request, format: 'text' }),
    { ...emptyDraftRequest(), realm: 'eu' as const },
  );
  expect(refused).toMatchObject({ ok: false, code: 'forbidden' });
  expect(h.dialogs.asked).toEqual([]);

  // The compliance team opens the new draft with its own key and the age tool.
  const list = await h.vault.withVault((vault) => vault.list());
  if (!list.ok) throw new Error(list.message);
  const id = list.value[0]?.id ?? '';
  writeFileSync(join(h.folder, 'compliance.key'), `${COMPLIANCE_IDENTITY}\n`);
  const plain = execFileSync(
    'age',
    ['-d', '-i', join(h.folder, 'compliance.key'), join(h.vaultFolder, 'drafts', `${id}.age`)],
    { encoding: 'utf8' },
  );
  expect(plain).toContain('123456789012');
  expect(plain).toContain('https://acme.atlassian.net');
});

test('the drafts list judges each draft by the policy in force, as the form does: a realm it does not allow is not Ready', async () => {
  const {
    harness: h,
    drafts,
    form,
  } = await start({
    policy: policyText({ allowedRealms: { value: ['eu', 'de'], locked: true } }),
    // Drafts already in the vault (made before the policy, or imported): the index keeps their summaries.
    beforeLoad: async (_page, vault) => {
      for (const [title, realm] of [
        ['Acme UK rotation', 'uk'],
        ['Acme EU rotation', 'eu'],
      ] as const) {
        const made = await vault.withVault((open) =>
          open.newDraft({ title, request: draftFromRequest(validRequest(realm)) }),
        );
        if (!made.ok) throw new Error(made.message);
      }
    },
  });
  const page = h.page;
  await drafts.expectList();
  await expect(drafts.card('Acme UK rotation')).toContainText('Status: Has errors');
  await expect(drafts.card('Acme EU rotation')).toContainText('Status: Ready');
  const status = page.getByRole('search', { name: 'Find drafts' }).getByRole('combobox', { name: 'Status' });
  const titles = page.getByRole('list', { name: 'Drafts' }).getByRole('heading', { level: 3 });
  await status.selectOption({ label: 'Ready' });
  await expect(titles).toHaveText(['Acme EU rotation']);
  await status.selectOption({ label: 'Draft (not ready)' });
  await expect(titles).toHaveText(['Acme UK rotation']);

  // The form says the same of it.
  await drafts.open('Acme UK rotation');
  await form.goTo('review');
  await expect(page.getByText('1 thing to fix before sending.')).toBeVisible();
  await expect(
    page.getByText("Your organization's policy does not allow the United Kingdom realm."),
  ).toBeVisible();
});

test('an unreadable policy file: a banner names it and why, and exports are off', async () => {
  const { harness: h, drafts, form } = await start({ policy: '{ "format": "cmk-rekey/policy", ' });
  const banner = h.page.getByRole('alert').filter({ hasText: 'could not be fully read' });
  await expect(banner).toContainText(join(h.folder, 'system-policy.json'));
  await expect(banner).toContainText('This is not valid JSON');
  await drafts.expectList();
  await form.startNewDraft();
  await form.goTo('review');
  await expect(h.page.getByRole('button', { name: /^Export as/ })).toHaveCount(0);
});

test('a vault folder the policy sets that is not there (a share not connected): said so, and Try again finds the vault', async () => {
  const share = join(mkdtempSync(join(tmpdir(), 'cmk-rekey-share-')), 'alice', 'vault');
  harness = await startHarness({ policy: policyText({ vaultFolder: { value: share, locked: true } }) });
  const { page } = harness;
  await expect(
    page.getByRole('heading', { level: 2, name: 'The folder of your drafts cannot be found' }),
  ).toBeVisible();
  await expect(page.getByText('The folder chosen for your drafts is not there:')).toContainText(share);
  await expect(page.getByRole('button', { name: 'Create a new vault there' })).toBeVisible();
  await page.screenshot({ path: 'test-results/vault-folder-missing.png', fullPage: true });
  expect(existsSync(share)).toBe(false);

  // The share comes back with the vault on it (made in an earlier run): Try again asks for its passphrase.
  const made = await harness.vault.create({ passphrase: TEST_PASSPHRASE, recipients: [] });
  expect(made.ok).toBe(true);
  await harness.vault.lock();
  await page.getByRole('button', { name: 'Try again' }).click();
  const drafts = new DraftsPage(page);
  await drafts.unlock(TEST_PASSPHRASE);
  await drafts.expectList();
});
