import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/encoding/index.ts';
import { packBatch, unpackBatch } from '../../../src/node/merkle/batch-format.ts';

describe('packBatch', () => {
  it('lays out each entry as the RFC 9162 leaf preimage 0x00 || entry at its offsets', () => {
    const entries = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([9])];
    const { offsets, bytes } = unpackBatch(packBatch(entries), entries.length);
    const preimages = entries.map((_, i) => bytesToHex(bytes.subarray(offsets[i], offsets[i + 1])));
    expect(preimages).toEqual(['00010203', '00', '0009']);
    expect(offsets[entries.length]).toBe(bytes.length);
  });

  it('packs an empty batch as a lone end offset', () => {
    const { offsets, bytes } = unpackBatch(packBatch([]), 0);
    expect(Array.from(offsets)).toEqual([8]);
    expect(bytes.length).toBe(8);
  });
});
