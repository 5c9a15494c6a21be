/**
 * The archive browser's main-process side: the archive folder and allowed-signers file from settings,
 * listing, background verification with a cache, and opening a pack read-only. Never writes to the archive.
 *
 * The cache is keyed by the pack's tagmanifest hash plus every file's identity, size, mtime and ctime
 * (ctime cannot be set back by a user), and by the allowed-signers list: a changed pack, or changed
 * trust, is verified again. Only the CLI's `archive verify` is the full, cache-free check.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  PackContentSchema,
  PackRecordSchema,
  type PackContent,
  type PackEntry,
  type PackVerdict,
} from '../../src-shared/archive/pack-schema.js';
import type { ArchiveStatus } from '../../src-shared/ipc/archive-contract.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import type { Dialogs } from '../files/request-files.js';
import { noPolicy, type Policy } from '../policy/policy.js';
import type { SettingsFile } from '../settings.js';
import { ArchiveError, listArchive, mapLimited } from './archive-folder.js';
import { BagProblem, TAG_MANIFEST, listFiles, parseBagInfo, readTagFile, sha256Hex } from './bagit.js';
import { parseAllowedSigners, type AllowedSigner } from './sshsig.js';
import type { Vault } from '../vault/vault.js';
import { sealDraft } from './seal-draft.js';
import { verifyPack } from './verify-pack.js';

const MAX_CACHE = 50_000;

export class ArchiveService {
  private readonly cache = new Map<string, PackVerdict>();

  constructor(
    private readonly settings: SettingsFile,
    private readonly dialogs: Dialogs,
    /** The organization's policy: its archive folder and trusted signers come before the user's. */
    private readonly policy: Policy = noPolicy(''),
  ) {}

  async status(): Promise<Result<ArchiveStatus>> {
    const { allowedSignersFile } = await this.settings.read();
    const signers = this.policy.isLocked('trustedSigners')
      ? 'set by your organization'
      : (allowedSignersFile ?? (this.policy.trustedSigners.length > 0 ? 'set by your organization' : ''));
    return ok({ folder: (await this.folderSetting()) ?? '', allowedSigners: signers });
  }

  /** The policy's locked folder, else the user's choice, else the policy's default. */
  private async folderSetting(): Promise<string | undefined> {
    const { folder, locked } = this.policy.archiveFolder;
    if (locked) return folder === '' ? undefined : folder;
    const { archiveFolder } = await this.settings.read();
    return archiveFolder ?? (folder === '' ? undefined : folder);
  }

  async chooseFolder(): Promise<Result<ArchiveStatus>> {
    if (this.policy.archiveFolder.locked)
      return failure(
        'forbidden',
        'The archive folder is set by your organization and cannot be changed here.',
      );
    const folder = await this.dialogs.chooseFolderPath({
      title: 'Choose the archive folder for evidence packs',
    });
    if (folder === undefined) return failure('cancelled', 'The archive folder was not changed.');
    await this.settings.update({ archiveFolder: folder });
    return this.status();
  }

  async chooseAllowedSigners(): Promise<Result<ArchiveStatus>> {
    if (this.policy.isLocked('trustedSigners'))
      return failure('forbidden', 'Trusted signers are set by your organization and cannot be changed here.');
    const path = await this.dialogs.chooseOpenPath({
      title: 'Choose the allowed-signers file of trusted vault keys',
      filters: [{ name: 'Allowed signers', extensions: ['*'] }],
    });
    if (path === undefined) return failure('cancelled', 'The allowed-signers file was not changed.');
    const signers = await this.readSigners(path);
    if (!signers.ok) return signers;
    await this.settings.update({ allowedSignersFile: path });
    return this.status();
  }

  private async readSigners(path: string): Promise<Result<{ list: AllowedSigner[]; hash: string }>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return failure('io', `The allowed-signers file ${path} cannot be read.`);
    }
    const list = parseAllowedSigners(text);
    if (list.length === 0)
      return failure('invalid-argument', `${path} has no ssh-ed25519 allowed-signers entry.`);
    return ok({ list, hash: sha256Hex(text) });
  }

  /**
   * Who is trusted: the policy's signers when locked (none when its file is unreadable); otherwise the
   * user's allowed-signers file, else the policy's default signers; undefined when nobody is named.
   */
  private async trusted(): Promise<Result<{ list: AllowedSigner[]; hash: string } | undefined>> {
    const { allowedSignersFile } = await this.settings.read();
    if (!this.policy.isLocked('trustedSigners') && allowedSignersFile !== undefined)
      return this.readSigners(allowedSignersFile);
    const lines = this.policy.trustedSigners;
    if (lines.length === 0 && !this.policy.isLocked('trustedSigners')) return ok(undefined);
    const text = lines.join('\n') + '\n';
    return ok({ list: parseAllowedSigners(text), hash: sha256Hex(text) });
  }

  private async folder(): Promise<Result<string>> {
    const archiveFolder = await this.folderSetting();
    return archiveFolder === undefined
      ? failure('not-found', 'Choose an archive folder in Settings first.')
      : ok(archiveFolder);
  }

  async list(): Promise<Result<PackEntry[]>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    try {
      return ok(await listArchive(folder.value));
    } catch (error) {
      if (error instanceof ArchiveError) return failure('io', `${error.message}.`);
      throw error;
    }
  }

  /** The cache key of a pack as it is on disk now; undefined when it cannot be read (never cached). */
  private async cacheKey(path: string, signersHash: string): Promise<string | undefined> {
    try {
      const files = await listFiles(path);
      const tagManifest = await readFile(join(path, TAG_MANIFEST));
      const stamps = [...files]
        .map(([file, facts]) => `${file}=${String(facts.size)}@${facts.changed}`)
        .sort();
      return `${path}\n${signersHash}\n${sha256Hex(tagManifest)}\n${sha256Hex(stamps.join('\n'))}`;
    } catch {
      return undefined;
    }
  }

  async verify(names: readonly string[]): Promise<Result<PackVerdict[]>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    const trusted = await this.trusted();
    if (!trusted.ok) return trusted;
    const signers = trusted.value === undefined ? undefined : { value: trusted.value };
    const options = { allowedSigners: signers?.value.list };
    const verdicts = await mapLimited(names, 8, async (name) => {
      const path = join(folder.value, name);
      const key = await this.cacheKey(path, signers?.value.hash ?? 'no allowed signers');
      const cached = key === undefined ? undefined : this.cache.get(key);
      if (cached !== undefined) return cached;
      const verdict = await verifyPack(path, options);
      // a key taken before verifying: if the pack changed meanwhile, the next key differs and it runs again
      if (key !== undefined) {
        if (this.cache.size >= MAX_CACHE) this.cache.clear();
        this.cache.set(key, verdict);
      }
      return verdict;
    });
    return ok(verdicts);
  }

  async seal(vault: Vault, id: string): Promise<Result<{ name: string }>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    const sealed = await sealDraft(vault, id, folder.value);
    return sealed.ok ? ok({ name: sealed.value.name }) : sealed;
  }

  async open(name: string): Promise<Result<PackContent>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    const path = join(folder.value, name);
    try {
      const read = async (file: string) => (await readTagFile(path, file)).toString('utf8');
      const record = PackRecordSchema.safeParse(JSON.parse(await read('data/record.json')));
      const request: unknown = JSON.parse(await read('data/request.json'));
      const content = PackContentSchema.safeParse({
        name,
        record: record.success ? record.data : undefined,
        request,
        ticketText: await read('data/ticket.txt'),
        bagInfo: [...parseBagInfo(await read('bag-info.txt'))],
      });
      if (content.success) return ok(content.data);
    } catch (error) {
      if (!(error instanceof BagProblem) && !(error instanceof SyntaxError)) throw error;
    }
    return failure('corrupt', `The pack ${name} cannot be read as an evidence pack; its badge says why.`);
  }
}
