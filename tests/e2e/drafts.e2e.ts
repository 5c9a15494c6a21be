/**
 * Encrypted drafts end to end: the built renderer with the real VaultSession (fast test scrypt) behind
 * the contract. Autosave across a crash, wrong passphrase, auto-lock that saves first and returns to the
 * same field, planted files, export/import and trash.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Encrypter } from 'age-encryption';
import {
  DRAFT_FORMAT,
  DRAFT_VERSION,
  draftFromRequest,
  emptyDraftRequest,
  type DraftDocument,
} from '../../src-shared/drafts/draft.js';
import type { VaultSession } from '../../src-main/drafts/vault-session.js';
import { Vault } from '../../src-main/vault/vault.js';
import type { Result } from '../../src-shared/ipc/result.js';
import { validRequest } from '../fixtures/requests.js';
import { expect, test } from './fixture.js';
import { TEST_PASSPHRASE, startHarness, type Harness, type HarnessOptions } from './harness.js';
import { DraftsPage } from './pages/drafts-page.js';
import { RequestPage } from './pages/request-page.js';

const SHOTS = process.env['SHOTS_DIR'];
let harness: Harness | undefined;

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

function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function plantedDraft(id: string, title: string): DraftDocument {
  const now = new Date().toISOString();
  return {
    format: DRAFT_FORMAT,
    version: DRAFT_VERSION,
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
  // Last change: how long ago, and the time in this machine's zone with its offset.
  await expect(card).toContainText(/just now · \d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\)/);
  await expect(card.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);
  await drafts.open('AWS account 012345678901');
  await form.expectStep('account');
  await expect(form.field('awsAccountId')).toHaveValue('012345678901');
  await expect(form.field('awsAccountId')).toBeFocused();
});

test('a reload of the window (View → Reload) comes back in the open draft, at the same step and field', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page } = h;
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await page.reload();
  await form.expectStep('account');
  await expect(form.field('awsAccountId')).toHaveValue('012345678901');
  await expect(form.field('awsAccountId')).toBeFocused();
  // Back on the list, a reload stays there.
  await drafts.show('Drafts');
  await page.reload();
  await drafts.expectList();
});

test('a reload while the last changes are not saved asks first; staying keeps them until they save', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page } = h;
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  // The vault's drafts folder goes away behind the app's back (a file in its place): saves fail.
  const folder = join(h.vaultFolder, 'drafts');
  renameSync(folder, `${folder}-away`);
  writeFileSync(folder, 'not a folder');
  await form.typeInto(form.field('awsAccountId'), '109876543210');
  await expect(drafts.saveStatus()).toContainText('Not saved');
  const asked = page.waitForEvent('dialog');
  await page.evaluate(() => {
    setTimeout(() => {
      location.reload();
    }, 0);
  });
  const question = await asked;
  expect(question.type()).toBe('beforeunload');
  await question.dismiss(); // stay
  await expect(form.field('awsAccountId')).toHaveValue('109876543210');
  rmSync(folder);
  renameSync(`${folder}-away`, folder);
  await page.getByRole('button', { name: 'Try again now' }).click();
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await page.reload(); // saved: no question
  await expect(form.field('awsAccountId')).toHaveValue('109876543210');
});

test('while another CMK Rekey changes the vault, a save says so in words and succeeds by itself once it is done', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  // The command line holds the vault's lock (this test's process stands in for it: alive, on this machine).
  const lock = join(h.vaultFolder, 'vault.lock');
  const holder = { pid: process.pid, host: hostname(), since: '2026-12-02T04:00:00.000Z', program: 'cli' };
  writeFileSync(lock, JSON.stringify(holder));
  await form.typeInto(form.field('awsAccountId'), '109876543210');
  await expect(drafts.saveStatus()).toContainText(
    'Not saved. Your changes are kept here, and saving is tried again every few seconds.',
    { timeout: 15_000 },
  );
  await drafts.saveStatus().getByText('Why?').click();
  await expect(drafts.saveStatus()).toContainText(
    `The vault is being changed by another CMK Rekey (the command line, pid ${String(process.pid)} on ${hostname()}, since 2026-12-02T04:00:00.000Z). Nothing was changed here; try again in a moment.`,
  );
  await expect(form.field('awsAccountId')).toHaveValue('109876543210');
  rmSync(lock);
  // No click: the editor tries again by itself.
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted', { timeout: 20_000 });
  const saved = await h.vault.withVault((vault) => vault.list());
  expect(saved.ok && saved.value.map((row) => row.awsAccountId)).toEqual(['109876543210']);
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

test('a draft damaged after it was listed is set aside under its title, saying where it was', async () => {
  const { harness: h, drafts } = await start({ vault: 'unlocked' });
  const draft = await h.vault.withVault((vault) => vault.newDraft({ title: 'EU keys' }));
  const id = value(draft).id;
  await drafts.show('Trash');
  await drafts.show('Drafts');
  await expect(drafts.card('EU keys')).toBeVisible();

  writeFileSync(join(h.vaultFolder, 'drafts', `${id}.age`), 'age-encryption.org/v1\ngarbage');
  await drafts.show('Trash');
  await drafts.show('Drafts');
  const damaged = h.page.getByRole('region', { name: 'Set aside: 1 file not opened' }).getByRole('listitem');
  await expect(damaged.getByRole('heading', { name: 'EU keys' })).toBeVisible();
  await expect(damaged).toContainText('Damaged: cannot be read');
  await expect(damaged).toContainText(`It was drafts/${id}.age.`);
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
  // Titled from its content (site host · AWS account), not from the file name.
  const imported = drafts.card('acme-cloud.atlassian.net · 012345678901');
  await expect(imported).toContainText('Ready');
  await expect(imported).toContainText(/Realm\s*Europe/);
  await expect(drafts.card('eu-rekey')).toHaveCount(0);
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

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
]) {
  test(`the file toolbar stays put while autosave switches between "Saving…" and "Saved" at ${String(viewport.width)}×${String(viewport.height)}`, async () => {
    const { harness: h, drafts, form } = await start({ vault: 'unlocked', viewport });
    const { page } = h;
    await form.startNewDraft();
    await form.goTo('organization');
    await form.typeInto(form.field('siteUrl'), 'acme-cloud.atlassian.net');
    await form.goTo('account');
    await form.typeInto(form.field('awsAccountId'), '048151623420');
    await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
    await expect(page.locator('.draft-name-text')).toHaveText('acme-cloud.atlassian.net · 048151623420');
    // Where the toolbar is on the page each time the save status changes (read as the DOM changes, so
    // none is missed), and where it was before.
    const before = await page.evaluate(() => {
      const bar = document.querySelector('.draftbar');
      const toolbar = document.querySelector('.toolbar');
      if (bar === null || toolbar === null) throw new Error('no draft bar');
      const where = () => {
        const { x, y } = toolbar.getBoundingClientRect();
        return `${String(x + window.scrollX)},${String(y + window.scrollY)}`;
      };
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        seen.push(`${bar.querySelector('.save-status')?.className ?? ''} at ${where()}`);
      }).observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
      return where();
    });
    await form.goTo('timing');
    await form.typeInto(form.field('workingHours'), 'EMEA');
    await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.some((entry) => entry.includes('save-saving'))).toBe(true);
    expect(seen.some((entry) => entry.includes('save-saved'))).toBe(true);
    expect(seen.filter((entry) => !entry.endsWith(` at ${before}`))).toEqual([]);
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      if (SHOTS !== undefined) {
        const name = `draftbar-${String(viewport.width)}-${colorScheme}.png`;
        await page.screenshot({
          path: join(SHOTS, name),
          clip: { x: 0, y: 0, width: viewport.width, height: 200 },
        });
      }
    }
  });
}

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
  const drafted = page.getByRole('list', { name: 'Drafts' }).getByRole('listitem');
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

/** Five requests in every state, written through the vault's own API (as the app and the CLI do). */
async function seedLifecycle(_page: unknown, session: VaultSession): Promise<void> {
  const done = await session.withVault(async (vault) => {
    const make = (title: string, site: string, account: string, realm: 'eu' | 'us') =>
      vault.newDraft({
        title,
        request: draftFromRequest({
          ...validRequest(realm),
          siteUrl: `https://${site}.atlassian.net`,
          awsAccountId: account,
        }),
      });
    const acme = await make('Acme EU rotation', 'acme', '012345678901', 'eu');
    const globex = await make('Globex US rotation', 'globex', '481516234200', 'us');
    const initech = await make('Initech EU rotation', 'initech', '210987654321', 'eu');
    const umbrella = await make('Umbrella US rotation', 'umbrella', '333333333333', 'us');
    const empty = await vault.newDraft({ title: 'Not started' });
    if (!acme.ok || !globex.ok || !initech.ok || !umbrella.ok || !empty.ok) return acme;
    const steps = [
      await vault.markSent(globex.value.id, { ticket: 'CMK-104233', at: '2026-11-21T09:15:00-05:00' }),
      await vault.markSent(initech.value.id, { ticket: 'CMK-99', at: '2026-11-10T10:00:00+01:00' }),
      await vault.markCompleted(initech.value.id, { at: '2026-11-12T16:30:00+01:00', note: 'Confirmed.' }),
      await vault.withdraw(umbrella.value.id, { reason: 'Key rotation postponed.' }),
    ];
    return steps.find((step) => !step.ok) ?? acme;
  });
  if (!done.ok) throw new Error(done.message);
}

