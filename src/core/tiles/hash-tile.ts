/**
 * Hash tiles (c2sp.org/tlog-tiles): the concatenation of 1–256 SHA-256 hashes, 32 bytes each, with
 * no framing. A tile fetched from a log is attacker-controlled: its size is checked against the
 * width the verified tree size requires before any hash is used. Violations throw TILE_MALFORMED.
 */
import { ProtocolError } from '../errors.ts';
import { TILE_WIDTH } from './tile-path.ts';

export const HASH_SIZE = 32;

/**
 * Splits tile bytes into hashes (copies). With `expectedWidth` (1–256) the tile must hold exactly
 * that many; otherwise any 1–256. Throws TILE_MALFORMED.
 */
export function splitHashTile(bytes: Uint8Array, expectedWidth?: number): Uint8Array[] {
  if (!(bytes instanceof Uint8Array)) throw malformed('tile must be bytes');
  if (bytes.length === 0 || bytes.length % HASH_SIZE !== 0) throw malformed(`tile size ${bytes.length} is not a positive multiple of 32`);
  const width = bytes.length / HASH_SIZE;
  if (width > TILE_WIDTH) throw malformed(`tile holds ${width} hashes, more than ${TILE_WIDTH}`);
  if (expectedWidth !== undefined && width !== expectedWidth) {
    throw malformed(`tile holds ${width} hashes, expected ${expectedWidth}`, { width, expectedWidth });
  }
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < width; i++) hashes.push(bytes.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return hashes;
}

/** Concatenates 1–256 hashes of 32 bytes into a tile. Throws TILE_MALFORMED otherwise. */
export function joinHashTile(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0 || hashes.length > TILE_WIDTH) throw malformed('a tile holds 1-256 hashes');
  const out = new Uint8Array(hashes.length * HASH_SIZE);
  hashes.forEach((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) throw malformed(`hash ${i} is not 32 bytes`);
    out.set(hash, i * HASH_SIZE);
  });
  return out;
}

function malformed(message: string, details?: Record<string, unknown>): ProtocolError {
  return new ProtocolError('TILE_MALFORMED', message, details === undefined ? {} : { details });
}
