/** The IPC channel of a contract method (no zod here: the sandboxed preload imports this). */
export function channelOf(method: string): string {
  return `cmk-rekey:${method}`;
}
