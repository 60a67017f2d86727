/**
 * Checks 6 and 7 on hand-built logs: policies the fold enforces (reported under the policy check at
 * the offending entry), policies only the verifier sees, and timestamps and freshness.
 */
import { describe, expect, it } from 'vitest';
import type { LogEntry, Statement } from '../../../src/core/log/statement.ts';
import type { PolicyThresholds } from '../../../src/node/verify/options.ts';
import type { VerificationResult } from '../../../src/node/verify/verify-evidence.ts';
import { atAfter, buildEvidence, craftEntry, makeWriter, replayedClaim, sessionStatement, verifyFiles } from './helpers.ts';

type Writer = ReturnType<typeof makeWriter>;
const profile = (scopes: string[], withOwner = true) => ({
  display_name: 'agent',
  capabilities: [],
  scopes,
  ...(withOwner ? { owner: 'team@example.com' } : {}),
});

function setup(seed: string, admins = 1) {
  const w = makeWriter(seed);
  const tenant = w.createTenant('Tenant');
  for (let i = 0; i < admins; i++) w.enrolAdmin(tenant, `Admin ${i + 1}`);
  const root = w.registerRoot(tenant, profile(['dataset:*', 'model:deploy']));
  return { w, tenant, root };
}

interface Run {
  entries?: LogEntry[];
  bytes?: Uint8Array[];
  at?: string;
  policy?: Partial<PolicyThresholds>;
  checkpointSizes?: number[];
}

async function verifyWriter(w: Writer, run: Run = {}): Promise<VerificationResult> {
  const entries = run.entries ?? [...w.entries];
  const bytes = run.bytes ?? [...w.bytes];
  const evidence = await buildEvidence(w, bytes, entries, { claim: replayedClaim(w, entries), checkpointSizes: run.checkpointSizes ?? [] });
  return verifyFiles(evidence.files, { logKey: evidence.keys.logKey, at: run.at ?? atAfter({ entries }), ...(run.policy === undefined ? {} : { policy: run.policy }) });
}

/** Appends a crafted (fold-refused or fold-accepted) entry after the writer's own. */
async function withCrafted(w: Writer, statement: Statement, signers: Parameters<typeof craftEntry>[1], run: Run = {}): Promise<{ result: VerificationResult; index: number }> {
  const bad = craftEntry(statement, signers);
  const entries = [...w.entries, bad.entry];
  const result = await verifyWriter(w, { ...run, entries, bytes: [...w.bytes, bad.bytes] });
  return { result, index: entries.length - 1 };
}

function codesAt(result: VerificationResult, index: number): string[] {
  return result.findings.filter((f) => f.index === index).map((f) => `${f.code}:${f.severity}:${f.check}`);
}

