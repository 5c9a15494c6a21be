/**
 * End-to-end harness: the built renderer in Debian's Chromium, served on 127.0.0.1, with the real
 * main-process services answering through the same contract and dispatch as Electron's IPC.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { RequestFiles } from '../../src-main/files/request-files.js';
import { createDispatch } from '../../src-main/ipc/dispatch.js';
import { createHandlers } from '../../src-main/ipc/handlers.js';
import { Policy } from '../../src-main/policy/policy.js';
import type { VaultSession } from '../../src-main/drafts/vault-session.js';
import { QueuedDialogs, archiveService, vaultSession } from '../support/queued-dialogs.js';
import { CHROMIUM_ARGS, serveRenderer } from '../support/serve-renderer.js';
import { bridgeIpc } from './ipc-bridge.js';

export interface Harness {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly dialogs: QueuedDialogs;
  /** A fresh temp folder for files the test saves or opens. */
  readonly folder: string;
  readonly origin: string;
  /** Every URL the page requested, in order. */
  readonly requests: string[];
  readonly consoleErrors: string[];
  /** The vault's folder (drafts/, trash/, quarantine/ in it). */
  readonly vaultFolder: string;
  /** The main-process vault session the page talks to (replaced by restartMain). */
  readonly vault: VaultSession;
  /** Simulates quitting and starting the app: main forgets the unlocked vault; the page reloads. */
  restartMain(): Promise<void>;
  close(): Promise<void>;
}

/** The passphrase of the vault `startHarness({ vault })` creates. */
export const TEST_PASSPHRASE = 'copper lantern drifts over quiet harbor';

export interface HarnessOptions {
  viewport?: { width: number; height: number };
  /**
   * The drafts vault before the page loads: `none` (first run, the default), `locked` (made in an
   * earlier run of the app) or `unlocked` (made and unlocked with TEST_PASSPHRASE).
   */
  vault?: 'none' | 'locked' | 'unlocked';
  /** A vault folder made with TEST_PASSPHRASE, copied in and unlocked before the page loads (in place of `vault`). */
  vaultCopy?: string;
  /** The text of the system policy file main reads at start (none by default). */
  policy?: string;
  /** Runs before the page loads, e.g. `page.clock.install()`; gets main's vault session too. */
  beforeLoad?: (page: Page, vault: VaultSession) => Promise<void>;
}

let browser: Browser | undefined;
/** Harnesses started and not yet closed: the `test` of ./fixture.ts checks and closes them after each test. */
const running = new Set<Harness>();

/** The one Chromium every harness opens its contexts in (`npm run bench:ui` opens its other pages here too). */
export async function harnessBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return browser;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const browser = await harnessBrowser();
  const server = await serveRenderer();
  const origin = server.origin;
  const dialogs = new QueuedDialogs();
  const folder = mkdtempSync(join(tmpdir(), 'cmk-rekey-e2e-'));
  if (options.policy !== undefined) writeFileSync(join(folder, 'system-policy.json'), options.policy);
  const policy = await Policy.load(
    { system: join(folder, 'system-policy.json'), portable: join(folder, 'portable-policy.json') },
    join(folder, 'vault'),
  );
  // Main's services; restartMain() makes new ones on the same folders, as a new run of the app would.
  const start = () => {
    const vault = vaultSession(folder, dialogs, undefined, policy);
    const dispatch = createDispatch(
      createHandlers({
        files: new RequestFiles(dialogs, policy),
        vault,
        archive: archiveService(folder, dialogs, policy),
        version: '0.0.0-e2e',
      }),
      (line) => {
        throw new Error(`main-process error during the test: ${line}`);
      },
    );
    return { vault, dispatch };
  };
  if (options.vaultCopy !== undefined) cpSync(options.vaultCopy, join(folder, 'vault'), { recursive: true });
  let main = start();
  if (options.vaultCopy !== undefined) {
    const unlocked = await main.vault.unlock({ passphrase: TEST_PASSPHRASE });
    if (!unlocked.ok) throw new Error(`the copied vault was not unlocked: ${unlocked.message}`);
  }
  if (options.vault === 'locked' || options.vault === 'unlocked') {
    const created = await main.vault.create({ passphrase: TEST_PASSPHRASE, recipients: [] });
    if (!created.ok) throw new Error(`the test vault was not created: ${created.message}`);
    if (options.vault === 'locked') {
      await main.vault.close();
      main = start();
    }
  }
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  const page = await context.newPage();
  await bridgeIpc(context, page, () => main.dispatch);
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await options.beforeLoad?.(page, main.vault);
  await page.goto(`${origin}/index.html`);
  const harness: Harness = {
    page,
    context,
    dialogs,
    folder,
    origin,
    requests,
    consoleErrors,
    vaultFolder: join(folder, 'vault'),
    get vault() {
      return main.vault;
    },
    async restartMain() {
      // No close(): a crash does not get to lock anything either; the new session starts locked. A new
      // process has a new window, so nothing the old one kept for its own reloads (sessionStorage) survives.
      main = start();
      await page.evaluate(() => {
        sessionStorage.clear();
      });
      await page.reload();
    },
    async close() {
      running.delete(harness);
      await context.close();
      await server.close();
    },
  };
  running.add(harness);
  return harness;
}

/** The harnesses started since the last call, to be checked and closed (./fixture.ts). */
export function takeRunning(): Harness[] {
  const started = [...running];
  running.clear();
  return started;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}
