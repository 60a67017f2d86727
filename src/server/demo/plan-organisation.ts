import { ALL_SCOPES, scopeCovers } from '../../core/log/scope.ts';
import type { SeededRandom } from '../../core/log/prng.ts';
import { DEMO_TENANTS, FIRST_NAMES, LAST_NAMES, type AgentTemplate, type TenantProfile } from './catalogue.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './calendar.ts';

/**
 * Plans the demo organisation before anything is written: per tenant, its people (agent owners) and
 * its agents as a delegation forest (docs/protocol.md §4.10: one parent per agent, depth at most 3),
 * each agent with its template, profile, scopes, registration time, activity level and trust
 * profile.
 *
 * Policy:
 * - about 2,000 agents at scale 1, split by the tenants' shares, at least 16 per tenant;
 * - the first four agents of each tenant form a root → depth 3 chain, so every tenant reaches the
 *   protocol's depth limit at any scale, and the next two a root with one delegate; otherwise 55%
 *   roots and 45% delegates (depth 1/2/3 at 55/30/15%);
 * - a delegate's scopes are its template's scopes that its parent's cover (never `*:*`); parents
 *   always register first;
 * - 80% of agents register during the first 2.5 days (the initial inventory), the rest over the
 *   month; about 3% have no owner (an inventory finding, docs/protocol.md §4.5).
 */

export type TrustProfile =
  | { readonly kind: 'healthy'; readonly mean: number }
  | { readonly kind: 'drifting'; readonly mean: number; readonly driftStartMs: number; readonly endScore: number };

export interface PlannedAgent {
  readonly index: number;
  readonly tenant: number;
  readonly template: AgentTemplate;
  readonly parent?: number;
  readonly depth: number;
  readonly displayName: string;
  readonly owner?: string;
  readonly version: string;
  readonly description: string;
  readonly scopes: readonly string[];
  readonly registerAt: number;
  /** Expected sessions per day. */
  readonly sessionsPerDay: number;
  readonly trust: TrustProfile;
  readonly children: number[];
  /** Whether this agent may delegate (planned with depth < 3, no `*:*`, not a leaf template). */
  readonly canDelegate: boolean;
}

export interface PlannedTenant {
  readonly index: number;
  readonly profile: TenantProfile;
  /** Owner email addresses on the tenant's domain. */
  readonly people: readonly string[];
  /** Planned agent indices of this tenant. */
  readonly agents: readonly number[];
}

export interface OrganisationPlan {
  readonly tenants: readonly PlannedTenant[];
  readonly agents: readonly PlannedAgent[];
}

export const MIN_AGENTS_PER_TENANT = 16;
const AGENTS_AT_SCALE_1 = 2000;
const INITIAL_WAVE_MS = 2.5 * DAY_MS;

/** The agent count of each demo tenant at `scale`. */
export function tenantAgentCounts(scale: number): number[] {
  return DEMO_TENANTS.map((t) => Math.max(MIN_AGENTS_PER_TENANT, Math.round(AGENTS_AT_SCALE_1 * scale * t.share)));
}

/**
 * Plans the organisation for the window [startMs, endMs] (see the policy above). Deterministic in
 * `random`'s state.
 */
export function planOrganisation(random: SeededRandom, scale: number, startMs: number, endMs: number): OrganisationPlan {
  const agents: PlannedAgent[] = [];
  const counts = tenantAgentCounts(scale);
  const tenants = DEMO_TENANTS.map((profile, index): PlannedTenant => {
    const people = planPeople(random, profile, counts[index] as number);
    const owners = new Map<string, string[]>();
    for (const template of [...profile.roots, ...profile.delegates]) owners.set(template.slug, random.sample(people, Math.min(people.length, random.int(2, 4))));
    const ids = planTenantAgents(random, { profile, index, count: counts[index] as number, owners, agents, startMs, endMs });
    return { index, profile, people, agents: ids };
  });
  return { tenants, agents };
}

function planPeople(random: SeededRandom, profile: TenantProfile, agentCount: number): string[] {
  const wanted = Math.min(FIRST_NAMES.length * LAST_NAMES.length, Math.max(8, Math.round(agentCount / 14)));
  const people = new Set<string>();
  while (people.size < wanted) {
    people.add(`${random.pick(FIRST_NAMES).toLowerCase()}.${random.pick(LAST_NAMES).toLowerCase()}@${profile.domain}`);
  }
  return [...people];
}

interface TenantPlanInput {
  readonly profile: TenantProfile;
  readonly index: number;
  readonly count: number;
  readonly owners: ReadonlyMap<string, readonly string[]>;
  readonly agents: PlannedAgent[];
  readonly startMs: number;
  readonly endMs: number;
}

