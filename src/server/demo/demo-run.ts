import type { AdminAction } from '../../core/log/admin-command.ts';
import type { SeededRandom } from '../../core/log/prng.ts';
import { ALL_SCOPES, scopesCovered } from '../../core/log/scope.ts';
import { timestampMs } from '../../core/log/time.ts';
import type { AgentState } from '../../core/registry/state.ts';
import type { TrustBand } from '../../core/trust/score.ts';
import {
  agentOf,
  authenticate,
  autoSuspend,
  changeScopes,
  enrolledAdmins,
  recordScore,
  registerDelegate,
  registerRoot,
  reportCompromise,
  revokeDelegation,
  rotateKey,
  runAdminCommand,
  updateMetadata,
  type AgentProfile,
} from './demo-actions.ts';
import type { DemoWriter } from './demo-writer.ts';
import type { EventQueue } from './event-queue.ts';
import type { OrganisationPlan, PlannedAgent } from './plan-organisation.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, drawInstant } from './calendar.ts';
import {
  DELEGATION_REVOKE_REASONS,
  DRIFT_REASONS,
  DROP_REASONS,
  RECOVERY_REASONS,
  REINSTATE_REASONS,
  REVOKE_REASONS,
  SESSION_TTL_MINUTES,
  SUSPEND_REASONS,
} from './catalogue.ts';
import { drawDropScore, drawRoutineScore } from './trust-model.ts';

/**
 * The demo's events and what each one writes. Events run in time order from an `EventQueue`; each
 * re-checks the registry state it needs (an agent revoked meanwhile no longer authenticates, a
 * delegate whose parent was suspended is never registered) and does nothing when it no longer
 * applies, exactly as a registry would refuse the request.
 *
 * Policy for the story (issue 3): agents in `protectedAgents` (the planned sudden drops and key
 * compromises, their ancestors, and each tenant's depth-3 chain) are never picked by the random
 * admin events, so the story's outcomes happen at every scale and seed. Every admin revocation
 * cascades (a revoked parent with live descendants would be a finding in an otherwise clean log).
 */

export type DemoEvent =
  | { readonly kind: 'register'; readonly agent: number }
  | { readonly kind: 'session'; readonly agent: number }
  | { readonly kind: 'score'; readonly agent: number }
  | { readonly kind: 'drop'; readonly agent: number; readonly band: 'suspension' | 'human_approval'; readonly follow: 'reinstate' | 'revoke' | 'none' }
  | { readonly kind: 'recover-and-reinstate'; readonly agent: number; readonly drop: number }
  | { readonly kind: 'story-revoke'; readonly agent: number; readonly drop: number }
  | { readonly kind: 'story-cascade'; readonly agent: number }
  | { readonly kind: 'compromise'; readonly agent: number; readonly containFirst: boolean }
  | { readonly kind: 'reinstate'; readonly agent: string; readonly cascade: boolean }
  | { readonly kind: 'admin-suspend'; readonly tenant: number }
  | { readonly kind: 'admin-revoke'; readonly tenant: number; readonly multi: boolean }
  | { readonly kind: 'revoke-delegation'; readonly tenant: number }
  | { readonly kind: 'rotate'; readonly tenant: number }
  | { readonly kind: 'metadata'; readonly tenant: number }
  | { readonly kind: 'narrow'; readonly tenant: number }
  | { readonly kind: 'widen'; readonly tenant: number };

export interface DropRecord {
  agent: string;
  tenant: string;
  previousScore: number;
  score: number;
  band: TrustBand;
  index: number;
  suspensionIndex?: number;
  outcome: 'reinstated' | 'revoked' | 'suspended' | 'recovering';
}

export interface CompromiseRecord {
  agent: string;
  tenant: string;
  key: string;
  compromisedAt: string;
  index: number;
  newKey: string;
}

