import { describe, expect, it } from 'vitest';
import { recipientsDiffer } from '../../../../src-main/vault/verify.js';

const OWN = 'age1own';
const TEAM = 'age1team';
const COMPLIANCE = 'age1compliance';

describe('recipientsDiffer: what verify says of a draft encrypted to another set of recipients', () => {
  it('is silent when the sets match, or when the file records none (version 1)', () => {
    expect(recipientsDiffer([OWN, TEAM], [TEAM, OWN])).toBeUndefined();
    expect(recipientsDiffer(undefined, [OWN])).toBeUndefined();
  });

  it('advises reencrypt when a current recipient cannot read the draft', () => {
    expect(recipientsDiffer([OWN], [OWN, TEAM])).toBe(
      `not encrypted to ${TEAM}: run "cmk-rekey drafts reencrypt"`,
    );
  });

  // A compliance key the organization's policy adds was called "no longer a recipient: run reencrypt" where
  // the policy was not read, and re-encrypting there took the compliance team's access away.
  it('does not send a key the policy may name to be dropped: it says what reencrypt would do', () => {
    const said = recipientsDiffer([OWN, COMPLIANCE], [OWN]) ?? '';
    expect(said).toContain(`still encrypted to ${COMPLIANCE}, not a recipient here`);
    expect(said).toContain(
      "if your organization's policy names it (complianceRecipients), check under that policy",
    );
    expect(said).toContain('otherwise "cmk-rekey drafts reencrypt" drops it');
    expect(said).not.toMatch(/no longer a recipient|: run "cmk-rekey drafts reencrypt"$/);
  });
});
