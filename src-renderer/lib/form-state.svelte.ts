/**
 * The guided form's long-lived state: the draft, where the user is, and everything derived from the
 * shared rules. Components read and write it; nothing here touches the DOM.
 */
import {
  CHECKLIST_IDS,
  STEP_IDS,
  emptyDraftRequest,
  type ChecklistId,
  requestFromDraft,
  type DraftRequest,
  type StepId,
} from '../../src-shared/drafts/draft.js';

export { CHECKLIST_IDS, type ChecklistId };
import type { Finding } from '../../src-shared/request/findings.js';
import { FIELDS, isFieldName, type TextFieldName } from '../../src-shared/request/fields.js';
import { normalizeKeyArn, type Normalized } from '../../src-shared/request/normalize.js';
import { parseKeyArn } from '../../src-shared/request/aws.js';
import { REALMS, isRealmId, type Realm } from '../../src-shared/request/realms.js';
import type { KeyCheckEvidence } from '../../src-shared/request/key-check-rules.js';
import type { KeyFacts } from '../../src-shared/request/key-facts.js';
import { inKeyRows } from '../../src-shared/request/key-rows.js';
import { validateRequest } from '../../src-shared/request/validate.js';
import { policy } from './policy.svelte.js';
import { arrangeKeys, type SetAsidePair } from './key-slots.js';
import { stepOfPath } from './paths.js';

export { UNKNOWN_TIME_ZONE } from '../../src-shared/request/maintenance-window.js';

export type StepStatus = 'done' | 'errors' | 'todo';

export interface StepSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly status: StepStatus;
}

type ListField = 'participants' | 'attachments';

/** The fields typed as text (choices are picked, not typed, so they need no tidying). */
function typedField(path: string): TextFieldName | undefined {
  return isFieldName(path) && FIELDS[path].kind === 'text' ? (path as TextFieldName) : undefined;
}

interface Change {
  /** The value the normaliser produced; the sentences show while the field still holds it. */
  readonly value: string;
  readonly sentences: readonly string[];
}

function emptyChecklist(): Record<ChecklistId, boolean> {
  return { 'new-keys-ready': false, 'old-keys-kept': false, backups: false, 'all-apps': false };
}

function snapshot(draft: DraftRequest): string {
  return JSON.stringify(draft);
}

export class FormState {
  draft = $state<DraftRequest>(emptyDraftRequest());
  step = $state<StepId>('start');
  checklist = $state<Record<ChecklistId, boolean>>(emptyChecklist());
  /** IANA zone of the site's server, `UNKNOWN_TIME_ZONE`, or `` when not answered. */
  serverTimeZone = $state('');
  /** Key pairs typed for regions the current realm does not have. */
  setAside = $state<SetAsidePair[]>([]);
  /** The file the form was opened from or saved to. */
  fileName = $state<string | undefined>(undefined);
  /** Show every finding, not only those of fields the user has been to (after opening a file). */
  revealAll = $state(false);
  /** describe-key output pasted in the Keys step, by its box's id: not part of the draft (see Unsaved). */
  pasted = $state<Record<string, string>>({});

  #savedSnapshot = $state(snapshot(emptyDraftRequest()));
  #touched = $state<Record<string, boolean>>({});
  #stepsLeft = $state<Partial<Record<StepId, boolean>>>({});
  #changes = $state<Record<string, Change>>({});

  /** The phone rule's check, loaded (a chunk of its own) the first time the draft has a phone number. */
  #phoneProblem = $state.raw<((text: string) => string | undefined) | undefined>(undefined);
  #phoneRuleLoading = false;

