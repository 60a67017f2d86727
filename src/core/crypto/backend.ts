/**
 * The two primitives the protocol needs, behind interfaces small enough that a portable
 * implementation (@noble, everywhere) and a native one (node:crypto / OpenSSL, `src/node`, bulk
 * work) are interchangeable. Neither backend decides what is acceptable: `ed25519-policy.ts` does,
 * before either is called, so the two can never disagree on an edge case.
 */

/** Raw Ed25519 verification: the cofactorless RFC 8032 §5.1.7 equation and nothing else. */
export interface Ed25519Backend {
  readonly name: 'noble' | 'native';
  /**
   * Checks [S]B = R + [k]A with k = SHA-512(R || A || M) mod L, without multiplying by the
   * cofactor. Precondition: `checkEd25519Policy(publicKey, signature) === 'ok'` (callers go through
   * `verifyEd25519`, which enforces it). Never throws on bad bytes: returns false.
   */
  verifyRaw(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** SHA-256 (FIPS 180-4). */
export interface Sha256Backend {
  readonly name: string;
  /** The 32-byte digest of `data`. */
  sha256(data: Uint8Array): Uint8Array;
}
