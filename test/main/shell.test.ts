import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { API_METHOD_NAMES } from '../../src/core/api/methods.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY } from '../../src/main/security.ts';
import { createFakeElectron, createFakeWebContents } from './fake-electron.ts';

// The Electron shell's wiring, run in Node against a recording fake of the electron module: what
// src/main/index.ts and src/preload/index.ts register, and how the registered handlers answer.
type Fake = ReturnType<typeof createFakeElectron>;

/** A fresh fake and a fresh module registry, so that each import runs the module's top level again. */
const fakes: Fake[] = [];
afterAll(async () => {
  // Quit every shell still running (closing its services) before its folders are removed.
  for (const f of fakes) await quit(f);
  for (const f of fakes.splice(0)) f.cleanup();
});

/**
 * Runs the app's `will-quit` listeners as Electron does when the app quits; resolves once the
 * shell has asked to quit again after closing its services. Returns whether the first quit was held.
 */
async function quit(f: Fake): Promise<boolean> {
  let held = false;
  const quits = () => f.state.calls.filter((call) => call === 'quit').length;
  const before = quits();
  for (const listener of f.state.appListeners.get('will-quit') ?? []) listener({ preventDefault: () => (held = true) });
  if (held) await vi.waitFor(() => expect(quits()).toBeGreaterThan(before));
  return held;
}

/** The menu item labelled `label` (anywhere in the template). */
function menuItem(f: Fake, label: string): MenuItemConstructorOptions {
  const all = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? all(item.submenu) : [])]);
  const item = all(f.state.menuTemplate as MenuItemConstructorOptions[]).find((candidate) => candidate.label === label);
  if (item === undefined) throw new Error(`no menu item ${label}`);
  return item;
}

function useFake(): Fake {
  const f = createFakeElectron();
  fakes.push(f);
  vi.resetModules();
  vi.doMock('electron', () => f.electron);
  return f;
}

async function startShell(configure: (f: Fake) => void = () => {}): Promise<Fake> {
  const f = useFake();
  configure(f);
  await import('../../src/main/index.ts');
  return f;
}

