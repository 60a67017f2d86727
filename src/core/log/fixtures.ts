import { scopesCovered, ALL_SCOPES, scopeCovers } from './scope.ts';
import { LogWriter, type LogWriterOptions } from './log-writer.ts';
import type { LogEntry } from './statement.ts';
import type { StatementBodies } from './types/index.ts';
import type { TrustFactors } from '../trust/score.ts';
import type { AgentState, RegistryConfig } from '../registry/state.ts';
import type { SeededRandom } from './prng.ts';

/**
 * Deterministic test logs (docs/protocol.md §9): tenants, admins, a quorum policy, root and
 * delegated agents (to depth 3), sessions, trust scores with automatic suspensions, key rotations,
 * key compromises with admin recovery, scope and metadata changes, admin suspensions, reinstatements
 * and cascading revocations, delegation revocations and admin changes. Every entry passes the state
 * fold as it is written (the generator is a correct registry), and the generated log is "clean":
 * no key is used after its compromise instant and every revocation of a parent cascades, so a
 * verifier should report no error on it. Same options → identical entries and bytes.
 */

export interface TestLogOptions extends Partial<Omit<LogWriterOptions, 'seed'>> {
  readonly seed: string | number;
  readonly tenants?: number;
  readonly adminsPerTenant?: number;
  readonly rootAgentsPerTenant?: number;
  /** Random lifecycle events after the setup (each makes 0–3 entries). */
  readonly events?: number;
}

export interface TestLog {
  readonly config: RegistryConfig;
  readonly entries: readonly LogEntry[];
  readonly bytes: readonly Uint8Array[];
  readonly tenants: readonly string[];
  /** The writer, holding every seed and the folded state, to append more. */
  readonly writer: LogWriter;
}

const SCOPE_VOCABULARY = [
  'dataset:read',
  'dataset:write',
  'dataset:*',
  'model:deploy',
  'model:evaluate',
  'pipeline:execute',
  'pipeline:read',
  'receipt:create',
  'receipt:read',
  'identity:verify',
];
const NAMES = ['ledger', 'triage', 'summarizer', 'router', 'scribe', 'auditor', 'planner', 'fetcher', 'sentinel', 'broker'];
const TEAMS = ['payments', 'support', 'research', 'platform', 'security', 'finance'];
const PURPOSES = [
  'Summarises support tickets for human agents.',
  'Reconciles ledger entries nightly.',
  'Routes inbound requests to the right pipeline.',
  'Evaluates model releases before deployment.',
  'Collects evidence for the quarterly audit.',
];
const FLAGS = ['volume_spike', 'unknown_ip', 'failed_verification_spike', 'scope_violation_attempt', 'revoked_peer'];

type EventKind =
  | 'register'
  | 'delegate'
  | 'session'
  | 'score'
  | 'rotate'
  | 'compromise'
  | 'narrow'
  | 'widen'
  | 'metadata'
  | 'suspend'
  | 'reinstate'
  | 'revoke'
  | 'revokeDelegation'
  | 'adminChange';

const EVENT_WEIGHTS: readonly (readonly [EventKind, number])[] = [
  ['register', 4],
  ['delegate', 4],
  ['session', 8],
  ['score', 8],
  ['rotate', 2],
  ['compromise', 1],
  ['narrow', 1],
  ['widen', 1],
  ['metadata', 1],
  ['suspend', 1],
  ['reinstate', 2],
  ['revoke', 1],
  ['revokeDelegation', 1],
  ['adminChange', 1],
];

