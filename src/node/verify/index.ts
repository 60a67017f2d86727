/** Public API of the independent verifier (issue 5). */
export { verifyEvidence } from './verify-evidence.ts';
export type { FirstBadEntry, VerificationResult, VerifyHooks, VerifyProgress } from './verify-evidence.ts';
export { DEFAULT_POLICY, normaliseOptions, parseRfc3339 } from './options.ts';
export type { PolicyThresholds, SampleOptions, VerifyOptions } from './options.ts';
export { CHECK_NAMES, FINDING_CODES, compareFindings, makeFinding } from './findings.ts';
export type { CheckNumber, Finding, FindingCode, FindingSeverity } from './findings.ts';
export type { EvidenceCheckpoint, EvidenceDescription, EvidenceSource, InputHash, TileKind } from './evidence-source.ts';
export { createLayoutSource, checkpointHistoryPath } from './layout-source.ts';
export type { LayoutFiles } from './layout-source.ts';
export { openEvidenceDirectory, directoryFiles } from './directory-source.ts';
export { createMemoryEvidenceSource, memoryFiles } from './memory-source.ts';
export { openEvidence, EVIDENCE_OPENERS } from './open-evidence.ts';
export type { EvidenceOpener, OpenEvidenceOptions } from './open-evidence.ts';
export {
  CLAIMED_STATE_FORMAT,
  claimedStateFromRegistryState,
  claimedStateSchema,
  encodeClaimedState,
  parseClaimedState,
} from './claimed-state.ts';
export type { ClaimedAgent, ClaimedDelegation, ClaimedState, ClaimedTenant } from './claimed-state.ts';
export { diffClaimedState } from './claim-diff.ts';
export { chooseSampleIndices, sampleReceipt, sampleTlogProof } from './sample.ts';
export type { SampleItem, VerificationSample } from './sample.ts';
export { RECORD_FORMAT } from './record.ts';
export type { FindingCounts, Verdict } from './record.ts';
export { directorySink, mapSink, writeEvidence } from './evidence-writer.ts';
export type { EvidenceSink, EvidenceWriterOptions, WitnessSigner, WrittenEvidence } from './evidence-writer.ts';