describe('policies the fold enforces, reported under check 6 at the offending entry', () => {
  it('scope widening in a delegation', async () => {
    const { w, tenant, root } = setup('widening');
    const statement = w.statement('delegation.granted', tenant, w.newDelegationId(), {
      parent: root,
      child: w.newAgentId(tenant),
      child_key: w.newKey().did,
      scopes: ['receipt:create'],
    });
    const { result, index } = await withCrafted(w, statement, [w.signer('parent', w.agent(root).currentKey)]);
    expect(codesAt(result, index)).toEqual(['POLICY_SCOPE_WIDENING:error:6']);
  });

  it('a delegation deeper than the protocol limit, and registrations deeper than a stricter configured one', async () => {
    const { w, tenant, root } = setup('depth');
    let parent = root;
    const depthTwo: string[] = [];
    for (let depth = 1; depth <= 3; depth++) {
      parent = w.delegate(parent, profile(['dataset:read'])).child;
      if (depth >= 2) depthTwo.push(parent);
    }
    const statement = w.statement('delegation.granted', tenant, w.newDelegationId(), {
      parent,
      child: w.newAgentId(tenant),
      child_key: w.newKey().did,
      scopes: ['dataset:read'],
    });
    const { result, index } = await withCrafted(w, statement, [w.signer('parent', w.agent(parent).currentKey)], { policy: { maxDelegationDepth: 1 } });
    expect(codesAt(result, index)).toEqual(['POLICY_DELEGATION_DEPTH:error:6']);
    const warnings = result.findings.filter((f) => f.code === 'POLICY_DELEGATION_DEPTH' && f.severity === 'warning').map((f) => f.agent);
    expect(warnings).toEqual(depthTwo);
  });

  it('a session by a suspended agent and one by a revoked agent', async () => {
    const { w, tenant, root } = setup('after-status');
    const other = w.registerRoot(tenant, profile(['dataset:read']));
    w.executeCommand(w.adminCommand(tenant, 'suspend', [root]));
    w.executeCommand(w.adminCommand(tenant, 'revoke', [other], { cascade: true }));
    const suspended = craftEntry(sessionStatement(w, root), [w.signer('agent', w.agent(root).currentKey)]);
    const revoked = craftEntry(sessionStatement(w, other), [w.signer('agent', w.agent(other).currentKey)]);
    const entries = [...w.entries, suspended.entry, revoked.entry];
    const result = await verifyWriter(w, { entries, bytes: [...w.bytes, suspended.bytes, revoked.bytes] });
    expect(codesAt(result, entries.length - 2)).toEqual(['POLICY_ACTIVITY_AFTER_SUSPENSION:error:6']);
    expect(codesAt(result, entries.length - 1)).toEqual(['POLICY_ACTIVITY_AFTER_REVOCATION:error:6']);
  });

  it('a recorded trust score that does not match its factors', async () => {
    const { w, tenant, root } = setup('score');
    const statement = w.statement('trust.score_recorded', tenant, root, {
      factors: { behavioral_compliance: 90, scope_adherence: 90, anomaly_score: 90, peer_attestations: 90, session_hygiene: 90 },
      score: 95,
      band: 'full_autonomy',
      flags: [],
    });
    const { result, index } = await withCrafted(w, statement, [w.registrySigner()]);
    expect(codesAt(result, index)).toEqual(['POLICY_TRUST_SCORE_MISMATCH:error:6']);
  });

  it('an automatic suspension without a score in 0–29', async () => {
    const { w, tenant, root } = setup('unjustified');
    w.recordScore(root, { behavioral_compliance: 90, scope_adherence: 90, anomaly_score: 90, peer_attestations: 90, session_hygiene: 90 });
    const statement = w.statement('agent.suspended', tenant, root, { by: 'registry', trigger: 'trust_score', score: 10 });
    const { result, index } = await withCrafted(w, statement, [w.registrySigner()]);
    expect(codesAt(result, index)).toEqual(['POLICY_SUSPENSION_UNJUSTIFIED:error:6']);
  });

  it('one key registered for two agents', async () => {
    const { w, tenant, root } = setup('shared-key');
    const key = w.agent(root).currentKey;
    const statement = w.statement('agent.registered', tenant, w.newAgentId(tenant), { key, ...profile(['dataset:read']) });
    const admin = w.enrolledAdmins(tenant)[0] as string;
    const { result, index } = await withCrafted(w, statement, [w.signer('agent', key), w.signer('admin', admin)]);
    expect(codesAt(result, index)).toEqual(['POLICY_SHARED_KEY:error:6']);
  });

  it('an admin command below the quorum policy in force', async () => {
    const { w, tenant, root } = setup('quorum', 2);
    w.setQuorum(tenant, { revoke: 2, suspend: 1, reinstate: 1, admin: 1, policy: 1 });
    const one = [w.signer('admin', w.enrolledAdmins(tenant)[0] as string)];
    const command = w.adminCommand(tenant, 'revoke', [root], { signers: one, cascade: true });
    const statement = w.statement('agent.revoked', tenant, root, { by: 'admin', command }) as Statement;
    const { result, index } = await withCrafted(w, statement, [w.registrySigner()]);
    expect(codesAt(result, index)).toEqual(['POLICY_QUORUM_NOT_MET:error:6']);
  });
});

describe('policies only the verifier sees', () => {
  it('a revocation that did not cascade to live descendants', async () => {
    const { w, tenant, root } = setup('no-cascade');
    const { child } = w.delegate(root, profile(['dataset:read']));
    const entry = w.executeCommand(w.adminCommand(tenant, 'revoke', [root], { cascade: false }));
    const index = w.entries.indexOf(entry);
    const result = await verifyWriter(w);
    expect(result.findings.filter((f) => f.code === 'POLICY_REVOCATION_NOT_CASCADED').map((f) => [f.index, f.agent, f.severity])).toEqual([[index, root, 'warning']]);
    expect(result.findings.some((f) => f.message.includes(child))).toBe(true);
  });

  it('an agent left active with a score in 0–29 for longer than the grace', async () => {
    const { w, root } = setup('overdue');
    const low = w.recordScore(root, { behavioral_compliance: 10, scope_adherence: 10, anomaly_score: 10, peer_attestations: 10, session_hygiene: 10 });
    const index = w.entries.indexOf(low);
    w.tick(2 * 3_600_000, 2 * 3_600_000);
    w.autoSuspend(root);
    const late = await verifyWriter(w);
    expect(late.findings.filter((f) => f.code === 'POLICY_SUSPENSION_OVERDUE').map((f) => [f.index, f.agent])).toEqual([[index, root]]);
    const lenient = await verifyWriter(w, { policy: { suspensionGraceMs: 3 * 3_600_000 } });
    expect(lenient.findings.some((f) => f.code === 'POLICY_SUSPENSION_OVERDUE')).toBe(false);
  });

  it('an agent still not suspended at the verification time', async () => {
    const { w, root } = setup('overdue-open');
    w.recordScore(root, { behavioral_compliance: 10, scope_adherence: 10, anomaly_score: 10, peer_attestations: 10, session_hygiene: 10 });
    const entries = [...w.entries];
    const soon = await verifyWriter(w, { at: atAfter({ entries }) });
    expect(soon.findings.some((f) => f.code === 'POLICY_SUSPENSION_OVERDUE')).toBe(false);
    const later = await verifyWriter(w, { at: new Date(Date.parse(atAfter({ entries })) + 2 * 3_600_000).toISOString() });
    expect(later.findings.filter((f) => f.code === 'POLICY_SUSPENSION_OVERDUE').map((f) => f.agent)).toEqual([root]);
  });

  it('live agents without an owner, and active agents dormant for the configured period', async () => {
    const { w, tenant, root } = setup('inventory');
    const ownerless = w.registerRoot(tenant, profile(['dataset:read'], false));
    const at = new Date(Date.parse(atAfter({ entries: w.entries })) + 100 * 86_400_000).toISOString();
    const result = await verifyWriter(w, { at });
    expect(result.findings.filter((f) => f.code === 'POLICY_NO_OWNER').map((f) => f.agent)).toEqual([ownerless]);
    expect(result.findings.filter((f) => f.code === 'POLICY_DORMANT_AGENT').map((f) => f.agent).sort()).toEqual([root, ownerless].sort());
    expect(result.verdict).toBe('verified');
    const shorter = await verifyWriter(w, { at: atAfter({ entries: w.entries }), policy: { dormantAfterMs: 0 } });
    expect(shorter.findings.filter((f) => f.code === 'POLICY_DORMANT_AGENT').length).toBe(2);
  });
});

