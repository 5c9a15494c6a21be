import { describe, expect, it, vi } from 'vitest';
import { FormState, CHECKLIST_IDS } from '../../../src-renderer/lib/form-state.svelte.js';
import { ACCOUNT, ORG_ID, arn, validDraft } from './fixtures.js';

function codesAt(form: FormState, path: string): string[] {
  return form.findingsAt(path).map((finding) => finding.code);
}

describe('FormState: validation as the user types', () => {
  it('re-validates on every change to the draft', () => {
    const form = new FormState();
    expect(codesAt(form, 'awsAccountId')).toEqual(['awsAccountId.missing']);
    form.draft.awsAccountId = '1234';
    expect(codesAt(form, 'awsAccountId')).toEqual(['awsAccountId.format']);
    form.draft.awsAccountId = ACCOUNT;
    expect(codesAt(form, 'awsAccountId')).toEqual([]);
    form.draft.awsAccountId = '279766244153';
    expect(form.findingsAt('awsAccountId')).toMatchObject([
      { severity: 'error', code: 'awsAccountId.atlassian-example' },
    ]);
  });

  it('is valid for a complete request', () => {
    const form = new FormState();
    form.draft = validDraft();
    expect(form.validation.errors).toEqual([]);
    expect(form.validation.valid).toBe(true);
  });

  it('hides findings of fields not visited yet, and shows them once visited or their step is left', () => {
    const form = new FormState();
    expect(form.visibleFindings('siteUrl')).toEqual([]);
    form.touch('siteUrl');
    expect(form.visibleFindings('siteUrl').map((finding) => finding.code)).toEqual(['siteUrl.missing']);
    expect(form.visibleFindings('organizationId')).toEqual([]);
    form.goTo('organization');
    form.goTo('account');
    expect(form.visibleFindings('organizationId').map((finding) => finding.code)).toEqual([
      'organizationId.missing',
    ]);
  });
});

describe('FormState: normalising pasted values', () => {
  it('takes the organization ID out of an admin URL and says what it changed', () => {
    const form = new FormState();
    form.draft.organizationId = `  https://admin.atlassian.com/o/${ORG_ID.toUpperCase()}/overview`;
    form.normalize('organizationId');
    expect(form.draft.organizationId).toBe(ORG_ID);
    expect(form.changesAt('organizationId')).toEqual([
      'removed surrounding spaces',
      'took the organization ID from the admin.atlassian.com URL',
      'lower-cased the organization ID',
    ]);
    form.draft.organizationId = `${ORG_ID}x`;
    expect(form.changesAt('organizationId')).toEqual([]);
  });

  it('normalises list rows and key ARNs by their path', () => {
    const form = new FormState();
    form.addListEntry('participants');
    form.draft.participants[0] = 'Jane <jane@ACME.example>';
    form.normalize('participants[0]');
    expect(form.draft.participants).toEqual(['jane@acme.example']);
    form.setRealm('de');
    const wrapped = arn('eu-central-1', 1).replace(
      /key\/(.*)$/,
      (_match, id: string) => `key/\n${id.toUpperCase()}`,
    );
    form.draft.keys[0] = { oldKeyArn: ` ${wrapped}`, newKeyArn: '' };
    expect(form.normalize('keys[0].oldKeyArn')).toEqual([
      'removed surrounding spaces',
      'removed line breaks inside the ARN',
      'lower-cased the key ID',
    ]);
    expect(form.draft.keys[0]).toEqual({ oldKeyArn: arn('eu-central-1', 1), newKeyArn: '' });
  });

  it('fills a value as typed and marks the field visited', () => {
    const form = new FormState();
    form.setRealm('au');
    form.fill('keys[0].newKeyArn', arn('ap-southeast-2', 9));
    expect(form.draft.keys[0]?.newKeyArn).toBe(arn('ap-southeast-2', 9));
    expect(form.isRevealed('keys[0].newKeyArn')).toBe(true);
  });

  it("reveals a group's findings once one of its fields is visited, and no other group's", () => {
    const form = new FormState();
    form.setRealm('eu');
    expect(form.isRevealed('keys')).toBe(false);
    form.touch('keys[1].newKeyArn');
    expect(form.isRevealed('keys')).toBe(true);
    expect(form.isRevealed('keys[1]')).toBe(true);
    expect(form.isRevealed('keys[0]')).toBe(false);
    expect(form.isRevealed('keys[1].oldKeyArn')).toBe(false);
    expect(form.isRevealed('participants')).toBe(false);
  });
});

