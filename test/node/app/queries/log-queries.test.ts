import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../../src/core/log/entry.ts';
import { openReadFixture, type ReadFixture } from './helpers.ts';

let f: ReadFixture;
let originId: number;
let entries: number;

beforeAll(async () => {
  f = await openReadFixture(600);
  originId = f.replica.originId;
  entries = f.replica.entries;
}, 300_000);
afterAll(() => f.cleanup());

interface Raw {
  idx: number;
  type: string | null;
  tenant: string | null;
  subject: string | null;
  time: string | null;
}
const all = (): Raw[] => f.store.db.prepare('SELECT idx, type, tenant, subject, time FROM entries WHERE origin_id = ? ORDER BY idx').all(originId) as Raw[];

describe('log.list', () => {
  it('lists the newest entries first by default, with the count and a cursor', () => {
    const page = f.call('log.list', { originId });
    expect(page.entries).toBe(entries);
    expect(page.total).toBe(entries);
    expect(page.rows.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => entries - 1 - i));
    expect(page.next).toBe(entries - 101);
  });

  it('walks the whole log in both directions, each entry once, ending with next = null', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const seen: number[] = [];
      let fromIndex: number | undefined;
      for (;;) {
        const page = f.call('log.list', { originId, direction, limit: 500, ...(fromIndex === undefined ? {} : { fromIndex }) });
        seen.push(...page.rows.map((r) => r.index));
        if (page.next === null) break;
        fromIndex = page.next;
      }
      const want = Array.from({ length: entries }, (_, i) => i);
      expect(seen).toEqual(direction === 'asc' ? want : want.reverse());
    }
  });

  it('filters by type, tenant, subject and time range, counting the matches', () => {
    const rows = all();
    const agentId = rows.find((r) => r.type === 'trust.score_recorded')?.subject as string;
    const tenant = rows[0]?.tenant as string;
    const from = rows[100]?.time as string;
    const to = rows[400]?.time as string;
    const cases = [
      { args: { type: 'agent.registered' }, want: rows.filter((r) => r.type === 'agent.registered') },
      { args: { subject: agentId }, want: rows.filter((r) => r.subject === agentId) },
      { args: { tenant, type: 'session.authenticated' }, want: rows.filter((r) => r.tenant === tenant && r.type === 'session.authenticated') },
      { args: { timeFrom: from, timeTo: to }, want: rows.filter((r) => (r.time as string) >= from && (r.time as string) <= to) },
    ];
    for (const { args, want } of cases) {
      const page = f.call('log.list', { originId, direction: 'asc', limit: 500, ...args });
      expect(want.length).toBeGreaterThan(0);
      expect(page.total).toBe(want.length);
      expect(page.rows.map((r) => r.index)).toEqual(want.slice(0, 500).map((r) => r.idx));
    }
  });

  it('starts a descending page at the first entry at or below fromIndex', () => {
    const page = f.call('log.list', { originId, type: 'agent.registered', fromIndex: entries - 1, direction: 'desc', limit: 3 });
    const want = all().filter((r) => r.type === 'agent.registered').reverse();
    expect(page.rows.map((r) => r.index)).toEqual(want.slice(0, 3).map((r) => r.idx));
    expect(page.next).toBe(want[3]?.idx);
  });

  it('marks the entries the fold refused with their code', () => {
    const rejected = f.call('log.list', { originId, direction: 'desc', limit: 5 }).rows.filter((r) => r.rejection !== null);
    expect(rejected.map((r) => r.rejection).sort()).toEqual(['ENTRY_BAD_SIGNATURE', 'ENTRY_KEY_NOT_CURRENT']);
  });

  it('returns an empty page for a fromIndex past the end, and for filters that match nothing', () => {
    expect(f.call('log.list', { originId, fromIndex: Number.MAX_SAFE_INTEGER, direction: 'asc' })).toMatchObject({ rows: [], next: null });
    expect(f.call('log.list', { originId, type: "x' OR '1'='1", subject: '%' })).toMatchObject({ total: 0, rows: [], next: null });
  });

  it('throws APP_NOT_FOUND for an unknown origin', () => {
    expect(() => f.call('log.list', { originId: 999 })).toThrowWithCode('APP_NOT_FOUND');
  });
});

describe('log.types', () => {
  it('counts every statement type, most frequent first', () => {
    const { types } = f.call('log.types', { originId });
    const counts = new Map<string, number>();
    for (const r of all()) counts.set(r.type as string, (counts.get(r.type as string) ?? 0) + 1);
    expect(new Map(types.map((t) => [t.type, t.count]))).toEqual(counts);
    expect(types.map((t) => t.count)).toEqual([...types.map((t) => t.count)].sort((a, b) => b - a));
    expect(types[0]?.type).toBe('agent.registered');
  });

  it('throws APP_NOT_FOUND for an unknown origin', () => {
    expect(() => f.call('log.types', { originId: 999 })).toThrowWithCode('APP_NOT_FOUND');
  });
});

