/**
 * MAIP scopes as the Go reference matches them (reference/scope.go; maip-formats §4): a scope is
 * `resource:action`, split at the first ':'; `*:*` grants everything, `R:*` grants every `R:x`,
 * anything else grants only itself. A child list narrows a parent list when every child scope is
 * granted by some parent scope.
 *
 * Policy, stricter than the reference's ParseScope:
 * - no whitespace around either half (Go trims it, so " model:deploy" would silently match
 *   "model:deploy"; we reject it as a syntax error);
 * - a `*` resource only as `*:*` (delegation-chain.md §3: `*:read` is invalid; Go parses it and
 *   lets it grant itself).
 * A syntax error in either list is a scope violation, as in the reference.
 */

export interface MaipScope {
  readonly resource: string;
  readonly action: string;
}

/** Parses `text` under the policy above; returns undefined for a malformed scope. */
export function parseMaipScope(text: string): MaipScope | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  const resource = text.slice(0, colon);
  const action = text.slice(colon + 1);
  if (resource.trim() !== resource || action.trim() !== action) return undefined;
  if (resource === '*' && action !== '*') return undefined;
  return { resource, action };
}

/** Go's `Scope.Matches`: whether `granted` covers `wanted`. */
export function scopeGrants(granted: MaipScope, wanted: MaipScope): boolean {
  if (granted.resource === '*' && granted.action === '*') return true;
  return granted.resource === wanted.resource && (granted.action === '*' || granted.action === wanted.action);
}

/**
 * Go's `ValidateScopeNarrowing(parent, child)` under our stricter syntax: returns undefined when every
 * child scope is granted by a parent scope, otherwise a short description of the first problem.
 * A null list (Go's nil slice) is empty. Both lists are attacker-controlled.
 */
export function explainScopeNarrowing(
  parent: readonly string[] | null,
  child: readonly string[] | null,
): string | undefined {
  const granted: MaipScope[] = [];
  for (const text of parent ?? []) {
    const scope = parseMaipScope(text);
    if (scope === undefined) return `invalid parent scope ${quoteScope(text)}`;
    granted.push(scope);
  }
  for (const text of child ?? []) {
    const scope = parseMaipScope(text);
    if (scope === undefined) return `invalid scope ${quoteScope(text)}`;
    if (!granted.some((g) => scopeGrants(g, scope))) return `scope ${quoteScope(text)} is not granted`;
  }
  return undefined;
}

/** Returns undefined when every scope in `scopes` is well-formed, otherwise the first bad one described. */
export function explainScopeSyntax(scopes: readonly string[] | null): string | undefined {
  for (const text of scopes ?? []) {
    if (parseMaipScope(text) === undefined) return `invalid scope ${quoteScope(text)}`;
  }
  return undefined;
}

function quoteScope(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
