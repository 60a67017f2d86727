import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { emptyRoot, hashChildren, hashLeaf, rfc6962Hasher } from '../../../src/core/merkle/hash.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

interface HasherCase {
  desc: string;
  op: 'emptyRoot' | 'hashLeaf' | 'hashChildren';
  leafHex?: string;
  leftHex?: string;
  rightHex?: string;
  wantHex: string;
}

function runHasherCase(c: HasherCase): string {
  switch (c.op) {
    case 'emptyRoot':
      return bytesToHex(emptyRoot());
    case 'hashLeaf':
      return bytesToHex(hashLeaf(hexToBytes(c.leafHex ?? '')));
    case 'hashChildren':
      return bytesToHex(hashChildren(hexToBytes(c.leftHex ?? ''), hexToBytes(c.rightHex ?? '')));
  }
}

describeVectors('rfc6962Hasher (transparency-dev rfc6962-hasher.json)', () => {
  const { cases } = readVectorJson<{ cases: HasherCase[] }>('merkle-transparency-dev', 'rfc6962-hasher.json');

  it('has the 4 transcribed cases', () => {
    expect(cases).toHaveLength(4);
  });

  for (const c of cases) {
    it(`computes ${c.desc}`, () => {
      expect(runHasherCase(c)).toBe(c.wantHex);
    });
  }
});

describe('rfc6962Hasher', () => {
  it('keeps the empty-tree root distinct from the hash of an empty leaf', () => {
    expect(bytesToHex(emptyRoot())).not.toBe(bytesToHex(hashLeaf(new Uint8Array(0))));
  });

  it('matches the values quoted in tlog-specs §1', () => {
    expect(bytesToHex(hashLeaf(utf8ToBytes('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(bytesToHex(hashChildren(utf8ToBytes('N123'), utf8ToBytes('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it('returns a fresh empty root each time (callers may keep or mutate it)', () => {
    const a = rfc6962Hasher.emptyRoot();
    a[0] = 0;
    expect(bytesToHex(rfc6962Hasher.emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('does not let the scratch buffer leak between node hashes', () => {
    const l = new Uint8Array(32).fill(1);
    const r = new Uint8Array(32).fill(2);
    const first = hashChildren(l, r);
    hashChildren(r, l);
    expect(bytesToHex(hashChildren(l, r))).toBe(bytesToHex(first));
    expect(bytesToHex(first)).not.toBe(bytesToHex(hashChildren(r, l)));
  });
});
