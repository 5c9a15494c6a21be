/** `cmk-rekey normalize`: the canonical form of a whole request, with every change listed. */
import { FIELDS, LIST_FIELD_NAMES, TEXT_FIELD_NAMES } from './fields.js';
import { normalizeList } from './normalize.js';

export interface RequestChange {
  readonly path: string;
  readonly change: string;
}

export interface NormalizedRequest {
  readonly request: Record<string, unknown>;
  readonly changes: readonly RequestChange[];
}

/** Normalises the known fields of a request object; leaves anything else for `check` to report. */
export function normalizeRequest(input: Readonly<Record<string, unknown>>): NormalizedRequest {
  const request: Record<string, unknown> = { ...input };
  const changes: RequestChange[] = [];
  const note = (path: string, list: readonly string[]) => {
    for (const change of list) changes.push({ path, change });
  };
  for (const field of TEXT_FIELD_NAMES) {
    const raw = request[field];
    if (typeof raw !== 'string') continue;
    const normalized = FIELDS[field].normalize(raw);
    note(field, normalized.changes);
    if (normalized.value === '' && FIELDS[field].optional) {
      Reflect.deleteProperty(request, field);
      note(field, ['removed the empty field']);
    } else {
      request[field] = normalized.value;
    }
  }
  for (const field of LIST_FIELD_NAMES) {
    const raw = request[field];
    if (!Array.isArray(raw) || !raw.every((entry) => typeof entry === 'string')) continue;
    const normalized = normalizeList(raw, FIELDS[field].normalize);
    note(field, normalized.changes);
    if (normalized.value.length === 0) {
      Reflect.deleteProperty(request, field);
      note(field, ['removed the empty list']);
    } else {
      request[field] = normalized.value;
    }
  }
  const keys = request['keys'];
  if (Array.isArray(keys)) {
    request['keys'] = keys.map((pair: unknown, index) => {
      if (typeof pair !== 'object' || pair === null || Array.isArray(pair)) return pair;
      const copy: Record<string, unknown> = { ...(pair as Record<string, unknown>) };
      for (const side of ['oldKeyArn', 'newKeyArn'] as const) {
        const raw = copy[side];
        if (typeof raw !== 'string') continue;
        const normalized = FIELDS.keys.normalize(raw);
        note(`keys[${String(index)}].${side}`, normalized.changes);
        copy[side] = normalized.value;
      }
      return copy;
    });
  }
  return { request, changes };
}
