/**
 * The independent verifier (issue 5; DESIGN §1: "a verified verdict means that every byte was
 * checked against keys that the auditor pinned"). `verifyEvidence` re-verifies an evidence source
 * end to end and returns a verdict, findings and a byte-reproducible verification record.
 *
 * Order of work:
 *  1–2. every stored checkpoint under the pinned log and witness keys; forks, rollbacks, witness
 *       time order (checkpoints.ts);
 *  3.   one streaming pass over the log up to the newest valid checkpoint: entries hashed, every
 *       hash tile and every checkpoint root recomputed, consistency between consecutive checkpoints
 *       proved from the recomputed nodes (log-scan.ts);
 *  4,6,7. in the same pass, pipelined: each entry parsed (entry-parse.ts), its signatures verified on
 *       worker threads (signature-checker.ts), then replayed in order through the state fold with
 *       the policy checks (replay.ts). If the fold shows a key used after the instant it was later
 *       reported compromised, a second pass replays the log again without the entries that key
 *       signed from then on (docs/protocol.md §5.4), so that no invalid entry is ever in the state;
 *  5.   the claimed state diffed against the replayed state at the claim's tree size (claim-diff.ts);
 *  7.   checkpoint coverage and freshness;
 *  and the seeded sample with its inclusion proofs (sample.ts), and the record (record.ts).
 *
 * Memory stays flat in the log's length: one batch of bundles in flight per stage, the fold state
 * (which grows with agents, not entries), and a bounded number of findings per code.
 * Cancellation: `signal` aborts between bundles with VERIFY_CANCELLED; worker threads are released.
 */
import { bytesToBase64, bytesToBase64Url, bytesToHex } from '../../core/encoding/index.ts';
import { ProtocolError } from '../../core/errors.ts';
import { didKeyFromPublicKey } from '../../core/identity/did-key.ts';
import { createRegistryState } from '../../core/registry/state.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { SignatureCheck } from '../../core/log/verify-signatures.ts';
import { timestampMs } from '../../core/log/time.ts';
import type { VerifyItem, VerifyPool } from '../crypto/verify-pool.ts';
import { nativeSha256 } from '../crypto/native-sha256.ts';
import { nativeHasher } from '../merkle/native-hasher.ts';
import { diffClaimedState } from './claim-diff.ts';
import { parseClaimedState, type ClaimedState } from './claimed-state.ts';
import { examineCheckpoints, type ValidCheckpoint } from './checkpoints.ts';
import { describeParseError, describeRawEntry, parseEntryFast, signatureChecksOf } from './entry-parse.ts';
import type { EvidenceCheckpoint, EvidenceSource } from './evidence-source.ts';
import { compareFindings, makeFinding, type Finding } from './findings.ts';
import { LogScan, type ScannedEntry } from './log-scan.ts';
import { normaliseOptions, type NormalisedOptions, type VerifyOptions } from './options.ts';
import { buildRecord, countFindings, encodeRecord, type FindingCounts, type RecordResults, type Verdict } from './record.ts';
import { Replay } from './replay.ts';
import { chooseSampleIndices, type SampleItem, type VerificationSample } from './sample.ts';
import { createInlineChecker, createPoolChecker, type SignatureChecker } from './signature-checker.ts';
import { toolVersion } from './tool-version.ts';

export interface VerifyProgress {
  readonly phase: 'checkpoints' | 'entries' | 'second-pass' | 'finishing';
  /** Entries processed in this phase. */
  readonly done: number;
  readonly total: number;
  /** Entries per second over the phase so far. */
  readonly ratePerSecond: number;
  /** Seconds left in this phase at that rate; null before a rate is known. */
  readonly etaSeconds: number | null;
}

export interface VerifyHooks {
  /** Called at most every 200 ms and at each phase end. */
  readonly onProgress?: (progress: VerifyProgress) => void;
  readonly signal?: AbortSignal;
  /** A verify pool owned by the caller (kept open); default: a pool started and closed here. */
  readonly verifyPool?: VerifyPool;
  /** Worker threads of the pool started here (default: available parallelism). */
  readonly workers?: number;
  /** Logs smaller than this verify signatures on this thread (default 2,048 entries). */
  readonly inlineBelow?: number;
  /** Tool version for the record (default: package.json). */
  readonly toolVersion?: string;
  /** The wall clock in ms (tests); used only when no `at` is given. */
  readonly now?: () => number;
}

