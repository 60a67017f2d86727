import type { AgentDetail } from '../../core/api/schemas/agents.ts';
import { formatCount } from '../format.ts';
import { routeToHash } from '../router.ts';
import { StatusBadge } from '../agents/agent-columns.tsx';

type Node = AgentDetail['delegatedBy'][number];

/** The delegation chain above the agent (root first) and the agents it delegated to, each a link. */
export function DelegationPanel({ detail }: { detail: AgentDetail }) {
  const { delegatedBy, delegates, delegatesTotal } = detail;
  return (
    <section className="panel" aria-labelledby="delegation-title">
      <h2 id="delegation-title">Delegation</h2>
      <h3>Delegated by</h3>
      {delegatedBy.length === 0 ? (
        <p className="muted">Nobody: this is a root agent.</p>
      ) : (
        <ol className="chain" aria-label="Delegation chain, root first">
          {delegatedBy.map((node) => (
            <NodeItem key={node.agentId} node={node} />
          ))}
          <li className="chain-self">{detail.identity.displayName} (this agent)</li>
        </ol>
      )}
      <h3>
        Delegates {delegatesTotal > 0 && <span className="muted">({formatCount(delegatesTotal)})</span>}
      </h3>
      {delegates.length === 0 ? (
        <p className="muted">This agent has delegated to no one.</p>
      ) : (
        <ul className="delegates">
          {delegates.map((node) => (
            <NodeItem key={`${node.parent}:${node.agentId}`} node={node} indent />
          ))}
        </ul>
      )}
      {delegatesTotal > delegates.length && (
        <p className="muted small">
          Showing the first {formatCount(delegates.length)} of {formatCount(delegatesTotal)} delegates.
        </p>
      )}
    </section>
  );
}

function NodeItem({ node, indent = false }: { node: Node; indent?: boolean }) {
  return (
    <li className={indent ? `depth-${Math.min(node.depth, 6)}` : undefined}>
      <a href={routeToHash({ screen: 'agent', agentId: node.agentId })}>{node.displayName}</a> <StatusBadge status={node.status} />
      {node.revoked && <span className="badge badge-revoked">Delegation revoked</span>}
      {node.scopes.length > 0 && <span className="muted small"> · {node.scopes.join(', ')}</span>}
    </li>
  );
}
