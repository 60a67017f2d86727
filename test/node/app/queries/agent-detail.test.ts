import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustFactors } from '../../../../src/core/trust/score.ts';
import { openReadFixture, reportWith, writtenReplica, type ReadFixture, type WrittenReplica } from './helpers.ts';

const even = (x: number): TrustFactors => ({ behavioral_compliance: x, scope_adherence: x, anomaly_score: x, peer_attestations: x, session_hygiene: x });
const profile = (name: string, scopes: string[]) => ({
  display_name: name,
  owner: 'ops@example.com',
  description: `${name}, described.`,
  version: '1.2.3',
  purpose: 'Testing the detail screen.',
  capabilities: ['summarise'],
  scopes,
});

describe('agents.get on a written history', () => {
  let w: WrittenReplica;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await writtenReplica((writer) => {
      const tenant = writer.createTenant('Detail');
      ids.tenant = tenant;
      writer.enrolAdmin(tenant, 'Admin');
      ids.root = writer.registerRoot(tenant, profile('root', ['dataset:read', 'dataset:write', 'model:deploy']));
      ids.child = writer.delegate(ids.root, profile('child', ['dataset:read', 'dataset:write'])).child;
      ids.grandchild = writer.delegate(ids.child, profile('grandchild', ['dataset:read'])).child;
      ids.sibling = writer.delegate(ids.root, profile('sibling', ['model:deploy'])).child;
      writer.authenticate(ids.root);
      writer.authenticate(ids.root);
      writer.rotateKey(ids.root);
      writer.executeCommand(writer.adminCommand(tenant, 'revoke', [ids.child], { cascade: true, reason: { code: 'policy_violation', detail: 'kill switch' } }));
      writer.executeCommand(writer.adminCommand(tenant, 'suspend', [ids.sibling], { reason: { code: 'anomaly' } }));
    });
  }, 120_000);
  afterAll(() => w.cleanup());

  it('gives the identity with the profile fields of the agent state', () => {
    const d = w.call('agents.get', { originId: w.originId, agentId: ids.root as string });
    expect(d.identity).toMatchObject({
      id: ids.root,
      maipId: ids.root,
      displayName: 'root',
      tenant: ids.tenant,
      tenantName: 'Detail',
      owner: 'ops@example.com',
      description: 'root, described.',
      version: '1.2.3',
      purpose: 'Testing the detail screen.',
      capabilities: ['summarise'],
    });
    expect(d.identity.did).toMatch(/^did:key:z/);
    expect(d.scopes).toEqual(['dataset:read', 'dataset:write', 'model:deploy']);
    expect(d.sessions.count).toBe(2);
    expect(d.status).toMatchObject({ status: 'active', by: 'registration', cascadeFrom: null });
  });

  it("gives a null tenant name, and still the tenant id, when the replica has no row for the agent's tenant", () => {
    // A replica folded by this app always has the tenant (an agent's registration needs it); the
    // join must still not drop the agent when it is missing. Undone at once, inside a savepoint.
    const db = w.store.db;
    db.exec('SAVEPOINT no_tenant');
    try {
      db.prepare('DELETE FROM tenants WHERE origin_id = ? AND id = ?').run(w.originId, ids.tenant);
      const d = w.call('agents.get', { originId: w.originId, agentId: ids.root as string });
      expect(d.identity).toMatchObject({ id: ids.root, tenant: ids.tenant, tenantName: null });
    } finally {
      db.exec('ROLLBACK TO no_tenant; RELEASE no_tenant');
    }
    expect(w.call('agents.get', { originId: w.originId, agentId: ids.root as string }).identity.tenantName).toBe('Detail');
  });

  it('names the tenant of the status actions on the Overview', () => {
    const actions = w.call('overview.get', { originId: w.originId }).recentStatusActions;
    expect(actions.map((a) => a.action)).toEqual(['suspend', 'revoke']);
    for (const a of actions) expect(a).toMatchObject({ tenant: ids.tenant, tenantName: 'Detail' });
  });

  it('gives the key timeline, the current key last and the DID', () => {
    const d = w.call('agents.get', { originId: w.originId, agentId: ids.root as string });
    expect(d.keys.map((k) => k.position)).toEqual([0, 1]);
    expect(d.keys[0]?.retiredIndex).not.toBeNull();
    expect(d.keys[1]?.retiredIndex).toBeNull();
    expect(d.keys[1]?.did).toBe(d.identity.did);
  });

  it('gives the delegates below breadth first, and the chain above from the root', () => {
    const root = w.call('agents.get', { originId: w.originId, agentId: ids.root as string });
    expect(root.delegatedBy).toEqual([]);
    expect(root.delegates.map((n) => n.agentId)).toEqual([ids.child, ids.sibling, ids.grandchild]);
    expect(root.delegatesTotal).toBe(3);
    expect(root.delegates.map((n) => n.depth)).toEqual([1, 1, 2]);
    const grandchild = w.call('agents.get', { originId: w.originId, agentId: ids.grandchild as string });
    expect(grandchild.delegatedBy.map((n) => [n.agentId, n.parent])).toEqual([
      [ids.root, null],
      [ids.child, ids.root],
    ]);
    expect(grandchild.delegatedBy[1]).toMatchObject({ revoked: true, status: 'revoked' });
    expect(grandchild.delegatedBy[1]?.delegationId).toMatch(/^del_/);
  });

  it('gives a cascaded revocation in the history, and the revocation with a verified proof', () => {
    const d = w.call('agents.get', { originId: w.originId, agentId: ids.grandchild as string });
    expect(d.status).toMatchObject({ status: 'revoked', by: 'admin', cascadeFrom: ids.child });
    expect(d.statusHistory).toHaveLength(1);
    expect(d.statusHistory[0]).toMatchObject({ action: 'revoke', by: 'admin', cascade: true });
    const target = w.call('agents.get', { originId: w.originId, agentId: ids.child as string });
    expect(target.statusHistory[0]?.cascade).toBe(false);
    expect(d.revocation).toMatchObject({ index: d.statusHistory[0]?.index, action: 'revoke', proof: { verified: true, treeSize: String(w.served.size) } });
  });

  it('gives the current suspension of a suspended agent, and nothing for an active one', () => {
    const s = w.call('agents.get', { originId: w.originId, agentId: ids.sibling as string });
    expect(s.revocation).toMatchObject({ action: 'suspend', proof: { verified: true } });
    expect(w.call('agents.get', { originId: w.originId, agentId: ids.root as string }).revocation).toBeNull();
  });

  it("lists the latest report's findings about the agent", () => {
    w.ctx.reports.set(w.originId, reportWith(w.originId, [{ agentId: ids.root, code: 'KEY_USED_AFTER_COMPROMISE', index: 7 }, { agentId: ids.child }]));
    try {
      const d = w.call('agents.get', { originId: w.originId, agentId: ids.root as string });
      expect(d.findings).toEqual([{ code: 'KEY_USED_AFTER_COMPROMISE', severity: 'error', message: 'a finding made by the test', index: 7 }]);
    } finally {
      w.ctx.reports.clear();
    }
  });

  it('throws APP_NOT_FOUND for an unknown agent or origin', () => {
    expect(() => w.call('agents.get', { originId: w.originId, agentId: 'maip:00000000:00000000000000000000000000' })).toThrowWithCode('APP_NOT_FOUND');
    expect(() => w.call('agents.get', { originId: w.originId, agentId: "' OR 1=1 --" })).toThrowWithCode('APP_NOT_FOUND');
    expect(() => w.call('agents.get', { originId: 9, agentId: ids.root as string })).toThrowWithCode('APP_NOT_FOUND');
  });
});

