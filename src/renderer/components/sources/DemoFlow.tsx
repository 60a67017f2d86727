import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResult } from '../../../core/api/contract.ts';
import { call } from '../../api.ts';
import { formatCount } from '../../format.ts';
import { useJobsStore } from '../../store/jobs-store.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { ProgressBar } from '../ProgressBar.tsx';
import { finishSource } from './finish-source.ts';
import { JobProgress } from './JobProgress.tsx';
import { KeyConfirmation } from './KeyConfirmation.tsx';
import { useAction } from './use-action.ts';

type Demo = ApiResult<'demo.start'>;

const startDemo = () => call('demo.start', {});
const connectDemo = (demo: Demo) =>
  call('registry.connect', { url: demo.url, logKey: demo.claimedKey.vkey, confirmFingerprint: demo.claimedKey.fingerprint });

/** Try the demo: start the built-in registry on 127.0.0.1 → the same key confirmation → connect → sync → Overview. */
export function DemoFlow({ onClose }: { onClose: () => void }) {
  const starting = useAction(startDemo);
  const connecting = useAction(connectDemo);
  const [demo, setDemo] = useState<Demo | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const trackJob = useJobsStore((state) => state.trackJob);
  const onSucceeded = useCallback((job: Parameters<typeof finishSource>[0]) => void finishSource(job), []);

  const start = useCallback(async () => {
    const result = await starting.run();
    if (result !== undefined) setDemo(result);
  }, [starting]);

  // Once per flow (the ref keeps StrictMode's second effect run from starting a second demo).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void start();
  }, [start]);

  const connect = async () => {
    if (demo === null) return;
    const started = await connecting.run(demo);
    if (started !== undefined) {
      trackJob(started.jobId);
      setJobId(started.jobId);
    }
  };

  if (jobId !== null) {
    return (
      <JobProgress
        jobId={jobId}
        onSucceeded={onSucceeded}
        onRetry={() => {
          setJobId(null);
          connecting.reset();
        }}
      />
    );
  }
  if (starting.status === 'running') {
    return (
      <div className="flow">
        <ProgressBar label="Starting the demo registry" done={0} total={null} unit="steps" />
        <p className="hint">The first start builds the demo organisation’s data on this computer: allow about 15 seconds.</p>
      </div>
    );
  }
  if (starting.error !== null) return <ErrorPanel error={starting.error} onRetry={() => void start()} />;
  if (demo === null) return null;
  const facts = (
    <>
      <div>
        <dt>Origin</dt>
        <dd>{demo.origin}</dd>
      </div>
      <div>
        <dt>Address</dt>
        <dd className="break">{demo.url}</dd>
      </div>
      <div>
        <dt>Demo data</dt>
        <dd>
          {formatCount(demo.agents)} agents, {formatCount(demo.entries)} log entries
        </dd>
      </div>
    </>
  );
  return (
    <div className="flow">
      <KeyConfirmation
        claimedKey={demo.claimedKey}
        facts={facts}
        explanation={
          <p>
            The demo registry runs on this computer with a key made for the demo, so here the fingerprint can only be compared
            with itself. With a real registry this step is what stops an impersonator.
          </p>
        }
        confirmLabel="Pin this key and open the demo"
        busy={connecting.status === 'running'}
        onConfirm={() => void connect()}
        onCancel={onClose}
      />
      {connecting.error !== null && <ErrorPanel error={connecting.error} onRetry={() => void connect()} />}
    </div>
  );
}
