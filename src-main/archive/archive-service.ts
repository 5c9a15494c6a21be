/**
 * The archive browser's main-process side: the archive folder and allowed-signers file from settings,
 * listing (names first, then bag-info of the packs asked for), background verification, opening a pack
 * read-only, and zipping one. Never writes to the archive, except sealing a new pack.
 *
 * Listings and badges are cached in the user's own ArchiveCache (user-data folder): a listing under the
 * pack's tagmanifest hash; a badge under that hash plus every file's identity, size, mtime and ctime
 * (ctime cannot be set back by a user) and the allowed-signers list, so a changed pack, or changed trust,
 * is verified again. Only the CLI's `archive verify` is the full, cache-free check.
 */
import { join } from 'node:path';
import {
  PackContentSchema,
  PackRecordSchema,
  type PackContent,
  type PackEntry,
  type PackVerdict,
} from '../../src-shared/archive/pack-schema.js';
import { PackNameSchema, type ArchiveStatus } from '../../src-shared/ipc/archive-contract.js';
import { failure, ok, type Result } from '../../src-shared/ipc/result.js';
import type { Dialogs } from '../files/request-files.js';
import { entryKind, reasonFor } from '../files/safe-fs.js';
import { noPolicy, type Policy } from '../policy/policy.js';
import type { SettingsFile } from '../settings.js';
import { ArchiveCache } from './archive-cache.js';
import {
  ArchiveError,
  archiveEntries,
  asSentence,
  mapLimited,
  newestFirst,
  readEntry,
} from './archive-folder.js';
import { BagProblem, TAG_MANIFEST, listFiles, parseBagInfo, readTagFile, sha256Hex } from './bagit.js';
import type { Vault } from '../vault/vault.js';
import { sealDraft } from './seal-draft.js';
import { readPackJson, verifyPack, type VerifyOptions } from './verify-pack.js';
import { ZipTargetError, zipPack } from './zip-pack.js';
import { readAllowedSignersFile, trustedSigners } from './trusted-signers.js';
import { parseAllowedSigners } from './sshsig.js';

export class ArchiveService {
  /** The last folder listing, so that the cache forgets packs gone from it once the cache is read. */
  private listed: { archive: string; names: readonly string[] } | undefined;

  constructor(
    private readonly settings: SettingsFile,
    private readonly dialogs: Dialogs,
    /** The organization's policy: its archive folder and trusted signers come before the user's. */
    private readonly policy: Policy = noPolicy(''),
    /** The user's cache of listings and badges (in the user-data folder). */
    private readonly cache: ArchiveCache = new ArchiveCache(undefined),
  ) {}

  async status(): Promise<Result<ArchiveStatus>> {
    const { allowedSignersFile } = await this.settings.read();
    // Only lines that trust a key count: a list of none (or of lines ssh-keygen trusts no one by, or the
    // safe value of a policy that cannot be read) trusts no signer, and is said so, not "set".
    const trusting = parseAllowedSigners(this.policy.trustedSigners.join('\n')).length;
    const fromPolicy =
      trusting === 0
        ? ''
        : `${String(trusting)} signer${trusting === 1 ? '' : 's'} of your organization's policy`;
    const signers = this.policy.isLocked('trustedSigners') ? fromPolicy : (allowedSignersFile ?? fromPolicy);
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
    const signers = await readAllowedSignersFile(path);
    if (!signers.ok) return signers;
    await this.settings.update({ allowedSignersFile: path });
    return this.status();
  }

  /** The archive folder; without one, where to choose it (the Archive screen, not Settings). */
  private async folder(): Promise<Result<string>> {
    const archiveFolder = await this.folderSetting();
    if (archiveFolder !== undefined) return ok(archiveFolder);
    return failure(
      'not-found',
      'No archive folder is chosen yet. Choose one on the Archive screen, with Choose… next to "Archive folder".',
    );
  }

