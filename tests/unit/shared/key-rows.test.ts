import { describe, expect, it } from 'vitest';
import { inKeyRows } from '../../../src-shared/request/key-rows.js';
import { validateRequest } from '../../../src-shared/request/validate.js';
import { REALMS } from '../../../src-shared/request/realms.js';
import { keyArn, keyId, keyPair, validRequest } from '../../fixtures/requests.js';

const EU = REALMS.eu.regions; // eu-central-1, eu-west-1: the Keys step's rows, in this order
const [FRANKFURT = '', IRELAND = ''] = EU;
const other = (region: string, name: string) => keyArn(region, keyId(`${region}/${name}`));

/** The form's findings for these rows: the request's rules, read in rows. */
function inRows(keys: { oldKeyArn: string; newKeyArn: string }[]) {
  const request = validRequest('eu', { keys });
  return inKeyRows(validateRequest(request), keys, EU);
}
const said = (validation: ReturnType<typeof inRows>) =>
  validation.errors.map((finding) => `${finding.path} ${finding.code}: ${finding.message}`);

describe('key pairs read in the rows of the Keys step', () => {
  it("says at the old key that it is in the other row's region, not that the row's region has no pair", () => {
    // The helper's case: the Ireland old key typed in the Frankfurt row, whose new key is right.
    const keys = [
      { oldKeyArn: other(IRELAND, 'stray'), newKeyArn: keyPair(FRANKFURT).newKeyArn },
      keyPair(IRELAND),
    ];
    // The file's rules alone: a new key "to use in eu-west-1" and "no pair for eu-central-1".
    const codes = validateRequest(validRequest('eu', { keys })).errors.map((finding) => finding.code);
    expect(codes).toEqual(
      expect.arrayContaining(['keys.region.mismatch', 'keys.region.duplicate', 'keys.region.missing']),
    );
    expect(said(inRows(keys))).toEqual([
      'keys[0].oldKeyArn keys.region.row: This key is in eu-west-1 (Ireland), but this row is for eu-central-1 (Frankfurt): put the old key of eu-central-1 here, and this one in the eu-west-1 row.',
    ]);
    expect(inRows(keys).valid).toBe(false);
  });

  it('says it at both keys of a row typed whole in the other region, and at both rows when they are crossed', () => {
    const crossed = [keyPair(IRELAND), keyPair(FRANKFURT)];
    // Whole pairs in each other's rows: a valid request (a file's pairs come in any order): nothing to say.
    expect(inRows(crossed).errors).toEqual([]);
    const stray = [keyPair(IRELAND), { oldKeyArn: other(IRELAND, 'b'), newKeyArn: other(IRELAND, 'c') }];
    expect(said(inRows(stray)).map((line) => line.split(':')[0])).toEqual([
      'keys[0].oldKeyArn keys.region.row',
      'keys[0].newKeyArn keys.region.row',
    ]);
    expect(said(inRows(stray))[1]).toContain(
      'This key is in eu-west-1 (Ireland), but this row is for eu-central-1 (Frankfurt): use the new key of eu-central-1 here.',
    );
    // Old keys crossed, new keys in their rows: the file's rules call the new keys swapped.
    const oldCrossed = [
      { oldKeyArn: keyPair(IRELAND).oldKeyArn, newKeyArn: keyPair(FRANKFURT).newKeyArn },
      { oldKeyArn: keyPair(FRANKFURT).oldKeyArn, newKeyArn: keyPair(IRELAND).newKeyArn },
    ];
    expect(said(inRows(oldCrossed)).map((line) => line.split(':')[0])).toEqual([
      'keys[0].oldKeyArn keys.region.row',
      'keys[1].oldKeyArn keys.region.row',
    ]);
  });

  it("leaves the file's findings as they are where every old key is in its row", () => {
    const swappedNew = [
      { oldKeyArn: keyPair(FRANKFURT).oldKeyArn, newKeyArn: keyPair(IRELAND).newKeyArn },
      { oldKeyArn: keyPair(IRELAND).oldKeyArn, newKeyArn: keyPair(FRANKFURT).newKeyArn },
    ];
    const file = validateRequest(validRequest('eu', { keys: swappedNew }));
    expect(inKeyRows(file, swappedNew, EU)).toBe(file);
    expect(file.errors.map((finding) => finding.code)).toEqual(['keys.region.swapped']);
    // An old key outside the realm is the file's own error (outside-realm), unchanged.
    const outside = [{ ...keyPair(FRANKFURT), oldKeyArn: other('us-east-1', 'x') }, keyPair(IRELAND)];
    const outsideFile = validateRequest(validRequest('eu', { keys: outside }));
    expect(inKeyRows(outsideFile, outside, EU)).toBe(outsideFile);
  });
});
