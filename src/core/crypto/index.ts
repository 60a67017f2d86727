/** Public API of the core crypto layer: SHA-256, Ed25519 and the one Ed25519 acceptance policy. */
export type { Ed25519Backend, Sha256Backend } from './backend.ts';
export { nobleSha256Backend, sha256 } from './sha256.ts';
export {
  checkEd25519Policy,
  isCanonicalPointEncoding,
  isCanonicalScalar,
  isSmallOrderPointEncoding,
  type Ed25519PolicyReason,
} from './ed25519-policy.ts';
export { checkEd25519SignatureWith, verifyEd25519With } from './ed25519-verify.ts';
export {
  checkEd25519Signature,
  generateSeed,
  nobleEd25519Backend,
  publicKeyFromSeed,
  signEd25519,
  verifyEd25519,
  type Ed25519Verdict,
} from './ed25519.ts';
