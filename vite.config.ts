import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
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

/** The renderer: relative asset URLs so Electron can load it from disk with loadFile. */
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [svelte(), contentSecurityPolicy()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    // Which chunk loads which: what the bundle budgets (scripts/bundle-sizes.ts) follow.
    manifest: true,
    reportCompressedSize: false,
  },
});
