import { useEffect, useState } from 'react';
import type { UploadProgress } from '../../files/upload.ts';
import { formatBytes } from '../../format.ts';
import { ProgressBar } from '../ProgressBar.tsx';

/** Shown after a second of uploading (shorter ones would only flicker): bytes sent, rate, time left, Cancel. */
export function UploadStatus({ name, progress, onCancel }: { name: string; progress: UploadProgress | null; onCancel: () => void }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), 1000);
    return () => clearTimeout(timer);
  }, []);
  if (!shown) return <p className="muted">Reading {name}…</p>;
  const total = progress?.total ?? null;
  const sent = progress?.sent ?? 0;
  return (
    <div className="upload-status">
      <ProgressBar
        label={`Reading ${name}`}
        done={Math.round(sent / 1024)}
        total={total === null ? null : Math.round(total / 1024)}
        ratePerSecond={progress?.ratePerSecond == null ? null : progress.ratePerSecond / 1024}
        etaSeconds={progress?.etaSeconds ?? null}
        unit="KiB"
      />
      <p className="muted">
        {formatBytes(sent)} of {total === null ? '…' : formatBytes(total)}
      </p>
      <button type="button" className="button button-quiet button-small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
