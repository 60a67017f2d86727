import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToHex, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { ProtocolError } from '../../../src/core/errors.ts';
import { hashLeaf } from '../../../src/core/merkle/hash.ts';
import {
  isConsistencyValid,
  rootsFromConsistencyProof,
  shapeConsistencyProof,
  verifyConsistency,
} from '../../../src/core/merkle/consistency.ts';
import { MemoryTree } from '../../../src/core/merkle/memory-tree.ts';
import { referenceVerifyConsistency } from '../../../src/core/merkle/reference.ts';
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

interface ConsistencyCase {
  readonly name: string;
  readonly size1: bigint;
  readonly size2: bigint;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly want: string;
}

// Length of RFC 6962 §2.1.2 PROOF(m, D[n]) counted by the SUBPROOF recursion, without hashing.
function subproofLength(m: bigint, n: bigint, complete: boolean): number {
  if (m === n) return complete ? 0 : 1;
  let k = 1n;
  while (k * 2n < n) k *= 2n;
  return 1 + (m <= k ? subproofLength(m, k, complete) : subproofLength(m - k, n - k, false));
}

/** transparency-dev proofgen-style mutations, each with the code it must fail with. */
function mutate(valid: Omit<ConsistencyCase, 'name' | 'want'>): ConsistencyCase[] {
  const { size1, size2, root1, root2, proof } = valid;
  const flip = (h: Uint8Array, bit: number): Uint8Array => {
    const out = new Uint8Array(h);
    out[bit >> 3] = (out[bit >> 3] as number) ^ (1 << (bit & 7));
    return out;
  };
  // Expected outcome for changed sizes, by the policy of tlog-specs §1.5 and the RFC recursion; a
  // size change that keeps the same fold can still verify (the sizes are bound to the roots by the
  // signed checkpoints), so the literal RFC 9162 §2.1.4.2 loop decides between OK and mismatch.
  const sizes = (s1: bigint, s2: bigint): string => {
    if (s1 < 0n || s2 < 0n || s1 > s2 || s1 === 0n) return 'MERKLE_BAD_SIZE';
    if (s1 === s2) return proof.length > 0 ? 'MERKLE_BAD_PROOF_LENGTH' : bytesToHex(root1) === bytesToHex(root2) ? 'OK' : 'MERKLE_INCONSISTENT';
    if (subproofLength(s1, s2, true) !== proof.length) return 'MERKLE_BAD_PROOF_LENGTH';
    return referenceVerifyConsistency(s1, s2, root1, root2, proof) ? 'OK' : 'MERKLE_INCONSISTENT';
  };
  const cases: ConsistencyCase[] = [
    { ...valid, name: 'happy path', want: 'OK' },
    { ...valid, name: 'wrong root1', root1: flip(root1, 0), want: 'MERKLE_INCONSISTENT' },
    { ...valid, name: 'wrong root2', root2: flip(root2, 255), want: 'MERKLE_INCONSISTENT' },
    { ...valid, name: 'size1 + 1', size1: size1 + 1n, want: sizes(size1 + 1n, size2) },
    { ...valid, name: 'size1 - 1', size1: size1 - 1n, want: sizes(size1 - 1n, size2) },
    { ...valid, name: 'size2 + 1', size2: size2 + 1n, want: sizes(size1, size2 + 1n) },
    { ...valid, name: 'size2 - 1', size2: size2 - 1n, want: sizes(size1, size2 - 1n) },
    { ...valid, name: 'size2 * 2', size2: size2 * 2n, want: sizes(size1, size2 * 2n) },
    { ...valid, name: 'hash appended to proof', proof: [...proof, hash32(7)], want: 'MERKLE_BAD_PROOF_LENGTH' },
    { ...valid, name: 'hash prepended to proof', proof: [hash32(7), ...proof], want: 'MERKLE_BAD_PROOF_LENGTH' },
    // Equal sizes compare bytes only (transparency-dev's vectors accept 12-byte "roots" there).
    { ...valid, name: 'root1 with trailing garbage', root1: new Uint8Array([...root1, 1]), want: size1 === size2 ? 'MERKLE_INCONSISTENT' : 'MERKLE_BAD_HASH_LENGTH' },
    { ...valid, name: 'root2 with trailing garbage', root2: new Uint8Array([...root2, 1]), want: size1 === size2 ? 'MERKLE_INCONSISTENT' : 'MERKLE_BAD_HASH_LENGTH' },
  ];
  if (size1 < size2) {
    cases.push({ ...valid, name: 'empty proof', proof: [], want: 'MERKLE_BAD_PROOF_LENGTH' });
    cases.push({ ...valid, name: 'swapped roots', root1: root2, root2: root1, want: 'MERKLE_INCONSISTENT' });
  }
  proof.forEach((element, i) => {
    for (const bit of [0, 7, 8 * i + 3, 255]) {
      const mutated = [...proof];
      mutated[i] = flip(element, bit % 256);
      cases.push({ ...valid, name: `proof[${i}] bit ${bit % 256} flipped`, proof: mutated, want: 'MERKLE_INCONSISTENT' });
    }
    const withGarbage = [...proof];
    withGarbage[i] = new Uint8Array([...element, 0xff]);
    cases.push({ ...valid, name: `proof[${i}] with trailing garbage`, proof: withGarbage, want: 'MERKLE_BAD_HASH_LENGTH' });
    cases.push({ ...valid, name: `proof[${i}] removed`, proof: proof.filter((_, j) => j !== i), want: 'MERKLE_BAD_PROOF_LENGTH' });
  });
  return cases;
}

