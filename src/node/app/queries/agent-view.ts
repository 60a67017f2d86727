import type { AppReadContext } from '../app-context.ts';
import { OriginMemo } from './origin-memo.ts';

/**
 * A narrow copy of the agents table for the Agents screen, as a TEMP table of the app's connection.
 *
 * Why: each `agents` row carries the agent's whole AgentState JSON (about 1 KB), so a scan of
 * 100,000 agents reads some 200 MB of pages, and every filter, count and sort of the Agents table
 * needs a scan (~0.3–0.5 s each). The columns the table shows fit in a few MB. The replica's schema
 * belongs to src/node/replica and changes only by migration; a TEMP table lives only in this
 * connection (sqlite_temp_master), is never written to the file, and is invisible to `db check`.
 * The proper fix is a migration moving the state JSON out of `agents` (reported with issue 6).
 *
 * Freshness: the derived tables change only when entries are folded, so the copy is rebuilt when
 * the origin's entry count moves (OriginMemo), in one transaction; while a sync is running it is
 * rebuilt at most every few seconds (a rebuild costs about a second at 100,000 agents, and a sync
 * adds a batch every moment), and at once after it.
 */

export const AGENT_VIEW = 'temp.app_agent_view';

const CREATE = `
  CREATE TEMP TABLE IF NOT EXISTS app_agent_view (
    origin_id INTEGER NOT NULL,
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    tenant TEXT NOT NULL,
    -- The tenant's name (tenants.name; NULL when the replica has no such tenant): tenants are
    -- never renamed, and the copy is rebuilt whenever entries are folded anyway.
    tenant_name TEXT,
    owner TEXT,
    status TEXT NOT NULL,
    trust_score INTEGER,
    trust_band TEXT,
    registered_idx INTEGER NOT NULL,
    registered_time TEXT NOT NULL,
    last_session_time TEXT,
    session_count INTEGER NOT NULL,
    key_count INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    -- id, name and owner case-folded (String.prototype.toLowerCase), separated by U+001F, for search.
    search_text TEXT NOT NULL,
    PRIMARY KEY (origin_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS temp.app_agent_view_by_name ON app_agent_view (origin_id, display_name COLLATE NOCASE, id);
  CREATE TEMP TABLE IF NOT EXISTS app_agent_findings (
    origin_id INTEGER NOT NULL,
    agent TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (origin_id, agent)
  ) WITHOUT ROWID;
`;

export const AGENT_FINDINGS = 'temp.app_agent_findings';

const refresh = new OriginMemo((ctx, originId) => {
  const db = ctx.store.db;
  db.exec(CREATE);
  // Unicode case folding for search (SQLite's lower() folds ASCII only); pure, so registering it
  // again on the connection is harmless.
  db.function('app_search_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : ''));
  db.transaction(() => {
    db.prepare(`DELETE FROM ${AGENT_VIEW} WHERE origin_id = ?`).run(originId);
    db.prepare(
      `INSERT INTO ${AGENT_VIEW}
       SELECT a.origin_id, a.id, a.display_name, a.tenant, t.name, a.owner, a.status, a.trust_score, a.trust_band, a.registered_idx, a.registered_time,
              a.last_session_time, a.session_count, coalesce(k.n, 0), a.depth,
              app_search_fold(a.id || char(31) || a.display_name || char(31) || coalesce(a.owner, ''))
       FROM agents a LEFT JOIN (SELECT agent, count(*) AS n FROM agent_keys WHERE origin_id = ? GROUP BY agent) k ON k.agent = a.id
       LEFT JOIN tenants t ON t.origin_id = a.origin_id AND t.id = a.tenant
       WHERE a.origin_id = ?`,
    ).run(originId, originId);
  })();
  return true;
}, { staleWhileBusyMs: 5_000 });

// The report each origin's findings table was filled from, per connection.
const filledFrom = new WeakMap<object, Map<number, string>>();

/**
 * Makes sure AGENT_FINDINGS holds the findings per agent of the origin's latest report (agent id →
 * count, from `findingsJson`, an object bound as one parameter and unpacked by json_each), so that
 * the Agents queries join it by primary key rather than scanning a JSON value per agent.
 */
export function agentFindings(ctx: AppReadContext, originId: number, findingsJson: string): string {
  const db = ctx.store.db;
  db.exec(CREATE);
  let filled = filledFrom.get(ctx.store);
  if (filled === undefined) {
    filled = new Map();
    filledFrom.set(ctx.store, filled);
  }
  if (filled.get(originId) !== findingsJson) {
    db.transaction(() => {
      db.prepare(`DELETE FROM ${AGENT_FINDINGS} WHERE origin_id = ?`).run(originId);
      db.prepare(`INSERT INTO ${AGENT_FINDINGS} SELECT ?, key, value FROM json_each(?)`).run(originId, findingsJson);
    })();
    filled.set(originId, findingsJson);
  }
  return AGENT_FINDINGS;
}

/** Makes sure the narrow copy of the origin's agents is current (see the module comment); returns its name. */
export function agentView(ctx: AppReadContext, originId: number): string {
  refresh.get(ctx, originId);
  return AGENT_VIEW;
}
