/**
 * Fork and rollback evidence: a portable JSON document holding two checkpoints signed by one log key
 * that cannot both be honest, with the proof material that shows it, checkable by anyone with the
 * log's public key alone (`warden fork show`).
 *
 *   { "format": "warden.fork-evidence/v1", "kind": "fork" | "rollback", "origin", "logKey",
 *     "detectedAt", "source",
 *     "trusted":     { "note", "size", "root", "firstSeenAt", "source" },   // verified earlier
 *     "conflicting": { "note", "size", "root", "firstSeenAt", "source" },   // refused now
 *     "proof": null | { "size1", "size2", "hashes": [base64…], "subtree"?: base64 },
 *     "summary" }
 *
 * Notes are verbatim signed notes (C2SP signed-note); sizes decimal strings; hashes standard base64.
 * `proof` is RFC 9162 PROOF(size1, D[size2]) computed from the tiles of the LARGER checkpoint's tree;
 * `subtree` (when size1 is a power of two) is that tree's hash of its first size1 leaves.
 *
 * What each case proves (checkForkEvidence):
 * - equal sizes, different roots: a fork, by the two signatures alone (C2SP tlog-checkpoint: "the log
 *   MUST NOT sign two checkpoints that are inconsistent");
 * - different sizes with a proof that reproduces the larger root but not the smaller one: a fork;
 * - a smaller tree served after a larger one was verified, consistent or without proof: a rollback.
 *   Both checkpoints are genuine, but the order in which they were seen is not signed, and a stale
 *   cache can cause it: it is evidence to raise, not proof of a split view.
 * Keys are never taken from the document when the caller gives one; without one, the document's key
 * is used and the report says so.
 */
import { z } from 'zod';
import { base64ToBytes, bytesToBase64, bytesToHex, equalBytes } from '../../core/encoding/index.ts';
import { isProtocolError } from '../../core/errors.ts';
import { parseJsonStrict } from '../../core/json.ts';
import { rootsFromConsistencyProof } from '../../core/merkle/consistency.ts';
import { rfc6962Hasher } from '../../core/merkle/hash.ts';
import { openCheckpoint } from '../../core/note/open-checkpoint.ts';
import { parseVerifierKey } from '../../core/note/vkey.ts';
import { ReplicaError } from '../replica/replica-error.ts';

export const EVIDENCE_FORMAT = 'warden.fork-evidence/v1';
export const MAX_EVIDENCE_BYTES = 1 << 20;
const MAX_PROOF_HASHES = 128;

const decimal = z.string().regex(/^(0|[1-9][0-9]{0,19})$/);
const base64 = z.string().max(100);
const checkpointSchema = z.strictObject({
  note: z.string().min(1).max(64 * 1024),
  size: decimal,
  root: base64,
  firstSeenAt: z.string().max(64),
  source: z.string().max(2048),
});
const documentSchema = z.strictObject({
  format: z.literal(EVIDENCE_FORMAT),
  kind: z.enum(['fork', 'rollback']),
  origin: z.string().min(1).max(255),
  logKey: z.string().min(1).max(1024),
  detectedAt: z.string().max(64),
  source: z.string().max(2048),
  trusted: checkpointSchema,
  conflicting: checkpointSchema,
  proof: z
    .strictObject({
      size1: decimal,
      size2: decimal,
      hashes: z.array(base64).max(MAX_PROOF_HASHES),
      subtree: base64.optional(),
    })
    .nullable(),
  summary: z.string().max(4096),
});

export type ForkEvidence = z.infer<typeof documentSchema>;
export type EvidenceCheckpoint = ForkEvidence['trusted'];

export interface EvidenceProofInput {
  readonly size1: number;
  readonly size2: number;
  readonly hashes: readonly Uint8Array[];
  readonly subtree?: Uint8Array;
}

