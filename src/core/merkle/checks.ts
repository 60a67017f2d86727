/**
 * Argument checks shared by the Merkle verifiers and generators. Sizes, indices, hashes and proofs
 * usually come from a log server or a proof bundle, i.e. they are attacker-controlled: each check
 * throws a coded ProtocolError rather than letting a TypeError or RangeError escape.
 */
import { ProtocolError } from '../errors.ts';
import { HASH_SIZE } from './hash.ts';

/** 2^64: RFC 9162 tree sizes and leaf indices are uint64. */
export const UINT64_LIMIT = 1n << 64n;

/** Throws MERKLE_BAD_SIZE unless `size` is a bigint in [0, 2^64). */
export function checkTreeSize(size: bigint, what = 'tree size'): void {
  if (typeof size !== 'bigint' || size < 0n || size >= UINT64_LIMIT) {
    throw new ProtocolError('MERKLE_BAD_SIZE', `${what} must be a uint64 bigint, got ${describe(size)}`, {
      details: { [what]: describe(size) },
    });
  }
}

/** Throws MERKLE_BAD_INDEX unless `index` is a bigint in [0, size). */
export function checkLeafIndex(index: bigint, size: bigint): void {
  if (typeof index !== 'bigint' || index < 0n || index >= size) {
    throw new ProtocolError('MERKLE_BAD_INDEX', `leaf index ${describe(index)} is not below tree size ${size}`, {
      details: { index: describe(index), size: size.toString() },
    });
  }
}

/** Throws MERKLE_BAD_HASH_LENGTH unless `hash` is a 32-byte Uint8Array. */
export function checkHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    const length = hash instanceof Uint8Array ? hash.length : -1;
    throw new ProtocolError('MERKLE_BAD_HASH_LENGTH', `${what} must be ${HASH_SIZE} bytes, got ${length}`, {
      details: { what, length },
    });
  }
}

/** Throws MERKLE_BAD_PROOF_LENGTH unless `proof` is an array of exactly `expected` 32-byte hashes. */
export function checkProof(proof: readonly Uint8Array[], expected: number): void {
  if (!Array.isArray(proof) || proof.length !== expected) {
    const got = Array.isArray(proof) ? proof.length : -1;
    throw new ProtocolError('MERKLE_BAD_PROOF_LENGTH', `proof has ${got} hashes, expected ${expected}`, {
      details: { expected, got },
    });
  }
  for (let i = 0; i < proof.length; i++) checkHash(proof[i] as Uint8Array, `proof[${i}]`);
}

function describe(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  // Only primitives are stringified: an object's toString could throw or lie.
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined) return `${typeof value} ${String(value)}`;
  return value === null ? 'null' : typeof value;
}
