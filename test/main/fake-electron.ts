import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A recording stand-in for the `electron` module, enough to run src/main/index.ts and
 * src/preload/index.ts in Node (the Electron binary is not available here, DESIGN §7). It records
 * what the shell registers so tests can drive the real handlers: IPC, the app:// protocol, the
 * session's permission and header hooks, window options, web-contents hooks.
 */
type Listener = (...args: unknown[]) => unknown;

export interface FakeWebContents {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  listeners: Map<string, Listener[]>;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
  on(event: string, listener: Listener): void;
}

export function createFakeWebContents(): FakeWebContents {
  const contents: FakeWebContents = {
    listeners: new Map(),
    setWindowOpenHandler(handler) {
      contents.windowOpenHandler = handler;
    },
    on(event, listener) {
      contents.listeners.set(event, [...(contents.listeners.get(event) ?? []), listener]);
    },
  };
  return contents;
}

export function createFakeElectron() {
  const appData = mkdtempSync(path.join(tmpdir(), 'warden-appdata-'));
  const paths = new Map<string, string>([['appData', appData]]);
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });
  const state = {
    appData,
    gotLock: true,
    calls: [] as string[],
    appListeners: new Map<string, Listener[]>(),
    privilegedSchemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as { options: Record<string, unknown>; loadedUrl?: string }[],
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    headersHook: undefined as Listener | undefined,
    menuTemplate: undefined as unknown,
    loaded: undefined as Promise<string> | undefined,
    /** What the next native open dialog answers (tests set it), and the options of each one shown. */
    openDialogResult: { canceled: true, filePaths: [] as string[] },
    openDialogs: [] as { parented: boolean; options: Record<string, unknown> }[],
  };
  let loadedResolve: (url: string) => void = () => {};
  state.loaded = new Promise((resolve) => {
    loadedResolve = resolve;
  });

  class BrowserWindow {
    static windows: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.windows;
    }
    static getFocusedWindow() {
      return null;
    }
    readonly record: { options: Record<string, unknown>; loadedUrl?: string };
    readonly webContents = createFakeWebContents();
    constructor(options: Record<string, unknown>) {
      this.record = { options };
      state.windows.push(this.record);
      BrowserWindow.windows.push(this);
    }
    maximize() {}
    show() {}
    once() {}
    on() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      state.calls.push('focus');
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1200, height: 800 };
    }
    async loadURL(url: string) {
      this.record.loadedUrl = url;
      loadedResolve(url);
    }
  }

  const electron = {
    app: {
      isPackaged: false,
      setName: (name: string) => state.calls.push(`setName:${name}`),
      setPath: (name: string, value: string) => {
        paths.set(name, value);
        state.calls.push(`setPath:${name}`);
      },
      getPath: (name: string) => paths.get(name) ?? path.join(appData, name),
      getVersion: () => '9.8.7',
      enableSandbox: () => state.calls.push('enableSandbox'),
      requestSingleInstanceLock: () => state.gotLock,
      quit: () => state.calls.push('quit'),
      exit: () => state.calls.push('exit'),
      on: (event: string, listener: Listener) => {
        state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), listener]);
      },
      whenReady: () => ready,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        state.calls.push('registerSchemesAsPrivileged');
        state.privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => {
        state.protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => {
          state.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler: (handler: Listener) => {
          state.permissionCheckHandler = handler;
        },
        setDevicePermissionHandler: () => {},
        webRequest: {
          onHeadersReceived: (handler: Listener) => {
            state.headersHook = handler;
          },
        },
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        if (state.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        state.ipcHandlers.set(channel, handler);
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => {
        state.menuTemplate = menu;
      },
    },
    BrowserWindow,
    dialog: {
      showErrorBox: () => state.calls.push('showErrorBox'),
      showMessageBox: async () => ({ response: 0 }),
      showOpenDialog: async (...args: unknown[]) => {
        const options = args[args.length - 1] as Record<string, unknown>;
        state.openDialogs.push({ parented: args.length === 2, options });
        return state.openDialogResult;
      },
    },
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    contextBridge: {
      exposed: new Map<string, unknown>(),
      exposeInMainWorld(key: string, api: unknown) {
        this.exposed.set(key, api);
      },
    },
    ipcRenderer: {
      invocations: [] as unknown[][],
      invoke(channel: string, args: unknown) {
        this.invocations.push([channel, args]);
        return Promise.resolve({ ok: true, value: { channel } });
      },
    },
  };
  return { electron, state, ready: () => readyResolve(), cleanup: () => rmSync(appData, { recursive: true, force: true }) };
}