describe('FormState: realm and key rows', () => {
  it('keeps one row per realm region, in the realm order', () => {
    const form = new FormState();
    expect(form.draft.keys).toEqual([]);
    form.setRealm('us');
    expect(form.regions).toEqual(['us-east-1', 'us-west-2']);
    expect(form.draft.keys).toEqual([
      { oldKeyArn: '', newKeyArn: '' },
      { oldKeyArn: '', newKeyArn: '' },
    ]);
  });

  it('keeps typed ARNs when the realm changes, and brings them back when it changes back', () => {
    const form = new FormState();
    form.setRealm('eu');
    form.draft.keys[0] = { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-central-1', 2) };
    form.draft.keys[1] = { oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' };

    form.setRealm('de');
    expect(form.draft.keys).toEqual([
      { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-central-1', 2) },
    ]);
    expect(form.setAside).toEqual([{ oldKeyArn: arn('eu-west-1', 3), newKeyArn: '', region: 'eu-west-1' }]);

    form.setRealm('us');
    expect(form.draft.keys.every((pair) => pair.oldKeyArn === '' && pair.newKeyArn === '')).toBe(true);
    expect(form.setAside.map((pair) => pair.region)).toEqual(['eu-central-1', 'eu-west-1']);

    form.setRealm('eu');
    expect(form.draft.keys).toEqual([
      { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-central-1', 2) },
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' },
    ]);
    expect(form.setAside).toEqual([]);
  });

  it('moves a set-aside pair into a row, setting aside what the row held', () => {
    const form = new FormState();
    form.setRealm('eu');
    form.draft.keys[1] = { oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' };
    form.setRealm('uk');
    form.draft.keys[0] = { oldKeyArn: arn('eu-west-2', 5), newKeyArn: '' };
    form.restoreSetAside(0, 0);
    expect(form.draft.keys).toEqual([{ oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' }]);
    expect(form.setAside).toEqual([{ oldKeyArn: arn('eu-west-2', 5), newKeyArn: '', region: 'eu-west-2' }]);
    form.discardSetAside(0);
    expect(form.setAside).toEqual([]);
  });

  it('puts the pairs of an opened file into their region rows and shows all findings', () => {
    const form = new FormState();
    const draft = {
      ...validDraft(),
      keys: [
        { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4) },
        { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-central-1', 2) },
        { oldKeyArn: arn('us-east-1', 7), newKeyArn: '' },
      ],
    };
    form.load(draft, 'request.json');
    expect(form.draft.keys.map((pair) => pair.oldKeyArn)).toEqual([
      arn('eu-central-1', 1),
      arn('eu-west-1', 3),
    ]);
    expect(form.setAside).toEqual([{ oldKeyArn: arn('us-east-1', 7), newKeyArn: '', region: 'us-east-1' }]);
    expect(form.fileName).toBe('request.json');
    expect(form.dirty).toBe(false);
    expect(form.isRevealed('siteUrl')).toBe(true);
  });

  it('fills empty rows with pairs of an opened file whose region does not match, so their errors show', () => {
    const form = new FormState();
    const draft = {
      ...validDraft(),
      realm: 'de' as const,
      keys: [{ oldKeyArn: arn('us-east-1', 7), newKeyArn: '' }],
    };
    form.load(draft, 'wrong-region.json');
    expect(form.draft.keys).toEqual([{ oldKeyArn: arn('us-east-1', 7), newKeyArn: '' }]);
    expect(codesAt(form, 'keys[0].oldKeyArn')).toContain('keys.region.outside-realm');
  });
});

describe('FormState: reopening a saved draft', () => {
  const euDraft = (keys: { oldKeyArn: string; newKeyArn: string }[]) => ({ ...validDraft(), keys });

  it('puts every pair back in the row it was saved in, as typed, whatever its ARNs say', () => {
    const form = new FormState();
    const keys = [
      { oldKeyArn: '', newKeyArn: '' },
      { oldKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/old', newKeyArn: 'arn:aws:kms:eu-west-1:1234' },
    ];
    form.openDraft(euDraft(keys), [], 'keys');
    expect(form.draft.keys).toEqual(keys);
    expect(form.setAside).toEqual([]);
    // A valid eu-west-1 key typed into the eu-central-1 row stays there, with the findings it had while typed.
    const misplaced = [
      { oldKeyArn: arn('eu-west-1', 3), newKeyArn: '' },
      { oldKeyArn: '', newKeyArn: '' },
    ];
    form.openDraft(euDraft(misplaced), [], 'keys');
    expect(form.draft.keys).toEqual(misplaced);
    const typed = new FormState();
    typed.draft = euDraft(misplaced);
    expect(form.findings).toEqual(typed.findings);
  });

  it('brings back the pairs kept from an earlier realm choice, and they return to their row with the realm', () => {
    const form = new FormState();
    const kept = { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 4), region: 'eu-west-1' };
    const germany = {
      ...validDraft(),
      realm: 'de' as const,
      keys: [validDraft().keys[0] ?? { oldKeyArn: '', newKeyArn: '' }],
    };
    form.openDraft(germany, [], 'keys', [], [kept]);
    expect(form.setAside).toEqual([kept]);
    form.setRealm('eu');
    expect(form.draft.keys[1]).toEqual({ oldKeyArn: kept.oldKeyArn, newKeyArn: kept.newKeyArn });
    expect(form.setAside).toEqual([]);
  });

  it('loses nothing when the saved rows do not match the realm: missing rows are empty, extra pairs set aside', () => {
    const form = new FormState();
    const germany = { ...validDraft(), realm: 'de' as const };
    const [central, west] = validDraft().keys;
    form.openDraft(
      {
        ...germany,
        keys: [
          central ?? { oldKeyArn: '', newKeyArn: '' },
          west ?? { oldKeyArn: '', newKeyArn: '' },
          { oldKeyArn: '', newKeyArn: '' },
        ],
      },
      [],
      'keys',
      [],
      [{ oldKeyArn: 'typed before', newKeyArn: '', region: undefined }],
    );
    expect(form.draft.keys).toEqual([central]);
    expect(form.setAside).toEqual([
      { oldKeyArn: 'typed before', newKeyArn: '', region: undefined },
      { ...west, region: 'eu-west-1' },
    ]);
    form.openDraft({ ...validDraft(), keys: [{ oldKeyArn: 'half', newKeyArn: '' }] }, [], 'keys');
    expect(form.draft.keys).toEqual([
      { oldKeyArn: 'half', newKeyArn: '' },
      { oldKeyArn: '', newKeyArn: '' },
    ]);
    expect(form.setAside).toEqual([]);
  });

  it('keeps the pairs of a draft without a realm as they were', () => {
    const form = new FormState();
    const keys = [{ oldKeyArn: arn('us-east-1', 7), newKeyArn: '' }];
    form.openDraft({ ...validDraft(), realm: '', keys }, [], 'account');
    expect(form.draft.keys).toEqual(keys);
  });
});

describe('FormState: findings by path', () => {
  it('groups findings under the path they name, including cross-field rules', () => {
    const form = new FormState();
    form.draft = {
      ...validDraft(),
      keys: [
        { oldKeyArn: arn('eu-central-1', 1), newKeyArn: arn('eu-central-1', 2, '098765432109') },
        { oldKeyArn: arn('eu-west-1', 3), newKeyArn: arn('eu-west-1', 3) },
      ],
    };
    expect(codesAt(form, 'keys[1].newKeyArn')).toEqual(['keys.arn.unchanged']);
    expect(codesAt(form, 'keys[0].newKeyArn')).toEqual(['keys.arn.account-mismatch']);
    expect(codesAt(form, 'keys[0].oldKeyArn')).toEqual([]);
  });

  it('reports list rows at their index', () => {
    const form = new FormState();
    form.draft.participants = ['ok@acme.example', 'not-an-address'];
    expect(codesAt(form, 'participants[1]')).toEqual(['participants.email']);
    expect(codesAt(form, 'participants[0]')).toEqual([]);
  });
});

describe('FormState: steps', () => {
  it('marks a step done when it has no errors, and with errors once the user has left it', () => {
    const form = new FormState();
    expect(form.stepSummaries.organization.status).toBe('todo');
    form.goTo('organization');
    form.goTo('account');
    expect(form.stepSummaries.organization).toMatchObject({ status: 'errors', errors: 2 });
    form.draft.siteUrl = 'https://acme.atlassian.net';
    form.draft.organizationId = ORG_ID;
    expect(form.stepSummaries.organization.status).toBe('done');
  });

  it('counts warnings separately from errors', async () => {
    const form = new FormState();
    form.draft = { ...validDraft(), siteUrl: 'https://jira.acme.com', phone: '020 7946 0958' };
    expect(form.stepSummaries.organization).toMatchObject({ errors: 0, warnings: 1, status: 'done' });
    // The phone rule loads on first use of a phone number; its warning follows.
    await vi.waitFor(() => {
      expect(form.stepSummaries.timing).toMatchObject({ errors: 0, warnings: 1, status: 'done' });
    }, 10_000);
  });

  it('needs a realm before the keys step is done, and every checklist point for the first step', () => {
    const form = new FormState();
    expect(form.stepSummaries.keys.status).toBe('todo');
    form.draft = validDraft();
    expect(form.stepSummaries.keys.status).toBe('done');
    expect(form.stepSummaries.start.status).toBe('todo');
    for (const id of CHECKLIST_IDS) form.checklist[id] = true;
    expect(form.stepSummaries.start.status).toBe('done');
    expect(form.stepSummaries.review.status).toBe('done');
  });

  it('moves between steps freely and knows its neighbours', () => {
    const form = new FormState();
    expect(form.previousStep).toBeUndefined();
    expect(form.nextStep).toBe('organization');
    form.goTo('review');
    expect(form.nextStep).toBeUndefined();
    expect(form.previousStep).toBe('timing');
    form.goTo('start');
    expect(form.step).toBe('start');
  });
});

describe('FormState: unsaved changes', () => {
  it('is dirty after an edit and clean after saving', () => {
    const form = new FormState();
    expect(form.dirty).toBe(false);
    form.draft.siteUrl = 'https://acme.atlassian.net';
    expect(form.dirty).toBe(true);
    form.markSaved('acme.json');
    expect(form.dirty).toBe(false);
    expect(form.fileName).toBe('acme.json');
  });

  it('starts over on reset', () => {
    const form = new FormState();
    form.draft = validDraft();
    form.checklist['backups'] = true;
    form.serverTimeZone = 'Europe/Berlin';
    form.goTo('review');
    form.reset();
    expect(form.step).toBe('start');
    expect(form.draft.siteUrl).toBe('');
    expect(form.checklist['backups']).toBe(false);
    expect(form.serverTimeZone).toBe('');
    expect(form.dirty).toBe(false);
  });
});
