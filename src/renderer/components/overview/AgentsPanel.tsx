import type { Overview } from '../../../core/api/schemas/replicas.ts';
import { formatCount } from '../../format.ts';
import { routeToHash } from '../../router.ts';
import { Panel } from '../Panel.tsx';

/** Agents by status (active, suspended, revoked), with the tenant count. */
export function AgentsPanel({ overview }: { overview: Overview }) {
  const { agents, tenants } = overview;
  const rows = [
    { label: 'Active', value: agents.active, tone: 'ok' },
    { label: 'Suspended', value: agents.suspended, tone: 'warning' },
    { label: 'Revoked', value: agents.revoked, tone: 'danger' },
  ] as const;
  return (
    <Panel title="Agents" actions={<a className="link" href={routeToHash({ screen: 'agents' })}>Open Agents</a>}>
      <p className="big-number">
        {formatCount(agents.total)} <span className="muted">agents in {formatCount(tenants)} {tenants === 1 ? 'tenant' : 'tenants'}</span>
      </p>
      <dl className="stat-list">
        {rows.map((row) => (
          <div key={row.label} className={`stat stat-${row.tone}`}>
            <dt>{row.label}</dt>
            <dd>{formatCount(row.value)}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}
