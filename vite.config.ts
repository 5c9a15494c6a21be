import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, normalizePath, type Plugin, type Rolldown } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src-main/window.js';

/** Writes the same CSP that main sends as a header into the page, so it holds however the page is loaded. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'cmk-rekey-csp',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

const source = (path: string) =>
  normalizePath(fileURLToPath(new URL(`src-renderer/${path}`, import.meta.url)));
/** Start-up's module (index.html's script). */
const MAIN = source('main.ts');
/** The form's module, which the drafts screen imports when a draft opens. */
const FORM = source('editor.ts');
/** The module whose dynamic imports are the form's steps. */
const STEP_LOADER = source('lib/step-views.svelte.ts');
type ModuleGraph = Rolldown.ChunkingContext;

/** The modules reached from `root`, itself included, through static imports (and dynamic ones if asked). */
function reach(root: string, graph: ModuleGraph, dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [root];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const info = graph.getModuleInfo(id);
    stack.push(...(info?.importedIds ?? []), ...(dynamic ? (info?.dynamicallyImportedIds ?? []) : []));
  }
  return seen;
}

/**
 * Which on-demand chunk a module goes to. Rolldown makes a chunk of every set of dynamic imports that
 * share modules, and each chunk is compressed alone with its own imports of the Svelte runtime, so many
 * small chunks cost more than their code. Two groups undo that where it costs the user nothing:
 * - `editor`: what the form's chunk imports, and what every step imports (each step loads after the form,
 *   so these always load together anyway);
 * - `later`: what start-up loads on demand other than the form (the create, trash, archive and settings
 *   screens, the policy banner, dialogs, the files the vault set aside, the re-encryption offer), all
 *   rarely used and never on the way to the form, in one chunk.
 * Start-up's modules stay in start-up's chunk; what some steps use but not others, and what the form
 * loads on demand, stay in chunks of their own, so no step waits for another's code.
 */
function chunkGroup(): (id: string, graph: ModuleGraph) => string | null {
  const statically = new Map<string, Set<string>>();
  const closure = (root: string, graph: ModuleGraph): Set<string> => {
    let seen = statically.get(root);
    if (seen === undefined) statically.set(root, (seen = reach(root, graph, false)));
    return seen;
  };
  /** Every module loaded by a dynamic import, and those of them that start-up's modules import. */
  let onDemand: { all: Set<string>; fromStartup: Set<string> } | undefined;
  const dynamicImports = (graph: ModuleGraph) => {
    if (onDemand !== undefined) return onDemand;
    const startup = closure(MAIN, graph);
    onDemand = { all: new Set(), fromStartup: new Set() };
    for (const id of reach(MAIN, graph, true)) {
      for (const next of graph.getModuleInfo(id)?.dynamicallyImportedIds ?? []) {
        onDemand.all.add(next);
        if (startup.has(id) && next !== FORM) onDemand.fromStartup.add(next);
      }
    }
    return onDemand;
  };
  return (id, graph) => {
    if (closure(MAIN, graph).has(id)) return null;
    const steps = graph.getModuleInfo(STEP_LOADER)?.dynamicallyImportedIds ?? [];
    const inEveryStep = steps.length > 0 && steps.every((step) => closure(step, graph).has(id));
    if (closure(FORM, graph).has(id) || inEveryStep) return 'editor';
    const { all, fromStartup } = dynamicImports(graph);
    const users = [...all].filter((entry) => closure(entry, graph).has(id));
    if (users.length > 0 && users.every((entry) => fromStartup.has(entry))) return 'later';
    return null;
  };
}

/** The renderer: relative asset URLs so Electron can load it from disk with loadFile. */
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [
    // No `window.__svelte.v` marker (a version set for developer tools): nothing here reads it, and every
    // path carried it.
    svelte({ compilerOptions: { discloseVersion: false } }),
    contentSecurityPolicy(),
  ],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    // Which chunk loads which: what the bundle budgets (scripts/bundle-sizes.ts) follow.
    manifest: true,
    reportCompressedSize: false,
    // One stylesheet, which the page links (the components' styles are in it either way): no chunk then
    // lists it to load with its dynamic imports.
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Only the modules named; their imports stay where they are (start-up's runtime above all).
          groups: [
            { name: chunkGroup(), debugName: 'editor and screens', includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
});
