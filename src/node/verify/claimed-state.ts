/**
 * The registry's claimed state (issue 5 §5): what a registry's state API says its state is, kept in
 * an evidence bundle as `claimed-state.json` and checked against the state the verifier replays
 * from the log. A claim, never an input to verification.
 *
 * Format `warden.claimed-state/v1` (JSON; the registry server serves exactly this shape, and
 * `claimedStateFromRegistryState` builds it from a folded RegistryState). All arrays of records are
 * sorted by `id` (string order); optional members are absent, never null; entry indices are JSON
 * integers (< 2^53); times are protocol timestamps (docs/protocol.md §2.3):
 *
 *   {
 *     "format": "warden.claimed-state/v1",
 *     "origin": "<origin>",
 *     "tree_size": "<decimal uint64: the log size this state is the fold of>",
 *     "tenants": [ {
 *       "id": "<tenant uuid>", "name": "…", "gov_seq": 3,
 *       "admins": ["<did:key of each currently enrolled admin>", …]            (sorted),
 *       "thresholds": { "revoke": 2, "suspend": 1, "reinstate": 2, "admin": 1, "policy": 2 }
 *     } ],
 *     "agents": [ {
 *       "id": "maip:<prefix>:<ULID>", "tenant": "<uuid>",
 *       "status": "active" | "suspended" | "revoked", "status_since": <entry index that set it>,
 *       "display_name": "…", "owner"?: "…", "description"?: "…", "version"?: "…", "purpose"?: "…",
 *       "capabilities": ["…"], "scopes": ["resource:action", …]                 (log order),
 *       "parent"?: "<agent id>", "delegation"?: "<del_…>", "depth": 0,
 *       "current_key": "<did:key>",
 *       "keys": [ { "key": "<did:key>", "added": <index>, "retired"?: <index>,
 *                   "compromised_at"?: "<timestamp>" } ]                      (oldest first)
 *     } ],
 *     "delegations": [ {
 *       "id": "del_<ULID>", "tenant": "<uuid>", "parent": "<agent id>", "child": "<agent id>",
 *       "child_key": "<did:key>", "scopes": ["…"], "granted": <index>,
 *       "registered"?: <index>, "revoked"?: <index>
 *     } ]
 *   }
 *
 * Parsing policy: strict I-JSON (no duplicate names), every object strict (unknown members refused),
 * strings and arrays bounded, at most 256 MiB. Failures are CLAIM_MALFORMED findings, not exceptions.
 */
import { z } from 'zod';
import { ProtocolError } from '../../core/errors.ts';
import { canonicalBytes } from '../../core/jcs.ts';
import { parseJsonBytesStrict } from '../../core/json.ts';
import type { RegistryState } from '../../core/registry/state.ts';

export const CLAIMED_STATE_FORMAT = 'warden.claimed-state/v1';

const text = z.string().max(4096);
const id = z.string().min(1).max(128);
const index = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const strings = z.array(text).max(1024);

const thresholdsSchema = z.strictObject({
  revoke: z.number().int().min(0).max(64),
  suspend: z.number().int().min(0).max(64),
  reinstate: z.number().int().min(0).max(64),
  admin: z.number().int().min(0).max(64),
  policy: z.number().int().min(0).max(64),
});

const tenantSchema = z.strictObject({
  id,
  name: text,
  gov_seq: index,
  admins: z.array(id).max(4096),
  thresholds: thresholdsSchema,
});

const keySchema = z.strictObject({
  key: id,
  added: index,
  retired: index.optional(),
  compromised_at: z.string().max(64).optional(),
});

const agentSchema = z.strictObject({
  id,
  tenant: id,
  status: z.enum(['active', 'suspended', 'revoked']),
  status_since: index,
  display_name: text,
  owner: text.optional(),
  description: text.optional(),
  version: text.optional(),
  purpose: text.optional(),
  capabilities: strings,
  scopes: strings,
  parent: id.optional(),
  delegation: id.optional(),
  depth: z.number().int().min(0).max(64),
  current_key: id,
  keys: z.array(keySchema).min(1).max(4096),
});

const delegationSchema = z.strictObject({
  id,
  tenant: id,
  parent: id,
  child: id,
  child_key: id,
  scopes: strings,
  granted: index,
  registered: index.optional(),
  revoked: index.optional(),
});

