/**
 * The renderer's Content Security Policy, defined once for every way the renderer is served: the
 * `<meta>` tag of src/renderer/index.html (checked against this by a test), the response headers
 * Electron main adds, and the test bridge's responses.
 *
 * Policy: nothing is allowed unless named. Scripts, styles, fonts and fetches only from the app's
 * own origin (no inline script or style, no eval); images also from `data:`; no plugins, frames,
 * workers, `<base>` or form submissions. `frame-ancestors` only works as a header (CSP3 §6.4.2), so
 * the meta variant leaves it out.
 */
const DIRECTIVES: readonly (readonly [name: string, value: string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** The policy text for a `<meta http-equiv>` tag (`'meta'`) or a response header (`'header'`). */
export function buildContentSecurityPolicy(target: 'meta' | 'header'): string {
  const directives = target === 'header' ? [...DIRECTIVES, ['frame-ancestors', "'none'"] as const] : DIRECTIVES;
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
