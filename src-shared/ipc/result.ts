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

export type Failure = { readonly ok: false; readonly code: ErrorCode; readonly message: string };
export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failure(code: ErrorCode, message: string): Failure {
  return { ok: false, code, message };
}
