import { describe, expect, it } from 'vitest';
import { bytesToHex, concatBytes, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { computeRootFromLeafHashes } from '../../../src/core/merkle/compact-range.ts';
import { hashLeaf, rfc6962Hasher } from '../../../src/core/merkle/hash.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { BatchFolder } from '../../../src/node/merkle/batch-folder.ts';

const leaves = Array.from({ length: 11 }, (_, i) => hashLeaf(utf8ToBytes(`e${i}`)));

describe('BatchFolder', () => {
  it('folds leaf-hash batches in batch order whatever order they arrive in', () => {
    const folder = new BatchFolder(rfc6962Hasher, 4, false);
    folder.accept(2, 3, concatBytes(...leaves.slice(8, 11)));
    folder.accept(1, 4, concatBytes(...leaves.slice(4, 8)));
    expect(folder.range.size).toBe(0n);
    folder.accept(0, 4, concatBytes(...leaves.slice(0, 4)));
    expect(folder.range.size).toBe(11n);
    expect(bytesToHex(folder.range.root())).toBe(bytesToHex(computeRootFromLeafHashes(leaves)));
  });

  it('appends folded batches as aligned subtrees, a short last batch as one subtree per set bit', () => {
    const tree = MemoryTree.fromLeafHashes(leaves);
    const folder = new BatchFolder(rfc6962Hasher, 4, true);
    folder.accept(1, 4, tree.getNode(2, 1n));
    folder.accept(0, 4, tree.getNode(2, 0n));
    folder.accept(2, 3, concatBytes(tree.getNode(1, 4n), tree.getNode(0, 10n)));
    expect(bytesToHex(folder.range.root())).toBe(bytesToHex(tree.root()));
  });
});
