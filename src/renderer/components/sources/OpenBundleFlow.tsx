import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiResult } from '../../../core/api/contract.ts';
import type { PinnedKey } from '../../../core/api/schemas/replicas.ts';
import { call, toAppError, toShownError, type ShownError } from '../../api.ts';
import type { ChosenFile, UploadProgress } from '../../files/upload.ts';
import { uploadFile } from '../../files/upload.ts';
import { useJobsStore } from '../../store/jobs-store.ts';
import { ErrorPanel } from '../ErrorPanel.tsx';
import { BundleInspection } from './BundleInspection.tsx';
import { finishSource } from './finish-source.ts';
import { JobProgress } from './JobProgress.tsx';
import { filesApi } from './upload-api.ts';
import { UploadStatus } from './UploadStatus.tsx';

type Inspected = ApiResult<'bundle.inspect'>;
type Step =
  | { readonly kind: 'choose' }
  | { readonly kind: 'dialog' }
  | { readonly kind: 'uploading'; readonly name: string; readonly progress: UploadProgress | null }
  | { readonly kind: 'inspecting' }
  | { readonly kind: 'inspected'; readonly inspected: Inspected }
  | { readonly kind: 'importing'; readonly jobId: string };

/** Codes meaning "no native dialog here" (a browser through the bridge): fall back to <input type=file>. */
const NO_DIALOG = new Set(['APP_UNSUPPORTED', 'API_UNKNOWN_METHOD', 'API_UNAVAILABLE']);

interface OpenBundleFlowProps {
  /** A file dropped on the window or chosen before the flow opened. */
  file?: File;
  /** Open the native dialog at once (the card's button, the File menu). */
  openDialog: boolean;
  onClose: () => void;
}

/**
 * Open an evidence bundle: choose (native dialog, file input, or a drop) → hand the file over in
 * chunks → inspect (origin, size, signer) → the log key (pinned already, or pasted and confirmed by
 * fingerprint) → import as a job → Overview. Leaving the flow discards a file not imported.
 */
export function OpenBundleFlow({ file, openDialog, onClose }: OpenBundleFlowProps) {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<ShownError | null>(null);
  const [importing, setImporting] = useState(false);
  const chosen = useRef<ChosenFile | null>(null);
  const upload = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const trackJob = useJobsStore((state) => state.trackJob);
  const onSucceeded = useCallback((job: Parameters<typeof finishSource>[0]) => {
    chosen.current = null;
    void finishSource(job);
  }, []);

  const discard = useCallback(() => {
    upload.current?.abort();
    const handle = chosen.current;
    chosen.current = null;
    if (handle !== null) void call('files.discard', { fileId: handle.fileId }).catch(() => undefined);
  }, []);
  // Leaving the flow (another choice, another screen) forgets a file that was not imported.
  useEffect(() => discard, [discard]);

  const fail = (failure: unknown) => {
    const { code, message } = toAppError(failure);
    // A cancelled upload is what the person asked for: no error to show.
    setError(code === 'APP_CANCELLED' ? null : { code, message });
    setStep({ kind: 'choose' });
  };

  const inspect = async (handle: ChosenFile) => {
    chosen.current = handle;
    setStep({ kind: 'inspecting' });
    try {
      setStep({ kind: 'inspected', inspected: await call('bundle.inspect', { fileId: handle.fileId }) });
    } catch (failure) {
      discard();
      fail(failure);
    }
  };

  const sendFile = async (source: File) => {
    discard();
    setError(null);
    const controller = new AbortController();
    upload.current = controller;
    setStep({ kind: 'uploading', name: source.name, progress: null });
    try {
      const handle = await uploadFile(source, filesApi, {
        signal: controller.signal,
        onProgress: (progress) => setStep({ kind: 'uploading', name: source.name, progress }),
      });
      await inspect(handle);
    } catch (failure) {
      fail(failure);
    } finally {
      if (upload.current === controller) upload.current = null;
    }
  };

  const chooseWithDialog = async () => {
    setError(null);
    setStep({ kind: 'dialog' });
    try {
      const { file: picked } = await call('files.openDialog', {});
      if (picked === null) setStep({ kind: 'choose' });
      else await inspect(picked);
    } catch (failure) {
      const appError = toAppError(failure);
      setStep({ kind: 'choose' });
      if (NO_DIALOG.has(appError.code)) inputRef.current?.click();
      else fail(appError);
    }
  };

  const importBundle = async (inspected: Inspected, key: PinnedKey | null) => {
    setImporting(true);
    setError(null);
    try {
      const args = key === null ? { fileId: inspected.file.fileId } : { fileId: inspected.file.fileId, logKey: key.vkey, confirmFingerprint: key.fingerprint };
      const { jobId } = await call('bundle.import', args);
      trackJob(jobId);
      setStep({ kind: 'importing', jobId });
    } catch (failure) {
      setError(toShownError(failure));
    } finally {
      setImporting(false);
    }
  };

  // Run once per flow: a dropped file is sent at once; the menu and the card open the dialog.
  const begun = useRef(false);
  useEffect(() => {
    if (begun.current) return;
    begun.current = true;
    if (file !== undefined) void sendFile(file);
    else if (openDialog) void chooseWithDialog();
  });

  const holding = step.kind === 'inspected' || step.kind === 'importing';
  return (
    <div className="flow">
      {holding ? (
        step.kind === 'inspected' && (
          <p>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => {
                discard();
                setStep({ kind: 'choose' });
              }}
            >
              Choose another file
            </button>
          </p>
        )
      ) : (
      <div className="form-field">
        <label htmlFor={inputId}>Evidence bundle file</label>
        <input
          ref={inputRef}
          id={inputId}
          className="file-input"
          type="file"
          accept=".zip,.bundle,.warden,application/zip"
          onChange={(event) => {
            const picked = event.target.files?.[0];
            event.target.value = '';
            if (picked !== undefined) void sendFile(picked);
          }}
          disabled={step.kind === 'uploading' || step.kind === 'inspecting'}
        />
        <p className="hint">Or drop the file anywhere on this window. Nothing is trusted or imported until you confirm the log key.</p>
      </div>
      )}
      {step.kind === 'dialog' && <p role="status">Waiting for you to choose a file…</p>}
      {step.kind === 'uploading' && <UploadStatus name={step.name} progress={step.progress} onCancel={discard} />}
      {step.kind === 'inspecting' && <p role="status">Reading the bundle’s manifest and checkpoints…</p>}
      {error !== null && <ErrorPanel error={error} />}
      {step.kind === 'inspected' && (
        <BundleInspection inspected={step.inspected} busy={importing} onImport={(key) => void importBundle(step.inspected, key)} onCancel={() => { discard(); onClose(); }} />
      )}
      {step.kind === 'importing' && <JobProgress jobId={step.jobId} onSucceeded={onSucceeded} onRetry={() => setStep({ kind: 'choose' })} />}
    </div>
  );
}
