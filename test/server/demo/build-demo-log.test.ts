import { describe, expect, it } from 'vitest';
import { encodeEntry } from '../../../src/core/log/entry.ts';
import { isScope } from '../../../src/core/log/scope.ts';
import type { LogEntry, LogEntryOf } from '../../../src/core/log/statement.ts';
import { timestampMs } from '../../../src/core/log/time.ts';
import { STATEMENT_TYPES } from '../../../src/core/log/types/index.ts';
import { RegistryStateBuilder } from '../../../src/core/registry/builder.ts';
import type { RegistryState } from '../../../src/core/registry/state.ts';
import { nativeEd25519Backend } from '../../../src/node/crypto/native-ed25519.ts';
import { DEMO_TENANTS } from '../../../src/server/demo/catalogue.ts';
import { buildDemoLog, DEMO_QUORUM_THRESHOLDS } from '../../../src/server/demo/index.ts';
import { DEMO_NOW, DEMO_ORIGIN, buildNativeDemo, cachedDemo, nativeRegistrySigner, portableRegistrySigner } from './demo-fixture.ts';

const SEED = 'unit-demo';
const SCALE = 0.1;

function demo() {
  return cachedDemo(SEED, SCALE);
}

/** Folds the parsed entries with every signature verified (native backend, same policy). */
function foldVerified(parsed: readonly LogEntry[]): RegistryState {
  const builder = new RegistryStateBuilder({ origin: DEMO_ORIGIN, registryKey: nativeRegistrySigner().key }, { verifySignatures: true, backend: nativeEd25519Backend });
  parsed.forEach((entry, index) => builder.apply(entry, index));
  return builder.state;
}

let folded: RegistryState | undefined;
function state(): RegistryState {
  folded ??= foldVerified(demo().parsed);
  return folded;
}

function ofType<T extends LogEntry['type']>(entries: readonly LogEntry[], type: T): LogEntryOf<T>[] {
  return entries.filter((e) => e.type === type) as LogEntryOf<T>[];
}

