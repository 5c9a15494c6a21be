/**
 * Which content fields of a draft differ between two versions, by name (`title`, `request.siteUrl`…).
 * A module of its own, free of the ticket renderer, so the form can name the fields of a refused save.
 */
import type { DraftDocument } from './draft.js';

/** The names of the content fields that differ (position excluded: moving around is not editing). */
export function changedFields(before: DraftDocument, after: DraftDocument): string[] {
  const fields: string[] = [];
  if (before.title !== after.title) fields.push('title');
  if (JSON.stringify(before.checklist) !== JSON.stringify(after.checklist)) fields.push('checklist');
  if (JSON.stringify(before.keyChecks ?? []) !== JSON.stringify(after.keyChecks ?? []))
    fields.push('keyChecks');
  if (JSON.stringify(before.keysSetAside ?? []) !== JSON.stringify(after.keysSetAside ?? []))
    fields.push('keysSetAside');
  for (const key of Object.keys(after.request) as (keyof DraftDocument['request'])[]) {
    if (JSON.stringify(before.request[key]) !== JSON.stringify(after.request[key]))
      fields.push(`request.${key}`);
  }
  return fields;
}
