/**
 * The state fold as the replica runs it: entries in log order through one RegistryStateBuilder,
 * recording what each batch changed so that only those rows are rewritten (state-writer.ts).
 *
 * Policy (docs/protocol.md §5.2 "the fold reports it and leaves the state unchanged"): an entry
 * whose bytes do not parse, whose signatures do not verify, or that the fold refuses is a REJECTED
 * entry: its bytes stay in the log table (the log holds it, verifiably), a rejection row records the
 * code and rule, the state does not change, and the fold goes on with the next entry. Signatures are
 * verified in bulk by the caller (worker threads) before `fold`, which is told the outcome.
 *
 * The fold never reads `state.statusActions` (it only appends), so a session empties that array at
 * every flush, once its rows are written: memory stays bounded however many commands the log holds.
 * Likewise, a restored state's agents, delegations and keys are row-backed (row-backed-map.ts):
 * after a flush every value they hold equals its row, and beyond a bound they are dropped and read
 * again when the fold next touches them, so memory does not grow with the registry's population.
 * This relies on the dirty tracking below being complete, as resuming after a crash already does,
 * and on a session ending when the transaction of its flush fails (as the sync's sessions do).
 */
import { isProtocolError } from '../../core/errors.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import { RegistryStateBuilder, type ApplyResult } from '../../core/registry/builder.ts';
import type { RegistryState } from '../../core/registry/state.ts';
import { ReplicaError } from './replica-error.ts';
import { RowBackedMap } from './row-backed-map.ts';
import { collectAppendRows, emptyAppendRows, type AppendRows, type Row } from './state-rows.ts';
import { emptyDirtySet, type DerivedStateWriter, type DirtySet } from './state-writer.ts';

export interface FoldFailure {
  readonly code: string;
  readonly rule?: string;
  readonly message: string;
}

/** Entities of one kind (agents, delegations, keys) a row-backed state keeps after a flush. */
export const HELD_AFTER_FLUSH = 4096;

export interface FoldItem {
  readonly index: number;
  /** The parsed entry; absent when its bytes did not parse (then `failure` says why). */
  readonly entry?: LogEntry;
  /** A failure found before the fold: parse error or bad signature. */
  readonly failure?: FoldFailure;
}

export type FoldOutcome = { readonly applied: true } | { readonly applied: false; readonly failure: FoldFailure };

export class FoldSession {
  readonly #originId: number;
  readonly #builder: RegistryStateBuilder;
  #entries: number;
  #flushedEntries: number;
  #rejected: number;
  #dirty: DirtySet = emptyDirtySet();
  #appended: AppendRows = emptyAppendRows();
  #rejections: Row[] = [];
  readonly #heldAfterFlush: number;

  /**
   * A session resuming `state` (which it then owns) after `entries` folded entries, `rejected` of
   * them refused. `heldAfterFlush` (default HELD_AFTER_FLUSH) bounds the entities a row-backed
   * state (restoreFoldState) keeps in memory after each flush.
   */
  constructor(originId: number, state: RegistryState, counters: { entries: number; rejected: number }, options: { heldAfterFlush?: number } = {}) {
    this.#originId = originId;
    this.#heldAfterFlush = options.heldAfterFlush ?? HELD_AFTER_FLUSH;
    this.#builder = new RegistryStateBuilder(state, { verifySignatures: false });
    this.#entries = counters.entries;
    this.#flushedEntries = counters.entries;
    this.#rejected = counters.rejected;
    // The registry's own key is bound from the empty state on (createRegistryState).
    if (counters.entries === 0) this.#dirty.keys.add(state.config.registryKey);
  }

  get state(): RegistryState {
    return this.#builder.state;
  }

  /** Entries folded so far: [0, entries). */
  get entries(): number {
    return this.#entries;
  }

  get rejected(): number {
    return this.#rejected;
  }

  /**
   * What the next flush will write, in entity rows: every entity changed, plus the history rows
   * (trust scores, policies, nonces, rejections, status actions) at a quarter each, about their size
   * beside an agent's. It measures what the session holds for the flush in memory; the sync flushes
   * when it passes a bound (entry-phase.ts).
   */
  get unflushed(): number {
    const d = this.#dirty;
    const a = this.#appended;
    const history = a.policies.length + a.nonces.length + a.trust.length + this.#rejections.length + this.#builder.state.statusActions.length;
    return d.tenants.size + d.agents.size + d.delegations.size + d.keys.size + Math.ceil(history / 4);
  }

