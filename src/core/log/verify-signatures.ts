import { ProtocolError } from '../errors.ts';
import { base64UrlToBytes } from '../encoding/base64.ts';
import { publicKeyFromDidKey } from '../identity/did-key.ts';
import { verifyEd25519 } from '../crypto/ed25519.ts';
import type { Ed25519Backend } from '../crypto/backend.ts';
import { adminCommandSigningBytes } from './admin-command.ts';
import { statementSigningBytes, type LogEntry } from './statement.ts';
import type { SignerRole } from './signature.ts';

/**
 * The cryptographic half of entry verification (docs/protocol.md §3.3): every Ed25519 signature an
 * entry carries, over the bytes it covers. An entry signature covers the statement's JCS; the admin
 * signatures of a command logged in an `agent.suspended|reinstated|revoked` body cover the command's
 * JCS. Whether a key was ALLOWED to sign (role, enrolment, rotation, compromise, quorum) is the
 * other half, decided against replayed state by src/core/registry.
 *
 * Pure, and split in two so that bulk verifiers can ship `collectSignatureChecks` items (the
 * `{publicKey, message, signature}` shape of src/node/crypto/verify-batch.ts) to worker threads.
 */

export type SignatureLocation = 'entry' | 'command';

export interface SignatureCheck {
  readonly where: SignatureLocation;
  readonly role: SignerRole;
  /** did:key of the signer. */
  readonly key: string;
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

export interface SignatureResult {
  readonly where: SignatureLocation;
  readonly role: SignerRole;
  readonly key: string;
  readonly valid: boolean;
}

export interface VerifySignaturesOptions {
  /** Ed25519 backend (default: the portable one); the policy pre-check runs either way. */
  readonly backend?: Ed25519Backend;
  /** did:key → 32-byte public key (default `cachedPublicKeyFromDidKey`). */
  readonly resolvePublicKey?: (did: string) => Uint8Array;
}

// Decoded public keys of recently seen did:keys (base58 decoding costs microseconds per key, and a
// log repeats a few keys on most entries). Bounded; a hit returns a copy so callers cannot poison it.
const publicKeys = new Map<string, Uint8Array>();
const PUBLIC_KEYS_MAX = 65_536;

/** `publicKeyFromDidKey` with a bounded memo. Throws DID_KEY_INVALID like it. */
export function cachedPublicKeyFromDidKey(did: string): Uint8Array {
  const hit = publicKeys.get(did);
  if (hit !== undefined) return hit.slice();
  const key = publicKeyFromDidKey(did);
  if (publicKeys.size >= PUBLIC_KEYS_MAX) publicKeys.clear();
  publicKeys.set(did, key.slice());
  return key;
}

/**
 * Every signature check `entry` needs, entry signatures first. Precondition: `entry` was validated
 * (parseEntry or validateEntry), so keys and signatures are well-formed; a key that still fails to
 * resolve throws DID_KEY_INVALID.
 */
export function collectSignatureChecks(
  entry: LogEntry,
  resolvePublicKey: (did: string) => Uint8Array = cachedPublicKeyFromDidKey,
): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  const message = statementSigningBytes(entry);
  for (const s of entry.signatures) {
    checks.push({ where: 'entry', role: s.role, key: s.key, publicKey: resolvePublicKey(s.key), message, signature: base64UrlToBytes(s.sig, 64) });
  }
  const body = entry.body as { by?: unknown; command?: Parameters<typeof adminCommandSigningBytes>[0] & { signatures: LogEntry['signatures'] } };
  if (body.by === 'admin' && body.command !== undefined) {
    const commandMessage = adminCommandSigningBytes(body.command);
    for (const s of body.command.signatures) {
      checks.push({
        where: 'command',
        role: s.role,
        key: s.key,
        publicKey: resolvePublicKey(s.key),
        message: commandMessage,
        signature: base64UrlToBytes(s.sig, 64),
      });
    }
  }
  return checks;
}

/** Verifies every signature of `entry` (see `collectSignatureChecks`) and says which held. */
export function verifyEntrySignatures(entry: LogEntry, options: VerifySignaturesOptions = {}): SignatureResult[] {
  return collectSignatureChecks(entry, options.resolvePublicKey).map((check) => ({
    where: check.where,
    role: check.role,
    key: check.key,
    valid: verifyEd25519(check.publicKey, check.message, check.signature, options.backend),
  }));
}

/** Throws ENTRY_BAD_SIGNATURE (details.bad lists `{where, key}`) unless every signature of `entry` verifies. */
export function assertEntrySignatures(entry: LogEntry, options: VerifySignaturesOptions = {}): void {
  const bad = verifyEntrySignatures(entry, options)
    .filter((r) => !r.valid)
    .map((r) => ({ where: r.where, key: r.key, role: r.role }));
  if (bad.length > 0) {
    throw new ProtocolError('ENTRY_BAD_SIGNATURE', `${bad.length} signature(s) of ${entry.type} do not verify`, {
      details: { type: entry.type, bad },
    });
  }
}