export interface DemoRun {
  readonly w: DemoWriter;
  readonly random: SeededRandom;
  readonly plan: OrganisationPlan;
  readonly tenantIds: readonly string[];
  readonly queue: EventQueue<DemoEvent>;
  /** Agent id by planned index, once registered. */
  readonly ids: (string | undefined)[];
  readonly indexOf: Map<string, number>;
  readonly protectedAgents: ReadonlySet<number>;
  readonly storyAgents: ReadonlySet<number>;
  /** Agents recovering from a drop: the score they climb back from, and since when. */
  readonly recovery: Map<number, { readonly fromMs: number; readonly fromScore: number }>;
  readonly drops: DropRecord[];
  readonly compromises: CompromiseRecord[];
  readonly endMs: number;
}

/** Runs one event at `atMs` (see the module comment). */
export function runDemoEvent(run: DemoRun, atMs: number, event: DemoEvent): void {
  switch (event.kind) {
    case 'register':
      return registerPlanned(run, event.agent, atMs);
    case 'session':
      return runSession(run, event.agent, atMs);
    case 'score':
      return runScore(run, event.agent, atMs);
    case 'drop':
      return runDrop(run, event, atMs);
    case 'recover-and-reinstate':
      return runRecovery(run, event.agent, event.drop, atMs);
    case 'story-revoke':
      return runStoryRevoke(run, event.agent, event.drop, atMs);
    case 'story-cascade':
      return runStoryCascade(run, event.agent, atMs);
    case 'compromise':
      return runCompromise(run, event.agent, event.containFirst, atMs);
    case 'reinstate':
      return runReinstate(run, event.agent, event.cascade, atMs);
    case 'admin-suspend':
      return runAdminSuspend(run, event.tenant, atMs);
    case 'admin-revoke':
      return runAdminRevoke(run, event.tenant, event.multi, atMs);
    case 'revoke-delegation':
      return runRevokeDelegation(run, event.tenant, atMs);
    case 'rotate':
      return runRotate(run, event.tenant, atMs);
    case 'metadata':
      return runMetadata(run, event.tenant, atMs);
    case 'narrow':
      return runNarrow(run, event.tenant, atMs);
    case 'widen':
      return runWiden(run, event.tenant, atMs);
  }
}

function planned(run: DemoRun, index: number): PlannedAgent {
  return run.plan.agents[index] as PlannedAgent;
}

function stateOf(run: DemoRun, index: number): AgentState | undefined {
  const id = run.ids[index];
  return id === undefined ? undefined : run.w.state.agents.get(id);
}

/** The agent's current key has been reported compromised (it may sign nothing until rotated). */
function keyCompromised(agent: AgentState): boolean {
  return agent.keys[agent.keys.length - 1]?.compromisedAt !== undefined;
}

function canSign(agent: AgentState): boolean {
  return agent.status === 'active' && !keyCompromised(agent);
}

function liveChildren(run: DemoRun, agent: AgentState): AgentState[] {
  return agent.children.map((id) => run.w.state.agents.get(id)).filter((c): c is AgentState => c !== undefined && c.status !== 'revoked');
}

/** Admins signing an `action` command for `tenant`: its threshold of them (all when it needs all). */
function commandSigners(run: DemoRun, tenant: string, action: AdminAction): string[] {
  const admins = enrolledAdmins(run.w, tenant);
  const needed = run.w.state.tenants.get(tenant)?.policy.thresholds[action] ?? 1;
  return needed >= admins.length ? admins : run.random.sample(admins, needed);
}

/** The registry logs a command seconds after a single admin issues it; a second approver takes minutes. */
function command(run: DemoRun, tenant: string, action: AdminAction, targets: string[], cascade: boolean, reason: { code: 'key_compromise' | 'policy_violation' | 'anomaly' | 'administrative' | 'other'; detail: string }, atMs: number): number {
  const signers = commandSigners(run, tenant, action);
  const r = run.random;
  const delayMs = signers.length > 1 ? r.int(40_000, 6 * MINUTE_MS) : r.int(600, 4_000);
  return runAdminCommand(run.w, r, tenant, action, { targets, cascade, reason, signers, atMs, delayMs, ttlMs: 10 * MINUTE_MS });
}