  /** Whether entries were folded since the last flush (the derived tables are behind the fold). */
  get hasUnflushed(): boolean {
    return this.#entries !== this.#flushedEntries;
  }

  /**
   * Folds the entry at `item.index`, which must be the next one (`entries`). Returns whether it was
   * applied. Throws REPLICA_CORRUPT for another index; rethrows anything that is not a ProtocolError (a bug, not a finding).
   */
  fold(item: FoldItem): FoldOutcome {
    if (item.index !== this.#entries) {
      throw new ReplicaError('REPLICA_CORRUPT', `the fold expects entry ${this.#entries}, got ${item.index}`);
    }
    this.#entries++;
    if (item.failure !== undefined || item.entry === undefined) {
      return this.#reject(item.index, item.failure ?? { code: 'ENTRY_MALFORMED', message: 'entry did not parse' });
    }
    let result: ApplyResult;
    try {
      result = this.#builder.apply(item.entry, item.index);
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      const rule = typeof error.details?.['rule'] === 'string' ? error.details['rule'] : undefined;
      return this.#reject(item.index, { code: error.code, message: error.message, ...(rule === undefined ? {} : { rule }) });
    }
    this.#noteDirty(item.entry, result);
    collectAppendRows(this.#originId, item.entry, item.index, this.#appended);
    return { applied: true };
  }

  /** Writes what changed since the last flush (rows, history, rejections, fold position) and resets. */
  flush(writer: DerivedStateWriter): void {
    const state = this.#builder.state;
    writer.writeDirty(state, this.#dirty);
    writer.writeAppended(this.#appended, state.statusActions, this.#rejections);
    writer.writeFoldState(state, { entries: this.#entries, rejected: this.#rejected });
    state.statusActions.length = 0;
    // Every value held now equals its row: beyond a bound, drop them (read again on next use), so
    // that a sync's memory does not grow with the number of agents the registry holds.
    for (const map of [state.agents, state.delegations, state.keys]) {
      if (map instanceof RowBackedMap && map.held > this.#heldAfterFlush) map.evict();
    }
    this.#dirty = emptyDirtySet();
    this.#appended = emptyAppendRows();
    this.#rejections = [];
    this.#flushedEntries = this.#entries;
  }

  #reject(index: number, failure: FoldFailure): FoldOutcome {
    this.#rejected++;
    this.#rejections.push({ origin_id: this.#originId, idx: index, code: failure.code, rule: failure.rule ?? null, message: failure.message });
    return { applied: false, failure };
  }

  // Every entity an applied entry can change (src/core/registry/apply-*.ts): its tenant, its
  // subject, the keys it binds, the parent and delegation a registration names, and every agent
  // whose status changed (cascades included). db check recomputes ALL rows, so a miss here is caught.
  #noteDirty(entry: LogEntry, result: ApplyResult): void {
    const dirty = this.#dirty;
    dirty.tenants.add(entry.tenant);
    if (entry.subject.startsWith('maip:')) dirty.agents.add(entry.subject);
    switch (entry.type) {
      case 'admin.enrolled':
      case 'admin.removed':
        dirty.keys.add(entry.subject);
        break;
      case 'agent.registered':
        dirty.keys.add(entry.body.key);
        if (entry.body.parent !== undefined) {
          dirty.agents.add(entry.body.parent.agent);
          dirty.delegations.add(entry.body.parent.delegation);
        }
        break;
      case 'agent.key_rotated':
        dirty.keys.add(entry.body.new_key);
        break;
      case 'delegation.granted':
        dirty.delegations.add(entry.subject);
        dirty.agents.add(entry.body.parent);
        break;
      case 'delegation.revoked': {
        dirty.delegations.add(entry.subject);
        const parent = this.#builder.state.delegations.get(entry.subject)?.parent;
        if (parent !== undefined) dirty.agents.add(parent);
        break;
      }
      default:
        break;
    }
    for (const change of result.statusChanges) {
      dirty.agents.add(change.agent);
      dirty.statuses.add(change.agent);
    }
  }
}
