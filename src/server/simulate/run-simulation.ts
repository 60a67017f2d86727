/**
 * `runSimulation`: drives a RUNNING registry over HTTP with realistic traffic (issue 3 "Demo and
 * simulation"), for load and for large logs.
 *
 * What it does, in order:
 * 1. reads `GET /v1/registry` (origin, tree size);
 * 2. registers `agents` agents in the admin's tenant through `POST /v1/statements`: roots co-signed
 *    by the admin, and about a third as delegates (`delegation.granted` by the parent, then the
 *    child's `agent.registered`), level by level so every parent is logged before its children;
 * 3. runs `days` activity rounds per agent. A round is one of: a session (challenge → the agent
 *    signs → answer, §11.6), a trust signal (operator, §11.7; now and then a sudden drop that the
 *    registry turns into an automatic suspension), a metadata update, a key rotation or a scope
 *    change. Sessions and trust signals go one by one, paced under the registry's per-client rate
 *    limits; the others are batched. When the one-by-one lane is saturated a round falls back to a
 *    batched kind, so high rates are carried by the batch endpoint.
 *
 * Policy:
 * - the whole run is paced to `rate` statements per second (token bucket) and bounded by
 *   `maxSeconds` and the abort signal: at the limit no new request starts, in-flight ones finish
 *   (each has a timeout), so every entry the registry logged is counted;
 * - at most one request per agent is in flight, and each agent's statements travel in one lane in
 *   order, so no statement can race its agent's key rotation or an earlier control statement;
 * - a refused request changes nothing in the model (its effects are committed only on success) and
 *   is counted by error code; a 429 waits `Retry-After` and retries (at most 5 times);
 * - statement times are the current clock (the registry refuses times more than 5 minutes away,
 *   STATEMENT_NOT_FRESH): "days" are rounds of activity, not backdated history.
 */
import { base64UrlToBytes, bytesToBase64Url } from '../../core/encoding/index.ts';
import { SeededRandom } from '../../core/log/prng.ts';
import { TRUST_FACTOR_NAMES, type TrustFactors } from '../../core/trust/score.ts';
import { ANOMALY_FLAGS, DRIFT_REASONS, DROP_REASONS, SESSION_TTL_MINUTES } from '../demo/catalogue.ts';
import { Pacer, sleep } from './pacer.ts';
import {
  metadataStatement,
  planAgents,
  registrationStatements,
  rotationStatement,
  scopesStatement,
  signChallenge,
  type SimAgent,
  type SimStatement,
} from './sim-agents.ts';
import type { SimCredentials } from './sim-credentials.ts';
import { answerErrorCode, answerErrorMessage, SimHttpClient, type SimAnswer } from './sim-http.ts';

export interface SimulationOptions {
  /** The registry's base URL (already checked by `checkRegistryUrl`). */
  readonly registry: URL;
  readonly credentials: SimCredentials;
  readonly agents: number;
  /** Activity rounds per agent. */
  readonly days: number;
  /** Target statements per second. */
  readonly rate: number;
  /** Text every key, id and choice derives from. */
  readonly seed: string;
  readonly maxSeconds: number;
  /** Batch lanes (concurrent batch requests); default 6. */
  readonly concurrency?: number;
  /** Statements per batch request (default from the rate: about 4 requests per lane per second, at most 1,000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SimulationProgress) => void;
  readonly progressIntervalMs?: number;
}

export interface SimulationProgress {
  readonly phase: 'register' | 'activity';
  readonly elapsedSeconds: number;
  readonly entries: number;
  /** Entries per second over the last interval. */
  readonly recentRate: number;
  readonly agentsRegistered: number;
  readonly roundsDone: number;
  readonly roundsPlanned: number;
}

export type SimulationStop = 'completed' | 'cancelled' | 'time_limit';