  /**
   * Every entry of the archive, newest first, from its folder listing alone (no pack is read), and the
   * listings of the first `first` of them.
   */
  async names(first: number): Promise<Result<{ names: string[]; entries: PackEntry[] }>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    let names: string[];
    try {
      // a name the contract cannot carry (a backslash) is no pack's name; `archive verify` reports it
      names = newestFirst(await archiveEntries(folder.value)).filter(
        (name) => PackNameSchema.safeParse(name).success,
      );
    } catch (error) {
      if (error instanceof ArchiveError) return failure('io', asSentence(error));
      throw error;
    }
    this.listed = { archive: folder.value, names };
    const entries = await this.readEntries(folder.value, names.slice(0, first));
    return ok({ names, entries });
  }

  /**
   * The listings of some packs, from bag-info.txt, or from the cache while their tag manifest is unchanged.
   * The first screen does not wait for the cache file: until verify() has read it, packs are read directly.
   */
  async entries(names: readonly string[]): Promise<Result<PackEntry[]>> {
    const folder = await this.folder();
    return folder.ok ? ok(await this.readEntries(folder.value, names)) : folder;
  }

  private readEntries(archive: string, names: readonly string[]): Promise<PackEntry[]> {
    const cache = this.cache.loaded ? this.cache : undefined;
    return mapLimited(names, 16, async (name) => {
      const tagManifest = await readTagFile(join(archive, name), TAG_MANIFEST).then(
        sha256Hex,
        () => undefined,
      );
      const cached = tagManifest === undefined ? undefined : cache?.entry(archive, name, tagManifest);
      if (cached !== undefined) return cached;
      const entry = await readEntry(archive, name);
      if (tagManifest !== undefined && !entry.unreadable)
        this.cache.setEntry(archive, name, tagManifest, entry);
      return entry;
    });
  }

  /** The verdict cache key of a pack as it is on disk now; undefined when it cannot be read (never cached). */
  private async verdictKey(path: string, signersHash: string): Promise<string | undefined> {
    try {
      const files = await listFiles(path);
      const tagManifest = await readTagFile(path, TAG_MANIFEST);
      const stamps = [...files]
        .map(([file, facts]) => `${file}=${String(facts.size)}@${facts.changed}`)
        .sort();
      return sha256Hex(`${signersHash}\n${sha256Hex(tagManifest)}\n${stamps.join('\n')}`);
    } catch {
      return undefined;
    }
  }

  async verify(names: readonly string[]): Promise<Result<PackVerdict[]>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    const { allowedSignersFile } = await this.settings.read();
    const trusted = await trustedSigners(this.policy, allowedSignersFile);
    // read after the first screen: parsing a large cache file must not delay it
    await this.cache.load();
    const archive = folder.value;
    if (this.listed?.archive === archive) {
      this.cache.keepOnly(archive, this.listed.names);
      this.listed = undefined;
    }
    // an allowed-signers file that cannot be used trusts nobody, but every file is still checked: an
    // auditor still tells intact packs from tampered ones
    const options: VerifyOptions = trusted.ok
      ? { allowedSigners: trusted.value?.list }
      : {
          allowedSigners: [],
          untrusted: `the allowed-signers file ${allowedSignersFile ?? ''} cannot be read, so no signer is trusted`,
        };
    const signersHash = trusted.ok
      ? (trusted.value?.hash ?? 'no allowed signers')
      : 'unusable allowed signers';
    // trust with dates (valid-after, valid-before) changes with the clock alone: such badges are not cached
    const dated = options.allowedSigners?.some(
      (signer) => signer.validAfter !== undefined || signer.validBefore !== undefined,
    );
    const verdicts = await mapLimited(names, 8, async (name) => {
      const path = join(archive, name);
      const key = dated === true ? undefined : await this.verdictKey(path, signersHash);
      const cached = key === undefined ? undefined : this.cache.verdict(archive, name, key);
      if (cached !== undefined) return cached;
      const verdict = await verifyPack(path, options);
      // a key taken before verifying: if the pack changed meanwhile, the next key differs and it runs again
      if (key !== undefined) this.cache.setVerdict(archive, name, key, verdict);
      return verdict;
    });
    return ok(verdicts);
  }

  /** Writes a .zip of one pack where the user chooses (never into the archive's packs). */
  async zip(name: string): Promise<Result<{ path: string }>> {
    // The .zip holds the request, the ticket and the summary in plain text, wherever the user saves it.
    if (!this.policy.plaintextExportsAllowed)
      return failure(
        'forbidden',
        'Your organization does not allow unencrypted exports, and a pack holds the request and ticket in plain text; it stays in the archive folder.',
      );
    const folder = await this.folder();
    if (!folder.ok) return folder;
    const path = await this.dialogs.chooseSavePath({
      title: 'Save the evidence pack as a .zip',
      defaultName: `${name}.zip`,
      filters: [{ name: 'Zip archive', extensions: ['zip'] }],
    });
    if (path === undefined) return failure('cancelled', 'The pack was not zipped.');
    try {
      // the Save dialog already asked before replacing a file
      await zipPack(join(folder.value, name), path, true);
      return ok({ path });
    } catch (error) {
      if (error instanceof ArchiveError || error instanceof ZipTargetError)
        return failure('invalid-argument', asSentence(error));
      return failure('io', `The .zip could not be written to ${path}: ${reasonFor(error)}.`);
    }
  }

  async seal(vault: Vault, id: string): Promise<Result<{ name: string }>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    const sealed = await sealDraft(vault, id, folder.value, this.policy.requestRules);
    return sealed.ok ? ok({ name: sealed.value.name }) : sealed;
  }

  async open(name: string): Promise<Result<PackContent>> {
    const folder = await this.folder();
    if (!folder.ok) return folder;
    const path = join(folder.value, name);
    const unreadable = failure(
      'corrupt',
      `The pack ${name} cannot be read as an evidence pack; its badge says why.`,
    );
    // A link in place of the pack, or of its data folder, is never followed, as the list (unreadable) and
    // the badge (unverifiable, tampered) never follow it: nothing is shown from where it points.
    const kind = (at: string) => entryKind(at).catch(() => 'other' as const);
    const packKind = await kind(path);
    if (packKind === 'missing')
      return failure(
        'not-found',
        `The pack ${name} is not in the archive folder any more: it was moved or deleted.`,
      );
    if (packKind !== 'folder' || (await kind(join(path, 'data'))) !== 'folder') return unreadable;
    try {
      const read = async (file: string) => (await readTagFile(path, file)).toString('utf8');
      const json = async (file: string) => (await readPackJson(path, file)).toString('utf8');
      const record = PackRecordSchema.safeParse(JSON.parse(await json('data/record.json')));
      const request: unknown = JSON.parse(await json('data/request.json'));
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
    return unreadable;
  }
}
