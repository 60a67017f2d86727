/**
 * agents.query on the Agents screen's target size: 100,000 agents in a real replica. Correctness
 * only (a page, filters, the last page); speed is measured by bench/agents-query.bench.ts, never
 * by a timed test. The first run builds the cached fixture (minutes on a busy machine), later runs
 * copy it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadFixture, type ReadFixture } from './helpers.ts';

const AGENTS = 100_000;
let f: ReadFixture;
let originId: number;

beforeAll(async () => {
  f = await openReadFixture(AGENTS);
  originId = f.replica.originId;
}, 900_000);
afterAll(() => f?.cleanup());

const count = (sql: string, ...params: unknown[]): number => (f.store.db.prepare(sql).get(...params) as { n: number }).n;

describe('agents.query with 100,000 agents', () => {
  it('returns the first page by name and the total', () => {
    const page = f.call('agents.query', { originId });
    expect(page.total).toBe(AGENTS);
    expect(page.rows).toHaveLength(200);
    const names = page.rows.map((r) => r.displayName.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('returns the last page, and an empty one past it', () => {
    const last = f.call('agents.query', { originId, offset: AGENTS - 10, limit: 1000, sort: { column: 'id', direction: 'desc' } });
    expect(last.rows).toHaveLength(10);
    const smallest = f.store.db.prepare('SELECT id FROM agents ORDER BY id LIMIT 1').get() as { id: string };
    expect(last.rows[9]?.id).toBe(smallest.id);
    expect(f.call('agents.query', { originId, offset: AGENTS }).rows).toEqual([]);
  });

  it('filters and counts as the replica says', () => {
    expect(f.call('agents.query', { originId, filter: { status: 'suspended' } }).total).toBe(count("SELECT count(*) AS n FROM agents WHERE status = 'suspended'"));
    expect(f.call('agents.query', { originId, filter: { scoreBand: 'unscored' } }).total).toBe(count('SELECT count(*) AS n FROM agents WHERE trust_score IS NULL'));
    const owner = (f.store.db.prepare('SELECT owner FROM agents WHERE owner IS NOT NULL LIMIT 1').get() as { owner: string }).owner;
    const byOwner = f.call('agents.query', { originId, filter: { owner, status: 'active' }, sort: { column: 'trustScore', direction: 'desc' }, limit: 1000 });
    expect(byOwner.total).toBe(count("SELECT count(*) AS n FROM agents WHERE owner = ? AND status = 'active'", owner));
    expect(byOwner.rows.every((r) => r.owner === owner && r.status === 'active')).toBe(true);
    const search = f.call('agents.query', { originId, filter: { search: 'LEDGER-1' } });
    expect(search.total).toBe(count("SELECT count(*) AS n FROM agents WHERE lower(display_name) LIKE '%ledger-1%' OR lower(owner) LIKE '%ledger-1%'"));
    expect(search.total).toBeGreaterThan(0);
  });

  it('has the variety the Agents screen shows', () => {
    const o = f.call('overview.get', { originId });
    expect(o.agents.total).toBe(AGENTS);
    expect(o.agents.revoked).toBeGreaterThan(0);
    expect(o.trust.scored).toBeGreaterThan(AGENTS / 5);
    expect(f.call('agents.facets', { originId }).tenants.length).toBeGreaterThan(10);
    expect(f.call('agents.query', { originId, filter: { dormant: true, status: 'active' } }).total).toBeGreaterThan(0);
  });
});
