/**
 * POLICY: the one Ed25519 acceptance policy of Agent Warden.
 *
 * "RFC 8032 strict, small-order points rejected, cofactorless equation." A signature (R || S) by
 * public key A on message M is valid iff, in this order:
 *   1. A is 32 bytes and the signature 64 bytes ............................ else 'bad-length'
 *   2. S is canonical, 0 <= S < L (RFC 8032 §5.1.7 step 1, §8.4) ............ else 'non-canonical-s'
 *   3. A is not a small-order point, under any of its 14 encodings (the 8 torsion points, canonical
 *      or not) ............................................................ else 'small-order-a'
 *   4. A is a canonical encoding: y < p, and not x = 0 with the sign bit set
 *      (RFC 8032 §5.1.3 steps 1 and 4) ...................................... else 'non-canonical-a'
 *   5. R is not a small-order point (same 14 encodings) ..................... else 'small-order-r'
 *   6. R is a canonical encoding (as for A) ................................. else 'non-canonical-r'
 *   7. A decodes to a curve point and the COFACTORLESS equation [S]B = R + [k]A holds, with
 *      k = SHA-512(R || A || M) mod L (RFC 8032 §5.1.7 step 3 allows it; ref10, Go and OpenSSL use
 *      it). Checked by the backend as encode([S]B - [k]A) == R, byte for byte.
 * Steps 1-6 are `checkEd25519Policy` below, run before either backend; step 7 is the backend's
 * `verifyRaw` (noble and native both compute exactly that equation), so the two cannot disagree.
 *
 * Small-order policy, and why: no key pair made by RFC 8032 §5.1.5 key generation has a small-order
 * A, and no honest signature has a small-order R (R = [r]B with r != 0 mod L), so rejecting them
 * costs honest signers nothing. A small-order A would let one signature verify for many messages (or
 * for every message with S = 0, R = identity), which breaks the non-repudiation that audit findings
 * rely on. This matches ed25519-dalek `verify_strict`. Points with both a small-order and a
 * prime-order component ("mixed order") cannot be rejected by a cheap blocklist; they are accepted
 * when the cofactorless equation holds, and a signature whose small-order parts do not cancel (CCTV
 * `low_order_residue`) is rejected, as by OpenSSL.
 *
 * Cost: byte comparisons only (no point decompression, no bigint): this runs on every entry of
 * million-entry logs in front of the native verify.
 */
import { hexToBytes } from '../encoding/hex.ts';

/** Why a (public key, signature) pair passes or fails the policy pre-check. */
export type Ed25519PolicyReason =
  | 'ok'
  | 'bad-length'
  | 'non-canonical-s'
  | 'non-canonical-a'
  | 'non-canonical-r'
  | 'small-order-a'
  | 'small-order-r';

/** L = 2^252 + 27742317777372353535851937790883648493, the prime order of B, little-endian. */
const L_LE = Uint8Array.of(
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
);

/**
 * The y coordinates (little-endian, sign bit cleared) of every encoding of a small-order point. The
 * 8 torsion points have 14 encodings (C2SP CCTV ed25519 README): each y below with sign bit 0 or 1.
 * Canonical: identity y=1; order 2 y=p-1; order 4 y=0; order 8 y=y8 and y=p-y8 (both signs).
 * Non-canonical: y=1 and y=p-1 with the sign bit set (x = -0), y=p+1 (identity) and y=p (order 4)
 * with either sign. Matching the 255-bit y and ignoring the sign bit covers exactly these 14.
 */
const SMALL_ORDER_Y: readonly Uint8Array[] = [
  '0000000000000000000000000000000000000000000000000000000000000000', // y = 0, order 4
  '0100000000000000000000000000000000000000000000000000000000000000', // y = 1, identity
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05', // order 8
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p - 1, order 2
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p (non-canonical), order 4
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // y = p + 1 (non-canonical), identity
].map((hex) => hexToBytes(hex, 32));

