import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRUST_BANDS } from '../../../../src/core/trust/score.ts';
import { logKeyFingerprint } from '../../../../src/node/sync/key-fingerprint.ts';
import { sourceLabel } from '../../../../src/node/app/queries/replicas-list.ts';
import { openReadFixture, reportWith, type ReadFixture } from './helpers.ts';

let f: ReadFixture;
let originId: number;

beforeAll(async () => {
  f = await openReadFixture(600);
  originId = f.replica.originId;
}, 300_000);
afterAll(() => f.cleanup());

const count = (sql: string): number => (f.store.db.prepare(sql).get() as { n: number }).n;

describe('replicas.list', () => {
  it('lists the replica with its keys, fingerprints, sync state and cosigned checkpoint', () => {
    const { replicas } = f.call('replicas.list', {});
    expect(replicas).toHaveLength(1);
    const r = replicas[0];
    expect(r).toMatchObject({
      originId,
      origin: f.replica.origin,
      kind: 'registry',
      source: `memory:${f.replica.origin}`,
      logKey: { name: f.replica.origin, vkey: f.replica.logKey, fingerprint: logKeyFingerprint(f.replica.logKey) },
      witnesses: [{ name: f.replica.witnessName, vkey: f.replica.witnessKey, fingerprint: logKeyFingerprint(f.replica.witnessKey) }],
      entries: f.replica.entries,
      lastError: null,
      forkEvidence: 0,
      busy: false,
    });
    expect(r?.logKey.fingerprint).toMatch(/^SHA256:/);
    expect(r?.verifiedCheckpoint).toMatchObject({ size: String(f.replica.entries), cosigners: [f.replica.witnessName] });
    expect(r?.verifiedCheckpoint?.rootHex).toMatch(/^[0-9a-f]{64}$/);
    expect(r?.lastSuccessMs).not.toBeNull();
  });

  it('reports the kind and the busy flag from the context', () => {
    f.ctx.kind = 'demo';
    f.ctx.busy.add(originId);
    try {
      expect(f.call('replicas.list', {}).replicas[0]).toMatchObject({ kind: 'demo', busy: true });
    } finally {
      f.ctx.kind = 'registry';
      f.ctx.busy.clear();
    }
  });
});

describe('sourceLabel', () => {
  it.each([
    [null, null],
    ['https://registry.example/', 'https://registry.example/'],
    ['bundle:evidence.zip', 'evidence.zip'],
    ['bundle:/home/someone/secret/evidence.zip', 'evidence.zip'],
    ['bundle:C:\\Users\\someone\\evidence.zip', 'evidence.zip'],
  ])('shows %j as %j', (source, label) => {
    expect(sourceLabel(source)).toBe(label);
  });
});

