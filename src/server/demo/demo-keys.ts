/**
 * Demo key derivation. The demo admins' keys are derived from the demo seed alone, so the server
 * can recreate an admin's signer without rebuilding the log, and the same seed always enrols the
 * same admins. They are DEMO keys: anyone who knows the seed knows them.
 *
 * Policy: admin seed = SHA-256("warden-demo-admin/v1:" ‖ seed ‖ ":" ‖ tenant index ‖ ":" ‖ admin
 * index) (domain-separated from the agent keys, which come from the seeded generator of
 * src/core/log/prng.ts).
 */
import { ProtocolError } from '../../core/errors.ts';
import { sha256 } from '../../core/crypto/sha256.ts';
import { signEd25519 } from '../../core/crypto/ed25519.ts';
import { hexToBytes } from '../../core/encoding/index.ts';
import { utf8ToBytes } from '../../core/encoding/utf8.ts';
import { seedSigner, type StatementSigner } from '../../core/log/signature.ts';
import type { SignFunction } from './demo-writer.ts';
import type { DemoAdminKey } from './types.ts';

/**
 * The 32-byte Ed25519 seed of demo admin `adminIndex` (0 or 1) of demo tenant `tenantIndex` (0–2)
 * for demo seed `seed`. Throws INVALID_ARGUMENT for negative or non-integer indices.
 */
export function deriveDemoAdminSeed(seed: string, tenantIndex: number, adminIndex: number): Uint8Array {
  if (!Number.isSafeInteger(tenantIndex) || tenantIndex < 0 || !Number.isSafeInteger(adminIndex) || adminIndex < 0) {
    throw new ProtocolError('INVALID_ARGUMENT', 'demo tenant and admin indices are non-negative integers');
  }
  return sha256(utf8ToBytes(`warden-demo-admin/v1:${seed}:${tenantIndex}:${adminIndex}`));
}

/**
 * The admin signer (role `admin`) of a demo admin key, e.g. one returned by `buildDemoLog`. `sign`
 * defaults to the portable signer; pass `nativeSignEd25519` on the server. Throws ENCODING_INVALID_HEX
 * (via hexToBytes) for a bad seed, ED25519_BAD_PRIVATE_KEY for a seed that is not 32 bytes, and
 * INVALID_ARGUMENT if the seed does not give `adminDid`.
 */
export function createDemoAdminSigner(key: Pick<DemoAdminKey, 'adminDid' | 'signerSeedHex'>, sign: SignFunction = signEd25519): StatementSigner {
  const signer = seedSigner('admin', hexToBytes(key.signerSeedHex), sign);
  if (signer.key !== key.adminDid) throw new ProtocolError('INVALID_ARGUMENT', 'the demo admin seed does not match its did:key');
  return signer;
}
