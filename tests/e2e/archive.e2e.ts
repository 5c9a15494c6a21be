/**
 * Evidence packs end to end: seal drafts from the app into an archive folder, browse it, open a pack
 * read-only, save it as a .zip, and see a tampered pack's badge with its reason; a larger archive fills in
 * behind its first screen (the real services behind the contract).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { draftFromRequest } from '../../src-shared/drafts/draft.js';
import { sealPack } from '../../src-main/archive/seal.js';
import { packInput, packRecord, signingKey } from '../fixtures/packs.js';
import { validRequest } from '../fixtures/requests.js';
import { expect, test } from './fixture.js';
import { startHarness, type Harness } from './harness.js';
import { DraftsPage } from './pages/drafts-page.js';

let harness: Harness | undefined;

test('seal two drafts from the app, browse the archive, open one, and see the tampered one', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const { page, dialogs } = harness;
  const drafts = new DraftsPage(page);
  for (const [title, ticket] of [
    ['EU keys', 'ABC-100001'],
    ['US keys', 'ABC-100002'],
  ] as const) {
    const made = await harness.vault.withVault(async (vault) => {
      const draft = await vault.newDraft({ request: draftFromRequest(validRequest('eu')), title });
      return draft.ok ? vault.markSent(draft.value.id, { ticket }) : draft;
    });
    expect(made.ok).toBe(true);
  }
  const archive = mkdtempSync(join(tmpdir(), 'cmk-rekey-e2e-archive-'));
  const signingKey = (
    JSON.parse(readFileSync(join(harness.vaultFolder, 'vault.json'), 'utf8')) as { signingKey: string }
  ).signingKey;
  const allowed = join(mkdtempSync(join(tmpdir(), 'cmk-rekey-e2e-signers-')), 'allowed_signers');
  writeFileSync(allowed, `compliance@acme.example ${signingKey}\n`);

  await drafts.show('Archive');
  await expect(
    page.getByRole('status').getByText('No archive folder is chosen yet.', { exact: false }),
  ).toBeVisible();
  dialogs.answers.push(archive);
  await page.getByRole('button', { name: 'Choose… the archive folder' }).click();
  await expect(page.getByText(archive)).toBeVisible();
  dialogs.answers.push(allowed);
  await page.getByRole('button', { name: 'Choose… the allowed-signers file' }).click();
  await expect(page.getByText(allowed)).toBeVisible();

  await drafts.show('Drafts');
  for (const title of ['EU keys', 'US keys']) {
    await page.getByRole('button', { name: `Seal for archive “${title}”` }).click();
    await expect(page.getByText(new RegExp(`Sealed “${title}” into the archive as \\S+`))).toBeVisible();
  }
  const packs = readdirSync(archive);
  expect(packs).toHaveLength(2);
  const tampered = packs.find((name) => name.includes('ABC-100002')) ?? '';
  const ticket = join(archive, tampered, 'data/ticket.txt');
  writeFileSync(ticket, readFileSync(ticket, 'utf8').replace('Cloud', 'Clown'));

  await drafts.show('Archive');
  const list = page.getByRole('list', { name: 'Evidence packs' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  const good = list.getByRole('listitem').filter({ hasText: 'ABC-100001' });
  const bad = list.getByRole('listitem').filter({ hasText: 'ABC-100002' });
  await expect(good.getByText('Valid', { exact: true })).toBeVisible();
  await expect(good).toContainText('signed by compliance@acme.example');
  await expect(bad.getByText('Tampered', { exact: true })).toBeVisible();
  await expect(bad).toContainText('changed file: data/ticket.txt');
  // its signer.pub is only a claim: the signature was never checked against changed files
  await expect(bad).toContainText(/not verified: names cmk-rekey-vault \(SHA256:\S+\) as signer/);
  await expect(bad).not.toContainText('signed by');
  await expect(page.getByText('2 of 2 packs shown; 2 of 2 checked.')).toBeVisible();

  await page.getByLabel('Badge').selectOption('tampered');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Badge').selectOption('all');
  await page.getByLabel('Search').fill('ABC-100001');
  await expect(list.getByRole('listitem')).toHaveCount(1);

  await good.getByRole('button', { name: /^Open/ }).click();
  const opened = page.getByRole('dialog', { name: packs.find((name) => name.includes('ABC-100001')) ?? '' });
  await expect(opened).toContainText('Ticket as sent');
  await expect(opened).toContainText('ABC-100001');
  await expect(opened.locator('pre')).toContainText('Re-encryption for AWS account');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((violation) => `${violation.id} ${violation.help}`)).toEqual([]);

  const zip = join(harness.folder, 'evidence.zip');
  dialogs.answers.push(zip);
  await opened.getByRole('button', { name: /^Save as \.zip…/ }).click();
  await expect(opened.getByRole('status')).toHaveText(new RegExp(`as ${zip}\\.$`));
  const unzipped = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' });
  expect(unzipped.status, unzipped.stdout).toBe(0);
  expect(readdirSync(archive).sort()).toEqual([...packs].sort());
  // Escape closes the pack, and focus is back where it was
  await page.keyboard.press('Escape');
  await expect(opened).toBeHidden();
  await expect(good.getByRole('button', { name: /^Open/ })).toBeFocused();
});

test('a larger archive shows its newest packs first and fills in the rest, with every badge', async () => {
  harness = await startHarness({ vault: 'unlocked' });
  const { page, dialogs } = harness;
  const archive = mkdtempSync(join(tmpdir(), 'cmk-rekey-e2e-archive-'));
  const key = signingKey();
  const newest = await sealPack(
    archive,
    packInput(key.privateKey, {
      sealedAt: new Date('2026-11-30T12:00:00Z'),
      record: packRecord({ ticketRef: 'NEW-1' }),
    }),
  );
  const old = await sealPack(
    archive,
    packInput(key.privateKey, { sealedAt: new Date('2024-01-02T12:00:00Z') }),
  );
  // copies under other names: they list from bag-info.txt, and their badges say they were renamed
  for (let index = 0; index < 98; index += 1) {
    cpSync(
      old.path,
      join(
        archive,
        `2025-06-01_012345678901_ABC-${String(200000 + index)}_${index.toString(16).padStart(8, '0')}`,
      ),
      {
        recursive: true,
      },
    );
  }
  await new DraftsPage(page).show('Archive');
  dialogs.answers.push(archive);
  await page.getByRole('button', { name: 'Choose… the archive folder' }).click();
  const list = page.getByRole('list', { name: 'Evidence packs' });
  await expect(list.getByRole('listitem').first()).toContainText('NEW-1');
  await expect(page.getByText('100 of 100 packs shown; 100 of 100 checked.')).toBeVisible();
  // In a small window the list scrolls with the page, not in a box of its own: one scrollbar, and its
  // last pack comes into view at the page's end.
  await page.setViewportSize({ width: 800, height: 600 });
  const scrollers = await page.evaluate(
    () =>
      [...document.querySelectorAll('main *')].filter(
        (element) =>
          element.scrollHeight > element.clientHeight + 1 &&
          ['auto', 'scroll'].includes(getComputedStyle(element).overflowY),
      ).length,
  );
  expect(scrollers).toBe(0);
  await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
  });
  await expect(list.locator('li[aria-posinset="100"]')).toBeInViewport();
  await page.getByLabel('Badge').selectOption('unverifiable');
  await expect(page.getByText('98 of 100 packs shown; 100 of 100 checked.')).toBeVisible();
  await expect(list.getByRole('listitem').first()).toContainText('the folder was renamed');
  await page.getByLabel('Badge').selectOption('unknown-signer');
  await expect(page.getByText('2 of 100 packs shown; 100 of 100 checked.')).toBeVisible();
  expect(readdirSync(archive)).toContain(newest.name);
});