export interface SimulationSummary {
  readonly ok: boolean;
  readonly stopped: SimulationStop;
  readonly registry: string;
  readonly origin: string;
  readonly tenant: string;
  readonly seed: string;
  readonly agents: { readonly planned: number; readonly registered: number; readonly delegated: number };
  readonly rounds: { readonly planned: number; readonly done: number };
  /** Entries the registry answered as logged, by this run. */
  readonly entries: number;
  readonly entries_by_type: Readonly<Record<string, number>>;
  readonly sessions: number;
  readonly trust_scores: number;
  readonly automatic_suspensions: number;
  readonly key_rotations: number;
  readonly scope_changes: number;
  readonly metadata_updates: number;
  readonly requests: number;
  /** 429 answers (retried). */
  readonly throttled: number;
  /** Statements in refused requests (nothing of those requests was logged). */
  readonly refused_statements: number;
  readonly errors: Readonly<Record<string, number>>;
  /** The first message the registry gave for each error code. */
  readonly error_messages: Readonly<Record<string, string>>;
  readonly elapsed_seconds: number;
  readonly entries_per_second: number;
  readonly tree_size_before: number;
  readonly tree_size_after: number;
}

type SideKind = 'session' | 'trust';
type BatchKind = 'metadata' | 'rotation' | 'scopes';

// Weights of a round's kind (sessions dominate real traffic); batched kinds when falling back.
const SIDE_WEIGHTS: readonly [SideKind, number][] = [
  ['session', 0.35],
  ['trust', 0.15],
];
const BATCH_WEIGHTS: readonly [BatchKind, number][] = [
  ['metadata', 0.3],
  ['scopes', 0.12],
  ['rotation', 0.08],
];
const DELEGATED_SHARE = 0.35;
const DROP_CHANCE = 0.08;
const MAX_RETRIES = 5;
const REQUEST_TIMEOUT_MS = 60_000;
// Below the reference server's per-client limits (session 50/s, admin 20/s; registry-server.ts).
const SESSION_REQUESTS_PER_SECOND = 40;
const TRUST_REQUESTS_PER_SECOND = 16;
const SIDE_WORKERS = 4;
const SIDE_QUEUE = 8;

function clampFactor(n: number): number {
  return Math.max(0, Math.min(100, Math.round(n)));
}

