import { describe, expect, it } from 'vitest';
import { nobleEd25519Backend, publicKeyFromSeed, signEd25519, verifyEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { nativeEd25519Backend } from '../../../src/node/crypto/native-ed25519.ts';
import { isPackable, packVerifyChunk, verifyPackedChunk, type VerifyItem } from '../../../src/node/crypto/verify-batch.ts';

function makeItems(count: number): VerifyItem[] {
  return Array.from({ length: count }, (_, i) => {
    const seed = Uint8Array.from({ length: 32 }, (_, j) => (i * 17 + j) & 255);
    const message = Uint8Array.from({ length: (i * 37) % 90 }, (_, j) => (i + j) & 255);
    const signature = signEd25519(seed, message);
    if (i % 3 === 1) signature[5] = (signature[5] ?? 0) ^ 0x10;
    return { publicKey: publicKeyFromSeed(seed), message, signature };
  });
}

describe('packVerifyChunk and verifyPackedChunk', () => {
  const items = makeItems(20);

  it.each([
    ['native', nativeEd25519Backend],
    ['noble', nobleEd25519Backend],
  ] as const)('round-trip to the answers of verifyEd25519 item by item (%s backend)', (_name, backend) => {
    const indices = [0, 3, 1, 19, 7, 8, 2];
    const results = verifyPackedChunk(packVerifyChunk(items, indices), backend);
    const expected = indices.map((i) => {
      const item = items[i] as VerifyItem;
      return verifyEd25519(item.publicKey, item.message, item.signature, backend) ? 1 : 0;
    });
    expect([...results]).toEqual(expected);
    expect(expected).toContain(0);
    expect(expected).toContain(1);
  });

  it('packs an empty chunk to an 8-byte header with no entries', () => {
    const buffer = packVerifyChunk(items, []);
    expect(buffer.byteLength).toBe(8);
    expect(verifyPackedChunk(buffer, nativeEd25519Backend)).toHaveLength(0);
  });

  describe('when the chunk is malformed', () => {
    it('throws INVALID_ARGUMENT for a buffer shorter than the header', () => {
      expect(() => verifyPackedChunk(new ArrayBuffer(4), nativeEd25519Backend)).toThrowWithCode('INVALID_ARGUMENT');
    });
    it('throws INVALID_ARGUMENT when the length does not match the header', () => {
      const buffer = packVerifyChunk(items, [0, 1]);
      const longer = new Uint8Array(buffer.byteLength + 1);
      longer.set(new Uint8Array(buffer));
      expect(() => verifyPackedChunk(longer.buffer, nativeEd25519Backend)).toThrowWithCode('INVALID_ARGUMENT');
    });
    it('throws INVALID_ARGUMENT when message offsets go backwards', () => {
      const buffer = packVerifyChunk(items, [2, 5]); // both messages non-empty
      const ends = new Uint32Array(buffer, 8 + 96 * 2, 2);
      ends[0] = (ends[1] ?? 0) + 1;
      expect(() => verifyPackedChunk(buffer, nativeEd25519Backend)).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});

describe('isPackable', () => {
  it('is true only for a 32-byte key and a 64-byte signature', () => {
    const message = new Uint8Array(0);
    expect(isPackable({ publicKey: new Uint8Array(32), message, signature: new Uint8Array(64) })).toBe(true);
    expect(isPackable({ publicKey: new Uint8Array(31), message, signature: new Uint8Array(64) })).toBe(false);
    expect(isPackable({ publicKey: new Uint8Array(32), message, signature: new Uint8Array(65) })).toBe(false);
  });
});
