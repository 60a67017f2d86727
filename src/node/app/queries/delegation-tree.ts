import type { AgentDetail } from '../../../core/api/schemas/agents.ts';
import type { AppReadContext } from '../app-context.ts';

type DelegationNode = AgentDetail['delegatedBy'][number];

/** How far up a chain is followed (the schema's bound; the protocol's depth limit is far below it). */
const MAX_CHAIN = 64;
/** Delegates listed below an agent (all are counted). */
export const MAX_DELEGATES = 1000;

interface NodeRow {
  id: string;
  display_name: string;
  status: DelegationNode['status'];
  parent: string | null;
  delegation: string | null;
  scopes: string;
  depth: number;
  children: string | null;
  delegation_revoked: number | null;
}

// Children come from the agent's state (AgentState.children, kept by the fold), so the walk reads
// agents by primary key; there is no index on agents.parent.
const NODE_SELECT = `SELECT a.id, a.display_name, a.status, a.parent, a.delegation, a.scopes, a.depth,
  json_extract(a.state, '$.children') AS children,
  (SELECT d.revoked_idx FROM delegations d WHERE d.origin_id = a.origin_id AND d.id = a.delegation) AS delegation_revoked
  FROM agents a`;

function nodeOf(r: NodeRow): DelegationNode {
  return {
    agentId: r.id,
    displayName: r.display_name,
    status: r.status,
    parent: r.parent,
    delegationId: r.delegation,
    scopes: (JSON.parse(r.scopes) as string[]).slice(0, 1000),
    depth: r.depth,
    // Revoked: the agent itself, or the delegation that made it.
    revoked: r.status === 'revoked' || r.delegation_revoked !== null,
  };
}

/** The chain of delegators above `parent`, root first, ending with `parent` itself. */
export function delegationChain(ctx: AppReadContext, originId: number, parent: string | null): DelegationNode[] {
  const get = ctx.store.db.prepare(`${NODE_SELECT} WHERE a.origin_id = ? AND a.id = ?`);
  const chain: DelegationNode[] = [];
  const seen = new Set<string>();
  for (let id = parent; id !== null && chain.length < MAX_CHAIN && !seen.has(id); ) {
    seen.add(id);
    const row = get.get(originId, id) as NodeRow | undefined;
    if (row === undefined) break;
    chain.push(nodeOf(row));
    id = row.parent;
  }
  return chain.reverse();
}

/**
 * The agents below `agentId`, breadth first, level by level: the first MAX_DELEGATES as nodes, and
 * the number of all of them. A cycle (impossible in a folded log) cannot loop: ids are visited once.
 */
export function delegatesBelow(ctx: AppReadContext, originId: number, children: readonly string[]): { nodes: DelegationNode[]; total: number } {
  const level = ctx.store.db.prepare(`${NODE_SELECT} WHERE a.origin_id = ? AND a.id IN (SELECT value FROM json_each(?)) ORDER BY a.registered_idx`);
  const nodes: DelegationNode[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let frontier = children.filter((id) => !seen.has(id)); frontier.length > 0; ) {
    for (const id of frontier) seen.add(id);
    const rows = level.all(originId, JSON.stringify(frontier)) as NodeRow[];
    const next: string[] = [];
    for (const r of rows) {
      total++;
      if (nodes.length < MAX_DELEGATES) nodes.push(nodeOf(r));
      for (const c of r.children === null ? [] : (JSON.parse(r.children) as string[])) if (!seen.has(c)) next.push(c);
    }
    frontier = [...new Set(next)];
  }
  return { nodes, total };
}
