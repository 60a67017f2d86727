import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToHex, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { ProtocolError } from '../../../src/core/errors.ts';
import { computeRoot } from '../../../src/core/merkle/compact-range.ts';
import { hashLeaf } from '../../../src/core/merkle/hash.ts';
import { isInclusionValid, rootFromInclusionProof, shapeInclusionProof, verifyInclusion } from '../../../src/core/merkle/inclusion.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { referenceVerifyInclusion } from '../../../src/core/merkle/reference.ts';
import { describeVectors, readVectorJson, vectorPath } from '../../helpers/vectors.ts';

const b64 = (s: string): Uint8Array => base64ToBytes(s);
const hash32 = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

function codeOf(f: () => void): string {
  try {
    f();
    return 'OK';
  } catch (error) {
    if (error instanceof ProtocolError) return error.code;
    return `foreign ${String(error)}`;
  }
}

interface InclusionCase {
  readonly name: string;
  readonly index: bigint;
  readonly size: bigint;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
  readonly want: string;
}

// The proof length the RFC 6962 §2.1.1 PATH recursion gives (counted without hashing; independent
// of shapeInclusionProof), or undefined where (index, size) has no proof.
function pathLength(index: bigint, size: bigint): number | undefined {
  if (index < 0n || index >= size) return undefined;
  if (size === 1n) return 0;
  let k = 1n;
  while (k * 2n < size) k *= 2n;
  return 1 + (index < k ? (pathLength(index, k) as number) : (pathLength(index - k, size - k) as number));
}

/**
 * The mutation cases transparency-dev's proofgen makes from one valid proof, each with the code it
 * must fail with (derived from the RFC 6962 PATH definition, not from the code under test).
 */
function mutate(valid: Omit<InclusionCase, 'name' | 'want'>): InclusionCase[] {
  const { index, size, leafHash, proof, root } = valid;
  const flip = (h: Uint8Array, bit: number): Uint8Array => {
    const out = new Uint8Array(h);
    out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
    return out;
  };
  // A wrong size or index with the same proof length may still fold to the root when the left/right
  // pattern is unchanged (leaf 32 of 40 and of 39 both go right, right, right, left): the size is
  // bound to the root by the signed checkpoint, not by the proof. The literal RFC 9162 loop decides.
  const sizeOrIndex = (i: bigint, s: bigint): string => {
    if (s < 0n || s >= 2n ** 64n) return 'MERKLE_BAD_SIZE';
    const length = pathLength(i, s);
    if (length === undefined) return 'MERKLE_BAD_INDEX';
    if (length !== proof.length) return 'MERKLE_BAD_PROOF_LENGTH';
    return referenceVerifyInclusion(i, s, leafHash, proof, root) ? 'OK' : 'MERKLE_ROOT_MISMATCH';
  };
  const cases: InclusionCase[] = [
    { ...valid, name: 'happy path', want: 'OK' },
    { ...valid, name: 'wrong leaf', leafHash: flip(leafHash, 0), want: 'MERKLE_ROOT_MISMATCH' },
    { ...valid, name: 'wrong root', root: flip(root, 255), want: 'MERKLE_ROOT_MISMATCH' },
    { ...valid, name: 'index + 1', index: index + 1n, want: sizeOrIndex(index + 1n, size) },
    { ...valid, name: 'index - 1', index: index - 1n, want: sizeOrIndex(index - 1n, size) },
    { ...valid, name: 'size + 1', size: size + 1n, want: sizeOrIndex(index, size + 1n) },
    { ...valid, name: 'size - 1', size: size - 1n, want: sizeOrIndex(index, size - 1n) },
    { ...valid, name: 'size * 2', size: size * 2n, want: sizeOrIndex(index, size * 2n) },
    { ...valid, name: 'hash appended to proof', proof: [...proof, hash32(7)], want: 'MERKLE_BAD_PROOF_LENGTH' },
    { ...valid, name: 'hash prepended to proof', proof: [hash32(7), ...proof], want: 'MERKLE_BAD_PROOF_LENGTH' },
    { ...valid, name: 'leaf hash with trailing garbage', leafHash: new Uint8Array([...leafHash, 0]), want: 'MERKLE_BAD_HASH_LENGTH' },
    { ...valid, name: 'root with trailing garbage', root: new Uint8Array([...root, 0]), want: 'MERKLE_BAD_HASH_LENGTH' },
    { ...valid, name: 'truncated root', root: root.subarray(0, 31), want: 'MERKLE_BAD_HASH_LENGTH' },
  ];
  proof.forEach((element, i) => {
    for (const bit of [0, 7, 8 * i + 3, 255]) {
      const mutated = [...proof];
      mutated[i] = flip(element, bit % 256);
      cases.push({ ...valid, name: `proof[${i}] bit ${bit % 256} flipped`, proof: mutated, want: 'MERKLE_ROOT_MISMATCH' });
    }
    const withGarbage = [...proof];
    withGarbage[i] = new Uint8Array([...element, 0xff]);
    cases.push({ ...valid, name: `proof[${i}] with trailing garbage`, proof: withGarbage, want: 'MERKLE_BAD_HASH_LENGTH' });
    cases.push({ ...valid, name: `proof[${i}] removed`, proof: proof.filter((_, j) => j !== i), want: 'MERKLE_BAD_PROOF_LENGTH' });
  });
  if (proof.length >= 2 && bytesToHex(proof[0] as Uint8Array) !== bytesToHex(proof[1] as Uint8Array)) {
    cases.push({ ...valid, name: 'proof[0] and proof[1] swapped', proof: [proof[1] as Uint8Array, proof[0] as Uint8Array, ...proof.slice(2)], want: 'MERKLE_ROOT_MISMATCH' });
  }
  return cases;
}

