/**
 * Note verifiers: one configured key that can check signatures on note text. Pluggable, as in Go's
 * note.Verifier, so that a signature type with its own signed message (the 0x04 cosignature, whose
 * message is "cosignature/v1\ntime <t>\n" || text) is checked by the same note.Open logic.
 */
import { verifyEd25519 } from '../crypto/ed25519.ts';
import { createCosignatureVerifier } from './cosignature.ts';
import { KEY_TYPE_COSIGNATURE_V1, parseVerifierKey, type VerifierKey } from './vkey.ts';

export interface NoteVerifier {
  readonly name: string;
  /** uint32 key ID. */
  readonly keyId: number;
  /** Key type byte (0x01 Ed25519, 0x04 cosignature/v1, …); informational. */
  readonly type: number;
  /**
   * True iff `signature` (the decoded bytes after the 4-byte key ID; attacker-controlled) is valid
   * over the note `text` bytes. May throw a ProtocolError for a structurally invalid signature.
   */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** A verifier for a plain Ed25519 note key (type 0x01): Ed25519 over the note text. */
export function createEd25519Verifier(key: VerifierKey): NoteVerifier {
  const publicKey = key.publicKey;
  return {
    name: key.name,
    keyId: key.keyId,
    type: key.type,
    verify: (text, signature) => verifyEd25519(publicKey, text, signature),
  };
}

/**
 * The verifier for a vkey (string or parsed): type 0x01 → Ed25519 note signature, type 0x04 →
 * tlog-cosignature/v1. Throws VKEY_MALFORMED for a bad vkey string.
 */
export function createNoteVerifier(key: VerifierKey | string): NoteVerifier {
  const parsed = typeof key === 'string' ? parseVerifierKey(key) : key;
  return parsed.type === KEY_TYPE_COSIGNATURE_V1 ? createCosignatureVerifier(parsed) : createEd25519Verifier(parsed);
}
