import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hexToBytes, base64ToBytes, bytesToHex } from '../../src/core/encoding/index.ts';
import { publicKeyFromSeed } from '../../src/core/crypto/ed25519.ts';
import * as conformance from '../../src/node/conformance.ts';
import { describeVectors, readVectorJson, vectorPath } from '../helpers/vectors.ts';

// The conformance entry point must be a faithful, thin face of the real code: these tests drive
// every exported function through public vectors (the deeper suites live beside each module).

const TESSERA_VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
  });
}

describe('conformance exports', () => {
  it('exports exactly the documented functions', () => {
    expect(Object.keys(conformance).sort()).toEqual(
      [
        'canonicalize',
        'didKeyFromPublicKey',
        'ed25519Verify',
        'merkleRoot',
        'openNote',
        'parseCheckpoint',
        'publicKeyFromDidKey',
        'verifyConsistency',
        'verifyInclusion',
        'verifyMaipBundle',
      ].sort(),
    );
  });
});

describeVectors('conformance over the public vectors', () => {
  it('canonicalize reproduces every RFC 8785 output file', () => {
    const dir = vectorPath('jcs-rfc8785', 'testdata');
    for (const name of readdirSync(path.join(dir, 'input'))) {
      const input = JSON.parse(readFileSync(path.join(dir, 'input', name), 'utf8')) as unknown;
      expect(conformance.canonicalize(input), name).toBe(readFileSync(path.join(dir, 'output', name), 'utf8'));
    }
  });

  it.each(['noble', 'native'] as const)('ed25519Verify (%s) meets every Wycheproof expectation', (backend) => {
    const file = readVectorJson<{ testGroups: { publicKey: { pk: string }; tests: { tcId: number; msg: string; sig: string; result: string }[] }[] }>(
      'wycheproof-ed25519',
      'ed25519_test.json',
    );
    const wrong: number[] = [];
    for (const group of file.testGroups) {
      const pk = hexToBytes(group.publicKey.pk);
      for (const test of group.tests) {
        const ok = conformance.ed25519Verify(pk, hexToBytes(test.msg), hexToBytes(test.sig), backend);
        if (ok !== (test.result === 'valid')) wrong.push(test.tcId);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('merkleRoot matches the reference tree at every size', () => {
    const tree = readVectorJson<{ leafInputsHex: string[]; rootHashesBySizeHex: string[] }>('merkle-transparency-dev', 'reference-tree.json');
    const leaves = tree.leafInputsHex.map((hex) => hexToBytes(hex));
    tree.rootHashesBySizeHex.forEach((root, size) => {
      expect(bytesToHex(conformance.merkleRoot(leaves.slice(0, size))), `size ${size}`).toBe(root);
    });
  });

  it('verifyInclusion fails exactly when transparency-dev expects an error', () => {
    const files = jsonFiles(vectorPath('merkle-transparency-dev', 'testdata', 'inclusion'));
    expect(files.length).toBe(98);
    const wrong = files.filter((file) => {
      const v = JSON.parse(readFileSync(file, 'utf8')) as { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; wantErr: boolean };
      const ok = conformance.verifyInclusion(BigInt(v.leafIdx), BigInt(v.treeSize), base64ToBytes(v.leafHash), (v.proof ?? []).map((p) => base64ToBytes(p)), base64ToBytes(v.root));
      return ok === v.wantErr;
    });
    expect(wrong).toEqual([]);
  });

  it('verifyConsistency fails exactly when transparency-dev expects an error', () => {
    const files = jsonFiles(vectorPath('merkle-transparency-dev', 'testdata', 'consistency'));
    expect(files.length).toBe(98);
    const wrong = files.filter((file) => {
      const v = JSON.parse(readFileSync(file, 'utf8')) as { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; wantErr: boolean };
      const ok = conformance.verifyConsistency(BigInt(v.size1), BigInt(v.size2), (v.proof ?? []).map((p) => base64ToBytes(p)), base64ToBytes(v.root1), base64ToBytes(v.root2));
      return ok === v.wantErr;
    });
    expect(wrong).toEqual([]);
  });

  it('openNote and parseCheckpoint read every tessera checkpoint', () => {
    for (let size = 0; size <= 15; size++) {
      const note = readFileSync(vectorPath('tlog-tiles-tessera', 'testdata', 'log', `checkpoint.${size}`), 'utf8');
      const opened = conformance.openNote(note, [TESSERA_VKEY]);
      expect(opened.verifiedBy).toEqual([TESSERA_VKEY]);
      const checkpoint = conformance.parseCheckpoint(opened.text);
      expect(checkpoint.origin).toBe('example.com/log/testdata');
      expect(checkpoint.size).toBe(BigInt(size));
      expect(checkpoint.rootHash).toHaveLength(32);
    }
  });

  it('openNote throws a coded error when no given key verifies', () => {
    const note = readFileSync(vectorPath('tlog-tiles-tessera', 'testdata', 'log', 'checkpoint.3'), 'utf8');
    const otherKey = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
    expect(() => conformance.openNote(note, [otherKey])).toThrowWithCode('NOTE_UNVERIFIED');
  });

  it('did:key round-trips the W3C CCG cases and rejects the negative ones', () => {
    const file = readVectorJson<{ cases: { seedHex?: string; publicKeyHex: string; did?: string }[]; negativeCases: { did: string }[] }>(
      'did-key',
      'did-key-ed25519.json',
    );
    const withDid = file.cases.filter((c): c is typeof c & { did: string } => typeof c.did === 'string');
    expect(withDid.length).toBeGreaterThan(0);
    for (const c of withDid) {
      const publicKey = hexToBytes(c.publicKeyHex);
      if (c.seedHex !== undefined) expect(publicKeyFromSeed(hexToBytes(c.seedHex))).toEqual(publicKey);
      expect(conformance.didKeyFromPublicKey(publicKey)).toBe(c.did);
      expect(conformance.publicKeyFromDidKey(c.did)).toEqual(publicKey);
    }
    expect(file.negativeCases.length).toBeGreaterThan(0);
    for (const n of file.negativeCases) {
      expect(() => conformance.publicKeyFromDidKey(n.did)).toThrowWithCode('DID_KEY_INVALID');
    }
  });

  it('verifyMaipBundle gives every reference bundle its spec verdict', () => {
    const expected = readVectorJson<{ cases: Record<string, { spec_expected_verdict: string }> }>('maip-reference', 'expected.json');
    // The fixtures were generated on 2026-11-26 and the valid ones expire about five years later.
    const now = new Date('2026-11-26T12:00:00Z');
    for (const [name, c] of Object.entries(expected.cases)) {
      const json = readFileSync(vectorPath('maip-reference', `${name}.json`), 'utf8');
      // The verdict is the first word; some entries add a remark ("VALID (spec would also require …)").
      const verdict = c.spec_expected_verdict.split(' ')[0];
      expect(conformance.verifyMaipBundle(json, now).verdict, name).toBe(verdict);
    }
  });
});
