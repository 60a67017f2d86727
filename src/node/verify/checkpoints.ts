/**
 * Checks 1 and 2 of the verifier on the stored checkpoints themselves (issue 5; C2SP
 * tlog-checkpoint, signed-note, tlog-cosignature):
 *
 * 1. each note must verify under the PINNED log key (never a key from the evidence) and name its
 *    origin; each pinned witness's cosignature, when present, must verify; the newest checkpoint
 *    needs at least `witnessPolicy` of them (older ones only get a warning: the newest one, linked to
 *    every older one by consistency, is what the history rests on);
 * 2. among the valid ones: no two of one size with different roots (a fork); the one presented as
 *    latest and every one seen later must not be smaller than one seen before (a rollback); a
 *    witness's cosignature times must not go backwards as the tree grows.
 * A checkpoint that fails check 1 is evidence of nothing and takes no further part; one with a bad
 * witness cosignature is still signed by the log and stays. Signature checks follow Go note.Open
 * (the first signature line by a configured key counts) with the one strict Ed25519 policy, on the
 * native backend (a history can hold thousands of checkpoints). Consistency between consecutive sizes
 * and the roots themselves are checked against the data by the scan (verify-evidence.ts).
 */
import { bytesToHex, equalBytes, utf8ToBytes } from '../../core/encoding/index.ts';
import { verifyEd25519 } from '../../core/crypto/ed25519.ts';
import { parseCheckpoint, type Checkpoint } from '../../core/note/checkpoint.ts';
import { cosignatureMessage, decodeCosignature } from '../../core/note/cosignature.ts';
import { parseNote, type ParsedNote, type ParsedSignature } from '../../core/note/signed-note.ts';
import { KEY_TYPE_COSIGNATURE_V1, keyLabel, type VerifierKey } from '../../core/note/vkey.ts';
import { nativeEd25519Backend } from '../crypto/native-ed25519.ts';
import { nativeSha256 } from '../crypto/native-sha256.ts';
import type { EvidenceCheckpoint } from './evidence-source.ts';
import { makeFinding, type Finding } from './findings.ts';

/** A stored checkpoint that verified under the pinned log key. */
export interface ValidCheckpoint {
  readonly source: string;
  readonly seenAt?: string;
  readonly latest: boolean;
  readonly size: bigint;
  readonly root: Uint8Array;
  /** The whole note, verbatim (for receipts). */
  readonly note: string;
  /** Pinned witnesses whose cosignature verified: their key label and POSIX seconds (0x04 only). */
  readonly cosigned: readonly { readonly witness: string; readonly timestamp?: bigint }[];
}

export interface CheckpointInput {
  readonly source: string;
  readonly sha256: string;
  readonly seenAt?: string;
}