/** Builds an evidence document (no verification: the sync verified both checkpoints). */
export function buildForkEvidence(input: {
  kind: 'fork' | 'rollback';
  origin: string;
  logKey: string;
  detectedMs: number;
  source: string;
  trusted: { note: string; size: number; root: Uint8Array; firstSeenMs: number; source: string };
  conflicting: { note: string; size: number; root: Uint8Array; firstSeenMs: number; source: string };
  proof?: EvidenceProofInput;
  summary: string;
}): ForkEvidence {
  const cp = (c: typeof input.trusted): EvidenceCheckpoint => ({
    note: c.note,
    size: String(c.size),
    root: bytesToBase64(c.root),
    firstSeenAt: new Date(c.firstSeenMs).toISOString(),
    source: c.source,
  });
  return {
    format: EVIDENCE_FORMAT,
    kind: input.kind,
    origin: input.origin,
    logKey: input.logKey,
    detectedAt: new Date(input.detectedMs).toISOString(),
    source: input.source,
    trusted: cp(input.trusted),
    conflicting: cp(input.conflicting),
    proof:
      input.proof === undefined
        ? null
        : {
            size1: String(input.proof.size1),
            size2: String(input.proof.size2),
            hashes: input.proof.hashes.map((h) => bytesToBase64(h)),
            ...(input.proof.subtree === undefined ? {} : { subtree: bytesToBase64(input.proof.subtree) }),
          },
    summary: input.summary,
  };
}

/** The document as pretty JSON text (what is written to a file). */
export function formatForkEvidence(doc: ForkEvidence): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Parses an evidence file (attacker-controlled). Throws ReplicaError EVIDENCE_MALFORMED. */
export function parseForkEvidence(bytes: Uint8Array | string): ForkEvidence {
  const size = typeof bytes === 'string' ? bytes.length : bytes.length;
  if (size > MAX_EVIDENCE_BYTES) throw new ReplicaError('EVIDENCE_MALFORMED', `an evidence file is at most ${MAX_EVIDENCE_BYTES} bytes`);
  let value: unknown;
  try {
    const text = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    value = parseJsonStrict(text, { maxBytes: MAX_EVIDENCE_BYTES, maxDepth: 8 });
  } catch (error) {
    throw new ReplicaError('EVIDENCE_MALFORMED', 'the evidence file is not strict JSON', { cause: error });
  }
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success) {
    throw new ReplicaError('EVIDENCE_MALFORMED', `the evidence file does not match ${EVIDENCE_FORMAT}`, {
      details: { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
    });
  }
  return parsed.data;
}

export type EvidenceVerdict = 'fork-proven' | 'rollback' | 'not-proven';

export interface CheckedCheckpoint {
  readonly role: 'trusted' | 'conflicting';
  readonly size: string;
  readonly rootHex: string;
  readonly signed: boolean;
  readonly problem?: string;
}

export interface EvidenceReport {
  readonly verdict: EvidenceVerdict;
  readonly kind: 'fork' | 'rollback';
  readonly origin: string;
  /** Where the verifying key came from: the caller, or the document itself (weaker). */
  readonly keySource: 'argument' | 'document';
  readonly logKey: string;
  readonly checkpoints: readonly CheckedCheckpoint[];
  /** The old root the proof implies, hex, when a proof was checked and reproduced the larger root. */
  readonly impliedRootHex?: string;
  readonly explanation: readonly string[];
}

/**
 * Re-checks `doc` with only a public key (`logKey`, or the document's own key when absent) and says
 * what it proves (see the module comment). Throws VKEY_MALFORMED (ProtocolError) for a bad key.
 */