export interface FirstBadEntry {
  readonly index: number;
  readonly code: string;
  readonly type?: string;
  readonly subject?: string;
}

export interface VerificationResult {
  readonly verdict: Verdict;
  readonly origin: string;
  readonly treeSize: bigint | null;
  /** The root recomputed from the entries at the newest valid checkpoint's size. */
  readonly rootHash: Uint8Array | null;
  readonly counts: FindingCounts;
  /** Sorted; at most `maxFindingsPerCode` per code (see `omitted`). */
  readonly findings: readonly Finding[];
  /** Findings left out per code (the counts include them). */
  readonly omitted: Readonly<Record<string, number>>;
  readonly firstBadEntry: FirstBadEntry | null;
  readonly sample: VerificationSample | null;
  /** The verification record: canonical JSON bytes (record.ts). */
  readonly record: Uint8Array;
  /** Figures for people (not in the record). */
  readonly stats: { readonly entries: number; readonly checkpoints: number; readonly secondPass: boolean; readonly elapsedMs: number };
}

const BATCH_BUNDLES = 4;
const MAX_IN_FLIGHT = 3;

interface PreparedBatch {
  readonly slots: readonly ScannedEntry[];
  readonly entries: (LogEntry | undefined)[];
  /** Per slot: where its checks start in the batch's items, and the checks (undefined: a key does not decode). */
  readonly checks: ({ readonly first: number; readonly list: readonly SignatureCheck[] | undefined } | undefined)[];
  readonly results: Promise<Uint8Array>;
}

/**
 * Verifies `source` against the pinned keys of `options` (see the module comment). Resolves with
 * the result whatever the evidence holds (bad evidence is findings and verdict `failed`). Rejects
 * with VKEY_MALFORMED or INVALID_ARGUMENT for bad options, EVIDENCE_UNREADABLE when the source
 * cannot be read, VERIFY_CANCELLED when `signal` aborts, VERIFY_POOL_* if the workers fail.
 */
