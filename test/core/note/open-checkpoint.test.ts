import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToUtf8 } from '../../../src/core/encoding/index.ts';
import { formatCheckpoint, parseCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { cosignCheckpoint } from '../../../src/core/note/cosignature.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { openNote, parseNote, signNote } from '../../../src/core/note/signed-note.ts';
import { generateSignerKey } from '../../../src/core/note/signer-key.ts';
import { createNoteVerifier } from '../../../src/core/note/verifier.ts';
import { formatKeyId } from '../../../src/core/note/vkey.ts';
import { describeVectors, readVectorJson, vectorPath } from '../../helpers/vectors.ts';

interface CheckpointCase {
  id: string;
  origin: string;
  logVkey: string | null;
  witnessVkeys?: string[];
  checkpoint: string;
  expect: {
    ok: boolean;
    parseOk?: boolean;
    treeSize: number;
    rootHashBase64: string;
    extensionLines?: string[];
    signatureKeyIdHex?: string;
    cosignatures?: { name: string; keyIdHex: string; timestamp: number; valid: boolean }[];
  };
}

const TESSERA_VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';

describeVectors('openCheckpoint (checkpointCases)', () => {
  const cases = readVectorJson<{ checkpointCases: CheckpointCase[] }>(
    'checkpoints-and-cosignatures',
    'checkpoints-and-cosignatures.json',
  ).checkpointCases;

  it('has the 16 documented cases', () => {
    expect(cases).toHaveLength(16);
  });

  for (const c of cases) {
    const isSumdb = c.id.startsWith('sumdb-');
    it(`${c.id}: ${c.expect.ok ? 'verifies' : 'parses but does not verify'}`, () => {
      if (c.logVkey === null) {
        const note = parseNote(c.checkpoint);
        const cp = parseCheckpoint(note.text);
        expect(cp.size).toBe(BigInt(c.expect.treeSize));
        expect(bytesToBase64(cp.rootHash)).toBe(c.expect.rootHashBase64);
        expect(formatKeyId(note.signatures[0]?.keyId ?? -1)).toBe(c.expect.signatureKeyIdHex);
        expect(() => openNote(note, [])).toThrowWithCode('NOTE_UNVERIFIED');
        return;
      }
      const opened = openCheckpoint(c.checkpoint, c.logVkey, {
        witnesses: c.witnessVkeys ?? [],
        requireOriginMatchesKeyName: !isSumdb,
      });
      expect(opened.checkpoint.origin).toBe(c.origin);
      expect(opened.checkpoint.size).toBe(BigInt(c.expect.treeSize));
      expect(bytesToBase64(opened.checkpoint.rootHash)).toBe(c.expect.rootHashBase64);
      expect(opened.checkpoint.extensions).toEqual(c.expect.extensionLines ?? []);
      const want = (c.expect.cosignatures ?? []).filter((w) => w.valid);
      expect(opened.cosignatures.map((w) => ({ name: w.name, keyIdHex: formatKeyId(w.keyId), timestamp: Number(w.timestamp) }))).toEqual(
        want.map((w) => ({ name: w.name, keyIdHex: w.keyIdHex, timestamp: w.timestamp })),
      );
    });

    if (isSumdb) {
      it(`${c.id}: throws CHECKPOINT_ORIGIN_MISMATCH when origin must equal the key name (the default)`, () => {
        expect(() => openCheckpoint(c.checkpoint, c.logVkey as string)).toThrowWithCode('CHECKPOINT_ORIGIN_MISMATCH');
      });
    }
  }

  it('rekor-v2-prod-139911860-with-witness-cosig: without the witness key the cosignature is reported unverified', () => {
    const c = cases.find((x) => x.id === 'rekor-v2-prod-139911860-with-witness-cosig') as CheckpointCase;
    const opened = openCheckpoint(c.checkpoint, c.logVkey as string);
    expect(opened.cosignatures).toEqual([]);
    expect(opened.unverified.map((s) => s.name)).toEqual(['witness.stagemole.eu']);
  });

  it('rekor-v2-prod-139911860-with-witness-cosig: the witness alone is not the log (NOTE_UNVERIFIED)', () => {
    const c = cases.find((x) => x.id === 'rekor-v2-prod-139911860-with-witness-cosig') as CheckpointCase;
    const witness = c.witnessVkeys?.[0] as string;
    const other = generateSignerKey('log2025-1.rekor.sigstore.dev').verifierKey;
    expect(() => openCheckpoint(c.checkpoint, other, { witnesses: [witness] })).toThrowWithCode('NOTE_UNVERIFIED');
  });

  it('throws NOTE_BAD_SIGNATURE for a real checkpoint with one root byte changed', () => {
    const c = cases.find((x) => x.id === 'rekor-v2-prod-412115') as CheckpointCase;
    const root = base64ToBytes(c.expect.rootHashBase64);
    root[0] = (root[0] as number) ^ 1;
    const tampered = c.checkpoint.replace(c.expect.rootHashBase64, bytesToBase64(root));
    expect(() => openCheckpoint(tampered, c.logVkey as string)).toThrowWithCode('NOTE_BAD_SIGNATURE');
  });
});

describeVectors('openCheckpoint (rekor-v2-realworld)', () => {
  const file = readVectorJson<{ logVkey: string; entries: { treeSize: number; rootHashBase64: string; checkpoint: string }[] }>(
    'rekor-v2-realworld',
    'rekor-v2-inclusion.json',
  );
  for (const entry of file.entries) {
    it(`verifies the checkpoint at size ${entry.treeSize} and its third line is the root`, () => {
      const opened = openCheckpoint(entry.checkpoint, file.logVkey);
      expect(opened.checkpoint.size).toBe(BigInt(entry.treeSize));
      expect(entry.checkpoint.split('\n')[2]).toBe(entry.rootHashBase64);
      expect(bytesToBase64(opened.checkpoint.rootHash)).toBe(entry.rootHashBase64);
    });
  }
});

describeVectors('openCheckpoint (tlog-tiles-tessera checkpoints)', () => {
  const read = (name: string): Uint8Array => new Uint8Array(readFileSync(vectorPath('tlog-tiles-tessera', 'testdata', 'log', name)));
  for (let n = 0; n <= 15; n++) {
    it(`checkpoint.${n} verifies with origin example.com/log/testdata and size ${n}`, () => {
      const opened = openCheckpoint(read(`checkpoint.${n}`), TESSERA_VKEY);
      expect(opened.checkpoint.origin).toBe('example.com/log/testdata');
      expect(opened.checkpoint.size).toBe(BigInt(n));
    });
  }
  it('checkpoint equals checkpoint.15', () => {
    expect(bytesToUtf8(read('checkpoint'))).toBe(bytesToUtf8(read('checkpoint.15')));
  });
});

describe('openCheckpoint with our own keys', () => {
  const log = generateSignerKey('example.com/ours');
  const w1 = generateSignerKey('w1.example', 0x04);
  const w2 = generateSignerKey('w2.example', 0x04);
  const text = formatCheckpoint({ origin: 'example.com/ours', size: 7n, rootHash: new Uint8Array(32).fill(1) });
  const signed = signNote(text, [log.signerKey]);

  it('reports the witnesses that cosigned, with timestamps', () => {
    const note = signed + cosignCheckpoint(text, w1.signerKey, 1700000000n) + cosignCheckpoint(text, w2.signerKey, 1700000001);
    const opened = openCheckpoint(note, log.verifierKey, { witnesses: [w2.verifierKey, w1.verifierKey] });
    expect(opened.cosignatures.map((c) => [c.name, c.timestamp])).toEqual([
      ['w1.example', 1700000000n],
      ['w2.example', 1700000001n],
    ]);
  });

  it('reports a plain (0x01) witness signature without a timestamp', () => {
    const plain = generateSignerKey('plain.example');
    const note = signNote(text, [log.signerKey, plain.signerKey]);
    const opened = openCheckpoint(note, log.verifierKey, { witnesses: [plain.verifierKey] });
    expect(opened.cosignatures).toEqual([{ name: 'plain.example', keyId: expect.any(Number), type: 1, timestamp: null }]);
  });

  it('throws NOTE_BAD_SIGNATURE when a configured witness cosigned another checkpoint', () => {
    const other = formatCheckpoint({ origin: 'example.com/ours', size: 8n, rootHash: new Uint8Array(32).fill(2) });
    const note = signed + cosignCheckpoint(other, w1.signerKey, 1700000000n);
    expect(() => openCheckpoint(note, log.verifierKey, { witnesses: [w1.verifierKey] })).toThrowWithCode('NOTE_BAD_SIGNATURE');
    // Not configured: ignored.
    expect(openCheckpoint(note, log.verifierKey).unverified).toHaveLength(1);
  });

  it('throws CHECKPOINT_ORIGIN_MISMATCH for a log key named differently, unless the policy is off', () => {
    const renamed = generateSignerKey('example.com/other');
    const note = signNote(text, [renamed.signerKey]);
    expect(() => openCheckpoint(note, renamed.verifierKey)).toThrowWithCode('CHECKPOINT_ORIGIN_MISMATCH');
    expect(openCheckpoint(note, renamed.verifierKey, { requireOriginMatchesKeyName: false }).checkpoint.size).toBe(7n);
  });

  it('throws CHECKPOINT_MALFORMED for a signed note whose text is not a checkpoint', () => {
    expect(() => openCheckpoint(signNote('hello\n', [log.signerKey]), log.verifierKey)).toThrowWithCode('CHECKPOINT_MALFORMED');
  });

  it('throws NOTE_AMBIGUOUS_KEY when a witness key repeats the log key', () => {
    expect(() => openCheckpoint(signed, log.verifierKey, { witnesses: [log.verifierKey] })).toThrowWithCode('NOTE_AMBIGUOUS_KEY');
  });

  it('throws VKEY_MALFORMED for a bad log or witness vkey', () => {
    expect(() => openCheckpoint(signed, 'nope')).toThrowWithCode('VKEY_MALFORMED');
    expect(() => openCheckpoint(signed, log.verifierKey, { witnesses: ['nope'] })).toThrowWithCode('VKEY_MALFORMED');
  });

  it('throws NOTE_MALFORMED for garbage', () => {
    expect(() => openCheckpoint(Uint8Array.of(0xff, 0xfe), log.verifierKey)).toThrowWithCode('NOTE_MALFORMED');
  });

  it('verifies through a type 0x04 verifier created from the witness vkey', () => {
    const note = signed + cosignCheckpoint(text, w1.signerKey, 5n);
    const opened = openNote(note, [createNoteVerifier(w1.verifierKey)]);
    expect(opened.verified.map((s) => s.name)).toEqual(['w1.example']);
  });
});
