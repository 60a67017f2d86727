/**
 * The conformance entry point: exactly the functions an external test suite needs to run against
 * Agent Warden without knowing its internals. Each is a thin wrapper over the code the app, the CLI
 * and the server use; none has logic of its own beyond adapting argument and result shapes.
 *
 * Failure behaviour: the boolean verifiers return false for any invalid input or mismatch; the
 * parsers throw a ProtocolError with a stable `code` (see src/core/errors.ts).
 */
import { verifyEd25519 } from '../core/crypto/ed25519.ts';
import { publicKeyFromDidKey as corePublicKeyFromDidKey, didKeyFromPublicKey as coreDidKeyFromPublicKey } from '../core/identity/did-key.ts';
import { canonicalize as coreCanonicalize } from '../core/jcs.ts';
import { verifyMaipBundle as coreVerifyMaipBundle } from '../core/maip/verify.ts';
import { computeRoot } from '../core/merkle/compact-range.ts';
import { isConsistencyValid } from '../core/merkle/consistency.ts';
import { isInclusionValid } from '../core/merkle/inclusion.ts';
import { parseCheckpoint as coreParseCheckpoint } from '../core/note/checkpoint.ts';
import { openNote as coreOpenNote } from '../core/note/signed-note.ts';
import { createNoteVerifier } from '../core/note/verifier.ts';
import { parseVerifierKey } from '../core/note/vkey.ts';
import { nativeEd25519Backend } from './crypto/native-ed25519.ts';
import { nativeHasher } from './merkle/native-hasher.ts';

/** RFC 8785 canonical JSON of a JSON-compatible value. Throws JCS_* / JSON_TOO_DEEP. */
export function canonicalize(value: unknown): string {
  return coreCanonicalize(value);
}

/** Ed25519 under the project's one acceptance policy (src/core/crypto/ed25519-policy.ts), with either backend. */
export function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  backend: 'noble' | 'native',
): boolean {
  return backend === 'native' ? verifyEd25519(publicKey, message, signature, nativeEd25519Backend) : verifyEd25519(publicKey, message, signature);
}

/** RFC 9162 MTH over the leaf data (each leaf hashed as SHA-256(0x00 || data)). */
export function merkleRoot(leaves: Uint8Array[]): Uint8Array {
  return computeRoot(leaves, nativeHasher);
}

/** RFC 9162 §2.1.3.2 inclusion verification; false for a bad size, index, hash length, proof length or root. */
export function verifyInclusion(leafIndex: bigint, treeSize: bigint, leafHash: Uint8Array, proof: Uint8Array[], root: Uint8Array): boolean {
  return isInclusionValid(leafIndex, treeSize, leafHash, proof, root, nativeHasher);
}

/** RFC 9162 §2.1.4.2 consistency verification with the edge cases of docs/protocol.md; false on any failure. */
export function verifyConsistency(size1: bigint, size2: bigint, proof: Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  return isConsistencyValid(size1, size2, root1, root2, proof, nativeHasher);
}

/**
 * Opens a C2SP signed note with Go `note.Open` semantics. `verifierKeys` are vkeys; `verifiedBy`
 * lists, in note order, the vkeys (as given) whose signatures verified. Throws NOTE_UNVERIFIED when
 * no known key verifies, NOTE_BAD_SIGNATURE when a known key's signature fails, NOTE_MALFORMED,
 * VKEY_MALFORMED, NOTE_AMBIGUOUS_KEY.
 */
export function openNote(note: string, verifierKeys: string[]): { text: string; verifiedBy: string[] } {
  const keys = verifierKeys.map((vkey) => ({ vkey, key: parseVerifierKey(vkey) }));
  const opened = coreOpenNote(
    note,
    keys.map(({ key }) => createNoteVerifier(key)),
  );
  const verifiedBy = opened.verified.map((signature) => {
    const match = keys.find(({ key }) => key.name === signature.name && key.keyId === signature.keyId);
    return match?.vkey ?? `${signature.name}+${signature.keyId.toString(16).padStart(8, '0')}`;
  });
  return { text: opened.text, verifiedBy };
}

/** Parses C2SP tlog-checkpoint note text (strict). Throws CHECKPOINT_MALFORMED. */
export function parseCheckpoint(text: string): { origin: string; size: bigint; rootHash: Uint8Array; extensions: string[] } {
  const checkpoint = coreParseCheckpoint(text);
  return { origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash, extensions: [...checkpoint.extensions] };
}

/** `did:key:z6Mk…` of a 32-byte Ed25519 public key. Throws ED25519_BAD_PUBLIC_KEY. */
export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  return coreDidKeyFromPublicKey(publicKey);
}

/** The 32-byte Ed25519 public key of a did:key. Throws DID_KEY_INVALID. */
export function publicKeyFromDidKey(did: string): Uint8Array {
  return corePublicKeyFromDidKey(did);
}

/** Verifies a MAIP reference proof bundle at `now`; never throws (malformed input → MALFORMED). */
export function verifyMaipBundle(json: string, now: Date): { verdict: string; reasons: string[] } {
  const result = coreVerifyMaipBundle(json, now);
  return { verdict: result.verdict, reasons: [...result.reasons] };
}
