import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { PRODUCT_NAME } from '../core/api/product.ts';
import { createApiHandlers } from '../node/bridge/handlers.ts';
import { registerAppScheme, serveRendererFiles } from './app-protocol.ts';
import { registerApiHandlers } from './ipc.ts';
import { buildMenuTemplate } from './menu.ts';
import { APP_ENTRY_URL, chooseRendererUrl } from './security.ts';
import { WINDOW_STATE_FILE } from './window-state.ts';
import { createMainWindow, hardenSession, hardenWebContents } from './window.ts';

/**
 * The Electron main process: lifecycle only (DESIGN §2, §7). It owns no logic that the tests cannot
 * reach: the policy is in security.ts, the API in src/core/api and src/node/bridge/handlers.ts, the
 * window state in window-state.ts.
 */
const rendererUrl = chooseRendererUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL);
// Development means: unpackaged and running on electron-vite's dev server (developer tools allowed).
const isDev = rendererUrl !== APP_ENTRY_URL;
const outDir = join(import.meta.dirname, '..');

// A data directory per user, named after the product (not the npm package name).
app.setName(PRODUCT_NAME);
app.setPath('userData', join(app.getPath('appData'), PRODUCT_NAME));
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => focusMainWindow());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, rendererUrl));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(start).catch((error: unknown) => {
    console.error(error);
    dialog.showErrorBox(`${PRODUCT_NAME} could not start`, error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  if (rendererUrl === APP_ENTRY_URL) serveRendererFiles(protocol, join(outDir, 'renderer'));
  registerApiHandlers(ipcMain, createApiHandlers({ name: PRODUCT_NAME, version: app.getVersion(), runtime: 'electron' }), {
    rendererUrl,
    onInternalError: (method, error) => console.error(`${method} failed`, error),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ productName: PRODUCT_NAME, isDev, isMac: process.platform === 'darwin', onAbout: showAbout })),
  );
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openMainWindow();
  });
  await openMainWindow();
}

function openMainWindow(): Promise<BrowserWindow> {
  return createMainWindow({
    rendererUrl,
    preloadPath: join(outDir, 'preload', 'index.cjs'),
    stateFile: join(app.getPath('userData'), WINDOW_STATE_FILE),
    isDev,
  });
}

function focusMainWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (window === undefined) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

function showAbout(): void {
  const detail = [
    `Version ${app.getVersion()}`,
    `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
  ].join('\n');
  const [window] = BrowserWindow.getAllWindows();
  const options = { type: 'info' as const, title: `About ${PRODUCT_NAME}`, message: PRODUCT_NAME, detail, buttons: ['OK'] };
  void (window === undefined ? dialog.showMessageBox(options) : dialog.showMessageBox(window, options));
}
