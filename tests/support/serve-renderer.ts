/** Serves the built renderer (out/renderer) on 127.0.0.1 with the app's CSP, as Electron would load it. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../src-main/window.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Chromium flags for this closed network (Debian's Chromium, as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface RendererServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function serveRenderer(): Promise<RendererServer> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('The renderer is not built: run "npm run build" first.');
  const server: Server = createServer((request, response) => {
    const path = normalize(
      join(RENDERER_DIR, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)),
    );
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(RENDERER_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
