import type { ReactNode } from 'react';
import type { AgentColumn, AgentRow } from '../../core/api/schemas/agents.ts';
import { TRUST_BAND_LABELS } from '../../core/chart/trust-bands.ts';
import { LocalTime } from '../components/LocalTime.tsx';
import { formatCount } from '../format.ts';

/** How each Agents column is titled, sized (a CSS class) and drawn. */
export interface ColumnSpec {
  readonly label: string;
  readonly className: string;
  readonly numeric: boolean;
  render(row: AgentRow): ReactNode;
}

const STATUS_LABELS = { active: 'Active', suspended: 'Suspended', revoked: 'Revoked' } as const;

export function StatusBadge({ status }: { status: AgentRow['status'] }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABELS[status]}</span>;
}

/**
 * A tenant as people read it: its name, with the id (what the log records) on hover; the id itself,
 * in monospace, when the replica has no name for it.
 */
export function TenantName({ id, name }: { id: string; name: string | null }) {
  // The name is cut off in a narrow column: the hover shows it whole, with the id the log records.
  return name === null ? <span className="mono">{id}</span> : <span title={`${name} (${id})`}>{name}</span>;
}

export const COLUMN_SPECS: Readonly<Record<AgentColumn, ColumnSpec>> = {
  id: { label: 'Agent id', className: 'col-wide mono', numeric: false, render: (r) => r.id },
  displayName: { label: 'Name', className: 'col-wide', numeric: false, render: (r) => r.displayName },
  tenant: { label: 'Tenant', className: 'col-mid', numeric: false, render: (r) => <TenantName id={r.tenant} name={r.tenantName} /> },
  owner: { label: 'Owner', className: 'col-mid', numeric: false, render: (r) => r.owner ?? '—' },
  status: { label: 'Status', className: 'col-narrow', numeric: false, render: (r) => <StatusBadge status={r.status} /> },
  trustScore: { label: 'Trust score', className: 'col-narrow', numeric: true, render: (r) => (r.trustScore === null ? 'Unscored' : r.trustScore) },
  trustBand: { label: 'Band', className: 'col-mid', numeric: false, render: (r) => (r.trustBand === null ? '—' : TRUST_BAND_LABELS[r.trustBand]) },
  registeredTime: { label: 'Registered', className: 'col-time', numeric: false, render: (r) => <LocalTime value={r.registeredTime} /> },
  lastSessionTime: { label: 'Last session', className: 'col-time', numeric: false, render: (r) => <LocalTime value={r.lastSessionTime} /> },
  sessionCount: { label: 'Sessions', className: 'col-narrow', numeric: true, render: (r) => formatCount(r.sessionCount) },
  keyCount: { label: 'Keys', className: 'col-narrow', numeric: true, render: (r) => formatCount(r.keyCount) },
  depth: { label: 'Delegation depth', className: 'col-narrow', numeric: true, render: (r) => r.depth },
  findings: { label: 'Findings', className: 'col-narrow', numeric: true, render: (r) => (r.findings === 0 ? '0' : <strong className="text-warn">{formatCount(r.findings)}</strong>) },
};
