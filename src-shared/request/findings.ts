/** What the rules report: a stable code, where, how bad, and a message that says how to fix it. */

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Where in the request, e.g. `keys[1].newKeyArn`; empty for the request as a whole. */
  readonly path: string;
  /** Stable identifier, e.g. `keys.arn.alias`; tools and tests depend on it. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
}

export interface Validation {
  readonly valid: boolean;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
}

export class FindingList {
  readonly errors: Finding[] = [];
  readonly warnings: Finding[] = [];

  error(path: string, code: string, message: string): void {
    this.errors.push({ path, code, severity: 'error', message });
  }

  /** A value `cmk-rekey normalize` would change: the message shows the canonical form and why. */
  notCanonical(path: string, field: string, normalized: { value: string; changes: readonly string[] }): void {
    this.error(
      path,
      `${field}.not-canonical`,
      `Write this as "${normalized.value}" (${normalized.changes.join('; ')}).`,
    );
  }

  warn(path: string, code: string, message: string): void {
    this.warnings.push({ path, code, severity: 'warning', message });
  }

  result(): Validation {
    return { valid: this.errors.length === 0, errors: this.errors, warnings: this.warnings };
  }
}

/** `keys[1].newKeyArn` → `['keys', 1, 'newKeyArn']`. */
export function pathSegments(path: string): (string | number)[] {
  if (path === '') return [];
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