function tenantAgents(run: DemoRun, tenant: number, filter: (agent: AgentState, index: number) => boolean): AgentState[] {
  const out: AgentState[] = [];
  for (const index of run.plan.tenants[tenant]?.agents ?? []) {
    const agent = stateOf(run, index);
    if (agent !== undefined && filter(agent, index)) out.push(agent);
  }
  return out;
}

function registerPlanned(run: DemoRun, index: number, atMs: number): void {
  const { w, random } = run;
  const p = planned(run, index);
  const tenant = run.tenantIds[p.tenant] as string;
  const profile: AgentProfile = {
    display_name: p.displayName,
    description: p.description,
    purpose: p.template.purpose,
    version: p.version,
    capabilities: [...p.template.capabilities],
    scopes: [...p.scopes],
    ...(p.owner === undefined ? {} : { owner: p.owner }),
  };
  let id: string;
  if (p.parent === undefined) {
    // Most root agents are onboarded by an admin; the rest registered themselves through the API
    // and the registry vouches for its own authentication of the caller (§4.5).
    const admin = random.chance(0.6) ? random.pick(enrolledAdmins(w, tenant)) : undefined;
    id = registerRoot(w, random, tenant, profile, atMs, admin);
  } else {
    const parent = stateOf(run, p.parent);
    if (parent === undefined || !canSign(parent)) return;
    // The parent may have narrowed its scopes since the plan was made.
    const scopes = profile.scopes.filter((s) => scopesCovered(parent.scopes, [s]));
    if (scopes.length === 0) return;
    id = registerDelegate(w, random, parent.id, { ...profile, scopes }, atMs).child;
  }
  run.ids[index] = id;
  run.indexOf.set(id, index);
}

function runSession(run: DemoRun, index: number, atMs: number): void {
  const agent = stateOf(run, index);
  if (agent === undefined || !canSign(agent)) return;
  const r = run.random;
  const chosen = new Set(r.sample(agent.scopes, r.int(1, Math.min(3, agent.scopes.length))));
  const scopes = agent.scopes.filter((s) => chosen.has(s));
  authenticate(run.w, r, agent.id, scopes, atMs, r.pick(SESSION_TTL_MINUTES) * MINUTE_MS);
}

/** The score the registry's signals point to for planned agent `index` at `atMs`. */
function trustTarget(run: DemoRun, index: number, atMs: number): number {
  const p = planned(run, index);
  const recovering = run.recovery.get(index);
  if (recovering !== undefined) return Math.min(p.trust.mean, recovering.fromScore + ((atMs - recovering.fromMs) / DAY_MS) * 7);
  if (p.trust.kind === 'healthy' || atMs < p.trust.driftStartMs) return p.trust.mean;
  const progress = Math.min(1, (atMs - p.trust.driftStartMs) / Math.max(1, run.endMs - p.trust.driftStartMs));
  return p.trust.mean - (p.trust.mean - p.trust.endScore) * progress;
}

function runScore(run: DemoRun, index: number, atMs: number): void {
  const agent = stateOf(run, index);
  // The registry scores agents in service; suspended ones are re-assessed by people.
  if (agent === undefined || agent.status !== 'active') return;
  const score = drawRoutineScore(run.random, trustTarget(run, index, atMs));
  const reason = score.score < 70 ? run.random.pick(DRIFT_REASONS) : undefined;
  recordScore(run.w, agent.id, score, atMs, reason);
}

