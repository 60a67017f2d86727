/**
 * The replay: checks 4 (entitlement, via the state fold), 6 (policy) and the stream half of 7
 * (timestamps), entry by entry in log order.
 *
 * Policy:
 * - an entry that did not parse, carries a signature that does not verify, or (second pass,
 *   docs/protocol.md §5.4) was signed by a key at or after the key's reported compromise instant is
 *   reported and NEVER folded; a fold rejection is reported (rule-map.ts) and the state is unchanged;
 *   the replay goes on, so later findings are still reported;
 * - policy findings the fold cannot see: non-cascading revocations (at the revoking entry), agents
 *   left active with a trust score in 0–29 longer than the grace (when the state ends or at the
 *   entry that ended it), delegations deeper than a stricter configured limit, and at the end, live
 *   agents without an owner and active agents dormant for longer than the configured period;
 * - the registry's clock (the `time` of statements the registry builds: tenants, sessions, trust
 *   scores, status changes) must not go backwards; no statement time may lie after the verification
 *   time plus the tolerated skew.
 * Memory: the fold state (per agent: its profile, key history and summaries, a few hundred bytes
 * plus its strings) and one pending-suspension record per agent in the 0–29 band.
 */
import { RegistryStateBuilder } from '../../core/registry/builder.ts';
import { descendantsOf } from '../../core/registry/queries.ts';
import type { RegistryConfig, RegistryState, Stamp } from '../../core/registry/state.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { StatementType } from '../../core/log/types/index.ts';
import { formatTimestamp, timestampMs } from '../../core/log/time.ts';
import { claimedStateFromRegistryState, type ClaimedState } from './claimed-state.ts';
import { makeFinding, type Finding } from './findings.ts';
import type { PolicyThresholds } from './options.ts';
import { findingForRejection } from './rule-map.ts';

/** Statement types whose `time` is the registry's own clock (docs/protocol.md §4). */
const REGISTRY_CLOCK_TYPES: ReadonlySet<StatementType> = new Set<StatementType>([
  'tenant.created',
  'session.authenticated',
  'trust.score_recorded',
  'agent.suspended',
  'agent.reinstated',
  'agent.revoked',
]);

const NO_AGENTS: readonly string[] = Object.freeze([]);

/** One entry as the replay receives it. */
export interface ReplaySlot {
  readonly index: number;
  /** The parsed entry; undefined if it did not parse (already reported). */
  readonly entry?: LogEntry;
  /** Descriptions of the signatures that did not verify; undefined or empty if all did. */
  readonly badSignatures?: readonly string[];
}

export interface ReplayOptions {
  readonly config: RegistryConfig;
  readonly policy: PolicyThresholds;
  /** The verification time in ms, if given. */
  readonly atMs: number | undefined;
  /** The wall clock at the start, for "in the future" when no `at` is given. */
  readonly nowMs: number;
  /** Take a claimed-state snapshot after this many entries. */
  readonly claimSize?: number;
  /** Indices whose statement time is wanted (checkpoint boundaries, sampled entries). */
  readonly recordTimes?: ReadonlySet<number>;
  /** Keys reported compromised after being used past their compromise instant: key → compromised_at. */
  readonly lateCompromised?: ReadonlyMap<string, string>;
}

export class Replay {
  readonly #builder: RegistryStateBuilder;
  readonly #options: ReplayOptions;
  readonly findings: Finding[] = [];
  /** Active agents with their latest score in 0–29: when they entered the band. */
  readonly #bandSince = new Map<string, Stamp>();
  #lastRegistryTime: { time: string; index: number } | undefined;
  #latestTime: string | undefined;
  #stoppedAt: number | undefined;
  #claim: ClaimedState | undefined;
  #next = 0;
  /** Statement times at the requested indices. */
  readonly times = new Map<number, string>();
  /** Type and subject of entries at the requested indices. */
  readonly described = new Map<number, { type: string; subject: string }>();
  applied = 0;
  rejected = 0;

  constructor(options: ReplayOptions) {
    this.#options = options;
    this.#builder = new RegistryStateBuilder(options.config, { verifySignatures: false });
  }

  get state(): RegistryState {
    return this.#builder.state;
  }

  /** The latest statement time seen (any parsed entry). */
  get latestTime(): string | undefined {
    return this.#latestTime;
  }

  get stoppedAt(): number | undefined {
    return this.#stoppedAt;
  }

