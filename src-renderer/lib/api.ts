/** The renderer's only way out: the API the preload exposes as `window.cmkRekey`. */
// The API type is the one thing the renderer takes from main (eslint.config.js allows exactly this path).
import type { Api } from '../../src-main/preload/api.js';

export type { Api };

declare global {
  interface Window {
    /** Missing when the page runs outside the app (a plain browser). */
    readonly cmkRekey?: Api;
  }
}

/** The app's API, or undefined when the page is not running inside CMK Rekey. */
export function appApi(): Api | undefined {
  return window.cmkRekey;
}
