/** Electron main: wiring only. Services live in plain modules that are tested without Electron. */
import { BrowserWindow, Menu, app, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RequestFiles, type Dialogs } from './files/request-files.js';
import { createHandlers } from './ipc/handlers.js';
import { createDispatch } from './ipc/dispatch.js';
import { serveContract } from './ipc/serve.js';
import { hardenSession, hardenWebContents, windowOptions } from './window.js';

const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const indexPath = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));
const appUrl = pathToFileURL(indexPath).href;

let mainWindow: BrowserWindow | undefined;

function electronDialogs(): Dialogs {
  return {
    async chooseOpenPath({ title, filters }) {
      const options = {
        title,
        filters: filters.map((filter) => ({ ...filter, extensions: [...filter.extensions] })),
        properties: ['openFile' as const],
      };
      const result = mainWindow
        ? await dialog.showOpenDialog(mainWindow, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async chooseSavePath({ title, defaultName, filters }) {
      const options = {
        title,
        defaultPath: defaultName,
        filters: filters.map((filter) => ({ ...filter, extensions: [...filter.extensions] })),
      };
      const result = mainWindow
        ? await dialog.showSaveDialog(mainWindow, options)
        : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
  };
}

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return (
    mainWindow !== undefined && event.sender === mainWindow.webContents && event.senderFrame?.url === appUrl
  );
}

function createWindow(): void {
  const window = new BrowserWindow(windowOptions(preloadPath, !app.isPackaged));
  mainWindow = window;
  hardenWebContents(window.webContents, appUrl);
  window.once('ready-to-show', () => {
    window.show();
  });
  window.on('closed', () => {
    mainWindow = undefined;
  });
  void window.loadFile(indexPath);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized() === true) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, appUrl);
  });
  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        { role: 'appMenu' },
        { role: 'editMenu' },
        { role: 'viewMenu' },
        { role: 'windowMenu' },
      ]),
    );
    const handlers = createHandlers({
      files: new RequestFiles(electronDialogs()),
      version: app.getVersion(),
    });
    serveContract(
      ipcMain,
      createDispatch(handlers, (message) => {
        console.error(message);
      }),
      isTrustedSender,
    );
    createWindow();
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
}
