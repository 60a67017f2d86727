import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../../../src/core/encoding/index.ts';
import { decodeEntryBundle, encodeEntryBundle, MAX_ENTRY_SIZE } from '../../../src/core/tiles/entry-bundle.ts';

const ENTRIES = ['one', 'two', '', 'three'].map((s) => utf8ToBytes(s));
const BUNDLE = encodeEntryBundle(ENTRIES);

describe('encodeEntryBundle', () => {
  it('writes uint16 big-endian lengths before each entry', () => {
    expect([...encodeEntryBundle([utf8ToBytes('ab'), new Uint8Array(0x0102)]).subarray(0, 6)]).toEqual([0, 2, 97, 98, 1, 2]);
  });

  it('accepts an entry of exactly 65,535 bytes and 256 entries', () => {
    const big = new Uint8Array(MAX_ENTRY_SIZE).fill(1);
    expect(decodeEntryBundle(encodeEntryBundle([big]))[0]).toEqual(big);
    expect(decodeEntryBundle(encodeEntryBundle(Array.from({ length: 256 }, () => new Uint8Array(1))))).toHaveLength(256);
  });

  describe('when the entries cannot be encoded', () => {
    it('throws ENTRY_BUNDLE_MALFORMED for an entry over 65,535 bytes', () => {
      expect(() => encodeEntryBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)])).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });
    it('throws ENTRY_BUNDLE_MALFORMED for 0 or 257 entries, or a non-bytes entry', () => {
      expect(() => encodeEntryBundle([])).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
      expect(() => encodeEntryBundle(Array.from({ length: 257 }, () => new Uint8Array(0)))).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
      expect(() => encodeEntryBundle(['x' as unknown as Uint8Array])).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });
  });
});

describe('decodeEntryBundle', () => {
  it('round-trips, including an empty entry', () => {
    expect(decodeEntryBundle(BUNDLE)).toEqual(ENTRIES);
    expect(decodeEntryBundle(BUNDLE, 4)).toEqual(ENTRIES);
  });

  describe('when the bundle is malformed', () => {
    it('throws ENTRY_BUNDLE_MALFORMED for every truncation', () => {
      const accepted: number[] = [];
      for (let n = 0; n < BUNDLE.length; n++) {
        try {
          decodeEntryBundle(BUNDLE.subarray(0, n), 4);
          accepted.push(n);
        } catch (error) {
          if ((error as { code?: string }).code !== 'ENTRY_BUNDLE_MALFORMED') accepted.push(n);
        }
      }
      expect(accepted).toEqual([]);
    });

    it('throws ENTRY_BUNDLE_MALFORMED for a length prefix past the end', () => {
      expect(() => decodeEntryBundle(Uint8Array.of(0, 5, 1, 2))).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
      expect(() => decodeEntryBundle(Uint8Array.of(0xff, 0xff))).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });

    it('throws ENTRY_BUNDLE_MALFORMED for a lone trailing byte', () => {
      expect(() => decodeEntryBundle(Uint8Array.of(...BUNDLE, 0))).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });

    it('throws ENTRY_BUNDLE_MALFORMED for more entries than expected (overlong) or trailing bytes', () => {
      expect(() => decodeEntryBundle(BUNDLE, 3)).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
      expect(() => decodeEntryBundle(Uint8Array.of(...BUNDLE, 0, 0), 4)).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });

    it('throws ENTRY_BUNDLE_MALFORMED for fewer entries than expected', () => {
      expect(() => decodeEntryBundle(BUNDLE, 5)).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });

    it('throws ENTRY_BUNDLE_MALFORMED for an empty bundle and for 257 entries', () => {
      expect(() => decodeEntryBundle(new Uint8Array(0))).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
      expect(() => decodeEntryBundle(new Uint8Array(2 * 257))).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });

    it('throws ENTRY_BUNDLE_MALFORMED for a non-bytes input', () => {
      expect(() => decodeEntryBundle('abc' as unknown as Uint8Array)).toThrowWithCode('ENTRY_BUNDLE_MALFORMED');
    });
  });

  it('throws INVALID_ARGUMENT for an expected count outside 1-256', () => {
    expect(() => decodeEntryBundle(BUNDLE, 0)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => decodeEntryBundle(BUNDLE, 257)).toThrowWithCode('INVALID_ARGUMENT');
  });
});
