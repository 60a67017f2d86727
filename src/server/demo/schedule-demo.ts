import { ProtocolError } from '../../core/errors.ts';
import type { SeededRandom } from '../../core/log/prng.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, drawInstant } from './calendar.ts';
import type { DemoEvent } from './demo-run.ts';
import type { EventQueue } from './event-queue.ts';
import type { OrganisationPlan, PlannedAgent } from './plan-organisation.ts';

/**
 * Puts the demo's 30 days on the calendar: every planned agent's registration, sessions and
 * periodic trust scores, the story (sudden drops, the two key compromises) and the admins' routine
 * work (rotations, releases, ownership changes, scope changes, suspensions, reinstatements,
 * revocations, delegation revocations).
 *
 * Policy (issue 3): exactly two compromised keys at every scale; max(3, 6·scale) sudden drops of
 * which two thirds fall into 0–29 (automatic suspension) and are then reinstated, revoked or left
 * suspended in turn, and the rest into 30–49; story agents are leaves registered in the initial
 * wave, spread over the tenants starting with the 2-of-2 tenant; the first three suspensions and
 * revocations go one to each tenant, so the 2-of-2 tenant's log shows doubly signed kills.
 */

export interface DemoStory {
  /** Planned indices of the story's agents. */
  readonly storyAgents: ReadonlySet<number>;
  /** Story agents, their planned ancestors and each tenant's depth-3 chain: random admin events avoid them. */
  readonly protectedAgents: ReadonlySet<number>;
}

