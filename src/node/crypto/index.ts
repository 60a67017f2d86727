/** Public API of the Node crypto services: native SHA-256 and Ed25519, and the verify pool. */
export {
  DEFAULT_KEY_CACHE_SIZE,
  checkEd25519SignatureNative,
  createNativeEd25519Backend,
  nativeEd25519Backend,
  verifyEd25519Native,
  type NativeEd25519BackendOptions,
} from './native-ed25519.ts';
export { nativeSha256, nativeSha256Backend } from './native-sha256.ts';
export { createVerifyPool, type VerifyItem, type VerifyPool, type VerifyPoolOptions } from './verify-pool.ts';
