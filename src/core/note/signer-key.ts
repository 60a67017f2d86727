/**
 * Signer keys of signed notes: `PRIVATE+KEY+<name>+<8 hex key ID>+base64(type || 32-byte seed)`
 * (the format of Go golang.org/x/mod/sumdb/note `NewSigner` / `GenerateKey`; not part of C2SP).
 *
 * Policy: the rules of Go's NewSigner (literal "PRIVATE" and "KEY", 8 hex digits, valid name,
 * non-empty key, 32-byte seed, key ID recomputed from the derived public key) plus, as for vkeys,
 * type 0x04 for our own test witnesses and canonical base64 only. Violations throw SKEY_MALFORMED.
 * Error messages never include the key material.
 */
import { ProtocolError } from '../errors.ts';
import { generateSeed, publicKeyFromSeed } from '../crypto/ed25519.ts';
import { base64ToBytes, bytesToBase64, concatBytes } from '../encoding/index.ts';
import { isValidKeyName } from './key-name.ts';
import {
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  chopAtFirst,
  formatKeyId,
  formatVerifierKey,
  keyIdFor,
  type NoteKeyType,
} from './vkey.ts';

export interface SignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  /** 32-byte Ed25519 seed (secret). */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

const HEX_KEY_ID = /^[0-9a-fA-F]{8}$/;

/** Parses a signer key (secret input). Throws SKEY_MALFORMED. */
export function parseSignerKey(skey: string): SignerKey {
  if (typeof skey !== 'string') throw malformed('signer key must be a string');
  const [priv1, rest1] = chopAtFirst(skey, '+');
  const [priv2, rest2] = chopAtFirst(rest1, '+');
  const [name, rest3] = chopAtFirst(rest2, '+');
  const [hash16, key64] = chopAtFirst(rest3, '+');
  if (priv1 !== 'PRIVATE' || priv2 !== 'KEY') throw malformed('missing PRIVATE+KEY prefix');
  if (!HEX_KEY_ID.test(hash16)) throw malformed('key ID must be 8 hex digits');
  if (!isValidKeyName(name)) throw malformed('invalid key name');
  let key: Uint8Array;
  try {
    key = base64ToBytes(key64);
  } catch {
    throw malformed('key is not canonical base64');
  }
  const type = key[0];
  if (type !== KEY_TYPE_ED25519 && type !== KEY_TYPE_COSIGNATURE_V1) throw malformed('unsupported key type');
  if (key.length !== 33) throw malformed('Ed25519 seed must be 32 bytes');
  const seed = key.slice(1);
  const publicKey = publicKeyFromSeed(seed);
  // Go: "hash is the hash of the public key and we have the private key" — recompute after derivation.
  const keyId = keyIdFor(name, type, publicKey);
  if (keyId !== Number.parseInt(hash16, 16)) throw malformed('key ID does not match the key');
  return { name, keyId, type, seed, publicKey };
}

/** Formats a signer key; throws SKEY_MALFORMED for an invalid name, type or seed length. */
export function formatSignerKey(name: string, type: NoteKeyType, seed: Uint8Array): string {
  if (!isValidKeyName(name)) throw malformed('invalid key name');
  if (type !== KEY_TYPE_ED25519 && type !== KEY_TYPE_COSIGNATURE_V1) throw malformed('unsupported key type');
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw malformed('Ed25519 seed must be 32 bytes');
  const keyId = keyIdFor(name, type, publicKeyFromSeed(seed));
  return `PRIVATE+KEY+${name}+${formatKeyId(keyId)}+${bytesToBase64(concatBytes(Uint8Array.of(type), seed))}`;
}

/**
 * A fresh key pair for `name` (Go GenerateKey): the secret signer key and the public vkey.
 * `type` 0x04 makes a witness (cosigner) key. Throws SKEY_MALFORMED for an invalid name.
 */
export function generateSignerKey(
  name: string,
  type: NoteKeyType = KEY_TYPE_ED25519,
): { signerKey: string; verifierKey: string } {
  const seed = generateSeed();
  const signerKey = formatSignerKey(name, type, seed);
  return { signerKey, verifierKey: formatVerifierKey(name, type, publicKeyFromSeed(seed)) };
}

/** The vkey matching a parsed signer key. */
export function verifierKeyOf(signer: SignerKey): string {
  return formatVerifierKey(signer.name, signer.type, signer.publicKey);
}

function malformed(message: string): ProtocolError {
  return new ProtocolError('SKEY_MALFORMED', `malformed signer key: ${message}`);
}