export interface CheckpointExamination {
  readonly inputs: readonly CheckpointInput[];
  readonly valid: readonly ValidCheckpoint[];
  readonly findings: readonly Finding[];
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Examines every stored checkpoint (attacker-controlled notes) under the pinned keys. Identical
 * notes stored twice are examined once (the first source names them; `latest` and the earliest
 * `seenAt` are merged).
 */
export function examineCheckpoints(
  stored: readonly EvidenceCheckpoint[],
  logKey: VerifierKey,
  witnesses: readonly VerifierKey[],
  witnessPolicy: number,
): CheckpointExamination {
  const findings: Finding[] = [];
  const inputs: CheckpointInput[] = [];
  const unique = new Map<string, { first: EvidenceCheckpoint; latest: boolean; seenAt?: string }>();
  for (const item of stored) {
    const sha256 = bytesToHex(nativeSha256(item.note));
    inputs.push(item.seenAt === undefined ? { source: item.source, sha256 } : { source: item.source, sha256, seenAt: item.seenAt });
    const known = unique.get(sha256);
    if (known === undefined) {
      unique.set(sha256, { first: item, latest: item.latest === true, ...(item.seenAt === undefined ? {} : { seenAt: item.seenAt }) });
    } else {
      known.latest ||= item.latest === true;
      if (item.seenAt !== undefined && (known.seenAt === undefined || item.seenAt < known.seenAt)) known.seenAt = item.seenAt;
    }
  }
  const valid: ValidCheckpoint[] = [];
  for (const { first, latest, seenAt } of unique.values()) {
    const checked = examineOne(first, latest, seenAt, logKey, witnesses, findings);
    if (checked !== undefined) valid.push(checked);
  }
  const newest = valid.reduce<bigint>((max, c) => (c.size > max ? c.size : max), -1n);
  for (const c of valid) {
    if (c.cosigned.length < witnessPolicy) {
      findings.push(
        makeFinding('WITNESS_POLICY_NOT_MET', {
          severity: c.size === newest ? 'error' : 'warning',
          message: `checkpoint ${c.source} (size ${c.size}) is cosigned by ${c.cosigned.length} pinned witness(es); the policy requires ${witnessPolicy}`,
          source: c.source,
          size: c.size,
        }),
      );
    }
  }
  findings.push(...orderFindings(valid));
  return { inputs, valid, findings };
}

function examineOne(
  item: EvidenceCheckpoint,
  latest: boolean,
  seenAt: string | undefined,
  logKey: VerifierKey,
  witnesses: readonly VerifierKey[],
  findings: Finding[],
): ValidCheckpoint | undefined {
  const where = { source: item.source };
  let parsed: ParsedNote;
  let checkpoint: Checkpoint;
  try {
    parsed = parseNote(item.note);
    checkpoint = parseCheckpoint(parsed.text);
  } catch (error) {
    findings.push(makeFinding('CHECKPOINT_MALFORMED', { message: `checkpoint ${item.source}: ${error instanceof Error ? error.message : String(error)}`, ...where }));
    return undefined;
  }
  const textBytes = utf8ToBytes(parsed.text);
  // Go note.Open semantics for the one pinned log key: its first signature line must verify.
  const logSig = firstSignatureBy(parsed, logKey);
  if (logSig === undefined) {
    findings.push(makeFinding('CHECKPOINT_NOT_SIGNED', { message: `checkpoint ${item.source} carries no signature by the pinned log key ${keyLabel(logKey.name, logKey.keyId)}`, ...where }));
    return undefined;
  }
  if (!verifyEd25519(logKey.publicKey, textBytes, logSig.signature, nativeEd25519Backend)) {
    findings.push(makeFinding('CHECKPOINT_BAD_SIGNATURE', { message: `checkpoint ${item.source}: the signature by the pinned log key ${keyLabel(logKey.name, logKey.keyId)} does not verify`, ...where }));
    return undefined;
  }
  // c2sp.org/tlog-checkpoint: the origin SHOULD be the key name; for our logs it must be.
  if (checkpoint.origin !== logKey.name) {
    findings.push(makeFinding('CHECKPOINT_ORIGIN_MISMATCH', { message: `checkpoint ${item.source} names origin "${checkpoint.origin}", not the log key's "${logKey.name}"`, ...where }));
    return undefined;
  }
  const { size, rootHash } = checkpoint;
  const cosigned: { witness: string; timestamp?: bigint }[] = [];
  for (const witness of witnesses) {
    const label = keyLabel(witness.name, witness.keyId);
    if (witness.name === logKey.name && witness.keyId === logKey.keyId) continue;
    const sig = firstSignatureBy(parsed, witness);
    if (sig === undefined) continue;
    const timestamp = verifyWitness(witness, parsed.text, textBytes, sig);
    if (timestamp === false) {
      findings.push(makeFinding('WITNESS_BAD_SIGNATURE', { message: `checkpoint ${item.source} (size ${size}): the cosignature of pinned witness ${label} does not verify`, ...where, size }));
      continue;
    }
    cosigned.push(timestamp === true ? { witness: label } : { witness: label, timestamp });
  }
  return {
    source: item.source,
    ...(seenAt === undefined ? {} : { seenAt }),
    latest,
    size,
    root: rootHash,
    note: decoder.decode(item.note),
    cosigned,
  };
}

/** The first signature line by `key` (Go note.Open ignores later duplicates). */
function firstSignatureBy(note: ParsedNote, key: VerifierKey): ParsedSignature | undefined {
  return note.signatures.find((s) => s.name === key.name && s.keyId === key.keyId);
}

/**
 * A witness signature (attacker-controlled): type 0x04 is a c2sp.org/tlog-cosignature over
 * "cosignature/v1\ntime <t>\n" ‖ text (returns its time), type 0x01 a plain note signature
 * (returns true). False if it does not verify or is malformed.
 */
function verifyWitness(witness: VerifierKey, text: string, textBytes: Uint8Array, sig: ParsedSignature): bigint | boolean {
  if (witness.type !== KEY_TYPE_COSIGNATURE_V1) return verifyEd25519(witness.publicKey, textBytes, sig.signature, nativeEd25519Backend);
  let decoded;
  try {
    decoded = decodeCosignature(sig.base64);
  } catch {
    return false;
  }
  const message = cosignatureMessage(text, decoded.timestamp);
  return verifyEd25519(witness.publicKey, message, decoded.signature, nativeEd25519Backend) ? decoded.timestamp : false;
}

/** Forks, rollbacks and witness time order among valid checkpoints (check 2). */
function orderFindings(valid: readonly ValidCheckpoint[]): Finding[] {
  const findings: Finding[] = [];
  const bySize = new Map<bigint, ValidCheckpoint[]>();
  for (const c of valid) bySize.set(c.size, [...(bySize.get(c.size) ?? []), c]);
  for (const [size, group] of bySize) {
    const first = group[0] as ValidCheckpoint;
    for (const other of group.slice(1)) {
      if (!equalBytes(first.root, other.root)) {
        findings.push(
          makeFinding('CHECKPOINT_FORK', {
            message: `checkpoints ${first.source} and ${other.source} are both signed by the log key for size ${size} with different roots: the log forked`,
            source: other.source,
            size,
          }),
        );
      }
    }
  }
  const largest = valid.reduce<ValidCheckpoint | undefined>((max, c) => (max === undefined || c.size > max.size ? c : max), undefined);
  for (const c of valid) {
    if (c.latest && largest !== undefined && c.size < largest.size) {
      findings.push(
        makeFinding('CHECKPOINT_ROLLBACK', {
          message: `${c.source} is presented as the latest checkpoint (size ${c.size}) but ${largest.source} is a validly signed larger one (size ${largest.size})`,
          source: c.source,
          size: c.size,
        }),
      );
    }
  }
  const seen = valid.filter((c) => c.seenAt !== undefined).sort((a, b) => ((a.seenAt as string) < (b.seenAt as string) ? -1 : (a.seenAt as string) > (b.seenAt as string) ? 1 : 0));
  let maxSeen: ValidCheckpoint | undefined;
  for (const c of seen) {
    if (maxSeen !== undefined && c.size < maxSeen.size) {
      findings.push(
        makeFinding('CHECKPOINT_ROLLBACK', {
          message: `${c.source} (size ${c.size}) was seen at ${c.seenAt}, after ${maxSeen.source} (size ${maxSeen.size}) seen at ${maxSeen.seenAt}: an older tree presented as newer`,
          source: c.source,
          size: c.size,
        }),
      );
    }
    if (maxSeen === undefined || c.size > maxSeen.size) maxSeen = c;
  }
  const byWitness = new Map<string, { size: bigint; timestamp: bigint; source: string }[]>();
  for (const c of valid) {
    for (const w of c.cosigned) {
      if (w.timestamp !== undefined) byWitness.set(w.witness, [...(byWitness.get(w.witness) ?? []), { size: c.size, timestamp: w.timestamp, source: c.source }]);
    }
  }
  for (const [witness, list] of byWitness) {
    list.sort((a, b) => (a.size < b.size ? -1 : a.size > b.size ? 1 : 0));
    for (let i = 1; i < list.length; i++) {
      const previous = list[i - 1] as (typeof list)[number];
      const current = list[i] as (typeof list)[number];
      if (current.size > previous.size && current.timestamp < previous.timestamp) {
        findings.push(
          makeFinding('COSIGNATURE_TIME_ORDER', {
            message: `witness ${witness} cosigned ${current.source} (size ${current.size}) at ${current.timestamp}, before ${previous.source} (size ${previous.size}) at ${previous.timestamp}`,
            source: current.source,
            size: current.size,
          }),
        );
      }
    }
  }
  return findings;
}
