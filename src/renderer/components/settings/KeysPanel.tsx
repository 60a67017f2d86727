import type { ReplicaSummary } from '../../../core/api/schemas/replicas.ts';
import { formatCount } from '../../format.ts';
import { replicaLabel } from '../../frame/ReplicaSwitcher.tsx';
import { Fingerprint } from '../Fingerprint.tsx';
import { Panel } from '../Panel.tsx';

/** Registries and bundles in this app, with the log and witness keys pinned for each (fingerprints to compare out of band). */
export function KeysPanel({ replicas }: { replicas: readonly ReplicaSummary[] }) {
  return (
    <Panel title="Registries and pinned keys" className="panel-wide">
      {replicas.length === 0 ? (
        <p>
          No registry or bundle yet, so no key is pinned. <a className="link" href="#/start">Add evidence</a> to pin a log key.
        </p>
      ) : (
        <ul className="key-list">
          {replicas.map((replica) => (
            <li key={replica.originId} className="key-item">
              <h3>{replicaLabel(replica)}</h3>
              <dl className="facts">
                <div>
                  <dt>Source</dt>
                  <dd className="break">{replica.source ?? '—'}</dd>
                </div>
                <div>
                  <dt>Entries</dt>
                  <dd>{formatCount(replica.entries)}</dd>
                </div>
                <div>
                  <dt>Log key</dt>
                  <dd>{replica.logKey.name}</dd>
                </div>
              </dl>
              <div className="fingerprint-box">
                <p className="fingerprint-caption">Log key fingerprint</p>
                <Fingerprint value={replica.logKey.fingerprint} label={`Copy the log key fingerprint of ${replica.origin}`} />
              </div>
              {replica.witnesses.length === 0 ? (
                <p className="muted">No witness key pinned: checkpoints are trusted on the log’s signature alone.</p>
              ) : (
                <>
                  <h4>Witness keys</h4>
                  <ul className="witness-list">
                    {replica.witnesses.map((witness) => (
                      <li key={witness.fingerprint}>
                        <span>{witness.name}</span> <Fingerprint value={witness.fingerprint} label={`Copy the fingerprint of witness ${witness.name}`} />
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