describe('the Electron main process', () => {
  let f: Fake;

  beforeAll(async () => {
    f = await startShell();
    // Before `ready`: the scheme must already be privileged and the sandbox forced.
    expect(f.state.calls).toContain('registerSchemesAsPrivileged');
    expect(f.state.calls).toContain('enableSandbox');
    expect(f.state.windows).toHaveLength(0);
    f.ready();
    await f.state.loaded;
  });

  afterAll(() => {
    vi.doUnmock('electron');
    vi.resetModules();
  });

  it('uses a per-user data folder named after the product, with the services\' data in data/', () => {
    expect(f.electron.app.getPath('userData')).toBe(path.join(f.state.appData, 'Agent Warden'));
    expect(existsSync(path.join(f.state.appData, 'Agent Warden', 'data', 'replica.db'))).toBe(true);
  });

  it('registers app:// as a standard, secure scheme', () => {
    expect(f.state.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it('opens one window on app://warden with the hardened web preferences', () => {
    expect(f.state.windows).toHaveLength(1);
    const [window] = f.state.windows;
    expect(window?.loadedUrl).toBe(APP_ENTRY_URL);
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    expect(String((window?.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  describe('the app:// protocol', () => {
    const fetchApp = (url: string, method = 'GET') => f.state.protocolHandlers.get('app')!(new Request(url, { method }));

    it('serves the renderer entry with the CSP header', async () => {
      const response = await fetchApp('app://warden/index.html');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toContain('<div id="root">');
    });

    it.each([
      ['GET', 'app://warden/../package.json'],
      ['GET', 'app://warden/%2e%2e/%2e%2e/package.json'],
      ['GET', 'app://warden/.env'],
      ['GET', 'app://other/index.html'],
      ['POST', 'app://warden/index.html'],
    ])('answers %s %s with 404', async (method, url) => {
      expect((await fetchApp(url, method)).status).toBe(404);
    });
  });

  describe('IPC', () => {
    const invoke = (channel: string, frame: { url: string; parent: unknown } | null, args: unknown) =>
      f.state.ipcHandlers.get(channel)!({ senderFrame: frame, sender: {} }, args);
    const ownFrame = { url: APP_ENTRY_URL, parent: null };

    it('has exactly one channel per contract method', () => {
      expect([...f.state.ipcHandlers.keys()].sort()).toEqual(API_METHOD_NAMES.map((m) => `warden:${m}`).sort());
    });

    it('answers the main frame of the renderer through the shared handlers', async () => {
      await expect(invoke('warden:app.info', ownFrame, {})).resolves.toEqual({
        ok: true,
        value: { name: 'Agent Warden', version: '9.8.7', runtime: 'electron' },
      });
    });

    it('validates arguments', async () => {
      await expect(invoke('warden:app.ping', ownFrame, { message: 1 })).resolves.toMatchObject({
        ok: false,
        error: { code: 'API_BAD_ARGUMENTS' },
      });
    });

    it.each([
      ['another origin', { url: 'https://evil.example/', parent: null }],
      ['a sub-frame', { url: APP_ENTRY_URL, parent: {} }],
      ['a frame that is gone', null],
      ['a file: page', { url: 'file:///tmp/index.html', parent: null }],
    ])('refuses %s with API_FORBIDDEN', async (_label, frame) => {
      await expect(invoke('warden:app.info', frame, {})).resolves.toMatchObject({ ok: false, error: { code: 'API_FORBIDDEN' } });
    });
  });

  describe('every web contents', () => {
    const hardened = () => {
      const contents = createFakeWebContents();
      for (const listener of f.state.appListeners.get('web-contents-created') ?? []) listener({}, contents);
      return contents;
    };
    const navigate = (contents: ReturnType<typeof hardened>, event: string, url: string) => {
      const prevented = { value: false };
      for (const listener of contents.listeners.get(event) ?? []) listener({ url, preventDefault: () => (prevented.value = true) });
      return prevented.value;
    };

    it('denies window.open', () => {
      expect(hardened().windowOpenHandler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
      expect(hardened().windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    });

    it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('prevents %s away from the renderer only', (event) => {
      const contents = hardened();
      expect(navigate(contents, event, 'https://evil.example/')).toBe(true);
      expect(navigate(contents, event, 'file:///etc/passwd')).toBe(true);
      expect(navigate(contents, event, APP_ENTRY_URL)).toBe(false);
    });

    it('prevents attaching a webview', () => {
      expect(navigate(hardened(), 'will-attach-webview', 'about:blank')).toBe(true);
    });
  });

  describe('the session', () => {
    it('denies permission requests and checks', () => {
      const callback = vi.fn();
      f.state.permissionRequestHandler?.({}, 'media', callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(f.state.permissionCheckHandler?.({}, 'notifications', APP_ENTRY_URL, {})).toBe(false);
    });

    it('replaces any CSP header with the app policy', () => {
      const callback = vi.fn();
      f.state.headersHook?.({ responseHeaders: { 'content-security-policy': ["default-src *"], 'x-other': ['1'] } }, callback);
      expect(callback).toHaveBeenCalledWith({
        responseHeaders: { 'x-other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
  });

  it('focuses the existing window when a second instance starts', () => {
    const focusedBefore = f.state.calls.filter((call) => call === 'focus').length;
    for (const listener of f.state.appListeners.get('second-instance') ?? []) listener({}, ['warden'], process.cwd());
    expect(f.state.calls.filter((call) => call === 'focus').length).toBe(focusedBefore + 1);
    expect(f.state.windows).toHaveLength(1);
  });

  it('sets a menu without developer tools outside development', () => {
    expect(JSON.stringify(f.state.menuTemplate)).not.toContain('toggleDevTools');
  });

  describe('the app services behind IPC', () => {
    const invoke = (channel: string, args: unknown) =>
      f.state.ipcHandlers.get(channel)!({ senderFrame: { url: APP_ENTRY_URL, parent: null }, sender: {} }, args);

    it('answers the services\' methods (no jobs on first run)', async () => {
      await expect(invoke('warden:jobs.list', {})).resolves.toEqual({ ok: true, value: { jobs: [] } });
    });

    it('turns a menu click into an app command for the window, and focuses it', async () => {
      const focusedBefore = f.state.calls.filter((call) => call === 'focus').length;
      (menuItem(f, '&Open evidence bundle…').click as () => void)();
      (menuItem(f, '&Agents').click as () => void)();
      await expect(invoke('warden:app.commands', { after: 0 })).resolves.toEqual({
        ok: true,
        value: { commands: [{ seq: 1, command: 'open-bundle' }, { seq: 2, command: 'go-agents' }] },
      });
      expect(f.state.calls.filter((call) => call === 'focus').length).toBe(focusedBefore + 2);
    });

    it('shows the native open dialog for bundles over the window, and gives the window the name and size but not the path', async () => {
      const bundle = path.join(f.state.appData, 'evidence.zip');
      writeFileSync(bundle, new Uint8Array(321));
      f.state.openDialogResult = { canceled: false, filePaths: [bundle] };
      const answer = await invoke('warden:files.openDialog', {});
      expect(answer).toMatchObject({ ok: true, value: { file: { name: 'evidence.zip', size: 321 } } });
      expect(JSON.stringify(answer)).not.toContain(f.state.appData);
      expect(f.state.openDialogs.at(-1)).toMatchObject({ parented: true, options: { filters: [{ extensions: ['zip'] }, { extensions: ['*'] }] } });
      f.state.openDialogResult = { canceled: true, filePaths: [] };
      await expect(invoke('warden:files.openDialog', {})).resolves.toEqual({ ok: true, value: { file: null } });
    });
  });
});

describe('the Electron main process, quitting', () => {
  it('holds the quit until the services are closed, then quits', async () => {
    const f = await startShell();
    f.ready();
    await f.state.loaded;
    const invoke = (args: unknown) =>
      f.state.ipcHandlers.get('warden:jobs.list')!({ senderFrame: { url: APP_ENTRY_URL, parent: null }, sender: {} }, args);
    await expect(invoke({})).resolves.toMatchObject({ ok: true });
    expect(await quit(f)).toBe(true);
    // The services are closed; a second quit goes through at once.
    await expect(invoke({})).resolves.toMatchObject({ ok: false, error: { code: 'APP_CLOSED' } });
    expect(await quit(f)).toBe(false);
  });
});

describe('the Electron main process in development', () => {
  it('loads the loopback dev server with developer tools, and serves no app:// files', async () => {
    const previous = process.env.ELECTRON_RENDERER_URL;
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    try {
      const f = await startShell();
      f.ready();
      await f.state.loaded;
      expect(f.state.windows[0]?.loadedUrl).toBe('http://localhost:5173/');
      expect(f.state.windows[0]?.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, devTools: true });
      expect(f.state.protocolHandlers.size).toBe(0);
      expect(JSON.stringify(f.state.menuTemplate)).toContain('toggleDevTools');
      await expect(
        f.state.ipcHandlers.get('warden:app.info')!({ senderFrame: { url: 'app://warden/index.html', parent: null }, sender: {} }, {}),
      ).resolves.toMatchObject({ ok: false, error: { code: 'API_FORBIDDEN' } });
    } finally {
      if (previous === undefined) delete process.env.ELECTRON_RENDERER_URL;
      else process.env.ELECTRON_RENDERER_URL = previous;
    }
  });
});

describe('the Electron main process, second instance', () => {
  it('quits without opening anything when another instance holds the lock', async () => {
    const f = await startShell((fake) => {
      fake.state.gotLock = false;
    });
    f.ready();
    expect(f.state.calls).toContain('quit');
    expect(f.state.appListeners.size).toBe(0);
    expect(f.state.ipcHandlers.size).toBe(0);
  });
});

describe('the preload', () => {
  it('exposes window.warden with exactly the contract methods, each invoking its own channel', async () => {
    const f = useFake();
    await import('../../src/preload/index.ts');
    const api = f.electron.contextBridge.exposed.get('warden') as Record<string, Record<string, (args?: unknown) => Promise<unknown>>> & {
      app: Record<string, (args?: unknown) => Promise<unknown>>;
    };
    expect([...f.electron.contextBridge.exposed.keys()]).toEqual(['warden']);
    const exposed = Object.entries(api).flatMap(([domain, verbs]) => Object.keys(verbs).map((verb) => `${domain}.${verb}`));
    expect(exposed.sort()).toEqual([...API_METHOD_NAMES].sort());
    await api.app.info?.();
    await api.app.ping?.({ message: 'hi' });
    expect(f.electron.ipcRenderer.invocations).toEqual([
      ['warden:app.info', {}],
      ['warden:app.ping', { message: 'hi' }],
    ]);
  });
});
