/** The evidence pack's names and our bag-info.txt labels (docs/archive-format.md). */
import { randomBytes } from 'node:crypto';

/** A pack being sealed; never a pack, whatever it holds. */
export const PACK_TEMP_PREFIX = '.sealing-';
export const SIGNATURE_FILE = 'tagmanifest-sha256.txt.sig';
/** The signer's public key, for display only (trust comes from the verifier's allowed-signers list). */
export const SIGNER_FILE = 'signer.pub';

export const INFO = {
  format: 'CMK-Rekey-Pack-Format',
  name: 'CMK-Rekey-Pack-Name',
  sealedAt: 'CMK-Rekey-Sealed-At',
  organizationId: 'CMK-Rekey-Organization-Id',
  site: 'CMK-Rekey-Site',
  awsAccountId: 'CMK-Rekey-AWS-Account',
  realm: 'CMK-Rekey-Realm',
  timing: 'CMK-Rekey-Timing',
  status: 'CMK-Rekey-Status',
  sentAt: 'CMK-Rekey-Sent-At',
  completedAt: 'CMK-Rekey-Completed-At',
  draftId: 'CMK-Rekey-Draft-Id',
  revision: 'CMK-Rekey-Revision',
  supersedes: 'CMK-Rekey-Supersedes',
} as const;

/** `2026-11-30_481516234200_ABC-123456_1a2b3c4d`: sealing date, account, ticket, random short id. */
export const PACK_NAME_PATTERN = /^\d{4}-\d{2}-\d{2}_[A-Za-z0-9-]{1,40}_[A-Za-z0-9-]{1,40}_[0-9a-f]{8}$/;

/** A name part from free text: letters, digits and dashes only; never empty. */
function namePart(value: string, fallback: string): string {
  // a ticket URL is named by the last segment of its path (…/requests/ABC-123456?src=mail → ABC-123456)
  const source = /^https?:\/\//i.test(value)
    ? (value.split(/[?#]/, 1)[0]?.split('/').filter(Boolean).pop() ?? '')
    : value;
  const part = source
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(-40)
    .replace(/^-/, '');
  return part === '' ? fallback : part;
}

export function packName(sealedAt: string, awsAccountId: string, ticketRef: string): string {
  const id = randomBytes(4).toString('hex');
  return `${sealedAt.slice(0, 10)}_${namePart(awsAccountId, 'no-account')}_${namePart(ticketRef, 'no-ticket')}_${id}`;
}
