/**
 * Encrypted drafts end to end: the built renderer with the real VaultSession (fast test scrypt) behind
 * the contract. Autosave across a crash, wrong passphrase, auto-lock that saves first and returns to the
 * same field, planted files, export/import and trash.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { Encrypter } from 'age-encryption';
import { DRAFT_FORMAT, emptyDraftRequest, type DraftDocument } from '../../src-shared/drafts/draft.js';
import { validRequest } from '../fixtures/requests.js';
import { TEST_PASSPHRASE, closeBrowser, startHarness, type Harness, type HarnessOptions } from './harness.js';
import { DraftsPage } from './pages/drafts-page.js';
import { RequestPage } from './pages/request-page.js';

let harness: Harness | undefined;

test.afterEach(async () => {
  if (harness !== undefined) {
    expect(
      harness.requests.filter((url) => !url.startsWith(`${harness?.origin ?? ''}/`)),
      'network use',
    ).toEqual([]);
    expect(harness.consoleErrors).toEqual([]);
    await harness.close();
  }
  harness = undefined;
});
test.afterAll(closeBrowser);

async function start(options: HarnessOptions = {}) {
  harness = await startHarness(options);
  return { harness, drafts: new DraftsPage(harness.page), form: new RequestPage(harness.page) };
}

/** Encrypts `text` to the vault's own recipient, as anyone who knows its public key could. */
async function plant(h: Harness, name: string, text: string): Promise<void> {
  const status = await h.vault.status();
  if (!status.ok) throw new Error(status.message);
  const encrypter = new Encrypter();
  encrypter.addRecipient(status.value.recipient);
  writeFileSync(join(h.vaultFolder, 'drafts', name), await encrypter.encrypt(text));
}

function plantedDraft(id: string, title: string): DraftDocument {
  const now = new Date().toISOString();
  return {
    format: DRAFT_FORMAT,
    version: 2,
    id,
    title,
    createdAt: now,
    updatedAt: now,
    request: { ...emptyDraftRequest(), siteUrl: 'https://evil.atlassian.net', awsAccountId: '999999999999' },
    position: { step: 'review' },
    checklist: [],
    state: 'open',
    revision: 1,
    history: [],
  };
}

test('first run: create the vault, type, "Saved · encrypted", crash, unlock: the draft is there', async () => {
  const { harness: h, drafts, form } = await start();
  const { page } = h;
  await expect(page.getByRole('heading', { level: 2, name: 'Set up encrypted drafts' })).toBeFocused();
  await expect(page).toHaveTitle('Set up encrypted drafts – CMK Rekey');
  await drafts.createVault(TEST_PASSPHRASE);
  await expect(page.getByText('No drafts yet.')).toBeVisible();
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await expect(page).toHaveTitle('AWS account 012345678901 – CMK Rekey');
  const files = readdirSync(join(h.vaultFolder, 'drafts')).filter((name) => name.endsWith('.age'));
  expect(files).toHaveLength(1);
  // Encrypted on disk: the account ID is not readable in the file.
  expect(readFileSync(join(h.vaultFolder, 'drafts', files[0] ?? '')).toString('latin1')).not.toContain(
    '012345678901',
  );

  await h.restartMain(); // the app dies and starts again: main has forgotten the passphrase
  await expect(page.getByRole('heading', { level: 2, name: 'Unlock your drafts' })).toBeVisible();
  await drafts.unlock(TEST_PASSPHRASE);
  await drafts.expectList();
  const card = drafts.card('AWS account 012345678901');
  await expect(card).toContainText('Incomplete');
  await expect(card).toContainText(/AWS account\s*012345678901/);
  await expect(card.locator('time')).toHaveText('just now');
  await expect(card.locator('time')).toHaveAttribute('title', /\d{4} at \d\d:\d\d/);
  await drafts.open('AWS account 012345678901');
  await form.expectStep('account');
  await expect(form.field('awsAccountId')).toHaveValue('012345678901');
  await expect(form.field('awsAccountId')).toBeFocused();
});

