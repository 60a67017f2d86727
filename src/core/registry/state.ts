import { ProtocolError } from '../errors.ts';
import { isEd25519DidKey } from '../identity/did-key.ts';
import { isOrigin } from '../log/fields.ts';
import type { QuorumThresholds } from '../log/types/admin.ts';
import type { AdminAction } from '../log/admin-command.ts';
import type { TrustBand } from '../trust/score.ts';

/**
 * The registry's state as replayed from its log (DESIGN §3: "the registry's state is a pure fold of
 * the log"; docs/protocol.md §5). Plain data (Maps, Sets, arrays, strings, numbers), so it can be
 * cloned with `structuredClone`, compared, and materialised by the replica.
 *
 * Kept compact for logs of millions of entries: per agent, the key history and summaries of sessions
 * and trust scores (count, latest, lowest), never the full session or score history, which callers
 * stream from the entries themselves.
 */

/** Where in the log something happened: the entry's index and its statement time. */
export interface Stamp {
  readonly index: number;
  readonly time: string;
}

export interface RegistryConfig {
  /** The registry's origin (checkpoint origin, log key name); every statement must carry it. */
  readonly origin: string;
  /** did:key of the registry's log key, which signs registry statements (role `registry`). */
  readonly registryKey: string;
}

export interface AdminState {
  readonly key: string;
  name: string;
  enrolled: Stamp;
  /** Set while the admin is not enrolled (removed); cleared by a later re-enrolment. */
  removed?: Stamp;
}

export interface QuorumPolicyState {
  thresholds: QuorumThresholds;
  /** The governance `seq` of the `policy.quorum_set` that set it; 0 for the default policy. */
  seq: number;
  set?: Stamp;
}

export interface TenantState {
  readonly id: string;
  readonly prefix: string;
  readonly name: string;
  readonly created: Stamp;
  /** The last governance sequence number applied (admin.enrolled, admin.removed, policy.quorum_set). */
  govSeq: number;
  /** Current and former admins by did:key (former ones have `removed`). */
  admins: Map<string, AdminState>;
  policy: QuorumPolicyState;
  /** Nonces of every admin command executed for this tenant (single use). */
  commandNonces: Set<string>;
  agentCount: number;
}

export type AgentStatus = 'active' | 'suspended' | 'revoked';

export interface KeyRecord {
  readonly key: string;
  readonly added: Stamp;
  /** When a rotation replaced it. */
  retired?: Stamp;
  /** The reported compromise instant: signatures by this key at or after it are invalid. */
  compromisedAt?: string;
  compromiseReported?: Stamp;
  /** The entry with the latest statement time that this key signed (agent role). */
  lastUsed?: Stamp;
  /**
   * True when, at the time the compromise was reported, the log already held an entry signed by
   * this key at or after `compromisedAt`: a verifier must then find and reject those entries
   * (see `isKeyValidAt`). The fold cannot un-apply them.
   */
  usedAfterCompromise?: boolean;
}

export type StatusActor = 'registration' | 'admin' | 'registry' | 'parent';

export interface StatusRecord {
  readonly status: AgentStatus;
  readonly since: Stamp;
  readonly by: StatusActor;
  /** For a cascaded change: the agent whose change caused it. */
  readonly cascadeFrom?: string;
}

export interface SessionSummary {
  count: number;
  last?: { readonly id: string; readonly time: string; readonly expiresAt: string; readonly index: number };
}

export interface TrustSummary {
  count: number;
  last?: { readonly score: number; readonly band: TrustBand; readonly time: string; readonly index: number };
  lowest?: { readonly score: number; readonly time: string; readonly index: number };
  /** Set while the agent is active with its latest score in the 0–29 band: when it entered it. */
  suspensionBandSince?: Stamp;
}

export interface AgentState {
  readonly id: string;
  readonly tenant: string;
  displayName: string;
  owner?: string;
  description?: string;
  version?: string;
  purpose?: string;
  capabilities: string[];
  scopes: string[];
  readonly parent?: string;
  readonly delegation?: string;
  /** 0 for a root agent, parent depth + 1 for a delegated one. */
  readonly depth: number;
  children: string[];
  status: AgentStatus;
  statusRecord: StatusRecord;
  /** Every key the agent has held, oldest first; the last one is current. */
  keys: KeyRecord[];
  currentKey: string;
  readonly registered: Stamp;
  /** Latest time of a control statement (registration, metadata, key, scopes): later ones must be newer. */
  lastControlTime: string;
  /** The latest entry the agent itself signed. */
  lastAgentSigned?: Stamp;
  sessions: SessionSummary;
  trust: TrustSummary;
}

export interface DelegationState {
  readonly id: string;
  readonly tenant: string;
  readonly parent: string;
  readonly child: string;
  readonly childKey: string;
  readonly scopes: string[];
  readonly granted: Stamp;
  /** When the child registered under it (a delegation authorises one registration). */
  registered?: Stamp;
  revoked?: Stamp;
}

/** One executed status change command: admin command, automatic suspension, or delegation revocation. */
export interface StatusAction {
  readonly index: number;
  readonly time: string;
  readonly tenant: string;
  readonly action: AdminAction;
  readonly by: 'admin' | 'registry' | 'parent';
  readonly targets: readonly string[];
  readonly cascade: boolean;
  /** Every agent whose status changed, targets first, then descendants breadth-first. */
  readonly affected: readonly string[];
  readonly reason: string;
  /** Admin commands only. */
  readonly nonce?: string;
  readonly signers?: readonly string[];
  readonly threshold?: number;
  readonly issuedAt?: string;
  readonly expiresAt?: string;
  /** Delegation revocations only. */
  readonly delegation?: string;
}

export type KeyOwner =
  | { readonly kind: 'registry' }
  | { readonly kind: 'agent'; readonly agent: string }
  | { readonly kind: 'admin'; readonly tenants: Set<string> };

export interface RegistryState {
  readonly config: RegistryConfig;
  /** Entries must be applied at indices >= this. */
  nextIndex: number;
  /** Entries applied. */
  applied: number;
  tenants: Map<string, TenantState>;
  /** Tenant prefix (8 hex) → tenant id: prefixes are unique, so agent ids name one tenant. */
  tenantPrefixes: Map<string, string>;
  agents: Map<string, AgentState>;
  delegations: Map<string, DelegationState>;
  /** Every key ever bound, by did:key: one owner per key (a key is never reused). */
  keys: Map<string, KeyOwner>;
  statusActions: StatusAction[];
  totals: { sessions: number; trustScores: number };
}

/**
 * An empty state for a registry. Throws INVALID_ARGUMENT unless `origin` is a valid origin and
 * `registryKey` an Ed25519 did:key.
 */
export function createRegistryState(config: RegistryConfig): RegistryState {
  if (!isOrigin(config.origin)) throw new ProtocolError('INVALID_ARGUMENT', 'registry origin is not a valid origin');
  if (!isEd25519DidKey(config.registryKey)) throw new ProtocolError('INVALID_ARGUMENT', 'registry key must be an Ed25519 did:key');
  return {
    config: { origin: config.origin, registryKey: config.registryKey },
    nextIndex: 0,
    applied: 0,
    tenants: new Map(),
    tenantPrefixes: new Map(),
    agents: new Map(),
    delegations: new Map(),
    keys: new Map([[config.registryKey, { kind: 'registry' }]]),
    statusActions: [],
    totals: { sessions: 0, trustScores: 0 },
  };
}

/** A deep, independent copy of `state`. */
export function cloneRegistryState(state: RegistryState): RegistryState {
  return structuredClone(state);
}