function planTenantAgents(random: SeededRandom, input: TenantPlanInput): number[] {
  const { profile, agents } = input;
  const ids: number[] = [];
  const parentsByDepth: number[][] = [[], [], []];
  const instances = new Map<string, number>();
  const names = new Map<string, number>();
  const majors = new Map<string, number>();
  for (let k = 0; k < input.count; k++) {
    const forced = FORCED_SHAPE[k];
    let depth = forced?.depth ?? chooseDepth(random);
    while (depth > 0 && (parentsByDepth[depth - 1] as number[]).length === 0) depth--;
    const parent =
      depth === 0 ? undefined : forced?.parent !== undefined ? (ids[forced.parent] as number) : random.pick(parentsByDepth[depth - 1] as number[]);
    const parentPlan = parent === undefined ? undefined : (agents[parent] as PlannedAgent);
    const { template, scopes } =
      parentPlan === undefined ? chooseRoot(random, profile, instances, forced !== undefined) : chooseDelegate(random, profile, parentPlan);
    instances.set(template.slug, (instances.get(template.slug) ?? 0) + 1);
    const region = random.pick(profile.regions);
    const nameKey = `${template.slug}-${region}`;
    const serial = (names.get(nameKey) ?? 0) + 1;
    names.set(nameKey, serial);
    if (!majors.has(template.slug)) majors.set(template.slug, random.int(1, 4));
    const registerAt = planRegistration(random, input, parentPlan, forced !== undefined);
    const canDelegate = depth < 3 && template.leaf !== true && !scopes.includes(ALL_SCOPES);
    const index = agents.length;
    const owners = input.owners.get(template.slug) ?? [];
    const plan: PlannedAgent = {
      index,
      tenant: input.index,
      template,
      depth,
      displayName: `${nameKey}-${String(serial).padStart(2, '0')}`,
      version: `${majors.get(template.slug) as number}.${random.int(0, 12)}.${random.int(0, 20)}`,
      description: `${template.description} Serves the ${region.toUpperCase()} region.`,
      scopes,
      registerAt,
      sessionsPerDay: chooseActivity(random),
      trust: chooseTrustProfile(random, registerAt, input.endMs),
      children: [],
      canDelegate,
      ...(parent === undefined ? {} : { parent }),
      // About 3% have no owner: an inventory finding the app reports.
      ...(owners.length > 0 && random.chance(0.97) ? { owner: random.pick(owners) } : {}),
    };
    agents.push(plan);
    ids.push(index);
    parentPlan?.children.push(index);
    if (canDelegate) (parentsByDepth[depth] as number[]).push(index);
  }
  return ids;
}

/**
 * The first agents of every tenant, by position: a root → depth-3 chain (agents 0–3) and a root
 * with one delegate (agents 4–5), all in the initial wave, so every tenant has a full-depth chain
 * and a small tree for the story's cascading kill at any scale.
 */
const FORCED_SHAPE: readonly { readonly depth: number; readonly parent?: number }[] = [
  { depth: 0 },
  { depth: 1, parent: 0 },
  { depth: 2, parent: 1 },
  { depth: 3, parent: 2 },
  { depth: 0 },
  { depth: 1, parent: 4 },
];

function chooseDepth(random: SeededRandom): number {
  if (random.chance(0.55)) return 0;
  const r = random.nextUint32() / 2 ** 32;
  return r < 0.55 ? 1 : r < 0.85 ? 2 : 3;
}

function chooseRoot(
  random: SeededRandom,
  profile: TenantProfile,
  instances: ReadonlyMap<string, number>,
  mustDelegate: boolean,
): { template: AgentTemplate; scopes: string[] } {
  const choices = profile.roots.filter(
    (t) => (t.maxInstances === undefined || (instances.get(t.slug) ?? 0) < t.maxInstances) && !(mustDelegate && t.leaf === true),
  );
  const template = random.pick(choices);
  const scopes = [...template.scopes];
  // Some deployments hold a little less than their template.
  if (scopes.length >= 3 && random.chance(0.35)) scopes.splice(random.int(0, scopes.length - 1), 1);
  return { template, scopes };
}

function coveredBy(parentScopes: readonly string[], scopes: readonly string[]): string[] {
  return scopes.filter((s) => s !== ALL_SCOPES && parentScopes.some((p) => scopeCovers(p, s)));
}

function chooseDelegate(random: SeededRandom, profile: TenantProfile, parent: PlannedAgent): { template: AgentTemplate; scopes: string[] } {
  const preferred = parent.template.delegates ?? [];
  const usable = (t: AgentTemplate): boolean => coveredBy(parent.scopes, t.scopes).length > 0;
  let choices = profile.delegates.filter((t) => preferred.includes(t.slug) && usable(t));
  if (choices.length === 0) choices = profile.delegates.filter(usable);
  if (choices.length === 0) {
    // Nothing in the catalogue fits: a generic worker with a part of the parent's scopes.
    const template = random.pick(profile.delegates);
    const own = parent.scopes.filter((s) => s !== ALL_SCOPES);
    return { template, scopes: random.sample(own, random.int(1, Math.min(2, own.length))) };
  }
  const template = random.pick(choices);
  const scopes = coveredBy(parent.scopes, template.scopes);
  if (scopes.length >= 2 && random.chance(0.25)) scopes.splice(random.int(0, scopes.length - 1), 1);
  return { template, scopes };
}

function planRegistration(random: SeededRandom, input: TenantPlanInput, parent: PlannedAgent | undefined, initial: boolean): number {
  const { startMs, endMs } = input;
  const lateSpan = Math.max(HOUR_MS, endMs - startMs - INITIAL_WAVE_MS - 2 * DAY_MS);
  const own =
    initial || random.chance(0.8)
      ? startMs + HOUR_MS + random.int(0, INITIAL_WAVE_MS - HOUR_MS)
      : startMs + INITIAL_WAVE_MS + random.int(0, lateSpan);
  return parent === undefined ? own : Math.max(own, parent.registerAt + random.int(2 * MINUTE_MS, 40 * MINUTE_MS));
}

function chooseActivity(random: SeededRandom): number {
  const r = random.nextUint32() / 2 ** 32;
  const base = r < 0.35 ? 0.12 : r < 0.8 ? 0.45 : 1.3;
  return base * (0.7 + 0.6 * (random.nextUint32() / 2 ** 32));
}

function chooseTrustProfile(random: SeededRandom, registerAt: number, endMs: number): TrustProfile {
  const mean = random.int(83, 96);
  if (!random.chance(0.07)) return { kind: 'healthy', mean };
  const driftStartMs = registerAt + Math.floor((endMs - registerAt) * 0.5 * (random.nextUint32() / 2 ** 32));
  return { kind: 'drifting', mean, driftStartMs, endScore: random.int(36, 62) };
}
