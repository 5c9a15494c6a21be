/**
 * Sealing: builds an evidence pack (a signed BagIt bag) in a temporary folder inside the archive and
 * renames it into place, so a pack is complete or absent. Names never collide: the rename refuses an
 * existing folder and the pack's random short id is drawn again.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { access, mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { PACK_FORMAT_VERSION, type PackRecord } from '../../src-shared/archive/pack-schema.js';
import { fsyncFolder, renameRetrying } from '../files/atomic-write.js';
import { canonicalJson } from '../../src-shared/text/canonical-json.js';
import { BAGIT_TXT, MANIFEST, TAG_MANIFEST, bagInfoText, manifestText, payloadOxum } from './bagit.js';
import { INFO, PACK_TEMP_PREFIX, SIGNATURE_FILE, SIGNER_FILE, packName } from './pack-format.js';
import { openSshPublicKey, sshPublicKeyBlob } from '../vault/signing.js';
import { fingerprint, signSshSig } from './sshsig.js';
import { renderSummaryPdf } from './summary-pdf.js';
import { ticketFields, ticketFieldsOfText } from '../../src-shared/request/render.js';

export interface PackSigner {
  readonly privateKey: KeyObject;
  /** Shown next to the key in `signer.pub` (e.g. the vault's name); trust never comes from it. */
  readonly comment: string;
}

export interface PackInput {
  /** The request file (`cmk-rekey/request`) as sent, and its JSON text exactly as frozen when sent. */
  readonly request: Record<string, unknown>;
  readonly requestJson: string;
  /** The ticket exactly as sent, as text and Markdown. */
  readonly ticketText: string;
  readonly ticketMarkdown: string;
  readonly record: PackRecord;
  /** The record encrypted to the compliance recipients (an age file). */
  readonly encryptedDraft: Uint8Array;
  readonly signer: PackSigner;
  readonly sealedAt?: Date;
}

export interface SealedPack {
  readonly name: string;
  readonly path: string;
}

function field(request: Record<string, unknown>, name: string): string {
  const value = request[name];
  return typeof value === 'string' ? value : '';
}