/** Generates a deterministic, valid, clean test log (see the module comment). */
export function generateTestLog(options: TestLogOptions): TestLog {
  const writer = new LogWriter(options);
  const r = writer.random;
  const tenants: string[] = [];
  for (let t = 0; t < (options.tenants ?? 2); t++) {
    const tenant = writer.createTenant(`Tenant ${t + 1} ${r.pick(TEAMS)}`);
    tenants.push(tenant);
    const admins = Math.max(1, options.adminsPerTenant ?? 2);
    for (let a = 0; a < admins; a++) writer.enrolAdmin(tenant, `Admin ${a + 1} of tenant ${t + 1}`);
    if (t === 0 && admins >= 2) writer.setQuorum(tenant, { revoke: 2, suspend: 1, reinstate: 2, admin: 1, policy: 2 });
    for (let k = 0; k < (options.rootAgentsPerTenant ?? 3); k++) registerRandomRoot(writer, tenant);
  }
  const events = options.events ?? 40;
  for (let i = 0; i < events; i++) runEvent(writer, pickEvent(r), tenants);
  return {
    config: { origin: writer.origin, registryKey: writer.registry.did },
    entries: writer.entries,
    bytes: writer.bytes,
    tenants,
    writer,
  };
}

function pickEvent(r: SeededRandom): EventKind {
  const total = EVENT_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let x = r.int(0, total - 1);
  for (const [kind, weight] of EVENT_WEIGHTS) {
    if (x < weight) return kind;
    x -= weight;
  }
  return 'session';
}

function randomProfile(r: SeededRandom, scopes: string[]): Omit<StatementBodies['agent.registered'], 'key' | 'parent'> {
  const name = `${r.pick(NAMES)}-${r.int(1, 999)}`;
  const profile: Omit<StatementBodies['agent.registered'], 'key' | 'parent'> = {
    display_name: name,
    capabilities: r.sample(['summarise', 'classify', 'retrieve', 'sign', 'deploy'], r.int(0, 3)),
    scopes,
    version: `${r.int(1, 4)}.${r.int(0, 9)}.${r.int(0, 20)}`,
    purpose: r.pick(PURPOSES),
    description: `${name} agent of the ${r.pick(TEAMS)} team.`,
  };
  // Some agents have no owner: an inventory finding, not an error.
  if (r.chance(0.9)) profile.owner = `${r.pick(TEAMS)}-owner@example.com`;
  return profile;
}

function registerRandomRoot(writer: LogWriter, tenant: string): string {
  const r = writer.random;
  const scopes = r.chance(0.1) ? [ALL_SCOPES] : r.sample(SCOPE_VOCABULARY, r.int(2, 5));
  return writer.registerRoot(tenant, randomProfile(r, scopes), { byRegistry: r.chance(0.3) });
}

function agents(writer: LogWriter, filter: (a: AgentState) => boolean): AgentState[] {
  return [...writer.state.agents.values()].filter(filter);
}

function keyHealthy(a: AgentState): boolean {
  return a.keys[a.keys.length - 1]?.compromisedAt === undefined;
}

/** Scopes a child of `parent` may take: covered by the parent, never `*:*`. */
function delegableScopes(parent: AgentState): string[] {
  return SCOPE_VOCABULARY.filter((s) => parent.scopes.some((p) => scopeCovers(p, s)));
}

function liveChildren(writer: LogWriter, a: AgentState): AgentState[] {
  return a.children.map((id) => writer.agent(id)).filter((c) => c.status !== 'revoked');
}

function randomFactors(r: SeededRandom): TrustFactors {
  const low = r.chance(0.12);
  const f = (): number => (low ? r.int(0, 35) : r.int(55, 100));
  return { behavioral_compliance: f(), scope_adherence: f(), anomaly_score: f(), peer_attestations: f(), session_hygiene: f() };
}

