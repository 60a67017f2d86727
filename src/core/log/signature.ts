import { z } from 'zod';
import { ProtocolError } from '../errors.ts';
import { bytesToBase64Url } from '../encoding/base64.ts';
import { didKeyFromPublicKey } from '../identity/did-key.ts';
import { publicKeyFromSeed, signEd25519 } from '../crypto/ed25519.ts';
import { didKeySchema, signatureValueSchema } from './fields.ts';

/**
 * Signatures carried by statements and admin commands (docs/protocol.md §2.5).
 *
 * Policy: a `signatures` array holds 1..16 objects `{role, key, sig}` in ascending order of `key`
 * (a did:key string; ASCII, so UTF-16 and byte order agree), one per key. Fixing the order makes
 * the stored bytes of a multi-signed statement unique: the same signers cannot produce two leaves.
 * `role` says in what capacity the key signs; it is not itself signed, so the state fold checks it
 * against the key (a wrong role is refused, never trusted).
 */

export const SIGNER_ROLES = ['agent', 'new_key', 'parent', 'admin', 'registry'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];
export const MAX_SIGNATURES = 16;

export interface EntrySignature {
  role: SignerRole;
  /** did:key of the Ed25519 public key that signed. */
  key: string;
  /** base64url (unpadded) of the 64-byte Ed25519 signature. */
  sig: string;
}

export const entrySignatureSchema = z.strictObject({
  role: z.enum(SIGNER_ROLES),
  key: didKeySchema,
  sig: signatureValueSchema,
});

export const signaturesSchema = z
  .array(entrySignatureSchema)
  .min(1)
  .max(MAX_SIGNATURES)
  .refine(isStrictlyAscendingByKey, 'signatures must be in strictly ascending order of key (one per key)');

function isStrictlyAscendingByKey(signatures: readonly { key: string }[]): boolean {
  for (let i = 1; i < signatures.length; i++) if (!((signatures[i - 1] as { key: string }).key < (signatures[i] as { key: string }).key)) return false;
  return true;
}

/** Something that can sign in a role: a seed held in memory, a key store, a hardware token. */
export interface StatementSigner {
  readonly role: SignerRole;
  /** did:key of the signing key. */
  readonly key: string;
  /** The 64-byte Ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array;
}

/**
 * A signer for a 32-byte Ed25519 seed held in memory (tests, fixtures, the demo). `sign` may replace
 * the portable Ed25519 signer (the Node layer passes OpenSSL for bulk generation); it must be RFC 8032
 * deterministic Ed25519 for the same bytes to come out. Throws ED25519_BAD_PRIVATE_KEY.
 */
export function seedSigner(
  role: SignerRole,
  seed: Uint8Array,
  sign: (seed: Uint8Array, message: Uint8Array) => Uint8Array = signEd25519,
  publicKey: Uint8Array = publicKeyFromSeed(seed),
): StatementSigner {
  const key = didKeyFromPublicKey(publicKey);
  return { role, key, sign: (message) => sign(seed, message) };
}

/**
 * Signs `message` with every signer and returns the signatures in the canonical order. Throws
 * INVALID_ARGUMENT for no signer, more than 16, two signers with one key, or a signer returning
 * something other than 64 bytes.
 */
export function signWithAll(message: Uint8Array, signers: readonly StatementSigner[]): EntrySignature[] {
  if (signers.length === 0 || signers.length > MAX_SIGNATURES) {
    throw new ProtocolError('INVALID_ARGUMENT', `between 1 and ${MAX_SIGNATURES} signers are needed`);
  }
  const signatures = signers.map((signer) => {
    const sig = signer.sign(message);
    if (!(sig instanceof Uint8Array) || sig.length !== 64) {
      throw new ProtocolError('INVALID_ARGUMENT', `signer ${signer.key} returned ${String(sig?.length)} bytes, not 64`);
    }
    return { role: signer.role, key: signer.key, sig: bytesToBase64Url(sig) };
  });
  signatures.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 1; i < signatures.length; i++) {
    if ((signatures[i - 1] as EntrySignature).key === (signatures[i] as EntrySignature).key) {
      throw new ProtocolError('INVALID_ARGUMENT', 'two signers use the same key');
    }
  }
  return signatures;
}