test('search, filter and sort the drafts list; times with their zone; "Clear filters"', async () => {
  const { harness: h, drafts } = await start({ vault: 'unlocked', beforeLoad: seedLifecycle });
  const { page } = h;
  await drafts.expectList();
  const tools = page.getByRole('search', { name: 'Find drafts' });
  const search = tools.getByRole('searchbox', { name: /^Search/ });
  const status = tools.getByRole('combobox', { name: 'Status' });
  const realm = tools.getByRole('combobox', { name: 'Realm' });
  const sort = tools.getByRole('combobox', { name: 'Sort by' });
  const count = page.locator('[aria-live="polite"]').filter({ hasText: /drafts?$/ });
  const titles = page.getByRole('list', { name: 'Drafts' }).getByRole('heading', { level: 3 });
  await expect(count).toHaveText('5 drafts');

  await search.fill('GLOBEX');
  await expect(count).toHaveText('1 of 5 drafts');
  await expect(titles).toHaveText(['Globex US rotation']);
  const globex = drafts.card('Globex US rotation');
  await expect(globex).toContainText('Status: Sent');
  await expect(globex).toContainText(/Ticket:?\s*CMK-104233/);
  await expect(globex).toContainText('2026-11-21 09:15 (UTC-05:00)');
  // Last change in this machine's zone, with its offset.
  await expect(globex).toContainText(/just now · \d{4}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\)/);
  await search.fill('cmk-99');
  await expect(titles).toHaveText(['Initech EU rotation']);
  await expect(drafts.card('Initech EU rotation')).toContainText(
    /Completed:?\s*2026-11-12 16:30 \(UTC\+01:00\)/,
  );

  await search.fill('');
  await status.selectOption({ label: 'Withdrawn' });
  await expect(titles).toHaveText(['Umbrella US rotation']);
  await status.selectOption({ label: 'Any' });
  await realm.selectOption({ label: 'United States' });
  await expect(titles).toHaveText(['Umbrella US rotation', 'Globex US rotation']);
  await realm.selectOption({ label: 'Any' });
  await sort.selectOption({ label: 'Sent date' });
  await expect(titles.first()).toHaveText('Globex US rotation');
  await expect(titles.nth(1)).toHaveText('Initech EU rotation');
  await sort.selectOption({ label: 'Status' });
  await search.fill('rotation');
  await expect(count).toHaveText('4 of 5 drafts');
  await expect(titles).toHaveText([
    'Acme EU rotation',
    'Globex US rotation',
    'Initech EU rotation',
    'Umbrella US rotation',
  ]);
  mkdirSync('/tmp/shots-7a', { recursive: true });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.screenshot({ path: '/tmp/shots-7a/drafts-filters.png', fullPage: true });

  await status.selectOption({ label: 'Completed' });
  await realm.selectOption({ label: 'United States' });
  await expect(page.getByText('No drafts match the search and filters.')).toBeVisible();
  await expect(count).toHaveText('0 of 5 drafts');
  await page.screenshot({ path: '/tmp/shots-7a/drafts-no-match.png' });
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(search).toBeFocused();
  await expect(count).toHaveText('5 drafts');
  await expect(titles).toHaveCount(5);
});