describe('agents.trustHistory', () => {
  let w: WrittenReplica;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await writtenReplica((writer) => {
      const tenant = writer.createTenant('Trust');
      writer.enrolAdmin(tenant, 'Admin');
      ids.a = writer.registerRoot(tenant, profile('a', ['dataset:read']));
      ids.b = writer.registerRoot(tenant, profile('b', ['dataset:read']));
      ids.quiet = writer.registerRoot(tenant, profile('quiet', ['dataset:read']));
      writer.recordScore(ids.a, even(95));
      writer.recordScore(ids.a, even(85));
      writer.recordScore(ids.a, even(60), ['volume_spike']);
      writer.recordScore(ids.b, even(10));
      writer.autoSuspend(ids.b);
      writer.recordScore(ids.b, { ...even(10), anomaly_score: 12 });
      // A correct registry suspends `a` now; this one does not.
      writer.recordScore(ids.a, even(20));
    });
  }, 120_000);
  afterAll(() => w.cleanup());

  it('returns the scores and factors as columns, oldest first', () => {
    const h = w.call('agents.trustHistory', { originId: w.originId, agentId: ids.a as string });
    expect(h.scores).toEqual([95, 85, 60, 20]);
    expect(h.factors.behavioral_compliance).toEqual([95, 85, 60, 20]);
    expect(h.indices).toEqual([...h.indices].sort((x, y) => x - y));
    expect(h.timesMs.every((t, i) => i === 0 || t > (h.timesMs[i - 1] as number))).toBe(true);
  });

  it('marks drops at the policy threshold, recorded flags, and a suspension threshold crossed without a suspension', () => {
    const h = w.call('agents.trustHistory', { originId: w.originId, agentId: ids.a as string });
    expect(h.anomalies.map((a) => [a.score, a.kind])).toEqual([
      [60, 'DROP'],
      [60, 'FLAG'],
      [20, 'DROP'],
      [20, 'SUSPENSION_NOT_ENFORCED'],
    ]);
    expect(h.anomalies.find((a) => a.kind === 'SUSPENSION_NOT_ENFORCED')?.detail).toMatch(/threshold crossed without the required action/i);
    w.ctx.policySettings = { ...w.ctx.policySettings, trustDropPoints: 10 };
    try {
      const kinds = w.call('agents.trustHistory', { originId: w.originId, agentId: ids.a as string }).anomalies.map((a) => `${a.score}:${a.kind}`);
      expect(kinds).toContain('85:DROP');
    } finally {
      w.ctx.policySettings = { ...w.ctx.policySettings, trustDropPoints: 15 };
    }
  });

  it('does not mark a suspension-band score that was followed by a suspension, nor one while suspended', () => {
    const h = w.call('agents.trustHistory', { originId: w.originId, agentId: ids.b as string });
    expect(h.scores).toEqual([10, 10]);
    expect(h.anomalies.map((a) => a.kind)).toEqual([]);
  });

  it('returns empty columns for an agent never scored', () => {
    const h = w.call('agents.trustHistory', { originId: w.originId, agentId: ids.quiet as string });
    expect(h).toMatchObject({ indices: [], scores: [], anomalies: [] });
    expect(h.factors.session_hygiene).toEqual([]);
  });

  it('throws APP_NOT_FOUND for an unknown agent', () => {
    expect(() => w.call('agents.trustHistory', { originId: w.originId, agentId: 'nobody' })).toThrowWithCode('APP_NOT_FOUND');
    expect(() => w.call('agents.trustHistory', { originId: 4242, agentId: ids.a as string })).toThrowWithCode('APP_NOT_FOUND');
  });
});

