import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { render } from '../../src-shared/request/render.js';
import type { Request } from '../../src-shared/request/schema.js';
import { expect, test } from './fixture.js';
import { startHarness, type Harness } from './harness.js';
import { RequestPage } from './pages/request-page.js';
import type { StepId as Step } from '../../src-shared/drafts/draft.js';

const SHOTS = process.env['SHOTS_DIR'];
const ORG = 'be0df05b-77ec-4a4f-ac84-f818bef651ce';
const arn = (region: string, id: string) => `arn:aws:kms:${region}:012345678901:key/${id}`;

/** What the keyboard run below enters, as the canonical request the app must produce. */
const expected: Request = {
  format: 'cmk-rekey/request',
  version: 1,
  siteUrl: 'https://acme-cloud.atlassian.net',
  awsAccountId: '012345678901',
  impact: 'L1',
  organizationId: ORG,
  realm: 'eu',
  keys: [
    {
      oldKeyArn: arn('eu-central-1', '1a2b3c4d-0000-4000-8000-000000000001'),
      newKeyArn: arn('eu-central-1', '1a2b3c4d-0000-4000-8000-000000000002'),
    },
    {
      oldKeyArn: arn('eu-west-1', '1a2b3c4d-0000-4000-8000-000000000003'),
      newKeyArn: arn('eu-west-1', '1a2b3c4d-0000-4000-8000-000000000004'),
    },
  ],
  timing: 'immediate',
  workingHours: 'EMEA, 09:00-17:00 CET',
  phone: '+49 30 901820',
};

let harness: Harness;
let form: RequestPage;

test.beforeEach(async () => {
  harness = await startHarness({ vault: 'unlocked' });
  form = new RequestPage(harness.page);
  await form.startNewDraft();
});

