/** Preload: exposes the contract-built API; the renderer never sees ipcRenderer itself. */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './api.js';

contextBridge.exposeInMainWorld(
  'cmkRekey',
  buildApi((channel, arg) => ipcRenderer.invoke(channel, arg)),
);