describe('agents.get and agents.trustHistory on a generated replica', () => {
  let f: ReadFixture;
  beforeAll(async () => {
    f = await openReadFixture(600);
  }, 300_000);
  afterAll(() => f.cleanup());

  it('answer within the contract for every kind of agent', () => {
    const originId = f.replica.originId;
    const picks = f.store.db
      .prepare(
        `SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY status, depth > 0, trust_score IS NULL ORDER BY id) AS k FROM agents) WHERE k <= 5`,
      )
      .all() as { id: string }[];
    expect(picks.length).toBeGreaterThan(15);
    for (const { id } of picks) {
      const d = f.call('agents.get', { originId, agentId: id });
      expect(d.identity.id).toBe(id);
      if (d.status.status !== 'active') expect(d.revocation?.proof?.verified).toBe(true);
      const h = f.call('agents.trustHistory', { originId, agentId: id });
      expect(h.scores).toHaveLength(d.trust.count);
    }
  });

  it('marks the score the fixture left without a suspension', () => {
    const row = f.store.db.prepare("SELECT agent FROM trust_history WHERE band = 'suspension' ORDER BY idx DESC LIMIT 1").get() as { agent: string };
    const h = f.call('agents.trustHistory', { originId: f.replica.originId, agentId: row.agent });
    expect(h.anomalies.map((a) => a.kind)).toContain('SUSPENSION_NOT_ENFORCED');
  });
});
