import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base58btcToBytes, BASE58_DEFAULT_MAX_LENGTH, bytesToBase58btc } from '../../../src/core/encoding/base58.ts';
import { bytesToHex, hexToBytes } from '../../../src/core/encoding/hex.ts';
import { utf8ToBytes } from '../../../src/core/encoding/utf8.ts';
import { describeVectors, readVectorJson } from '../../helpers/vectors.ts';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Naive reference with bigint arithmetic (draft-msporny-base58 §3). */
function referenceEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (const byte of bytes) n = n * 256n + BigInt(byte);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  return '1'.repeat(zeros) + out;
}

describe('bytesToBase58btc', () => {
  it.each([
    // draft-msporny-base58-03 §5 test vectors.
    ['Hello World!', '2NEpo7TZRRrLZSi2U'],
    ['The quick brown fox jumps over the lazy dog.', 'USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z'],
  ])('encodes %j', (text, encoded) => {
    expect(bytesToBase58btc(utf8ToBytes(text))).toBe(encoded);
    expect(base58btcToBytes(encoded)).toEqual(utf8ToBytes(text));
  });

  it('writes each leading zero byte as "1"', () => {
    expect(bytesToBase58btc(hexToBytes('0000287fb4cd'))).toBe('11233QC4');
    expect(bytesToBase58btc(new Uint8Array(0))).toBe('');
    expect(bytesToBase58btc(new Uint8Array(3))).toBe('111');
    expect(bytesToBase58btc(Uint8Array.from([0, 0, 1]))).toBe('112');
  });

  it('agrees with the bigint reference and round-trips', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 70 }),
      fc.tuple(fc.nat({ max: 5 }), fc.uint8Array({ maxLength: 40 })).map(([zeros, rest]) => Uint8Array.from([...new Uint8Array(zeros), ...rest])),
    );
    fc.assert(
      fc.property(bytes, (value) => {
        const encoded = bytesToBase58btc(value);
        expect(encoded).toBe(referenceEncode(value));
        expect(base58btcToBytes(encoded)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe('base58btcToBytes', () => {
  it('decodes leading "1"s to zero bytes', () => {
    expect(bytesToHex(base58btcToBytes('11233QC4'))).toBe('0000287fb4cd');
    expect(base58btcToBytes('')).toEqual(new Uint8Array(0));
    expect(base58btcToBytes('1')).toEqual(new Uint8Array(1));
    expect(base58btcToBytes('z')).toEqual(Uint8Array.from([57]));
    expect(base58btcToBytes('21')).toEqual(Uint8Array.from([58]));
  });

  it('gives every accepted string back from the bytes (one encoding per value)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 60 }), (text) => {
        expect(bytesToBase58btc(base58btcToBytes(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  describe('when the text has a character outside the Bitcoin alphabet', () => {
    it.each(['0', 'O', 'I', 'l', '2NEpo 7TZ', ' 2NEp', '2NEp\n', '+', '/', '=', '-', '_', 'é', '\u0000', '\ud800', 'z\u{1d7ec}'])(
      'throws ENCODING_INVALID_BASE58 for %j',
      (text) => {
        expect(() => base58btcToBytes(text)).toThrowWithCode('ENCODING_INVALID_BASE58');
      },
    );

    it('throws ENCODING_INVALID_BASE58 for a non-string', () => {
      expect(() => base58btcToBytes(42 as unknown as string)).toThrowWithCode('ENCODING_INVALID_BASE58');
    });
  });

  describe('when the text is long', () => {
    it(`accepts ${BASE58_DEFAULT_MAX_LENGTH} characters and refuses one more with INPUT_TOO_LARGE`, () => {
      expect(base58btcToBytes('z'.repeat(BASE58_DEFAULT_MAX_LENGTH)).length).toBeGreaterThan(90);
      expect(() => base58btcToBytes('z'.repeat(BASE58_DEFAULT_MAX_LENGTH + 1))).toThrowWithCode('INPUT_TOO_LARGE');
    });

    it('refuses a huge input before looking at it', () => {
      expect(() => base58btcToBytes('0'.repeat(10_000_000))).toThrowWithCode('INPUT_TOO_LARGE');
    });

    it('accepts a longer input when the caller raises maxLength', () => {
      const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i * 7 + 1) & 255);
      const encoded = bytesToBase58btc(bytes);
      expect(encoded.length).toBeGreaterThan(BASE58_DEFAULT_MAX_LENGTH);
      expect(base58btcToBytes(encoded, { maxLength: 400 })).toEqual(bytes);
    });

    it.each([-1, 1.5, Number.NaN])('throws INVALID_ARGUMENT for maxLength %s', (maxLength) => {
      expect(() => base58btcToBytes('z', { maxLength })).toThrowWithCode('INVALID_ARGUMENT');
    });
  });

  it('checks expectedLength', () => {
    expect(base58btcToBytes('111', { expectedLength: 3 })).toEqual(new Uint8Array(3));
    expect(() => base58btcToBytes('111', { expectedLength: 2 })).toThrowWithCode('ENCODING_BAD_LENGTH');
  });
});

describeVectors('base58btc against the did:key vectors', () => {
  interface DidKeyCase {
    publicKeyHex: string;
    publicKeyBase58?: string;
  }
  const { cases } = readVectorJson<{ cases: DidKeyCase[] }>('did-key', 'did-key-ed25519.json');

  it('maps every publicKeyBase58 to its publicKeyHex and back', () => {
    const withBase58 = cases.filter((entry) => entry.publicKeyBase58 !== undefined);
    expect(withBase58.length).toBeGreaterThanOrEqual(5);
    for (const entry of withBase58) {
      expect(bytesToHex(base58btcToBytes(entry.publicKeyBase58 as string, { expectedLength: 32 }))).toBe(entry.publicKeyHex);
      expect(bytesToBase58btc(hexToBytes(entry.publicKeyHex))).toBe(entry.publicKeyBase58);
    }
  });
});
