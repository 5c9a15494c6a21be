// `npm run bench:ui`: the form against the browser's floor and against SurveyJS, in one run of one Chromium
// (Debian's, the flags of the e2e harness), p50 and max of RUNS fresh browser contexts per row (after one
// warm-up context each, left out; the rows take turns, one context each per round):
//   1. floor: a trivial local page (one module script puts a labelled input on the page) reaching interactive;
//   2. ours: navigation → drafts list → Open (clicked the moment it exists) → the Organization step of that
//      draft interactive, with the real main-process services behind the IPC contract (the e2e harness:
//      VaultSession, dispatch and handlers, a real vault on disk with the test-only fast scrypt; its IPC is one
//      CDP message each way, tests/e2e/ipc-bridge.ts);
//   3. SurveyJS: the same Organization fields with the same validation messages, built with survey-core +
//      survey-js-ui as SurveyJS documents for apps without a framework (their .min.js files and theme CSS);
//   4. typing: a keystroke in the Organization ID field that makes it invalid → its message on screen, for
//      the floor page, ours and SurveyJS;
//   5. the drafts list of a large vault (BENCH_LIST_DRAFTS, 10,000 by default: the size bench:vault lists),
//      through the same harness: navigation → the list painted and interactive, and the longest animation frame from
//      navigation to 1 s after (p50 and max of BENCH_LIST_RUNS fresh contexts, 3 by default; no goal set).
// "Interactive" is the same probe everywhere: the first animation frame after the field is in the page,
// visible and enabled; "on screen" is the first frame after the message's text is in the page. Times are
// from navigation start (or from the key event), in ms. Goal: ours ≤ 2× the floor and below SurveyJS on
// every row. Also prints the bundle sizes against their budgets (gzip) and the JS our page fetched.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright';
import { draftFromRequest } from '../src-shared/drafts/draft.js';
import { UUID_PATTERN } from '../src-shared/request/aws.js';
import { EMAIL_PATTERN, SITE_URL_PATTERN } from '../src-shared/request/constants.js';
import { validateRequest } from '../src-shared/request/validate.js';
import { TEST_PASSPHRASE, closeBrowser, harnessBrowser, startHarness } from '../tests/e2e/harness.js';
import { QueuedDialogs, vaultSession } from '../tests/support/queued-dialogs.js';
import { RENDERER_DIR } from '../tests/support/serve-renderer.js';
import { BUDGETS, bundleSizes, staleBuild, type Size } from './bundle-sizes.js';
import { machineLoad } from './machine-load.mjs';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 10);
const LIST_DRAFTS = Number(process.env['BENCH_LIST_DRAFTS'] ?? 10_000);
const LIST_RUNS = Number(process.env['BENCH_LIST_RUNS'] ?? 3);
const ORGANIZATION_ID = '5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d';
const ORGANIZATION = {
  organizationId: ORGANIZATION_ID,
  siteUrl: 'https://acme-cloud.atlassian.net',
  participants: ['secops@acme-cloud.example'],
};

/** Our rules' messages, so that SurveyJS and the floor page show exactly the same words. */
function messageFor(field: string, value: string): string {
  const found = validateRequest({ format: 'cmk-rekey/request', version: 1, [field]: value }).errors.find(
    (finding) => finding.path === field || finding.path.startsWith(`${field}[`),
  );
  if (found === undefined) throw new Error(`no ${field} message for ${value}`);
  return found.message;
}
const TYPED_MESSAGE = messageFor('organizationId', `${ORGANIZATION_ID}x`);

// ---- the in-page probe (runs before any page script; the same code for every row) ----

/** tsx keeps function names with a `__name(...)` helper: functions sent to a page need it there too. */
const NAME_SHIM = 'globalThis.__name = (target) => target;';

interface ProbeState {
  interactive: number;
  listShown: number;
  keydown: number;
  shown: number;
  message: string;
}

