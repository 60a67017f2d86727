import { describe, expect, it } from 'vitest';
import { LogWriter } from '../../../src/core/log/log-writer.ts';
import { formatTimestamp, timestampMs } from '../../../src/core/log/time.ts';
import type { TrustFactors } from '../../../src/core/trust/score.ts';
import type { Statement } from '../../../src/core/log/statement.ts';
import { expectRejected, sign, profile } from './helpers.ts';

const all = (v: number): TrustFactors => ({ behavioral_compliance: v, scope_adherence: v, anomaly_score: v, peer_attestations: v, session_hygiene: v });

function scenario() {
  const w = new LogWriter({ seed: 'activity' });
  const tenant = w.createTenant('Acme');
  const admin1 = w.enrolAdmin(tenant, 'Alice');
  const admin2 = w.enrolAdmin(tenant, 'Bob');
  const root = w.registerRoot(tenant, profile(['dataset:*', 'model:deploy']));
  const child = w.delegate(root, profile(['dataset:read', 'model:deploy'])).child;
  const grandchild = w.delegate(child, profile(['dataset:read'])).child;
  return { w, tenant, admin1, admin2, root, child, grandchild };
}

function sessionStatement(w: LogWriter, agent: string, overrides: Partial<{ scopes: string[]; ttlMs: number; sessionId: string }> = {}) {
  const a = w.agent(agent);
  const time = w.tick();
  return w.statement(
    'session.authenticated',
    a.tenant,
    agent,
    {
      session_id: overrides.sessionId ?? 'sess_AAAAAAAAAAAAAAAAAAAAAA',
      nonce: 'B'.repeat(42) + 'A',
      scopes: overrides.scopes ?? [a.scopes[0] as string],
      expires_at: formatTimestamp(timestampMs(time) + (overrides.ttlMs ?? 60_000)),
    },
    time,
  );
}

