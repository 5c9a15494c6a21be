/** Electron main: wiring only. Services live in plain modules that are tested without Electron. */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  BrowserWindow,
  Menu,
  app,
  ipcMain,
  powerMonitor,
  screen,
  session,
  type IpcMainInvokeEvent,
} from 'electron';
import { ArchiveCache } from './archive/archive-cache.js';
import { ArchiveService } from './archive/archive-service.js';
import { confirmLeavingUnsaved, electronDialogs } from './dialogs.js';
import { VaultSession } from './drafts/vault-session.js';
import { RequestFiles } from './files/request-files.js';
import { createDispatch } from './ipc/dispatch.js';
import { createHandlers } from './ipc/handlers.js';
import { serveContract } from './ipc/serve.js';
import { POLICY_FILE_NAME, programFolder, systemPolicyPath } from './policy/load-policy.js';
import { Policy } from './policy/policy.js';
import { portableDataFolder } from './policy/portable.js';
import { SettingsFile } from './settings.js';
import { hardenSession, hardenWebContents, isAppUrl, windowOptions } from './window.js';

const preloadPath = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const indexPath = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));
const appUrl = pathToFileURL(indexPath).href;
/** The renderer's folder: its page, scripts and styles are the only files the window may load. */
const appFolderUrl = new URL('./', appUrl).href;

/** Longest wait at quit for the vault to finish its work (a stuck disk must not keep the app open). */
const QUIT_WAIT_MS = 10_000;

let mainWindow: BrowserWindow | undefined;

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  return (
    mainWindow !== undefined &&
    event.sender === mainWindow.webContents &&
    isAppUrl(event.senderFrame?.url, appUrl)
  );
}

function createWindow(): void {
  const window = new BrowserWindow(
    windowOptions(preloadPath, !app.isPackaged, screen.getPrimaryDisplay().workAreaSize),
  );
  mainWindow = window;
  hardenWebContents(window.webContents, appUrl);
  // The page stops a reload or close that would lose changes the vault could not save: the user decides.
  window.webContents.on('will-prevent-unload', (event) => {
    if (confirmLeavingUnsaved(window)) event.preventDefault();
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  window.on('closed', () => {
    mainWindow = undefined;
  });
  void window.loadFile(indexPath);
}

function log(message: string): void {
  console.error(`[cmk-rekey] ${message}`);
}

// Portable mode: settings and vault beside the program (must be set before the app is ready).
const program = programFolder(process.execPath, process.env);
const portableData = portableDataFolder(program, process.env, log);
if (portableData !== undefined) app.setPath('userData', portableData);

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
  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, appFolderUrl);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        { role: 'appMenu' },
        { role: 'editMenu' },
        { role: 'viewMenu' },
        { role: 'windowMenu' },
      ]),
    );
    const userData = app.getPath('userData');
    const dialogs = electronDialogs(() => mainWindow);
    const policy = await Policy.load(
      {
        system: systemPolicyPath(process.platform, process.env),
        portable: join(program, POLICY_FILE_NAME),
      },
      join(userData, 'vault'),
    );
    for (const file of policy.files) log(`policy: ${file.state} ${file.path}`);
    const settings = new SettingsFile(join(userData, 'settings.json'), log);
    const vault = new VaultSession(settings, join(userData, 'vault'), dialogs, {}, policy, log);
    const handlers = createHandlers({
      files: new RequestFiles(dialogs, policy),
      vault,
      archive: new ArchiveService(
        settings,
        dialogs,
        policy,
        new ArchiveCache(join(userData, 'archive-cache.json'), log),
      ),
      version: app.getVersion(),
    });
    serveContract(ipcMain, createDispatch(handlers, log), isTrustedSender);
    // The OS screen lock locks the vault too; drafts still autosave (encrypting needs no passphrase).
    const lockVault = () => {
      void vault.lock();
    };
    // Idle auto-lock runs here too: a renderer that stops asking (or is compromised) cannot keep it open.
    vault.startIdleLock(() => powerMonitor.getSystemIdleTime());
    vault.startTrashRetention();
    powerMonitor.on('lock-screen', lockVault);
    powerMonitor.on('suspend', lockVault);
    // Quitting waits for the vault (up to QUIT_WAIT_MS): the save the window sent as it closed, and the
    // index, are written before the process ends, not cut off halfway (a write never half-replaces a file).
    let vaultClosed = false;
    app.on('will-quit', (event) => {
      if (vaultClosed) return;
      event.preventDefault();
      let timer: NodeJS.Timeout | undefined;
      const longest = new Promise<void>((done) => {
        timer = setTimeout(done, QUIT_WAIT_MS);
      });
      void Promise.race([vault.close(), longest])
        .catch((error: unknown) => {
          log(`closing the vault at quit failed: ${error instanceof Error ? error.message : String(error)}`);
        })
        .then(() => {
          clearTimeout(timer);
          vaultClosed = true;
          app.quit();
        });
    });
    createWindow();
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
}
