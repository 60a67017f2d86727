import { describe, expect, it } from 'vitest';
import { encodeEntryBundle } from '../../../src/core/tiles/entry-bundle.ts';
import { splitEntryBundle } from '../../../src/node/sync/source-fetch.ts';

const entries = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300).fill(7)];

describe('splitEntryBundle', () => {
  it('returns the entries as views into the bundle, in order', () => {
    const bundle = encodeEntryBundle(entries);
    const split = splitEntryBundle(bundle, 3, 0);
    expect(split).toEqual(entries);
    expect(split.every((e) => e.buffer === bundle.buffer)).toBe(true);
  });

  it.each([
    ['fewer entries than the width', encodeEntryBundle(entries), 4],
    ['more entries than the width', encodeEntryBundle(entries), 2],
    ['trailing bytes', new Uint8Array([...encodeEntryBundle(entries), 0]), 3],
    ['a truncated length prefix', new Uint8Array([...encodeEntryBundle(entries.slice(0, 2)), 0]), 3],
    ['a truncated entry', encodeEntryBundle(entries).subarray(0, 20), 3],
    ['an empty body', new Uint8Array(0), 1],
  ])('throws SYNC_BAD_RESPONSE for %s', (_, bundle, width) => {
    expect(() => splitEntryBundle(bundle, width, 5)).toThrowWithCode('SYNC_BAD_RESPONSE');
  });
});
