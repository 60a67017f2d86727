import { describe, expect, it } from 'vitest';
import { checkPackedEntries, packEntryChunk } from '../../../src/node/crypto/entry-batch.ts';
import { nativeEd25519Backend, verifyEd25519Native } from '../../../src/node/crypto/native-ed25519.ts';
import { entrySignatureVerdict } from '../../../src/node/verify/canonical-entry.ts';
import { flipBit, makeLog } from '../verify/helpers.ts';

const log = makeLog({ seed: 'entry-batch', events: 40 });
const tampered = log.bytes.map((b, i) => (i % 4 === 1 ? flipBit(b, b.length - 200) : b));

describe('packEntryChunk and checkPackedEntries', () => {
  it('round-trip to the verdicts of entrySignatureVerdict entry by entry', () => {
    const indices = [0, 3, 1, 19, 7, 8, 2, 5, 9, 13];
    const results = checkPackedEntries(packEntryChunk(tampered, indices), nativeEd25519Backend);
    const expected = indices.map((i) => entrySignatureVerdict(tampered[i] as Uint8Array, verifyEd25519Native));
    expect([...results]).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(1);
  });

  it('packs an empty chunk to an 8-byte header with no entries', () => {
    const buffer = packEntryChunk(tampered, []);
    expect(buffer.byteLength).toBe(8);
    expect(checkPackedEntries(buffer, nativeEd25519Backend)).toHaveLength(0);
  });

  describe('when the chunk is malformed', () => {
    it('throws INVALID_ARGUMENT for a buffer shorter than the header', () => {
      expect(() => checkPackedEntries(new ArrayBuffer(4), nativeEd25519Backend)).toThrowWithCode('INVALID_ARGUMENT');
    });
    it('throws INVALID_ARGUMENT when the length does not match the header', () => {
      const buffer = packEntryChunk(tampered, [0, 1]);
      const longer = new Uint8Array(buffer.byteLength + 1);
      longer.set(new Uint8Array(buffer));
      expect(() => checkPackedEntries(longer.buffer, nativeEd25519Backend)).toThrowWithCode('INVALID_ARGUMENT');
    });
    it('throws INVALID_ARGUMENT when entry offsets go backwards', () => {
      const buffer = packEntryChunk(tampered, [2, 5]);
      const ends = new Uint32Array(buffer, 8, 2);
      ends[0] = (ends[1] ?? 0) + 1;
      expect(() => checkPackedEntries(buffer, nativeEd25519Backend)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});