describe('log.entry', () => {
  it('returns the exact bytes, every signature verified now, and a verified inclusion proof', () => {
    const index = all().find((r) => r.type === 'agent.revoked')?.idx as number;
    const entry = f.call('log.entry', { originId, index });
    const bytes = f.store.getEntry(originId, index) as Uint8Array;
    expect(new TextEncoder().encode(entry.canonicalJson)).toEqual(bytes);
    expect(entry.type).toBe('agent.revoked');
    const parsed = parseEntry(bytes);
    // The registry's entry signature and the admins' command signatures.
    expect(entry.signatures.filter((s) => !s.role.endsWith('(command)')).map((s) => s.signer)).toEqual(parsed.signatures.map((s) => s.key));
    expect(entry.signatures.some((s) => s.role === 'admin (command)')).toBe(true);
    expect(entry.signatures.every((s) => s.valid)).toBe(true);
    expect(entry.rejection).toBeNull();
    expect(entry.treeSize).toBe(String(entries));
    expect(entry.proof).toMatchObject({ index, treeSize: String(entries), verified: true });
  });

  it('shows a broken signature as invalid, and the rejection', () => {
    const entry = f.call('log.entry', { originId, index: entries - 1 });
    expect(entry.signatures).toHaveLength(1);
    expect(entry.signatures[0]?.valid).toBe(false);
    expect(entry.rejection).toMatchObject({ code: 'ENTRY_BAD_SIGNATURE' });
    expect(entry.proof?.verified).toBe(true);
  });

  it('proves the first and last entries', () => {
    expect(f.call('log.entry', { originId, index: 0 }).proof?.verified).toBe(true);
    expect(f.call('log.entry', { originId, index: entries - 2 }).proof?.verified).toBe(true);
  });

  describe('when the replica was tampered with', () => {
    it('reports verified: false for a flipped tile bit, without throwing', () => {
      const original = f.store.getTile(originId, 0, 0)?.hashes as Uint8Array;
      const tampered = original.slice();
      tampered[40] = (tampered[40] as number) ^ 0x80;
      const set = (hashes: Uint8Array): void => {
        f.store.db.prepare('UPDATE hash_tiles SET hashes = ? WHERE origin_id = ? AND level = 0 AND idx = 0').run(hashes, originId);
      };
      set(tampered);
      try {
        expect(f.call('log.entry', { originId, index: 0 }).proof?.verified).toBe(false);
      } finally {
        set(original);
      }
      expect(f.call('log.entry', { originId, index: 0 }).proof?.verified).toBe(true);
    });

    it('reports verified: false for altered entry bytes, and the signature as invalid', () => {
      // Entry 1 enrols the first tenant's first admin ("Admin 1 of tenant 1").
      const original = f.store.getEntry(originId, 1) as Uint8Array;
      const text = new TextDecoder().decode(original);
      expect(text).toContain('Admin 1');
      f.store.db.prepare('UPDATE entries SET data = ? WHERE origin_id = ? AND idx = 1').run(new TextEncoder().encode(text.replace('Admin 1', 'Admin 9')), originId);
      try {
        const entry = f.call('log.entry', { originId, index: 1 });
        expect(entry.proof?.verified).toBe(false);
        expect(entry.signatures.length).toBeGreaterThan(0);
        expect(entry.signatures.every((s) => !s.valid)).toBe(true);
      } finally {
        f.store.db.prepare('UPDATE entries SET data = ? WHERE origin_id = ? AND idx = 1').run(original, originId);
      }
    });

    it('shows bytes that do not parse with no signatures', () => {
      const original = f.store.getEntry(originId, 4) as Uint8Array;
      f.store.db.prepare('UPDATE entries SET data = ? WHERE origin_id = ? AND idx = 4').run(new TextEncoder().encode('{"not":"an entry"'), originId);
      try {
        const entry = f.call('log.entry', { originId, index: 4 });
        expect(entry.signatures).toEqual([]);
        expect(entry.canonicalJson).toBe('{"not":"an entry"');
        expect(entry.proof?.verified).toBe(false);
      } finally {
        f.store.db.prepare('UPDATE entries SET data = ? WHERE origin_id = ? AND idx = 4').run(original, originId);
      }
    });
  });

  it('throws APP_NOT_FOUND for an index the replica does not hold, or an unknown origin', () => {
    expect(() => f.call('log.entry', { originId, index: entries })).toThrowWithCode('APP_NOT_FOUND');
    expect(() => f.call('log.entry', { originId, index: Number.MAX_SAFE_INTEGER })).toThrowWithCode('APP_NOT_FOUND');
    expect(() => f.call('log.entry', { originId: 999, index: 0 })).toThrowWithCode('APP_NOT_FOUND');
  });
});