export async function verifyEvidence(source: EvidenceSource, options: VerifyOptions, hooks: VerifyHooks = {}): Promise<VerificationResult> {
  const started = performance.now();
  const opts = normaliseOptions(options);
  const nowMs = hooks.now?.() ?? Date.now();
  const origin = opts.logKey.name;
  const config = { origin, registryKey: didKeyFromPublicKey(opts.logKey.publicKey) };
  createRegistryState(config); // INVALID_ARGUMENT if the key's name cannot be a registry origin
  const version = hooks.toolVersion ?? (await toolVersion());
  const progress = progressReporter(hooks.onProgress);
  const cancelled = (): void => {
    if (hooks.signal?.aborted) throw new ProtocolError('VERIFY_CANCELLED', 'verification cancelled');
  };

  // 1–2. Checkpoints.
  progress('checkpoints', 0, 0, true);
  const stored: EvidenceCheckpoint[] = [];
  for await (const c of source.listCheckpoints()) {
    cancelled();
    stored.push(c);
  }
  const exam = examineCheckpoints(stored, opts.logKey, opts.witnesses, opts.witnessPolicy);
  const findings: Finding[] = [...exam.findings];
  const newest = pickNewest(exam.valid);
  if (newest === undefined) {
    findings.push(makeFinding('NO_VALID_CHECKPOINT', { message: `none of the ${stored.length} stored checkpoint(s) verifies under the pinned log key: nothing can be verified` }));
  }

  // 5 (input). The claimed state, read before the scan so that the replay can snapshot at its size.
  const claimBytes = await source.readClaimedState();
  let claim: ClaimedState | undefined;
  if (claimBytes === undefined) {
    findings.push(makeFinding('CLAIM_MISSING', { message: 'the evidence holds no claimed state (claimed-state.json): check 5 was not performed' }));
  } else {
    try {
      claim = parseClaimedState(claimBytes);
    } catch (error) {
      findings.push(makeFinding('CLAIM_MALFORMED', { message: `claimed-state.json: ${error instanceof Error ? error.message : String(error)}` }));
    }
  }
  const size = newest === undefined ? 0 : Number(newest.size);
  if (newest !== undefined && newest.size > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolError('INVALID_ARGUMENT', `tree size ${newest.size} is beyond what can be scanned`);
  let claimSize: number | undefined;
  if (claim !== undefined) {
    if (claim.origin !== origin) {
      findings.push(makeFinding('CLAIM_ORIGIN', { message: `the claimed state is for origin "${claim.origin}", not "${origin}"` }));
      claim = undefined;
    } else if (newest === undefined || BigInt(claim.tree_size) > newest.size) {
      findings.push(
        makeFinding('CLAIM_TREE_SIZE', { message: `the claimed state is at tree size ${claim.tree_size}, beyond the newest verified checkpoint (${newest?.size ?? 'none'})`, size: claim.tree_size }),
      );
      claim = undefined;
    } else {
      claimSize = Number(claim.tree_size);
    }
  }

  // 3, 4, 6, 7. The scan and the replay.
  const sampleIndices = opts.sample === null || newest === undefined ? [] : chooseSampleIndices(opts.sample.seed, opts.sample.count, size);
  const sizes = [...new Set(exam.valid.map((c) => Number(c.size)))].filter((s) => s <= size).sort((a, b) => a - b);
  const recordTimes = new Set<number>(sampleIndices);
  for (const s of sizes) {
    if (s > 0) recordTimes.add(s - 1);
    if (s < size) recordTimes.add(s);
  }
  recordTimes.add(0);
  const replayBase = { config, policy: opts.policy, atMs: opts.atMs, nowMs, recordTimes, ...(claimSize === undefined ? {} : { claimSize }) };
  const checker =
    size < (hooks.inlineBelow ?? 2048) && hooks.verifyPool === undefined ? createInlineChecker() : createPoolChecker(hooks.verifyPool, hooks.workers);
  const scan = new LogScan({
    source,
    hasher: nativeHasher,
    size,
    checkpoints: exam.valid,
    sample: sampleIndices,
    batchBundles: BATCH_BUNDLES,
    ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
  });
  let replay = new Replay(replayBase);
  const parseFindings: Finding[] = [];
  const badSignatures = new Map<number, string[]>();
  let secondPass = false;
  try {
    if (newest !== undefined) {
      await runPass(scan, replay, checker, { parseFindings, badSignatures, verify: true }, (done) => progress('entries', done, size));
      replay.finish(scan.entriesStopAt ?? size);
      const late = lateCompromisedKeys(replay);
      if (late.size > 0) {
        secondPass = true;
        const again = new LogScan({ source, hasher: nativeHasher, size, checkpoints: [], sample: [], batchBundles: BATCH_BUNDLES, entriesOnly: true, ...(hooks.signal === undefined ? {} : { signal: hooks.signal }) });
        replay = new Replay({ ...replayBase, lateCompromised: late });
        await runPass(again, replay, checker, { parseFindings: [], badSignatures, verify: false }, (done) => progress('second-pass', done, size));
        replay.finish(again.entriesStopAt ?? size);
        const first = scan.root;
        const second = again.root;
        if (first === undefined || second === undefined || bytesToHex(first) !== bytesToHex(second)) {
          findings.push(makeFinding('EVIDENCE_UNSTABLE', { message: 'the entries read in the second pass differ from those read in the first: the evidence changed while it was verified' }));
        }
      }
    }
  } finally {
    await checker.close();
  }
  progress('finishing', size, size, true);
  findings.push(...scan.findings, ...parseFindings, ...replay.findings);

  // 5. Claimed state.
  if (claim !== undefined) {
    const replayed = replay.claimSnapshot;
    if (replayed === undefined) {
      findings.push(makeFinding('CLAIM_TREE_SIZE', { message: `the claimed state (tree size ${claim.tree_size}) could not be compared: the replay stopped before that size`, size: claim.tree_size }));
    } else {
      findings.push(...diffClaimedState(claim, replayed));
    }
  }

  // 7. Coverage and freshness of the checkpoints.
  if (newest !== undefined) findings.push(...freshnessFindings(exam.valid, sizes, size, replay, opts, nowMs));

  // Sample.
  let sample: VerificationSample | null = null;
  const root = scan.root;
  if (opts.sample !== null && newest !== undefined && root !== undefined) {
    const anchor = exam.valid.filter((c) => c.size === newest.size && equalHex(c.root, root)).sort((a, b) => Number(b.latest) - Number(a.latest))[0];
    if (anchor !== undefined) {
      const items: SampleItem[] = sampleIndices.map((index) => {
        const proof = scan.sampleProof(index);
        const described = replay.described.get(index);
        return {
          index: String(index),
          leaf_hash: bytesToBase64Url(proof?.leafHash ?? new Uint8Array(32)),
          ...(described === undefined ? {} : { type: described.type, subject: described.subject }),
          inclusion_proof: (proof?.proof ?? []).map((h) => bytesToBase64Url(h)),
        };
      });
      sample = { seed: opts.sample.seed, count: opts.sample.count, origin, tree_size: String(size), checkpoint: anchor.note, items };
    }
  }

  // Verdict and record.
  findings.sort(compareFindings);
  const counts = countFindings(findings);
  const { kept, omitted } = capFindings(findings, opts.maxFindingsPerCode);
  const verdict: Verdict = counts.by_severity.error > 0 ? 'failed' : 'verified';
  const firstBad = firstBadEntry(findings);
  const state = replay.state;
  const byStatus = { active: 0, suspended: 0, revoked: 0 };
  for (const agent of state.agents.values()) byStatus[agent.status]++;
  const results: RecordResults = {
    verdict,
    origin,
    treeSize: newest === undefined ? null : String(size),
    rootHash: root === undefined || newest === undefined ? null : bytesToBase64(root),
    checkpoints: { stored: stored.length, valid: exam.valid.length },
    entries: { total: size, applied: replay.applied, rejected: replay.rejected },
    firstBadEntry: firstBad,
    state: { tenants: state.tenants.size, agents: state.agents.size, delegations: state.delegations.size, byStatus },
    counts,
    findings: kept,
    omitted,
  };
  const record = buildRecord(
    version,
    {
      evidence: source.describe(),
      container: await source.inputHashes(),
      checkpoints: exam.inputs,
      claimedStateSha256: claimBytes === undefined ? null : bytesToHex(nativeSha256(claimBytes)),
      tiles: { entryBundles: scan.entryBundlesRead, hashTiles: scan.hashTilesRead, sha256: scan.digestHex() },
    },
    opts,
    results,
    sample,
  );
  return {
    verdict,
    origin,
    treeSize: newest === undefined ? null : BigInt(size),
    rootHash: newest === undefined ? null : (root ?? null),
    counts,
    findings: kept,
    omitted,
    firstBadEntry: firstBad,
    sample,
    record: encodeRecord(record),
    stats: { entries: size, checkpoints: exam.valid.length, secondPass, elapsedMs: performance.now() - started },
  };
}

/** The valid checkpoint the scan runs to: the largest size; among equals, the one presented as latest, then the first. */
function pickNewest(valid: readonly ValidCheckpoint[]): ValidCheckpoint | undefined {
  let best: ValidCheckpoint | undefined;
  for (const c of valid) {
    if (best === undefined || c.size > best.size || (c.size === best.size && c.latest && !best.latest)) best = c;
  }
  return best;
}

interface PassState {
  readonly parseFindings: Finding[];
  /** Indices whose signatures failed (filled in the first pass, reused by the second). */
  readonly badSignatures: Map<number, string[]>;
  readonly verify: boolean;
}

/** Streams `scan` through parsing, signature checks and `replay`, keeping up to MAX_IN_FLIGHT batches in flight. */
async function runPass(scan: LogScan, replay: Replay, checker: SignatureChecker, pass: PassState, onProgress: (done: number) => void): Promise<void> {
  const inFlight: PreparedBatch[] = [];
  let done = 0;
  const settle = async (batch: PreparedBatch): Promise<void> => {
    const results = await batch.results;
    foldBatch(batch, results, replay, pass);
    done += batch.slots.length;
    onProgress(done);
  };
  try {
    for await (const slots of scan.batches()) {
      inFlight.push(prepareBatch(slots, checker, pass));
      while (inFlight.length >= MAX_IN_FLIGHT) await settle(inFlight.shift() as PreparedBatch);
    }
    while (inFlight.length > 0) await settle(inFlight.shift() as PreparedBatch);
  } finally {
    // A failed or cancelled pass leaves no verification promise unobserved.
    for (const batch of inFlight) batch.results.catch(() => undefined);
  }
  if (scan.entriesStopAt !== undefined) replay.stop(scan.entriesStopAt, 'entries are missing from the evidence from here on');
}

function prepareBatch(slots: readonly ScannedEntry[], checker: SignatureChecker, pass: PassState): PreparedBatch {
  const entries: (LogEntry | undefined)[] = [];
  const checks: PreparedBatch['checks'] = [];
  const items: VerifyItem[] = [];
  for (const slot of slots) {
    if (slot.bytes === undefined) {
      entries.push(undefined);
      checks.push(undefined);
      continue;
    }
    let entry: LogEntry | undefined;
    try {
      entry = parseEntryFast(slot.bytes);
    } catch (error) {
      const { code, rule, message } = describeParseError(error);
      const raw = describeRawEntry(slot.bytes);
      pass.parseFindings.push(makeFinding(code, { message: `entry ${slot.index}: ${message}`, index: slot.index, ...raw, ...(rule === undefined ? {} : { rule }) }));
    }
    entries.push(entry);
    if (entry === undefined || !pass.verify) {
      checks.push(undefined);
      continue;
    }
    let list;
    try {
      list = signatureChecksOf(entry, slot.bytes);
    } catch {
      list = undefined;
    }
    checks.push({ first: items.length, list });
    // A check is a VerifyItem already (the pool copies what it needs before verifyBatch returns).
    if (list !== undefined) for (const c of list) items.push(c);
  }
  const results = checker.verify(items);
  results.catch(() => undefined);
  return { slots, entries, checks, results };
}

function foldBatch(batch: PreparedBatch, results: Uint8Array, replay: Replay, pass: PassState): void {
  batch.slots.forEach((slot, i) => {
    if (slot.bytes === undefined) {
      replay.stop(slot.index, 'entries are missing from the evidence from here on');
      return;
    }
    const entry = batch.entries[i];
    if (entry === undefined) {
      replay.apply({ index: slot.index });
      return;
    }
    let bad: string[] | undefined;
    const check = batch.checks[i];
    if (pass.verify && check !== undefined) {
      bad = failedChecks(check.first, check.list, results);
      if (bad !== undefined) pass.badSignatures.set(slot.index, bad);
    } else if (!pass.verify) {
      bad = pass.badSignatures.get(slot.index);
    }
    replay.apply(bad === undefined ? { index: slot.index, entry } : { index: slot.index, entry, badSignatures: bad });
  });
}

/** Descriptions of the checks that failed (a key that does not decode fails them all); undefined if none. */
function failedChecks(first: number, list: readonly SignatureCheck[] | undefined, results: Uint8Array): string[] | undefined {
  if (list === undefined) return ['a signer key does not decode'];
  let bad: string[] | undefined;
  list.forEach((c, k) => {
    if (results[first + k] !== 1) (bad ??= []).push(`${c.role} ${c.key}${c.where === 'command' ? ' (admin command)' : ''}`);
  });
  return bad;
}

/** Keys the fold saw used at or after a compromise instant reported later (docs/protocol.md §5.4). */
function lateCompromisedKeys(replay: Replay): Map<string, string> {
  const late = new Map<string, string>();
  for (const agent of replay.state.agents.values()) {
    for (const key of agent.keys) {
      if (key.usedAfterCompromise === true && key.compromisedAt !== undefined) late.set(key.key, key.compromisedAt);
    }
  }
  return late;
}

function freshnessFindings(
  valid: readonly ValidCheckpoint[],
  sizes: readonly number[],
  size: number,
  replay: Replay,
  opts: NormalisedOptions,
  nowMs: number,
): Finding[] {
  const out: Finding[] = [];
  const refMs = opts.atMs ?? nowMs;
  const { policy } = opts;
  // Gaps: consecutive checkpoint sizes (from the empty tree) too far apart in entries or time.
  let previous = 0;
  for (const s of sizes) {
    if (s <= previous) continue;
    const first = replay.times.get(previous);
    const last = replay.times.get(s - 1);
    const span = first === undefined || last === undefined ? 0 : timestampMs(last) - timestampMs(first);
    const entries = s - previous;
    if (span > policy.maxCheckpointGapMs || (policy.maxCheckpointGapEntries !== null && entries > policy.maxCheckpointGapEntries)) {
      out.push(
        makeFinding('CHECKPOINT_GAP', {
          message: `no checkpoint between sizes ${previous} and ${s}: ${entries} entries over ${Math.round(span / 60_000)} minute(s) of statement time`,
          index: previous,
          size: BigInt(s),
        }),
      );
    }
    previous = s;
  }
  // The newest checkpoint's age: its latest cosignature or first sighting, else its last entry's time.
  const atNewest = valid.filter((c) => Number(c.size) === size);
  let newestMs: number | undefined;
  for (const c of atNewest) {
    for (const w of c.cosigned) if (w.timestamp !== undefined) newestMs = Math.max(newestMs ?? 0, Number(w.timestamp) * 1000);
    if (c.seenAt !== undefined) newestMs = Math.max(newestMs ?? 0, timestampMs(c.seenAt));
  }
  const lastEntry = size > 0 ? replay.times.get(size - 1) : undefined;
  if (newestMs === undefined && lastEntry !== undefined) newestMs = timestampMs(lastEntry);
  if (newestMs !== undefined && refMs - newestMs > policy.maxCheckpointAgeMs) {
    out.push(
      makeFinding('CHECKPOINT_STALE', {
        // No clock reading in the text: without `at`, the record must not depend on when it ran.
        message: `the newest checkpoint (size ${size}) dates from ${new Date(newestMs).toISOString()}, more than ${formatDuration(policy.maxCheckpointAgeMs)} before the verification time`,
        size: BigInt(size),
      }),
    );
  }
  for (const c of valid) {
    for (const w of c.cosigned) {
      if (w.timestamp !== undefined && Number(w.timestamp) * 1000 > refMs + policy.clockSkewMs) {
        out.push(
          makeFinding('TIMESTAMP_IN_FUTURE', {
            message: `witness ${w.witness} cosigned ${c.source} at ${w.timestamp}, after the verification time`,
            source: c.source,
            size: c.size,
          }),
        );
      }
    }
  }
  return out;
}

function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} day(s)`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hour(s)`;
  return `${ms / 1000} s`;
}