// Runs every case, also through the literal RFC 9162 §2.1.3.2 loop (for cases whose hashes all have
// the right length: that loop does not check lengths), and returns the failures by name.
function failures(cases: readonly InclusionCase[], prefix: string): string[] {
  const failed: string[] = [];
  for (const c of cases) {
    const got = codeOf(() => verifyInclusion(c.index, c.size, c.leafHash, c.proof, c.root));
    if (got !== c.want) failed.push(`${prefix} ${c.name}: got ${got}, want ${c.want}`);
    if (isInclusionValid(c.index, c.size, c.leafHash, c.proof, c.root) !== (c.want === 'OK')) failed.push(`${prefix} ${c.name}: isInclusionValid`);
    const lengthsOk = [c.leafHash, c.root, ...c.proof].every((h) => h.length === 32);
    if (lengthsOk && c.size >= 0n && c.index >= 0n && referenceVerifyInclusion(c.index, c.size, c.leafHash, c.proof, c.root) !== (c.want === 'OK')) {
      failed.push(`${prefix} ${c.name}: RFC 9162 literal algorithm disagrees`);
    }
  }
  return failed;
}

// Not run: transparency-dev's testdata/subtreeinclusion and testdata/subtreeconsistency probes. They
// test proofs for arbitrary subtrees [start, end) (draft-ietf-plants-merkle-tree-certs, C2SP
// tlog-witness sign-subtree), a proof type this module does not implement; tlog-witness makes
// sign-subtree optional and nothing in Agent Warden signs or checks subtrees.
describeVectors('verifyInclusion (transparency-dev testdata/inclusion)', () => {
  interface Probe {
    leafIdx: number;
    treeSize: number;
    root: string;
    leafHash: string;
    proof: string[] | null;
    desc: string;
    wantErr: boolean;
  }
  const dir = vectorPath('merkle-transparency-dev', 'testdata', 'inclusion');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();

  it('walks all 98 probes', () => {
    expect(files).toHaveLength(98);
  });

  it('fails exactly the probes marked wantErr', () => {
    const failed: string[] = [];
    for (const file of files) {
      const p = readVectorJson<Probe>('merkle-transparency-dev', 'testdata', 'inclusion', file);
      const ok = isInclusionValid(BigInt(p.leafIdx), BigInt(p.treeSize), b64(p.leafHash), (p.proof ?? []).map(b64), b64(p.root));
      if (ok === p.wantErr) failed.push(`${file} (${p.desc}): valid=${ok}`);
    }
    expect(failed).toEqual([]);
  });
});

