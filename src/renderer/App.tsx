import { useEffect } from 'react';
import { PRODUCT_NAME } from '../core/api/product.ts';
import { BrandMark } from './components/BrandMark.tsx';
import { ErrorPanel } from './components/ErrorPanel.tsx';
import { StatusPanel } from './components/StatusPanel.tsx';
import { appSelectors } from './store/app-selectors.ts';
import { useAppStore } from './store/app-store.ts';

/** The first screen: what Agent Warden is, and the state of this installation. */
export function App() {
  const info = useAppStore(appSelectors.appInfo);
  const status = useAppStore(appSelectors.appInfoStatus);
  const error = useAppStore(appSelectors.appInfoError);
  const loadAppInfo = useAppStore(appSelectors.loadAppInfo);

  useEffect(() => {
    void loadAppInfo();
  }, [loadAppInfo]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">
          <BrandMark />
          {PRODUCT_NAME}
        </span>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <section className="intro" aria-labelledby="welcome-title">
          <h1 id="welcome-title">{PRODUCT_NAME}</h1>
          <p className="lede">
            Govern the machine identities of AI agents and prove it to auditors: a verified registry replica, an independent
            transparency-log verifier, a kill switch and audit reports.
          </p>
        </section>
        {(status === 'idle' || status === 'loading') && (
          <p className="panel" role="status">
            Connecting to the app’s services…
          </p>
        )}
        {status === 'failed' && error !== null && <ErrorPanel error={error} onRetry={() => void loadAppInfo()} />}
        {status === 'ready' && info !== null && <StatusPanel info={info} />}
        <section className="panel" aria-labelledby="build-title">
          <h2 id="build-title">In this build</h2>
          <p>
            The protocol core that every part of Agent Warden shares is in place. Opening evidence bundles, connecting to a
            registry and the demo registry are not part of this build yet.
          </p>
        </section>
      </main>
    </div>
  );
}
