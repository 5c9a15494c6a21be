import { join } from 'node:path';
import { ArchiveCache } from '../../src-main/archive/archive-cache.js';
import { ArchiveService } from '../../src-main/archive/archive-service.js';
import { VaultSession } from '../../src-main/drafts/vault-session.js';
import type { Dialogs } from '../../src-main/files/request-files.js';
import type { Policy } from '../../src-main/policy/policy.js';
import { SettingsFile } from '../../src-main/settings.js';

/** Stands in for the native dialogs: answers with the paths a test queued, as a user would pick them. */
export class QueuedDialogs implements Dialogs {
  readonly answers: (string | undefined)[] = [];
  readonly asked: string[] = [];

  chooseOpenPath({ title }: { title: string }): Promise<string | undefined> {
    this.asked.push(title);
    return Promise.resolve(this.answers.shift());
  }

  chooseSavePath({
    title,
    defaultName,
  }: {
    title: string;
    defaultName: string;
  }): Promise<string | undefined> {
    this.asked.push(`${title} [${defaultName}]`);
    return Promise.resolve(this.answers.shift());
  }

  chooseFolderPath({ title }: { title: string }): Promise<string | undefined> {
    this.asked.push(title);
    return Promise.resolve(this.answers.shift());
  }
}

/** A vault session on a folder of its own under `root`, with a fast scrypt (tests only). */
export function vaultSession(
  root: string,
  dialogs: Dialogs,
  log: (message: string) => void = () => undefined,
  policy?: Policy,
): VaultSession {
  return new VaultSession(
    new SettingsFile(join(root, 'settings.json'), log),
    join(root, 'vault'),
    dialogs,
    { unsafeScryptWorkFactor: 10 },
    policy,
    log,
  );
}

/** The archive browser's service, with settings and its cache in `root` (shared with the vault session there). */
export function archiveService(root: string, dialogs: Dialogs, policy?: Policy): ArchiveService {
  return new ArchiveService(
    new SettingsFile(join(root, 'settings.json'), () => undefined),
    dialogs,
    policy,
    new ArchiveCache(join(root, 'archive-cache.json')),
  );
}
