import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { closeBrowser, startHarness, type Harness } from './harness.js';
import { RequestPage, STEPS } from './pages/request-page.js';

let harness: Harness | undefined;

test.afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
test.afterAll(closeBrowser);

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
