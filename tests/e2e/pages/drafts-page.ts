/** Page object for the vault screens: first run, unlock, the drafts list, trash and settings. */
import { expect, type Locator, type Page } from '@playwright/test';
import { RequestPage } from './request-page.js';

export class DraftsPage {
  constructor(readonly page: Page) {}

  get passphrase(): Locator {
    return this.page.getByLabel('Passphrase', { exact: true });
  }

  async createVault(passphrase: string): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 2, name: 'Set up encrypted drafts' })).toBeVisible();
    await this.passphrase.fill(passphrase);
    await this.page.getByLabel('Passphrase again').fill(passphrase);
    await this.page.getByRole('button', { name: 'Create the vault' }).click();
    await this.expectList();
  }

  /** Types the passphrase into the focused field and presses Enter, as a keyboard user would. */
  async unlock(passphrase: string): Promise<void> {
    await expect(this.passphrase).toBeFocused();
    await this.page.keyboard.type(passphrase);
    await this.page.keyboard.press('Enter');
  }

  async expectList(): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 2, name: 'Drafts' })).toBeVisible();
  }

  async show(screen: 'Drafts' | 'Trash' | 'Archive' | 'Settings'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: screen }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: screen })).toBeFocused();
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 2, name: 'Unlock your drafts' })).toBeVisible();
  }

  /** A draft in the list (or trash), found by its title. */
  card(title: string): Locator {
    return this.page
      .getByRole('listitem')
      .filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
  }

  async open(title: string): Promise<void> {
    await this.card(title).getByRole('button', { name: /^Open/ }).click();
    await expect(this.page.locator('#step-title')).toBeVisible();
  }

  /** Starts one draft per account, waits until each is saved, and ends on the list. */
  async createDrafts(form: RequestPage, accounts: readonly string[]): Promise<void> {
    for (const account of accounts) {
      await form.startNewDraft();
      await form.goTo('account');
      await form.typeInto(form.field('awsAccountId'), account);
      await expect(this.saveStatus()).toHaveText('✓ Saved · encrypted');
      await this.show('Drafts');
    }
  }

  saveStatus(): Locator {
    return this.page.getByRole('region', { name: 'Draft' }).locator('.save-status');
  }
}

/** Creates one draft, for AWS account 012345678901, and opens it in the form: where record tests start. */
export async function openOneDraft(page: Page): Promise<{ drafts: DraftsPage; form: RequestPage }> {
  const drafts = new DraftsPage(page);
  const form = new RequestPage(page);
  await drafts.createDrafts(form, ['012345678901']);
  await drafts.open('AWS account 012345678901');
  return { drafts, form };
}