/** True iff the 32 bytes at `at` are S < L (little-endian), compared from the top byte down. */
function isScalarBelowOrder(bytes: Uint8Array, at: number): boolean {
  for (let i = 31; i >= 0; i--) {
    const b = bytes[at + i] ?? 0;
    const l = L_LE[i] ?? 0;
    if (b !== l) return b < l;
  }
  return false; // S == L
}

function isSmallOrderAt(bytes: Uint8Array, at: number): boolean {
  const first = bytes[at];
  for (const y of SMALL_ORDER_Y) {
    if (y[0] !== first) continue;
    let i = 1;
    while (i < 31 && bytes[at + i] === y[i]) i++;
    if (i === 31 && ((bytes[at + 31] ?? 0) & 0x7f) === y[31]) return true;
  }
  return false;
}

/** True iff bytes at+1 .. at+30 all equal `value`. */
function isMiddleFilled(bytes: Uint8Array, at: number, value: number): boolean {
  for (let i = 1; i < 31; i++) if (bytes[at + i] !== value) return false;
  return true;
}

function isCanonicalPointAt(bytes: Uint8Array, at: number): boolean {
  const first = bytes[at] ?? 0;
  const last = bytes[at + 31] ?? 0;
  const top = last & 0x7f;
  // RFC 8032 §5.1.3 step 1: y < p = 2^255 - 19. With the sign bit cleared, y >= p iff byte 0 is
  // 0xed..0xff, bytes 1..30 are 0xff and byte 31 is 0x7f (the only 19 non-canonical y values).
  if (top === 0x7f && first >= 0xed && isMiddleFilled(bytes, at, 0xff)) return false;
  // §5.1.3 step 4: x = 0 with sign bit 1 is invalid. x = 0 iff y^2 = 1, i.e. y = 1 or y = p - 1.
  if ((last & 0x80) !== 0) {
    if (first === 0x01 && top === 0 && isMiddleFilled(bytes, at, 0)) return false;
    if (first === 0xec && top === 0x7f && isMiddleFilled(bytes, at, 0xff)) return false;
  }
  return true;
}

/**
 * True iff `scalar` (32 bytes, little-endian) is below the group order L. Wrong length: false.
 */
export function isCanonicalScalar(scalar: Uint8Array): boolean {
  return scalar.length === 32 && isScalarBelowOrder(scalar, 0);
}

/**
 * True iff `encoding` (32 bytes) is the canonical encoding of its y and sign bit (RFC 8032 §5.1.3),
 * which says nothing about whether it is on the curve. Wrong length: false.
 */
export function isCanonicalPointEncoding(encoding: Uint8Array): boolean {
  return encoding.length === 32 && isCanonicalPointAt(encoding, 0);
}

/** True iff `encoding` (32 bytes) is one of the 14 encodings of a small-order point. */
export function isSmallOrderPointEncoding(encoding: Uint8Array): boolean {
  return encoding.length === 32 && isSmallOrderAt(encoding, 0);
}

/**
 * Steps 1-6 of the policy above for public key A and signature R || S (both attacker-controlled).
 * Pure and cheap (byte comparisons); never throws for Uint8Array inputs. Returns 'ok' or the first
 * rule broken. A verdict of 'ok' does not mean the signature is valid: step 7 is the backend's.
 */
export function checkEd25519Policy(publicKey: Uint8Array, signature: Uint8Array): Ed25519PolicyReason {
  if (publicKey.length !== 32 || signature.length !== 64) return 'bad-length';
  if (!isScalarBelowOrder(signature, 32)) return 'non-canonical-s';
  if (isSmallOrderAt(publicKey, 0)) return 'small-order-a';
  if (!isCanonicalPointAt(publicKey, 0)) return 'non-canonical-a';
  if (isSmallOrderAt(signature, 0)) return 'small-order-r';
  if (!isCanonicalPointAt(signature, 0)) return 'non-canonical-r';
  return 'ok';
}
