import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from './fixture.js';
import { startHarness, type Harness } from './harness.js';
import { DraftsPage } from './pages/drafts-page.js';
import { RequestPage, STEPS } from './pages/request-page.js';

let harness: Harness | undefined;

async function open(viewport?: { width: number; height: number }): Promise<RequestPage> {
  harness = await startHarness({ vault: 'unlocked', ...(viewport && { viewport }) });
  const form = new RequestPage(harness.page);
  await form.startNewDraft();
  return form;
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`zero axe violations on every step, ${colorScheme} theme, empty and with errors shown`, async () => {
    const form = await open();
    await form.page.emulateMedia({ colorScheme });
    for (const step of STEPS) {
      await form.goTo(step);
      const results = await new AxeBuilder({ page: form.page }).analyze();
      expect(results.violations.map((violation) => `${step}: ${violation.id} ${violation.help}`)).toEqual([]);
    }
    // Errors and warnings rendered at the fields must pass too.
    await form.goTo('account');
    await form.typeInto(form.field('awsAccountId'), '279766244153');
    await form.typeInto(form.field('awsAccountId'), '12-34');
    await form.page.keyboard.press('Tab');
    await form.goTo('review');
    const results = await new AxeBuilder({ page: form.page }).analyze();
    expect(results.violations.map((violation) => `${violation.id} ${violation.help}`)).toEqual([]);
  });
}

// 1024×700 is the smallest window; 512×350 CSS pixels is the same window at 200% zoom.
for (const viewport of [
  { width: 1024, height: 700 },
  { width: 512, height: 350 },
]) {
  test(`no horizontal scrolling on any step at ${String(viewport.width)}×${String(viewport.height)}`, async () => {
    const form = await open(viewport);
    for (const step of STEPS) {
      await form.goTo(step);
      const overflow = await form.page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `${step} scrolls sideways by ${String(overflow)} px`).toBeLessThanOrEqual(0);
    }
  });
}

test('focus is always visible while tabbing through a step', async () => {
  const form = await open();
  await form.goTo('timing');
  for (let press = 0; press < 25; press++) {
    await form.page.keyboard.press('Tab');
    const outline = await form.page.evaluate(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) return 'ok'; // past the last control, focus leaves the page
      const style = getComputedStyle(element);
      return style.outlineStyle === 'none' && style.boxShadow === 'none'
        ? `no focus ring on ${element.outerHTML.slice(0, 80)}`
        : 'ok';
    });
    expect(outline).toBe('ok');
  }
});

/** An unlocked vault with two drafts, one in the trash, and a planted file set aside. */
async function vaultScreens(viewport?: { width: number; height: number }): Promise<DraftsPage> {
  harness = await startHarness({ vault: 'unlocked', ...(viewport && { viewport }) });
  const form = new RequestPage(harness.page);
  const drafts = new DraftsPage(harness.page);
  await drafts.createDrafts(form, ['012345678901', '210987654321']);
  await drafts
    .card('AWS account 210987654321')
    .getByRole('button', { name: /^Delete/ })
    .click();
  await expect(drafts.card('AWS account 210987654321')).toHaveCount(0);
  writeFileSync(join(harness.vaultFolder, 'drafts', `${'e'.repeat(32)}.age`), 'not an age file');
  await drafts.show('Trash');
  await drafts.show('Drafts');
  await expect(harness.page.getByRole('region', { name: /^Set aside/ })).toBeVisible();
  return drafts;
}

/** Each vault screen in turn (list, rename and trust dialogs, trash, settings, unlock with an error). */
async function* eachVaultScreen(drafts: DraftsPage): AsyncGenerator<string> {
  const { page } = drafts;
  yield 'drafts list';
  await drafts
    .card('AWS account 012345678901')
    .getByRole('button', { name: /^Rename…/ })
    .click();
  // Dialogs load on first use: each is measured once it is open.
  await expect(page.getByRole('dialog', { name: 'Rename the draft' })).toBeVisible();
  yield 'rename dialog';
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: /^Delete… / }).click();
  await expect(page.getByRole('dialog', { name: 'Delete this file for good?' })).toBeVisible();
  yield 'delete-for-good dialog';
  await page.keyboard.press('Escape');
  await drafts.show('Trash');
  yield 'trash';
  await page.getByRole('button', { name: /^Delete forever… / }).click();
  yield 'trash delete-forever dialog';
  await page.keyboard.press('Escape');
  await drafts.show('Settings');
  await page.getByLabel('New passphrase', { exact: true }).fill('weak');
  await page.getByRole('button', { name: 'Change passphrase' }).click();
  yield 'settings';
  await drafts.lock();
  await drafts.unlock('not the passphrase');
  await expect(drafts.passphrase).toHaveAttribute('aria-invalid', 'true');
  yield 'unlock';
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`zero axe violations on the vault screens, ${colorScheme} theme`, async () => {
    harness = await startHarness();
    const { page } = harness;
    await page.emulateMedia({ colorScheme });
    const scan = async (screen: string) => {
      const results = await new AxeBuilder({ page: harness?.page ?? page }).analyze();
      expect(results.violations.map((violation) => `${screen}: ${violation.id} ${violation.help}`)).toEqual(
        [],
      );
    };
    await scan('create');
    await page.getByLabel('Passphrase', { exact: true }).fill('password');
    await page.getByLabel('Passphrase again').fill('passw0rd');
    await page.getByRole('button', { name: 'Create the vault' }).click();
    await scan('create with errors');
    await harness.close();

    const drafts = await vaultScreens();
    await drafts.page.emulateMedia({ colorScheme });
    for await (const screen of eachVaultScreen(drafts)) await scan(screen);
  });
}

for (const viewport of [
  { width: 1024, height: 700 },
  { width: 512, height: 350 },
]) {
  test(`no horizontal scrolling on the vault screens at ${String(viewport.width)}×${String(viewport.height)}`, async () => {
    harness = await startHarness({ viewport });
    const overflow = () =>
      harness?.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) ?? 0;
    expect(await overflow(), 'create').toBeLessThanOrEqual(0);
    await harness.close();
    const drafts = await vaultScreens(viewport);
    for await (const screen of eachVaultScreen(drafts)) {
      const sideways = await overflow();
      expect(sideways, `${screen} scrolls sideways by ${String(sideways)} px`).toBeLessThanOrEqual(0);
    }
  });
}

test('focus is always visible while tabbing through the drafts list and its header', async () => {
  const drafts = await vaultScreens();
  for (let press = 0; press < 25; press++) {
    await drafts.page.keyboard.press('Tab');
    const outline = await drafts.page.evaluate(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) return 'ok';
      const style = getComputedStyle(element);
      return style.outlineStyle === 'none' && style.boxShadow === 'none'
        ? `no focus ring on ${element.outerHTML.slice(0, 80)}`
        : 'ok';
    });
    expect(outline).toBe('ok');
  }
});