function runDrop(run: DemoRun, event: Extract<DemoEvent, { kind: 'drop' }>, atMs: number): void {
  const { w, random } = run;
  const agent = stateOf(run, event.agent);
  if (agent === undefined || agent.status !== 'active') return;
  const previousScore = agent.trust.last?.score ?? planned(run, event.agent).trust.mean;
  const score = drawDropScore(random, event.band);
  const index = recordScore(w, agent.id, score, atMs, random.pick(DROP_REASONS));
  const record: DropRecord = { agent: agent.id, tenant: agent.tenant, previousScore, score: score.score, band: score.band, index, outcome: 'recovering' };
  run.drops.push(record);
  if (score.band !== 'suspension') {
    run.recovery.set(event.agent, { fromMs: w.clockMs, fromScore: score.score });
    return;
  }
  // The registry MUST suspend an agent whose latest score is in 0–29 (§4.14): at once.
  record.suspensionIndex = autoSuspend(w, agent.id, w.clockMs + random.int(150, 900));
  record.outcome = 'suspended';
  const drop = run.drops.length - 1;
  const clamp = (ms: number): number => Math.min(ms, run.endMs);
  if (event.follow === 'reinstate') {
    run.queue.push(clamp(drawInstant(random, w.clockMs + 20 * HOUR_MS, w.clockMs + 44 * HOUR_MS, true)), { kind: 'recover-and-reinstate', agent: event.agent, drop });
  } else if (event.follow === 'revoke') {
    run.queue.push(clamp(drawInstant(random, w.clockMs + 4 * HOUR_MS, w.clockMs + 28 * HOUR_MS, true)), { kind: 'story-revoke', agent: event.agent, drop });
  }
}

function runRecovery(run: DemoRun, index: number, drop: number, atMs: number): void {
  const { w, random } = run;
  const agent = stateOf(run, index);
  if (agent === undefined || agent.status !== 'suspended') return;
  // People re-assess the suspended agent, the registry records the new score, then the admins
  // reinstate it under the tenant's reinstate quorum.
  const score = drawRoutineScore(random, random.int(72, 80));
  recordScore(w, agent.id, score, atMs, random.pick(RECOVERY_REASONS));
  const detail = 'Investigation closed: trust re-assessed in the normal band; back in service.';
  command(run, agent.tenant, 'reinstate', [agent.id], false, { code: 'administrative', detail }, w.clockMs + random.int(5, 50) * MINUTE_MS);
  run.recovery.set(index, { fromMs: w.clockMs, fromScore: score.score });
  const record = run.drops[drop];
  if (record !== undefined) record.outcome = 'reinstated';
}

function runStoryRevoke(run: DemoRun, index: number, drop: number, atMs: number): void {
  const agent = stateOf(run, index);
  if (agent === undefined || agent.status === 'revoked') return;
  const detail = 'Investigation confirmed misuse after the sudden trust-score drop; agent and delegates retired.';
  command(run, agent.tenant, 'revoke', [agent.id], true, { code: 'anomaly', detail }, atMs);
  const record = run.drops[drop];
  if (record !== undefined) record.outcome = 'revoked';
}

function runStoryCascade(run: DemoRun, index: number, atMs: number): void {
  const agent = stateOf(run, index);
  if (agent === undefined || agent.status === 'revoked') return;
  const detail = 'The pipeline shared customer data with an unapproved vendor; the orchestrator and all its delegates are revoked.';
  command(run, agent.tenant, 'revoke', [agent.id], true, { code: 'policy_violation', detail }, atMs);
}

