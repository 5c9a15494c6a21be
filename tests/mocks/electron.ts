/** A small hand-written fake of the `electron` module: records what main does, runs nothing native. */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (...args: unknown[]) => unknown;

/** An emitter whose events come with an event object, as Electron's do. */
class PreventableEmitter extends EventEmitter {
  /** Emits like Electron does and reports whether a listener called preventDefault(). */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeWebContents extends PreventableEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedFile: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadFile(path: string): Promise<void> {
    this.loadedFile = path;
    return Promise.resolve();
  }
  show(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

export class FakeSession {
  permissionRequest: Listener | undefined;
  permissionCheck: Listener | undefined;
  beforeRequest: Listener | undefined;
  headersReceived: Listener | undefined;
  readonly webRequest = {
    onBeforeRequest: (listener: Listener) => (this.beforeRequest = listener),
    onHeadersReceived: (listener: Listener) => (this.headersReceived = listener),
  };
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheck = handler;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
}

class FakeApp extends PreventableEmitter {
  readonly userData = mkdtempSync(join(tmpdir(), 'cmk-rekey-userdata-'));
  isPackaged = false;
  singleInstance = true;
  quitCalled = false;
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    return join(this.userData, name === 'userData' ? '' : name);
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  quit(): void {
    this.quitCalled = true;
  }
}

export function createFakeElectron() {
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    powerMonitor: Object.assign(new EventEmitter(), {
      /** Seconds without input, as the OS reports them; tests set it. */
      idleSeconds: 0,
      getSystemIdleTime(this: { idleSeconds: number }): number {
        return this.idleSeconds;
      },
    }),
    session: { defaultSession: new FakeSession() },
    /** An 800×600 screen with a 40-pixel taskbar; tests may change it. */
    screen: { getPrimaryDisplay: () => ({ workAreaSize: { width: 800, height: 560 } }) },
    Menu: {
      buildFromTemplate: (template: unknown[]) => ({ template }),
      setApplicationMenu: () => undefined,
    },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
      /** The button index the user picks in a message box; tests set it. */
      messageBoxAnswer: 0,
      /** The options of every message box shown. */
      messageBoxes: [] as Record<string, unknown>[],
      showMessageBoxSync(
        this: { messageBoxAnswer: number; messageBoxes: Record<string, unknown>[] },
        _window: unknown,
        options: Record<string, unknown>,
      ): number {
        this.messageBoxes.push(options);
        return this.messageBoxAnswer;
      },
    },
  };
}