  /** The claimed-state snapshot of the replayed state at `claimSize`, once reached. */
  get claimSnapshot(): ClaimedState | undefined {
    return this.#claim;
  }

  /** Stops the replay before `index` (entries are missing from there on). */
  stop(index: number, reason: string): void {
    if (this.#stoppedAt !== undefined) return;
    this.#snapshotIfDue(index);
    this.#stoppedAt = index;
    this.findings.push(makeFinding('REPLAY_STOPPED', { message: `replay stopped at entry ${index}: ${reason}`, index }));
  }

  /** Replays one entry (slots must come in increasing index order). */
  apply(slot: ReplaySlot): void {
    if (this.#stoppedAt !== undefined) return;
    const { index, entry } = slot;
    this.#snapshotIfDue(index);
    this.#next = index + 1;
    if (entry === undefined) {
      this.rejected++;
      return;
    }
    if (this.#options.recordTimes?.has(index)) {
      this.times.set(index, entry.time);
      this.described.set(index, { type: entry.type, subject: entry.subject });
    }
    if (this.#latestTime === undefined || entry.time > this.#latestTime) this.#latestTime = entry.time;
    this.#checkFuture(entry, index);
    const where = (): { index: number; type: string; subject: string; agent?: string } =>
      entry.subject.startsWith('maip:') ? { index, type: entry.type, subject: entry.subject, agent: entry.subject } : { index, type: entry.type, subject: entry.subject };
    if (slot.badSignatures !== undefined && slot.badSignatures.length > 0) {
      this.rejected++;
      this.findings.push(
        makeFinding('ENTRY_BAD_SIGNATURE', { message: `entry ${index} (${entry.type}): signature(s) do not verify: ${slot.badSignatures.join(', ')}`, ...where(), rule: 'BAD_SIGNATURE' }),
      );
      return;
    }
    const late = this.#signedAfterCompromise(entry);
    if (late !== undefined) {
      this.rejected++;
      this.findings.push(
        makeFinding('ENTRY_SIGNED_AFTER_COMPROMISE', {
          message: `entry ${index} (${entry.type}) at ${entry.time} is signed by ${late.key}, reported compromised from ${late.at}`,
          ...where(),
          rule: 'KEY_COMPROMISED',
        }),
      );
      return;
    }
    let result;
    try {
      result = this.#builder.apply(entry, index);
    } catch (error) {
      this.rejected++;
      this.findings.push(findingForRejection(error, index, this.state));
      return;
    }
    this.applied++;
    this.#afterApply(entry, index, result.statusChanges.length === 0 ? NO_AGENTS : result.statusChanges.map((c) => c.agent));
  }

  /** End-of-log findings; call once after the last entry. `endIndex` = the log size replayed. */
  finish(endIndex: number): void {
    this.#snapshotIfDue(endIndex);
    const refMs = this.#options.atMs ?? (this.#latestTime === undefined ? undefined : timestampMs(this.#latestTime));
    if (refMs === undefined) return;
    const { policy } = this.#options;
    const ref = formatTimestamp(refMs);
    for (const [agentId, since] of this.#bandSince) {
      const elapsed = refMs - timestampMs(since.time);
      if (elapsed > policy.suspensionGraceMs) {
        this.findings.push(
          makeFinding('POLICY_SUSPENSION_OVERDUE', {
            message: `agent ${agentId} has been active with a trust score in 0–29 since entry ${since.index} (${since.time}) and is still not suspended at ${ref}`,
            index: since.index,
            agent: agentId,
          }),
        );
      }
    }
    for (const agent of this.state.agents.values()) {
      if (agent.status !== 'revoked' && agent.owner === undefined) {
        this.findings.push(makeFinding('POLICY_NO_OWNER', { message: `agent ${agent.id} (${agent.status}) has no owner`, index: agent.registered.index, agent: agent.id }));
      }
      if (agent.status === 'active') {
        const last = agent.lastAgentSigned ?? agent.registered;
        if (refMs - timestampMs(last.time) > policy.dormantAfterMs) {
          this.findings.push(
            makeFinding('POLICY_DORMANT_AGENT', {
              message: `active agent ${agent.id} has signed nothing since entry ${last.index} (${last.time}), as of ${ref}`,
              index: last.index,
              agent: agent.id,
            }),
          );
        }
      }
    }
  }

  #snapshotIfDue(index: number): void {
    if (this.#claim === undefined && this.#options.claimSize === index && this.#stoppedAt === undefined && index >= this.#next) {
      this.#claim = claimedStateFromRegistryState(this.state, index);
    }
  }

  #checkFuture(entry: LogEntry, index: number): void {
    const limit = (this.#options.atMs ?? this.#options.nowMs) + this.#options.policy.clockSkewMs;
    // entry.time was validated (docs/protocol.md §2.3), so Date.parse reads it exactly.
    if (Date.parse(entry.time) > limit) {
      this.findings.push(
        makeFinding('TIMESTAMP_IN_FUTURE', {
          message: `entry ${index} (${entry.type}) is dated ${entry.time}, after the verification time${this.#options.atMs === undefined ? '' : ` ${formatTimestamp(this.#options.atMs)}`}`,
          index,
          type: entry.type,
          subject: entry.subject,
        }),
      );
    }
  }

  #signedAfterCompromise(entry: LogEntry): { key: string; at: string } | undefined {
    const late = this.#options.lateCompromised;
    if (late === undefined || late.size === 0) return undefined;
    for (const s of entry.signatures) {
      if (s.role !== 'agent' && s.role !== 'parent') continue;
      const at = late.get(s.key);
      if (at === undefined || entry.time < at) continue;
      // The report itself is not a use of the stolen key (docs/protocol.md §5.4, fold policy).
      if (entry.type === 'agent.key_compromised' && entry.body.key === s.key) continue;
      return { key: s.key, at };
    }
    return undefined;
  }

  #afterApply(entry: LogEntry, index: number, changed: readonly string[]): void {
    const state = this.state;
    if (REGISTRY_CLOCK_TYPES.has(entry.type)) {
      const previous = this.#lastRegistryTime;
      if (previous !== undefined && entry.time < previous.time) {
        this.findings.push(
          makeFinding('TIMESTAMP_BACKWARDS', {
            message: `entry ${index} (${entry.type}) is dated ${entry.time}, before registry-built entry ${previous.index} (${previous.time})`,
            index,
            type: entry.type,
            subject: entry.subject,
          }),
        );
      }
      if (previous === undefined || entry.time > previous.time) this.#lastRegistryTime = { time: entry.time, index };
    }
    if (entry.type === 'agent.registered') {
      const agent = state.agents.get(entry.subject);
      if (agent !== undefined && agent.depth > this.#options.policy.maxDelegationDepth) {
        this.findings.push(
          makeFinding('POLICY_DELEGATION_DEPTH', {
            severity: 'warning',
            message: `agent ${agent.id} is delegated at depth ${agent.depth}, deeper than the configured limit ${this.#options.policy.maxDelegationDepth}`,
            index,
            agent: agent.id,
          }),
        );
      }
    }
    if (entry.type === 'agent.revoked' && entry.body.by === 'admin' && !entry.body.command.cascade) {
      for (const target of entry.body.command.targets) {
        const live = descendantsOf(state, target).filter((id) => state.agents.get(id)?.status !== 'revoked');
        if (live.length > 0) {
          this.findings.push(
            makeFinding('POLICY_REVOCATION_NOT_CASCADED', {
              message: `agent ${target} was revoked without cascade at entry ${index}; ${live.length} descendant(s) stay live (${live.slice(0, 3).join(', ')}${live.length > 3 ? ', …' : ''})`,
              index,
              agent: target,
            }),
          );
        }
      }
    }
    if (entry.type === 'trust.score_recorded') this.#trackBand(entry.subject, index, entry.time);
    for (const agentId of changed) this.#trackBand(agentId, index, entry.time);
  }

  // Follows each agent's time in the 0–29 band while active (the fold's suspensionBandSince).
  #trackBand(agentId: string, index: number, time: string): void {
    const since = this.state.agents.get(agentId)?.trust.suspensionBandSince;
    const previous = this.#bandSince.get(agentId);
    if (previous !== undefined && (since === undefined || since.index !== previous.index)) {
      this.#bandSince.delete(agentId);
      const elapsed = timestampMs(time) - timestampMs(previous.time);
      if (elapsed > this.#options.policy.suspensionGraceMs) {
        this.findings.push(
          makeFinding('POLICY_SUSPENSION_OVERDUE', {
            message: `agent ${agentId} stayed active with a trust score in 0–29 from entry ${previous.index} (${previous.time}) until entry ${index} (${time}), longer than the grace`,
            index: previous.index,
            agent: agentId,
          }),
        );
      }
    }
    if (since !== undefined && (previous === undefined || since.index !== previous.index)) this.#bandSince.set(agentId, since);
  }
}