describe('overview.get', () => {
  it('counts tenants and agents by status', () => {
    const o = f.call('overview.get', { originId });
    expect(o.tenants).toBe(f.replica.tenants.length);
    expect(o.agents.total).toBe(600);
    expect(o.agents.active + o.agents.suspended + o.agents.revoked).toBe(600);
    expect(o.agents.revoked).toBe(count("SELECT count(*) AS n FROM agents WHERE status = 'revoked'"));
    expect(o.agents.revoked).toBeGreaterThan(0);
    expect(o.agents.suspended).toBeGreaterThan(0);
  });

  it('gives the trust bands and the histogram of current scores', () => {
    const { trust } = f.call('overview.get', { originId });
    expect(trust.scored).toBe(count('SELECT count(*) AS n FROM agents WHERE trust_score IS NOT NULL'));
    expect(Object.keys(trust.bands).sort()).toEqual([...TRUST_BANDS].sort());
    expect(Object.values(trust.bands).reduce((a, b) => a + b, 0)).toBe(trust.scored);
    expect(trust.histogram.reduce((a, b) => a + b, 0)).toBe(trust.scored);
    expect(trust.histogram[9]).toBe(count('SELECT count(*) AS n FROM agents WHERE trust_score >= 90'));
    expect(trust.histogram[0]).toBe(count('SELECT count(*) AS n FROM agents WHERE trust_score < 10'));
    expect(trust.bands.full_autonomy).toBe(trust.histogram[9]);
  });

  it('lists the newest status actions first, at most 20', () => {
    const { recentStatusActions } = f.call('overview.get', { originId });
    const all = f.store.db.prepare('SELECT idx FROM status_actions ORDER BY idx DESC LIMIT 20').all() as { idx: number }[];
    expect(recentStatusActions.map((a) => a.index)).toEqual(all.map((r) => r.idx));
    expect(recentStatusActions.some((a) => a.action === 'revoke' && a.affected > 1)).toBe(true);
    for (const a of recentStatusActions) expect(a.targets.length).toBeGreaterThan(0);
  });

  it("names each status action's tenant as the tenant facet does, keeping the id", () => {
    const { recentStatusActions } = f.call('overview.get', { originId });
    const names = new Map(f.call('agents.facets', { originId }).tenants.map((t) => [t.id, t.name]));
    expect(recentStatusActions.length).toBeGreaterThan(0);
    for (const a of recentStatusActions) {
      expect(f.replica.tenants).toContain(a.tenant);
      // The large log names its tenants "Tenant <n> <team>" (test/fixtures/large-log.ts).
      expect(a.tenantName).toMatch(/^Tenant \d+ \S/);
      expect(a.tenantName).toBe(names.get(a.tenant));
    }
  });

  it('has no verification and a NOT_VERIFIED gap before a report, and the report counts after', () => {
    const before = f.call('overview.get', { originId });
    expect(before.lastVerification).toBeNull();
    expect(before.coverageGaps.find((g) => g.code === 'NOT_VERIFIED')?.count).toBe(f.replica.entries);
    f.ctx.reports.set(originId, reportWith(originId, [{ index: 3 }, { severity: 'warning' }]));
    try {
      const after = f.call('overview.get', { originId });
      expect(after.lastVerification).toMatchObject({ verdict: 'failed', findings: { error: 1, warning: 1, info: 0 } });
      expect(after.coverageGaps.map((g) => g.code)).not.toContain('NOT_VERIFIED');
    } finally {
      f.ctx.reports.clear();
    }
  });

  it('reports the coverage gaps with stable codes and counts from the replica', () => {
    const gaps = new Map(f.call('overview.get', { originId }).coverageGaps.map((g) => [g.code, g.count]));
    expect(gaps.get('ENTRIES_REJECTED')).toBe(2);
    expect(gaps.get('NO_TRUST_SCORE')).toBe(count("SELECT count(*) AS n FROM agents WHERE status <> 'revoked' AND trust_score IS NULL"));
    expect(gaps.get('NO_OWNER')).toBe(count("SELECT count(*) AS n FROM agents WHERE status <> 'revoked' AND owner IS NULL"));
    expect(gaps.get('NEVER_AUTHENTICATED')).toBe(count("SELECT count(*) AS n FROM agents WHERE status <> 'revoked' AND session_count = 0"));
    expect(gaps.get('DORMANT')).toBe(f.call('agents.query', { originId, filter: { dormant: true, status: 'active' } }).total);
    expect(gaps.has('UNCHECKPOINTED_ENTRIES')).toBe(false);
    for (const g of f.call('overview.get', { originId }).coverageGaps) expect(g.count).toBeGreaterThan(0);
  });

  it('flags a stale checkpoint against the wall clock and the policy', () => {
    const firstSeen = f.call('replicas.list', {}).replicas[0]?.verifiedCheckpoint?.firstSeenMs as number;
    f.ctx.nowMs = firstSeen + 23 * 3_600_000;
    expect(f.call('overview.get', { originId }).coverageGaps.map((g) => g.code)).not.toContain('STALE_CHECKPOINT');
    f.ctx.nowMs = firstSeen + 25 * 3_600_000;
    expect(f.call('overview.get', { originId }).coverageGaps.map((g) => g.code)).toContain('STALE_CHECKPOINT');
    f.ctx.policySettings = { ...f.ctx.policySettings, checkpointMaxAgeHours: 48 };
    expect(f.call('overview.get', { originId }).coverageGaps.map((g) => g.code)).not.toContain('STALE_CHECKPOINT');
    f.ctx.policySettings = { ...f.ctx.policySettings, checkpointMaxAgeHours: 24 };
  });

  it('throws APP_NOT_FOUND for an unknown origin', () => {
    expect(() => f.call('overview.get', { originId: 12345 })).toThrowWithCode('APP_NOT_FOUND');
  });
});
