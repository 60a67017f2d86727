import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiResult } from '../../../core/api/contract.ts';
import { registryUrlSchema } from '../../../core/api/schemas/sources.ts';
import { call } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { useJobsStore } from '../../store/jobs-store.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { onEnter } from '../on-enter.ts';
import { Fingerprint } from '../Fingerprint.tsx';
import { navigate } from '../../router.ts';
import { useSessionStore } from '../../store/session-store.ts';
import { startReplicaJob } from '../overview/start-job.ts';
import { finishSource } from './finish-source.ts';
import { JobProgress } from './JobProgress.tsx';
import { KeyConfirmation } from './KeyConfirmation.tsx';
import { useAction } from './use-action.ts';

type Probe = ApiResult<'registry.probe'>;

const probeRegistry = (url: string) => call('registry.probe', { url });
const connectRegistry = (probe: Probe) =>
  call('registry.connect', { url: probe.url, logKey: probe.claimedKey.vkey, confirmFingerprint: probe.claimedKey.fingerprint });

/** Connect to a registry: URL → probe (origin, size, claimed key) → confirm the fingerprint → connect → sync. */
export function ConnectRegistryFlow({ onClose }: { onClose: () => void }) {
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [probe, setProbe] = useState<Probe | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const probing = useAction(probeRegistry);
  const connecting = useAction(connectRegistry);
  const trackJob = useJobsStore((state) => state.trackJob);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  useEffect(() => inputRef.current?.focus(), []);

  const probeNow = async () => {
    const trimmed = url.trim();
    if (!registryUrlSchema.safeParse(trimmed).success) {
      setUrlError('Enter the registry’s address, starting with https:// (or http:// for a registry on this computer).');
      inputRef.current?.focus();
      return;
    }
    setUrlError(null);
    setProbe(null);
    const result = await probing.run(trimmed);
    if (result !== undefined) setProbe(result);
  };

  const connect = async () => {
    if (probe === null) return;
    const started = await connecting.run(probe);
    if (started !== undefined) {
      trackJob(started.jobId);
      setJobId(started.jobId);
    }
  };

  const onSucceeded = useCallback((job: Parameters<typeof finishSource>[0]) => void finishSource(job), []);
  const reset = () => {
    setJobId(null);
    setProbe(null);
    connecting.reset();
  };

  if (jobId !== null) return <JobProgress jobId={jobId} onSucceeded={onSucceeded} onRetry={reset} />;

  return (
    <div className="flow">
      <div className="form-row" role="group" aria-label="Registry address">
        <div className="form-field">
          <label htmlFor={inputId}>Registry URL</label>
          <input
            ref={inputRef}
            id={inputId}
            className="input"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="https://registry.example.com"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            onKeyDown={onEnter(() => void probeNow())}
            aria-invalid={urlError !== null}
            aria-describedby={urlError !== null ? `${errorId} ${hintId}` : hintId}
          />
          <p id={hintId} className="hint">
            Agent Warden reads the registry’s newest checkpoint and the key it claims. Nothing is pinned yet.
          </p>
          {urlError !== null && (
            <p id={errorId} className="field-error">
              {urlError}
            </p>
          )}
        </div>
        <button type="button" className="button" disabled={probing.status === 'running'} onClick={() => void probeNow()}>
          {probing.status === 'running' ? 'Checking…' : 'Check registry'}
        </button>
      </div>
      {probing.status === 'running' && <p role="status">Contacting the registry…</p>}
      {probing.error !== null && <ErrorPanel error={probing.error} onRetry={() => void probeNow()} />}
      {probe !== null && <ProbeResult probe={probe} busy={connecting.status === 'running'} onConfirm={() => void connect()} onCancel={onClose} />}
      {connecting.error !== null && <ErrorPanel error={connecting.error} onRetry={() => void connect()} />}
    </div>
  );
}

/** A registry already pinned: sync it, make it the active replica, and show its Overview (the job tray shows progress). */
async function syncPinned(originId: number): Promise<void> {
  await startReplicaJob('sync.start', originId);
  await useSessionStore.getState().setActiveOrigin(originId);
  navigate({ screen: 'overview' });
}

function ProbeResult({ probe, busy, onConfirm, onCancel }: { probe: Probe; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const facts = (
    <>
      <div>
        <dt>Origin</dt>
        <dd>{probe.origin}</dd>
      </div>
      <div>
        <dt>Address</dt>
        <dd className="break">{probe.url}</dd>
      </div>
      <div>
        <dt>Entries in the log</dt>
        <dd>{formatCount(probe.treeSize)}</dd>
      </div>
    </>
  );
  if (probe.pinned !== null && !probe.pinned.sameKey) {
    return (
      <section className="notice notice-danger" aria-label="Key mismatch">
        <p>
          <strong>This registry now claims a different key from the one pinned for {probe.origin}.</strong> A registry’s key
          should never change silently: this can mean the registry was replaced or is being impersonated. Do not connect until
          its operator confirms the change through a channel you trust.
        </p>
        <p>Key it claims now:</p>
        <Fingerprint value={probe.claimedKey.fingerprint} />
      </section>
    );
  }
  if (probe.pinned !== null) {
    const originId = probe.pinned.originId;
    return (
      <div className="notice">
        <p>{probe.origin} is already pinned here with this key: nothing new to confirm.</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => void syncPinned(originId)}>
            Sync it now
          </button>
        </div>
      </div>
    );
  }
  return (
    <section className="flow-step" aria-label="Confirm the log key">
      <KeyConfirmation claimedKey={probe.claimedKey} facts={facts} confirmLabel="Pin this key and connect" busy={busy} onConfirm={onConfirm} onCancel={onCancel} />
    </section>
  );
}
