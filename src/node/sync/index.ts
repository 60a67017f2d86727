/** Public API of verified sync (issue 4; DESIGN §4): sources, the sync engine, fork evidence. */
export type { LogSource } from './log-source.ts';
export { HttpLogSource, MAX_CHECKPOINT_BYTES, type HttpLogSourceOptions } from './http-log-source.ts';
export { syncReplica, type SyncReplicaOptions, type SyncResult } from './sync-replica.ts';
export { verifyPastCheckpoint, type PastCheckpointOptions } from './past-checkpoint.ts';
export type { SyncPhase, SyncProgress } from './progress.ts';
export { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry.ts';
export { createSignatureVerifier, type SignatureVerifier } from './signature-verifier.ts';
export { logKeyFingerprint } from './key-fingerprint.ts';
export {
  buildForkEvidence,
  checkForkEvidence,
  EVIDENCE_FORMAT,
  formatForkEvidence,
  MAX_EVIDENCE_BYTES,
  parseForkEvidence,
  type CheckedCheckpoint,
  type EvidenceReport,
  type EvidenceVerdict,
  type ForkEvidence,
} from './fork-evidence.ts';
export { ReplicaError, isReplicaError, type ReplicaErrorCode } from '../replica/replica-error.ts';
