/**
 * Entry bundles (c2sp.org/tlog-tiles "Log Entries"): 1–256 entries, each `uint16 big-endian length ||
 * entry bytes`, concatenated. Entry i hashes (RFC 6962 leaf hash) to hash i of the level-0 tile with
 * the same index. Bundles are attacker-controlled: a truncated length or entry, more entries than
 * expected, or trailing bytes throw ENTRY_BUNDLE_MALFORMED; so does an entry the format cannot hold
 * (> 65,535 bytes) or a bundle of 0 or > 256 entries when encoding.
 */
import { ProtocolError } from '../errors.ts';
import { TILE_WIDTH } from './tile-path.ts';

export const MAX_ENTRY_SIZE = 0xffff;

/** Encodes 1–256 entries of at most 65,535 bytes each. Throws ENTRY_BUNDLE_MALFORMED. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length === 0 || entries.length > TILE_WIDTH) throw malformed('a bundle holds 1-256 entries');
  let length = 0;
  entries.forEach((entry, i) => {
    if (!(entry instanceof Uint8Array)) throw malformed(`entry ${i} is not bytes`);
    if (entry.length > MAX_ENTRY_SIZE) throw malformed(`entry ${i} is ${entry.length} bytes; the uint16 prefix allows 65535`);
    length += 2 + entry.length;
  });
  const out = new Uint8Array(length);
  let offset = 0;
  for (const entry of entries) {
    out[offset] = entry.length >>> 8;
    out[offset + 1] = entry.length & 0xff;
    out.set(entry, offset + 2);
    offset += 2 + entry.length;
  }
  return out;
}

/**
 * Decodes a bundle into its entries (copies). With `expectedCount` (1–256, from the verified tree
 * size) the bundle must hold exactly that many entries and nothing after them; without it, 1–256
 * entries filling the bytes exactly. Throws ENTRY_BUNDLE_MALFORMED; INVALID_ARGUMENT for a bad
 * `expectedCount`.
 */
export function decodeEntryBundle(bytes: Uint8Array, expectedCount?: number): Uint8Array[] {
  if (!(bytes instanceof Uint8Array)) throw malformed('bundle must be bytes');
  if (expectedCount !== undefined && (!Number.isInteger(expectedCount) || expectedCount < 1 || expectedCount > TILE_WIDTH)) {
    throw new ProtocolError('INVALID_ARGUMENT', 'expectedCount must be 1-256');
  }
  const limit = expectedCount ?? TILE_WIDTH;
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (entries.length === limit) {
      throw malformed(`${bytes.length - offset} bytes after entry ${limit}`, { offset, count: entries.length });
    }
    if (offset + 2 > bytes.length) throw malformed(`truncated length prefix at offset ${offset}`, { offset });
    const length = ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);
    const start = offset + 2;
    if (start + length > bytes.length) throw malformed(`entry ${entries.length} truncated`, { offset, length });
    entries.push(bytes.slice(start, start + length));
    offset = start + length;
  }
  if (entries.length === 0) throw malformed('empty bundle');
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw malformed(`bundle holds ${entries.length} entries, expected ${expectedCount}`, { count: entries.length, expectedCount });
  }
  return entries;
}

function malformed(message: string, details?: Record<string, unknown>): ProtocolError {
  return new ProtocolError('ENTRY_BUNDLE_MALFORMED', `malformed entry bundle: ${message}`, details === undefined ? {} : { details });
}
