/**
 * Re-encryption stopped by a folder it cannot write (trash/ read-only, a full disk): it says which folder
 * and how many drafts were done, keeps every draft whole, and a run once the folder can be written
 * finishes the job. A read-only folder is simulated (the tests may run as root, which chmod does not
 * stop): creating a file in it fails with EACCES, as it does for a user.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../../src-shared/ipc/result.js';
import { PASSPHRASE, newVault, removeTempFolders, reopen, validDraftRequest, value } from './helpers.js';

const readOnly = vi.hoisted(() => ({ folder: '' }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = (path, flags, mode) => {
    if (readOnly.folder !== '' && flags === 'wx' && String(path).startsWith(`${readOnly.folder}/`))
      return Promise.reject(
        Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' }),
      );
    return real.open(path, flags, mode);
  };
  return { ...real, open, default: { ...real, open } };
});

afterAll(removeTempFolders);

const COMPLIANCE = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';

describe('re-encryption into a folder that cannot be written', () => {
  it.each(['all at once', 'in batches'] as const)(
    'names the folder and how many were done, and finishes once it can be written (%s)',
    async (how) => {
      const vault = await newVault();
      for (const title of ['A', 'B']) value(await vault.newDraft({ title, request: validDraftRequest() }));
      const gone = value(await vault.newDraft({ title: 'C', request: validDraftRequest() }));
      value(await vault.delete(gone.id));
      value(await vault.setRecipients(PASSPHRASE, [COMPLIANCE]));
      const again = await reopen(vault);
      const trash = join(vault.folder, 'trash');
      readOnly.folder = trash;
      const run = async (): Promise<Result<unknown>> =>
        how === 'all at once' ? again.reencrypt() : again.reencryptSome(10);
      try {
        expect(await run()).toEqual({
          ok: false,
          code: 'io',
          message: `${trash} could not be written: permission denied (EACCES). 2 drafts were re-encrypted before it; the others keep the recipients they had. Make the folder writable (or free space), then re-encrypt again to finish.`,
        });
      } finally {
        readOnly.folder = '';
      }
      expect(value(await again.recipientsCheck())).toMatchObject({ outdated: 1 });
      expect(
        value(await again.list())
          .map((draft) => draft.title)
          .sort(),
      ).toEqual(['A', 'B']);
      expect(value(await again.listTrash()).map((draft) => draft.title)).toEqual(['C']);
      value(await run());
      expect(value(await again.recipientsCheck())).toEqual({ outdated: 0, missing: [], extra: [] });
      expect(value(await again.verify()).problems).toEqual([]);
    },
  );
});
