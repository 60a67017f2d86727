import { describe, expect, it } from 'vitest';
import { verifyEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { base64ToBytes, bytesToBase64, hexToBytes } from '../../../src/core/encoding/index.ts';
import {
  cosignatureMessage,
  cosignCheckpoint,
  createCosignatureVerifier,
  decodeCosignature,
  MAX_COSIGNATURE_TIMESTAMP,
  verifyCosignature,
} from '../../../src/core/note/cosignature.ts';
import { openNote, parseNote, parseSignatureLine } from '../../../src/core/note/signed-note.ts';
import { formatSignerKey, generateSignerKey } from '../../../src/core/note/signer-key.ts';
import { createNoteVerifier } from '../../../src/core/note/verifier.ts';
import { formatKeyId, parseVerifierKey } from '../../../src/core/note/vkey.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

interface DerivedCase {
  id: string;
  checkpoint?: string;
  checkpointBody?: string;
  cosignatureLine?: string;
  witnessVkey: string;
  plainVkey?: string;
  expect: { cosignatureValid: boolean; timestamp?: number; ignoredAsUnknownKey?: boolean; signatureBytesVerify?: boolean };
}
interface CosigVectors {
  cosignatureTimestampDecode: { source: string; sigBase64: string; expect: { ok: boolean; timestamp?: number; keyIdHex?: string; rawTimestamp?: string } }[];
  derivedCosignatureCases: {
    witnessName: string;
    witnessSeedHex: string;
    witnessVkeyType04: string;
    logVkey: string;
    cases: DerivedCase[];
  };
}

const LOG_TEXT = 'rekor-local\n1\nm5JVGx4ESzbU2kFUPgYQ9adCA7e7mjnwQRluEmGJbHU=\n';

describeVectors('decodeCosignature (cosignatureTimestampDecode)', () => {
  const vectors = readVectorJson<CosigVectors>('checkpoints-and-cosignatures', 'checkpoints-and-cosignatures.json');
  for (const c of vectors.cosignatureTimestampDecode) {
    it(`${c.expect.ok ? 'decodes' : 'rejects'} ${c.source}`, () => {
      if (c.expect.ok) {
        const decoded = decodeCosignature(c.sigBase64);
        expect(decoded.timestamp).toBe(BigInt(c.expect.timestamp ?? -1));
        if (c.expect.keyIdHex !== undefined) expect(formatKeyId(decoded.keyId)).toBe(c.expect.keyIdHex);
        return;
      }
      // The over-2^63 timestamp is a timestamp error; everything else is a malformed cosignature.
      const code = c.expect.rawTimestamp === undefined ? 'COSIGNATURE_MALFORMED' : 'COSIGNATURE_BAD_TIMESTAMP';
      expect(() => decodeCosignature(c.sigBase64)).toThrowWithCode(code);
    });
  }
});

describeVectors('cosignatures (derivedCosignatureCases)', () => {
  const derived = readVectorJson<CosigVectors>('checkpoints-and-cosignatures', 'checkpoints-and-cosignatures.json').derivedCosignatureCases;

  for (const c of derived.cases) {
    it(`${c.id}: cosignature ${c.expect.cosignatureValid ? 'valid' : 'invalid'}`, () => {
      if (c.checkpoint === undefined) {
        // Cosignature over a body the log did not sign: check the line alone.
        const result = verifyCosignature(c.checkpointBody as string, c.cosignatureLine as string, c.witnessVkey);
        expect(result.timestamp).toBe(BigInt(c.expect.timestamp ?? -1));
        return;
      }
      const witness = createNoteVerifier(c.witnessVkey);
      const log = createNoteVerifier(derived.logVkey);
      // The log signature verifies in every case.
      expect(openNote(c.checkpoint, [log]).verified.map((s) => s.name)).toEqual(['rekor-local']);
      const lines = c.checkpoint.slice(c.checkpoint.indexOf('\n\n') + 2).split('\n');
      const cosigLine = lines[1] as string;
      if (c.expect.cosignatureValid) {
        const opened = openNote(c.checkpoint, [log, witness]);
        expect(opened.verified.map((s) => s.name)).toEqual(['rekor-local', derived.witnessName]);
        expect(verifyCosignature(LOG_TEXT, cosigLine, c.witnessVkey).timestamp).toBe(BigInt(c.expect.timestamp ?? -1));
      } else if (c.expect.ignoredAsUnknownKey) {
        const opened = openNote(c.checkpoint, [log, witness]);
        expect(opened.verified.map((s) => s.name)).toEqual(['rekor-local']);
        expect(opened.unverified.map((s) => s.name)).toEqual([derived.witnessName]);
        expect(() => verifyCosignature(LOG_TEXT, cosigLine, c.witnessVkey)).toThrowWithCode('NOTE_UNVERIFIED');
        // It is a valid plain note signature by the same key under its 0x01 vkey.
        expect(openNote(c.checkpoint, [createNoteVerifier(c.plainVkey as string)]).verified).toHaveLength(1);
      } else if (c.expect.signatureBytesVerify) {
        // Timestamp 2^63: the Ed25519 signature over the message verifies, the timestamp does not.
        const sig = parseSignatureLine(cosigLine);
        const key = parseVerifierKey(c.witnessVkey);
        expect(verifyEd25519(key.publicKey, cosignatureMessage(LOG_TEXT, 1n << 63n), sig.signature.subarray(8))).toBe(true);
        expect(() => verifyCosignature(LOG_TEXT, cosigLine, c.witnessVkey)).toThrowWithCode('COSIGNATURE_BAD_TIMESTAMP');
        expect(() => openNote(c.checkpoint as string, [log, witness])).toThrowWithCode('COSIGNATURE_BAD_TIMESTAMP');
      } else {
        expect(() => verifyCosignature(LOG_TEXT, cosigLine, c.witnessVkey)).toThrowWithCode('NOTE_BAD_SIGNATURE');
        expect(() => openNote(c.checkpoint as string, [log, witness])).toThrowWithCode('NOTE_BAD_SIGNATURE');
      }
    });
  }

  it('cosignCheckpoint reproduces the derived cosignatures byte for byte (deterministic Ed25519)', () => {
    const skey = formatSignerKey(derived.witnessName, 0x04, hexToBytes(derived.witnessSeedHex));
    const valid = derived.cases.find((c) => c.id === 'derived-cosig-valid') as DerivedCase;
    expect(cosignCheckpoint(LOG_TEXT, skey, 1679315147n)).toBe(`${(valid.checkpoint as string).split('\n').at(-2)}\n`);
    const ext = derived.cases.find((c) => c.id === 'derived-cosig-with-extension-line') as DerivedCase;
    expect(cosignCheckpoint(ext.checkpointBody as string, skey, 1679315147)).toBe(ext.cosignatureLine);
  });
});

describe('decodeCosignature', () => {
  it.each([
    ['75 bytes', bytesToBase64(new Uint8Array(75))],
    ['77 bytes', bytesToBase64(new Uint8Array(77))],
    ['68 bytes (a plain note signature)', bytesToBase64(new Uint8Array(68))],
    ['unpadded base64', bytesToBase64(new Uint8Array(76)).replace(/=+$/, '')],
    ['base64 with a newline', `${bytesToBase64(new Uint8Array(76)).slice(0, 10)}\n${bytesToBase64(new Uint8Array(76)).slice(10)}`],
    ['an empty string', ''],
  ])('throws COSIGNATURE_MALFORMED for %s', (_, text) => {
    expect(() => decodeCosignature(text)).toThrowWithCode('COSIGNATURE_MALFORMED');
  });

  it('accepts timestamp 2^63 - 1 and rejects 2^63 with COSIGNATURE_BAD_TIMESTAMP', () => {
    const raw = new Uint8Array(76);
    raw.set([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 4);
    expect(decodeCosignature(bytesToBase64(raw)).timestamp).toBe(MAX_COSIGNATURE_TIMESTAMP);
    raw.set([0x80, 0, 0, 0, 0, 0, 0, 0], 4);
    expect(() => decodeCosignature(bytesToBase64(raw))).toThrowWithCode('COSIGNATURE_BAD_TIMESTAMP');
  });
});

describe('cosignCheckpoint', () => {
  const witness = generateSignerKey('w.example', 0x04);

  it('produces a 76-byte cosignature that verifies', () => {
    const line = cosignCheckpoint(LOG_TEXT, witness.signerKey, MAX_COSIGNATURE_TIMESTAMP);
    expect(verifyCosignature(LOG_TEXT, line, witness.verifierKey).timestamp).toBe(MAX_COSIGNATURE_TIMESTAMP);
    expect(decodeCosignature(parseSignatureLine(line).base64).timestamp).toBe(MAX_COSIGNATURE_TIMESTAMP);
  });

  describe('when an argument is invalid', () => {
    it('throws COSIGNATURE_BAD_TIMESTAMP for 2^63, a negative or a fractional timestamp', () => {
      expect(() => cosignCheckpoint(LOG_TEXT, witness.signerKey, 1n << 63n)).toThrowWithCode('COSIGNATURE_BAD_TIMESTAMP');
      expect(() => cosignCheckpoint(LOG_TEXT, witness.signerKey, -1)).toThrowWithCode('COSIGNATURE_BAD_TIMESTAMP');
      expect(() => cosignCheckpoint(LOG_TEXT, witness.signerKey, 1.5)).toThrowWithCode('COSIGNATURE_BAD_TIMESTAMP');
    });

    it('throws INVALID_ARGUMENT for a type 0x01 signer', () => {
      expect(() => cosignCheckpoint(LOG_TEXT, generateSignerKey('p.example').signerKey, 1)).toThrowWithCode('INVALID_ARGUMENT');
    });

    it('throws CHECKPOINT_MALFORMED or NOTE_MALFORMED for text that is not a checkpoint', () => {
      expect(() => cosignCheckpoint('hello\n', witness.signerKey, 1)).toThrowWithCode('CHECKPOINT_MALFORMED');
      expect(() => cosignCheckpoint('hello', witness.signerKey, 1)).toThrowWithCode('NOTE_MALFORMED');
    });
  });
});

describe('verifyCosignature', () => {
  const witness = generateSignerKey('w.example', 0x04);
  const line = cosignCheckpoint(LOG_TEXT, witness.signerKey, 1234n);

  it('throws NOTE_BAD_SIGNATURE over another text', () => {
    expect(() => verifyCosignature(LOG_TEXT.replace('\n1\n', '\n2\n'), line, witness.verifierKey)).toThrowWithCode('NOTE_BAD_SIGNATURE');
  });

  it('throws COSIGNATURE_MALFORMED for a 68-byte (plain) signature from the witness key ID', () => {
    const sig = parseSignatureLine(line);
    const plain = `\u2014 w.example ${bytesToBase64(Uint8Array.of(...base64ToBytes(sig.base64).subarray(0, 4), ...new Uint8Array(64)))}\n`;
    expect(() => verifyCosignature(LOG_TEXT, plain, witness.verifierKey)).toThrowWithCode('COSIGNATURE_MALFORMED');
    expect(() => openNote(`${LOG_TEXT}\n${plain}`, [createNoteVerifier(witness.verifierKey)])).toThrowWithCode('COSIGNATURE_MALFORMED');
  });

  it('throws NOTE_MALFORMED for a line that is not a signature line', () => {
    expect(() => verifyCosignature(LOG_TEXT, 'garbage', witness.verifierKey)).toThrowWithCode('NOTE_MALFORMED');
  });

  it('throws NOTE_UNVERIFIED for a witness vkey with the same name but another key ID', () => {
    const plain = generateSignerKey('w.example').verifierKey;
    expect(() => verifyCosignature(LOG_TEXT, line, plain)).toThrowWithCode('NOTE_UNVERIFIED');
  });

  it('createCosignatureVerifier throws COSIGNATURE_MALFORMED for a type 0x01 key', () => {
    expect(() => createCosignatureVerifier(parseVerifierKey(generateSignerKey('p.example').verifierKey))).toThrowWithCode(
      'COSIGNATURE_MALFORMED',
    );
  });

  it('signs the exact message "cosignature/v1\\ntime <t>\\n" || text', () => {
    expect(new TextDecoder().decode(cosignatureMessage('x\n', 10n))).toBe('cosignature/v1\ntime 10\nx\n');
    expect(parseNote(`${LOG_TEXT}\n${line}`).signatures).toHaveLength(1);
  });
});