export const claimedStateSchema = z.strictObject({
  format: z.literal(CLAIMED_STATE_FORMAT),
  origin: z.string().min(1).max(255),
  tree_size: z.string().regex(/^(0|[1-9][0-9]{0,19})$/),
  tenants: z.array(tenantSchema).max(1_000_000),
  agents: z.array(agentSchema).max(10_000_000),
  delegations: z.array(delegationSchema).max(10_000_000),
});

export type ClaimedState = z.infer<typeof claimedStateSchema>;
export type ClaimedTenant = ClaimedState['tenants'][number];
export type ClaimedAgent = ClaimedState['agents'][number];
export type ClaimedDelegation = ClaimedState['delegations'][number];

const MAX_CLAIM_BYTES = 256 * 1024 * 1024;

/**
 * Parses claimed-state JSON bytes (attacker-controlled). Throws ProtocolError JSON_* for malformed
 * JSON, INPUT_TOO_LARGE, INVALID_ARGUMENT (details.issues) for a value that is not a claimed state,
 * or one whose `tree_size` exceeds 2^64 − 1.
 */
export function parseClaimedState(bytes: Uint8Array): ClaimedState {
  const value = parseJsonBytesStrict(bytes, { maxBytes: MAX_CLAIM_BYTES, maxDepth: 16 });
  const result = claimedStateSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ProtocolError('INVALID_ARGUMENT', `not a ${CLAIMED_STATE_FORMAT} document: ${issues.join('; ')}`, { details: { issues } });
  }
  if (BigInt(result.data.tree_size) >= 1n << 64n) throw new ProtocolError('INVALID_ARGUMENT', 'tree_size exceeds 2^64 - 1');
  return result.data;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The claimed state a correct registry serves for `state`, the fold of its first `treeSize`
 * entries: the shape documented above, arrays sorted. Pure; does not modify `state`.
 */
export function claimedStateFromRegistryState(state: RegistryState, treeSize: bigint | number): ClaimedState {
  const tenants: ClaimedTenant[] = [...state.tenants.values()].map((t) => ({
    id: t.id,
    name: t.name,
    gov_seq: t.govSeq,
    admins: [...t.admins.values()].filter((a) => a.removed === undefined).map((a) => a.key).sort(),
    thresholds: { ...t.policy.thresholds },
  }));
  const agents: ClaimedAgent[] = [...state.agents.values()].map((a) => {
    const agent: ClaimedAgent = {
      id: a.id,
      tenant: a.tenant,
      status: a.status,
      status_since: a.statusRecord.since.index,
      display_name: a.displayName,
      capabilities: [...a.capabilities],
      scopes: [...a.scopes],
      depth: a.depth,
      current_key: a.currentKey,
      keys: a.keys.map((k) => {
        const key: ClaimedAgent['keys'][number] = { key: k.key, added: k.added.index };
        if (k.retired !== undefined) key.retired = k.retired.index;
        if (k.compromisedAt !== undefined) key.compromised_at = k.compromisedAt;
        return key;
      }),
    };
    if (a.owner !== undefined) agent.owner = a.owner;
    if (a.description !== undefined) agent.description = a.description;
    if (a.version !== undefined) agent.version = a.version;
    if (a.purpose !== undefined) agent.purpose = a.purpose;
    if (a.parent !== undefined) agent.parent = a.parent;
    if (a.delegation !== undefined) agent.delegation = a.delegation;
    return agent;
  });
  const delegations: ClaimedDelegation[] = [...state.delegations.values()].map((d) => {
    const delegation: ClaimedDelegation = {
      id: d.id,
      tenant: d.tenant,
      parent: d.parent,
      child: d.child,
      child_key: d.childKey,
      scopes: [...d.scopes],
      granted: d.granted.index,
    };
    if (d.registered !== undefined) delegation.registered = d.registered.index;
    if (d.revoked !== undefined) delegation.revoked = d.revoked.index;
    return delegation;
  });
  return {
    format: CLAIMED_STATE_FORMAT,
    origin: state.config.origin,
    tree_size: BigInt(treeSize).toString(),
    tenants: tenants.sort(byId),
    agents: agents.sort(byId),
    delegations: delegations.sort(byId),
  };
}

/** The canonical (RFC 8785) bytes of a claimed state, as a registry should serve it. */
export function encodeClaimedState(claim: ClaimedState): Uint8Array {
  return canonicalBytes(claim);
}
