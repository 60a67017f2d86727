import { ProtocolError } from '../errors.ts';
import type { Ed25519Backend } from '../crypto/backend.ts';
import { assertEntrySignatures } from '../log/verify-signatures.ts';
import type { LogEntry } from '../log/statement.ts';
import type { StatementType } from '../log/types/index.ts';
import { applyAgentRegistered, applyKeyCompromised, applyKeyRotated, applyMetadataUpdated, applyScopesChanged } from './apply-agent.ts';
import { applySessionAuthenticated, applyTrustScoreRecorded } from './apply-activity.ts';
import { applyDelegationGranted, applyDelegationRevoked } from './apply-delegation.ts';
import { applyAdminEnrolled, applyAdminRemoved, applyQuorumSet, applyTenantCreated } from './apply-governance.ts';
import { applyAgentReinstated, applyAgentRevoked, applyAgentSuspended } from './apply-status.ts';
import { invalid, type ApplyContext, type Commit, type Handler, type StatusChange } from './context.ts';
import { createRegistryState, type RegistryConfig, type RegistryState } from './state.ts';

/**
 * The state fold (docs/protocol.md §5): applies log entries in order to a `RegistryState`,
 * enforcing every transition rule, so that a replayed log either yields the registry's state or
 * names the first entry the registry must never have accepted.
 *
 * Policy:
 * - entries are applied at strictly increasing indices (a verifier may skip a rejected one and go on);
 * - `apply` validates everything first and only then mutates: a rejected entry leaves the state
 *   exactly as it was (the server relies on this to refuse a statement; the verifier to continue);
 * - by default every signature is verified (ENTRY_BAD_SIGNATURE); a caller that verified them in bulk
 *   already (worker threads, `collectSignatureChecks`) passes `verifySignatures: false`;
 * - the entry must have been validated (parseEntry, validateEntry or signStatement): the fold trusts
 *   field formats and checks meaning.
 * Mutable for speed (a replica folds millions of entries); `applyEntry` in fold.ts is the pure face.
 */

export interface BuilderOptions {
  /** Verify every signature before applying (default true). */
  readonly verifySignatures?: boolean;
  /** Ed25519 backend for that verification (default: portable). */
  readonly backend?: Ed25519Backend;
}

export interface ApplyResult {
  readonly index: number;
  readonly type: StatementType;
  /** Agents whose status changed, in order (targets first, then cascaded descendants). */
  readonly statusChanges: readonly StatusChange[];
}

const HANDLERS: { readonly [K in StatementType]: Handler<K> } = {
  'tenant.created': applyTenantCreated,
  'admin.enrolled': applyAdminEnrolled,
  'admin.removed': applyAdminRemoved,
  'policy.quorum_set': applyQuorumSet,
  'agent.registered': applyAgentRegistered,
  'agent.metadata_updated': applyMetadataUpdated,
  'agent.key_rotated': applyKeyRotated,
  'agent.key_compromised': applyKeyCompromised,
  'agent.scopes_changed': applyScopesChanged,
  'delegation.granted': applyDelegationGranted,
  'delegation.revoked': applyDelegationRevoked,
  'session.authenticated': applySessionAuthenticated,
  'trust.score_recorded': applyTrustScoreRecorded,
  'agent.suspended': applyAgentSuspended,
  'agent.reinstated': applyAgentReinstated,
  'agent.revoked': applyAgentRevoked,
};

/** The mutable state fold (see the module comment). One instance per replayed log. */
export class RegistryStateBuilder {
  readonly #state: RegistryState;
  readonly #verifySignatures: boolean;
  readonly #backend: Ed25519Backend | undefined;

  /** A builder over a fresh state for `config`, or over `state` (which it then owns and mutates). */
  constructor(source: RegistryConfig | RegistryState, options: BuilderOptions = {}) {
    this.#state = 'tenants' in source ? source : createRegistryState(source);
    this.#verifySignatures = options.verifySignatures ?? true;
    this.#backend = options.backend;
  }

  /** The live state. Read it, never mutate it; take `structuredClone` for a snapshot. */
  get state(): RegistryState {
    return this.#state;
  }

  /**
   * Checks that `entry` may be applied at `index` without applying it. Throws like `apply`.
   */
  check(entry: LogEntry, index: number): void {
    this.#plan(entry, index);
  }

  /**
   * Applies `entry` (validated) at log index `index` (>= the previous index + 1). Throws
   * INVALID_ARGUMENT for a bad index; ENTRY_BAD_SIGNATURE; ENTRY_UNKNOWN_SIGNER,
   * ENTRY_SIGNER_NOT_AUTHORISED, ENTRY_KEY_NOT_CURRENT or STATE_TRANSITION_INVALID with
   * `details {index, type, subject, rule, …}`. On any throw the state is unchanged.
   */
  apply(entry: LogEntry, index: number): ApplyResult {
    const commit = this.#plan(entry, index);
    const statusChanges = commit();
    this.#state.nextIndex = index + 1;
    this.#state.applied++;
    return { index, type: entry.type, statusChanges };
  }

  #plan(entry: LogEntry, index: number): Commit {
    if (!Number.isSafeInteger(index) || index < this.#state.nextIndex) {
      throw new ProtocolError('INVALID_ARGUMENT', `entries must be applied at increasing indices (next is ${this.#state.nextIndex}, got ${index})`);
    }
    const ctx: ApplyContext = { state: this.#state, entry, index, stamp: { index, time: entry.time } };
    if (entry.origin !== this.#state.config.origin) {
      invalid(ctx, 'ORIGIN_MISMATCH', 'statement names another registry origin', { origin: entry.origin });
    }
    if (this.#verifySignatures) {
      try {
        assertEntrySignatures(entry, this.#backend === undefined ? {} : { backend: this.#backend });
      } catch (error) {
        if (error instanceof ProtocolError && error.code === 'ENTRY_BAD_SIGNATURE') {
          throw new ProtocolError('ENTRY_BAD_SIGNATURE', `entry ${index}: ${error.message}`, {
            cause: error,
            details: { index, ...error.details, subject: entry.subject, rule: 'BAD_SIGNATURE' },
          });
        }
        throw error;
      }
    }
    const handler = HANDLERS[entry.type] as Handler<StatementType>;
    return handler(ctx);
  }
}
