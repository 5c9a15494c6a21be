/**
 * Seals a vault draft: what was sent (frozen ticket text and request JSON) when it was sent, else the
 * draft as it stands; its status, dates and hash-chained history; the draft encrypted to the vault's
 * recipients (own and compliance); signed with the vault's Ed25519 key. The app and the CLI call this.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PACK_FORMAT_VERSION,
  PACK_RECORD_FORMAT,
  type PackRecord,
} from '../../src-shared/archive/pack-schema.js';
import { requestFromDraft, type DraftDocument } from '../../src-shared/drafts/draft.js';
import type { Actor } from '../../src-shared/drafts/draft-schema.js';
import { SEND_WARNING_TEXT, lifeStatus } from '../../src-shared/drafts/life.js';
import type { PolicyRules } from '../../src-shared/drafts/status.js';
import { failure, ok, type Failure, type Result } from '../../src-shared/ipc/result.js';
import { markdownOf, render, ticketFields, ticketFieldsOfText } from '../../src-shared/request/render.js';
import { errnoCode, isInside, reasonFor } from '../files/safe-fs.js';
import type { Vault } from '../vault/vault.js';
import { ArchiveError, asSentence, listArchive } from './archive-folder.js';
import { sealPack, type PackInput, type SealedPack } from './seal.js';
import { parseAllowedSigners } from './sshsig.js';
import { verifyPack } from './verify-pack.js';

function actorText(actor: Actor): string {
  return actor.name === undefined ? actor.user : `${actor.name} (${actor.user})`;
}

/** The draft and every revision it was made from, back to the first one the vault still holds. */
async function lineageOf(vault: Vault, draft: DraftDocument): Promise<Set<string>> {
  const ids = new Set([draft.id]);
  for (let previous = draft.previous; previous !== undefined && !ids.has(previous.id);) {
    ids.add(previous.id);
    const loaded = await vault.load(previous.id);
    previous = loaded.ok ? loaded.value.previous : undefined;
  }
  return ids;
}

/**
 * The newest pack in the archive of this request (this draft or a revision it was made from, a revision
 * never sealed skipped) that this vault sealed: its signature checks out with the vault's own key. The
 * names and dates in bag-info.txt are the pack's word only: a folder anyone put there claiming the draft is
 * no earlier pack of it.
 */
async function supersededPack(
  archive: string,
  vault: Vault,
  draft: DraftDocument,
): Promise<string | undefined> {
  const lineage = await lineageOf(vault, draft);
  const sealedHere = parseAllowedSigners(`vault ${vault.signingPublicKey ?? ''}\n`);
  const newestFirst = (await listArchive(archive))
    .filter((entry) => !entry.unreadable && lineage.has(entry.draftId))
    .sort((left, right) => right.sealedAt.localeCompare(left.sealedAt));
  for (const entry of newestFirst) {
    const verdict = await verifyPack(join(archive, entry.name), { allowedSigners: sealedHere });
    if (verdict.verdict === 'valid') return entry.name;
  }
  return undefined;
}

function packRecord(draft: DraftDocument, supersedes: string | undefined, rules: PolicyRules): PackRecord {
  const { sent, completed, withdrawn } = draft;
  return {
    format: PACK_RECORD_FORMAT,
    version: PACK_FORMAT_VERSION,
    draftId: draft.id,
    revision: draft.revision,
    title: draft.title,
    // An open draft's status as the app shows it now: under the organization's policy.
    status: lifeStatus(draft, rules),
    ticketRef: sent?.ticket ?? '',
    ...(sent && { sentAt: sent.at, sentBy: actorText(sent.by) }),
    ...(completed && { completedAt: completed.at, completionNote: completed.note }),
    ...(withdrawn && { withdrawnReason: `${withdrawn.at}: ${withdrawn.reason}` }),
    ...(supersedes !== undefined && { supersedes }),
    warnings: (sent?.warnings ?? []).map((warning) => SEND_WARNING_TEXT[warning]),
    history: draft.history,
  };
}

/** The draft as an age file to the vault's recipients (read back from a private temp folder). */
async function encryptedCopy(vault: Vault, id: string): Promise<Result<Uint8Array>> {
  const folder = await mkdtemp(join(tmpdir(), 'cmk-rekey-seal-'));
  try {
    const path = join(folder, 'draft.age');
    const written = await vault.exportDraft(id, path);
    return written.ok ? ok(await readFile(path)) : written;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * Why `archive` cannot take packs of the vault in `vaultFolder`, if it cannot: a pack in the vault's
 * folders would sit among its drafts, where nothing reads or checks it.
 */
export async function archiveInVault(archive: string, vaultFolder: string): Promise<Failure | undefined> {
  if (!(await isInside(archive, vaultFolder))) return undefined;
  return failure(
    'invalid-argument',
    `The archive folder ${archive} is inside the vault folder; choose an archive folder outside it.`,
  );
}

/** Seals draft `id` of an unlocked vault into `archive`. */
export async function sealDraft(
  vault: Vault,
  id: string,
  archive: string,
  rules: PolicyRules = {},
): Promise<Result<SealedPack>> {
  const inside = await archiveInVault(archive, vault.folder);
  if (inside !== undefined) return inside;
  const key = vault.signingKey();
  if (!key.ok) return key;
  const loaded = await vault.load(id);
  if (!loaded.ok) return loaded;
  const draft = loaded.value;
  const encrypted = await encryptedCopy(vault, id);
  if (!encrypted.ok) return encrypted;
  const requestJson =
    draft.sent?.requestJson ?? `${JSON.stringify(requestFromDraft(draft.request), null, 2)}\n`;
  const request = JSON.parse(requestJson) as Record<string, unknown>;
  const sentFields = draft.sent === undefined ? undefined : ticketFieldsOfText(draft.sent.ticketText);
  try {
    const input: PackInput = {
      request,
      requestJson,
      ticketText: draft.sent?.ticketText ?? render(request, 'text'),
      // As sent, in Markdown too: the text an earlier version rendered, not today's rendering of it.
      ticketMarkdown: markdownOf(sentFields ?? ticketFields(request)),
      record: packRecord(draft, await supersededPack(archive, vault, draft), rules),
      encryptedDraft: encrypted.value,
      signer: { privateKey: key.value, comment: 'cmk-rekey-vault' },
    };
    return ok(await sealPack(archive, input));
  } catch (error) {
    if (error instanceof ArchiveError) return failure('io', asSentence(error));
    if (errnoCode(error) === undefined) throw error;
    return failure(
      'io',
      `The pack could not be sealed into ${archive}: ${reasonFor(error)}. Nothing was left behind.`,
    );
  }
}
