/** Serves the contract over Electron IPC: sender check, then the shared dispatch. */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { METHODS, channelOf } from '../../src-shared/ipc/contract.js';
import { failure } from '../../src-shared/ipc/result.js';
import type { Dispatch } from './dispatch.js';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function serveContract(ipc: IpcMain, dispatch: Dispatch, isTrustedSender: SenderCheck): void {
  for (const method of METHODS) {
    ipc.handle(channelOf(method), (event, arg: unknown) => {
      if (!isTrustedSender(event))
        return failure('invalid-argument', 'This request did not come from the app window.');
      return dispatch(method, arg);
    });
  }
}
