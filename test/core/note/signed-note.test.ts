import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import type { ProtocolError } from '../../../src/core/errors.ts';
import {
  MAX_NOTE_SIGNATURES,
  openNote,
  parseNote,
  parseSignatureLine,
  signNote,
  type NoteSignature,
} from '../../../src/core/note/signed-note.ts';
import { generateSignerKey } from '../../../src/core/note/signer-key.ts';
import { createNoteVerifier, type NoteVerifier } from '../../../src/core/note/verifier.ts';
import { formatKeyId } from '../../../src/core/note/vkey.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

interface VectorSig {
  name: string;
  keyIdHex: string;
  sigBase64: string;
}
interface OpenCase {
  id: string;
  desc: string;
  vkeys: string[];
  noteBase64: string;
  expect: { ok: boolean; goError?: string; verifiedSigs?: VectorSig[]; unverifiedSigs?: VectorSig[]; text?: string };
}
interface SigningCase {
  skey: string;
  vkey: string;
  text: string;
  wantSignedNote: string;
}
interface SignedNoteVectors {
  openCases: OpenCase[];
  signingCases: SigningCase[];
}

const GO_ERROR_CODES: [string, string][] = [
  ['malformed note', 'NOTE_MALFORMED'],
  ['note has no verifiable signatures', 'NOTE_UNVERIFIED'],
  ['invalid signature for key', 'NOTE_BAD_SIGNATURE'],
  ['ambiguous key', 'NOTE_AMBIGUOUS_KEY'],
];

const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_LINE = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_LINE = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const NOTE = `${TEXT}\n${PETER_LINE}`;

function toVector(sig: NoteSignature): VectorSig {
  return { name: sig.name, keyIdHex: formatKeyId(sig.keyId), sigBase64: sig.base64 };
}

function catchError(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (error) {
    return error as ProtocolError;
  }
  throw new Error('expected an error');
}

const peter = (): NoteVerifier[] => [createNoteVerifier(PETER_VKEY)];

describeVectors('openNote (signed-note vectors)', () => {
  const vectors = readVectorJson<SignedNoteVectors>('signed-note', 'golang-note-and-c2sp-examples.json');

  for (const c of vectors.openCases) {
    it(`${c.id}: ${c.expect.ok ? 'accepts' : 'rejects'} (${c.desc})`, () => {
      const bytes = base64ToBytes(c.noteBase64);
      const verifiers = c.vkeys.map((vkey) => createNoteVerifier(vkey));
      if (c.expect.ok) {
        const note = openNote(bytes, verifiers);
        expect(note.text).toBe(c.expect.text);
        expect(note.verified.map(toVector)).toEqual(c.expect.verifiedSigs);
        expect(note.unverified.map(toVector)).toEqual(c.expect.unverifiedSigs);
        return;
      }
      const entry = GO_ERROR_CODES.find(([prefix]) => c.expect.goError?.startsWith(prefix));
      expect(entry, `no code for Go error ${c.expect.goError}`).toBeDefined();
      const error = catchError(() => openNote(bytes, verifiers));
      expect(error.code).toBe(entry?.[1]);
      // Our messages start with Go's error strings.
      expect(error.message.startsWith(c.expect.goError ?? '')).toBe(true);
      if (c.expect.unverifiedSigs !== undefined) {
        const details = error.details as { text: string; unverified: NoteSignature[] };
        expect(details.unverified.map(toVector)).toEqual(c.expect.unverifiedSigs);
        expect(details.text).toBe(c.expect.text);
      }
    });
  }

  for (const c of vectors.signingCases) {
    it(`signNote reproduces Go TestSign byte for byte (${c.vkey})`, () => {
      expect(signNote(c.text, [c.skey])).toBe(c.wantSignedNote);
      expect(openNote(c.wantSignedNote, [createNoteVerifier(c.vkey)]).text).toBe(c.text);
    });
  }
});