describeVectors('verifyInclusion (rekor-v2-realworld)', () => {
  interface Entry {
    logIndex: number;
    treeSize: number;
    canonicalizedBodyBase64?: string;
    leafHashBase64: string;
    inclusionProofBase64: string[];
    rootHashBase64: string;
    desc?: string;
  }
  const data = readVectorJson<{ entries: Entry[]; derivedNegativeCases: Entry[] }>('rekor-v2-realworld', 'rekor-v2-inclusion.json');

  it('has 3 production entries and 5 negatives', () => {
    expect([data.entries.length, data.derivedNegativeCases.length]).toEqual([3, 5]);
  });

  for (const e of data.entries) {
    describe(`entry ${e.logIndex} of ${e.treeSize}`, () => {
      it('hashes the canonicalized body to the leaf hash (SHA-256(0x00 || body))', () => {
        expect(bytesToHex(hashLeaf(b64(e.canonicalizedBodyBase64 ?? '')))).toBe(bytesToHex(b64(e.leafHashBase64)));
      });

      it('verifies the production inclusion proof', () => {
        const leafHash = hashLeaf(b64(e.canonicalizedBodyBase64 ?? ''));
        expect(() => verifyInclusion(BigInt(e.logIndex), BigInt(e.treeSize), leafHash, e.inclusionProofBase64.map(b64), b64(e.rootHashBase64))).not.toThrow();
      });

      it('rejects every mutation with the right code', () => {
        const valid = { index: BigInt(e.logIndex), size: BigInt(e.treeSize), leafHash: b64(e.leafHashBase64), proof: e.inclusionProofBase64.map(b64), root: b64(e.rootHashBase64) };
        expect(failures(mutate(valid), String(e.logIndex))).toEqual([]);
      });
    });
  }

  it('rejects all 5 derived negative cases', () => {
    const accepted = data.derivedNegativeCases
      .filter((n) => isInclusionValid(BigInt(n.logIndex), BigInt(n.treeSize), b64(n.leafHashBase64), n.inclusionProofBase64.map(b64), b64(n.rootHashBase64)))
      .map((n) => n.desc);
    expect(accepted).toEqual([]);
  });
});

describeVectors('verifyInclusion (tlog-tiles-tessera derived-proofs.json)', () => {
  const data = readVectorJson<{
    leavesUtf8: string[];
    rootsBySizeBase64: string[];
    inclusion: { leafIndex: number; treeSize: number; leafUtf8: string; proofBase64: string[] }[];
  }>('tlog-tiles-tessera', 'derived-proofs.json');

  it('states the roots that the leaves give', () => {
    const leaves = data.leavesUtf8.map((s) => utf8ToBytes(s));
    expect(data.rootsBySizeBase64.map((_, n) => bytesToHex(computeRoot(leaves.slice(0, n))))).toEqual(data.rootsBySizeBase64.map((r) => bytesToHex(b64(r))));
  });

  it('verifies all 120 inclusion proofs against the stated roots', () => {
    expect(data.inclusion).toHaveLength(120);
    const failed = data.inclusion
      .filter((c) => {
        const root = b64(data.rootsBySizeBase64[c.treeSize] as string);
        return !isInclusionValid(BigInt(c.leafIndex), BigInt(c.treeSize), hashLeaf(utf8ToBytes(c.leafUtf8)), c.proofBase64.map(b64), root);
      })
      .map((c) => `${c.leafIndex}/${c.treeSize}`);
    expect(failed).toEqual([]);
  });
});

