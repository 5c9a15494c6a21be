/**
 * A .zip of one evidence pack, for mail or upload: the bag folder as it is (top-level folder named after
 * the pack), written with yazl to a temporary file beside the target and renamed into place. Only a pack
 * whose bag checks out is zipped (a signer not in any list is fine: the receiver decides trust); the
 * receiver unzips it and runs the same sha256sum, ssh-keygen and `archive verify` checks.
 */
import { link, lstat, open, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { ZipFile } from 'yazl';
import { fsyncFolder, renameRetrying, tempPathBeside } from '../files/atomic-write.js';
import { isInside, realPathOf } from '../files/safe-fs.js';
import { ArchiveError } from './archive-folder.js';
import { listFiles } from './bagit.js';
import { verifyPack } from './verify-pack.js';

/**
 * Where the .zip was to go is refused, the pack itself is fine: inside the pack, in the archive folder, a
 * folder, or a file that exists and replacing it was not asked for.
 */
export class ZipTargetError extends Error {
  override readonly name = 'ZipTargetError';
}

/** Zips `folder` to `out`; an existing `out` is replaced only with `force` (the app's Save dialog asked). */
export async function zipPack(folder: string, out: string, force = false): Promise<void> {
  const name = basename(folder);
  const target = resolve(out);
  // Through links too: a link to the pack, or to the archive, is the pack or the archive.
  if (await isInside(target, folder))
    throw new ZipTargetError(`the .zip cannot go inside the pack ${name} (it would add a file to it)`);
  // First whether it is a pack at all: of a folder that is not one, where the .zip goes is beside the point.
  const verdict = await verifyPack(folder);
  if (verdict.verdict === 'tampered' || verdict.verdict === 'unverifiable')
    throw new ArchiveError(`${name} is not zipped: it is ${verdict.verdict} (${verdict.reason})`);
  // beside the pack it would be an entry of the archive that is not a pack, and the archive would fail its check
  if ((await realPathOf(dirname(target))) === (await realPathOf(dirname(resolve(folder)))))
    throw new ZipTargetError(
      `the .zip cannot go into the archive folder, which holds packs only: save it somewhere else`,
    );
  // --force cannot help there, so it is not offered: the .zip needs a file name
  if ((await lstat(target).catch(() => undefined))?.isDirectory() === true)
    throw new ZipTargetError(`${target} is a folder: give the .zip a file name in it, or another name`);
  const zip = new ZipFile();
  const output = new PassThrough();
  zip.outputStream.pipe(output);
  zip.on('error', (error: Error) => output.destroy(error)); // a file that cannot be read fails the pipeline
  for (const path of [...(await listFiles(folder)).keys()].sort())
    zip.addFile(join(folder, path), `${name}/${path}`, { mode: 0o100644 });
  zip.end();
  const temp = tempPathBeside(target);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      for await (const chunk of output as AsyncIterable<Buffer>) await handle.writeFile(chunk);
      // on disk before it takes a name: a crash must not leave an empty .zip in place of a good one
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (force) await renameRetrying(temp, target);
    else {
      // a hard link never replaces an existing file, so nothing there can be lost between check and write
      await link(temp, target).catch((error: unknown) => {
        if (error instanceof Error && 'code' in error && error.code === 'EEXIST')
          throw new ZipTargetError(
            `${target} already exists; choose another name or pass --force to replace it`,
          );
        throw error;
      });
      await rm(temp);
    }
    await fsyncFolder(dirname(target));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