const installProbe = ({ ready, open }: { ready: string; open: boolean }) => {
  const state: ProbeState = { interactive: NaN, listShown: NaN, keydown: NaN, shown: NaN, message: '' };
  Object.defineProperty(window, '__probe', { value: state });
  let clicked = false;
  let readyScheduled = false;
  let shownScheduled = false;
  const check = () => {
    if (open && !clicked) {
      const button = [...document.querySelectorAll('#main li button')].find((element) =>
        element.textContent.trim().startsWith('Open'),
      );
      if (button instanceof HTMLButtonElement && !button.disabled) {
        clicked = true;
        state.listShown = performance.now();
        button.click();
      }
    }
    const field = document.querySelector(ready);
    if (!readyScheduled && field instanceof HTMLInputElement && !field.disabled && field.checkVisibility()) {
      readyScheduled = true;
      requestAnimationFrame(() => {
        state.interactive = performance.now();
      });
    }
    if (state.message !== '' && !shownScheduled && document.body.textContent.includes(state.message)) {
      shownScheduled = true;
      requestAnimationFrame(() => {
        state.shown = performance.now();
      });
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  window.addEventListener(
    'keydown',
    (event) => {
      if (state.message !== '' && Number.isNaN(state.keydown)) state.keydown = event.timeStamp;
    },
    true,
  );
};

async function probe(page: Page): Promise<ProbeState> {
  return page.evaluate(() => (window as unknown as { __probe: ProbeState }).__probe);
}

/** Times one keystroke that makes the Organization ID invalid until its message is on screen. */
async function timeKeystroke(page: Page, field: string): Promise<number> {
  const input = page.locator(field);
  await input.click();
  await input.press('End');
  await input.blur(); // our form shows a field's messages once it has been visited
  await input.click();
  await input.press('End');
  await page.evaluate((message) => {
    (window as unknown as { __probe: ProbeState }).__probe.message = message;
  }, TYPED_MESSAGE);
  await page.keyboard.press('x');
  await page.waitForFunction(
    () => !Number.isNaN((window as unknown as { __probe: ProbeState }).__probe.shown),
  );
  const state = await probe(page);
  return state.shown - state.keydown;
}

// ---- the floor page and the SurveyJS page, served on 127.0.0.1 ----

const floorScript = (pattern: string, message: string) => {
  const label = document.createElement('label');
  label.textContent = 'Organization ID';
  const input = document.createElement('input');
  input.name = 'organizationId';
  input.value = '5f0c2a7e-93d1-4b8e-a6c4-1e2f3a4b5c6d';
  const error = document.createElement('p');
  const uuid = new RegExp(pattern);
  input.addEventListener('input', () => {
    error.textContent = uuid.test(input.value) ? '' : message;
  });
  label.append(input);
  document.body.append(label, error);
};

const surveyScript = (json: object, data: object) => {
  const { Survey } = window as unknown as {
    Survey: { Model: new (json: object) => { data: object; render: (element: HTMLElement | null) => void } };
  };
  const survey = new Survey.Model(json);
  survey.data = data;
  survey.render(document.getElementById('survey'));
};

/** The Organization step as a SurveyJS survey: the same fields, required marks, hints and messages. */
const SURVEY_JSON = {
  checkErrorsMode: 'onValueChanged',
  textUpdateMode: 'onTyping',
  showQuestionNumbers: 'off',
  pages: [
    {
      name: 'organization',
      title: 'Organization',
      description: 'Tell support which Atlassian organization and site the request is about.',
      elements: [
        {
          type: 'text',
          name: 'organizationId',
          title: 'Organization ID',
          isRequired: true,
          requiredErrorText: messageFor('organizationId', ''),
          placeholder: 'Paste an admin.atlassian.com address or the ID',
          description:
            "Open admin.atlassian.com, choose your organization, and copy the address from the browser's address bar.",
          validators: [{ type: 'regex', regex: UUID_PATTERN, text: TYPED_MESSAGE }],
        },
        {
          type: 'text',
          name: 'siteUrl',
          title: 'Site URL',
          inputType: 'url',
          isRequired: true,
          requiredErrorText: messageFor('siteUrl', ''),
          placeholder: 'https://your-site.atlassian.net',
          description: 'Any address of any site in the organization works; your main site is best.',
          validators: [
            { type: 'regex', regex: '^https://', text: messageFor('siteUrl', 'http://acme.atlassian.net') },
            { type: 'regex', regex: SITE_URL_PATTERN, text: messageFor('siteUrl', 'https://acme_cloud') },
          ],
        },
        {
          type: 'paneldynamic',
          name: 'participants',
          title: 'Extra participants',
          description:
            'People who should be copied on the ticket, such as a security contact or a second admin.',
          panelAddText: 'Add a participant',
          templateElements: [
            {
              type: 'text',
              name: 'email',
              title: 'Participant e-mail',
              inputType: 'email',
              placeholder: 'name@example.com',
              validators: [
                { type: 'regex', regex: EMAIL_PATTERN, text: messageFor('participants', 'jane@') },
              ],
            },
          ],
        },
      ],
    },
  ],
};

const SURVEY_DATA = {
  organizationId: ORGANIZATION.organizationId,
  siteUrl: ORGANIZATION.siteUrl,
  participants: ORGANIZATION.participants.map((email) => ({ email })),
};

const modules = new URL('../node_modules/', import.meta.url);
const PAGES: Record<string, { type: string; body: () => string | Buffer }> = {
  '/floor.html': {
    type: 'text/html',
    body: () =>
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title>' +
      '<script type="module" src="./floor.js"></script></head><body></body></html>',
  },
  '/floor.js': {
    type: 'text/javascript',
    body: () =>
      `(${floorScript.toString()})(${JSON.stringify(UUID_PATTERN)}, ${JSON.stringify(TYPED_MESSAGE)});`,
  },
  '/survey.html': {
    type: 'text/html',
    body: () =>
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SurveyJS</title>' +
      '<link rel="stylesheet" href="./survey-core.min.css">' +
      '<script src="./survey.core.min.js"></script><script src="./survey-js-ui.min.js"></script>' +
      '</head><body><div id="survey"></div><script src="./survey-start.js"></script></body></html>',
  },
  '/survey-start.js': {
    type: 'text/javascript',
    body: () =>
      `(${surveyScript.toString()})(${JSON.stringify(SURVEY_JSON)}, ${JSON.stringify(SURVEY_DATA)});`,
  },
  '/survey-core.min.css': {
    type: 'text/css',
    body: () => readFileSync(new URL('survey-core/survey-core.min.css', modules)),
  },
  '/survey.core.min.js': {
    type: 'text/javascript',
    body: () => readFileSync(new URL('survey-core/survey.core.min.js', modules)),
  },
  '/survey-js-ui.min.js': {
    type: 'text/javascript',
    body: () => readFileSync(new URL('survey-js-ui/survey-js-ui.min.js', modules)),
  },
};

async function servePages(): Promise<{ origin: string; server: Server }> {
  const bodies = new Map(Object.entries(PAGES).map(([path, page]) => [path, page.body()]));
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const body = bodies.get(path);
    if (body === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'Content-Type': PAGES[path]?.type ?? 'text/plain' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`, server };
}

// ---- the runs ----

interface Run {
  interactive: number;
  typed: number;
  listShown?: number;
  scripts?: string[];
}

async function runPlain(origin: string, path: string, field: string): Promise<Run> {
  const browser = await harnessBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.addInitScript({ content: NAME_SHIM });
  await context.addInitScript(installProbe, { ready: field, open: false });
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(
    () => !Number.isNaN((window as unknown as { __probe: ProbeState }).__probe.interactive),
  );
  const { interactive } = await probe(page);
  const typed = await timeKeystroke(page, field);
  await context.close();
  return { interactive, typed };
}

async function runOurs(): Promise<Run> {
  const field = 'input[name="organizationId"]';
  const harness = await startHarness({
    vault: 'unlocked',
    beforeLoad: async (page, vault) => {
      const made = await vault.withVault(async (open) => {
        // Moving between steps alone is not saved: the Organization fields arrive with the position.
        const draft = await open.newDraft({ title: 'Rotate EU keys' });
        return draft.ok
          ? open.save({
              ...draft.value,
              request: draftFromRequest(ORGANIZATION),
              position: { step: 'organization' },
            })
          : draft;
      });
      if (!made.ok) throw new Error(`the benchmark draft was not saved: ${made.message}`);
      await page.addInitScript({ content: NAME_SHIM });
      await page.addInitScript(installProbe, { ready: field, open: true });
    },
  });
  const { page } = harness;
  await page.waitForFunction(
    () => !Number.isNaN((window as unknown as { __probe: ProbeState }).__probe.interactive),
  );
  const { interactive, listShown } = await probe(page);
  // The scripts asked for before the step was interactive (the other steps load after its first frame).
  const scripts = await page.evaluate(
    (until) =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.endsWith('.js') && entry.startTime <= until)
        .map((entry) => entry.name),
    interactive,
  );
  const typed = await timeKeystroke(page, field);
  if (harness.consoleErrors.length > 0)
    throw new Error(`our page logged: ${harness.consoleErrors.join('; ')}`);
  await harness.close();
  return { interactive, typed, listShown, scripts };
}

// ---- the drafts list of a large vault ----

interface ListRun {
  /** From navigation to the end of the first frame with the list's cards (laid out and painted). */
  shown: number;
  /** The longest animation frame from navigation to 1 s after the list showed. */
  longest: number;
}

const installListProbe = () => {
  const state: ListRun = { shown: NaN, longest: 0 };
  Object.defineProperty(window, '__list', { value: state });
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) state.longest = Math.max(state.longest, entry.duration);
  }).observe({ type: 'long-animation-frame', buffered: true });
  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled || document.querySelector('#main li button') === null) return;
    scheduled = true;
    // After the frame's style, layout and paint (a task queued from its animation frame callback): a list
    // of thousands of cards is inserted quickly and then takes seconds to lay out.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        state.shown = performance.now();
      };
      channel.port2.postMessage(undefined);
    });
  }).observe(document, { subtree: true, childList: true });
};

/** A vault of LIST_DRAFTS drafts, made once with TEST_PASSPHRASE; every run lists a copy of it. */
async function largeVault(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'cmk-rekey-bench-list-'));
  const session = vaultSession(root, new QueuedDialogs());
  const made = await session.create({ passphrase: TEST_PASSPHRASE, recipients: [] });
  if (!made.ok) throw new Error(`the large vault was not created: ${made.message}`);
  for (let n = 0; n < LIST_DRAFTS; n++) {
    const draft = await session.withVault((vault) =>
      vault.newDraft({ title: `Rotation ${String(n)}`, request: draftFromRequest(ORGANIZATION) }),
    );
    if (!draft.ok) throw new Error(`the large vault's draft ${String(n)} was not saved: ${draft.message}`);
  }
  await session.close();
  return root;
}

async function runList(vault: string): Promise<ListRun> {
  const harness = await startHarness({
    vaultCopy: vault,
    beforeLoad: async (page) => {
      await page.addInitScript({ content: NAME_SHIM });
      await page.addInitScript(installListProbe);
    },
  });
  const { page } = harness;
  const read = () => page.evaluate(() => (window as unknown as { __list: ListRun }).__list);
  await page.waitForFunction(() => !Number.isNaN((window as unknown as { __list: ListRun }).__list.shown), {
    timeout: 300_000,
  });
  await page.waitForTimeout(1000);
  const run = await read();
  if (harness.consoleErrors.length > 0)
    throw new Error(`our page logged: ${harness.consoleErrors.join('; ')}`);
  await harness.close();
  return run;
}

/**
 * Runs the rows in turn, one context each per round (after one warm-up round, left out), so that a change in
 * the machine's load during the benchmark weighs on every row alike instead of on whichever row ran then.
 */
async function measure(rows: readonly (() => Promise<Run>)[]): Promise<Run[][]> {
  for (const run of rows) await run(); // warm-up: Chromium's caches and the JIT of this process
  const runs: Run[][] = rows.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [index, run] of rows.entries()) runs[index]?.push(await run());
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  return runs;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

const load = machineLoad();
const { origin, server } = await servePages();
process.stderr.write(`floor, ours and SurveyJS, ${String(RUNS)} rounds: `);
const [floor = [], ours = [], survey = []] = await measure([
  () => runPlain(origin, '/floor.html', 'input[name="organizationId"]'),
  runOurs,
  () => runPlain(origin, '/survey.html', '[data-name="organizationId"] input'),
]);
process.stderr.write(`a vault of ${String(LIST_DRAFTS)} drafts for the list, ${String(LIST_RUNS)} runs: `);
const listRoot = await largeVault();
const listRuns: ListRun[] = [];
for (let i = 0; i < LIST_RUNS; i++) {
  listRuns.push(await runList(join(listRoot, 'vault')));
  process.stderr.write('.');
}
process.stderr.write('\n');
rmSync(listRoot, { recursive: true, force: true });
const chromiumVersion = (await harnessBrowser()).version();
await closeBrowser();
server.close();

// ---- the report ----

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`.padStart(7);
const figure = (runs: Run[], key: 'interactive' | 'typed') => median(runs.map((run) => run[key]));
const longest = (runs: Run[], key: 'interactive' | 'typed') => Math.max(...runs.map((run) => run[key]));
const rows = [
  { what: 'first step interactive', key: 'interactive' as const },
  { what: 'keystroke → message on screen', key: 'typed' as const },
];
console.log(
  `\nCMK Rekey form vs the floor and SurveyJS (Chromium ${chromiumVersion}; p50 and max of ${String(RUNS)} fresh contexts; ratios and goal on p50)\n`,
);
console.log(
  `${'row'.padEnd(32)}${'floor'.padStart(10)}${'ours'.padStart(10)}${'SurveyJS'.padStart(10)}  ours/floor  ours/SurveyJS  goal`,
);
let missed = false;
for (const row of rows) {
  const [f, o, s] = [figure(floor, row.key), figure(ours, row.key), figure(survey, row.key)];
  const met = o <= 2 * f && o < s;
  missed ||= !met;
  console.log(
    `${`${row.what} p50`.padEnd(32)}${ms(f)}${ms(o)}${ms(s)}  ${ratio(o, f)}     ${ratio(o, s)}        ${met ? 'met' : 'MISSED'}`,
  );
  const [fm, om, sm] = [longest(floor, row.key), longest(ours, row.key), longest(survey, row.key)];
  console.log(`${`${row.what} max`.padEnd(32)}${ms(fm)}${ms(om)}${ms(sm)}`);
}
console.log(
  `  (ours: drafts list interactive after ${median(ours.map((run) => run.listShown ?? NaN)).toFixed(1)} ms; the first step follows the Open click)`,
);
console.log(
  `\nDrafts list of a vault with ${String(LIST_DRAFTS)} drafts (${String(LIST_RUNS)} fresh contexts; no goal set)`,
);
for (const [what, key] of [
  ['list interactive', 'shown'],
  ['longest animation frame', 'longest'],
] as const) {
  const values = listRuns.map((run) => run[key]);
  console.log(`${what.padEnd(32)}p50 ${ms(median(values))}   max ${ms(Math.max(...values))}`);
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzip = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
function sizeRow(name: string, size: Size, budget?: { target: number }): void {
  const verdict =
    budget === undefined
      ? ''
      : `   target ≤ ${kb(budget.target)}: ${size.gzip <= budget.target ? 'met' : 'MISSED'}`;
  console.log(
    `${name.padEnd(52)}${kb(size.raw).padStart(10)} raw${kb(size.gzip).padStart(10)} gzip${verdict}`,
  );
}
const unmeasurable = staleBuild();
if (unmeasurable === undefined) {
  const sizes = bundleSizes();
  console.log('\nBundle (gzip level 9)');
  sizeRow('start-up JS (first screen)', sizes.startup);
  sizeRow("JS until the form's first step answers (worst step)", sizes.formPath, BUDGETS.formPath);
  for (const [step, size] of Object.entries(sizes.formPaths))
    sizeRow(`  opening at ${step.replace(/^steps\/Step|\.svelte$/g, '')}`, size);
  sizeRow('all renderer JS', sizes.renderer, BUDGETS.renderer);
  for (const chunk of sizes.onDemand) sizeRow(`  on first use: ${chunk.files.join(', ')}`, chunk);
  sizeRow('preload', sizes.preload, BUDGETS.preload);
} else console.log(`\nBundle sizes not measured: ${unmeasurable}`);
const fetched = [...new Set(ours[0]?.scripts ?? [])].map((url) => new URL(url).pathname.replace(/^\//, ''));
const oursJs = fetched.reduce((total, name) => total + gzip(`${RENDERER_DIR}${name}`), 0);
const surveyJs =
  gzip(new URL('survey-core/survey.core.min.js', modules).pathname) +
  gzip(new URL('survey-js-ui/survey-js-ui.min.js', modules).pathname);
console.log(
  `JS fetched up to the first step: ours ${kb(oursJs)} gzip (${fetched.map((name) => name.replace(/^assets\//, '')).join(', ')}); ` +
    `SurveyJS ${kb(surveyJs)} gzip + ${kb(gzip(new URL('survey-core/survey-core.min.css', modules).pathname))} CSS`,
);
console.log(load());
if (missed) process.exitCode = 1;
