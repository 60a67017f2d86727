import '../styles/screens.css';
import { useEffect } from 'react';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { routeToHash } from '../router.ts';
import { agentDetailSelectors, useAgentDetailStore } from '../agent-detail/agent-detail-store.ts';
import { DelegationPanel } from '../agent-detail/DelegationPanel.tsx';
import { FindingsPanel, RevocationPanel } from '../agent-detail/FindingsPanel.tsx';
import { IdentityPanel } from '../agent-detail/IdentityPanel.tsx';
import { KeyTimeline } from '../agent-detail/KeyTimeline.tsx';
import { TrustChart } from '../chart/TrustChart.tsx';

/** Everything about agent `agentId` of replica `originId`: identity, status, keys, delegation, trust history, findings, revocation. */
export function AgentDetailScreen({ originId, agentId }: { originId: number; agentId: string }) {
  const open = useAgentDetailStore(agentDetailSelectors.open);
  const detail = useAgentDetailStore(agentDetailSelectors.detail);
  const detailStatus = useAgentDetailStore(agentDetailSelectors.detailStatus);
  const detailError = useAgentDetailStore(agentDetailSelectors.detailError);
  const history = useAgentDetailStore(agentDetailSelectors.history);
  const historyStatus = useAgentDetailStore(agentDetailSelectors.historyStatus);
  const historyError = useAgentDetailStore(agentDetailSelectors.historyError);
  const reloadDetail = useAgentDetailStore(agentDetailSelectors.reloadDetail);
  const reloadHistory = useAgentDetailStore(agentDetailSelectors.reloadHistory);

  useEffect(() => open(originId, agentId), [open, originId, agentId]);

  const shown = detail !== null && detail.identity.id === agentId ? detail : null;
  return (
    <div className="screen screen-agent">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <a href={routeToHash({ screen: 'agents' })}>Agents</a> <span aria-hidden="true">›</span> <span aria-current="page">{shown?.identity.displayName ?? agentId}</span>
      </nav>
      <h1>{shown?.identity.displayName ?? agentId}</h1>
      {detailStatus === 'failed' && detailError !== null && <ErrorPanel error={detailError} onRetry={reloadDetail} />}
      {detailStatus === 'loading' && shown === null && <p role="status">Loading the agent…</p>}
      {shown !== null && (
        <div className="detail-grid">
          <IdentityPanel detail={shown} />
          <section className="panel panel-wide" aria-label="Trust score">
            <h2>Trust score</h2>
            {historyStatus === 'failed' && historyError !== null ? (
              <ErrorPanel error={historyError} onRetry={reloadHistory} />
            ) : history !== null && history.agentId === agentId ? (
              <TrustChart history={history} />
            ) : (
              <p role="status">Loading the trust history…</p>
            )}
          </section>
          <KeyTimeline keys={shown.keys} />
          <DelegationPanel detail={shown} />
          <FindingsPanel findings={shown.findings} />
          <RevocationPanel revocation={shown.revocation} />
        </div>
      )}
    </div>
  );
}