  /** describe-key results, one per checked ARN; only those for ARNs in the draft count and are kept. */
  keyChecks = $state<KeyCheckEvidence[]>([]);
  readonly currentKeyChecks: readonly KeyCheckEvidence[] = $derived.by(() => {
    const arns = this.draft.keys.flatMap((pair) => [pair.oldKeyArn, pair.newKeyArn]);
    return this.keyChecks.filter((entry) => arns.includes(entry.arn));
  });
  readonly realm: Realm | undefined = $derived(
    isRealmId(this.draft.realm) ? REALMS[this.draft.realm] : undefined,
  );
  readonly regions: readonly string[] = $derived(this.realm?.regions ?? []);
  /** The request's rules, with the key pairs read in the rows the Keys step shows (key-rows.ts). */
  readonly validation = $derived(
    inKeyRows(
      validateRequest(requestFromDraft(this.draft), {
        ...policy.rules,
        keyChecks: this.currentKeyChecks,
        phone: this.#phoneRule(this.draft.phone),
      }),
      this.draft.keys,
      this.regions,
    ),
  );
  readonly findings: readonly Finding[] = $derived([...this.validation.errors, ...this.validation.warnings]);
  readonly findingsByPath: Readonly<Partial<Record<string, readonly Finding[]>>> = $derived.by(() => {
    const byPath = Object.create(null) as Partial<Record<string, Finding[]>>;
    for (const finding of this.findings) (byPath[finding.path] ??= []).push(finding);
    return byPath;
  });
  readonly dirty = $derived(snapshot(this.draft) !== this.#savedSnapshot);
  readonly checklistDone = $derived(CHECKLIST_IDS.filter((id) => this.checklist[id]).length);
  readonly stepSummaries: Readonly<Record<StepId, StepSummary>> = $derived.by(() => this.#summaries());

  /** Findings at exactly this path, whether or not they are shown yet. */
  findingsAt(path: string): readonly Finding[] {
    return this.findingsByPath[path] ?? [];
  }

  /**
   * Findings to show at a field: once it has been visited, its step left, or a file opened. A finding
   * about a group (`keys`, `keys[0]`) shows once one of the group's fields has been visited.
   */
  visibleFindings(path: string): readonly Finding[] {
    return this.isRevealed(path) ? this.findingsAt(path) : [];
  }

  isRevealed(path: string): boolean {
    return (
      this.revealAll ||
      this.#stepsLeft[stepOfPath(path)] === true ||
      Object.keys(this.#touched).some(
        (touched) => touched === path || touched.startsWith(`${path}[`) || touched.startsWith(`${path}.`),
      )
    );
  }

  /** The phone check once loaded; starts loading it when the draft first has a phone number. */
  #phoneRule(phone: string): ((text: string) => string | undefined) | undefined {
    if (this.#phoneProblem === undefined && !this.#phoneRuleLoading && phone.trim() !== '') {
      this.#phoneRuleLoading = true;
      import('../../src-shared/request/phone-rule.js')
        .then(({ phoneProblem }) => {
          this.#phoneProblem = phoneProblem;
        })
        .catch(() => {
          this.#phoneRuleLoading = false; // tried again on the next change
        });
    }
    return this.#phoneProblem;
  }

  /** Marks a field as visited (on blur, paste or a choice), so its findings show from now on. */
  touch(path: string): void {
    this.#touched[path] = true;
  }

  /**
   * What the normaliser changed in this field, while the field still holds the normalised value and has
   * no error: a "tidied" note beside an error would read as if the value were now right.
   */
  changesAt(path: string): readonly string[] {
    const change = this.#changes[path];
    if (change === undefined || change.value !== this.valueAt(path)) return [];
    return this.findingsAt(path).some((finding) => finding.severity === 'error') ? [] : change.sentences;
  }

  valueAt(path: string): string | undefined {
    const match = /^(\w+)(?:\[(\d+)\](?:\.(\w+))?)?$/.exec(path);
    if (match === null) return undefined;
    const [, field = '', index, side] = match;
    if (index === undefined) {
      const value = (this.draft as Record<string, unknown>)[field];
      return typeof value === 'string' ? value : undefined;
    }
    if (field === 'keys' && (side === 'oldKeyArn' || side === 'newKeyArn')) {
      return this.draft.keys[Number(index)]?.[side];
    }
    if (field === 'participants' || field === 'attachments') return this.draft[field][Number(index)];
    return undefined;
  }

  #setValue(path: string, value: string): void {
    const match = /^(\w+)(?:\[(\d+)\](?:\.(\w+))?)?$/.exec(path);
    if (match === null) return;
    const [, field = '', index, side] = match;
    if (index === undefined) {
      if (typedField(field) !== undefined) (this.draft as Record<string, unknown>)[field] = value;
      return;
    }
    const position = Number(index);
    if (field === 'keys' && (side === 'oldKeyArn' || side === 'newKeyArn')) {
      const pair = this.draft.keys[position];
      if (pair !== undefined) pair[side] = value;
    } else if ((field === 'participants' || field === 'attachments') && position < this.draft[field].length) {
      this.draft[field][position] = value;
    }
  }

