/**
 * The verification record (issue 5 "Output"): a JSON document an auditor files with the working
 * papers and a second auditor re-performs and compares, byte for byte.
 *
 * Determinism policy: the record is RFC 8785 canonical JSON (src/core/jcs.ts) built only from the
 * evidence bytes, the pinned keys, the options and the tool version: no wall-clock time, host name,
 * absolute path or timing in it (the verification time appears only if passed as `at`); findings are
 * sorted (findings.ts `compareFindings`); every list is in a defined order. Same inputs and options,
 * same bytes.
 *
 * Shape (format "warden.verification-record/v1"):
 *   tool      { name, version }
 *   inputs    { evidence {kind, name}, container [{name, sha256}], checkpoints [{source, sha256, seen_at?}],
 *               claimed_state {sha256} | null, tiles {entry_bundles, hash_tiles, sha256} }
 *   pinned    { log_key, witnesses [vkey…], witness_policy }
 *   options   { at | null, sample {count, seed} | null, policy {…thresholds in ms}, max_findings_per_code }
 *   results   { verdict, origin, tree_size | null, root_hash | null (base64, recomputed from the entries),
 *               checkpoints {stored, valid}, entries {total, applied, rejected},
 *               first_bad_entry {index, code, type?, subject?} | null,
 *               state {tenants, agents, delegations, agents_by_status {active, suspended, revoked}},
 *               counts {by_check {"1"…"7": {error, warning, info}}, by_severity {…}, by_code {CODE: n}},
 *               findings [Finding…], findings_omitted {CODE: n} }
 *   sample    VerificationSample | null
 */
import { canonicalBytes } from '../../core/jcs.ts';
import type { CheckpointInput } from './checkpoints.ts';
import type { EvidenceDescription, InputHash } from './evidence-source.ts';
import type { CheckNumber, Finding, FindingSeverity } from './findings.ts';
import type { NormalisedOptions } from './options.ts';
import type { VerificationSample } from './sample.ts';

export const RECORD_FORMAT = 'warden.verification-record/v1';

export type Verdict = 'verified' | 'failed';

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export interface FindingCounts {
  readonly by_check: Readonly<Record<`${CheckNumber}`, SeverityCounts>>;
  readonly by_severity: SeverityCounts;
  readonly by_code: Readonly<Record<string, number>>;
}

export interface RecordInputs {
  readonly evidence: EvidenceDescription;
  readonly container: readonly InputHash[];
  readonly checkpoints: readonly CheckpointInput[];
  readonly claimedStateSha256: string | null;
  readonly tiles: { readonly entryBundles: number; readonly hashTiles: number; readonly sha256: string };
}

export interface RecordResults {
  readonly verdict: Verdict;
  readonly origin: string;
  readonly treeSize: string | null;
  readonly rootHash: string | null;
  readonly checkpoints: { readonly stored: number; readonly valid: number };
  readonly entries: { readonly total: number; readonly applied: number; readonly rejected: number };
  readonly firstBadEntry: { readonly index: number; readonly code: string; readonly type?: string; readonly subject?: string } | null;
  readonly state: { readonly tenants: number; readonly agents: number; readonly delegations: number; readonly byStatus: SeverityLike };
  readonly counts: FindingCounts;
  readonly findings: readonly Finding[];
  readonly omitted: Readonly<Record<string, number>>;
}

type SeverityLike = { readonly active: number; readonly suspended: number; readonly revoked: number };

/** Counts per check, per severity and per code (of every finding, before any is omitted). */
export function countFindings(findings: readonly Finding[]): FindingCounts {
  const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0 });
  const byCheck = { '1': zero(), '2': zero(), '3': zero(), '4': zero(), '5': zero(), '6': zero(), '7': zero() };
  const bySeverity = zero();
  const byCode: Record<string, number> = {};
  for (const f of findings) {
    byCheck[`${f.check}`][f.severity as FindingSeverity]++;
    bySeverity[f.severity]++;
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  }
  return { by_check: byCheck, by_severity: bySeverity, by_code: byCode };
}

/** The record's JSON value (see the module comment). */
export function buildRecord(
  toolVersion: string,
  inputs: RecordInputs,
  options: NormalisedOptions,
  results: RecordResults,
  sample: VerificationSample | null,
): unknown {
  return {
    format: RECORD_FORMAT,
    tool: { name: 'agent-warden', version: toolVersion },
    inputs: {
      evidence: { kind: inputs.evidence.kind, name: inputs.evidence.name },
      container: inputs.container.map((h) => ({ name: h.name, sha256: h.sha256 })),
      checkpoints: inputs.checkpoints.map((c) => (c.seenAt === undefined ? { source: c.source, sha256: c.sha256 } : { source: c.source, sha256: c.sha256, seen_at: c.seenAt })),
      claimed_state: inputs.claimedStateSha256 === null ? null : { sha256: inputs.claimedStateSha256 },
      tiles: { entry_bundles: inputs.tiles.entryBundles, hash_tiles: inputs.tiles.hashTiles, sha256: inputs.tiles.sha256 },
    },
    pinned: { log_key: options.logKeyText, witnesses: [...options.witnessTexts].sort(), witness_policy: options.witnessPolicy },
    options: {
      at: options.at,
      sample: options.sample === null ? null : { count: options.sample.count, seed: options.sample.seed },
      policy: {
        max_delegation_depth: options.policy.maxDelegationDepth,
        suspension_grace_ms: options.policy.suspensionGraceMs,
        dormant_after_ms: options.policy.dormantAfterMs,
        max_checkpoint_age_ms: options.policy.maxCheckpointAgeMs,
        max_checkpoint_gap_ms: options.policy.maxCheckpointGapMs,
        max_checkpoint_gap_entries: options.policy.maxCheckpointGapEntries,
        clock_skew_ms: options.policy.clockSkewMs,
      },
      max_findings_per_code: options.maxFindingsPerCode,
    },
    results: {
      verdict: results.verdict,
      origin: results.origin,
      tree_size: results.treeSize,
      root_hash: results.rootHash,
      checkpoints: results.checkpoints,
      entries: results.entries,
      first_bad_entry: results.firstBadEntry,
      state: {
        tenants: results.state.tenants,
        agents: results.state.agents,
        delegations: results.state.delegations,
        agents_by_status: results.state.byStatus,
      },
      counts: results.counts,
      findings: results.findings,
      findings_omitted: results.omitted,
    },
    sample,
  };
}

/** The record's canonical bytes. */
export function encodeRecord(record: unknown): Uint8Array {
  return canonicalBytes(record);
}
