import type { StatementSigner } from '../../core/log/signature.ts';
import type { StatementType } from '../../core/log/types/index.ts';
import type { QuorumThresholds } from '../../core/log/types/admin.ts';
import type { TrustBand } from '../../core/trust/score.ts';
import type { PublicKeyFunction, SignFunction } from './demo-writer.ts';

/** Options of `buildDemoLog`. */
export interface BuildDemoLogOptions {
  /** Everything random in the demo (ids, agent keys, nonces, schedule) derives from this text. */
  readonly seed: string;
  /** The registry's origin (docs/protocol.md §2.4). */
  readonly origin: string;
  /** The registry's log key as a signer in role `registry` (e.g. `nativeSeedSigner('registry', seed)`). */
  readonly registrySigner: StatementSigner;
  /** The end of the 30 days of history: no entry is later. */
  readonly now: Date;
  /** Size factor (default 1: about 2,000 agents and 42,000 entries); 0.01–25. */
  readonly scale?: number;
  /** RFC 8032 Ed25519 signing for agent and admin keys (default: portable @noble; `nativeSignEd25519` is ~25× faster). */
  readonly sign?: SignFunction;
  /** Public key of a seed (default: portable; `nativePublicKeyFromSeed` on Node). */
  readonly publicKey?: PublicKeyFunction;
}

/** A demo admin's key, written to `demo-admin-keys/` for `warden keys import`. DEMO ONLY. */
export interface DemoAdminKey {
  readonly tenant: string;
  readonly tenantName: string;
  readonly adminDid: string;
  readonly name: string;
  /** The 32-byte Ed25519 seed, lowercase hex. Secret (for a demo). */
  readonly signerSeedHex: string;
}

export interface DemoTenantSummary {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly domain: string;
  readonly industry: string;
  /** Enrolled admins' did:keys, in enrolment order. */
  readonly admins: readonly string[];
  readonly thresholds: QuorumThresholds;
  readonly agents: number;
}

/** A trust score that fell sharply from the agent's previous one. */
export interface DemoDrop {
  readonly agent: string;
  readonly tenant: string;
  readonly previousScore: number;
  readonly score: number;
  readonly band: TrustBand;
  /** Index of the drop's `trust.score_recorded` entry. */
  readonly index: number;
  /** Index of the registry's automatic `agent.suspended` (score in 0–29), if any. */
  readonly suspensionIndex?: number;
  /** What followed the automatic suspension. */
  readonly outcome: 'reinstated' | 'revoked' | 'suspended' | 'recovering';
}

export interface DemoCompromise {
  readonly agent: string;
  readonly tenant: string;
  readonly key: string;
  readonly compromisedAt: string;
  /** Index of the `agent.key_compromised` entry. */
  readonly index: number;
  /** The fresh key the admin rotated to. */
  readonly newKey: string;
}

export interface DemoSummary {
  readonly seed: string;
  readonly origin: string;
  /** did:key of the registry log key. */
  readonly registryKey: string;
  readonly scale: number;
  readonly firstTime: string;
  readonly lastTime: string;
  readonly entries: number;
  readonly entriesByType: Readonly<Record<StatementType, number>>;
  readonly tenants: readonly DemoTenantSummary[];
  readonly agents: {
    readonly total: number;
    readonly roots: number;
    readonly delegated: number;
    /** Agents per delegation depth (index = depth). */
    readonly byDepth: readonly number[];
    readonly maxDepth: number;
    readonly active: number;
    readonly suspended: number;
    readonly revoked: number;
    readonly withoutOwner: number;
  };
  readonly delegations: { readonly granted: number; readonly revoked: number };
  readonly sessions: number;
  readonly trustScores: number;
  readonly suddenDrops: readonly DemoDrop[];
  readonly automaticSuspensions: number;
  readonly compromisedKeys: readonly DemoCompromise[];
  readonly keyRotations: number;
  readonly adminCommands: {
    readonly suspend: number;
    readonly reinstate: number;
    readonly revoke: number;
    /** Commands carrying two or more admin signatures. */
    readonly multiSigned: number;
    /** Revocations that cascaded to at least one descendant. */
    readonly cascadingRevocations: number;
  };
  /** The tenant with the 2-of-2 kill policy. */
  readonly quorumTenant: string;
}

/** What `buildDemoLog` returns. */
export interface DemoLog {
  /** The stored bytes of each entry (docs/protocol.md §3.1), in log order from index 0. */
  readonly entries: Uint8Array[];
  readonly adminKeys: readonly DemoAdminKey[];
  readonly summary: DemoSummary;
}