function failures(cases: readonly ConsistencyCase[], prefix: string): string[] {
  const failed: string[] = [];
  for (const c of cases) {
    const got = codeOf(() => verifyConsistency(c.size1, c.size2, c.root1, c.root2, c.proof));
    if (got !== c.want) failed.push(`${prefix} ${c.name}: got ${got}, want ${c.want}`);
    if (isConsistencyValid(c.size1, c.size2, c.root1, c.root2, c.proof) !== (c.want === 'OK')) failed.push(`${prefix} ${c.name}: isConsistencyValid`);
    // The literal RFC loop is defined for 0 < size1 < size2 and does not check hash lengths.
    const lengthsOk = [c.root1, c.root2, ...c.proof].every((h) => h.length === 32);
    if (lengthsOk && c.size1 > 0n && c.size1 < c.size2 && referenceVerifyConsistency(c.size1, c.size2, c.root1, c.root2, c.proof) !== (c.want === 'OK')) {
      failed.push(`${prefix} ${c.name}: RFC 9162 literal algorithm disagrees`);
    }
  }
  return failed;
}

describeVectors('verifyConsistency (transparency-dev testdata/consistency)', () => {
  interface Probe {
    size1: number;
    size2: number;
    root1: string;
    root2: string;
    proof: string[] | null;
    desc: string;
    wantErr: boolean;
  }
  const dir = vectorPath('merkle-transparency-dev', 'testdata', 'consistency');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort();

  it('walks all 98 probes', () => {
    expect(files).toHaveLength(98);
  });

  it('fails exactly the probes marked wantErr', () => {
    const failed: string[] = [];
    for (const file of files) {
      const p = readVectorJson<Probe>('merkle-transparency-dev', 'testdata', 'consistency', file);
      const ok = isConsistencyValid(BigInt(p.size1), BigInt(p.size2), b64(p.root1), b64(p.root2), (p.proof ?? []).map(b64));
      if (ok === p.wantErr) failed.push(`${file} (${p.desc}): valid=${ok}`);
    }
    expect(failed).toEqual([]);
  });
});

describeVectors('verifyConsistency (tlog-tiles-tessera derived-proofs.json)', () => {
  const data = readVectorJson<{ rootsBySizeBase64: string[]; consistency: { size1: number; size2: number; proofBase64: string[] }[] }>(
    'tlog-tiles-tessera',
    'derived-proofs.json',
  );

  it('verifies all 105 consistency proofs between the stated roots', () => {
    expect(data.consistency).toHaveLength(105);
    const failed = data.consistency
      .filter((c) => {
        const root1 = b64(data.rootsBySizeBase64[c.size1] as string);
        const root2 = b64(data.rootsBySizeBase64[c.size2] as string);
        return !isConsistencyValid(BigInt(c.size1), BigInt(c.size2), root1, root2, c.proofBase64.map(b64));
      })
      .map((c) => `${c.size1}→${c.size2}`);
    expect(failed).toEqual([]);
  });
});