  #normalizerFor(path: string): ((raw: string) => Normalized) | undefined {
    const list = /^(\w+)\[/.exec(path)?.[1];
    if (list !== undefined) {
      if (!isFieldName(list)) return undefined;
      const spec = FIELDS[list];
      return spec.kind === 'list' || spec.kind === 'keys' ? spec.normalize : undefined;
    }
    const field = typedField(path);
    return field === undefined ? undefined : FIELDS[field].normalize;
  }

  /** Tidies a field with the shared normaliser (on paste and blur) and remembers what changed. */
  normalize(path: string): readonly string[] {
    const normalizer = this.#normalizerFor(path);
    const raw = this.valueAt(path);
    if (normalizer === undefined || raw === undefined) return [];
    const result = normalizer(raw);
    if (result.value !== raw) this.#setValue(path, result.value);
    if (result.changes.length > 0) this.#changes[path] = { value: result.value, sentences: result.changes };
    return result.changes;
  }

  /** Sets a field's value as if typed (used for fills from pasted command output). */
  fill(path: string, value: string): void {
    this.#setValue(path, value);
    this.touch(path);
  }

  /** Changes the realm: typed ARNs move to their region's row or are set aside, never lost. */
  setRealm(realm: DraftRequest['realm']): void {
    if (realm === this.draft.realm) return;
    const previous = this.regions;
    const candidates = [
      ...this.draft.keys.map((pair, index) => ({ pair, region: previous[index] })),
      ...this.setAside.map(({ region, ...pair }) => ({ pair, region })),
    ];
    this.draft.realm = realm;
    const arranged = arrangeKeys(candidates, isRealmId(realm) ? REALMS[realm].regions : [], false);
    this.draft.keys = arranged.keys;
    this.setAside = arranged.setAside;
    this.touch('realm');
  }

  /** Puts a set-aside pair into a row; the row's own pair, if any, is set aside in its place. */
  restoreSetAside(index: number, row: number): void {
    const restored = this.setAside[index];
    const current = this.draft.keys[row];
    if (restored === undefined || current === undefined) return;
    const rest = this.setAside.filter((_, position) => position !== index);
    if (current.oldKeyArn.trim() !== '' || current.newKeyArn.trim() !== '') {
      rest.push({ ...current, region: this.regions[row] });
    }
    this.draft.keys[row] = { oldKeyArn: restored.oldKeyArn, newKeyArn: restored.newKeyArn };
    this.setAside = rest;
  }

  /** Keeps what describe-key said about a key (replacing an earlier result for the same ARN). */
  recordKeyCheck(facts: KeyFacts, checkedAt: string): void {
    this.keyChecks = [
      ...this.keyChecks.filter((entry) => entry.arn !== facts.arn),
      { arn: facts.arn, checkedAt, facts },
    ];
  }

  /** The describe-key result for the ARN now in this field, if it was checked. */
  keyCheckAt(path: string): KeyCheckEvidence | undefined {
    const arn = this.valueAt(path);
    return this.currentKeyChecks.find((entry) => entry.arn === arn);
  }

  /** Puts swapped new keys back: each new key goes to the pair whose old key is in its region. */
  swapNewKeysBack(): void {
    const regionOf = (arn: string) => {
      const parsed = parseKeyArn(normalizeKeyArn(arn).value);
      return parsed.ok ? parsed.arn.region : undefined;
    };
    const keys = this.draft.keys;
    keys.forEach((pair, index) => {
      const newRegion = regionOf(pair.newKeyArn);
      const oldRegion = regionOf(pair.oldKeyArn);
      if (newRegion === undefined || oldRegion === undefined || newRegion === oldRegion) return;
      const other = keys.findIndex(
        (candidate, position) =>
          position !== index &&
          regionOf(candidate.oldKeyArn) === newRegion &&
          regionOf(candidate.newKeyArn) === oldRegion,
      );
      const partner = keys[other];
      if (partner === undefined) return;
      [pair.newKeyArn, partner.newKeyArn] = [partner.newKeyArn, pair.newKeyArn];
    });
    this.touch('keys');
  }

  discardSetAside(index: number): void {
    this.setAside = this.setAside.filter((_, position) => position !== index);
  }

  addListEntry(field: ListField): void {
    this.draft[field].push('');
  }

