/**
 * The built app's JS by what loads it, gzip level 9, from the files `npm run build` wrote: the renderer's
 * chunks as Vite's manifest links them, and the preload. Deterministic (sizes, no timings): the bundle
 * budget test (tests/unit/main/bundle-budget.test.ts) and `npm run bench:ui` both use it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RENDERER_OUT = join(ROOT, 'out/renderer');
export const PRELOAD_OUT = join(ROOT, 'out/node/preload/preload.cjs');
const MANIFEST = join(RENDERER_OUT, '.vite/manifest.json');
/**
 * The name of the chunk the drafts screen imports to open a draft: src-renderer/editor.ts, with what it
 * imports and what every step imports (grouped by vite.config.ts).
 */
const FORM_CHUNK = 'editor';
/** The form's steps: each a chunk the editor imports on demand (src-renderer/lib/step-views.svelte.ts). */
const STEP_CHUNK = /^steps\/Step\w+\.svelte$/;

export interface Size {
  readonly files: readonly string[];
  readonly raw: number;
  readonly gzip: number;
}

interface Chunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface BundleSizes {
  /** index.html's script and what it imports: up to the first screen (unlock, drafts). */
  readonly startup: Size;
  /**
   * What runs until the form's first step answers: start-up (unlock, drafts list, shell), the form's chunk
   * and the chunk of the step the draft opens at, each with its static imports. A draft opens where it was
   * left, so this is the heaviest of those paths (the other steps load after the first is on screen).
   */
  readonly formPath: Size;
  /** The same path for each step a draft can open at, by step chunk (e.g. `steps/StepStart.svelte`). */
  readonly formPaths: Readonly<Record<string, Size>>;
  /** Every renderer chunk, including those loaded on demand. */
  readonly renderer: Size;
  /** Chunks outside start-up and the form's chunk, one by one (loaded on first use; steps among them). */
  readonly onDemand: readonly Size[];
  readonly preload: Size;
}

function sizeOf(files: Iterable<string>, folder: string): Size {
  const list = [...new Set(files)].sort();
  let raw = 0;
  let gzip = 0;
  for (const file of list) {
    const bytes = readFileSync(join(folder, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: list, raw, gzip };
}

/** Why the build cannot be measured (missing, or older than its sources), or undefined if it can. */
export function staleBuild(): string | undefined {
  if (!existsSync(MANIFEST) || !existsSync(PRELOAD_OUT))
    return 'The app is not built: run "npm run build" first.';
  const newest = (folder: string): number =>
    readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).reduce(
      (latest, name) => Math.max(latest, statSync(join(ROOT, folder, name)).mtimeMs),
      0,
    );
  const sources = Math.max(newest('src-renderer'), newest('src-shared'), newest('src-main/preload'));
  const built = Math.min(statSync(MANIFEST).mtimeMs, statSync(PRELOAD_OUT).mtimeMs);
  return built < sources ? 'The build is older than the sources: run "npm run build" first.' : undefined;
}

export function bundleSizes(): BundleSizes {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, Chunk>;
  const closure = (keys: string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    keys.forEach(visit);
    return seen;
  };
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry === true);
  const fileOf = (key: string) => manifest[key]?.file ?? '';
  const startupKeys = closure(entries);
  const form = Object.keys(manifest).find((key) => manifest[key]?.name === FORM_CHUNK);
  if (form === undefined) throw new Error(`The renderer manifest has no ${FORM_CHUNK} chunk.`);
  const formKeys = closure([...entries, form]);
  const steps = (manifest[form]?.dynamicImports ?? []).filter((key) => STEP_CHUNK.test(key));
  if (steps.length === 0) throw new Error(`The renderer manifest has no step chunks under ${FORM_CHUNK}.`);
  const formPaths = Object.fromEntries(
    steps.map((step) => [step, sizeOf([...closure([...formKeys, step])].map(fileOf), RENDERER_OUT)]),
  );
  const formPath = Object.values(formPaths).reduce((worst, size) => (size.gzip > worst.gzip ? size : worst));
  const allKeys = Object.keys(manifest).filter((key) => manifest[key]?.file.endsWith('.js'));
  return {
    startup: sizeOf([...startupKeys].map(fileOf), RENDERER_OUT),
    formPath,
    formPaths,
    renderer: sizeOf(allKeys.map(fileOf), RENDERER_OUT),
    onDemand: allKeys.filter((key) => !formKeys.has(key)).map((key) => sizeOf([fileOf(key)], RENDERER_OUT)),
    preload: sizeOf(['preload.cjs'], join(PRELOAD_OUT, '..')),
  };
}

