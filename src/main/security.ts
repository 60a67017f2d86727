import { buildContentSecurityPolicy } from '../core/api/csp.ts';

/**
 * Window hardening as pure functions (no electron import, so they are tested with tables of hostile
 * URLs: test/main/security.test.ts); window.ts and index.ts apply them (DESIGN §6, STYLE.md
 * example 7).
 *
 * Policy:
 * - The renderer is served from one origin: `app://warden` in production (a privileged custom
 *   scheme rather than file://, so that it has a real origin of its own and CSP 'self' means only
 *   the renderer's files), or the electron-vite dev server in development.
 * - A frame may navigate only to the renderer's own entry document (same scheme, host and port, same
 *   path); every other navigation, including `about:blank`, `data:`, `javascript:`, `file:` and other
 *   hosts, is refused. In-page (hash) navigation never reaches these checks.
 * - No window may be opened, by link or by `window.open`.
 * - IPC is answered only for the main frame of a page on the renderer's origin.
 * - Every permission request (camera, notifications, clipboard, …) is denied.
 * - A URL is judged only if it is a short, clean string: any whitespace, control character or
 *   backslash (which URL parsers silently strip or rewrite), or credentials in the URL, refuse it.
 */

/** The privileged scheme and host that serve the renderer in production. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'warden';
/** The renderer's entry document in production. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The CSP that main sends with every renderer response (the meta tag carries the same minus frame-ancestors). */
export const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy('header');

export const MAX_URL_LENGTH = 4096;

/**
 * `text` parsed as an absolute URL, or `null` when it is not a string, is longer than
 * MAX_URL_LENGTH, contains whitespace, a control character or a backslash, does not parse, or
 * carries a user name or password (`https://app@evil.example`).
 */
export function parseCleanUrl(text: unknown): URL | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_URL_LENGTH) return null;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0020\u007f-\u00a0\u2000-\u200f\u2028\u2029\ufeff\\]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  return url;
}

/**
 * Whether `a` and `b` share scheme, host and port. Compared field by field: `URL.origin` is the
 * string "null" for every custom scheme, which would make all of them equal.
 */
function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host && a.host !== '';
}

/** Whether a frame may navigate to `url` (Electron `will-navigate`, `will-redirect`, `will-frame-navigate`). */
export function isAllowedNavigation(url: unknown, rendererUrl: string): boolean {
  const target = parseCleanUrl(url);
  const renderer = parseCleanUrl(rendererUrl);
  return target !== null && renderer !== null && sameOrigin(target, renderer) && target.pathname === renderer.pathname;
}

/**
 * Whether the app may open a new window for `url` (`setWindowOpenHandler`): never. External links
 * will be offered through an explicit app API method when a feature needs them, not through
 * `window.open`.
 */
export function isAllowedWindowOpen(_url: unknown): false {
  return false;
}

export interface IpcSender {
  /** `event.senderFrame?.url`: undefined when the frame has gone or navigated away. */
  readonly frameUrl: string | null | undefined;
  /** Whether the sender frame is its window's top-level frame (`senderFrame.parent === null`). */
  readonly isMainFrame: boolean;
}

/** Whether an IPC message from `sender` may be answered: the main frame of a page on the renderer's origin. */
export function isAllowedIpcSender(sender: IpcSender, rendererUrl: string): boolean {
  if (!sender.isMainFrame) return false;
  const frame = parseCleanUrl(sender.frameUrl);
  const renderer = parseCleanUrl(rendererUrl);
  return frame !== null && renderer !== null && sameOrigin(frame, renderer);
}

/** The decision for a permission request or check (`setPermissionRequestHandler`, `setPermissionCheckHandler`): always deny. */
export function permissionDecision(_permission: string, _details?: unknown): false {
  return false;
}

/**
 * Whether a request to the `app://` protocol handler may be served: a GET for host `warden`,
 * nothing else (the handler then resolves the path with the static-file policy).
 */
export function isAllowedAppRequest(method: string, url: unknown): boolean {
  const parsed = parseCleanUrl(url);
  return method === 'GET' && parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * The renderer URL for this run: electron-vite's dev server (ELECTRON_RENDERER_URL) only in an
 * unpackaged development run, and only when it is an http(s) URL on loopback; `app://warden` otherwise.
 */
export function chooseRendererUrl(isPackaged: boolean, devServerUrl: string | undefined): string {
  if (isPackaged || devServerUrl === undefined) return APP_ENTRY_URL;
  const url = parseCleanUrl(devServerUrl);
  const loopback = url !== null && (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]');
  return loopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : APP_ENTRY_URL;
}