/** Writes and fsyncs a file of the temporary folder (a retry under a new name rewrites it). */
async function replaceDurable(path: string, bytes: Uint8Array | string): Promise<void> {
  await rm(path, { force: true });
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function bagInfo(input: PackInput, name: string, sealedAt: string, oxum: string): [string, string][] {
  const { request, record } = input;
  const fields: [string, string][] = [
    ['Bagging-Date', sealedAt.slice(0, 10)],
    ['Bag-Software-Agent', `${packageJson.productName} ${packageJson.version}`],
    ['External-Identifier', record.ticketRef],
    ['Payload-Oxum', oxum],
    [INFO.format, String(PACK_FORMAT_VERSION)],
    [INFO.name, name],
    [INFO.sealedAt, sealedAt],
    [INFO.organizationId, field(request, 'organizationId')],
    [INFO.site, field(request, 'siteUrl')],
    [INFO.awsAccountId, field(request, 'awsAccountId')],
    [INFO.realm, field(request, 'realm')],
    [INFO.timing, field(request, 'timing')],
    [INFO.status, record.status],
    [INFO.sentAt, record.sentAt ?? ''],
    [INFO.completedAt, record.completedAt ?? ''],
    [INFO.draftId, record.draftId],
    [INFO.revision, String(record.revision)],
    [INFO.supersedes, record.supersedes ?? ''],
  ];
  return fields.filter(([, value]) => value !== '');
}

/** Writes the tag files (bag-info, tag manifest, signature) for `name` into `folder`. */
async function writeTagFiles(
  folder: string,
  input: PackInput,
  name: string,
  sealedAt: string,
  payload: ReadonlyMap<string, Uint8Array>,
  signerLine: string,
): Promise<void> {
  const tags = new Map<string, Uint8Array>([
    ['bagit.txt', Buffer.from(BAGIT_TXT)],
    ['bag-info.txt', Buffer.from(bagInfoText(bagInfo(input, name, sealedAt, payloadOxum(payload))))],
    [MANIFEST, Buffer.from(manifestText(payload))],
    [SIGNER_FILE, Buffer.from(`${signerLine}\n`)],
  ]);
  for (const [path, bytes] of tags) await replaceDurable(join(folder, path), bytes);
  const tagManifest = Buffer.from(manifestText(tags));
  await replaceDurable(join(folder, TAG_MANIFEST), tagManifest);
  await replaceDurable(join(folder, SIGNATURE_FILE), signSshSig(tagManifest, input.signer.privateKey));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Seals `input` into `archive` and returns the new pack; the archive never holds a partial pack. */
export async function sealPack(archive: string, input: PackInput): Promise<SealedPack> {
  const sealedAt = (input.sealedAt ?? new Date()).toISOString();
  const signerLine = openSshPublicKey(
    input.signer.privateKey,
    input.signer.comment.replace(/\s+/g, '_').slice(0, 100),
  );
  const keyFingerprint = fingerprint(sshPublicKeyBlob(input.signer.privateKey));
  const temp = join(archive, `${PACK_TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  await mkdir(temp); // fails when the archive folder is missing: a typo never creates a new archive
  sealingNow.add(temp);
  await mkdir(join(temp, 'data'));
  try {
    for (let attempt = 0; ; attempt += 1) {
      const name = packName(sealedAt, field(input.request, 'awsAccountId'), input.record.ticketRef);
      const summary = await renderSummaryPdf({
        packName: name,
        sealedAt,
        signerFingerprint: keyFingerprint,
        ticket: ticketFieldsOfText(input.ticketText) ?? ticketFields(input.request),
        record: input.record,
      });
      const payload = new Map<string, Uint8Array>([
        ['data/request.json', Buffer.from(input.requestJson)],
        ['data/ticket.txt', Buffer.from(input.ticketText)],
        ['data/ticket.md', Buffer.from(input.ticketMarkdown)],
        ['data/record.json', Buffer.from(`${canonicalJson(input.record)}\n`)],
        ['data/summary.pdf', summary],
        ['data/draft.age', input.encryptedDraft],
      ]);
      for (const [path, bytes] of payload) {
        await replaceDurable(join(temp, path), bytes);
      }
      await writeTagFiles(temp, input, name, sealedAt, payload, signerLine);
      await fsyncFolder(join(temp, 'data'));
      await fsyncFolder(temp);
      const target = join(archive, name);
      try {
        if (await exists(target)) throw Object.assign(new Error('taken'), { code: 'EEXIST' });
        await renameRetrying(temp, target);
      } catch (error) {
        const code = error instanceof Error && 'code' in error ? error.code : '';
        if ((code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') && attempt < 5) continue;
        throw error;
      }
      await fsyncFolder(dirname(target));
      return { name, path: target };
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    sealingNow.delete(temp);
  }
}

/** The temporary folders of the seals running in this process (`removeUnfinishedSealsNow`). */
const sealingNow = new Set<string>();

/**
 * Removes, at once, the temporary folder of every seal still running: for a command line stopped by Ctrl-C
 * or a kill, which exits right after. Left behind, the half-written folder made every later `archive
 * verify` of the archive report a problem. A seal whose folder was renamed into a pack already is done, and
 * its pack stays. Returns how many were removed.
 */
export function removeUnfinishedSealsNow(): number {
  let removed = 0;
  for (const temp of sealingNow) {
    sealingNow.delete(temp);
    // Gone already: renamed into its pack (its seal ends in the next turn), which stays and is not counted.
    if (!existsSync(temp)) continue;
    try {
      rmSync(temp, { recursive: true, force: true });
      removed++;
    } catch {
      // what cannot be removed now is reported by archive verify, as before
    }
  }
  return removed;
}
