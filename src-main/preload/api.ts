/**
 * Builds the renderer's API from the contract: one async method per channel, nothing else. Only the
 * contract's types come from contract.ts; the names come from the zod-free list generated from it.
 */
import { channelOf } from '../../src-shared/ipc/channel.js';
import type { ArgOf, Method, RefusedOf, ResultOf } from '../../src-shared/ipc/contract.js';
import { METHOD_NAMES } from '../../src-shared/ipc/methods.js';
import type { Result } from '../../src-shared/ipc/result.js';

export type Api = {
  readonly [M in Method]: (arg: ArgOf<M>) => Promise<Result<ResultOf<M>, RefusedOf<M>>>;
};

export type Invoke = (channel: string, arg: unknown) => Promise<unknown>;

export function buildApi(invoke: Invoke): Api {
  const api: Record<string, (arg: unknown) => Promise<unknown>> = {};
  for (const method of METHOD_NAMES) api[method] = (arg) => invoke(channelOf(method), arg);
  return Object.freeze(api) as unknown as Api;
}
