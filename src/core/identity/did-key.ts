import { ProtocolError } from '../errors.ts';
import { base58btcToBytes, bytesToBase58btc } from '../encoding/base58.ts';

/**
 * did:key for Ed25519 verification keys (w3c-ccg did-method-key; tlog-specs.md §9):
 * `did:key:z` + base58btc(varint(0xed) = 0xed 0x01 || 32-byte public key), so always `did:key:z6Mk…`.
 *
 * Policy for parsing (attacker-controlled input): only the bare DID is accepted: exactly the
 * lowercase prefix `did:key:`, multibase `z` (base58btc), multicodec ed25519-pub (0xed 0x01) and a
 * 32-byte key. No DID URL parts (`#fragment`, `?query`, `/path`), no version segment, no other key
 * types (an X25519 `z6LS…` key names no signing key), and the value must re-encode to the same string,
 * so one key has one DID. The key bytes are not checked to be a curve point here; signature
 * verification rejects a bad point.
 */

const DID_KEY_PREFIX = 'did:key:z';
/** Unsigned varint of the multicodec code 0xed (ed25519-pub). */
const ED25519_PUB_MULTICODEC = [0xed, 0x01] as const;
const ED25519_PUBLIC_KEY_LENGTH = 32;
// 34 bytes are at most 47 base58 characters; anything longer cannot be one of ours.
const MAX_ENCODED_LENGTH = 64;

/** The did:key of a 32-byte Ed25519 public key. Throws ED25519_BAD_PUBLIC_KEY for another size. */
export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new ProtocolError('ED25519_BAD_PUBLIC_KEY', `an Ed25519 public key is ${ED25519_PUBLIC_KEY_LENGTH} bytes`);
  }
  const multicodec = new Uint8Array(ED25519_PUB_MULTICODEC.length + ED25519_PUBLIC_KEY_LENGTH);
  multicodec.set(ED25519_PUB_MULTICODEC, 0);
  multicodec.set(publicKey, ED25519_PUB_MULTICODEC.length);
  return DID_KEY_PREFIX + bytesToBase58btc(multicodec);
}

/**
 * The 32-byte Ed25519 public key named by `did` (see the policy above). Throws DID_KEY_INVALID for
 * anything else, with the underlying codec error as `cause`.
 */
export function publicKeyFromDidKey(did: string): Uint8Array {
  if (typeof did !== 'string' || !did.startsWith(DID_KEY_PREFIX)) {
    throw invalid('not a did:key with a base58btc (z) multibase value');
  }
  const encoded = did.slice(DID_KEY_PREFIX.length);
  let decoded: Uint8Array;
  try {
    decoded = base58btcToBytes(encoded, { maxLength: MAX_ENCODED_LENGTH });
  } catch (error) {
    throw invalid('multibase value is not valid base58btc', error);
  }
  if (decoded[0] !== ED25519_PUB_MULTICODEC[0] || decoded[1] !== ED25519_PUB_MULTICODEC[1]) {
    throw invalid('multicodec is not ed25519-pub (0xed)');
  }
  if (decoded.length !== ED25519_PUB_MULTICODEC.length + ED25519_PUBLIC_KEY_LENGTH) {
    throw invalid(`an ed25519-pub key must be ${ED25519_PUBLIC_KEY_LENGTH} bytes`);
  }
  const publicKey = decoded.slice(ED25519_PUB_MULTICODEC.length);
  // base58btc is a bijection, so this holds for everything above; it guards the invariant
  // "one key, one DID" against a future change of the codec.
  if (didKeyFromPublicKey(publicKey) !== did) throw invalid('did:key is not in canonical form');
  return publicKey;
}

/** Whether `did` is a well-formed Ed25519 did:key (never throws). */
export function isEd25519DidKey(did: unknown): did is string {
  if (typeof did !== 'string') return false;
  try {
    publicKeyFromDidKey(did);
    return true;
  } catch {
    return false;
  }
}

function invalid(reason: string, cause?: unknown): ProtocolError {
  return new ProtocolError('DID_KEY_INVALID', `invalid Ed25519 did:key: ${reason}`, cause === undefined ? {} : { cause });
}