describe('timestamps and freshness (check 7)', () => {
  it("the registry's clock going backwards", async () => {
    const { w, tenant, root } = setup('backwards');
    w.authenticate(root);
    const earlier = new Date(Date.parse(w.now()) - 60_000).toISOString();
    const statement = w.statement(
      'trust.score_recorded',
      tenant,
      root,
      { factors: { behavioral_compliance: 90, scope_adherence: 90, anomaly_score: 90, peer_attestations: 90, session_hygiene: 90 }, score: 90, band: 'full_autonomy', flags: [] },
      earlier,
    );
    const { result, index } = await withCrafted(w, statement, [w.registrySigner()]);
    expect(codesAt(result, index)).toEqual(['TIMESTAMP_BACKWARDS:warning:7']);
  });

  it('a control statement older than the previous one (replay) and an admin command logged too late', async () => {
    const { w, tenant, root } = setup('stale');
    w.updateMetadata(root, { version: '2.0.0' });
    const old = new Date(Date.parse(w.now()) - 3_600_000).toISOString();
    const stale = craftEntry(w.statement('agent.metadata_updated', tenant, root, { version: '1.0.0' }, old), [w.signer('agent', w.agent(root).currentKey)]);
    const command = w.adminCommand(tenant, 'suspend', [root]);
    w.tick(20 * 60_000, 20 * 60_000);
    const late = craftEntry(w.statement('agent.suspended', tenant, root, { by: 'admin', command }) as Statement, [w.registrySigner()]);
    const entries = [...w.entries, stale.entry, late.entry];
    const result = await verifyWriter(w, { entries, bytes: [...w.bytes, stale.bytes, late.bytes] });
    expect(codesAt(result, entries.length - 2)).toEqual(['CONTROL_STATEMENT_STALE:error:7']);
    expect(codesAt(result, entries.length - 1)).toEqual(['COMMAND_NOT_FRESH:error:7']);
  });

  it('statement times after the verification time', async () => {
    const { w, root } = setup('future');
    w.authenticate(root);
    const at = new Date(Date.parse(w.entries[2]?.time as string) - 5 * 60_000).toISOString();
    const result = await verifyWriter(w, { at });
    const future = result.findings.filter((f) => f.code === 'TIMESTAMP_IN_FUTURE').map((f) => f.index);
    expect(future).toEqual(w.entries.map((_, i) => i).filter((i) => Date.parse(w.entries[i]?.time as string) > Date.parse(at) + 120_000));
    expect(future.length).toBeGreaterThan(0);
  });

  it('gaps between checkpoints, and a stale newest checkpoint', async () => {
    const { w, root } = setup('gaps');
    w.tick(30 * 3_600_000, 30 * 3_600_000);
    w.authenticate(root);
    const entries = [...w.entries];
    const result = await verifyWriter(w, { checkpointSizes: [2] });
    expect(result.findings.filter((f) => f.code === 'CHECKPOINT_GAP').map((f) => [f.index, f.size])).toEqual([[2, String(entries.length)]]);
    const byCount = await verifyWriter(w, { checkpointSizes: [2], policy: { maxCheckpointGapMs: 365 * 86_400_000, maxCheckpointGapEntries: 1 } });
    expect(byCount.findings.filter((f) => f.code === 'CHECKPOINT_GAP').map((f) => f.size)).toEqual(['2', String(entries.length)]);
    const stale = await verifyWriter(w, { at: '2027-01-01T00:00:00Z' });
    expect(stale.findings.filter((f) => f.code === 'CHECKPOINT_STALE').map((f) => f.severity)).toEqual(['warning']);
  });
});