describe('session.authenticated', () => {
  it("records the session in the agent's summary", () => {
    const { w, child } = scenario();
    const entry = w.authenticate(child);
    expect(w.agent(child).sessions).toEqual({ count: 1, last: { id: (entry.body as { session_id: string }).session_id, time: entry.time, expiresAt: (entry.body as { expires_at: string }).expires_at, index: w.entries.length - 1 } });
    expect(w.state.totals.sessions).toBe(1);
  });
  it('refuses a suspended agent (AGENT_NOT_ACTIVE) and a revoked one (ENTRY_KEY_NOT_CURRENT)', () => {
    const { w, tenant, child, grandchild } = scenario();
    w.executeCommand(w.adminCommand(tenant, 'suspend', [child]));
    expectRejected(w, sign(sessionStatement(w, child), [w.signer('agent', w.agent(child).currentKey)]), 'STATE_TRANSITION_INVALID', 'AGENT_NOT_ACTIVE');
    w.executeCommand(w.adminCommand(tenant, 'revoke', [grandchild]));
    expectRejected(w, sign(sessionStatement(w, grandchild), [w.signer('agent', w.agent(grandchild).currentKey)]), 'ENTRY_KEY_NOT_CURRENT', 'AGENT_REVOKED');
  });
  it('refuses scopes beyond the agent (SCOPE_WIDENING) and a bad lifetime (SESSION_LIFETIME)', () => {
    const { w, child } = scenario();
    const key = w.agent(child).currentKey;
    expectRejected(w, sign(sessionStatement(w, child, { scopes: ['dataset:write'] }), [w.signer('agent', key)]), 'STATE_TRANSITION_INVALID', 'SCOPE_WIDENING');
    expectRejected(w, sign(sessionStatement(w, child, { ttlMs: 0 }), [w.signer('agent', key)]), 'STATE_TRANSITION_INVALID', 'SESSION_LIFETIME');
    expectRejected(w, sign(sessionStatement(w, child, { ttlMs: 24 * 3_600_000 + 1 }), [w.signer('agent', key)]), 'STATE_TRANSITION_INVALID', 'SESSION_LIFETIME');
    w.append(sessionStatement(w, child, { ttlMs: 24 * 3_600_000 }), [w.signer('agent', key)]);
  });
  it('refuses the same session twice (SESSION_REPLAYED) and a session not signed by the agent (SIGNER_ROLES, NOT_AGENT_KEY)', () => {
    const { w, root, child } = scenario();
    const entry = w.authenticate(child);
    expectRejected(w, entry, 'STATE_TRANSITION_INVALID', 'SESSION_REPLAYED');
    expectRejected(w, sign(sessionStatement(w, child, { sessionId: 'sess_BBBBBBBBBBBBBBBBBBBBBA' }), [w.registrySigner()]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
    expectRejected(
      w,
      sign(sessionStatement(w, child, { sessionId: 'sess_BBBBBBBBBBBBBBBBBBBBBA' }), [w.signer('agent', w.agent(root).currentKey)]),
      'ENTRY_SIGNER_NOT_AUTHORISED',
      'NOT_AGENT_KEY',
    );
  });
});

describe('trust.score_recorded', () => {
  it('keeps count, latest and lowest, and when the agent entered the suspension band', () => {
    const { w, child } = scenario();
    w.recordScore(child, all(80));
    const low = w.recordScore(child, all(20), ['volume_spike']);
    w.recordScore(child, all(25));
    const trust = w.agent(child).trust;
    expect(trust).toMatchObject({ count: 3, last: { score: 25, band: 'suspension' }, lowest: { score: 20 }, suspensionBandSince: { index: w.entries.indexOf(low) } });
    w.autoSuspend(child);
    expect(w.agent(child).trust.suspensionBandSince).toBeUndefined();
  });
  it('refuses a score or band that its factors do not give (TRUST_SCORE_MISMATCH)', () => {
    const { w, tenant, child } = scenario();
    const body = { factors: all(70), score: 71, band: 'normal' as const, flags: [] };
    expectRejected(w, sign(w.statement('trust.score_recorded', tenant, child, body), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'TRUST_SCORE_MISMATCH');
    const band = { factors: all(70), score: 70, band: 'alert' as const, flags: [] };
    expectRejected(w, sign(w.statement('trust.score_recorded', tenant, child, band), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'TRUST_SCORE_MISMATCH');
  });
  it('is signed by the registry only (SIGNER_ROLES), for an agent that is not revoked (AGENT_REVOKED)', () => {
    const { w, tenant, child } = scenario();
    const body = { factors: all(70), score: 70, band: 'normal' as const, flags: [] };
    expectRejected(w, sign(w.statement('trust.score_recorded', tenant, child, body), [w.signer('agent', w.agent(child).currentKey)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
    w.executeCommand(w.adminCommand(tenant, 'revoke', [child]));
    expectRejected(w, sign(w.statement('trust.score_recorded', tenant, child, body), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'AGENT_REVOKED');
  });
});

describe('agent.suspended by the registry', () => {
  const autoBody = (score: number) => ({ by: 'registry' as const, trigger: 'trust_score' as const, score });
  it('needs the latest score to be that score in the 0–29 band (AUTO_SUSPENSION_UNJUSTIFIED)', () => {
    const { w, tenant, child } = scenario();
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, autoBody(10)), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'AUTO_SUSPENSION_UNJUSTIFIED');
    w.recordScore(child, all(20));
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, autoBody(21)), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'AUTO_SUSPENSION_UNJUSTIFIED');
    w.recordScore(child, all(40));
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, autoBody(20)), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'AUTO_SUSPENSION_UNJUSTIFIED');
  });
  it('suspends only the agent, and not twice (AGENT_STATUS)', () => {
    const { w, tenant, child, grandchild } = scenario();
    w.recordScore(child, all(10));
    w.autoSuspend(child);
    expect(w.agent(child).statusRecord).toMatchObject({ status: 'suspended', by: 'registry' });
    expect(w.agent(grandchild).status).toBe('active');
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, autoBody(10)), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'AGENT_STATUS');
  });
  it('is signed by the registry key only (NOT_REGISTRY_KEY)', () => {
    const { w, tenant, admin1, child } = scenario();
    w.recordScore(child, all(10));
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, autoBody(10)), [w.signer('registry', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_REGISTRY_KEY');
  });
});

describe('admin commands (agent.suspended, agent.reinstated, agent.revoked)', () => {
  function quorum2(w: LogWriter, tenant: string): void {
    w.setQuorum(tenant, { revoke: 2, suspend: 1, reinstate: 2, admin: 1, policy: 1 });
  }
  it('revokes with cascade: targets first, then live descendants breadth-first', () => {
    const { w, tenant, root, child, grandchild } = scenario();
    const entry = w.executeCommand(w.adminCommand(tenant, 'revoke', [root], { cascade: true }));
    expect([root, child, grandchild].map((id) => w.agent(id).status)).toEqual(['revoked', 'revoked', 'revoked']);
    expect(w.agent(grandchild).statusRecord).toMatchObject({ by: 'admin', cascadeFrom: root, since: { index: w.entries.indexOf(entry) } });
    expect(w.state.statusActions.at(-1)).toMatchObject({ action: 'revoke', by: 'admin', cascade: true, affected: [root, child, grandchild], threshold: 1 });
  });
  it('revokes without cascade only the targets (a verifier reports the orphans)', () => {
    const { w, tenant, child, grandchild } = scenario();
    w.executeCommand(w.adminCommand(tenant, 'revoke', [child], { cascade: false }));
    expect(w.agent(child).status).toBe('revoked');
    expect(w.agent(grandchild).status).toBe('active');
  });
  it('suspends and reinstates with cascade only the descendants the action applies to', () => {
    const { w, tenant, root, child, grandchild } = scenario();
    w.executeCommand(w.adminCommand(tenant, 'revoke', [grandchild]));
    w.executeCommand(w.adminCommand(tenant, 'suspend', [root], { cascade: true }));
    expect([root, child, grandchild].map((id) => w.agent(id).status)).toEqual(['suspended', 'suspended', 'revoked']);
    w.executeCommand(w.adminCommand(tenant, 'reinstate', [root], { cascade: true }));
    expect([root, child, grandchild].map((id) => w.agent(id).status)).toEqual(['active', 'active', 'revoked']);
  });
  it('refuses a target in the wrong state (AGENT_STATUS) or unknown (AGENT_UNKNOWN)', () => {
    const { w, tenant, child } = scenario();
    const entryFor = (command: ReturnType<LogWriter['adminCommand']>, type: 'agent.suspended' | 'agent.reinstated' | 'agent.revoked') =>
      sign(w.statement(type, tenant, command.targets[0] as string, { by: 'admin', command }) as Statement, [w.registrySigner()]);
    expectRejected(w, entryFor(w.adminCommand(tenant, 'reinstate', [child]), 'agent.reinstated'), 'STATE_TRANSITION_INVALID', 'AGENT_STATUS');
    w.executeCommand(w.adminCommand(tenant, 'revoke', [child]));
    expectRejected(w, entryFor(w.adminCommand(tenant, 'suspend', [child]), 'agent.suspended'), 'STATE_TRANSITION_INVALID', 'AGENT_STATUS');
    expectRejected(w, entryFor(w.adminCommand(tenant, 'revoke', [child]), 'agent.revoked'), 'STATE_TRANSITION_INVALID', 'AGENT_STATUS');
    expectRejected(w, entryFor(w.adminCommand(tenant, 'revoke', [w.newAgentId(tenant)]), 'agent.revoked'), 'STATE_TRANSITION_INVALID', 'AGENT_UNKNOWN');
  });
  it('refuses a replayed command (COMMAND_REPLAYED)', () => {
    const { w, tenant, child } = scenario();
    const command = w.adminCommand(tenant, 'suspend', [child]);
    w.executeCommand(command);
    w.executeCommand(w.adminCommand(tenant, 'reinstate', [child]));
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, { by: 'admin', command }), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'COMMAND_REPLAYED');
  });
  it('refuses a command logged after it expired or well before it was issued (COMMAND_NOT_FRESH)', () => {
    const { w, tenant, child } = scenario();
    const command = w.adminCommand(tenant, 'suspend', [child], { ttlMs: 500 });
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, { by: 'admin', command }), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'COMMAND_NOT_FRESH');
    const fresh = w.adminCommand(tenant, 'suspend', [child]);
    const earlyTime = formatTimestamp(timestampMs(fresh.issued_at) - 2 * 60_000 - 1);
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, { by: 'admin', command: fresh }, earlyTime), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'COMMAND_NOT_FRESH');
    const skewed = formatTimestamp(timestampMs(fresh.issued_at) - 2 * 60_000);
    w.append(w.statement('agent.suspended', tenant, child, { by: 'admin', command: fresh }, skewed), [w.registrySigner()]);
  });
  it('refuses a kill or a reinstatement without the quorum in force (QUORUM_NOT_MET)', () => {
    const { w, tenant, admin1, child } = scenario();
    quorum2(w, tenant);
    const one = [w.signer('admin', admin1)];
    const revoke = w.adminCommand(tenant, 'revoke', [child], { signers: one });
    expectRejected(w, sign(w.statement('agent.revoked', tenant, child, { by: 'admin', command: revoke }), [w.registrySigner()]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'QUORUM_NOT_MET');
    w.executeCommand(w.adminCommand(tenant, 'suspend', [child], { signers: one }));
    const reinstate = w.adminCommand(tenant, 'reinstate', [child], { signers: one });
    expectRejected(w, sign(w.statement('agent.reinstated', tenant, child, { by: 'admin', command: reinstate }), [w.registrySigner()]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'QUORUM_NOT_MET');
    w.executeCommand(w.adminCommand(tenant, 'reinstate', [child]));
    expect(w.state.statusActions.at(-1)).toMatchObject({ action: 'reinstate', threshold: 2, signers: expect.arrayContaining(w.enrolledAdmins(tenant)) });
  });
  it('refuses command signers who are not enrolled admins of the tenant now', () => {
    const { w, tenant, admin2, child } = scenario();
    const stranger = w.newKey().did;
    const byStranger = w.adminCommand(tenant, 'suspend', [child], { signers: [w.signer('admin', stranger)] });
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, { by: 'admin', command: byStranger }), [w.registrySigner()]), 'ENTRY_UNKNOWN_SIGNER', 'UNKNOWN_ADMIN');
    const byAgent = w.adminCommand(tenant, 'suspend', [child], { signers: [w.signer('admin', w.agent(child).currentKey)] });
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, { by: 'admin', command: byAgent }), [w.registrySigner()]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_TENANT_ADMIN');
    const signed = w.adminCommand(tenant, 'suspend', [child], { signers: [w.signer('admin', admin2)] });
    w.removeAdmin(tenant, admin2);
    expectRejected(w, sign(w.statement('agent.suspended', tenant, child, { by: 'admin', command: signed }), [w.signer('registry', w.registry.did)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'ADMIN_REMOVED');
  });
  it('is logged by the registry key only (SIGNER_ROLES, NOT_REGISTRY_KEY)', () => {
    const { w, tenant, admin1, child } = scenario();
    const command = w.adminCommand(tenant, 'suspend', [child]);
    const st = w.statement('agent.suspended', tenant, child, { by: 'admin', command });
    expectRejected(w, sign(st, [w.signer('admin', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
    expectRejected(w, sign(st, [w.signer('registry', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_REGISTRY_KEY');
  });
});