async function fillDualRegionRequestByKeyboard(): Promise<void> {
  const { page } = harness;
  await form.expectStep('start');
  for (const box of await page.getByRole('checkbox').all()) {
    await form.tabTo(box);
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
  }
  await form.next();

  await form.expectStep('organization');
  await form.typeInto(
    form.field('organizationId'),
    `https://admin.atlassian.com/o/${ORG.toUpperCase()}/overview`,
  );
  await form.typeInto(form.field('siteUrl'), 'acme-cloud.atlassian.net/wiki/spaces/SEC/overview');
  await form.tabTo(page.getByRole('button', { name: /^Next:/ }));
  await expect(form.field('organizationId')).toHaveValue(ORG);
  await expect(form.field('siteUrl')).toHaveValue(expected.siteUrl);
  await form.next();

  await form.expectStep('account');
  await form.typeInto(form.field('awsAccountId'), '0123-4567-8901');
  await form.tabTo(form.field('realm'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(form.field('realm')).toHaveValue('eu');
  await expect(form.field('awsAccountId')).toHaveValue('012345678901');
  await form.next();

  await form.expectStep('keys');
  for (const [index, pair] of expected.keys.entries()) {
    await form.typeInto(form.field(`keys[${String(index)}].oldKeyArn`), pair.oldKeyArn);
    // Pasted with spaces around it and an upper-case key ID: the app normalises both.
    const pasted = pair.newKeyArn.replace(/key\/(.+)$/, (_match, id: string) => `key/${id.toUpperCase()}`);
    await form.typeInto(form.field(`keys[${String(index)}].newKeyArn`), ` ${pasted} `);
  }
  await form.tabTo(page.getByRole('button', { name: /^Next:/ }));
  await expect(form.field('keys[1].newKeyArn')).toHaveValue(expected.keys[1]?.newKeyArn ?? '');
  await form.next();

  await form.expectStep('timing');
  await form.tabTo(page.locator('#timing-immediate'));
  await page.keyboard.press('Space');
  await expect(page.locator('#timing-immediate')).toBeChecked();
  await form.tabTo(page.locator('#impact-L1'));
  await page.keyboard.press('Space');
  await expect(page.locator('#impact-L1')).toBeChecked();
  await form.typeInto(form.field('workingHours'), expected.workingHours);
  await form.typeInto(form.field('phone'), expected.phone ?? '');
  await form.next();
  await form.expectStep('review');
}

test('keyboard only: a dual-region request from the first step to the exported ticket', async () => {
  const { page, dialogs, folder } = harness;
  await fillDualRegionRequestByKeyboard();
  await expect(page.getByText('Re-encryption for AWS account 012345678901').first()).toBeVisible();
  await expect(page.locator('#export-first')).toBeEnabled();

  for (const [format, name] of [
    ['text', 'ticket.txt'],
    ['json', 'ticket.json'],
  ] as const) {
    const path = join(folder, name);
    dialogs.answers.push(path);
    await form.tabTo(page.getByRole('button', { name: format === 'text' ? /\(\.txt\)/ : /\(\.json\)/ }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText(name);
    // The ticket exactly as render() gives it, then its provenance apart from it (this draft's id).
    const written = readFileSync(path, 'utf8');
    if (format === 'text') {
      expect(written.startsWith(`${render(expected, format).trimEnd()}\n\n${'-'.repeat(60)}\n`)).toBe(true);
      expect(written).toMatch(/\nDraft: [0-9a-f]{32} \(revision 1\)\n/);
    } else {
      const entries = JSON.parse(written) as { field: string; value: string }[];
      expect(entries.slice(0, -1)).toEqual(JSON.parse(render(expected, format)));
      expect(entries.at(-1)?.value).toMatch(/\nDraft: [0-9a-f]{32} \(revision 1\)\nStatus: ready\n/);
    }
  }

  const saved = join(folder, 'request.json');
  dialogs.answers.push(saved);
  await page.keyboard.press('ControlOrMeta+S');
  await expect(page.getByText('request.json').first()).toBeVisible();
  expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(expected);
});

/** Every field the user types into, a value its rule rejects, and words of the error that must show there. */
const BAD_VALUES: [step: Step, path: string, value: string, says: string][] = [
  ['organization', 'siteUrl', 'https://admin.atlassian.com', "one of Atlassian's own services"],
  ['organization', 'organizationId', 'my-organization-id-xxxxx-xxxxxxx-xxxxxx', 'placeholder'],
  ['organization', 'participants[0]', 'not-an-address', 'is not an e-mail address'],
  ['account', 'awsAccountId', '27976624415', 'exactly 12 digits; this has 11'],
  ['keys', 'keys[0].oldKeyArn', 'arn:aws:kms:eu-central-1:012345678901:alias/x', 'alias ARN'],
  ['keys', 'keys[0].newKeyArn', '1234abcd-12ab-34cd-56ef-1234567890ab', 'bare key ID'],
  ['timing', 'phone', '+44 '.padEnd(60, '1'), 'Keep this to 40 characters or fewer'],
  ['timing', 'attachments[0]', 'why?.png', 'is not a file name'],
  ['timing', 'notes', 'x'.repeat(4001), 'Keep this to 4000 characters or fewer'],
  ['timing', 'workingHours', 'x'.repeat(201), 'Keep this to 200 characters or fewer'],
];

test('every field shows its error at the field, tied to it for screen readers', async () => {
  const { page } = harness;
  await form.goTo('account');
  await page.getByRole('combobox', { name: /^Realm/ }).selectOption('eu');
  for (const [step, path, value, says] of BAD_VALUES) {
    await form.goTo(step);
    if (path.endsWith('[0]') && !path.startsWith('keys')) {
      const list = path.startsWith('participants') ? 'Add a participant' : 'Add a file name';
      if ((await form.field(path).count()) === 0) await page.getByRole('button', { name: list }).click();
    }
    const field = form.field(path);
    await field.fill(value);
    await field.blur();
    await expect(field, path).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(description, path).toContain(says);
  }
});

test('swapped new keys: the message and its button show together below the heading, once a key field was visited', async () => {
  const { page } = harness;
  await form.goTo('account');
  await page.getByRole('combobox', { name: /^Realm/ }).selectOption('eu');
  await form.goTo('keys');
  const [frankfurt, ireland] = expected.keys;
  await form.typeInto(form.field('keys[0].oldKeyArn'), frankfurt?.oldKeyArn ?? '');
  await form.typeInto(form.field('keys[0].newKeyArn'), ireland?.newKeyArn ?? '');
  await form.typeInto(form.field('keys[1].oldKeyArn'), ireland?.oldKeyArn ?? '');
  await form.typeInto(form.field('keys[1].newKeyArn'), frankfurt?.newKeyArn ?? '');
  await form.tabTo(page.getByRole('button', { name: 'Swap the new keys back' }));
  if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'keys-swapped.png'), fullPage: true });
  const message = page.locator('#field-keys-messages');
  await expect(message).toContainText(
    'The new keys look swapped: the new key typed for eu-central-1 is in eu-west-1',
  );
  const swap = page.getByRole('button', { name: 'Swap the new keys back' });
  await expect(swap).toHaveAccessibleDescription(/^Error: The new keys look swapped/);
  // In the flow: below the heading and the message, above the first key row; overlapping none of them.
  const box = async (target: Locator) => {
    const found = await target.boundingBox();
    if (found === null) throw new Error(`not laid out: ${target.toString()}`);
    return found;
  };
  const heading = await box(page.locator('#step-title'));
  const said = await box(message);
  const button = await box(swap);
  const firstRow = await box(page.getByRole('group', { name: /^Keys in eu-central-1/ }));
  expect(button.y).toBeGreaterThanOrEqual(heading.y + heading.height);
  expect(button.y).toBeGreaterThanOrEqual(said.y + said.height);
  expect(button.y + button.height).toBeLessThanOrEqual(firstRow.y);

  await swap.click();
  await expect(swap).toHaveCount(0);
  await expect(message).not.toContainText('swapped');
  await expect(form.field('keys[0].newKeyArn')).toHaveValue(frankfurt?.newKeyArn ?? '');
  await expect(form.field('keys[1].newKeyArn')).toHaveValue(ireland?.newKeyArn ?? '');
});

test('a value pasted again, which tidies to what the field holds, shows tidied (not as pasted)', async () => {
  const { page } = harness;
  await form.goTo('account');
  const account = form.field('awsAccountId');
  await page.evaluate(() => navigator.clipboard.writeText('0123-4567-8901'));
  for (const time of [1, 2]) {
    await account.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
    await expect(account, `paste ${String(time)}`).toHaveValue('012345678901');
  }
  await account.blur();
  await expect(account).toHaveValue('012345678901');
});

test('opening a corrupt file shows why and changes nothing', async () => {
  const { page, dialogs, folder } = harness;
  await form.goTo('account');
  await form.typeInto(form.field('awsAccountId'), '012345678901');
  const corrupt = join(folder, 'corrupt.json');
  writeFileSync(corrupt, '{"format": "cmk-rekey/request", "version": 1, "siteUrl": ');
  dialogs.answers.push(corrupt);
  await page.keyboard.press('ControlOrMeta+O');
  await expect(page.getByRole('alert')).toContainText('corrupt.json: This is not valid JSON');
  await form.goTo('account');
  await expect(form.field('awsAccountId')).toHaveValue('012345678901');
});

test('an invalid request file opens with its errors shown at the fields', async () => {
  const { page, dialogs, folder } = harness;
  const invalid = join(folder, 'invalid.json');
  writeFileSync(invalid, JSON.stringify({ ...expected, awsAccountId: '1234', keys: [expected.keys[0]] }));
  dialogs.answers.push(invalid);
  await page.keyboard.press('ControlOrMeta+O');
  await expect(page.getByText('invalid.json').first()).toBeVisible();
  await form.goTo('account');
  await expect(form.field('awsAccountId')).toHaveValue('1234');
  await expect(form.field('awsAccountId')).toHaveAttribute('aria-invalid', 'true');
  await form.goTo('review');
  await expect(page.locator('#export-first')).toBeDisabled();
});
