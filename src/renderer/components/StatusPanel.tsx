import type { AppInfo, AppRuntime } from '../../core/api/contract.ts';

const RUNTIME_LABELS: Readonly<Record<AppRuntime, string>> = {
  electron: 'Desktop app (Electron)',
  browser: 'Web browser (local bridge)',
};

/** What this installation is: version, runtime, and whether the app's services answer. */
export function StatusPanel({ info }: { info: AppInfo }) {
  return (
    <section className="panel" aria-labelledby="status-title">
      <h2 id="status-title">This installation</h2>
      <dl className="facts">
        <div>
          <dt>Version</dt>
          <dd>{info.version}</dd>
        </div>
        <div>
          <dt>Runtime</dt>
          <dd>{RUNTIME_LABELS[info.runtime]}</dd>
        </div>
        <div>
          <dt>App services</dt>
          <dd>
            <span className="status-dot" aria-hidden="true" />
            Connected
          </dd>
        </div>
      </dl>
    </section>
  );
}