describe('verifyConsistency', () => {
  const tree = MemoryTree.fromEntries(Array.from({ length: 33 }, (_, i) => utf8ToBytes(`entry ${i}`)));

  it('rejects every mutation of every proof with size2 ≤ 33 with the right code', () => {
    const failed: string[] = [];
    for (let size2 = 1n; size2 <= 33n; size2++) {
      for (let size1 = 1n; size1 <= size2; size1++) {
        const valid = { size1, size2, root1: tree.root(size1), root2: tree.root(size2), proof: tree.consistencyProof(size1, size2) };
        failed.push(...failures(mutate(valid), `${size1}→${size2}`));
      }
    }
    expect(failed).toEqual([]);
  });

  it('carries which root failed and both hashes in hex', () => {
    try {
      verifyConsistency(5n, 9n, tree.root(5n), hash32(0xcd), tree.consistencyProof(5n, 9n));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe('MERKLE_INCONSISTENT');
      expect((error as ProtocolError).details).toMatchObject({ which: 'root2', expected: 'cd'.repeat(32), computed: bytesToHex(tree.root(9n)) });
    }
  });

  describe('when the sizes are outside the RFC precondition (tlog-specs §1.5)', () => {
    it('throws MERKLE_BAD_SIZE for size1 > size2', () => {
      expect(() => verifyConsistency(3n, 2n, hash32(1), hash32(1), [])).toThrowWithCode('MERKLE_BAD_SIZE');
    });

    it('throws MERKLE_BAD_SIZE for size1 == 0, even against the empty tree', () => {
      expect(() => verifyConsistency(0n, 5n, hash32(1), hash32(2), [])).toThrowWithCode('MERKLE_BAD_SIZE');
      const empty = tree.root(0n);
      expect(() => verifyConsistency(0n, 0n, empty, empty, [])).toThrowWithCode('MERKLE_BAD_SIZE');
    });

    it('accepts size1 == size2 only with an empty proof and equal roots', () => {
      expect(() => verifyConsistency(4n, 4n, hash32(1), hash32(1), [])).not.toThrow();
      expect(() => verifyConsistency(4n, 4n, hash32(1), hash32(2), [])).toThrowWithCode('MERKLE_INCONSISTENT');
      expect(() => verifyConsistency(4n, 4n, hash32(1), hash32(1), [hash32(1)])).toThrowWithCode('MERKLE_BAD_PROOF_LENGTH');
    });

    it('throws MERKLE_BAD_SIZE for sizes ≥ 2^64 or negative', () => {
      expect(() => verifyConsistency(1n, 2n ** 64n, hash32(1), hash32(1), [])).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => verifyConsistency(-1n, 2n, hash32(1), hash32(1), [])).toThrowWithCode('MERKLE_BAD_SIZE');
    });

    it('throws coded errors for values of the wrong type (untyped callers)', () => {
      const untyped = verifyConsistency as unknown as (...args: unknown[]) => void;
      expect(() => untyped(1, 2n, hash32(1), hash32(1), [])).toThrowWithCode('MERKLE_BAD_SIZE');
      expect(() => untyped(1n, 2n, hash32(1), hash32(1), undefined)).toThrowWithCode('MERKLE_BAD_PROOF_LENGTH');
      expect(() => untyped(1n, 2n, hash32(1), {}, [hash32(1)])).toThrowWithCode('MERKLE_BAD_HASH_LENGTH');
    });
  });

  it('agrees with the literal RFC 9162 §2.1.4.2 loop on random sizes up to 2^64 - 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 2n, max: 2n ** 64n - 1n }).chain((size2) => fc.tuple(fc.bigInt({ min: 1n, max: size2 - 1n }), fc.constant(size2))),
        fc.integer({ min: 0, max: 255 }),
        ([size1, size2], seed) => {
          const { seedIsRoot1, inner, border } = shapeConsistencyProof(size1, size2);
          const proof = Array.from({ length: (seedIsRoot1 ? 0 : 1) + inner + border }, (_, i) => hashLeaf(Uint8Array.of(seed, i)));
          const root1In = hashLeaf(Uint8Array.of(seed));
          const { root1, root2 } = rootsFromConsistencyProof(size1, size2, root1In, proof);
          expect(referenceVerifyConsistency(size1, size2, root1, root2, proof)).toBe(true);
          expect(referenceVerifyConsistency(size1, size2, root1, root2, proof.slice(1))).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
