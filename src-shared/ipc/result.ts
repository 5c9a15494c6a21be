/** Results that cross process boundaries (IPC, CLI): errors are data with a closed set of codes. */

export const ERROR_CODES = [
  'invalid-argument',
  'cancelled',
  'not-found',
  'not-a-file',
  'too-large',
  'binary',
  'not-json',
  'not-a-request',
  'unsupported-version',
  'invalid-request',
  'io',
  'locked',
  'wrong-passphrase',
  'corrupt',
  'untrusted',
  'exists',
  /** Refused by the organization's policy. */
  'forbidden',
  /** A sent, completed or withdrawn request: its content is frozen. */
  'read-only',
  /** Another process (the app, the command line) is changing the vault: nothing was done; try again. */
  'busy',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A refusal; `detail` is what the caller needs to act on it, where the method's contract entry names its
 * schema (`refused`), e.g. the stored draft that refused a save.
 */
export type Failure<D = never> = {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
  readonly detail?: D;
};
export type Result<T, D = never> = { readonly ok: true; readonly value: T } | Failure<D>;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure<D = never>(code: ErrorCode, message: string, detail?: D): Failure<D> {
  return detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail };
}
