/** Page object for the guided form, driven by the keyboard the way a user without a mouse would. */
import { expect, type Locator, type Page } from '@playwright/test';

export const STEPS = ['start', 'organization', 'account', 'keys', 'timing', 'review'] as const;
export type Step = (typeof STEPS)[number];

export class RequestPage {
  constructor(readonly page: Page) {}

  field(path: string): Locator {
    const id = `field-${path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-')}`;
    return this.page.locator(`[id="${id}"]`);
  }

  async isFocused(target: Locator): Promise<boolean> {
    return target.evaluate((element) => element === document.activeElement);
  }

  /** Presses Tab until `target` has focus; fails if it cannot be reached by keyboard. */
  async tabTo(target: Locator, limit = 60): Promise<void> {
    for (let presses = 0; presses < limit; presses++) {
      if (await this.isFocused(target)) return;
      await this.page.keyboard.press('Tab');
    }
    expect(await this.isFocused(target), `not reachable with Tab: ${target.toString()}`).toBe(true);
  }

  /** Tabs to a text field and types into it (replacing what it held). */
  async typeInto(target: Locator, text: string): Promise<void> {
    await this.tabTo(target);
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.type(text);
  }

  /** Tabs to the "Next" button of the current step and presses Enter. */
  async next(): Promise<void> {
    await this.tabTo(this.page.getByRole('button', { name: /^Next:/ }));
    await this.page.keyboard.press('Enter');
  }

  /** From the drafts list (home screen of an unlocked vault) into a new, empty draft on its first step. */
  async startNewDraft(): Promise<void> {
    await this.page.getByRole('button', { name: 'New request' }).click();
    await this.expectStep('start');
    await expect(this.page.locator('#step-title')).toBeFocused();
  }

  async expectStep(step: Step): Promise<void> {
    await expect(this.page.locator('main')).toHaveAttribute('data-step', step);
  }

  /** Goes to a step through the stepper with the keyboard. */
  async goTo(step: Step): Promise<void> {
    const index = STEPS.indexOf(step);
    await this.tabTo(this.page.getByRole('navigation', { name: 'Steps' }).getByRole('button').nth(index));
    await this.page.keyboard.press('Enter');
    await this.expectStep(step);
  }
}