const KB = 1024;
/**
 * Budgets in gzip bytes. `target` is the goal of issue 11; `limit` is what the test enforces. Where the
 * build does not reach the target yet, the limit is today's size (rounded up), so that it can only shrink.
 * Issue 11's split (each step, and the create/trash/archive/settings screens, a chunk of its own) took the
 * form path from 76 to 63 KB and start-up from 40 to 31 KB, and raised the sum of all chunks from 96 to
 * 112 KB: each chunk is compressed alone and carries its own imports of the Svelte runtime. The drafts
 * search, filters, re-encryption offer and trash actions then brought them to 66 and 117 KB. Since then
 * (65.5 → 59.3 KB form path, 33.7 → 31.0 KB start-up, 116.5 → 113.1 KB sum): the form's chunk takes what
 * it and every step import, and what start-up loads on demand shares one chunk (vite.config.ts); the form's
 * chunk no longer carries the ticket renderer (life-status.ts); and what the path rarely needs loads on
 * first use (dialogs, the set-aside files, the policy banner, the re-encryption callout, the record
 * panel's forms). What is left on the path is what draws the first step: the Svelte runtime (about 17 KB),
 * unlock, the drafts list and the session (about 14 KB), the form with its rules (about 19 KB) and the
 * step's own chunks (up to 9 KB, Timing and Review). The phone rule's own check, in place of libphonenumber-js's
 * code and with only the metadata it reads, took its chunk from 19.5 to 7.8 KB (sum 113.1 → 101.4 KB).
 * Then (59.3 → 58.2 KB form path, 31.0 → 30.7 KB start-up, 101.4 → 100.8 KB sum): data only main or the
 * docs read left the renderer's modules (the fields' JSON Schema descriptions), what one lazy part shows
 * moved into it (the set-aside files' labels), each step imports only the domain claims it shows, and
 * start-up no longer carries Svelte's head block or version marker. Texts made true to their sources
 * (impact levels, the users' notice, the phone and site-URL messages) cost 0.5 KB; the renderer then
 * imported only the ticket's text form, leaving Markdown and JSON to main (-0.4 KB). With the fixes for lost
 * edits in the same round (kept key pairs saved with the draft, keys reopened in their rows, findings of a
 * group shown once one of its fields is visited, Rename only where main accepts it) the form path is 58.4 KB
 * and the sum 101.1 KB; the warnings about AWS's documentation examples (account and key ID) add 0.2 KB:
 * 58.6 and 101.3 KB. The next round's fixes raised them, a trade made on purpose: the form shows another
 * app's changes that main kept with a save (two apps on one vault), two texts stopped telling users something
 * false (who can open an exported draft, what to do with a damaged file), Open… names the fields a file held
 * that the form cannot take, and the Archive screen checks a pack again when it opens and lists an odd entry
 * on its own instead of failing, the Archive screen searches by the drafts list's rule (one shared
 * function in start-up's chunk), and an opened pack shows its withdrawal and no longer calls a ticket never
 * sent "as sent": 58.8 and 101.7 KB. The editor then compared main's answer with the shared canonicalJson
 * (main's, moved to src-shared) instead of a sorter of its own, 15 bytes more: 58.9 and 101.8 KB. The next
 * round's QA fixes raised them again, on purpose (a limit must not keep a defect in the app). The form: two
 * admin URLs in the organization ID refused, a repeated paste shown tidied, messages and claims that name
 * their source or stop overstating it, Review's findings in the order of the form's steps, a reload of the
 * window reopening the draft that was open, describe-key output no longer overwriting a typed ARN, a repeated
 * list entry named with what to do, the Organization step's hints in the page's words. The rest: an opened
 * pack as a dialog over a list that scrolls with the page, Save as .zip gone under a policy that turns
 * exports off, the Settings, first-run and unlock screens' texts about the organization's keys and folder:
 * 59.4 and 102.3 KB. The maintenance window's timezone kept per site (the editor asks main for it when a
 * draft opens, and tells main a new choice): 102.4 KB for all renderer JS. A reload or close while the open
 * draft's changes are not saved asks first (the start-up page's beforeunload): 3 bytes more. A request
 * withdrawn before it was sent shows what it held (it showed nothing): the ticket's renderer, which that view
 * loads on demand, is now a chunk Review shares with it, so Review's path loads one chunk more: 60.0 and
 * 103.3 KB. The record panel's
 * forms work by keyboard (focus in and back out, Escape): 103.5 KB for all renderer JS. The next QA round's
 * fixes to the form (QA F: the draft's status and the sending warnings judged by the policy's rules and the
 * describe-key results, fields that take no more than a draft keeps, rule messages that name their source, the
 * users' notice naming only a site the rules accept): 60.2 and 103.8 KB. A vault folder that is not there (a
 * share not connected) is said so on the first-run screen, with Try again: 104.1 KB. The drafts list shows
 * an open New revision's number, as it did for sent ones (the two share a title): 60.3 and 104.2 KB. The
 * drafts list's status judged under the policy (statusUnderPolicy on the form's path too, 75 bytes) fit in
 * them; Open… naming the empty values it left out of a file (QA F finding 4) added 24 and 40 bytes. The
 * rules' warning about a new multi-Region key that is the replica of an old one (it shares the old key's
 * material) and the Account step saying which account the keys on the Keys step are in when the account ID
 * typed is not theirs (in the Account step's chunk): 60.6 and 104.7 KB. The next round's fixes for lost
 * work (QA J): the step saved once a draft is edited, where the user was kept over a lock or reload, a
 * draft's answer arriving after a lock kept for after unlock instead of shown over the lock screen, Open…
 * refused while the draft's changes are not saved, a timezone chosen just before a lock or reload kept, and
 * the form's limits counted as the stored record counts them: 60.9 and 105.2 KB. Normalising then said
 * exactly what it did to white space (line breaks and tabs turned into spaces are not "repeated spaces";
 * QA K): 61.1 and 105.3 KB. A request marked sent elsewhere while open here no longer shows as a draft
 * whose saves are retried for ever (the editor takes the stored record, stops saving and names the refused
 * changes; their alert is a chunk of its own, 1.5 KB, loaded only then), and the record form's, Rename's and
 * describe-key's typed texts are kept over a lock (QA J F5, F6): 61.6 and 107.4 KB. The save status then
 * said "Saved" beside that alert's "not saved"; it now says Not saved until the alert is dismissed, and a
 * Mark as sent, Completed, Withdraw or Rename form open at that moment closes, its text moved into the alert,
 * focus kept on the page: 61.9 and 108.1 KB. The describe-key output pasted in the Keys step then moved into
 * that alert too (it was lost with the frozen request; 246 bytes, in the alert's own chunk): 108.3 KB for all
 * renderer JS; the form's path stayed under its 61.9 KB. The drafts list and the trash then showed a page
 * of 50 at a time with "Show more" (a card for each of 10,000 drafts froze the window for 20 s): 62.2 and
 * 108.6 KB. The next round's fixes of what the form told users falsely: an invisible or control character in
 * working hours, phone, notes or attachments an error that names it (the rule and its patterns), the Review
 * step's per-field Copy buttons hidden while the ticket has errors, the next-window advice on the Timing step,
 * the L3/L4 wording that no longer claims the support page has no Enterprise figure, and atlassian.net alone
 * refused as a site: 62.8 and 109.2 KB. The warning on a site name shorter than the 3 characters Atlassian's
 * page on changing a product URL asks for: 62.9 and 109.4 KB. The invisible characters the rule had missed
 * (soft hyphen, the Hangul filler U+FFA0, the blank Braille pattern, tag characters; a working-hours value of
 * only one of them passed as filled in): 63.0 KB for the form's path. Every statement from Atlassian's pages
 * the form shows naming its page in its own words (the re-encryption page's too, and the AWS set-up page's
 * realm facts on the Account step): 109.5 KB for all renderer JS. The next fixes of what the form told
 * users falsely (an old key typed in another region's row named at that key instead of "use a new key in"
 * the wrong region and "no pair for" the row's region, key-rows.ts; the AWS CLI panel that closed at each
 * keystroke; two trailing dots of a site left for the rule): 63.4 and 110.1 KB. Focus kept on the page
 * when a button takes itself away (a kept key pair used or discarded, "Ask about it in the ticket"):
 * 110.2 KB for all renderer JS. The ticket's timing answer with the option's letter as the re-encryption
 * page lists it ("b) Next maintenance window"): 110.3 KB. The next round's fixes (audits of the compliance
 * screens, of lost work and of the rules against the domain notes): on the form's path, the rules (text of
 * only characters that draw nothing, e-mail local parts, xn-- top-level domains, a single-Region key ID in
 * two regions, a host's ASCII form, limits said as "or fewer"), the editor and session telling a request
 * sent or a draft deleted elsewhere while the vault was locked, the drafts list's Rename dialog kept over a
 * lock, the trash read again after a refusal, focus kept after Export and Seal: 64.3 KB; with the Archive
 * screen's locked settings, empty states and labels, Mark as sent under markSentRequiresReady and focus
 * after a refused record change: 112.0 KB for all renderer JS. The next round's fixes (audits of the
 * stored formats and of the ticket against the re-encryption page): on the form's path, the rules (half a
 * character, a zero-width joiner that joins nothing, an address or host name longer than mail or DNS
 * allow, a site name with a dot, an empty key list): 64.6 KB; with the Archive screen naming a signer as
 * verified only once checked (the full row in the opened pack) and the vault screen saying the settings
 * file is damaged: 112.7 KB for all renderer JS, the limits below.
 */
export const BUDGETS = {
  formPath: { target: 50 * KB, limit: 64.6 * KB },
  renderer: { target: 80 * KB, limit: 112.7 * KB },
  preload: { target: 5 * KB, limit: 5 * KB },
} as const;
