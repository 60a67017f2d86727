import { bytesToBase64Url } from '../encoding/base64.ts';
import { utf8ToBytes } from '../encoding/utf8.ts';
import { publicKeyFromSeed, signEd25519 } from '../crypto/ed25519.ts';
import { delegationSigningInput, receiptSigningInput } from './canonical.ts';
import type { GoJsonOptions } from './go-json.ts';
import type { MaipDelegation, MaipReceipt } from './bundle.ts';

/**
 * Signing the way MAIP's Go reference signs (`signReceipt`, `signDelegation`), so that we can emit
 * bundles its verifier accepts and build test bundles. The signature covers exactly the Go signing
 * input of `canonical.ts`.
 */

/**
 * Returns `receipt` with `signature` set as the reference sets it: alg "Ed25519", kid the issuer's
 * unpadded base64url public key, value the signature. Throws ED25519_BAD_PRIVATE_KEY for a seed that
 * is not 32 bytes, MAIP_MALFORMED for an invalid timestamp.
 */
export function signMaipReceipt(receipt: MaipReceipt, seed: Uint8Array, options: GoJsonOptions = {}): MaipReceipt {
  const signature = signEd25519(seed, utf8ToBytes(receiptSigningInput(receipt, options)));
  return {
    ...receipt,
    signature: { alg: 'Ed25519', kid: bytesToBase64Url(publicKeyFromSeed(seed)), value: bytesToBase64Url(signature) },
  };
}

/**
 * Returns `delegation` signed by the parent's 32-byte `seed` (signature and signature_algorithm
 * set). Throws like `signMaipReceipt`.
 */
export function signMaipDelegation(delegation: MaipDelegation, seed: Uint8Array, options: GoJsonOptions = {}): MaipDelegation {
  const signature = signEd25519(seed, utf8ToBytes(delegationSigningInput(delegation, options)));
  return { ...delegation, signature: bytesToBase64Url(signature), signature_algorithm: 'Ed25519' };
}
