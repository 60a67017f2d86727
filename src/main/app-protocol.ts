import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentTypeFor, resolveStaticFile } from '../node/bridge/static-files.ts';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, isAllowedAppRequest } from './security.ts';

/**
 * Serves the built renderer on `app://warden/` (Electron security checklist: a custom protocol
 * instead of file://, which would give the page access to other local files and no origin of its
 * own). Files are resolved with the same static-file policy as the test bridge; every response
 * carries the CSP.
 */

/** Declares the scheme as standard and secure. Must run before the app's `ready` event. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves `rendererDir` on the app scheme. Must run after `ready`. */
export function serveRendererFiles(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAllowedAppRequest(request.method, request.url)) return textResponse(404, 'Not found');
    const file = await resolveStaticFile(rendererDir, new URL(request.url).pathname);
    if (file === null) return textResponse(404, 'Not found');
    return new Response(new Uint8Array(await readFile(file)), {
      status: 200,
      headers: {
        'content-type': contentTypeFor(file),
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      },
    });
  });
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': CONTENT_SECURITY_POLICY },
  });
}
