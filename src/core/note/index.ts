/** C2SP signed notes, checkpoints, cosignatures and tlog-proof files. */
export { isValidKeyName } from './key-name.ts';
export {
  formatKeyId,
  formatVerifierKey,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  keyIdFor,
  keyLabel,
  parseVerifierKey,
} from './vkey.ts';
export type { NoteKeyType, VerifierKey } from './vkey.ts';
export { formatSignerKey, generateSignerKey, parseSignerKey, verifierKeyOf } from './signer-key.ts';
export type { SignerKey } from './signer-key.ts';
export { createEd25519Verifier, createNoteVerifier } from './verifier.ts';
export type { NoteVerifier } from './verifier.ts';
export {
  checkNoteText,
  formatSignatureLine,
  MAX_NOTE_SIGNATURES,
  openNote,
  parseNote,
  parseSignatureLine,
  signNote,
  SIGNATURE_PREFIX,
} from './signed-note.ts';
export type { NoteSignature, OpenedNote, ParsedNote, ParsedSignature } from './signed-note.ts';
export { formatCheckpoint, MAX_TREE_SIZE, parseCheckpoint } from './checkpoint.ts';
export type { Checkpoint } from './checkpoint.ts';
export {
  COSIGNATURE_V1_LENGTH,
  cosignatureMessage,
  cosignCheckpoint,
  createCosignatureVerifier,
  decodeCosignature,
  MAX_COSIGNATURE_TIMESTAMP,
  verifyCosignature,
} from './cosignature.ts';
export type { DecodedCosignature, VerifiedCosignature } from './cosignature.ts';
export { openCheckpoint } from './open-checkpoint.ts';
export type { CheckpointCosignature, OpenCheckpointOptions, OpenedCheckpoint } from './open-checkpoint.ts';
export { formatTlogProof, MAX_TLOG_PROOF_HASHES, parseTlogProof, TLOG_PROOF_HEADER } from './tlog-proof.ts';
export type { TlogProof } from './tlog-proof.ts';