describe('buildDemoLog', () => {
  describe('when called twice with the same options', () => {
    it('gives byte-identical entries, admin keys and summary', () => {
      const a = demo().log;
      const b = buildNativeDemo(SEED, SCALE);
      expect(b.entries).toEqual(a.entries);
      expect(b.adminKeys).toEqual(a.adminKeys);
      expect(b.summary).toEqual(a.summary);
    });
  });

  describe('when the seed differs', () => {
    it('gives a different log', () => {
      const a = buildNativeDemo('seed-one', 0.02);
      const b = buildNativeDemo('seed-two', 0.02);
      expect(b.entries[0]).not.toEqual(a.entries[0]);
      expect(b.adminKeys.map((k) => k.adminDid)).not.toEqual(a.adminKeys.map((k) => k.adminDid));
    });
  });

  describe('when signing with the portable instead of the native Ed25519 signer', () => {
    it('writes the same bytes (RFC 8032 signatures are deterministic)', () => {
      const native = buildNativeDemo('signer-parity', 0.01);
      const portable = buildDemoLog({ seed: 'signer-parity', origin: DEMO_ORIGIN, registrySigner: portableRegistrySigner(), now: DEMO_NOW, scale: 0.01 });
      expect(portable.entries.length).toBeGreaterThan(500);
      expect(portable.entries).toEqual(native.entries);
      expect(portable.summary).toEqual(native.summary);
    });
  });

  it('writes canonical entries that fold with every signature verified to the summarised state', () => {
    const { log, parsed } = demo();
    parsed.forEach((entry, i) => expect(encodeEntry(entry)).toEqual(log.entries[i]));
    const s = state();
    expect(s.applied).toBe(log.entries.length);
    expect(s.agents.size).toBe(log.summary.agents.total);
    expect(s.totals.sessions).toBe(log.summary.sessions);
    expect(s.totals.trustScores).toBe(log.summary.trustScores);
    expect(s.config.registryKey).toBe(log.summary.registryKey);
    expect(Object.values(log.summary.entriesByType).reduce((a, b) => a + b, 0)).toBe(log.entries.length);
  });

  it('keeps entry times strictly increasing within the 30 days before now', () => {
    const { parsed } = demo();
    const times = parsed.map((e) => timestampMs(e.time));
    const late = times.filter((t, i) => i > 0 && !(t > (times[i - 1] as number)));
    expect(late).toEqual([]);
    expect(times[0]).toBe(DEMO_NOW.getTime() - 30 * 86_400_000);
    expect(times[times.length - 1]).toBeLessThanOrEqual(DEMO_NOW.getTime());
    // The history reaches the last day.
    expect(times[times.length - 1]).toBeGreaterThan(DEMO_NOW.getTime() - 86_400_000);
  });

  it('builds three named tenants, each with exactly two enrolled admins', () => {
    const { log } = demo();
    const s = state();
    expect(log.summary.tenants.map((t) => t.name)).toEqual(['Northbridge Bank', 'Helix Health', 'Meridian Freight']);
    expect(s.tenants.size).toBe(3);
    for (const tenant of s.tenants.values()) expect([...tenant.admins.values()].filter((a) => a.removed === undefined)).toHaveLength(2);
    expect(log.adminKeys).toHaveLength(6);
    for (const key of log.adminKeys) expect(s.tenants.get(key.tenant)?.admins.get(key.adminDid)?.name).toBe(key.name);
  });

  it('sets a 2-of-2 kill policy on the first tenant only', () => {
    const { log, parsed } = demo();
    const policies = ofType(parsed, 'policy.quorum_set');
    expect(policies).toHaveLength(1);
    expect(policies[0]?.tenant).toBe(log.summary.quorumTenant);
    expect(state().tenants.get(log.summary.quorumTenant)?.policy.thresholds).toEqual(DEMO_QUORUM_THRESHOLDS);
    expect(DEMO_QUORUM_THRESHOLDS.revoke).toBe(2);
  });

  it('carries both admins\' signatures on every revocation of the 2-of-2 tenant, one of them cascading', () => {
    const { log, parsed } = demo();
    const quorumTenant = state().tenants.get(log.summary.quorumTenant);
    const revocations = ofType(parsed, 'agent.revoked').filter((e) => e.tenant === log.summary.quorumTenant);
    expect(revocations.length).toBeGreaterThan(0);
    for (const entry of revocations) {
      expect(entry.body.command.signatures.map((s) => s.key).sort()).toEqual([...(quorumTenant?.admins.keys() ?? [])].sort());
    }
    const cascading = state().statusActions.filter((a) => a.tenant === log.summary.quorumTenant && a.action === 'revoke' && a.affected.length > a.targets.length);
    expect(cascading.length).toBeGreaterThan(0);
  });

  it('reports exactly two compromised keys, each rotated to a fresh key by an admin', () => {
    const { log, parsed } = demo();
    const reports = ofType(parsed, 'agent.key_compromised');
    expect(reports).toHaveLength(2);
    expect(log.summary.compromisedKeys).toHaveLength(2);
    for (const c of log.summary.compromisedKeys) {
      const report = parsed[c.index];
      expect(report?.type).toBe('agent.key_compromised');
      expect(report?.subject).toBe(c.agent);
      const rotation = parsed.slice(c.index + 1).find((e) => e.type === 'agent.key_rotated' && e.subject === c.agent);
      expect(rotation?.type).toBe('agent.key_rotated');
      expect(rotation?.signatures.map((s) => s.role).sort()).toEqual(['admin', 'new_key']);
      if (rotation?.type === 'agent.key_rotated') expect(rotation.body).toEqual({ previous_key: c.key, new_key: c.newKey });
      const agent = state().agents.get(c.agent);
      expect(agent?.keys.find((k) => k.key === c.key)?.compromisedAt).toBe(c.compromisedAt);
    }
  });

  it('follows sudden drops into 0–29 with the registry\'s automatic suspension', () => {
    const { log, parsed } = demo();
    const suspended = log.summary.suddenDrops.filter((d) => d.band === 'suspension');
    expect(suspended.length).toBeGreaterThanOrEqual(1);
    for (const drop of suspended) {
      const score = parsed[drop.index];
      const suspension = parsed[drop.suspensionIndex ?? -1];
      expect(score?.type === 'trust.score_recorded' && score.body.score).toBe(drop.score);
      expect(drop.score).toBeLessThanOrEqual(29);
      expect(drop.previousScore - drop.score).toBeGreaterThanOrEqual(40);
      expect(drop.suspensionIndex).toBe(drop.index + 1);
      expect(suspension?.type).toBe('agent.suspended');
      expect(suspension?.subject).toBe(drop.agent);
      expect(suspension?.type === 'agent.suspended' && suspension.body).toMatchObject({ by: 'registry', trigger: 'trust_score', score: drop.score });
    }
    expect(log.summary.suddenDrops.some((d) => d.band === 'human_approval' && d.suspensionIndex === undefined)).toBe(true);
    expect(log.summary.automaticSuspensions).toBe(suspended.length);
  });

  it('only lets a planned drop reach the suspension band', () => {
    const { log, parsed } = demo();
    const dropIndices = new Set(log.summary.suddenDrops.map((d) => d.index));
    const unexpected = parsed.flatMap((e, i) => (e.type === 'trust.score_recorded' && e.body.band === 'suspension' && !dropIndices.has(i) ? [i] : []));
    expect(unexpected).toEqual([]);
  });

  it('reaches delegation depth 3 in every tenant', () => {
    const { log } = demo();
    expect(log.summary.agents.maxDepth).toBe(3);
    for (const tenant of log.summary.tenants) {
      const depths = new Set([...state().agents.values()].filter((a) => a.tenant === tenant.id).map((a) => a.depth));
      expect([...depths].sort()).toEqual([0, 1, 2, 3]);
    }
  });

  it('splits the agents between the tenants by their shares, with owners on the tenant\'s domain', () => {
    const { log } = demo();
    const total = log.summary.agents.total;
    expect(total).toBeGreaterThanOrEqual(190);
    expect(total).toBeLessThanOrEqual(200);
    log.summary.tenants.forEach((tenant, i) => {
      const share = DEMO_TENANTS[i]?.share ?? 0;
      expect(Math.abs(tenant.agents / total - share)).toBeLessThan(0.05);
    });
    const agents = [...state().agents.values()];
    const domains = new Map(log.summary.tenants.map((t) => [t.id, t.domain]));
    const misplaced = agents.filter((a) => a.owner !== undefined && !a.owner.endsWith(`@${domains.get(a.tenant) ?? '?'}`));
    expect(misplaced).toEqual([]);
    expect(agents.filter((a) => a.owner === undefined).length).toBeLessThan(total * 0.1);
    expect(agents.every((a) => a.scopes.every(isScope) && a.purpose !== undefined && a.version !== undefined && a.description !== undefined)).toBe(true);
    expect(log.summary.agents.delegated / total).toBeGreaterThan(0.3);
  });

  it('is clean: no key used after its compromise instant, no revoked agent with live descendants', () => {
    const s = state();
    const findings: string[] = [];
    for (const agent of s.agents.values()) {
      if (agent.keys.some((k) => k.usedAfterCompromise === true)) findings.push(`${agent.id} key used after compromise`);
      if (agent.status === 'revoked' && agent.children.some((c) => s.agents.get(c)?.status !== 'revoked')) findings.push(`${agent.id} live child`);
    }
    expect(findings).toEqual([]);
  });

  it('writes every statement type except admin.removed, sessions and scores being most of the log', () => {
    const { log } = demo();
    const missing = STATEMENT_TYPES.filter((t) => log.summary.entriesByType[t] === 0);
    expect(missing).toEqual(['admin.removed']);
    const activity = log.summary.entriesByType['session.authenticated'] + log.summary.entriesByType['trust.score_recorded'];
    expect(activity / log.summary.entries).toBeGreaterThan(0.8);
  });

  describe('when the options are bad', () => {
    const base = { seed: 'x', origin: DEMO_ORIGIN, now: DEMO_NOW, scale: 0.01 };
    it('throws INVALID_ARGUMENT for a registry signer in another role', () => {
      expect(() => buildDemoLog({ ...base, registrySigner: { ...nativeRegistrySigner(), role: 'admin' } })).toThrowWithCode('INVALID_ARGUMENT');
    });
    it('throws INVALID_ARGUMENT for a scale outside 0.01–25', () => {
      expect(() => buildDemoLog({ ...base, registrySigner: nativeRegistrySigner(), scale: 0 })).toThrowWithCode('INVALID_ARGUMENT');
      expect(() => buildDemoLog({ ...base, registrySigner: nativeRegistrySigner(), scale: 26 })).toThrowWithCode('INVALID_ARGUMENT');
      expect(() => buildDemoLog({ ...base, registrySigner: nativeRegistrySigner(), scale: Number.NaN })).toThrowWithCode('INVALID_ARGUMENT');
    });
    it('throws INVALID_ARGUMENT for a bad origin or time', () => {
      expect(() => buildDemoLog({ ...base, registrySigner: nativeRegistrySigner(), origin: '{bad origin' })).toThrowWithCode('INVALID_ARGUMENT');
      expect(() => buildDemoLog({ ...base, registrySigner: nativeRegistrySigner(), now: new Date(Number.NaN) })).toThrowWithCode('INVALID_ARGUMENT');
      expect(() => buildDemoLog({ ...base, registrySigner: nativeRegistrySigner(), now: new Date(0) })).toThrowWithCode('INVALID_ARGUMENT');
    });
  });
});
