/** Looking at untrusted JSON values without throwing. */

/** Names any value in a message without throwing (BigInt and cycles defeat JSON.stringify). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}

/** A list of text values; holes in sparse arrays count as not text. */
export function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && Array.from(value).every((entry) => typeof entry === 'string');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