interface ScheduleInput {
  readonly random: SeededRandom;
  readonly plan: OrganisationPlan;
  readonly queue: EventQueue<DemoEvent>;
  readonly scale: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** Schedules everything (see the policy above) and returns the story's agents. */
export function scheduleDemo(input: ScheduleInput): DemoStory {
  for (const agent of input.plan.agents) scheduleAgent(input, agent);
  const story = scheduleStory(input);
  scheduleRoutine(input);
  return story;
}

function scheduleAgent(input: ScheduleInput, agent: PlannedAgent): void {
  const { random, queue, endMs } = input;
  queue.push(agent.registerAt, { kind: 'register', agent: agent.index });
  const from = agent.registerAt + 2 * MINUTE_MS;
  if (from >= endMs) return;
  const days = (endMs - from) / DAY_MS;
  const expected = agent.sessionsPerDay * days;
  const sessions = Math.floor(expected * (0.75 + 0.5 * (random.nextUint32() / 2 ** 32)) + random.nextUint32() / 2 ** 32);
  for (let i = 0; i < sessions; i++) queue.push(drawInstant(random, from, endMs), { kind: 'session', agent: agent.index });
  // The registry re-scores every agent every 2.5–4 days, the first time within a day of registration.
  for (let at = agent.registerAt + random.int(4 * HOUR_MS, 30 * HOUR_MS); at < endMs; at += random.int(60 * HOUR_MS, 96 * HOUR_MS)) {
    queue.push(at, { kind: 'score', agent: agent.index });
  }
}

function scheduleStory(input: ScheduleInput): DemoStory {
  const { random, plan, queue, scale, startMs } = input;
  const chains = plan.tenants.flatMap((t) => t.agents.slice(0, 4));
  const chainSet = new Set(chains);
  const pools = plan.tenants.map((t) =>
    t.agents.filter((i) => {
      const a = plan.agents[i] as PlannedAgent;
      return a.children.length === 0 && a.registerAt < startMs + 2.6 * DAY_MS && a.sessionsPerDay >= 0.3 && a.template.leaf !== true && a.trust.kind === 'healthy' && !chainSet.has(i);
    }),
  );
  const take = (tenant: number): number => {
    for (let k = 0; k < pools.length; k++) {
      const pool = pools[(tenant + k) % pools.length] as number[];
      if (pool.length > 0) return pool.splice(random.int(0, pool.length - 1), 1)[0] as number;
    }
    throw new ProtocolError('INVALID_ARGUMENT', 'the demo has too few agents for its story');
  };
  const story: number[] = [];
  const protectedAgents = new Set<number>(chains);
  // The kill the demo is about: the 2-of-2 tenant revokes a whole delegation tree at once.
  const tree = chooseCascadeTree(input, chainSet);
  if (tree !== undefined) {
    for (const index of tree) protectedAgents.add(index);
    for (const pool of pools) for (const index of tree) if (pool.includes(index)) pool.splice(pool.indexOf(index), 1);
    const at = drawInstant(random, startMs + 21 * DAY_MS, startMs + 22 * DAY_MS, true);
    queue.push(at, { kind: 'story-cascade', agent: tree[0] as number });
  }
  const drops = Math.max(3, Math.round(6 * scale));
  const toSuspension = drops - Math.max(1, Math.floor(drops / 3));
  const follows = ['reinstate', 'revoke', 'none'] as const;
  for (let i = 0; i < drops; i++) {
    const agent = take(i % plan.tenants.length);
    story.push(agent);
    const day = 5 + (22 * (i + 0.5)) / drops;
    const at = drawInstant(random, startMs + Math.floor((day - 0.3) * DAY_MS), startMs + Math.floor((day + 0.3) * DAY_MS));
    const event: DemoEvent =
      i < toSuspension
        ? { kind: 'drop', agent, band: 'suspension', follow: follows[i % follows.length] as (typeof follows)[number] }
        : { kind: 'drop', agent, band: 'human_approval', follow: 'none' };
    queue.push(at, event);
  }
  // Exactly two compromised keys: one found by secret scanning (health-tech), one reported by its
  // owner and contained with a suspension first (logistics).
  const compromises: [number, number, boolean][] = [
    [1, 9, false],
    [2, 18, true],
  ];
  for (const [tenant, day, containFirst] of compromises) {
    const agent = take(tenant % plan.tenants.length);
    story.push(agent);
    queue.push(drawInstant(random, startMs + day * DAY_MS, startMs + (day + 1) * DAY_MS, true), { kind: 'compromise', agent, containFirst });
  }
  for (const index of story) {
    for (let i: number | undefined = index; i !== undefined; i = plan.agents[i]?.parent) protectedAgents.add(i);
  }
  return { storyAgents: new Set(story), protectedAgents };
}

/** Planned descendants of `index`, breadth-first. */
function plannedDescendants(plan: OrganisationPlan, index: number): number[] {
  const out: number[] = [];
  const queue = [...(plan.agents[index]?.children ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const child = queue[i] as number;
    out.push(child);
    queue.push(...(plan.agents[child]?.children ?? []));
  }
  return out;
}

/**
 * A root of the first tenant, outside the depth-3 chain, registered in the initial wave with at
 * least one delegate registered then too: [root, ...planned descendants]. Small trees whose members
 * all register in the initial wave are preferred. Planned agents 4–5 of every tenant always
 * qualify (plan-organisation.ts), so this finds one at every scale.
 */
function chooseCascadeTree(input: ScheduleInput, chain: ReadonlySet<number>): number[] | undefined {
  const { plan, random, startMs } = input;
  const initial = (i: number): boolean => (plan.agents[i]?.registerAt ?? Infinity) < startMs + 2.6 * DAY_MS;
  const trees = (plan.tenants[0]?.agents ?? [])
    .filter((i) => plan.agents[i]?.depth === 0 && !chain.has(i) && initial(i) && (plan.agents[i]?.children ?? []).some(initial))
    .map((i) => [i, ...plannedDescendants(plan, i)]);
  const small = trees.filter((tree) => tree.length <= 12 && tree.every(initial));
  return small.length > 0 ? random.pick(small) : trees.length > 0 ? random.pick(trees) : undefined;
}

function scheduleRoutine(input: ScheduleInput): void {
  const { random, plan, queue, scale, startMs, endMs } = input;
  const from = startMs + 3 * DAY_MS;
  const to = endMs - 2 * HOUR_MS;
  const weights = plan.tenants.map((t) => t.agents.length);
  const total = weights.reduce((a, b) => a + b, 0);
  const weightedTenant = (): number => {
    let x = random.int(0, total - 1);
    for (let t = 0; t < weights.length; t++) {
      if (x < (weights[t] as number)) return t;
      x -= weights[t] as number;
    }
    return 0;
  };
  const spread = (count: number, make: (tenant: number, i: number) => DemoEvent, roundRobin = false): void => {
    for (let i = 0; i < count; i++) {
      const tenant = roundRobin && i < plan.tenants.length ? i : weightedTenant();
      queue.push(drawInstant(random, from, to, true), make(tenant, i));
    }
  };
  spread(Math.round(60 * scale), (tenant) => ({ kind: 'rotate', tenant }));
  spread(Math.round(200 * scale), (tenant) => ({ kind: 'metadata', tenant }));
  spread(Math.round(25 * scale), (tenant) => ({ kind: 'narrow', tenant }));
  spread(Math.max(1, Math.round(10 * scale)), (tenant) => ({ kind: 'widen', tenant }));
  spread(Math.max(3, Math.round(8 * scale)), (tenant) => ({ kind: 'admin-suspend', tenant }), true);
  spread(Math.max(3, Math.round(10 * scale)), (tenant) => ({ kind: 'admin-revoke', tenant, multi: false }), true);
  spread(1, (tenant) => ({ kind: 'admin-revoke', tenant, multi: true }));
  spread(Math.max(2, Math.round(10 * scale)), (tenant) => ({ kind: 'revoke-delegation', tenant }));
}