function runCompromise(run: DemoRun, index: number, containFirst: boolean, atMs: number): void {
  const { w, random } = run;
  const agent = stateOf(run, index);
  if (agent === undefined || !canSign(agent)) return;
  const tenant = agent.tenant;
  const [first, second] = random.sample(enrolledAdmins(w, tenant), 2);
  const record = agent.keys[agent.keys.length - 1];
  if (record === undefined || first === undefined) return;
  if (containFirst) {
    const detail = 'Owner reported the agent’s host image, key included, pushed to a public registry; contained until the key is rotated.';
    command(run, tenant, 'suspend', [agent.id], false, { code: 'key_compromise', detail }, atMs);
  }
  const reportMs = Math.max(atMs, w.clockMs + 1) + random.int(2, 12) * MINUTE_MS;
  // The key leaked after its last legitimate use, so nothing in the log was signed by the thief:
  // the log stays clean for the second pass of §5.4.
  const lastUsedMs = timestampMs(record.lastUsed?.time ?? agent.registered.time);
  const compromisedAtMs = Math.max(lastUsedMs + 1, reportMs - random.int(2, 8) * HOUR_MS);
  const reason = containFirst
    ? 'Host image with the private key was published to a public container registry.'
    : 'Private key found in a public source repository by the secret-scanning service.';
  const reported = reportCompromise(w, agent.id, record.key, compromisedAtMs, reason, first, reportMs);
  // Recovery: only an admin can rotate away from a reported key (§4.7).
  const newKey = rotateKey(w, random, agent.id, w.clockMs + random.int(3, 25) * MINUTE_MS, second ?? first);
  const reportedEntry = agentOf(w, agent.id).keys.find((k) => k.key === record.key);
  run.compromises.push({ agent: agent.id, tenant, key: record.key, compromisedAt: reportedEntry?.compromisedAt ?? '', index: reported, newKey });
  if (containFirst) {
    run.queue.push(Math.min(run.endMs, drawInstant(random, w.clockMs + 16 * HOUR_MS, w.clockMs + 30 * HOUR_MS, true)), {
      kind: 'reinstate',
      agent: agent.id,
      cascade: false,
    });
  }
}

function runReinstate(run: DemoRun, id: string, cascade: boolean, atMs: number): void {
  const agent = run.w.state.agents.get(id);
  if (agent === undefined || agent.status !== 'suspended' || agent.statusRecord.by !== 'admin') return;
  command(run, agent.tenant, 'reinstate', [id], cascade, { code: 'administrative', detail: run.random.pick(REINSTATE_REASONS) }, atMs);
}

function unprotected(run: DemoRun, index: number): boolean {
  return !run.protectedAgents.has(index);
}

function runAdminSuspend(run: DemoRun, tenant: number, atMs: number): void {
  const r = run.random;
  const candidates = tenantAgents(run, tenant, (a, i) => a.status === 'active' && unprotected(run, i));
  if (candidates.length === 0) return;
  const parents = candidates.filter((a) => liveChildren(run, a).length > 0);
  const target = parents.length > 0 && r.chance(0.4) ? r.pick(parents) : r.pick(candidates);
  const cascade = liveChildren(run, target).length > 0 && r.chance(0.6);
  const reason = r.pick(SUSPEND_REASONS);
  command(run, target.tenant, 'suspend', [target.id], cascade, { ...reason }, atMs);
  if (r.chance(0.6)) {
    const at = drawInstant(r, run.w.clockMs + 20 * HOUR_MS, run.w.clockMs + 4 * DAY_MS, true);
    if (at < run.endMs) run.queue.push(at, { kind: 'reinstate', agent: target.id, cascade });
  }
}

function runAdminRevoke(run: DemoRun, tenant: number, multi: boolean, atMs: number): void {
  const r = run.random;
  const candidates = tenantAgents(run, tenant, (a, i) => a.status !== 'revoked' && unprotected(run, i));
  if (candidates.length === 0) return;
  if (multi) {
    // Retire several instances of one kind of agent in one command.
    const bySlug = new Map<string, AgentState[]>();
    for (const a of candidates) {
      const slug = planned(run, run.indexOf.get(a.id) as number).template.slug;
      bySlug.set(slug, [...(bySlug.get(slug) ?? []), a]);
    }
    const groups = [...bySlug.entries()].filter(([, list]) => list.length >= 2);
    if (groups.length > 0) {
      const [slug, list] = r.pick(groups);
      const targets = r.sample(list, Math.min(list.length, r.int(2, 3))).map((a) => a.id);
      const detail = `Retired ${targets.length} ${slug} instances after the workload moved to a managed service.`;
      command(run, list[0]?.tenant as string, 'revoke', targets, true, { code: 'administrative', detail }, atMs);
      return;
    }
  }
  const parents = candidates.filter((a) => liveChildren(run, a).length > 0);
  const target = parents.length > 0 && r.chance(0.5) ? r.pick(parents) : r.pick(candidates);
  command(run, target.tenant, 'revoke', [target.id], true, { ...r.pick(REVOKE_REASONS) }, atMs);
}

