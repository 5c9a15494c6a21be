/** The contract's handlers, built from the main-process services (the same set in Electron and in tests). */
import { emptyDraftRequest, requestFromDraft } from '../../src-shared/drafts/draft.js';
import { ok, type Result } from '../../src-shared/ipc/result.js';
import type { ArchiveService } from '../archive/archive-service.js';
import { provenanceOf } from '../drafts/record-export.js';
import type { VaultSession } from '../drafts/vault-session.js';
import type { RequestFiles } from '../files/request-files.js';
import { canonicalJson } from '../../src-shared/text/canonical-json.js';
import type { Handlers } from './dispatch.js';

export interface Services {
  readonly files: RequestFiles;
  readonly vault: VaultSession;
  readonly archive: ArchiveService;
  readonly version: string;
}

const done = <T>(result: Result<T>) => (result.ok ? ok({}) : result);

export function createHandlers({ files, vault, archive, version }: Services): Handlers {
  return {
    openRequest: () => files.openRequest(),
    saveRequest: (arg) => files.saveRequest(arg),
    exportTicket: async (arg) => {
      // The draft's id, status and ticket when it can be read now and holds the very request exported
      // (else they would vouch for other content, e.g. "sent"); the hash is always of the request exported.
      const draft =
        arg.draftId === undefined ? undefined : await vault.withVault((open) => open.load(arg.draftId ?? ''));
      const same =
        draft?.ok === true &&
        canonicalJson(requestFromDraft(draft.value.request)) === canonicalJson(requestFromDraft(arg.request));
      // Its describe-key results count as in the form: each speaks only of the very ARN it checked.
      const keyChecks = draft?.ok === true ? (draft.value.keyChecks ?? []) : [];
      return files.exportTicket(
        arg,
        provenanceOf(same ? draft.value : undefined, new Date(), arg.request, vault.policy.requestRules),
        keyChecks,
      );
    },
    newRequest: () => files.newRequest(),
    policyStatus: () => Promise.resolve(ok(vault.policy.view())),
    appInfo: () => Promise.resolve(ok({ name: 'CMK Rekey', version, platform: process.platform })),
    vaultStatus: () => vault.status(),
    vaultCreate: (arg) => vault.create(arg),
    vaultUnlock: (arg) => vault.unlock(arg),
    vaultLock: () => vault.lock(),
    vaultChangePassphrase: (arg) => vault.changePassphrase(arg),
    vaultSetAutoLock: (arg) => vault.setAutoLock(arg),
    vaultSetTrashRetention: (arg) => vault.setTrashRetention(arg),
    siteTimeZone: (arg) => vault.siteTimeZone(arg),
    siteTimeZoneSet: (arg) => vault.setSiteTimeZone(arg),
    vaultSetRecipients: (arg) => vault.setRecipients(arg),
    vaultChooseFolder: () => vault.chooseFolder(),
    draftsList: () => vault.withVault((open) => open.list(vault.policy.requestRules)),
    draftsTrash: () => vault.withVault((open) => open.listTrash(vault.policy.requestRules)),
    draftNew: ({ request, title }) =>
      vault.withVault((open) =>
        open.newDraft({
          request: request ?? { ...emptyDraftRequest(), ...vault.policy.draftDefaults },
          ...(title !== undefined && { title }),
        }),
      ),
    draftLoad: ({ id }) => vault.withVault((open) => open.load(id)),
    draftSave: ({ draft }) => vault.withVault((open) => open.save(draft)),
    draftDuplicate: ({ id }) => vault.withVault((open) => open.duplicate(id)),
    draftRename: ({ id, title }) => vault.withVault((open) => open.rename(id, title)),
    draftDelete: ({ id }) => vault.withVault(async (open) => done(await open.delete(id))),
    draftRestore: ({ id }) => vault.withVault(async (open) => done(await open.restore(id))),
    draftsPurge: ({ ids }) => vault.withVault((open) => open.purgeTrash(ids === undefined ? {} : { ids })),
    draftsRecipients: () => vault.withVault((open) => open.recipientsCheck()),
    draftsReencrypt: ({ limit }) => vault.withVault((open) => open.reencryptSome(limit)),
    draftExport: (arg) => vault.exportDraft(arg),
    draftImport: () => vault.importDraft(),
    draftAcceptFlagged: ({ id }) => vault.withVault((open) => open.acceptFlagged(id)),
    draftDiscardFlagged: ({ id }) => vault.withVault(async (open) => done(await open.discardFlagged(id))),
    draftMarkSent: ({ id, ...input }) =>
      vault.withVault((open) =>
        open.markSent(id, {
          ...input,
          requireReady: vault.policy.markSentRequiresReady,
          rules: vault.policy.requestRules,
        }),
      ),
    draftComplete: ({ id, ...input }) => vault.withVault((open) => open.markCompleted(id, input)),
    draftWithdraw: ({ id, reason }) => vault.withVault((open) => open.withdraw(id, { reason })),
    draftRevise: ({ id }) => vault.withVault((open) => open.revise(id)),
    archiveStatus: () => archive.status(),
    archiveChooseFolder: () => archive.chooseFolder(),
    archiveChooseAllowedSigners: () => archive.chooseAllowedSigners(),
    archiveNames: ({ first }) => archive.names(first),
    archiveEntries: ({ names }) => archive.entries(names),
    archiveZip: ({ name }) => archive.zip(name),
    archiveVerify: ({ names }) => archive.verify(names),
    archiveOpen: ({ name }) => archive.open(name),
    archiveSeal: ({ id }) => vault.withVault((open) => archive.seal(open, id)),
  };
}