export function checkForkEvidence(doc: ForkEvidence, logKey?: string): EvidenceReport {
  const keyText = logKey ?? doc.logKey;
  const key = parseVerifierKey(keyText);
  const explanation: string[] = [];
  const base = { kind: doc.kind, origin: doc.origin, keySource: logKey === undefined ? 'document' : 'argument', logKey: keyText } as const;
  if (logKey === undefined) explanation.push('No --log-key was given: the key stored in the evidence file was used. Pin the key you trust.');

  const opened = (['trusted', 'conflicting'] as const).map((role) => openRole(doc, role, key));
  const checkpoints = opened.map((o) => o.summary);
  const failed = opened.filter((o) => o.checkpoint === undefined);
  if (failed.length > 0) {
    for (const f of failed) explanation.push(`The ${f.summary.role} checkpoint is not validly signed by ${key.name}: ${f.summary.problem ?? ''}`);
    return { ...base, verdict: 'not-proven', checkpoints, explanation };
  }
  const [trusted, conflicting] = opened.map((o) => o.checkpoint) as [OpenedCp, OpenedCp];
  explanation.push(`Both checkpoints are validly signed by the log key ${key.name} for origin ${trusted.origin}.`);
  if (trusted.origin !== conflicting.origin) {
    explanation.push('The two checkpoints name different origins: they belong to different logs and cannot conflict.');
    return { ...base, verdict: 'not-proven', checkpoints, explanation };
  }
  if (trusted.size === conflicting.size) {
    if (equalBytes(trusted.root, conflicting.root)) {
      explanation.push('They commit to the same tree (same size and root): nothing conflicts.');
      return { ...base, verdict: 'not-proven', checkpoints, explanation };
    }
    explanation.push(
      `FORK: both commit to a tree of ${trusted.size} entries with different roots. A log must never sign two different trees of one size (C2SP tlog-checkpoint): the registry has shown at least two histories.`,
    );
    return { ...base, verdict: 'fork-proven', checkpoints, explanation };
  }
  const [small, large] = trusted.size < conflicting.size ? [trusted, conflicting] : [conflicting, trusted];
  const proofResult = doc.proof === null ? undefined : checkProof(doc.proof, small, large);
  if (proofResult?.error !== undefined) explanation.push(`The proof material is unusable: ${proofResult.error}`);
  const implied = proofResult?.impliedRoot;
  if (implied !== undefined && !equalBytes(implied, small.root)) {
    explanation.push(
      `FORK: the consistency proof from the ${large.size}-entry tree reproduces its signed root, and shows that its first ${small.size} entries hash to ${bytesToHex(implied)}, not to the root ${bytesToHex(small.root)} the registry signed for that size. The larger tree does not extend the smaller one.`,
    );
    return { ...base, verdict: 'fork-proven', checkpoints, impliedRootHex: bytesToHex(implied), explanation };
  }
  if (implied !== undefined) explanation.push(`The consistency proof shows the ${large.size}-entry tree does extend the ${small.size}-entry tree.`);
  if (conflicting.size < trusted.size) {
    explanation.push(
      `ROLLBACK: after a tree of ${trusted.size} entries had been verified, the registry presented a tree of ${conflicting.size}. Both are genuine; a rollback hides the entries after ${conflicting.size} from this client (it may also be a stale cache). It is not by itself proof of a fork.`,
    );
    return { ...base, verdict: 'rollback', checkpoints, ...(implied === undefined ? {} : { impliedRootHex: bytesToHex(implied) }), explanation };
  }
  explanation.push('Without a proof that the trees differ, two checkpoints of different sizes do not prove a fork.');
  return { ...base, verdict: 'not-proven', checkpoints, explanation };
}

interface OpenedCp {
  readonly origin: string;
  readonly size: bigint;
  readonly root: Uint8Array;
}

function openRole(doc: ForkEvidence, role: 'trusted' | 'conflicting', key: ReturnType<typeof parseVerifierKey>): {
  summary: CheckedCheckpoint;
  checkpoint?: OpenedCp;
} {
  const entry = doc[role];
  try {
    const opened = openCheckpoint(entry.note, key);
    const { origin, size, rootHash } = opened.checkpoint;
    // The note is authoritative; the copied size and root are for people and must agree with it.
    if (String(size) !== entry.size || bytesToBase64(rootHash) !== entry.root) {
      return { summary: { role, size: entry.size, rootHex: '', signed: true, problem: 'the size or root fields disagree with the signed note' } };
    }
    return { summary: { role, size: String(size), rootHex: bytesToHex(rootHash), signed: true }, checkpoint: { origin, size, root: rootHash } };
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    return { summary: { role, size: entry.size, rootHex: '', signed: false, problem: `${error.code}: ${error.message}` } };
  }
}

function checkProof(
  proof: NonNullable<ForkEvidence['proof']>,
  small: OpenedCp,
  large: OpenedCp,
): { impliedRoot?: Uint8Array; error?: string } {
  try {
    if (BigInt(proof.size1) !== small.size || BigInt(proof.size2) !== large.size) return { error: 'its sizes are not those of the two checkpoints' };
    const hashes = proof.hashes.map((h) => base64ToBytes(h, 32));
    const subtree = proof.subtree === undefined ? undefined : base64ToBytes(proof.subtree, 32);
    const roots = rootsFromConsistencyProof(small.size, large.size, subtree ?? small.root, hashes, rfc6962Hasher);
    if (!equalBytes(roots.root2, large.root)) return { error: `it does not reproduce the signed root of the ${large.size}-entry tree` };
    return { impliedRoot: roots.root1 };
  } catch (error) {
    if (!isProtocolError(error)) throw error;
    return { error: `${error.code}: ${error.message}` };
  }
}
