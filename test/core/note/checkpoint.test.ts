import { describe, expect, it } from 'vitest';
import { bytesToBase64, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { formatCheckpoint, MAX_TREE_SIZE, parseCheckpoint } from '../../../src/core/note/checkpoint.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

interface BodyParseCases {
  marshalCases: { origin: string; size: number; hashUtf8: string; want: string }[];
  unmarshalCases: {
    desc: string;
    body: string;
    formatsWantErr: boolean;
    formatsWant?: { origin: string; size: number; hashUtf8?: string };
    formatsWantRest?: string;
  }[];
}

const ROOT = bytesToBase64(new Uint8Array(32).fill(0xab));
const VALID = `example.com/log\n42\n${ROOT}\n`;

/**
 * Where C2SP tlog-checkpoint (our parser) is stricter than transparency-dev/formats' lenient
 * Unmarshal, whose expectations the vector file records. Each entry is asserted below.
 */
const STRICT_DIFFERS: Record<string, string> = {
  'valid one': 'root hash "bananas" is 7 bytes; C2SP requires an RFC 6962 SHA-256 root of 32 bytes',
  'valid with different origin': 'root hash is 37 bytes, not 32',
  'valid with trailing data': 'root hash is 37 bytes, not 32 (the extension line itself is fine)',
  'valid with multiple trailing data lines': 'root hash is 37 bytes, not 32 (the extension lines are fine)',
  'valid with trailing newlines': 'root hash is 37 bytes AND the trailing "\\n\\n\\n" makes empty extension lines, which C2SP forbids',
};

/** Replaces the third line (the root) by a valid 32-byte root, to compare everything else. */
function withGoodRoot(body: string): string {
  const lines = body.split('\n');
  lines[2] = ROOT;
  return lines.join('\n');
}

describeVectors('parseCheckpoint vs transparency-dev/formats (checkpointBodyParseCases)', () => {
  const cases = readVectorJson<{ checkpointBodyParseCases: BodyParseCases }>(
    'checkpoints-and-cosignatures',
    'checkpoints-and-cosignatures.json',
  ).checkpointBodyParseCases;

  it('lists only real differences: every listed case is one the lenient parser accepts', () => {
    const lenientOk = cases.unmarshalCases.filter((c) => !c.formatsWantErr).map((c) => c.desc);
    expect(Object.keys(STRICT_DIFFERS).sort()).toEqual(lenientOk.sort());
  });

  for (const c of cases.unmarshalCases) {
    if (c.formatsWantErr) {
      it(`rejects "${c.desc}" as the lenient parser does`, () => {
        expect(() => parseCheckpoint(c.body)).toThrowWithCode('CHECKPOINT_MALFORMED');
      });
      continue;
    }
    it(`rejects "${c.desc}" where the lenient parser accepts it: ${STRICT_DIFFERS[c.desc]}`, () => {
      expect(() => parseCheckpoint(c.body)).toThrowWithCode('CHECKPOINT_MALFORMED');
      const repaired = withGoodRoot(c.body);
      if (c.desc === 'valid with trailing newlines') {
        expect(() => parseCheckpoint(repaired)).toThrowWithCode('CHECKPOINT_MALFORMED');
        return;
      }
      // With a 32-byte root, strict and lenient agree on everything else.
      const parsed = parseCheckpoint(repaired);
      expect(parsed.origin).toBe(c.formatsWant?.origin);
      expect(parsed.size).toBe(BigInt(c.formatsWant?.size ?? -1));
      const rest = c.formatsWantRest ?? '';
      expect(parsed.extensions).toEqual(rest === '' ? [] : rest.slice(0, -1).split('\n'));
    });
  }

  for (const c of cases.marshalCases) {
    it(`refuses to format the ${c.hashUtf8.length}-byte "root" of marshal case ${c.origin} (differs: 32 bytes required) and matches it with a 32-byte root`, () => {
      const hash = utf8ToBytes(c.hashUtf8);
      expect(() => formatCheckpoint({ origin: c.origin, size: c.size, rootHash: hash })).toThrowWithCode('CHECKPOINT_MALFORMED');
      const root = new Uint8Array(32).fill(0xab);
      expect(formatCheckpoint({ origin: c.origin, size: c.size, rootHash: root })).toBe(withGoodRoot(c.want));
    });
  }
});

describe('parseCheckpoint', () => {
  it('parses origin, size, root and extension lines', () => {
    const cp = parseCheckpoint(`${VALID}ext one\nsecond ext\n`);
    expect(cp.origin).toBe('example.com/log');
    expect(cp.size).toBe(42n);
    expect(cp.rootHash).toEqual(new Uint8Array(32).fill(0xab));
    expect(cp.extensions).toEqual(['ext one', 'second ext']);
  });

  it('accepts size 0 and 2^64 - 1', () => {
    expect(parseCheckpoint(`o\n0\n${ROOT}\n`).size).toBe(0n);
    expect(parseCheckpoint(`o\n18446744073709551615\n${ROOT}\n`).size).toBe(MAX_TREE_SIZE);
  });

  it('accepts an origin with spaces (only discouraged by the spec; sum.golang.org uses one)', () => {
    expect(parseCheckpoint(`go.sum database tree\n1\n${ROOT}\n`).origin).toBe('go.sum database tree');
  });

  describe('when the text is malformed', () => {
    const cases: [string, string][] = [
      ['empty', ''],
      ['two lines', 'o\n1\n'],
      ['missing final newline', VALID.slice(0, -1)],
      ['empty origin', `\n1\n${ROOT}\n`],
      ['size with a leading zero', `o\n01\n${ROOT}\n`],
      ['size "00"', `o\n00\n${ROOT}\n`],
      ['negative size', `o\n-1\n${ROOT}\n`],
      ['size with a plus sign', `o\n+1\n${ROOT}\n`],
      ['size with a space', `o\n 1\n${ROOT}\n`],
      ['hex size', `o\n0x10\n${ROOT}\n`],
      ['empty size', `o\n\n${ROOT}\n`],
      ['size 2^64', `o\n18446744073709551616\n${ROOT}\n`],
      ['a 1,000-digit size', `o\n${'9'.repeat(1000)}\n${ROOT}\n`],
      ['31-byte root', `o\n1\n${bytesToBase64(new Uint8Array(31))}\n`],
      ['33-byte root', `o\n1\n${bytesToBase64(new Uint8Array(33))}\n`],
      ['unpadded root', `o\n1\n${ROOT.slice(0, -1)}\n`],
      ['root with non-zero pad bits', `o\n1\n${ROOT.slice(0, -2)}v=\n`],
      ['hex root', `o\n1\n${'ab'.repeat(32)}\n`],
      ['base64url root', `o\n1\n${'_'.repeat(43)}=\n`],
      ['CRLF line ends', VALID.replaceAll('\n', '\r\n')],
      ['an empty extension line', `${VALID}\n`],
      ['an empty line between extensions', `${VALID}a\n\nb\n`],
      ['a tab in the origin', `a\tb\n1\n${ROOT}\n`],
      ['a NUL in an extension', `${VALID}a\u0000\n`],
      ['a lone surrogate in the origin', `a\ud800\n1\n${ROOT}\n`],
    ];
    it.each(cases)('throws CHECKPOINT_MALFORMED for %s', (_, text) => {
      expect(() => parseCheckpoint(text)).toThrowWithCode('CHECKPOINT_MALFORMED');
    });

    it('throws CHECKPOINT_MALFORMED for every proper prefix of a valid checkpoint', () => {
      const text = `${VALID}ext\n`;
      const accepted: number[] = [];
      for (let n = 0; n < text.length; n++) {
        try {
          parseCheckpoint(text.slice(0, n));
          accepted.push(n);
        } catch (error) {
          if ((error as { code?: string }).code !== 'CHECKPOINT_MALFORMED') accepted.push(n);
        }
      }
      // The only prefix that is itself a checkpoint is the one without the extension line.
      expect(accepted).toEqual([VALID.length]);
    });

    it('throws CHECKPOINT_MALFORMED for a non-string', () => {
      expect(() => parseCheckpoint(undefined as unknown as string)).toThrowWithCode('CHECKPOINT_MALFORMED');
    });
  });
});

describe('formatCheckpoint', () => {
  it('round-trips through parseCheckpoint', () => {
    const rootHash = new Uint8Array(32).fill(0xab);
    const text = formatCheckpoint({ origin: 'example.com/log', size: 42n, rootHash, extensions: ['ext'] });
    expect(text).toBe(`${VALID}ext\n`);
    expect(parseCheckpoint(text).extensions).toEqual(['ext']);
  });

  describe('when an argument cannot make a valid checkpoint', () => {
    const rootHash = new Uint8Array(32);
    const cases: [string, Parameters<typeof formatCheckpoint>[0]][] = [
      ['empty origin', { origin: '', size: 1, rootHash }],
      ['origin with a newline', { origin: 'a\nb', size: 1, rootHash }],
      ['negative size', { origin: 'o', size: -1, rootHash }],
      ['fractional size', { origin: 'o', size: 1.5, rootHash }],
      ['size 2^64', { origin: 'o', size: 1n << 64n, rootHash }],
      ['16-byte root', { origin: 'o', size: 1, rootHash: new Uint8Array(16) }],
      ['empty extension', { origin: 'o', size: 1, rootHash, extensions: [''] }],
      ['extension with a newline', { origin: 'o', size: 1, rootHash, extensions: ['a\nb'] }],
    ];
    it.each(cases)('throws CHECKPOINT_MALFORMED for %s', (_, input) => {
      expect(() => formatCheckpoint(input)).toThrowWithCode('CHECKPOINT_MALFORMED');
    });
  });
});
