/**
 * The wire format between the verify pool and its workers: one transferable ArrayBuffer per chunk,
 * so a chunk crosses the thread boundary without structured cloning of thousands of small arrays.
 *
 *   offset 0            uint32  n, the number of entries
 *   offset 4            uint32  m, total message bytes
 *   offset 8            n × 32  public keys
 *   offset 8 + 32n      n × 64  signatures
 *   offset 8 + 96n      n × uint32  end offset of each message within the message area
 *   offset 8 + 100n     m bytes messages, concatenated
 * Integers are in the platform's byte order (both ends are the same process). Only entries with a
 * 32-byte key and a 64-byte signature are packed; the pool answers the others (0) itself.
 */
import { ProtocolError } from '../../core/errors.ts';
import type { Ed25519Backend } from '../../core/crypto/backend.ts';
// ed25519-verify.ts, not ed25519.ts: this runs in the verify pool's workers, which must not load
// @noble (issue 4: worker memory).
import { verifyEd25519With } from '../../core/crypto/ed25519-verify.ts';

/** One signature to verify. */
export interface VerifyItem {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

/** What a chunk holds: signatures (this file's format) or log entries (entry-batch.ts). */
export type ChunkKind = 'signatures' | 'entries';

/** What the pool gives each worker at start (`workerData`). */
export interface VerifyWorkerData {
  /** KeyObjects the worker's native backend keeps (native-ed25519.ts); validated by the pool. */
  readonly keyCacheSize: number;
}

const HEADER = 8;
const MAX_CHUNK_BYTES = 0xffff_ffff;

/** True iff the item has the lengths the packed format holds (32-byte key, 64-byte signature). */
export function isPackable(item: VerifyItem): boolean {
  return item.publicKey.length === 32 && item.signature.length === 64;
}

/**
 * Packs `items[i]` for each `i` in `indices` (all packable) into one ArrayBuffer in the layout
 * above. Throws INPUT_TOO_LARGE if the chunk would not fit 32-bit offsets.
 */
export function packVerifyChunk(items: readonly VerifyItem[], indices: ArrayLike<number>): ArrayBuffer {
  const picked = Array.from(indices, (i) => items[i] as VerifyItem);
  const n = picked.length;
  const sigStart = HEADER + 32 * n;
  return packChunk(picked, 96, 'verify', (item) => item.message, (bytes, item, j) => {
    bytes.set(item.publicKey, HEADER + 32 * j);
    bytes.set(item.signature, sigStart + 64 * j);
  });
}

/**
 * One chunk of `items`: the header, then `fixed` bytes per item (written by `writeFixed`), their end
 * offsets, and the variable parts (`variableOf`), concatenated (this file's layout with 96,
 * entry-batch.ts's with 0). Throws INPUT_TOO_LARGE (naming the `what` chunk) past 32-bit offsets.
 */
export function packChunk<T>(
  items: readonly T[],
  fixed: number,
  what: string,
  variableOf: (item: T) => Uint8Array,
  writeFixed?: (bytes: Uint8Array, item: T, j: number) => void,
): ArrayBuffer {
  const n = items.length;
  let variableBytes = 0;
  for (const item of items) variableBytes += variableOf(item).length;
  const total = HEADER + (fixed + 4) * n + variableBytes;
  if (total > MAX_CHUNK_BYTES) throw new ProtocolError('INPUT_TOO_LARGE', `${what} chunk of ${total} bytes is too large`);
  const buffer = new ArrayBuffer(total);
  const bytes = new Uint8Array(buffer);
  const header = new Uint32Array(buffer, 0, 2);
  header[0] = n;
  header[1] = variableBytes;
  const ends = new Uint32Array(buffer, HEADER + fixed * n, n);
  const variableStart = HEADER + (fixed + 4) * n;
  let cursor = 0;
  for (let j = 0; j < n; j++) {
    const item = items[j] as T;
    writeFixed?.(bytes, item, j);
    const part = variableOf(item);
    bytes.set(part, variableStart + cursor);
    cursor += part.length;
    ends[j] = cursor;
  }
  return buffer;
}

/**
 * Verifies every entry of a packed chunk with `verifyEd25519With` (the policy pre-check, then
 * `backend`) and returns one byte per entry: 1 valid, 0 invalid. Throws INVALID_ARGUMENT if the
 * buffer is not a well-formed chunk.
 */
export function verifyPackedChunk(buffer: ArrayBuffer, backend: Ed25519Backend): Uint8Array<ArrayBuffer> {
  const chunk = openChunk(buffer, 96, 'verify');
  const bytes = new Uint8Array(buffer);
  const sigStart = HEADER + 32 * chunk.count;
  const results = new Uint8Array(chunk.count);
  chunk.forEachPart((j, message) => {
    const publicKey = bytes.subarray(HEADER + 32 * j, HEADER + 32 * j + 32);
    const signature = bytes.subarray(sigStart + 64 * j, sigStart + 64 * j + 64);
    results[j] = verifyEd25519With(backend, publicKey, message, signature) ? 1 : 0;
  });
  return results;
}

/** A packed chunk whose length matched its header (`openChunk`). */
export interface OpenedChunk {
  /** Its number of items. */
  readonly count: number;
  /**
   * Calls `each(j, part)` with the variable part of every item, in order. Throws INVALID_ARGUMENT
   * when the end offsets are out of order.
   */
  forEachPart(each: (j: number, part: Uint8Array) => void): void;
}

/**
 * Opens a packed chunk whose items have `fixed` bytes each (keys, signatures) before their end
 * offsets, then variable-length parts (this file's format with 96, entry-batch.ts's with 0). Throws
 * INVALID_ARGUMENT (naming the `what` chunk) when the length does not match the header.
 */
export function openChunk(buffer: ArrayBuffer, fixed: number, what: string): OpenedChunk {
  if (buffer.byteLength < HEADER) throw new ProtocolError('INVALID_ARGUMENT', `${what} chunk shorter than its header`);
  const header = new Uint32Array(buffer, 0, 2);
  const n = header[0] ?? 0;
  const variableBytes = header[1] ?? 0;
  if (HEADER + (fixed + 4) * n + variableBytes !== buffer.byteLength) {
    throw new ProtocolError('INVALID_ARGUMENT', `${what} chunk length does not match its header`);
  }
  return {
    count: n,
    forEachPart(each) {
      const ends = new Uint32Array(buffer, HEADER + fixed * n, n);
      const variable = new Uint8Array(buffer, HEADER + (fixed + 4) * n, variableBytes);
      let start = 0;
      for (let j = 0; j < n; j++) {
        const end = ends[j] ?? 0;
        if (end < start || end > variableBytes) throw new ProtocolError('INVALID_ARGUMENT', `${what} chunk offsets out of order`);
        each(j, variable.subarray(start, end));
        start = end;
      }
    },
  };
}
