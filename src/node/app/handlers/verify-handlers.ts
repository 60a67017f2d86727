/**
 * verify.start, verify.latest, verify.exportRecord. The verifier re-checks the replica
 * independently of the sync that filled it (src/node/verify/replica-source.ts), under the pinned
 * log and witness keys only, with the policy limits from Settings; the report and the record are
 * saved per replica (report-store.ts).
 */
import { AppError } from '../../../core/api/errors.ts';
import { bytesToUtf8 } from '../../../core/encoding/utf8.ts';
import { createReplicaEvidenceSource } from '../../verify/replica-source.ts';
import { verifyEvidence } from '../../verify/verify-evidence.ts';
import { originLock, requireOrigin, type AppState } from '../app-state.ts';
import { verifyJobProgress } from '../job-progress.ts';
import { buildVerificationReport } from '../verification-report.ts';
import type { HandlerSlice } from './handler-types.ts';

const HOUR_MS = 60 * 60 * 1000;

export function createVerifyHandlers(state: AppState): HandlerSlice<'verify.start' | 'verify.latest' | 'verify.exportRecord'> {
  return {
    'verify.start': ({ originId }) => {
      const origin = requireOrigin(state, originId);
      const job = state.jobs.start(
        { kind: 'verify', title: `Verifying ${origin.origin}`, originId, lock: originLock(origin.origin) },
        async (control) => {
          const policy = state.settings.get().policy;
          const source = createReplicaEvidenceSource(state.store, origin.origin, `replica:${origin.origin}`);
          const result = await verifyEvidence(
            source,
            {
              logKey: origin.logKey,
              witnesses: origin.witnesses,
              policy: { dormantAfterMs: policy.dormantDays * 24 * HOUR_MS, maxCheckpointAgeMs: policy.checkpointMaxAgeHours * HOUR_MS },
            },
            { signal: control.signal, onProgress: (p) => control.progress(verifyJobProgress(p)), now: state.now },
          );
          const report = buildVerificationReport(result, { originId, jobId: control.id, atMs: state.now() });
          state.reports.save(report, result.record);
          const errors = report.counts.error ?? 0;
          return {
            summary:
              result.verdict === 'verified'
                ? `Verified ${report.entries.toLocaleString('en-US')} entries`
                : `Failed: ${errors.toLocaleString('en-US')} error finding${errors === 1 ? '' : 's'}`,
          };
        },
      );
      return { jobId: job.id };
    },
    'verify.latest': ({ originId }) => {
      requireOrigin(state, originId);
      return { report: state.reports.latest(originId) };
    },
    'verify.exportRecord': ({ originId }) => {
      const origin = requireOrigin(state, originId);
      const report = state.reports.latest(originId);
      const record = state.reports.record(originId);
      if (report === null || record === undefined) throw new AppError('APP_NOT_FOUND', 'this replica has not been verified yet');
      const safeOrigin = origin.origin.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 100);
      return { fileName: `verification-${safeOrigin}-${report.treeSize ?? '0'}.json`, json: bytesToUtf8(record) };
    },
  };
}