/**
 * Runs the simulation described in the module comment and resolves with its summary (also when
 * stopped by the signal or the time limit; refusals are counted, not thrown). Rejects (a plain
 * Error naming the reason) only when `GET /v1/registry` fails at the start.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const started = Date.now();
  const lanes = Math.max(1, Math.min(options.concurrency ?? 6, options.agents));
  const batchSize = options.batchSize ?? Math.max(1, Math.min(1000, Math.round(options.rate / (lanes * 4))));
  const client = new SimHttpClient(options.registry, { maxSockets: lanes + SIDE_WORKERS + 2, timeoutMs: REQUEST_TIMEOUT_MS });
  const { token, admin, tenant } = options.credentials;
  const random = new SeededRandom(`warden-simulate/v1\n${options.seed}`);
  const pacer = new Pacer(options.rate);
  const sessionPacer = new Pacer(SESSION_REQUESTS_PER_SECOND);
  const trustPacer = new Pacer(TRUST_REQUESTS_PER_SECOND);

  let before: { origin: string; treeSize: number };
  try {
    before = await readRegistry(client);
  } catch (error) {
    client.close();
    throw error;
  }
  const origin = before.origin;

  // Stop: the caller's signal, or the time limit.
  const stop = new AbortController();
  let stopped: SimulationStop = 'completed';
  const onAbort = (): void => {
    if (!stop.signal.aborted) stopped = 'cancelled';
    stop.abort();
  };
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const deadline = setTimeout(() => {
    if (!stop.signal.aborted) stopped = 'time_limit';
    stop.abort();
  }, options.maxSeconds * 1000);

  const byType = new Map<string, number>();
  const errors = new Map<string, number>();
  let entries = 0;
  let throttled = 0;
  let refused = 0;
  let sessions = 0;
  let trustScores = 0;
  let autoSuspensions = 0;
  let roundsDone = 0;
  let phase: SimulationProgress['phase'] = 'register';
  const samples = new Map<string, string>();
  const countError = (code: string, message?: string): void => {
    errors.set(code, (errors.get(code) ?? 0) + 1);
    if (message !== undefined && !samples.has(code)) samples.set(code, message);
  };
  const countRefusal = (answer: SimAnswer): string => {
    const code = answerErrorCode(answer);
    countError(code, answerErrorMessage(answer));
    return code;
  };
  const countEntries = (answer: SimAnswer): void => {
    const list = Array.isArray(answer.json.entries) ? (answer.json.entries as { type?: unknown }[]) : [];
    for (const e of list) {
      const type = typeof e.type === 'string' ? e.type : 'unknown';
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    entries += list.length;
  };

  /** POSTs with retries on 429; undefined after a network failure (counted). */
  const post = async (path: string, body: unknown, auth?: string): Promise<SimAnswer | undefined> => {
    for (let attempt = 0; ; attempt++) {
      let answer: SimAnswer;
      try {
        answer = await client.post(path, body, auth);
      } catch (error) {
        countError(`NETWORK_${(error as NodeJS.ErrnoException).code ?? 'ERROR'}`, (error as Error).message);
        return undefined;
      }
      if (answer.status !== 429 || attempt >= MAX_RETRIES || stop.signal.aborted) return answer;
      throttled++;
      await sleep(Math.min(5_000, 1000 * (answer.retryAfterS ?? 1)), stop.signal);
    }
  };


  let lastEntries = 0;
  let lastTick = started;
  const agents = planAgents({ seed: options.seed, tenant, agents: options.agents, days: options.days, random, delegatedShare: DELEGATED_SHARE });
  const progress = options.onProgress;
  const ticker =
    progress === undefined
      ? undefined
      : setInterval(() => {
          const now = Date.now();
          progress({
            phase,
            elapsedSeconds: (now - started) / 1000,
            entries,
            recentRate: ((entries - lastEntries) * 1000) / Math.max(1, now - lastTick),
            agentsRegistered: agents.filter((a) => a.registered).length,
            roundsDone,
            roundsPlanned: options.agents * options.days,
          });
          lastEntries = entries;
          lastTick = now;
        }, options.progressIntervalMs ?? 1000);
  ticker?.unref();

  /** Sends one batch; commits its statements' effects when logged. */
  const sendBatch = async (batch: readonly SimStatement[]): Promise<boolean> => {
    const answer = await post('/v1/statements', { statements: batch.map((s) => s.entry) });
    if (answer === undefined) {
      refused += batch.length;
      return false;
    }
    if (answer.status === 201 || answer.status === 202) {
      for (const s of batch) s.commit();
      countEntries(answer);
      return true;
    }
    countRefusal(answer);
    refused += batch.length;
    return false;
  };

  try {
    // 2. Registration, level by level (a delegate's grant and registration stay in one batch).
    for (let depth = 0; depth <= 2 && !stop.signal.aborted; depth++) {
      const level = agents.filter((a) => a.depth === depth && (a.parent === undefined || a.parent.registered));
      const batches: SimStatement[][] = [];
      let current: SimStatement[] = [];
      for (const agent of level) {
        if (current.length >= batchSize) {
          batches.push(current);
          current = [];
        }
        current.push(...registrationStatements(agent, origin, admin, options.seed));
      }
      if (current.length > 0) batches.push(current);
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < batches.length && !stop.signal.aborted) {
            const batch = batches[next++] as SimStatement[];
            if (!(await pacer.take(batch.length, stop.signal))) break;
            await sendBatch(batch);
          }
        }),
      );
    }

    // 3. Activity rounds.
    phase = 'activity';
    const sideQueue: { agent: SimAgent; kind: SideKind }[] = [];
    let lanesDone = 0;
    const pickBatchKind = (): BatchKind => weighted(random, BATCH_WEIGHTS);
    const pickKind = (agent: SimAgent): SideKind | BatchKind => {
      const total = SIDE_WEIGHTS.reduce((s, [, w]) => s + w, 0) + BATCH_WEIGHTS.reduce((s, [, w]) => s + w, 0);
      let x = (random.nextUint32() / 2 ** 32) * total;
      for (const [kind, w] of SIDE_WEIGHTS) {
        if (x < w) return sideQueue.length < SIDE_QUEUE && (kind === 'trust' || agent.status === 'active') ? kind : pickBatchKind();
        x -= w;
      }
      return pickBatchKind();
    };
    const buildBatched = (agent: SimAgent, kind: BatchKind): SimStatement => {
      if (kind === 'rotation') return rotationStatement(agent, origin, options.seed);
      if (kind === 'scopes') return scopesStatement(agent, origin, admin, random) ?? metadataStatement(agent, origin);
      return metadataStatement(agent, origin);
    };

    const lane = async (mine: readonly SimAgent[]): Promise<void> => {
      let cursor = 0;
      while (!stop.signal.aborted) {
        const batch: SimStatement[] = [];
        const members: SimAgent[] = [];
        let pending = false;
        for (let seen = 0; seen < mine.length && batch.length < batchSize; seen++) {
          const agent = mine[cursor] as SimAgent;
          cursor = (cursor + 1) % mine.length;
          if (!agent.registered || agent.roundsLeft === 0) continue;
          if (agent.busy) {
            pending = true;
            continue;
          }
          const kind = pickKind(agent);
          agent.roundsLeft--;
          agent.busy = true;
          if (kind === 'session' || kind === 'trust') {
            sideQueue.push({ agent, kind });
            continue;
          }
          batch.push(buildBatched(agent, kind));
          members.push(agent);
        }
        if (batch.length === 0) {
          if (!pending && sideQueue.length === 0 && mine.every((a) => !a.registered || a.roundsLeft === 0)) break;
          await sleep(5, stop.signal);
          continue;
        }
        if (await pacer.take(batch.length, stop.signal)) {
          await sendBatch(batch);
          roundsDone += batch.length;
        }
        for (const agent of members) agent.busy = false;
      }
    };

    const session = async (agent: SimAgent): Promise<void> => {
      await sessionPacer.take(2, stop.signal);
      const ttl = 60 * (SESSION_TTL_MINUTES[random.int(0, SESSION_TTL_MINUTES.length - 1)] ?? 15);
      const challenge = await post('/v1/sessions/challenge', { agent: agent.id, ttl_seconds: ttl });
      if (challenge === undefined) return;
      if (challenge.status !== 201) {
        if (countRefusal(challenge) === 'AGENT_NOT_ACTIVE') agent.status = 'suspended';
        return;
      }
      const { key, signing_input: input, nonce } = challenge.json as { key?: unknown; signing_input?: unknown; nonce?: unknown };
      const signature = typeof key === 'string' && typeof input === 'string' ? signChallenge(agent, key, base64UrlToBytes(input)) : undefined;
      if (signature === undefined) {
        countError('SIMULATOR_UNKNOWN_KEY');
        return;
      }
      const answer = await post('/v1/sessions', { nonce, signature: bytesToBase64Url(signature) });
      if (answer === undefined) return;
      if (answer.status === 201 || answer.status === 202) {
        countEntries(answer);
        sessions++;
      } else countRefusal(answer);
    };

    const trust = async (agent: SimAgent): Promise<void> => {
      await trustPacer.take(1, stop.signal);
      let factors: Partial<Record<(typeof TRUST_FACTOR_NAMES)[number], number>>;
      let body: Record<string, unknown>;
      if (agent.factors === undefined) {
        factors = Object.fromEntries(TRUST_FACTOR_NAMES.map((name) => [name, random.int(62, 98)]));
        body = { factors };
      } else if (agent.status === 'active' && random.chance(DROP_CHANCE)) {
        factors = Object.fromEntries(TRUST_FACTOR_NAMES.map((name) => [name, random.int(2, 22)]));
        body = { factors, flags: [random.pick(ANOMALY_FLAGS)], reason: random.pick(DROP_REASONS) };
      } else {
        const previous = agent.factors;
        factors = Object.fromEntries(random.sample(TRUST_FACTOR_NAMES, random.int(1, 2)).map((name) => [name, clampFactor(previous[name] + random.int(-6, 6))]));
        body = random.chance(0.2) ? { factors, reason: random.pick(DRIFT_REASONS) } : { factors };
      }
      const answer = await post(`/v1/agents/${encodeURIComponent(agent.id)}/trust-signals`, body, token);
      if (answer === undefined) return;
      if (answer.status !== 201 && answer.status !== 202) {
        countRefusal(answer);
        return;
      }
      countEntries(answer);
      trustScores++;
      agent.factors = answer.json.factors as TrustFactors;
      if (answer.json.suspended !== undefined) {
        agent.status = 'suspended';
        autoSuspensions++;
      }
    };

    const sideWorker = async (): Promise<void> => {
      for (;;) {
        const item = sideQueue.shift();
        if (item === undefined) {
          if (lanesDone === lanes || stop.signal.aborted) return;
          await sleep(5, stop.signal);
          continue;
        }
        if (!stop.signal.aborted && (await pacer.take(1, stop.signal))) {
          await (item.kind === 'session' ? session(item.agent) : trust(item.agent));
          roundsDone++;
        }
        item.agent.busy = false;
      }
    };

    const partitions = Array.from({ length: lanes }, (_, k) => agents.filter((a) => a.index % lanes === k));
    await Promise.all([
      ...partitions.map(async (mine) => {
        try {
          await lane(mine);
        } finally {
          lanesDone++;
        }
      }),
      ...Array.from({ length: SIDE_WORKERS }, sideWorker),
    ]);
  } finally {
    clearTimeout(deadline);
    if (ticker !== undefined) clearInterval(ticker);
    options.signal?.removeEventListener('abort', onAbort);
  }

  let after = before;
  try {
    after = await readRegistry(client);
  } catch {
    countError('REGISTRY_UNREADABLE_AFTER');
  }
  client.close();
  const elapsed = (Date.now() - started) / 1000;
  const count = (type: string): number => byType.get(type) ?? 0;
  return {
    ok: errors.size === 0 && refused === 0,
    stopped,
    registry: options.registry.href,
    origin,
    tenant,
    seed: options.seed,
    agents: { planned: options.agents, registered: agents.filter((a) => a.registered).length, delegated: agents.filter((a) => a.registered && a.parent !== undefined).length },
    rounds: { planned: options.agents * options.days, done: roundsDone },
    entries,
    entries_by_type: Object.fromEntries([...byType].sort(([a], [b]) => (a < b ? -1 : 1))),
    sessions,
    trust_scores: trustScores,
    automatic_suspensions: autoSuspensions,
    key_rotations: count('agent.key_rotated'),
    scope_changes: count('agent.scopes_changed'),
    metadata_updates: count('agent.metadata_updated'),
    requests: client.requests,
    throttled,
    refused_statements: refused,
    errors: Object.fromEntries([...errors].sort(([a], [b]) => (a < b ? -1 : 1))),
    error_messages: Object.fromEntries([...samples].sort(([a], [b]) => (a < b ? -1 : 1))),
    elapsed_seconds: Math.round(elapsed * 1000) / 1000,
    entries_per_second: Math.round(entries / Math.max(elapsed, 0.001)),
    tree_size_before: before.treeSize,
    tree_size_after: after.treeSize,
  };
}

function weighted<T>(random: SeededRandom, table: readonly [T, number][]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = (random.nextUint32() / 2 ** 32) * total;
  for (const [item, w] of table) {
    if (x < w) return item;
    x -= w;
  }
  return (table[table.length - 1] as [T, number])[0];
}

/** `GET /v1/registry`: origin and tree size. Throws an Error naming the failure. */
async function readRegistry(client: SimHttpClient): Promise<{ origin: string; treeSize: number }> {
  let answer: SimAnswer;
  try {
    answer = await client.get('/v1/registry');
  } catch (error) {
    throw new Error(`cannot reach the registry: ${(error as Error).message}`, { cause: error });
  }
  const { origin, tree_size: size } = answer.json as { origin?: unknown; tree_size?: unknown };
  if (answer.status !== 200 || typeof origin !== 'string' || typeof size !== 'string') {
    throw new Error(`GET /v1/registry answered ${answer.status} ${answerErrorCode(answer)}`);
  }
  return { origin, treeSize: Number(size) };
}
