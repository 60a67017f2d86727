/**
 * The wire format between parallel-root.ts and leaf-hash-worker.ts: one transferable ArrayBuffer
 * per batch so a batch crosses threads without a copy.
 *
 *   [Float64 offsets, count + 1 of them][preimage 0]…[preimage count-1]
 *
 * Preimage i = 0x00 || entry i (RFC 9162 §2.1.1 leaf preimage) at bytes [offsets[i], offsets[i+1]),
 * so the worker hashes views of the buffer without assembling anything. Offsets are Float64
 * (exact to 2^53) rather than Uint32 so a batch of large entries cannot overflow them.
 */
import { LEAF_PREFIX } from '../../core/merkle/hash.ts';

/** Main → worker. `fold`: return the batch's subtree hashes instead of every leaf hash. */
export interface BatchRequest {
  readonly type: 'batch';
  readonly id: number;
  readonly count: number;
  readonly fold: boolean;
  readonly buffer: ArrayBuffer;
}

export interface CloseRequest {
  readonly type: 'close';
}

/**
 * Worker → main: 32-byte hashes back to back. Without fold, the `count` leaf hashes; with fold,
 * the complete subtrees of the batch (one per set bit of count, largest first).
 */
export interface BatchResult {
  readonly type: 'result';
  readonly id: number;
  readonly hashes: ArrayBuffer;
}

/** Packs entries (already checked to be Uint8Arrays) into one batch buffer. */
export function packBatch(entries: readonly Uint8Array[]): ArrayBuffer {
  const count = entries.length;
  const header = 8 * (count + 1);
  let total = header + count;
  for (const entry of entries) total += entry.length;
  const buffer = new ArrayBuffer(total);
  const offsets = new Float64Array(buffer, 0, count + 1);
  const bytes = new Uint8Array(buffer);
  let at = header;
  for (let i = 0; i < count; i++) {
    const entry = entries[i] as Uint8Array;
    offsets[i] = at;
    bytes[at] = LEAF_PREFIX;
    bytes.set(entry, at + 1);
    at += entry.length + 1;
  }
  offsets[count] = at;
  return buffer;
}

/** The views of a packed batch: offsets and the whole buffer as bytes. */
export function unpackBatch(buffer: ArrayBuffer, count: number): { offsets: Float64Array; bytes: Uint8Array } {
  return { offsets: new Float64Array(buffer, 0, count + 1), bytes: new Uint8Array(buffer) };
}