describe('parseNote', () => {
  it('splits at the last blank line and keeps the final newline of the text', () => {
    const note = parseNote(`a\n\nb\n\n${PETER_LINE}`);
    expect(note.text).toBe('a\n\nb\n');
    expect(note.signatures).toHaveLength(1);
  });

  it('accepts bytes and strings alike', () => {
    expect(parseNote(utf8ToBytes(NOTE))).toEqual(parseNote(NOTE));
  });

  it(`accepts ${MAX_NOTE_SIGNATURES} signature lines`, () => {
    expect(parseNote(TEXT + '\n' + PETER_LINE.repeat(MAX_NOTE_SIGNATURES)).signatures).toHaveLength(MAX_NOTE_SIGNATURES);
  });

  it('accepts a 5-byte signature (the Go minimum)', () => {
    expect(parseNote(`${TEXT}\n\u2014 x AAAAAAA=\n`).signatures[0]?.signature).toHaveLength(1);
  });

  describe('when the note is malformed', () => {
    const cases: [string, string | Uint8Array][] = [
      ['no signature block', TEXT],
      ['only a blank line', `${TEXT}\n`],
      ['a blank line after the signatures', `${NOTE}\n`],
      ['missing final newline', NOTE.slice(0, -1)],
      ['CRLF line ends', NOTE.replaceAll('\n', '\r\n')],
      ['a CR before the final newline', `${NOTE.slice(0, -1)}\r\n`],
      ['a tab in the text', `a\tb\n\n${PETER_LINE}`],
      ['NUL in the text', `a\u0000b\n\n${PETER_LINE}`],
      ['a lone surrogate', `a\ud800\n\n${PETER_LINE}`],
      ['invalid UTF-8 (0xff)', Uint8Array.of(0xff, ...utf8ToBytes(NOTE))],
      ['an overlong UTF-8 "/" (0xc0 0xaf)', Uint8Array.of(0xc0, 0xaf, 0x0a, ...utf8ToBytes(`\n${PETER_LINE}`))],
      ['a UTF-8 surrogate (0xed 0xa0 0x80)', Uint8Array.of(0xed, 0xa0, 0x80, 0x0a, ...utf8ToBytes(`\n${PETER_LINE}`))],
      [`${MAX_NOTE_SIGNATURES + 1} signature lines`, TEXT + '\n' + PETER_LINE.repeat(MAX_NOTE_SIGNATURES + 1)],
      ['a hyphen instead of an em dash', `${TEXT}\n- PeterNeumann ${PETER_LINE.split(' ')[2]}`],
      ['no space after the em dash', `${TEXT}\n\u2014PeterNeumann ${PETER_LINE.split(' ')[2]}`],
      ['no signature', `${TEXT}\n\u2014 PeterNeumann\n`],
      ['empty signature', `${TEXT}\n\u2014 PeterNeumann \n`],
      ['two spaces before the signature', `${TEXT}\n\u2014 PeterNeumann  ${PETER_LINE.split(' ')[2]}`],
      ['a "+" in the key name', `${TEXT}\n\u2014 Peter+Neumann ${PETER_LINE.split(' ')[2]}`],
      ['a 4-byte signature', `${TEXT}\n\u2014 PeterNeumann AAAAAA==\n`],
      ['unpadded base64', `${TEXT}\n\u2014 PeterNeumann AAAAAAA\n`],
      ['non-zero base64 pad bits', `${TEXT}\n\u2014 PeterNeumann AAAAAAB=\n`],
      ['a non-base64 character', `${TEXT}\n\u2014 PeterNeumann AAAA!AA=\n`],
      ['a non-signature line after the signatures', `${NOTE}Unexpected line.\n`],
      ['an empty input', ''],
    ];
    it.each(cases)('throws NOTE_MALFORMED for %s', (_, input) => {
      expect(() => parseNote(input)).toThrowWithCode('NOTE_MALFORMED');
    });

    it('throws NOTE_MALFORMED for every proper prefix of a valid note', () => {
      const bytes = utf8ToBytes(NOTE);
      const notMalformed: number[] = [];
      for (let n = 0; n < bytes.length; n++) {
        try {
          parseNote(bytes.subarray(0, n));
          notMalformed.push(n);
        } catch (error) {
          if ((error as ProtocolError).code !== 'NOTE_MALFORMED') notMalformed.push(n);
        }
      }
      expect(notMalformed).toEqual([]);
    });

    it('throws NOTE_MALFORMED for a non-string, non-bytes input', () => {
      expect(() => parseNote(null as unknown as string)).toThrowWithCode('NOTE_MALFORMED');
    });
  });
});

describe('parseSignatureLine', () => {
  it('parses a line with or without its newline', () => {
    expect(parseSignatureLine(PETER_LINE)).toEqual(parseSignatureLine(PETER_LINE.slice(0, -1)));
    expect(formatKeyId(parseSignatureLine(PETER_LINE).keyId)).toBe('c74f20a3');
  });

  it('throws NOTE_MALFORMED for two lines or a control character', () => {
    expect(() => parseSignatureLine(PETER_LINE + PETER_LINE)).toThrowWithCode('NOTE_MALFORMED');
    expect(() => parseSignatureLine(PETER_LINE.replace(' x08', ' \u0001x08'))).toThrowWithCode('NOTE_MALFORMED');
  });
});