test('a vault of 130 drafts: the list shows 50 at a time, "Show more" adds 50, a search reaches any draft', async () => {
  const { harness: h, drafts } = await start({
    vault: 'unlocked',
    beforeLoad: async (_page, session) => {
      const made = await session.withVault(async (vault) => {
        for (let n = 129; n >= 0; n--) {
          const draft = await vault.newDraft({ title: `Rotation ${String(n).padStart(3, '0')}` });
          if (!draft.ok) return draft;
        }
        return vault.newDraft({ title: 'Newest' });
      });
      if (!made.ok) throw new Error(made.message);
    },
  });
  const { page } = h;
  const titles = page.getByRole('list', { name: 'Drafts' }).getByRole('heading', { level: 3 });
  await expect(titles).toHaveCount(50);
  await expect(titles.first()).toHaveText('Newest');
  await expect(
    page.getByText('Showing 50 of 131 drafts. Search or filter to find a draft at once.'),
  ).toBeVisible();
  if (SHOTS !== undefined) {
    const box = await page.getByRole('button', { name: 'Show 50 more' }).boundingBox();
    const bottom = (box?.y ?? 0) + (box?.height ?? 0) + 24;
    await page.screenshot({
      path: join(SHOTS, 'drafts-show-more.png'),
      fullPage: true,
      clip: { x: 0, y: bottom - 480, width: 1280, height: 480 },
    });
  }

  await page.getByRole('button', { name: 'Show 50 more' }).click();
  await expect(titles).toHaveCount(100);
  await expect(page.getByRole('button', { name: 'Open “Rotation 049”' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#step-title')).toBeVisible();
  await drafts.show('Drafts');
  // Back on the list as it was left; the oldest draft is a search away.
  await expect(titles).toHaveCount(100);
  await page.getByRole('searchbox', { name: /^Search/ }).fill('Rotation 129');
  await expect(titles).toHaveText(['Rotation 129']);
  await expect(page.getByRole('button', { name: /^Show \d+ more$/ })).toHaveCount(0);
  await drafts.open('Rotation 129');
});

test('keys set aside by a realm change survive lock, unlock and a restart, and come back with the realm', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page } = h;
  const [central, west] = validRequest('eu').keys;
  if (central === undefined || west === undefined) throw new Error('the EU fixture has two regions');
  await form.startNewDraft();
  await form.goTo('account');
  await form.field('realm').selectOption('eu');
  await form.goTo('keys');
  for (const [row, pair] of [central, west].entries()) {
    await form.field(`keys[${String(row)}].oldKeyArn`).fill(pair.oldKeyArn);
    await form.field(`keys[${String(row)}].newKeyArn`).fill(pair.newKeyArn);
  }
  await form.goTo('account');
  await form.field('realm').selectOption('de');
  await form.goTo('keys');
  const kept = page.getByRole('region', { name: 'Key pairs not in the request' });
  await expect(kept).toContainText(west.oldKeyArn);
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');

  await drafts.lock();
  await drafts.unlock(TEST_PASSPHRASE);
  await form.expectStep('keys');
  await expect(kept).toContainText(west.oldKeyArn);
  await expect(kept).toContainText(west.newKeyArn);
  await page.screenshot({ path: 'test-results/keys-set-aside-after-unlock.png', fullPage: true });

  await h.restartMain();
  await drafts.unlock(TEST_PASSPHRASE);
  await drafts.open('Untitled draft');
  await form.expectStep('keys');
  await expect(kept).toContainText(west.oldKeyArn);
  await form.goTo('account');
  await form.field('realm').selectOption('eu');
  await form.goTo('keys');
  await expect(form.field('keys[1].oldKeyArn')).toHaveValue(west.oldKeyArn);
  await expect(form.field('keys[1].newKeyArn')).toHaveValue(west.newKeyArn);
  await expect(form.field('keys[0].oldKeyArn')).toHaveValue(central.oldKeyArn);
  await expect(kept).toHaveCount(0);
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
});

test('a value typed in the second key row stays in that row, and keeps focus, after lock and unlock', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const alias = 'arn:aws:kms:eu-west-1:012345678901:alias/rotate-2026';
  await form.startNewDraft();
  await form.goTo('account');
  await form.field('realm').selectOption('eu');
  await form.goTo('keys');
  await form.typeInto(form.field('keys[1].oldKeyArn'), alias);
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await drafts.lock();
  await drafts.unlock(TEST_PASSPHRASE);
  await form.expectStep('keys');
  await expect(form.field('keys[1].oldKeyArn')).toHaveValue(alias);
  await expect(form.field('keys[1].oldKeyArn')).toBeFocused();
  await expect(form.field('keys[0].oldKeyArn')).toHaveValue('');
  await expect(h.page.getByRole('region', { name: 'Key pairs not in the request' })).toHaveCount(0);
});

