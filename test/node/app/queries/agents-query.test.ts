import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_COLUMNS, type AgentFilter } from '../../../../src/core/api/schemas/agents.ts';
import { dormantCutoff } from '../../../../src/node/app/queries/log-time.ts';
import { allAgentRows, apiRow, referenceFilter, referenceSort } from './agents-reference.ts';
import { openReadFixture, reportWith, type ReadFixture } from './helpers.ts';

let f: ReadFixture;
let originId: number;

beforeAll(async () => {
  f = await openReadFixture(600);
  originId = f.replica.originId;
}, 300_000);
afterAll(() => f.cleanup());

function expected(filter: AgentFilter, column: (typeof AGENT_COLUMNS)[number] = 'displayName', direction: 'asc' | 'desc' = 'asc', findings: Record<string, number> = {}) {
  const rows = referenceFilter(allAgentRows(f.store, originId, findings), filter, dormantCutoff(f.ctx, originId));
  return referenceSort(rows, column, direction).map(apiRow);
}

describe('agents.query', () => {
  it('returns the first page sorted by display name by default, with the total', () => {
    const page = f.call('agents.query', { originId });
    expect(page.total).toBe(600);
    expect(page.offset).toBe(0);
    expect(page.rows).toEqual(expected({}).slice(0, 200));
  });

  it("names every agent's tenant as the tenant's creation entry and the tenant facet do, keeping the id", () => {
    const page = f.call('agents.query', { originId, limit: 1000 });
    const names = new Map(f.call('agents.facets', { originId }).tenants.map((t) => [t.id, t.name]));
    expect(page.rows).toHaveLength(600);
    for (const row of page.rows) {
      expect(f.replica.tenants).toContain(row.tenant);
      // The large log names its tenants "Tenant <n> <team>" (test/fixtures/large-log.ts).
      expect(row.tenantName).toMatch(/^Tenant \d+ \S/);
      expect(row.tenantName).toBe(names.get(row.tenant));
    }
    expect(new Set(page.rows.map((r) => r.tenantName)).size).toBe(new Set(page.rows.map((r) => r.tenant)).size);
  });

  it('leaves the tenant id, not its name, in the CSV tenant column', () => {
    const csv = f.call('agents.exportCsv', { originId, sort: { column: 'id', direction: 'asc' }, columns: ['id', 'tenant'] }).csv.split('\r\n');
    const first = f.call('agents.query', { originId, sort: { column: 'id', direction: 'asc' }, limit: 1 }).rows[0];
    expect(csv[0]).toBe('id,tenant');
    expect(csv[1]).toBe(`${first?.id},${first?.tenant}`);
  });

  it.each(AGENT_COLUMNS.flatMap((c) => [[c, 'asc'] as const, [c, 'desc'] as const]))('sorts by %s %s with NULLs last and id as the tiebreak', (column, direction) => {
    const page = f.call('agents.query', { originId, sort: { column, direction }, limit: 1000 });
    expect(page.rows).toEqual(expected({}, column, direction).slice(0, 1000));
  });

  describe('when filtering', () => {
    const someTenant = (): string => (f.store.db.prepare('SELECT tenant FROM agents WHERE origin_id = ? LIMIT 1').get(originId) as { tenant: string }).tenant;
    const someOwner = (): string => (f.store.db.prepare('SELECT owner FROM agents WHERE origin_id = ? AND owner IS NOT NULL LIMIT 1').get(originId) as { owner: string }).owner;
    const cases: [string, () => AgentFilter][] = [
      ['status suspended', () => ({ status: 'suspended' })],
      ['status revoked', () => ({ status: 'revoked' })],
      ['a tenant', () => ({ tenant: someTenant() })],
      ['an owner', () => ({ owner: someOwner() })],
      ['band normal', () => ({ scoreBand: 'normal' })],
      ['band suspension', () => ({ scoreBand: 'suspension' })],
      ['unscored', () => ({ scoreBand: 'unscored' })],
      ['dormant', () => ({ dormant: true })],
      ['not dormant', () => ({ dormant: false })],
      ['search in names, any case', () => ({ search: 'LEDGER' })],
      ['search in owners', () => ({ search: 'payments-owner' })],
      ['search in ids', () => ({ search: 'maip:' })],
      ['combined', () => ({ tenant: someTenant(), status: 'active', scoreBand: 'unscored', dormant: true, search: 'e' })],
    ];
    it.each(cases)('%s matches the reference', (_name, filter) => {
      const page = f.call('agents.query', { originId, filter: filter(), sort: { column: 'trustScore', direction: 'desc' }, limit: 1000 });
      const want = expected(filter(), 'trustScore', 'desc');
      expect(page.total).toBe(want.length);
      expect(page.rows).toEqual(want.slice(0, 1000));
    });

    it('finds something for every non-trivial case (the fixture has variety)', () => {
      for (const [, filter] of cases.slice(0, 11)) expect(expected(filter()).length).toBeGreaterThan(0);
    });

    it('filters and counts agents with findings from the latest report', () => {
      const ids = expected({}, 'id', 'asc').slice(0, 3).map((r) => r.id);
      f.ctx.reports.set(originId, reportWith(originId, [{ agentId: ids[0] }, { agentId: ids[0], severity: 'warning' }, { agentId: ids[2] }, { index: 4 }]));
      try {
        const findings = { [ids[0] as string]: 2, [ids[2] as string]: 1 };
        const withF = f.call('agents.query', { originId, filter: { hasFinding: true }, sort: { column: 'findings', direction: 'desc' } });
        expect(withF.rows).toEqual(expected({ hasFinding: true }, 'findings', 'desc', findings));
        expect(withF.rows.map((r) => [r.id, r.findings])).toEqual([[ids[0], 2], [ids[2], 1]]);
        const without = f.call('agents.query', { originId, filter: { hasFinding: false }, limit: 1000 });
        expect(without.total).toBe(598);
        // Without a findings filter or sort, the page's counts come from the report directly.
        const plain = f.call('agents.query', { originId, sort: { column: 'id', direction: 'asc' }, limit: 5 });
        expect(plain.rows).toEqual(expected({}, 'id', 'asc', findings).slice(0, 5));
        expect(plain.rows[0]?.findings).toBe(2);
        const csv = f.call('agents.exportCsv', { originId, sort: { column: 'id', direction: 'asc' }, columns: ['id', 'findings'] }).csv.split('\r\n');
        expect(csv.slice(1, 4)).toEqual([`${ids[0]},2`, `${ids[1]},0`, `${ids[2]},1`]);
      } finally {
        f.ctx.reports.clear();
      }
    });

    it('treats every agent as without findings when there is no report', () => {
      expect(f.call('agents.query', { originId, filter: { hasFinding: true } }).total).toBe(0);
      expect(f.call('agents.query', { originId, filter: { hasFinding: false } }).total).toBe(600);
    });

    it('moves the dormancy cutoff with the policy, relative to the newest log time', () => {
      const counts = [1, 30, 3650].map((days) => {
        f.ctx.policySettings = { ...f.ctx.policySettings, dormantDays: days };
        return f.call('agents.query', { originId, filter: { dormant: true } }).total;
      });
      f.ctx.policySettings = { ...f.ctx.policySettings, dormantDays: 30 };
      expect(counts[0]).toBeGreaterThan(counts[1] as number);
      expect(counts[1]).toBeGreaterThan(counts[2] as number);
      // Nobody had a session more than ten years before the newest entry: dormant = never authenticated.
      expect(counts[2]).toBe(expected({ dormant: true }).filter((r) => r.lastSessionTime === null).length);
    });
  });

  describe('when the input is hostile', () => {
    it.each(['%', '_', '\\', "'", '"', "' OR 1=1 --", '%_%', 'a%b', '\\%', '); DROP TABLE agents; --', '\u0000', '\u001f', 'ÉCLAIR', 'éclair-', 'İ'])(
      'matches the search %j literally',
      (search) => {
        const page = f.call('agents.query', { originId, filter: { search }, limit: 1000 });
        expect(page.rows).toEqual(expected({ search }).slice(0, 1000));
        expect(page.total).toBe(expected({ search }).length);
      },
    );

    it('folds case beyond ASCII', () => {
      const accented = f.call('agents.query', { originId, filter: { search: 'ÉCLAIR' } }).total;
      expect(accented).toBeGreaterThan(0);
      expect(f.call('agents.query', { originId, filter: { search: 'éclair' } }).total).toBe(accented);
    });

    it('matches a literal % only where the text has one (nowhere here)', () => {
      expect(f.call('agents.query', { originId, filter: { search: '%' } }).total).toBe(0);
      expect(f.call('agents.query', { originId, filter: { search: '_' } }).total).toBe(0);
    });

    it('still has its tables after a search for SQL', () => {
      f.call('agents.query', { originId, filter: { search: "'; DROP TABLE agents; --", owner: "x' OR '1'='1" } });
      expect(f.call('agents.query', { originId }).total).toBe(600);
    });

    it('returns an empty page with the total for an offset past the end, however large', () => {
      for (const offset of [600, 601, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
        const page = f.call('agents.query', { originId, offset });
        expect(page).toEqual({ total: 600, offset, rows: [] });
      }
    });

    it('throws APP_NOT_FOUND for an unknown origin', () => {
      expect(() => f.call('agents.query', { originId: originId + 1000 })).toThrowWithCode('APP_NOT_FOUND');
    });
  });

  describe('when paging', () => {
    it('walks every agent exactly once across pages of any size', () => {
      for (const limit of [1, 7, 200, 1000]) {
        const seen: string[] = [];
        for (let offset = 0; offset < 600; offset += limit) {
          const page = f.call('agents.query', { originId, sort: { column: 'status', direction: 'asc' }, offset, limit });
          expect(page.rows.length).toBe(Math.min(limit, 600 - offset));
          seen.push(...page.rows.map((r) => r.id));
        }
        expect(seen).toEqual(expected({}, 'status', 'asc').map((r) => r.id));
      }
    });

    it('returns the last partial page', () => {
      const page = f.call('agents.query', { originId, offset: 599, limit: 200 });
      expect(page.rows).toHaveLength(1);
    });
  });
});
