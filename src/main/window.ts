import { BrowserWindow, nativeTheme, screen, type Session, type WebContents } from 'electron';
import { PRODUCT_NAME } from '../core/api/product.ts';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isAllowedWindowOpen,
  permissionDecision,
} from './security.ts';
import { fitWindowState, loadWindowState, saveWindowState, type WindowState } from './window-state.ts';

/**
 * Creating the main window and applying the policy of security.ts to it (DESIGN §6): context
 * isolation, the renderer sandbox, no Node in the renderer, web security on, navigation and new
 * windows refused, permissions denied, the CSP sent as a response header as well as the meta tag.
 */
export interface MainWindowOptions {
  rendererUrl: string;
  /** out/preload/index.cjs (a single CommonJS file: a sandboxed preload cannot load chunks). */
  preloadPath: string;
  /** The window-state file in the user data directory. */
  stateFile: string;
  isDev: boolean;
}

/** Opens the main window on the renderer, with the remembered size and position. */
export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const state = await loadWindowState(options.stateFile);
  const bounds = fitWindowState(state, screen.getAllDisplays().map((display) => display.workArea));
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: PRODUCT_NAME,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14171c' : '#f6f7f9',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.isDev,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  rememberWindowState(window, options.stateFile);
  await window.loadURL(options.rendererUrl);
  return window;
}

/**
 * Applies the navigation and window policy to every web contents the app creates (called from
 * `app.on('web-contents-created')`, so that no window or frame escapes it).
 */
export function hardenWebContents(contents: WebContents, rendererUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => (isAllowedWindowOpen(url) ? { action: 'allow' } : { action: 'deny' }));
  const refuseUnlessAllowed = (event: { url: string; preventDefault: () => void }) => {
    if (!isAllowedNavigation(event.url, rendererUrl)) event.preventDefault();
  };
  contents.on('will-navigate', refuseUnlessAllowed);
  contents.on('will-frame-navigate', refuseUnlessAllowed);
  contents.on('will-redirect', refuseUnlessAllowed);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Denies every permission and adds the CSP header to every response of `session`. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionDecision(permission, details)));
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => permissionDecision(permission, details));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

function rememberWindowState(window: BrowserWindow, file: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const capture = (): WindowState => {
    const bounds = window.getNormalBounds();
    return { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized: window.isMaximized() };
  };
  const save = (state: WindowState) => {
    saveWindowState(file, state).catch((error: unknown) => console.error('could not save the window state', error));
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => save(capture()), 500);
  };
  window.on('resize', schedule);
  window.on('move', schedule);
  window.on('close', () => {
    clearTimeout(timer);
    save(capture());
  });
}
