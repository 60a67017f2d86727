import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { PRODUCT_NAME } from '../core/api/product.ts';
import { createAppServices, type AppServices } from '../node/app/app-services.ts';
import { createApiHandlers } from '../node/bridge/handlers.ts';
import { createDemoRegistryStarter } from '../server/demo/start-demo-registry.ts';
import { registerAppScheme, serveRendererFiles } from './app-protocol.ts';
import { createBundleFileChooser } from './bundle-dialog.ts';
import { registerApiHandlers } from './ipc.ts';
import { buildMenuTemplate, type MenuCommand } from './menu.ts';
import { APP_ENTRY_URL, chooseRendererUrl } from './security.ts';
import { WINDOW_STATE_FILE } from './window-state.ts';
import { createMainWindow, hardenSession, hardenWebContents } from './window.ts';

/**
 * The Electron main process: lifecycle only (DESIGN §2, §7). It owns no logic that the tests cannot
 * reach: the policy is in security.ts, the API in src/core/api and src/node/bridge/handlers.ts, the
 * services in src/node/app, the window state in window-state.ts.
 *
 * Lifecycle: one instance per user (a second start focuses the first window and quits); the app's
 * services (replica database, jobs, the demo registry once started) live in
 * `<userData>/data` and are closed before the process quits, so a sync or the demo registry
 * never ends mid-write.
 */
const rendererUrl = chooseRendererUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL);
// Development means: unpackaged and running on electron-vite's dev server (developer tools allowed).
const isDev = rendererUrl !== APP_ENTRY_URL;
const outDir = join(import.meta.dirname, '..');
// The services' data directory, inside the per-user folder (window-state.json stays beside it).
const DATA_DIR_NAME = 'data';
let services: AppServices | undefined;

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
  app.on('will-quit', (event) => {
    // Quitting waits for the services to close (jobs cancelled, databases and the demo registry
    // closed), then quits again; a second request while closing just waits for the same close.
    if (services === undefined) return;
    event.preventDefault();
    void closeServices().finally(() => app.quit());
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
  const appServices = await createAppServices({
    dataDir: join(app.getPath('userData'), DATA_DIR_NAME),
    // The demo registry runs in this process; its verify pool's workers ship beside the bundle
    // (electron.vite.config.ts, src/node/worker-url.ts), so its first start stays off this thread.
    startDemoRegistry: createDemoRegistryStarter(),
    chooseBundleFile: createBundleFileChooser(dialog, () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]),
    onInternalError: (error) => console.error('a job failed unexpectedly', error),
  });
  services = appServices;
  registerApiHandlers(ipcMain, createApiHandlers({ name: PRODUCT_NAME, version: app.getVersion(), runtime: 'electron' }, appServices), {
    rendererUrl,
    onInternalError: (method, error) => console.error(`${method} failed`, error),
  });
  const onCommand = (command: MenuCommand) => {
    appServices.pushCommand(command);
    focusMainWindow();
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({ productName: PRODUCT_NAME, isDev, isMac: process.platform === 'darwin', onAbout: showAbout, onCommand }),
    ),
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

let closing: Promise<void> | undefined;
function closeServices(): Promise<void> {
  closing ??= (services?.close() ?? Promise.resolve())
    .catch((error: unknown) => console.error('could not close the app services', error))
    .finally(() => {
      services = undefined;
    });
  return closing;
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
