/**
 * A naive reference for the Agents table: every agent read whole, then filtered and sorted in
 * JavaScript straight from the documented rules, to check the SQL of agents.query against.
 */
import type { AgentColumn, AgentFilter, AgentRow } from '../../../../src/core/api/schemas/agents.ts';
import type { ReplicaStore } from '../../../../src/node/replica/replica-store.ts';

const BAND_RANK: Record<string, number> = { suspension: 0, human_approval: 1, alert: 2, normal: 3, full_autonomy: 4 };

export function allAgentRows(store: ReplicaStore, originId: number, findings: Record<string, number> = {}): AgentRow[] {
  const keys = new Map(
    (store.db.prepare('SELECT agent, count(*) AS n FROM agent_keys WHERE origin_id = ? GROUP BY agent').all(originId) as { agent: string; n: number }[]).map((r) => [r.agent, r.n]),
  );
  const tenantNames = new Map(
    (store.db.prepare('SELECT id, name FROM tenants WHERE origin_id = ?').all(originId) as { id: string; name: string }[]).map((t) => [t.id, t.name]),
  );
  const rows = store.db.prepare('SELECT * FROM agents WHERE origin_id = ?').all(originId) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    tenant: r.tenant,
    tenantName: tenantNames.get(r.tenant) ?? null,
    owner: r.owner,
    status: r.status,
    trustScore: r.trust_score,
    trustBand: r.trust_band,
    registeredTime: r.registered_time,
    lastSessionTime: r.last_session_time,
    sessionCount: r.session_count,
    keyCount: keys.get(r.id) ?? 0,
    depth: r.depth,
    findings: Object.hasOwn(findings, r.id) ? (findings[r.id] as number) : 0,
    registeredIndex: r.registered_idx,
  }));
}

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

export function referenceFilter(rows: readonly AgentRow[], filter: AgentFilter, dormantCutoff: string | null): AgentRow[] {
  return rows.filter((r) => {
    if (filter.search !== undefined && filter.search !== '') {
      const needle = filter.search.toLowerCase();
      if (![r.id, r.displayName, r.owner ?? ''].some((v) => v.toLowerCase().includes(needle))) return false;
    }
    if (filter.tenant !== undefined && r.tenant !== filter.tenant) return false;
    if (filter.status !== undefined && r.status !== filter.status) return false;
    if (filter.owner !== undefined && r.owner !== filter.owner) return false;
    if (filter.scoreBand === 'unscored' && r.trustScore !== null) return false;
    if (filter.scoreBand !== undefined && filter.scoreBand !== 'unscored' && r.trustBand !== filter.scoreBand) return false;
    if (filter.hasFinding !== undefined && filter.hasFinding !== r.findings > 0) return false;
    if (filter.dormant !== undefined) {
      const dormant = dormantCutoff !== null && (r.lastSessionTime === null || r.lastSessionTime < dormantCutoff);
      if (dormant !== filter.dormant) return false;
    }
    return true;
  });
}

function sortValue(r: AgentRow & { registeredIndex?: number }, column: AgentColumn): string | number | null {
  switch (column) {
    case 'displayName':
      return asciiLower(r.displayName);
    case 'owner':
      return r.owner === null ? null : asciiLower(r.owner);
    case 'trustBand':
      return r.trustBand === null ? null : (BAND_RANK[r.trustBand] as number);
    case 'registeredTime':
      return r.registeredIndex ?? null;
    default:
      return r[column];
  }
}

export function referenceSort(rows: readonly AgentRow[], column: AgentColumn, direction: 'asc' | 'desc'): AgentRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => {
    const x = sortValue(a, column);
    const y = sortValue(b, column);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return sign * cmp(x, y);
    return sign * cmp(a.id, b.id);
  });
}

/** The row as the API returns it (without the reference's extra fields). */
export function apiRow(r: AgentRow): AgentRow {
  const { registeredIndex: _drop, ...rest } = r as AgentRow & { registeredIndex?: number };
  return rest;
}
