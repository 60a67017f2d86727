/**
 * Scopes (docs/protocol.md §2.6; maip-formats.md §4).
 *
 * Policy: a scope is `resource:action`, the two-part grammar of the MAIP Go reference and
 * delegation-chain §3, narrowed to a portable character set:
 *   resource = [a-z][a-z0-9_.-]{0,63}   or `*` only in `*:*`
 *   action   = [a-z][a-z0-9_.-]{0,63} | `*`
 * `*:read` is refused (the reference parses it but it matches nothing; delegation-chain calls it
 * invalid). Matching is the reference's: `*:*` covers everything, `R:*` covers `R:x` and `R:*`,
 * anything else covers only itself. `*:*` may be held by root agents only (delegation-chain §3), so
 * a delegation can never pass on "everything".
 */

const SCOPE_PATTERN = /^(?:\*:\*|[a-z][a-z0-9_.-]{0,63}:(?:\*|[a-z][a-z0-9_.-]{0,63}))$/;
export const MAX_SCOPE_LENGTH = 129;
export const ALL_SCOPES = '*:*';

/** Whether `value` is a scope string of the grammar above. Never throws. */
export function isScope(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_SCOPE_LENGTH && SCOPE_PATTERN.test(value);
}

/** Whether the held scope `held` covers the scope `wanted` (both valid scopes). */
export function scopeCovers(held: string, wanted: string): boolean {
  if (held === wanted || held === ALL_SCOPES) return true;
  if (held.endsWith(':*')) return wanted.startsWith(held.slice(0, -1)) && wanted !== ALL_SCOPES;
  return false;
}

/** Whether every scope of `wanted` is covered by some scope of `held`. */
export function scopesCovered(held: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((scope) => held.some((h) => scopeCovers(h, scope)));
}

/** The scopes of `wanted` that no scope of `held` covers (empty when `scopesCovered`). */
export function uncoveredScopes(held: readonly string[], wanted: readonly string[]): string[] {
  return wanted.filter((scope) => !held.some((h) => scopeCovers(h, scope)));
}
