/**
 * The e2e harness's stand-in for Electron's IPC: the page's `window.cmkRekey` (the shape the preload's
 * buildApi() exposes, one method per contract entry) sends each call to main's dispatch in Node and gets its
 * answer back, one message each way, as `ipcRenderer.invoke` does.
 *
 * It is a raw CDP binding (Runtime.addBinding) and one Runtime.evaluate for the answer. Playwright's
 * exposeBinding did the same job with several protocol round trips a call, each waiting for the page's main
 * thread: 40 to 80 ms a call on a quiet machine, when main itself took 0.1 to 25 ms, so every figure
 * `npm run bench:ui` took through the harness was mostly the test's own transport. Arguments and answers
 * cross as JSON, which holds every value the contract's schemas allow (no binary, no dates).
 */
import type { BrowserContext, Page } from 'playwright';
import { METHODS, channelOf, type Method } from '../../src-shared/ipc/contract.js';

const SEND = '__cmkRekeySend';
const REPLY = '__cmkRekeyReply';

type Dispatch = (method: Method, arg: unknown) => Promise<unknown>;

interface Call {
  id: number;
  channel: string;
  arg?: unknown;
}

/** Runs in the page before its scripts: `window.cmkRekey`, whose calls go out through the binding. */
const installApi = ({
  channels,
  send,
  reply,
}: {
  channels: [string, string][];
  send: string;
  reply: string;
}) => {
  const pending = new Map<number, (value: unknown) => void>();
  let next = 0;
  const post = (window as unknown as Record<string, (payload: string) => void>)[send];
  const invoke = (channel: string, arg: unknown) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      post?.(JSON.stringify({ id, channel, arg }));
    });
  Object.defineProperty(window, reply, {
    value: (id: number, json: string) => {
      pending.get(id)?.(JSON.parse(json));
      pending.delete(id);
    },
  });
  const api = Object.fromEntries(
    channels.map(([method, channel]) => [method, (arg: unknown) => invoke(channel, arg)]),
  );
  Object.defineProperty(window, 'cmkRekey', { value: Object.freeze(api) });
};

/** Serves the page's `window.cmkRekey` calls with `dispatch()` (read anew on every call: main can restart). */
export async function bridgeIpc(
  context: BrowserContext,
  page: Page,
  dispatch: () => Dispatch,
): Promise<void> {
  const byChannel = new Map(METHODS.map((method): [string, Method] => [channelOf(method), method]));
  const options = {
    channels: METHODS.map((method): [string, string] => [method, channelOf(method)]),
    send: SEND,
    reply: REPLY,
  };
  // Run under tsx (npm run bench:ui), a function keeps its name through a `__name()` helper that the page
  // does not have: the script brings a no-op one.
  await context.addInitScript({
    content: `globalThis.__name ??= (target) => target; (${installApi.toString()})(${JSON.stringify(options)});`,
  });
  const cdp = await context.newCDPSession(page);
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== SEND) return;
    const call = JSON.parse(event.payload) as Call;
    const method = byChannel.get(call.channel);
    const answer =
      method === undefined
        ? Promise.resolve({ ok: false, code: 'invalid-argument', message: `unknown channel ${call.channel}` })
        : dispatch()(method, call.arg);
    void answer.then((value) =>
      cdp
        .send('Runtime.evaluate', {
          expression: `${REPLY}(${String(call.id)}, ${JSON.stringify(JSON.stringify(value))})`,
          contextId: event.executionContextId,
        })
        // The page navigated or closed before the answer came: nobody is waiting for it any more.
        .catch(() => undefined),
    );
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: SEND });
}