function runRevokeDelegation(run: DemoRun, tenant: number, atMs: number): void {
  const { w, random } = run;
  const tenantId = run.tenantIds[tenant];
  const candidates = [...w.state.delegations.values()].filter((d) => {
    if (d.tenant !== tenantId || d.revoked !== undefined || d.registered === undefined) return false;
    const child = w.state.agents.get(d.child);
    const parent = w.state.agents.get(d.parent);
    const childIndex = run.indexOf.get(d.child);
    return child !== undefined && child.status !== 'revoked' && childIndex !== undefined && unprotected(run, childIndex) && parent !== undefined && canSign(parent);
  });
  if (candidates.length === 0) return;
  revokeDelegation(w, random.pick(candidates).id, random.pick(DELEGATION_REVOKE_REASONS), atMs);
}

function runRotate(run: DemoRun, tenant: number, atMs: number): void {
  const candidates = tenantAgents(run, tenant, (a, i) => canSign(a) && !run.storyAgents.has(i));
  if (candidates.length > 0) rotateKey(run.w, run.random, run.random.pick(candidates).id, atMs);
}

function bumpVersion(random: SeededRandom, version: string | undefined): string {
  const [major = 1, minor = 0, patch = 0] = (version ?? '1.0.0').split('.').map((n) => Number.parseInt(n, 10) || 0);
  return random.chance(0.7) ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
}

function runMetadata(run: DemoRun, tenant: number, atMs: number): void {
  const { w, random } = run;
  if (random.chance(0.7)) {
    // A new release: the agent reports its own version.
    const candidates = tenantAgents(run, tenant, (a) => canSign(a));
    if (candidates.length === 0) return;
    const agent = random.pick(candidates);
    updateMetadata(w, agent.id, { version: bumpVersion(random, agent.version) }, atMs);
    return;
  }
  // Ownership moves to another person: an admin updates the inventory.
  const people = run.plan.tenants[tenant]?.people ?? [];
  const candidates = tenantAgents(run, tenant, (a) => a.status !== 'revoked');
  if (candidates.length === 0 || people.length < 2) return;
  const agent = random.pick(candidates);
  const owner = random.pick(people.filter((p) => p !== agent.owner));
  updateMetadata(w, agent.id, { owner }, atMs, random.pick(enrolledAdmins(w, agent.tenant)));
}

function runNarrow(run: DemoRun, tenant: number, atMs: number): void {
  const { random } = run;
  const candidates = tenantAgents(run, tenant, (a) => canSign(a) && a.scopes.length >= 2);
  if (candidates.length === 0) return;
  const agent = random.pick(candidates);
  const children = liveChildren(run, agent);
  // Drop a scope no live child depends on (§5.2 CHILD_SCOPES_EXCEED).
  const droppable = agent.scopes.filter((s) => {
    const rest = agent.scopes.filter((x) => x !== s);
    return children.every((c) => scopesCovered(rest, c.scopes));
  });
  if (droppable.length === 0) return;
  const drop = random.pick(droppable);
  changeScopes(run.w, agent.id, agent.scopes.filter((s) => s !== drop), atMs);
}

function runWiden(run: DemoRun, tenant: number, atMs: number): void {
  const { w, random } = run;
  const extra = run.plan.tenants[tenant]?.profile.extraScopes ?? [];
  const candidates = tenantAgents(run, tenant, (a) => a.status !== 'revoked' && a.depth === 0 && !a.scopes.includes(ALL_SCOPES) && a.scopes.length < 64);
  if (candidates.length === 0) return;
  const agent = random.pick(candidates);
  const missing = extra.filter((s) => !agent.scopes.includes(s));
  if (missing.length === 0) return;
  // Only an admin widens an agent's scopes (§5.2); roots are bounded by no parent.
  changeScopes(w, agent.id, [...agent.scopes, random.pick(missing)], atMs, random.pick(enrolledAdmins(w, agent.tenant)));
}
