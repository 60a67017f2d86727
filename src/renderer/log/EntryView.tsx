import { CopyButton } from '../components/CopyButton.tsx';
import { useMemo, useState } from 'react';
import type { LogEntryView } from '../../core/api/schemas/log.ts';
import { LocalTime } from '../components/LocalTime.tsx';
import { formatCount } from '../format.ts';
import { InclusionProof } from './InclusionProof.tsx';
import { prettyJson } from './log-format.ts';

/** One log entry: what it says, its canonical bytes, its signatures re-checked, the fold's verdict and its inclusion proof. */
export function EntryView({ entry }: { entry: LogEntryView }) {
  const [exact, setExact] = useState(false);
  const pretty = useMemo(() => prettyJson(entry.canonicalJson), [entry.canonicalJson]);
  const shown = exact || pretty === null ? entry.canonicalJson : pretty;
  const allValid = entry.signatures.length > 0 && entry.signatures.every((s) => s.valid);
  return (
    <article className="entry-view" aria-labelledby="entry-title">
      <h2 id="entry-title">
        Entry {formatCount(entry.index)} <span className="muted">of {formatCount(entry.treeSize)}</span>
      </h2>
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd className="mono">{entry.type ?? '—'}</dd>
        </div>
        <div>
          <dt>Subject</dt>
          <dd className="mono wrap">{entry.subject ?? '—'}</dd>
        </div>
        <div>
          <dt>Tenant</dt>
          <dd>{entry.tenant ?? '—'}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>
            <LocalTime value={entry.time} />
          </dd>
        </div>
      </dl>
      {entry.rejection !== null && (
        <section className="panel panel-warn" aria-label="Rejected by the fold">
          <h3>Rejected by the registry fold</h3>
          <p>
            <code>{entry.rejection.code}</code>
            {entry.rejection.rule !== null && <> · rule {entry.rejection.rule}</>}: {entry.rejection.message}
          </p>
        </section>
      )}
      <section className="panel" aria-label="Signatures">
        <h3>Signatures {entry.signatures.length > 0 && <span className={allValid ? 'ok' : 'bad'}>{allValid ? '(all valid)' : '(not all valid)'}</span>}</h3>
        {entry.signatures.length === 0 ? (
          <p>This entry carries no signature.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Signer</th>
                <th scope="col">Signature</th>
              </tr>
            </thead>
            <tbody>
              {entry.signatures.map((s, i) => (
                <tr key={i}>
                  <td>{s.role}</td>
                  <td className="hash">{s.signer}</td>
                  <td className={s.valid ? 'ok' : 'bad'}>{s.valid ? '✓ Valid' : '✗ Invalid'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-label="Canonical JSON">
        <div className="panel-head">
          <h3>Canonical JSON</h3>
          <CopyButton value={entry.canonicalJson} label="Copy exact bytes" />
          <button type="button" className="button button-quiet" aria-pressed={exact} onClick={() => setExact((v) => !v)} disabled={pretty === null}>
            Show exact bytes
          </button>
        </div>
        <p className="muted small">
          {exact || pretty === null
            ? 'The exact bytes that were signed and hashed into the log (RFC 8785).'
            : 'Indented for reading; the tokens are unchanged. Switch to the exact bytes to compare hashes.'}
        </p>
        <pre className="code-block" tabIndex={0} aria-label={exact ? 'Exact bytes' : 'Pretty-printed JSON'}>
          {shown}
        </pre>
      </section>
      <InclusionProof proof={entry.proof} title="Inclusion proof against the latest verified checkpoint" />
    </article>
  );
}
