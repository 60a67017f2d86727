/** Public API of the replica store (docs: issue 4; DESIGN §4). */
export { ReplicaError, REPLICA_ERROR_CODES, RETRYABLE_CODES, isReplicaError, isRetryable, type ReplicaErrorCode } from './replica-error.ts';
export { openReplicaDatabase, migrateReplica, REPLICA_APPLICATION_ID, type OpenReplicaOptions, type ReplicaDatabase } from './open-replica.ts';
export { MIGRATIONS, LATEST_VERSION, DERIVED_TABLES, type Migration, type DerivedTable } from './migrations.ts';
export {
  ReplicaStore,
  type CheckpointRecord,
  type CheckpointStatus,
  type CosignatureInfo,
  type EntryEnvelope,
  type EvidenceRecord,
  type NewCheckpoint,
  type OriginRecord,
  type StoredTile,
  type SyncStateRecord,
} from './replica-store.ts';
export { restoreFoldState, type FoldPosition, type RestoredFold } from './fold-state.ts';
export { FoldSession, type FoldFailure, type FoldItem, type FoldOutcome } from './fold-session.ts';
export { DerivedStateWriter, DERIVED_COLUMNS, DERIVED_KEYS, type DirtySet } from './state-writer.ts';
export { prepareEntries, applySignatureResults, toFoldItem, type CheckedEntry } from './entry-checks.ts';
export { checkReplica, type CheckCode, type CheckFinding, type CheckOptions, type CheckReport, type OriginSummary } from './db-check.ts';
