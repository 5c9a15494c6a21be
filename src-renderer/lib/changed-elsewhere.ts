/**
 * The words of the alert for a request sent, completed or withdrawn elsewhere while it was open here
 * (ChangedElsewhere.svelte): what happened, from the stored record, and what the user had typed that was
 * not saved, field by field, then the describe-key output pasted in the Keys step, then what was typed in
 * the record form and the Rename box that closed then. Loaded with that alert only.
 */
import { changedFields } from '../../src-shared/drafts/changed-fields.js';
import { CHECKLIST_IDS, type DraftDocument } from '../../src-shared/drafts/draft.js';
import { isAutoTitle } from '../../src-shared/drafts/title.js';
import { FIELDS, isFieldName } from '../../src-shared/request/fields.js';
import { REALMS, isRealmId } from '../../src-shared/request/realms.js';
import { pathLabel } from './paths.js';
import { TYPED_LABELS } from './typed-labels.js';
import type { ChangedElsewhere } from './unsaved.svelte.js';

export interface NotSaved {
  readonly label: string;
  /** As typed; several values one per line. */
  readonly value: string;
}

const DONE: Readonly<Record<DraftDocument['state'], string>> = {
  open: 'changed',
  sent: 'marked sent',
  completed: 'marked completed',
  withdrawn: 'withdrawn',
};

/** "This request was marked sent elsewhere (Atlassian ticket CMK-77) while it was open here." */
export function whatHappened(record: DraftDocument): string {
  const ticket = record.sent === undefined ? '' : ` (Atlassian ticket ${record.sent.ticket})`;
  return `This request was ${DONE[record.state]} elsewhere${ticket} while it was open here.`;
}

type Pair = { readonly oldKeyArn: string; readonly newKeyArn: string };

function pairText(pair: Pair | undefined): string {
  return `Old: ${pair?.oldKeyArn ?? ''}\nNew: ${pair?.newKeyArn ?? ''}`;
}

/** The key pairs that differ, each under its region (the realm's order) or its number. */
function keyPairs(record: DraftDocument, mine: DraftDocument): NotSaved[] {
  const { realm, keys } = mine.request;
  const regions = isRealmId(realm) ? REALMS[realm].regions : [];
  return keys.flatMap((pair, index) =>
    JSON.stringify(pair) === JSON.stringify(record.request.keys[index])
      ? []
      : [{ label: `Key ARNs, ${regions[index] ?? `pair ${String(index + 1)}`}`, value: pairText(pair) }],
  );
}

/**
 * What the user typed and the request did not store: the draft's fields, then the describe-key output
 * pasted, then the closed forms' texts.
 */
export function notSaved(changed: ChangedElsewhere): NotSaved[] {
  return [...notStored(changed.record, changed.mine), ...pastedTexts(changed), ...typedTexts(changed)];
}

/**
 * The describe-key output pasted, each under the key its box was for, named as the Keys step names it
 * ("new key, eu-west-1 (Ireland)", by the realm on screen then) and in its order. Listed whenever not blank:
 * the draft keeps the ARN it filled and what it said about the key, never the text itself.
 */
function pastedTexts({ mine, pasted }: ChangedElsewhere): NotSaved[] {
  const { realm } = mine.request;
  const regions = isRealmId(realm) ? REALMS[realm].regions : [];
  return Object.entries(pasted)
    .filter(([, text]) => text.trim() !== '')
    .map(([id, value]) => {
      // The box's id is fieldId(`keys[1].newKeyArn`): `field-keys-1-newKeyArn`.
      const [, row, side] = /^field-keys-(\d{1,4})-(old|new)KeyArn$/u.exec(id) ?? [];
      if (row === undefined) return { order: 1e9, label: 'Output of aws kms describe-key', value };
      // "New key ARN, eu-west-1 (Ireland)" → "new key, eu-west-1 (Ireland)", as KeyRow names its box.
      const named = pathLabel(`keys[${row}].${String(side)}KeyArn`, regions).replace(' ARN', '');
      const slot = named.charAt(0).toLowerCase() + named.slice(1);
      const order = Number(row) * 2 + (side === 'new' ? 1 : 0);
      return { order, label: `Output of aws kms describe-key for the ${slot}`, value };
    })
    .sort((a, b) => a.order - b.order)
    .map(({ label, value }) => ({ label, value }));
}

/** What was typed in the record form and the Rename box, each under its label there; nothing typed, nothing. */
function typedTexts({ record, mine, typed }: ChangedElsewhere): NotSaved[] {
  return typed.flatMap(({ form, rename }) => {
    const texts: NotSaved[] = [
      { label: TYPED_LABELS.ticket, value: form.ticket },
      // Kept from one form to the next: already recorded if it is the sender's name stored.
      { label: TYPED_LABELS.name, value: form.name === record.sent?.by.name ? '' : form.name },
      { label: form.form === 'send' ? TYPED_LABELS.sentAt : TYPED_LABELS.completedAt, value: form.at },
      { label: form.form === 'withdraw' ? TYPED_LABELS.reason : TYPED_LABELS.note, value: form.text },
      // The box starts with the draft's name: only a name typed over it counts.
      { label: TYPED_LABELS.rename, value: rename === mine.title ? '' : (rename ?? '') },
    ];
    return texts.filter((text) => text.value.trim() !== '');
  });
}

/** What `mine` holds that the stored `record` does not: the changes a save could not store. */
function notStored(record: DraftDocument, mine: DraftDocument): NotSaved[] {
  return changedFields(record, mine).flatMap((field): NotSaved[] => {
    // A title that only follows the site and account was not typed: those fields are listed.
    if (field === 'title')
      return isAutoTitle(mine.title, mine.request) ? [] : [{ label: 'Draft name', value: mine.title }];
    if (field === 'checklist')
      return [
        {
          label: 'Before you start: checklist',
          value: `${String(mine.checklist.length)} of ${String(CHECKLIST_IDS.length)} ticked`,
        },
      ];
    if (field === 'keyChecks')
      return [
        {
          label: 'Keys checked with aws kms describe-key',
          value: (mine.keyChecks ?? []).map((check) => check.arn).join('\n'),
        },
      ];
    if (field === 'keysSetAside')
      return [
        {
          label: 'Key ARNs kept from another realm',
          value: (mine.keysSetAside ?? [])
            .map((pair) => `${pair.region ?? 'no region'}\n${pairText(pair)}`)
            .join('\n'),
        },
      ];
    const name = field.replace(/^request\./u, '');
    if (name === 'keys') return keyPairs(record, mine);
    if (!isFieldName(name)) return [];
    const value = mine.request[name];
    // The key pairs are the one field of objects (above); lists hold text.
    const text = typeof value === 'string' ? value : (value as readonly string[]).join('\n');
    return [{ label: FIELDS[name].label, value: text }];
  });
}
