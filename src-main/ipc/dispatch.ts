/** Runs a contract method for an untrusted caller: parse the argument, run the handler, return data. */
import {
  CONTRACT,
  type ArgOf,
  type ContractEntry,
  type Method,
  type RefusedOf,
  type ResultOf,
} from '../../src-shared/ipc/contract.js';
import { failure, type Failure, type Result } from '../../src-shared/ipc/result.js';
import { SettingsError } from '../settings.js';

export type Handlers = {
  readonly [M in Method]: (arg: ArgOf<M>) => Promise<Result<ResultOf<M>, RefusedOf<M>>>;
};

export type Dispatch = (method: Method, arg: unknown) => Promise<Result<unknown, unknown>>;

export function createDispatch(
  handlers: Handlers,
  log: (message: string) => void = () => undefined,
): Dispatch {
  return async (method, arg) => {
    const entry: ContractEntry = CONTRACT[method];
    const parsed = entry.arg.safeParse(arg);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
      return failure(
        'invalid-argument',
        `Invalid ${method} argument${where}: ${issue?.message ?? 'rejected'}.`,
      );
    }
    try {
      const handler = handlers[method] as (arg: unknown) => Promise<Result<unknown, unknown>>;
      const result = await handler(parsed.data);
      if (!result.ok) return refusal(method, entry, result, log);
      const checked = entry.result.safeParse(result.value);
      if (!checked.success) {
        log(`${method}: handler result does not match the contract: ${checked.error.message}`);
        return failure('internal', 'The app produced an unexpected answer. Nothing was changed.');
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      // The settings file's failures are the user's to know (disk full, share away), in words already.
      if (error instanceof SettingsError) return failure('io', error.message);
      log(`${method}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure('internal', 'Something went wrong in the app. Nothing was changed; please try again.');
    }
  };
}

/**
 * A handler's refusal as it may leave: its `detail` only where the contract names it and it matches;
 * otherwise the refusal without it (the words and code still say what happened).
 */
function refusal(
  method: Method,
  entry: ContractEntry,
  refused: Failure<unknown>,
  log: (message: string) => void,
): Failure<unknown> {
  if (refused.detail === undefined) return refused;
  const checked = entry.refused?.safeParse(refused.detail);
  if (checked?.success === true) return failure(refused.code, refused.message, checked.data);
  log(
    `${method}: a refusal's detail does not match the contract: ${checked?.error.message ?? 'none expected'}`,
  );
  return failure(refused.code, refused.message);
}