describe('verifyInclusion', () => {
  const tree = MemoryTree.fromEntries(Array.from({ length: 40 }, (_, i) => utf8ToBytes(`entry ${i}`)));

  it('rejects every mutation of every proof in trees of size 1..40 with the right code', () => {
    const failed: string[] = [];
    for (let size = 1n; size <= 40n; size++) {
      const root = tree.root(size);
      for (let index = 0n; index < size; index++) {
        const valid = { index, size, leafHash: tree.getNode(0, index), proof: tree.inclusionProof(index, size), root };
        failed.push(...failures(mutate(valid), `${index}/${size}`));
      }
    }
    expect(failed).toEqual([]);
  });

  it('carries both roots in hex in a mismatch', () => {
    const proof = tree.inclusionProof(3n, 10n);
    try {
      verifyInclusion(3n, 10n, tree.getNode(0, 3n), proof, hash32(0xab));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).details).toMatchObject({
        expected: 'ab'.repeat(32),
        computed: bytesToHex(tree.root(10n)),
        index: '3',
        size: '10',
      });
    }
  });

  describe('when sizes or indices are outside uint64', () => {
    it('throws MERKLE_BAD_SIZE for a size ≥ 2^64 or negative', () => {
      expect(() => verifyInclusion(0n, 2n ** 64n, hash32(1), [], hash32(1))).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => verifyInclusion(0n, -1n, hash32(1), [], hash32(1))).toThrowWithCode('MERKLE_BAD_SIZE');
    });

    it('throws MERKLE_BAD_INDEX for a negative index or an index ≥ size (including size 0)', () => {
      expect(() => verifyInclusion(-1n, 5n, hash32(1), [], hash32(1))).toThrowWithCode('MERKLE_BAD_INDEX');
      expect(() => verifyInclusion(5n, 5n, hash32(1), [], hash32(1))).toThrowWithCode('MERKLE_BAD_INDEX');
      expect(() => verifyInclusion(0n, 0n, hash32(1), [], hash32(1))).toThrowWithCode('MERKLE_BAD_INDEX');
    });

    it('throws coded errors, not TypeErrors, for numbers where bigints are due (untyped callers)', () => {
      const untyped = verifyInclusion as unknown as (...args: unknown[]) => void;
      expect(() => untyped(0, 1n, hash32(1), [], hash32(1))).toThrowWithCode('MERKLE_BAD_INDEX');
      expect(() => untyped(0n, 1, hash32(1), [], hash32(1))).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => untyped(0n, 1n, 'x', [], hash32(1))).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
      expect(() => untyped(0n, 2n, hash32(1), null, hash32(1))).toThrowWithCode('MERKLE_BAD_PROOF_LENGTH');
      expect(() => untyped(0n, 2n, hash32(1), [null], hash32(1))).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
    });
  });

  it('accepts the single-leaf tree whose root is the leaf hash', () => {
    expect(bytesToHex(rootFromInclusionProof(0n, 1n, hash32(5), []))).toBe(bytesToHex(hash32(5)));
  });

  it('agrees with the literal RFC 9162 §2.1.3.2 loop on random proofs up to 2^64 - 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).chain((size) => fc.tuple(fc.constant(size), fc.bigInt({ min: 0n, max: size - 1n }))),
        fc.integer({ min: 0, max: 255 }),
        ([size, index], seed) => {
          const { inner, border } = shapeInclusionProof(index, size);
          const proof = Array.from({ length: inner + border }, (_, i) => hashLeaf(Uint8Array.of(seed, i)));
          const root = rootFromInclusionProof(index, size, hash32(seed), proof);
          expect(referenceVerifyInclusion(index, size, hash32(seed), proof, root)).toBe(true);
          if (proof.length > 0) expect(referenceVerifyInclusion(index, size, hash32(seed), proof.slice(1), root)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
