/** The contract's handlers, built from the main-process services (the same set in Electron and in tests). */
import { ok } from '../../src-shared/ipc/result.js';
import type { RequestFiles } from '../files/request-files.js';
import type { Handlers } from './dispatch.js';

export interface Services {
  readonly files: RequestFiles;
  readonly version: string;
}

export function createHandlers({ files, version }: Services): Handlers {
  return {
    openRequest: () => files.openRequest(),
    saveRequest: (arg) => files.saveRequest(arg),
    exportTicket: (arg) => files.exportTicket(arg),
    newRequest: () => files.newRequest(),
    appInfo: () => Promise.resolve(ok({ name: 'CMK Rekey', version, platform: process.platform })),
  };
}
