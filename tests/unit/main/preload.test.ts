import { describe, expect, it, vi } from 'vitest';
import { METHODS, channelOf } from '../../../src-shared/ipc/contract.js';
import { METHOD_NAMES } from '../../../src-shared/ipc/methods.js';

/** A fake of the two things the preload may touch: contextBridge and ipcRenderer. */
function fakeElectron() {
  const exposed = new Map<string, unknown>();
  const invoked: [string, unknown][] = [];
  return {
    exposed,
    invoked,
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        if (exposed.has(key)) throw new Error(`${key} exposed twice`);
        exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invoke: (channel: string, arg: unknown) => {
        invoked.push([channel, arg]);
        return Promise.resolve({ ok: true, value: { channel } });
      },
    },
  };
}

describe('the preload', () => {
  it('builds from a method list equal to the contract (run npm run gen:methods if this fails)', () => {
    expect([...METHOD_NAMES]).toEqual(METHODS);
  });

  it('exposes window.cmkRekey through contextBridge: one frozen method per channel, invoking it', async () => {
    const fake = fakeElectron();
    vi.resetModules();
    vi.doMock('electron', () => fake);
    await import('../../../src-main/preload/index.js');
    expect([...fake.exposed.keys()]).toEqual(['cmkRekey']);
    const api = fake.exposed.get('cmkRekey') as Record<string, (arg: unknown) => Promise<unknown>>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api)).toEqual(METHODS);
    for (const method of METHODS) {
      await expect(api[method]?.({ from: method })).resolves.toEqual({
        ok: true,
        value: { channel: channelOf(method) },
      });
    }
    expect(fake.invoked).toEqual(METHODS.map((method) => [channelOf(method), { from: method }]));
  });
});