describe('openNote', () => {
  it('verifies with a known key and lists unknown signatures once, in order', () => {
    const note = openNote(`${TEXT}\n${ENOCH_LINE}${PETER_LINE}${ENOCH_LINE}`, peter());
    expect(note.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(note.unverified.map((s) => s.name)).toEqual(['EnochRoot']);
  });

  describe('when a signature line matches a known name but not its key ID (or the reverse)', () => {
    it('ignores it as unknown', () => {
      const otherId = PETER_LINE.replace('x08go/ZJ', 'AAAAAAAA');
      expect(() => openNote(`${TEXT}\n${otherId}`, peter())).toThrowWithCode('NOTE_UNVERIFIED');
      const otherName = PETER_LINE.replace('PeterNeumann', 'PeterNeumann2');
      expect(openNote(`${TEXT}\n${otherName}${PETER_LINE}`, peter()).unverified.map((s) => s.name)).toEqual(['PeterNeumann2']);
    });
  });

  describe('when the text or a signature byte is changed', () => {
    it('throws NOTE_BAD_SIGNATURE', () => {
      expect(() => openNote(NOTE.replace('problem,', 'problem;'), peter())).toThrowWithCode('NOTE_BAD_SIGNATURE');
      expect(() => openNote(NOTE.replace('ZInNIu', 'ZInNIv'), peter())).toThrowWithCode('NOTE_BAD_SIGNATURE');
    });

    it('throws NOTE_BAD_SIGNATURE when an extra blank line moves into the signed text', () => {
      expect(() => openNote(`${TEXT}\n\n${PETER_LINE}`, peter())).toThrowWithCode('NOTE_BAD_SIGNATURE');
    });

    it('throws NOTE_BAD_SIGNATURE for a known key with a 5-byte signature', () => {
      expect(() => openNote(`${TEXT}\n\u2014 PeterNeumann x08gowA=\n`, peter())).toThrowWithCode('NOTE_BAD_SIGNATURE');
    });
  });

  it('skips a second signature by a key already seen, like Go (even a different one)', () => {
    const bad = PETER_LINE.replace('ZInNIu', 'ZInNIv');
    expect(openNote(`${TEXT}\n${PETER_LINE}${bad}`, peter()).verified).toHaveLength(1);
    expect(() => openNote(`${TEXT}\n${bad}${PETER_LINE}`, peter())).toThrowWithCode('NOTE_BAD_SIGNATURE');
  });

  it('reports NOTE_MALFORMED before checking any signature', () => {
    const bad = PETER_LINE.replace('ZInNIu', 'ZInNIv');
    expect(() => openNote(`${TEXT}\n${bad}junk\n`, peter())).toThrowWithCode('NOTE_MALFORMED');
  });

  it('throws NOTE_UNVERIFIED with no verifiers', () => {
    expect(() => openNote(NOTE, [])).toThrowWithCode('NOTE_UNVERIFIED');
  });

  it('uses a pluggable verifier with its own message', () => {
    const seen: string[] = [];
    const custom: NoteVerifier = {
      name: 'PeterNeumann',
      keyId: 0xc74f20a3,
      type: 0xff,
      verify: (text) => {
        seen.push(new TextDecoder().decode(text));
        return true;
      },
    };
    expect(openNote(NOTE, [custom]).verified).toHaveLength(1);
    expect(seen).toEqual([TEXT]);
  });

  it('accepts an already parsed note', () => {
    expect(openNote(parseNote(NOTE), peter()).text).toBe(TEXT);
  });
});

describe('signNote', () => {
  it('signs with several keys in order and the result opens', () => {
    const a = generateSignerKey('a.example');
    const b = generateSignerKey('b.example');
    const note = signNote('hello\n', [a.signerKey, b.signerKey]);
    const opened = openNote(note, [createNoteVerifier(a.verifierKey), createNoteVerifier(b.verifierKey)]);
    expect(opened.verified.map((s) => s.name)).toEqual(['a.example', 'b.example']);
  });

  it('throws NOTE_MALFORMED for text without a final newline or with a control character', () => {
    expect(() => signNote('hello', [PETER_SKEY])).toThrowWithCode('NOTE_MALFORMED');
    expect(() => signNote('he\rllo\n', [PETER_SKEY])).toThrowWithCode('NOTE_MALFORMED');
  });

  it('throws SKEY_MALFORMED for a bad signer key', () => {
    expect(() => signNote('hello\n', ['PRIVATE+KEY+x'])).toThrowWithCode('SKEY_MALFORMED');
  });

  it('refuses a type 0x04 signer (cosignatures need a timestamp) with INVALID_ARGUMENT', () => {
    expect(() => signNote('hello\n', [generateSignerKey('w.example', 0x04).signerKey])).toThrowWithCode('INVALID_ARGUMENT');
  });

  it('produces canonical base64 that decodes to key ID || 64-byte signature', () => {
    const sig = parseSignatureLine(signNote(TEXT, [PETER_SKEY]).slice(TEXT.length + 1));
    expect(bytesToBase64(base64ToBytes(sig.base64))).toBe(sig.base64);
    expect(sig.signature).toHaveLength(64);
  });
});