test('a wrong passphrase says so, keeps focus and changes nothing', async () => {
  const { harness: h, drafts } = await start({ vault: 'locked' });
  const { page } = h;
  await drafts.unlock('copper lantern drifts over quiet harbour');
  await expect(drafts.passphrase).toHaveAccessibleDescription(/That passphrase is not right\./);
  await expect(drafts.passphrase).toBeFocused();
  await expect(drafts.passphrase).toHaveValue('copper lantern drifts over quiet harbour');
  expect((await h.vault.status()).ok && (await h.vault.status())).toMatchObject({
    value: { state: 'locked' },
  });
  // The text is selected: typing replaces it.
  await page.keyboard.type(TEST_PASSPHRASE);
  await page.keyboard.press('Enter');
  await drafts.expectList();
});

test('auto-lock after 1 idle minute saves first, then unlock returns to the same step and field', async () => {
  const {
    harness: h,
    drafts,
    form,
  } = await start({
    vault: 'unlocked',
    beforeLoad: (page) => page.clock.install(),
  });
  const { page } = h;
  await drafts.show('Settings');
  const minutes = page.getByLabel('Lock after this many minutes without input');
  await expect(minutes).toHaveValue('10');
  await minutes.fill('1');
  await page.getByRole('button', { name: 'Save auto-lock' }).click();
  await expect(page.getByText('Saved: the vault locks after 1 minute without input.')).toBeVisible();

  await drafts.show('Drafts');
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '0123-4567-8901');
  // Typed a moment ago: the autosave (600 ms) has not run yet; the lock must save it.
  await page.clock.fastForward(61_000);
  await expect(page.getByRole('heading', { level: 2, name: 'Unlock your drafts' })).toBeVisible();
  await expect(drafts.passphrase).toHaveAccessibleDescription(
    /Locked after 1 minute without input\. Your open draft is saved/,
  );
  const status = await h.vault.status();
  expect(status.ok && status.value.state).toBe('locked');
  // Nothing of the draft is on the page while locked.
  await expect(page.locator('body')).not.toContainText('4567');

  await drafts.unlock(TEST_PASSPHRASE);
  await form.expectStep('account');
  await expect(form.field('awsAccountId')).toBeFocused();
  await expect(form.field('awsAccountId')).toHaveValue('0123-4567-8901');
});

test('planted and damaged files are listed apart with the reason; the other drafts still open', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page } = h;
  await form.startNewDraft();
  await form.goTo('organization');
  await form.typeInto(form.field('siteUrl'), 'https://acme.atlassian.net');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await drafts.show('Drafts');
  await expect(drafts.card('acme.atlassian.net')).toBeVisible();

  const plantedId = 'f'.repeat(32);
  await plant(h, `${plantedId}.age`, JSON.stringify(plantedDraft(plantedId, 'Urgent: new keys')));
  writeFileSync(join(h.vaultFolder, 'drafts', `${'e'.repeat(32)}.age`), 'age-encryption.org/v1\ngarbage');
  await drafts.show('Trash');
  await drafts.show('Drafts');

  await expect(page.getByRole('region', { name: 'Set aside: 2 files not opened' })).toBeVisible();
  const flagged = page.getByRole('region', { name: /^Set aside/ });
  const planted = flagged.getByRole('listitem').filter({ hasText: 'Urgent: new keys' });
  await expect(planted).toContainText('Not written by this vault');
  await expect(planted).toContainText("It is not sealed: someone who knows the vault's public key wrote it");
  const damaged = flagged.getByRole('listitem').filter({ hasText: `${'e'.repeat(32)}.age` });
  await expect(damaged).toContainText('Damaged: cannot be read');
  expect(existsSync(join(h.vaultFolder, 'drafts', `${plantedId}.age`))).toBe(false);

  // The real draft is unaffected.
  await drafts.open('acme.atlassian.net');
  await form.expectStep('organization');
  await expect(form.field('siteUrl')).toHaveValue('https://acme.atlassian.net');
  await drafts.show('Drafts');

  await damaged.getByRole('button', { name: /^Delete…/ }).click();
  await page
    .getByRole('dialog', { name: 'Delete this file for good?' })
    .getByRole('button', { name: 'Delete for good' })
    .click();
  await expect(page.getByRole('region', { name: 'Set aside: 1 file not opened' })).toBeVisible();

  await planted.getByRole('button', { name: /^Trust and import…/ }).click();
  const warning = page.getByRole('dialog', { name: 'Trust this file?' });
  await expect(warning).toContainText('was not written by this vault');
  await expect(warning.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await warning.getByRole('button', { name: 'Trust and import' }).click();
  await expect(page.getByRole('region', { name: /Set aside/ })).toHaveCount(0);
  await expect(drafts.card('Urgent: new keys')).toBeVisible();
  await expect(drafts.card('Urgent: new keys').getByRole('button', { name: /^Open/ })).toBeFocused();
});

