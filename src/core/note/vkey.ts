/**
 * Verifier keys ("vkeys") of signed notes: `<name>+<key ID as 8 hex digits>+base64(type || public key)`
 * (c2sp.org/signed-note "Verifier keys"; Go golang.org/x/mod/sumdb/note `NewVerifier`).
 *
 * Policy (the exact rules of Go's NewVerifier, with one extension and one strictness):
 * - split at the first two "+" only (the base64 part may itself contain "+");
 * - the key ID field is exactly 8 hex digits; like Go's strconv.ParseUint(…, 16, 32) upper-case
 *   digits are accepted (the ID is compared as a number);
 * - the name is valid (non-empty, no Unicode space, no "+"), the decoded key is non-empty;
 * - the recomputed key ID SHA-256(name || 0x0A || key bytes)[:4] must equal the stated one;
 * - type 0x01 (Ed25519) with a 32-byte key is accepted as Go does; we ADDITIONALLY accept type 0x04
 *   (c2sp.org/tlog-cosignature timestamped Ed25519, the witnesses' vkeys), which Go's NewVerifier rejects;
 * - base64 must be canonical (RFC 4648 §4, padded, zero pad bits, no CR/LF). Go's
 *   encoding/base64 skips CR/LF inside the data; such a vkey is a configuration error and we reject it.
 * Every violation throws VKEY_MALFORMED.
 */
import { ProtocolError } from '../errors.ts';
import { sha256 } from '../crypto/sha256.ts';
import { base64ToBytes, bytesToBase64, concatBytes, readUint32BE, utf8ToBytes } from '../encoding/index.ts';
import { isValidKeyName } from './key-name.ts';

/** Signature type 0x01: Ed25519 over the note text (c2sp.org/signed-note). */
export const KEY_TYPE_ED25519 = 0x01;
/** Signature type 0x04: timestamped Ed25519 cosignature (c2sp.org/tlog-cosignature). */
export const KEY_TYPE_COSIGNATURE_V1 = 0x04;

export type NoteKeyType = typeof KEY_TYPE_ED25519 | typeof KEY_TYPE_COSIGNATURE_V1;

export interface VerifierKey {
  readonly name: string;
  /** uint32 key ID (the first 4 bytes of every signature by this key). */
  readonly keyId: number;
  readonly type: NoteKeyType;
  /** 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  /** The vkey text as given. */
  readonly text: string;
}

const HEX_KEY_ID = /^[0-9a-fA-F]{8}$/;

/**
 * The C2SP key ID SHA-256(name || 0x0A || type || publicKey)[:4] as a uint32.
 * Precondition: `name` is a valid key name (not checked here).
 */
export function keyIdFor(name: string, type: number, publicKey: Uint8Array): number {
  return keyHash(name, concatBytes(Uint8Array.of(type), publicKey));
}

/** The key ID as 8 lowercase hex digits, as it appears in vkeys and error messages. */
export function formatKeyId(keyId: number): string {
  return (keyId >>> 0).toString(16).padStart(8, '0');
}

/**
 * Parses a vkey (attacker-controlled when it comes from a bundle or a command line).
 * Throws VKEY_MALFORMED; see the module policy for the exact rules.
 */
export function parseVerifierKey(vkey: string): VerifierKey {
  if (typeof vkey !== 'string') throw malformed('vkey must be a string');
  const [name, rest] = chopAtFirst(vkey, '+');
  const [hash16, key64] = chopAtFirst(rest, '+');
  if (!HEX_KEY_ID.test(hash16)) throw malformed('key ID must be 8 hex digits');
  if (!isValidKeyName(name)) throw malformed('invalid key name');
  let key: Uint8Array;
  try {
    key = base64ToBytes(key64);
  } catch (error) {
    throw malformed('key is not canonical base64', error);
  }
  if (key.length === 0) throw malformed('empty key');
  const keyId = Number.parseInt(hash16, 16);
  // Go checks the hash before the algorithm, so a vkey of an unknown type with a matching hash is
  // reported as an unknown algorithm; both are VKEY_MALFORMED here.
  if (keyHash(name, key) !== keyId) throw malformed('key ID does not match the key');
  const type = key[0];
  if (type !== KEY_TYPE_ED25519 && type !== KEY_TYPE_COSIGNATURE_V1) {
    throw malformed(`unsupported key type 0x${(type ?? 0).toString(16).padStart(2, '0')}`);
  }
  if (key.length !== 33) throw malformed('Ed25519 public key must be 32 bytes');
  return { name, keyId, type, publicKey: key.slice(1), text: vkey };
}

/**
 * Formats a vkey `<name>+<8 lowercase hex>+base64(type || publicKey)` (Go NewEd25519VerifierKey).
 * Throws VKEY_MALFORMED for an invalid name, an unsupported type or a key that is not 32 bytes.
 */
export function formatVerifierKey(name: string, type: NoteKeyType, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw malformed('invalid key name');
  if (type !== KEY_TYPE_ED25519 && type !== KEY_TYPE_COSIGNATURE_V1) throw malformed('unsupported key type');
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw malformed('Ed25519 public key must be 32 bytes');
  }
  const key = concatBytes(Uint8Array.of(type), publicKey);
  return `${name}+${formatKeyId(keyHash(name, key))}+${bytesToBase64(key)}`;
}

/** The `<name>+<id>` label Go uses in its error messages. */
export function keyLabel(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

function keyHash(name: string, key: Uint8Array): number {
  return readUint32BE(sha256(concatBytes(utf8ToBytes(name), Uint8Array.of(0x0a), key)), 0);
}

/** Go's `chop`: split at the first `sep`; without one, everything is `before` and `after` is empty. */
export function chopAtFirst(text: string, sep: string): [string, string] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + sep.length)];
}

function malformed(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('VKEY_MALFORMED', `malformed verifier key: ${message}`, cause === undefined ? {} : { cause });
}