  removeListEntry(field: ListField, index: number): void {
    this.draft[field].splice(index, 1);
  }

  goTo(step: StepId): void {
    if (step !== this.step) this.#stepsLeft[this.step] = true;
    this.step = step;
  }

  /** The step after the current one, or undefined on the last. */
  get nextStep(): StepId | undefined {
    return STEP_IDS[STEP_IDS.indexOf(this.step) + 1];
  }

  get previousStep(): StepId | undefined {
    const index = STEP_IDS.indexOf(this.step);
    return index > 0 ? STEP_IDS[index - 1] : undefined;
  }

  /**
   * Loads a request into the form, and all its findings show. A request file's keys come in no known
   * order, so each goes to the row of the region its ARNs name. A saved draft (`kept` given: the pairs it
   * keeps from an earlier realm choice) stores them in its realm's order, so each goes back to the row it
   * was saved in, exactly as typed, whatever its ARNs say; a pair beyond the realm's rows goes to its
   * region's row if that is empty, else it is set aside.
   */
  load(draft: DraftRequest, fileName: string, kept?: readonly SetAsidePair[]): void {
    const regions = isRealmId(draft.realm) ? REALMS[draft.realm].regions : [];
    const arranged =
      regions.length === 0
        ? { keys: draft.keys, setAside: [] }
        : arrangeKeys(
            // A saved draft's row is its region; a request file's pairs are placed by their ARNs.
            draft.keys.map((pair, row) => ({ pair, region: kept === undefined ? undefined : regions[row] })),
            regions,
            kept === undefined,
          );
    this.draft = { ...draft, keys: arranged.keys };
    this.setAside = [...(kept ?? []), ...arranged.setAside];
    this.fileName = fileName;
    this.#savedSnapshot = snapshot(this.draft);
    this.#touched = {};
    this.#changes = {};
    this.revealAll = true;
  }

  /**
   * Opens a saved draft at the step the user was on: findings show for the steps before it, as if the
   * user had just walked through them. The form has no file until one is opened or saved.
   */
  openDraft(
    request: DraftRequest,
    checklist: readonly string[],
    step: StepId,
    keyChecks: readonly KeyCheckEvidence[] = [],
    keysSetAside: readonly SetAsidePair[] = [],
  ): void {
    this.reset();
    this.load(request, '', keysSetAside);
    this.keyChecks = [...keyChecks];
    this.fileName = undefined;
    this.revealAll = false;
    for (const id of CHECKLIST_IDS) this.checklist[id] = checklist.includes(id);
    for (const before of STEP_IDS.slice(0, STEP_IDS.indexOf(step))) this.#stepsLeft[before] = true;
    this.step = step;
  }

  /** Starts over with an empty request. */
  reset(): void {
    this.draft = emptyDraftRequest();
    this.step = 'start';
    this.checklist = emptyChecklist();
    this.serverTimeZone = '';
    this.setAside = [];
    this.keyChecks = [];
    this.fileName = undefined;
    this.revealAll = false;
    this.#savedSnapshot = snapshot(this.draft);
    this.#touched = {};
    this.#stepsLeft = {};
    this.#changes = {};
  }

  markSaved(fileName: string): void {
    this.fileName = fileName;
    this.#savedSnapshot = snapshot(this.draft);
  }

  #summaries(): Record<StepId, StepSummary> {
    const counts = Object.fromEntries(STEP_IDS.map((id) => [id, { errors: 0, warnings: 0 }])) as Record<
      StepId,
      { errors: number; warnings: number }
    >;
    for (const finding of this.findings) {
      const step = stepOfPath(finding.path);
      if (finding.severity === 'error') counts[step].errors++;
      else counts[step].warnings++;
    }
    const summaries = {} as Record<StepId, StepSummary>;
    for (const id of STEP_IDS) {
      const { errors, warnings } =
        id === 'review'
          ? { errors: this.validation.errors.length, warnings: this.validation.warnings.length }
          : counts[id];
      const revealed = this.revealAll || this.#stepsLeft[id] === true;
      let done = errors === 0;
      if (id === 'start') done = this.checklistDone === CHECKLIST_IDS.length;
      if (id === 'keys') done &&= this.draft.keys.length > 0;
      const status: StepStatus = done ? 'done' : errors > 0 && revealed ? 'errors' : 'todo';
      summaries[id] = { errors, warnings, status };
    }
    return summaries;
  }
}
