import { CopyButton } from '../components/CopyButton.tsx';
import type { ReactNode } from 'react';
import type { AgentDetail } from '../../core/api/schemas/agents.ts';
import { LocalTime } from '../components/LocalTime.tsx';
import { formatCount } from '../format.ts';
import { routeToHash } from '../router.ts';
import { StatusBadge } from '../agents/agent-columns.tsx';
import { statusSentence } from './key-timeline.ts';

/** Who the agent is (identity, scopes) and where it stands (status with its cascade source, sessions, trust). */
export function IdentityPanel({ detail }: { detail: AgentDetail }) {
  const { identity, status, sessions, trust } = detail;
  return (
    <>
      <section className="panel" aria-labelledby="identity-title">
        <h2 id="identity-title">Identity</h2>
        <dl className="facts facts-wide">
          <Fact term="DID" mono>
            {identity.did} <CopyButton value={identity.did} label="Copy DID" />
          </Fact>
          <Fact term="MAIP id" mono>
            {identity.maipId ?? '—'}
          </Fact>
          <Fact term="Agent id" mono>
            {identity.id}
          </Fact>
          <Fact term="Tenant">
            {identity.tenantName === null ? (
              <span className="mono">{identity.tenant}</span>
            ) : (
              <>
                {identity.tenantName} <span className="muted mono small">({identity.tenant})</span>
              </>
            )}
          </Fact>
          <Fact term="Owner">{identity.owner ?? '—'}</Fact>
          <Fact term="Version">{identity.version ?? '—'}</Fact>
          <Fact term="Registered">
            <a href={routeToHash({ screen: 'log', index: identity.registeredIndex })}>entry {formatCount(identity.registeredIndex)}</a>
            {', '}
            <LocalTime value={identity.registeredTime} />
          </Fact>
          <Fact term="Description">{identity.description ?? '—'}</Fact>
          <Fact term="Purpose">{identity.purpose ?? '—'}</Fact>
          <Fact term="Capabilities">{identity.capabilities.length === 0 ? '—' : <TagList items={identity.capabilities} />}</Fact>
          <Fact term="Scopes">{detail.scopes.length === 0 ? 'None' : <TagList items={detail.scopes} />}</Fact>
        </dl>
      </section>
      <section className="panel" aria-labelledby="state-title">
        <h2 id="state-title">Status</h2>
        <p>
          <StatusBadge status={status.status} /> {statusSentence(status)}{' '}
          <a href={routeToHash({ screen: 'log', index: status.sinceIndex })}>Open entry {formatCount(status.sinceIndex)}</a>
          {status.cascadeFrom !== null && (
            <>
              {' · '}
              <a href={routeToHash({ screen: 'agent', agentId: status.cascadeFrom })}>Open {status.cascadeFrom}</a>
            </>
          )}
        </p>
        <dl className="facts">
          <Fact term="Since">
            <LocalTime value={status.sinceTime} />
          </Fact>
          <Fact term="Sessions">{formatCount(sessions.count)}</Fact>
          <Fact term="Last session">
            <LocalTime value={sessions.lastTime} />
            {sessions.lastId !== null && <span className="muted mono"> {sessions.lastId}</span>}
          </Fact>
          <Fact term="Trust score">{trust.score === null ? 'Unscored' : `${trust.score} (lowest ${trust.lowest ?? '—'})`}</Fact>
          <Fact term="Scores recorded">{formatCount(trust.count)}</Fact>
        </dl>
        {detail.statusHistory.length > 0 && (
          <table className="data-table">
            <caption>Status history</caption>
            <thead>
              <tr>
                <th scope="col">Entry</th>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">By</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {detail.statusHistory.map((h) => (
                <tr key={h.index}>
                  <td>
                    <a href={routeToHash({ screen: 'log', index: h.index })}>{formatCount(h.index)}</a>
                  </td>
                  <td>
                    <LocalTime value={h.time} />
                  </td>
                  <td>
                    {h.action}
                    {h.cascade ? ' (cascade)' : ''}
                  </td>
                  <td className="mono truncate">{h.by}</td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function Fact({ term, mono = false, children }: { term: string; mono?: boolean; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={mono ? 'mono wrap' : 'wrap'}>{children}</dd>
    </div>
  );
}

function TagList({ items }: { items: readonly string[] }) {
  return (
    <ul className="tags">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}
