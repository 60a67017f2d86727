import type { QuorumThresholds } from '../log/types/admin.ts';

/**
 * Protocol constants the state fold enforces (docs/protocol.md §5).
 */

/**
 * Deepest delegated agent: a root agent has depth 0, its delegate depth 1, … up to 3. MAIP's
 * executable reference (`MaxDelegationDepth = 3`) and its database default (`max_delegation_depth`
 * DEFAULT 3) agree on 3; the spec's 8 has no implementation. The stricter bound also keeps a kill's
 * blast radius and a verifier's chain walk short.
 */
export const MAX_DELEGATION_DEPTH = 3;

/**
 * How far before an admin command's `issued_at` the registry's clock may be when it logs the
 * command (the command's own `expires_at` bounds the other side).
 */
export const MAX_CLOCK_SKEW_MS = 2 * 60 * 1000;

/** A tenant's quorum policy until its first `policy.quorum_set`: one admin suffices for everything. */
export const DEFAULT_THRESHOLDS: Readonly<QuorumThresholds> = Object.freeze({
  revoke: 1,
  suspend: 1,
  reinstate: 1,
  admin: 1,
  policy: 1,
});
