import { useEffect, useId, useRef, useState } from 'react';
import { PRODUCT_NAME } from '../../core/api/product.ts';
import { InstallationPanel } from '../components/InstallationPanel.tsx';
import { ConnectRegistryFlow } from '../components/sources/ConnectRegistryFlow.tsx';
import { DemoFlow } from '../components/sources/DemoFlow.tsx';
import { OpenBundleFlow } from '../components/sources/OpenBundleFlow.tsx';
import { sessionSelectors } from '../store/session-selectors.ts';
import { useSessionStore } from '../store/session-store.ts';
import { uiSelectors, useUiStore } from '../store/ui-store.ts';

type FlowStart =
  | { readonly kind: 'bundle'; readonly file?: File; readonly openDialog: boolean }
  | { readonly kind: 'registry' }
  | { readonly kind: 'demo' };
type Flow = FlowStart & { readonly seq: number };

const FLOW_TITLES: Readonly<Record<Flow['kind'], string>> = {
  bundle: 'Open an evidence bundle',
  registry: 'Connect to a registry',
  demo: 'Try the demo',
};

let flowSeq = 0;

/**
 * First run, and adding evidence later: three ways in (a bundle, a registry, the demo). Each opens
 * its flow below the choices; every flow ends with the person confirming the log key's fingerprint.
 * The File menu and a drop on the window arrive as a source request (ui-store).
 */
export function StartScreen() {
  const replicas = useSessionStore(sessionSelectors.replicas);
  const request = useUiStore(uiSelectors.sourceRequest);
  const clearRequest = useUiStore(uiSelectors.clearSourceRequest);
  const [flow, setFlow] = useState<Flow | null>(null);
  const flowHeading = useRef<HTMLHeadingElement>(null);
  const flowTitleId = useId();

  const open = (next: FlowStart) => setFlow({ ...next, seq: ++flowSeq });

  useEffect(() => {
    if (request === null) return;
    clearRequest(request.seq);
    if (request.kind === 'bundle-file') open({ kind: 'bundle', file: request.file, openDialog: false });
    else if (request.kind === 'open-bundle') open({ kind: 'bundle', openDialog: true });
    else open({ kind: 'registry' });
  }, [request, clearRequest]);

  // A flow that opens takes the focus to its heading (the registry flow focuses its URL field itself).
  useEffect(() => {
    if (flow !== null && flow.kind !== 'registry') flowHeading.current?.focus();
  }, [flow]);

  const firstRun = replicas.length === 0;
  return (
    <div className="screen screen-start">
      <header className="screen-header">
        <h1 tabIndex={-1}>{firstRun ? `Welcome to ${PRODUCT_NAME}` : 'Add evidence'}</h1>
        <p className="lede">
          Verify the registry of your AI agents yourself: open an evidence bundle, connect to a registry, or try the demo. Nothing is
          trusted until you confirm the log key’s fingerprint.
        </p>
      </header>
      <ul className="choices">
        <li className="choice">
          <h2>Open an evidence bundle</h2>
          <p>A single file exported by a registry or by Agent Warden: the log, its checkpoints and a manifest. Works offline.</p>
          <button type="button" className="button" onClick={() => open({ kind: 'bundle', openDialog: true })}>
            Open an evidence bundle…
          </button>
        </li>
        <li className="choice">
          <h2>Connect to a registry</h2>
          <p>Keep a verified replica of a registry’s transparency log and sync it whenever you want.</p>
          <button type="button" className="button" onClick={() => open({ kind: 'registry' })}>
            Connect to a registry…
          </button>
        </li>
        <li className="choice">
          <h2>Try the demo</h2>
          <p>Starts a reference registry on this computer with a demo organisation, then syncs and verifies it.</p>
          <button type="button" className="button" onClick={() => open({ kind: 'demo' })}>
            Try the demo
          </button>
        </li>
      </ul>
      {flow !== null && (
        <section className="panel flow-panel" aria-labelledby={flowTitleId}>
          <h2 id={flowTitleId} ref={flowHeading} tabIndex={-1}>
            {FLOW_TITLES[flow.kind]}
          </h2>
          {flow.kind === 'bundle' && <OpenBundleFlow key={flow.seq} file={flow.file} openDialog={flow.openDialog} onClose={() => setFlow(null)} />}
          {flow.kind === 'registry' && <ConnectRegistryFlow key={flow.seq} onClose={() => setFlow(null)} />}
          {flow.kind === 'demo' && <DemoFlow key={flow.seq} onClose={() => setFlow(null)} />}
        </section>
      )}
      <InstallationPanel />
    </div>
  );
}
