/**
 * What a fold session knows of the rows of its origin's agents in the main schema, from the rows it
 * reads (fold-state.ts) and writes (state-writer.ts), so that its writes cost less on a replica
 * larger than SQLite's page cache (issue 4):
 * - where each agent's row sits in `agents` (its rowid): a later update of the agent walks the
 *   table's b-tree once instead of the (origin_id, id) primary-key index and then the table, a
 *   quarter cheaper per row on the 1M-entry replica. A read of an agent the session dropped after
 *   a flush (fold-session.ts) goes by rowid too, though there reading and parsing the row's JSON
 *   dominates (no measurable gain with 48k agents);
 * - what each held agent's `agent_keys` rows hold (its `keys` as JSON): a dirty agent's key rows
 *   are then written only when its keys changed, which a trust score, most of a log, never does.
 *
 * Policy:
 * - A rowid is a hint, checked where it is used: every statement that addresses a row by rowid also
 *   requires its origin_id and id, and falls back to the primary key when no row matches, so a
 *   wrong rowid costs a lookup, never a wrong row. It stays right for the session because `agents`
 *   is a rowid table (no INTEGER PRIMARY KEY) whose rows are never deleted and only ever updated
 *   in place (upserts, never REPLACE): SQLite keeps a row's rowid across updates and renumbers
 *   rowids only in VACUUM, which the app never runs.
 * - A key text is trusted, not checked: it is recorded from an agent's stored state (whose keys the
 *   writer wrote to `agent_keys` in the same transaction) or once its key rows are written. This
 *   relies on the preconditions of row-backed-map.ts (the session is the only writer of its rows)
 *   and fold-session.ts (a session ends when the transaction of its flush fails, so nothing
 *   recorded in a rolled-back transaction is used). `warden db check` rewrites every row with a
 *   writer that takes no StoredAgents and compares, so a row this skipped wrongly is found.
 * - Both describe the main schema: a writer of an attached scratch schema takes none.
 */
import type { AgentState } from '../../core/registry/state.ts';

/**
 * Rowids a StoredAgents keeps before it forgets them all: about 5 MiB (an id and a number each),
 * every agent of the largest replica measured (48k at 1M entries), and a bound whatever the
 * registry holds.
 */
export const STORED_ROWIDS_HELD = 1 << 16;

export class StoredAgents {
  readonly #rowids = new Map<string, number>();
  readonly #rowidLimit: number;
  // Keyed by the agent object, not its id: a key text lives as long as the agent is held, which
  // the session bounds (fold-session.ts), and an agent read again gets the text of its row.
  readonly #keys = new WeakMap<AgentState, string>();

  /** `rowidLimit` (default STORED_ROWIDS_HELD): beyond it the rowids start again from none. */
  constructor(rowidLimit = STORED_ROWIDS_HELD) {
    this.#rowidLimit = rowidLimit;
  }

  /** The rowid last recorded for agent `id`, if any: a hint (see the policy above). */
  rowidOf(id: string): number | undefined {
    return this.#rowids.get(id);
  }

  /** Records that the row of agent `id` has rowid `rowid`. */
  recordRowid(id: string, rowid: number): void {
    // Forgetting all, not the oldest: cheaper than keeping an order, and a forgotten rowid costs
    // one primary-key lookup, which records it again.
    if (this.#rowids.size >= this.#rowidLimit && !this.#rowids.has(id)) this.#rowids.clear();
    this.#rowids.set(id, rowid);
  }

  /** Rowids recorded (the bound's tests). */
  get rowids(): number {
    return this.#rowids.size;
  }

  /** Whether the agent_keys rows of `agent` hold `keysJson` (JSON.stringify(agent.keys)). */
  keysStored(agent: AgentState, keysJson: string): boolean {
    return this.#keys.get(agent) === keysJson;
  }

  /** Records that the agent_keys rows of `agent` hold `keysJson`. */
  recordKeys(agent: AgentState, keysJson: string): void {
    this.#keys.set(agent, keysJson);
  }
}
