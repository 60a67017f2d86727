/**
 * Opening a signed checkpoint: signed-note verification with the log's key (and optional witness
 * keys), then the strict checkpoint text parse.
 *
 * Policy:
 * - the note must carry a valid signature by the LOG key; witness signatures alone are not enough
 *   (NOTE_UNVERIFIED);
 * - Go note.Open semantics for every configured key, witnesses included: a configured key whose
 *   signature fails rejects the checkpoint (NOTE_BAD_SIGNATURE; a cosignature with a timestamp above
 *   2^63 − 1 gives COSIGNATURE_BAD_TIMESTAMP), unknown signatures are ignored and reported;
 * - `requireOriginMatchesKeyName` (default true, our own logs): the origin line must equal the log
 *   key's name (c2sp.org/tlog-checkpoint "SHOULD match"), else CHECKPOINT_ORIGIN_MISMATCH. Turn it
 *   off for logs such as sum.golang.org, whose origin "go.sum database tree" differs from its key name.
 * Structural checks run before any signature is verified.
 */
import { ProtocolError } from '../errors.ts';
import { parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { decodeCosignature } from './cosignature.ts';
import { openNote, parseNote, type NoteSignature } from './signed-note.ts';
import { createNoteVerifier } from './verifier.ts';
import { KEY_TYPE_COSIGNATURE_V1, parseVerifierKey, type VerifierKey } from './vkey.ts';

export interface OpenCheckpointOptions {
  /** Witness vkeys (type 0x04 cosigners; a type 0x01 key is checked as a plain note signature). */
  readonly witnesses?: readonly (VerifierKey | string)[];
  /** Default true. */
  readonly requireOriginMatchesKeyName?: boolean;
}

export interface CheckpointCosignature {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  /** POSIX seconds of a type 0x04 cosignature; null for a plain (0x01) witness signature. */
  readonly timestamp: bigint | null;
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The signed note text. */
  readonly text: string;
  readonly logKey: VerifierKey;
  /** Witnesses whose cosignature verified, in note order. */
  readonly cosignatures: readonly CheckpointCosignature[];
  /** Signatures by keys that were not configured. */
  readonly unverified: readonly NoteSignature[];
}

/**
 * Verifies and parses a signed checkpoint (attacker-controlled `note`).
 * Throws VKEY_MALFORMED (configured keys), NOTE_MALFORMED, CHECKPOINT_MALFORMED, NOTE_AMBIGUOUS_KEY,
 * NOTE_BAD_SIGNATURE, COSIGNATURE_MALFORMED, COSIGNATURE_BAD_TIMESTAMP, NOTE_UNVERIFIED,
 * CHECKPOINT_ORIGIN_MISMATCH.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  logKey: VerifierKey | string,
  options: OpenCheckpointOptions = {},
): OpenedCheckpoint {
  const log = typeof logKey === 'string' ? parseVerifierKey(logKey) : logKey;
  const witnesses = (options.witnesses ?? []).map((w) => (typeof w === 'string' ? parseVerifierKey(w) : w));
  const parsed = parseNote(note);
  const checkpoint = parseCheckpoint(parsed.text);
  const opened = openNote(parsed, [log, ...witnesses].map((k) => createNoteVerifier(k)));
  if (!opened.verified.some((s) => s.name === log.name && s.keyId === log.keyId)) {
    throw new ProtocolError('NOTE_UNVERIFIED', `checkpoint is not signed by the log key ${log.name}`, {
      details: { text: opened.text, unverified: opened.unverified },
    });
  }
  if ((options.requireOriginMatchesKeyName ?? true) && checkpoint.origin !== log.name) {
    throw new ProtocolError('CHECKPOINT_ORIGIN_MISMATCH', `checkpoint origin "${checkpoint.origin}" is not the log key name "${log.name}"`, {
      details: { origin: checkpoint.origin, keyName: log.name },
    });
  }
  const cosignatures: CheckpointCosignature[] = [];
  for (const sig of opened.verified) {
    const witness = witnesses.find((w) => w.name === sig.name && w.keyId === sig.keyId);
    if (witness === undefined || (witness.name === log.name && witness.keyId === log.keyId)) continue;
    const timestamp = witness.type === KEY_TYPE_COSIGNATURE_V1 ? decodeCosignature(sig.base64).timestamp : null;
    cosignatures.push({ name: sig.name, keyId: sig.keyId, type: witness.type, timestamp });
  }
  return { checkpoint, text: opened.text, logKey: log, cosignatures, unverified: opened.unverified };
}
