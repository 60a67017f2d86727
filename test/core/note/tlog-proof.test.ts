import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { formatTlogProof, MAX_TLOG_PROOF_HASHES, parseTlogProof } from '../../../src/core/note/tlog-proof.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

interface TlogProofCases {
  marshal: { index: number; hashesBase64: string[]; checkpoint: string; extraUtf8?: string; want: string }[];
  unmarshalMustFail: { desc: string; proof: string }[];
}

const H = bytesToBase64(new Uint8Array(32).fill(9));
const CHECKPOINT = 'example.com/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 example.com/log AAAAAAA=\n';
const VALID = `c2sp.org/tlog-proof@v1\nindex 0\n${H}\n\n${CHECKPOINT}`;

describeVectors('tlog-proof (tlogProofCases)', () => {
  const cases = readVectorJson<{ tlogProofCases: TlogProofCases }>(
    'checkpoints-and-cosignatures',
    'checkpoints-and-cosignatures.json',
  ).tlogProofCases;

  for (const c of cases.marshal) {
    it(`formats index ${c.index} exactly and parses it back`, () => {
      const proof = {
        index: BigInt(c.index),
        proof: c.hashesBase64.map((h) => base64ToBytes(h)),
        checkpoint: c.checkpoint,
        ...(c.extraUtf8 === undefined ? {} : { extra: utf8ToBytes(c.extraUtf8) }),
      };
      expect(formatTlogProof(proof)).toBe(c.want);
      expect(parseTlogProof(c.want)).toEqual(proof);
    });
  }

  for (const c of cases.unmarshalMustFail) {
    it(`throws TLOG_PROOF_MALFORMED for ${c.desc}`, () => {
      expect(() => parseTlogProof(c.proof)).toThrowWithCode('TLOG_PROOF_MALFORMED');
    });
  }
});

describe('parseTlogProof', () => {
  it('returns the checkpoint verbatim and accepts bytes', () => {
    const proof = parseTlogProof(utf8ToBytes(VALID));
    expect(proof.checkpoint).toBe(CHECKPOINT);
    expect(proof.index).toBe(0n);
    expect(proof.proof).toHaveLength(1);
  });

  it('accepts index 2^64 - 1 and 64 proof hashes', () => {
    const text = `c2sp.org/tlog-proof@v1\nindex 18446744073709551615\n${`${H}\n`.repeat(MAX_TLOG_PROOF_HASHES)}\n${CHECKPOINT}`;
    const proof = parseTlogProof(text);
    expect(proof.index).toBe((1n << 64n) - 1n);
    expect(proof.proof).toHaveLength(MAX_TLOG_PROOF_HASHES);
  });

  it('accepts an empty extra line as empty extra data and round-trips it', () => {
    const text = `c2sp.org/tlog-proof@v1\nextra \nindex 3\n\n${CHECKPOINT}`;
    const proof = parseTlogProof(text);
    expect(proof.extra).toEqual(new Uint8Array(0));
    expect(formatTlogProof(proof)).toBe(text);
  });

  describe('when the proof is malformed', () => {
    const cases: [string, string | Uint8Array][] = [
      ['empty input', ''],
      ['header only', 'c2sp.org/tlog-proof@v1\n'],
      ['v2 header', VALID.replace('@v1', '@v2')],
      ['CRLF line ends (formats\' scanner accepts them)', VALID.replaceAll('\n', '\r\n')],
      ['index with a leading zero', VALID.replace('index 0', 'index 01')],
      ['index 2^64', VALID.replace('index 0', 'index 18446744073709551616')],
      ['index with two spaces', VALID.replace('index 0', 'index  0')],
      ['index before extra', `c2sp.org/tlog-proof@v1\nindex 0\nextra AA==\n\n${CHECKPOINT}`],
      ['unpadded hash', VALID.replace(H, H.slice(0, -1))],
      ['31-byte hash', VALID.replace(H, bytesToBase64(new Uint8Array(31)))],
      ['65 proof hashes', `c2sp.org/tlog-proof@v1\nindex 0\n${`${H}\n`.repeat(MAX_TLOG_PROOF_HASHES + 1)}\n${CHECKPOINT}`],
      ['no blank line before the checkpoint', `c2sp.org/tlog-proof@v1\nindex 0\n${H}\n`],
      ['an empty checkpoint', `c2sp.org/tlog-proof@v1\nindex 0\n${H}\n\n`],
      ['a non-base64 extra', `c2sp.org/tlog-proof@v1\nextra !!\nindex 0\n\n${CHECKPOINT}`],
      ['invalid UTF-8', Uint8Array.of(0xff, ...utf8ToBytes(VALID))],
    ];
    it.each(cases)('throws TLOG_PROOF_MALFORMED for %s', (_, input) => {
      expect(() => parseTlogProof(input)).toThrowWithCode('TLOG_PROOF_MALFORMED');
    });

    it('throws TLOG_PROOF_MALFORMED for every prefix that cuts before the checkpoint', () => {
      const cut = VALID.length - CHECKPOINT.length;
      const accepted: number[] = [];
      for (let n = 0; n <= cut; n++) {
        try {
          parseTlogProof(VALID.slice(0, n));
          accepted.push(n);
        } catch (error) {
          if ((error as { code?: string }).code !== 'TLOG_PROOF_MALFORMED') accepted.push(n);
        }
      }
      expect(accepted).toEqual([]);
    });
  });
});

describe('formatTlogProof', () => {
  it('throws TLOG_PROOF_MALFORMED for a bad hash, index or checkpoint', () => {
    const base = { index: 0n, proof: [new Uint8Array(32)], checkpoint: CHECKPOINT };
    expect(() => formatTlogProof({ ...base, proof: [new Uint8Array(31)] })).toThrowWithCode('TLOG_PROOF_MALFORMED');
    expect(() => formatTlogProof({ ...base, index: -1n })).toThrowWithCode('TLOG_PROOF_MALFORMED');
    expect(() => formatTlogProof({ ...base, checkpoint: '' })).toThrowWithCode('TLOG_PROOF_MALFORMED');
    expect(() => formatTlogProof({ ...base, proof: Array.from({ length: 65 }, () => new Uint8Array(32)) })).toThrowWithCode(
      'TLOG_PROOF_MALFORMED',
    );
  });
});