test('export a draft as .age and import it back; import a request .json', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page, dialogs, folder } = h;
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await drafts.show('Drafts');

  const exported = join(folder, 'exported.age');
  dialogs.answers.push(exported);
  await drafts
    .card('AWS account 012345678901')
    .getByRole('button', { name: /^Export \.age…/ })
    .click();
  await expect(page.getByRole('status')).toContainText(
    'Exported “AWS account 012345678901” as exported.age.',
  );
  expect(readFileSync(exported).subarray(0, 21).toString()).toBe('age-encryption.org/v1');

  dialogs.answers.push(exported);
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect(page.getByRole('status')).toContainText('Imported “AWS account 012345678901” as a new draft.');
  await expect(drafts.card('AWS account 012345678901')).toHaveCount(2);

  const requestFile = join(folder, 'eu-rekey.json');
  writeFileSync(requestFile, JSON.stringify(validRequest('eu')));
  dialogs.answers.push(requestFile);
  await page.getByRole('button', { name: 'Import…' }).click();
  await expect(drafts.card('eu-rekey')).toContainText('Ready');
  await expect(drafts.card('eu-rekey')).toContainText(/Realm\s*Europe/);
});

test('delete moves a draft to the trash; restore brings it back', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page } = h;
  await drafts.createDrafts(form, ['111111111111', '222222222222']);
  await drafts
    .card('AWS account 111111111111')
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expect(drafts.card('AWS account 111111111111')).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('Moved “AWS account 111111111111” to the trash.');
  // Focus moves to a neighbour, not to the top of the page.
  await expect(drafts.card('AWS account 222222222222').getByRole('button', { name: /^Open/ })).toBeFocused();

  await drafts.show('Trash');
  const trashed = drafts.card('AWS account 111111111111');
  await expect(trashed).toContainText(/Deleted\s*just now/);
  await trashed.getByRole('button', { name: /^Restore/ }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  await drafts.show('Drafts');
  await expect(drafts.card('AWS account 111111111111')).toBeVisible();
  await expect(drafts.card('AWS account 222222222222')).toBeVisible();
});

test('opening a request file inside a draft loads it there and autosaves it', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page, dialogs, folder } = h;
  await form.startNewDraft();
  const file = join(folder, 'acme.json');
  writeFileSync(file, JSON.stringify(validRequest('eu')));
  dialogs.answers.push(file);
  await page.keyboard.press('ControlOrMeta+O');
  await form.expectStep('review');
  await expect(page.getByRole('status')).toContainText('Opened acme.json.');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await drafts.show('Drafts');
  const drafted = page.getByRole('list', { name: 'Drafts, newest first' }).getByRole('listitem');
  await expect(drafted).toHaveCount(1);
  await expect(drafted).toContainText('Ready');
});

test('when main locks the vault (screen lock), coming back to the window shows the unlock screen', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page } = h;
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  await h.vault.lock(); // what main does on powerMonitor 'lock-screen'
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByRole('heading', { level: 2, name: 'Unlock your drafts' })).toBeVisible();
  await expect(drafts.passphrase).toHaveAccessibleDescription(
    /The vault was locked \(the computer was locked or went to sleep\)\. Your open draft is saved/,
  );
  await drafts.unlock(TEST_PASSPHRASE);
  await form.expectStep('account');
  await expect(form.field('awsAccountId')).toHaveValue('012345678901');
});
