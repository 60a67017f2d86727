import { describe, expect, it } from 'vitest';
import { RowBackedMap } from '../../../src/node/replica/row-backed-map.ts';

/** A map over `rows`, counting the rows it reads one by one. */
function backed(rows: Record<string, { n: number }>): { map: RowBackedMap<{ n: number }>; loads: string[] } {
  const loads: string[] = [];
  const map = new RowBackedMap<{ n: number }>(
    (key) => {
      loads.push(key);
      const row = rows[key];
      return row === undefined ? undefined : { ...row };
    },
    () => Object.entries(rows).map(([k, v]) => [k, { ...v }] as const),
  );
  return { map, loads };
}

describe('RowBackedMap', () => {
  it('reads a row on first use and keeps the value, which the caller may mutate', () => {
    const { map, loads } = backed({ a: { n: 1 }, b: { n: 2 } });
    const a = map.get('a');
    expect(a).toEqual({ n: 1 });
    (a as { n: number }).n = 10;
    expect(map.get('a')).toEqual({ n: 10 });
    expect(map.has('a')).toBe(true);
    expect(loads).toEqual(['a']);
  });

  it('answers a missing key from the rows each time (it may be set later)', () => {
    const { map, loads } = backed({ a: { n: 1 } });
    expect(map.has('z')).toBe(false);
    expect(map.get('z')).toBeUndefined();
    map.set('z', { n: 26 });
    expect(map.get('z')).toEqual({ n: 26 });
    expect(loads).toEqual(['z', 'z']);
  });

  describe('when it is iterated or sized', () => {
    it('reads every row not held, keeping the held values', () => {
      const { map } = backed({ a: { n: 1 }, b: { n: 2 } });
      (map.get('a') as { n: number }).n = 10;
      map.set('c', { n: 3 });
      expect(map.size).toBe(3);
      expect(new Map(map)).toEqual(new Map([['a', { n: 10 }], ['c', { n: 3 }], ['b', { n: 2 }]]));
      expect([...map.keys()].sort()).toEqual(['a', 'b', 'c']);
      expect([...map.values()]).toHaveLength(3);
      const seen: string[] = [];
      map.forEach((_, key) => seen.push(key));
      expect(seen.sort()).toEqual(['a', 'b', 'c']);
      expect(map.complete).toBe(true);
    });
  });

  describe('when a key is deleted', () => {
    it('does not read its row again', () => {
      const { map, loads } = backed({ a: { n: 1 }, b: { n: 2 } });
      expect(map.delete('a')).toBe(true);
      expect(map.get('a')).toBeUndefined();
      expect(map.has('a')).toBe(false);
      expect([...map.keys()]).toEqual(['b']);
      expect(loads).toEqual(['a']);
      expect(map.delete('x')).toBe(false);
    });
  });

  describe('when it is cleared', () => {
    it('holds nothing and reads nothing', () => {
      const { map, loads } = backed({ a: { n: 1 } });
      map.clear();
      expect(map.get('a')).toBeUndefined();
      expect(map.size).toBe(0);
      expect(loads).toEqual([]);
    });
  });
});
