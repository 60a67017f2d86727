import { API_METHOD_NAMES } from '../../core/api/methods.ts';

/**
 * The browser side of the test bridge (DESIGN §7): a classic script, served from the bridge's own
 * origin at BRIDGE_SCRIPT_PATH and run before the app's module script, that defines `window.warden`
 * with the same shape as the preload (built from the same method list), forwarding each call as
 * `POST /__warden/api/<method>` with the session token.
 *
 * Authentication: the URL the bridge prints carries a one-time launch code in its fragment
 * (`#launch=…`; a fragment is never sent to a server, logged by it or put in a Referer). This script
 * reads it, removes it from the address bar and history, and exchanges it once at
 * `POST /__warden/launch` for the session token, which it keeps in sessionStorage (this tab only;
 * it survives a reload). A leaked or replayed launch URL is useless once used.
 */
export const BRIDGE_SCRIPT_PATH = '/__warden/bridge.js';
export const BRIDGE_API_PREFIX = '/__warden/api/';
export const BRIDGE_LAUNCH_PATH = '/__warden/launch';
export const BRIDGE_TOKEN_STORAGE_KEY = 'warden.bridge.token';

/** The script's source. Plain ES2020 in a string, so that no bundler or instrumentation touches it. */
export function renderBridgeScript(): string {
  return `// Agent Warden test bridge: window.warden over HTTP to 127.0.0.1 (DESIGN §7).
(() => {
  'use strict';
  const METHODS = ${JSON.stringify(API_METHOD_NAMES)};
  const STORAGE_KEY = ${JSON.stringify(BRIDGE_TOKEN_STORAGE_KEY)};
  const fail = (code, message) => ({ ok: false, error: { code, message } });

  // Read the one-time launch code and remove it from the URL before the app runs.
  const match = /^#launch=([A-Za-z0-9_-]{16,128})$/.exec(location.hash);
  if (match !== null) history.replaceState(history.state, '', location.pathname + location.search);

  const post = (path, body, token) =>
    fetch(path, {
      method: 'POST',
      headers: token === undefined
        ? { 'content-type': 'application/json' }
        : { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });

  const tokenReady = (async () => {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored !== null) return stored;
    if (match === null) return null;
    try {
      const response = await post(${JSON.stringify(BRIDGE_LAUNCH_PATH)}, { code: match[1] });
      const envelope = await response.json();
      if (envelope === null || envelope.ok !== true || typeof envelope.value?.token !== 'string') return null;
      sessionStorage.setItem(STORAGE_KEY, envelope.value.token);
      return envelope.value.token;
    } catch {
      return null;
    }
  })();

  const call = async (method, args) => {
    const token = await tokenReady;
    if (token === null) return fail('API_FORBIDDEN', 'This page has no bridge token: open the link printed when the bridge started.');
    let body;
    try {
      body = JSON.stringify(args === undefined ? {} : args);
    } catch {
      return fail('API_BAD_ARGUMENTS', method + ': the arguments cannot be sent as JSON');
    }
    let response;
    try {
      response = await fetch(${JSON.stringify(BRIDGE_API_PREFIX)} + method, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
        body,
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
      });
    } catch {
      return fail('API_TRANSPORT', method + ': the bridge did not answer');
    }
    try {
      return await response.json();
    } catch {
      return fail('API_TRANSPORT', method + ': unreadable answer (HTTP ' + response.status + ')');
    }
  };

  const api = {};
  for (const method of METHODS) {
    const dot = method.indexOf('.');
    const domain = method.slice(0, dot);
    const verb = method.slice(dot + 1);
    api[domain] = api[domain] || {};
    api[domain][verb] = (args) => call(method, args);
  }
  for (const domain of Object.keys(api)) Object.freeze(api[domain]);
  Object.defineProperty(window, 'warden', { value: Object.freeze(api), enumerable: true });
})();
`;
}

/**
 * `html` with `<script src="/__warden/bridge.js"></script>` inserted before its first `<script`
 * (so it runs before the app's module script), or before `</head>` when it has none.
 * Throws when `html` has neither: a renderer build without a head cannot be bridged.
 */
export function injectBridgeScript(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const at = html.search(/<script\b/i);
  if (at >= 0) return html.slice(0, at) + tag + '\n    ' + html.slice(at);
  const head = html.search(/<\/head>/i);
  if (head >= 0) return html.slice(0, head) + tag + '\n' + html.slice(head);
  throw new Error('index.html has no <script> and no </head>: cannot insert the bridge script');
}
