/**
 * Loading a request file into the form: what it could not take as written is named, and so are the empty
 * values it takes but leaves out of the request it judges; nothing else.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draftFromRequest, notLoadedFields, tidiedFields } from '../../../src-shared/drafts/draft.js';
import { validRequest } from '../../fixtures/requests.js';

function notLoaded(record: Record<string, unknown>): string[] {
  return notLoadedFields(record, draftFromRequest(record));
}

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe('notLoadedFields', () => {
  it('names nothing for the committed request files, valid or unfinished', () => {
    expect(notLoaded(fixture('valid-request.json'))).toEqual([]);
    for (const name of readdirSync(new URL('../../fixtures/requests-v1/', import.meta.url)))
      expect(notLoaded(fixture(`requests-v1/${name}`)), name).toEqual([]);
  });

  it('takes key pairs whatever the order of their two members, and a pair without its new key', () => {
    const request = validRequest('eu');
    const keys = request.keys.map((pair) => ({ newKeyArn: pair.newKeyArn, oldKeyArn: pair.oldKeyArn }));
    expect(notLoaded({ ...request, keys })).toEqual([]);
    expect(notLoaded({ ...request, keys: [{ oldKeyArn: request.keys[0]?.oldKeyArn }] })).toEqual([]);
  });

  it('names unknown fields, wrong types, choices the form lacks and text beyond its limits', () => {
    const request = validRequest('eu');
    expect(
      notLoaded({
        ...request,
        impact: 'L5',
        awsAccountId: 12345678901,
        phone: null,
        organizationId: 'x'.repeat(501),
        keys: [...request.keys, 'arn'],
      }),
    ).toEqual(['awsAccountId', 'impact', 'organizationId', 'keys', 'phone']);
    expect(
      notLoaded(JSON.parse('{"format":"cmk-rekey/request","version":1,"__proto__":{}}') as never),
    ).toEqual(['__proto__']);
  });

  it('names the keys when there are more pairs than the realm has regions (the form sets the others aside)', () => {
    const eu = validRequest('eu');
    expect(notLoaded({ ...eu, realm: 'de' })).toEqual(['keys']);
    expect(notLoaded({ ...eu, keys: [...eu.keys, { oldKeyArn: '', newKeyArn: '' }] })).toEqual(['keys']);
    expect(notLoaded({ ...eu, keys: [eu.keys[1], { oldKeyArn: '', newKeyArn: '' }] })).toEqual([]);
    expect(notLoaded({ ...eu, realm: 'europe' })).toEqual(['realm']);
  });
});

describe('tidiedFields', () => {
  const tidied = (record: Record<string, unknown>) => tidiedFields(record, draftFromRequest(record));

  it('names nothing for the committed request files, valid or unfinished', () => {
    expect(tidied(fixture('valid-request.json'))).toEqual([]);
    for (const name of readdirSync(new URL('../../fixtures/requests-v1/', import.meta.url)))
      expect(tidied(fixture(`requests-v1/${name}`)), name).toEqual([]);
  });

  it('names empty optional values, empty lists and lists with blank entries, in the order of the file', () => {
    const request = validRequest('eu');
    expect(
      tidied({
        ...request,
        phone: '   ',
        participants: [],
        attachments: ['', 'kms-console.png', ' '],
        notes: '',
      }),
    ).toEqual(['phone', 'participants', 'attachments', 'notes']);
  });

  it('leaves to the rules what the form keeps as written: untidied values, blank required fields, key pairs', () => {
    const request = validRequest('eu');
    expect(
      tidied({
        ...request,
        phone: ' +44 20 7946 0958',
        attachments: [' kms-console.png'],
        workingHours: '  ',
        siteUrl: '',
        keys: [{ oldKeyArn: request.keys[0]?.oldKeyArn }],
      }),
    ).toEqual([]);
    // What the form cannot hold at all is notLoadedFields' to name, not this.
    expect(tidied({ ...request, participants: ['a@acme.example', 7], notes: 5 })).toEqual([]);
  });
});
