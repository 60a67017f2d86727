/**
 * Timestamped Ed25519 cosignatures, c2sp.org/tlog-cosignature signature type 0x04 ("cosignature/v1").
 *
 * A cosignature is a note signature line whose decoded bytes are
 *   key ID (4) || timestamp (uint64 big-endian, 8) || Ed25519 signature (64)   = 76 bytes,
 * the signature being over  "cosignature/v1\ntime <timestamp decimal>\n" || checkpoint note text.
 * Policy: a timestamp above 2^63 − 1 is rejected even when the signature bytes verify (the spec's
 * MUST NOT); future timestamps are accepted here (a freshness policy belongs to the caller).
 * Codes: COSIGNATURE_MALFORMED (not 76 bytes, not base64, wrong key type), COSIGNATURE_BAD_TIMESTAMP.
 */
import { ProtocolError } from '../errors.ts';
import { signEd25519, verifyEd25519 } from '../crypto/ed25519.ts';
import { base64ToBytes, concatBytes, readUint32BE, readUint64BE, utf8ToBytes, writeUint64BE } from '../encoding/index.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { checkNoteText, formatSignatureLine, parseSignatureLine } from './signed-note.ts';
import { parseSignerKey, type SignerKey } from './signer-key.ts';
import { KEY_TYPE_COSIGNATURE_V1, keyLabel, parseVerifierKey, type VerifierKey } from './vkey.ts';
import type { NoteVerifier } from './verifier.ts';

export const MAX_COSIGNATURE_TIMESTAMP = (1n << 63n) - 1n;
/** Decoded length of a cosignature/v1 signature line: key ID + timestamp + Ed25519 signature. */
export const COSIGNATURE_V1_LENGTH = 4 + 8 + 64;

export interface DecodedCosignature {
  readonly keyId: number;
  /** POSIX seconds, ≤ 2^63 − 1. */
  readonly timestamp: bigint;
  readonly signature: Uint8Array;
}

export interface VerifiedCosignature {
  readonly name: string;
  readonly keyId: number;
  readonly timestamp: bigint;
}

/**
 * Decodes the base64 field of a cosignature line (attacker-controlled). Throws COSIGNATURE_MALFORMED
 * unless it is canonical base64 of exactly 76 bytes, COSIGNATURE_BAD_TIMESTAMP above 2^63 − 1.
 */
export function decodeCosignature(base64: string): DecodedCosignature {
  let raw: Uint8Array;
  try {
    raw = base64ToBytes(base64);
  } catch (error) {
    throw new ProtocolError('COSIGNATURE_MALFORMED', 'cosignature is not canonical base64', { cause: error });
  }
  if (raw.length !== COSIGNATURE_V1_LENGTH) {
    throw new ProtocolError('COSIGNATURE_MALFORMED', `cosignature must be ${COSIGNATURE_V1_LENGTH} bytes, got ${raw.length}`);
  }
  return { keyId: readUint32BE(raw, 0), ...decodeTimestamped(raw.subarray(4)) };
}

/** The signed message "cosignature/v1\ntime <t>\n" || text. Precondition: 0 ≤ timestamp ≤ 2^63 − 1. */
export function cosignatureMessage(checkpointText: string, timestamp: bigint): Uint8Array {
  return utf8ToBytes(`cosignature/v1\ntime ${timestamp.toString(10)}\n${checkpointText}`);
}

/**
 * A note verifier for a witness key of type 0x04: checks timestamp || signature over the cosigned
 * message. Throws COSIGNATURE_MALFORMED for a non-0x04 key.
 */
export function createCosignatureVerifier(key: VerifierKey): NoteVerifier {
  if (key.type !== KEY_TYPE_COSIGNATURE_V1) {
    throw new ProtocolError('COSIGNATURE_MALFORMED', `key ${keyLabel(key.name, key.keyId)} is not a cosignature/v1 (0x04) key`);
  }
  const publicKey = key.publicKey;
  return {
    name: key.name,
    keyId: key.keyId,
    type: key.type,
    verify(text, signature) {
      // `signature` is attacker-controlled: length and timestamp are checked before any crypto.
      if (signature.length !== COSIGNATURE_V1_LENGTH - 4) {
        throw new ProtocolError('COSIGNATURE_MALFORMED', `cosignature must be ${COSIGNATURE_V1_LENGTH} bytes`, {
          details: { name: key.name, keyId: key.keyId },
        });
      }
      const { timestamp, signature: sig } = decodeTimestamped(signature);
      const message = concatBytes(utf8ToBytes(`cosignature/v1\ntime ${timestamp.toString(10)}\n`), text);
      return verifyEd25519(publicKey, message, sig);
    },
  };
}

