import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';

/**
 * Static file resolution for the built renderer, shared by the test bridge (HTTP) and Electron
 * main's `app://` protocol handler.
 *
 * Policy (the URL path is attacker-controlled): only regular files strictly inside the root are
 * served, after following symlinks; no `.`/`..` segments (raw or percent-encoded), no empty
 * segments, no dotfiles, no backslashes, colons, NUL or control characters, no directory listings.
 * `/` means `/index.html`. Anything else resolves to `null`, which the caller answers with 404 —
 * the same answer for "forbidden" and "absent", so probing learns nothing.
 */
export const MAX_STATIC_PATH_LENGTH = 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file path by its extension; `application/octet-stream` when unknown (with `nosniff`, never executed). */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The path segments of a URL path (raw, percent-encoded, without query or fragment), or `null` when
 * the policy above refuses it. Pure; `resolveStaticFile` adds the file-system checks.
 */
export function staticPathSegments(urlPath: string): string[] | null {
  if (typeof urlPath !== 'string' || urlPath.length > MAX_STATIC_PATH_LENGTH || !urlPath.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded === '/') return ['index.html'];
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\:]/.test(decoded)) return null;
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment.startsWith('.')) return null;
  }
  return segments;
}

/**
 * The absolute path of the regular file that `urlPath` names inside `rootDir`, or `null` (see the
 * policy above). `rootDir` must exist. Never throws for any `urlPath`.
 */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<string | null> {
  const segments = staticPathSegments(urlPath);
  if (segments === null) return null;
  try {
    const root = await realpath(rootDir);
    const file = await realpath(join(root, ...segments));
    // Symlinks are followed above; the target must still be inside the root.
    if (!file.startsWith(root + sep)) return null;
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}