test('a draft opened and only moved around comes back at that step after Lock and after a reload; nothing is written', async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  await drafts.createDrafts(form, ['012345678901']);
  const [file] = readdirSync(join(h.vaultFolder, 'drafts'));
  const path = join(h.vaultFolder, 'drafts', file ?? '');
  const before = readFileSync(path);
  await drafts.open('AWS account 012345678901');
  await form.expectStep('account');
  await form.goTo('keys'); // moving only: the draft on disk keeps its step
  await drafts.lock();
  await drafts.unlock(TEST_PASSPHRASE);
  await form.expectStep('keys');
  await form.goTo('timing');
  await h.page.reload();
  await form.expectStep('timing');
  expect(readFileSync(path)).toEqual(before);
});

test("two apps on one vault: an edit in each, and neither undoes the other's; the form shows both", async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  await form.startNewDraft();
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  // Another CMK Rekey (a portable copy, say) on the same vault folder sets the impact level.
  const other = value(await Vault.open(h.vaultFolder, { unsafeScryptWorkFactor: 10 }));
  value(await other.unlock(TEST_PASSPHRASE));
  const [summary] = value(await other.list());
  const id = summary?.id ?? '';
  const theirs = value(await other.load(id));
  value(await other.save({ ...theirs, request: { ...theirs.request, impact: 'L2' } }));
  // This app had not seen that change; its user goes on to Timing and types.
  await form.goTo('timing');
  await form.typeInto(form.field('phone'), '+44 20 7946 0958');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  await expect(h.page.locator('#impact-L2')).toBeChecked();
  expect(value(await other.load(id)).request).toMatchObject({ impact: 'L2', phone: '+44 20 7946 0958' });
  await other.close();
});

