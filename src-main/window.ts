/** The app window, hardened: isolated, sandboxed, no Node, no navigation, no pop-ups, no permissions. */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'";

/** The window's usual first size. */
const PREFERRED_SIZE = { width: 1180, height: 820 };
/** The smallest window: it fits an 800×600 screen with a taskbar (the layout goes to one column there). */
export const MIN_WINDOW_SIZE = { width: 640, height: 480 };

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** `workArea`: the screen without its taskbar; the first size never exceeds it. */
export function windowOptions(
  preloadPath: string,
  devTools: boolean,
  workArea: Size,
): BrowserWindowConstructorOptions {
  const fit = (key: keyof Size) =>
    Math.max(MIN_WINDOW_SIZE[key], Math.min(PREFERRED_SIZE[key], workArea[key]));
  return {
    width: fit('width'),
    height: fit('height'),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'CMK Rekey',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
}

/** Whether `url` is the app's own page; the hash (the current step) does not matter. */
export function isAppUrl(url: string | undefined, appUrl: string): boolean {
  return url !== undefined && url.split('#')[0] === appUrl;
}

/** Denies everything a renderer could ask for beyond its own page. */
export function hardenWebContents(contents: WebContents, appUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** The one permission the app uses: writing text to the clipboard (Copy buttons). */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission);
}

/**
 * No camera, notifications, clipboard reading or anything else; no request leaves the app's own files
 * (`appFolderUrl`: the renderer's folder, ending in "/"), not even for another local file.
 */
export function hardenSession(session: Session, appFolderUrl: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionAllowed(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !details.url.startsWith(appFolderUrl) && !details.url.startsWith('devtools://') });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}