function capFindings(sorted: readonly Finding[], max: number): { kept: Finding[]; omitted: Record<string, number> } {
  const seen = new Map<string, number>();
  const kept: Finding[] = [];
  const omitted: Record<string, number> = {};
  for (const f of sorted) {
    const n = (seen.get(f.code) ?? 0) + 1;
    seen.set(f.code, n);
    if (n <= max) kept.push(f);
    else omitted[f.code] = (omitted[f.code] ?? 0) + 1;
  }
  return { kept, omitted };
}

/**
 * The first bad byte (issue 5): the lowest-index error finding that names a log position, preferring
 * at one index a finding that names the entry's type and subject.
 */
function firstBadEntry(findings: readonly Finding[]): FirstBadEntry | null {
  let best: Finding | undefined;
  for (const f of findings) {
    if (f.severity !== 'error' || f.index === undefined) continue;
    const better =
      best === undefined ||
      f.index < (best.index as number) ||
      (f.index === best.index && best.type === undefined && f.type !== undefined);
    if (better) best = f;
  }
  if (best === undefined) return null;
  return {
    index: best.index as number,
    code: best.code,
    ...(best.type === undefined ? {} : { type: best.type }),
    ...(best.subject === undefined ? {} : { subject: best.subject }),
  };
}

function equalHex(a: Uint8Array, b: Uint8Array): boolean {
  return bytesToHex(a) === bytesToHex(b);
}

type Phase = VerifyProgress['phase'];

function progressReporter(onProgress: VerifyHooks['onProgress']): (phase: Phase, done: number, total: number, force?: boolean) => void {
  let phase: Phase | undefined;
  let phaseStart = 0;
  let last = 0;
  return (next, done, total, force = false) => {
    if (onProgress === undefined) return;
    const now = performance.now();
    if (next !== phase) {
      phase = next;
      phaseStart = now;
      last = 0;
    }
    if (!force && now - last < 200 && done < total) return;
    last = now;
    const seconds = (now - phaseStart) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    onProgress({ phase: next, done, total, ratePerSecond: rate, etaSeconds: rate > 0 ? (total - done) / rate : null });
  };
}