test("the maintenance window's timezone chosen for a site comes back after a restart, and with a new draft of that site", async () => {
  const { harness: h, drafts, form } = await start({ vault: 'unlocked' });
  const { page } = h;
  await form.startNewDraft();
  await form.goTo('organization');
  await form.typeInto(form.field('siteUrl'), 'https://acme.atlassian.net');
  await form.goTo('timing');
  await page.locator('#server-time-zone').selectOption('Europe/Berlin');
  await expect(drafts.saveStatus()).toHaveText('✓ Saved · encrypted');
  const settings = join(h.folder, 'settings.json');
  await expect
    .poll(() => (existsSync(settings) ? readFileSync(settings, 'utf8') : ''))
    .toContain('Europe/Berlin');
  expect(readFileSync(settings, 'utf8')).not.toContain('acme');

  await h.restartMain();
  await drafts.unlock(TEST_PASSPHRASE);
  await drafts.open('acme.atlassian.net');
  await form.expectStep('timing');
  await expect(page.locator('#server-time-zone')).toHaveValue('Europe/Berlin');

  await drafts.show('Drafts');
  await form.startNewDraft();
  await form.goTo('organization');
  await form.typeInto(form.field('siteUrl'), 'https://acme.atlassian.net/wiki');
  await form.goTo('timing');
  await expect(page.locator('#server-time-zone')).toHaveValue('Europe/Berlin');
});
