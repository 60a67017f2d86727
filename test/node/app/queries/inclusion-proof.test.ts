import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/encoding/index.ts';
import { referenceInclusionProof } from '../../../../src/core/merkle/reference.ts';
import { tileWidthAt } from '../../../../src/core/tiles/tile-geometry.ts';
import { buildInclusionProof } from '../../../../src/node/app/queries/inclusion-proof.ts';
import { nativeHasher } from '../../../../src/node/merkle/index.ts';
import type { ReplicaStore } from '../../../../src/node/replica/replica-store.ts';
import { seedFrom, ServedLog } from '../../sync/helpers/served-log.ts';
import { tempReplica, type TempReplica } from '../../sync/helpers/replica-fixture.ts';

const N = 66_000; // three tile levels: 257 full + 1 partial at level 0, 1 full + 1 partial at level 1, width 1 at level 2
const served = new ServedLog('log.example/proofs', seedFrom('proofs'), Array.from({ length: N }, (_, i) => new TextEncoder().encode(`entry ${i}`)));
const leafHashes = served.entries.map((e) => nativeHasher.hashLeaf(e));

/** Stores the tiles of the tree of `size` (partial tiles at that size's widths) for a new origin. */
let origins = 0;
function storeTiles(store: ReplicaStore, size: number): number {
  // One origin per tile set (origins are unique by name; the proof does not depend on the key).
  const origin = store.pinOrigin({ logKey: new ServedLog(`log.example/proofs-${++origins}`, seedFrom('proofs')).verifierKey });
  for (let level = 0; ; level++) {
    if (tileWidthAt(level, 0n, BigInt(size)) === 0) break;
    for (let index = 0; ; index++) {
      const width = tileWidthAt(level, BigInt(index), BigInt(size));
      if (width === 0) break;
      store.putTile(origin.id, level, index, width, served.tile(level, index, width) as Uint8Array);
    }
  }
  return origin.id;
}

function reference(index: number, size: number): string[] {
  return referenceInclusionProof(index, leafHashes.slice(0, size), nativeHasher).map(bytesToHex);
}

function prove(store: ReplicaStore, originId: number, index: number, size: number) {
  return buildInclusionProof(store, originId, index, served.entries[index] as Uint8Array, { size, root: served.root(size) });
}

describe('buildInclusionProof', () => {
  let temp: TempReplica;
  let store: ReplicaStore;

  beforeAll(() => {
    temp = tempReplica();
    store = temp.open();
  });
  afterAll(() => temp.cleanup());

  describe('when the stored tiles are those of the proof size (partial tiles included)', () => {
    const sizes = [1, 2, 3, 7, 8, 9, 255, 256, 257, 300, 511, 512, 513, 1000, 4097];
    it.each(sizes)('matches the reference proof of every index, or a spread of them, at size %i', (size) => {
      const originId = storeTiles(store, size);
      const indices = size <= 300 ? Array.from({ length: size }, (_, i) => i) : [0, 1, 255, 256, 257, size >> 1, size - 257, size - 256, size - 2, size - 1].filter((i) => i >= 0);
      for (const index of indices) {
        const proof = prove(store, originId, index, size);
        expect(proof.hashes, `index ${index}`).toEqual(reference(index, size));
        expect(proof.verified).toBe(true);
        expect(proof.leafHashHex).toBe(bytesToHex(leafHashes[index] as Uint8Array));
        expect(proof.rootHex).toBe(bytesToHex(served.root(size)));
        expect(proof.treeSize).toBe(String(size));
      }
    });
  });

  describe('when the stored tiles are wider than the proof size needs (a later sync)', () => {
    let originId: number;
    beforeAll(() => {
      originId = storeTiles(store, N);
    });

    it.each([
      [N, 0],
      [N, 65_535],
      [N, 65_536],
      [N, N - 1],
      [N, N - 100],
      [65_537, 65_536],
      [65_536, 65_535],
      [65_535, 30_000],
      [40_000, 39_999],
      [1_000, 999],
      [257, 256],
      [1, 0],
    ])('matches the reference at size %i, index %i (indices in the last partial tile too)', (size, index) => {
      const proof = prove(store, originId, index, size);
      expect(proof.hashes).toEqual(reference(index, size));
      expect(proof.verified).toBe(true);
    });
  });

  describe('when the data on disk was altered', () => {
    let originId: number;
    beforeAll(() => {
      originId = storeTiles(store, 1000);
    });
    const setTile = (level: number, index: number, hashes: Uint8Array): void => {
      store.db.prepare('UPDATE hash_tiles SET hashes = ? WHERE origin_id = ? AND level = ? AND idx = ?').run(hashes, originId, level, index);
    };

    it('gives verified: false for a flipped bit in a tile the proof reads, without throwing', () => {
      const original = store.getTile(originId, 0, 0)?.hashes as Uint8Array;
      const tampered = original.slice();
      tampered[5] = (tampered[5] as number) ^ 1;
      setTile(0, 0, tampered);
      try {
        const proof = prove(store, originId, 10, 1000);
        expect(proof.verified).toBe(false);
        expect(proof.hashes).toHaveLength(reference(10, 1000).length);
        expect(proof.hashes).not.toEqual(reference(10, 1000));
        // A proof that does not read that tile is unaffected.
        expect(prove(store, originId, 300, 512).verified).toBe(true);
      } finally {
        setTile(0, 0, original);
      }
      expect(prove(store, originId, 10, 1000).verified).toBe(true);
    });

    it('gives verified: false for altered entry bytes', () => {
      const proof = buildInclusionProof(store, originId, 10, new TextEncoder().encode('entry 11'), { size: 1000, root: served.root(1000) });
      expect(proof.verified).toBe(false);
    });

    it('gives verified: false against another root', () => {
      expect(buildInclusionProof(store, originId, 10, served.entries[10] as Uint8Array, { size: 1000, root: served.root(999) }).verified).toBe(false);
    });

    it('gives verified: false with no hashes when a tile is missing or shorter than its width says', () => {
      const row = store.getTile(originId, 1, 0) as { width: number; hashes: Uint8Array };
      store.db.prepare('DELETE FROM hash_tiles WHERE origin_id = ? AND level = 1 AND idx = 0').run(originId);
      try {
        expect(prove(store, originId, 10, 1000)).toMatchObject({ verified: false, hashes: [] });
        store.putTile(originId, 1, 0, row.width, row.hashes.subarray(0, 32));
        expect(prove(store, originId, 10, 1000)).toMatchObject({ verified: false, hashes: [] });
      } finally {
        store.db.prepare('DELETE FROM hash_tiles WHERE origin_id = ? AND level = 1 AND idx = 0').run(originId);
        store.putTile(originId, 1, 0, row.width, row.hashes);
      }
      expect(prove(store, originId, 10, 1000).verified).toBe(true);
    });
  });
});
