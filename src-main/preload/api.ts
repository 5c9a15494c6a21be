/** Builds the renderer's API from the contract: one async method per channel, nothing else. */
import { METHODS, channelOf, type ArgOf, type Method, type ResultOf } from '../../src-shared/ipc/contract.js';
import type { Result } from '../../src-shared/ipc/result.js';

export type Api = { readonly [M in Method]: (arg: ArgOf<M>) => Promise<Result<ResultOf<M>>> };

export type Invoke = (channel: string, arg: unknown) => Promise<unknown>;

export function buildApi(invoke: Invoke): Api {
  const api: Record<string, (arg: unknown) => Promise<unknown>> = {};
  for (const method of METHODS) api[method] = (arg) => invoke(channelOf(method), arg);
  return Object.freeze(api) as unknown as Api;
}