/**
 * Verifies one cosignature line ("— name base64", attacker-controlled) over `checkpointText` with a
 * witness vkey. Throws NOTE_MALFORMED (not a signature line), NOTE_UNVERIFIED (line is by another
 * key), COSIGNATURE_MALFORMED, COSIGNATURE_BAD_TIMESTAMP, NOTE_BAD_SIGNATURE (does not verify).
 */
export function verifyCosignature(
  checkpointText: string,
  line: string,
  witness: VerifierKey | string,
): VerifiedCosignature {
  const key = typeof witness === 'string' ? parseVerifierKey(witness) : witness;
  const sig = parseSignatureLine(line);
  if (sig.name !== key.name || sig.keyId !== key.keyId) {
    throw new ProtocolError('NOTE_UNVERIFIED', `signature line is not by ${keyLabel(key.name, key.keyId)}`);
  }
  const decoded = decodeCosignature(sig.base64);
  if (!createCosignatureVerifier(key).verify(utf8ToBytes(checkpointText), sig.signature)) {
    throw new ProtocolError('NOTE_BAD_SIGNATURE', `invalid cosignature for key ${keyLabel(key.name, key.keyId)}`, {
      details: { name: key.name, keyId: key.keyId },
    });
  }
  return { name: key.name, keyId: key.keyId, timestamp: decoded.timestamp };
}

/**
 * Cosigns a checkpoint text as a witness and returns the signature line ("— name base64\n").
 * Preconditions: `checkpointText` is a valid checkpoint (CHECKPOINT_MALFORMED / NOTE_MALFORMED),
 * the signer key has type 0x04 (INVALID_ARGUMENT), 0 ≤ timestamp ≤ 2^63 − 1 (COSIGNATURE_BAD_TIMESTAMP).
 */
export function cosignCheckpoint(checkpointText: string, witness: SignerKey | string, timestamp: bigint | number): string {
  checkNoteText(checkpointText);
  parseCheckpoint(checkpointText);
  const signer = typeof witness === 'string' ? parseSignerKey(witness) : witness;
  if (signer.type !== KEY_TYPE_COSIGNATURE_V1) {
    throw new ProtocolError('INVALID_ARGUMENT', 'a cosignature needs a type 0x04 signer key');
  }
  if (typeof timestamp === 'number' && !Number.isSafeInteger(timestamp)) {
    throw new ProtocolError('COSIGNATURE_BAD_TIMESTAMP', 'timestamp must be an integer');
  }
  const ts = BigInt(timestamp);
  if (ts < 0n || ts > MAX_COSIGNATURE_TIMESTAMP) {
    throw new ProtocolError('COSIGNATURE_BAD_TIMESTAMP', 'timestamp must be between 0 and 2^63 - 1');
  }
  const signature = signEd25519(signer.seed, cosignatureMessage(checkpointText, ts));
  return formatSignatureLine(signer.name, signer.keyId, concatBytes(writeUint64BE(ts), signature));
}

/** Splits timestamp (8) || signature (64) and applies the 2^63 − 1 bound. */
function decodeTimestamped(bytes: Uint8Array): { timestamp: bigint; signature: Uint8Array } {
  const timestamp = readUint64BE(bytes, 0);
  if (timestamp > MAX_COSIGNATURE_TIMESTAMP) {
    throw new ProtocolError('COSIGNATURE_BAD_TIMESTAMP', `cosignature timestamp ${timestamp} exceeds 2^63 - 1`, {
      details: { timestamp: timestamp.toString() },
    });
  }
  return { timestamp, signature: bytes.subarray(8) };
}