function runEvent(writer: LogWriter, kind: EventKind, tenants: readonly string[]): void {
  const r = writer.random;
  const usable = (a: AgentState): boolean => a.status !== 'revoked' && keyHealthy(a);
  switch (kind) {
    case 'register':
      registerRandomRoot(writer, r.pick(tenants));
      return;
    case 'delegate': {
      const parents = agents(writer, (a) => a.status === 'active' && keyHealthy(a) && a.depth < 3 && delegableScopes(a).length > 0);
      if (parents.length === 0) return;
      const parent = r.pick(parents);
      const choices = delegableScopes(parent);
      writer.delegate(parent.id, randomProfile(r, r.sample(choices, r.int(1, Math.min(3, choices.length)))));
      return;
    }
    case 'session': {
      const candidates = agents(writer, (a) => a.status === 'active' && keyHealthy(a));
      if (candidates.length > 0) writer.authenticate(r.pick(candidates).id);
      return;
    }
    case 'score': {
      const candidates = agents(writer, (a) => a.status !== 'revoked');
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      const factors = randomFactors(r);
      writer.recordScore(agent.id, factors, factors.anomaly_score < 40 ? r.sample(FLAGS, r.int(1, 2)) : []);
      if (writer.agent(agent.id).trust.last?.band === 'suspension' && writer.agent(agent.id).status === 'active') writer.autoSuspend(agent.id);
      return;
    }
    case 'rotate': {
      const candidates = agents(writer, usable);
      if (candidates.length > 0) writer.rotateKey(r.pick(candidates).id);
      return;
    }
    case 'compromise': {
      const candidates = agents(writer, usable);
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      writer.reportCompromise(agent.id, { byAgent: r.chance(0.3) });
      writer.rotateKey(agent.id, { byAdmin: true });
      return;
    }
    case 'narrow': {
      const candidates = agents(writer, (a) => usable(a) && a.scopes.length >= 2);
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      const drop = r.pick(agent.scopes);
      const scopes = agent.scopes.filter((s) => s !== drop);
      if (liveChildren(writer, agent).every((c) => scopesCovered(scopes, c.scopes))) writer.changeScopes(agent.id, scopes);
      return;
    }
    case 'widen': {
      const candidates = agents(writer, (a) => a.status !== 'revoked' && a.depth === 0 && !a.scopes.includes(ALL_SCOPES));
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      const extra = SCOPE_VOCABULARY.filter((s) => !agent.scopes.includes(s));
      if (extra.length > 0 && agent.scopes.length < 60) writer.changeScopes(agent.id, [...agent.scopes, r.pick(extra)], { byAdmin: true });
      return;
    }
    case 'metadata': {
      const candidates = agents(writer, (a) => a.status !== 'revoked');
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      const byAdmin = !keyHealthy(agent) || r.chance(0.5);
      writer.updateMetadata(agent.id, { version: `${r.int(1, 9)}.${r.int(0, 9)}.0`, owner: `${r.pick(TEAMS)}-owner@example.com` }, { byAdmin });
      return;
    }
    case 'suspend': {
      const candidates = agents(writer, (a) => a.status === 'active');
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      writer.executeCommand(writer.adminCommand(agent.tenant, 'suspend', [agent.id], { cascade: r.chance(0.5), reason: { code: 'anomaly' } }));
      return;
    }
    case 'reinstate': {
      const candidates = agents(writer, (a) => a.status === 'suspended');
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      writer.executeCommand(writer.adminCommand(agent.tenant, 'reinstate', [agent.id], { cascade: r.chance(0.5) }));
      return;
    }
    case 'revoke': {
      const candidates = agents(writer, (a) => a.status !== 'revoked');
      if (candidates.length === 0) return;
      const agent = r.pick(candidates);
      // Always cascade: a revoked parent with live descendants is a finding, and generated logs are clean.
      writer.executeCommand(
        writer.adminCommand(agent.tenant, 'revoke', [agent.id], { cascade: true, reason: { code: 'policy_violation', detail: 'kill switch' } }),
      );
      return;
    }
    case 'revokeDelegation': {
      const candidates = [...writer.state.delegations.values()].filter((d) => {
        const parent = writer.state.agents.get(d.parent);
        const child = writer.state.agents.get(d.child);
        return d.revoked === undefined && d.registered !== undefined && parent !== undefined && usable(parent) && child?.status !== 'revoked';
      });
      if (candidates.length > 0) writer.revokeDelegation(r.pick(candidates).id, 'no longer needed');
      return;
    }
    case 'adminChange': {
      const tenant = r.pick(tenants);
      const t = writer.tenant(tenant);
      const enrolled = writer.enrolledAdmins(tenant);
      const highest = Math.max(...Object.values(t.policy.thresholds));
      if (enrolled.length > Math.max(1, highest) && r.chance(0.5)) writer.removeAdmin(tenant, enrolled[enrolled.length - 1] as string, 'left the team');
      else writer.enrolAdmin(tenant, `Admin ${enrolled.length + 1}`);
      return;
    }
  }
}
