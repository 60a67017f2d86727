/**
 * The simulated agents and the signed statements they submit (docs/protocol.md §4.5–4.10), built
 * with the signers §4's table requires. Each builder returns the signed entry and a `commit` that
 * applies its effect to the simulator's model ONLY once the registry accepted it (a refused batch
 * changes nothing, here as in the registry).
 *
 * Policy:
 * - keys are derived from the run's seed (`deriveSeed`: SHA-256 of a labelled string), so the same
 *   `--seed` gives the same agents' keys; these keys protect nothing but simulated traffic;
 * - statement times are the current clock, kept strictly increasing per agent (§5.2
 *   STALE_CONTROL_STATEMENT): the registry refuses statements more than 5 minutes from its clock,
 *   so a simulated "day" is a round of activity, never a backdated time;
 * - scope changes only touch agents without children (a parent narrowing would need its children
 *   narrowed first, CHILD_SCOPES_EXCEED): narrowing is signed by the agent, widening back to the
 *   registered scopes by the admin; delegates get a subset of their parent's scopes, never `*:*`.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from '../../core/jcs.ts';
import { didKeyFromPublicKey } from '../../core/identity/did-key.ts';
import { newUlid } from '../../core/identity/maip-id.ts';
import type { SeededRandom } from '../../core/log/prng.ts';
import { STATEMENT_FORMAT, statementSigningBytes, type LogEntry, type Statement } from '../../core/log/statement.ts';
import { signWithAll, type StatementSigner } from '../../core/log/signature.ts';
import { formatTimestamp } from '../../core/log/time.ts';
import type { TrustFactors } from '../../core/trust/score.ts';
import { DEMO_TENANTS, FIRST_NAMES, LAST_NAMES, type AgentTemplate } from '../demo/catalogue.ts';
import { nativePublicKeyFromSeed, nativeSignEd25519 } from '../demo/native-signers.ts';

/** Deepest parent the simulator delegates from (roots are depth 0; §5.2 allows children to depth 3). */
const MAX_PARENT_DEPTH = 1;

export interface SimAgent {
  readonly index: number;
  readonly id: string;
  readonly tenant: string;
  readonly template: AgentTemplate;
  readonly parent: SimAgent | undefined;
  readonly depth: number;
  /** The scopes it registered with (the widest it ever holds). */
  readonly registeredScopes: readonly string[];
  /** did:key → seed of every key it has held. */
  readonly seeds: Map<string, Uint8Array>;
  currentKey: string;
  scopes: readonly string[];
  children: number;
  registered: boolean;
  status: 'active' | 'suspended';
  lastControlMs: number;
  roundsLeft: number;
  rotations: number;
  version: number;
  /** Set while a request about this agent is in flight (one request per agent at a time). */
  busy: boolean;
  /** Latest factors the registry recorded, once it has scored the agent. */
  factors: TrustFactors | undefined;
}

/** A signed statement and what to record when the registry accepts it. */
export interface SimStatement {
  readonly entry: LogEntry;
  readonly commit: () => void;
}

/** 32 bytes derived from the run's seed and a label (SHA-256). */
export function deriveSeed(seed: string, label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`warden-simulate/v1\n${seed}\n${label}`, 'utf8').digest());
}

function addKey(agent: Pick<SimAgent, 'seeds'>, seed: Uint8Array): string {
  const did = didKeyFromPublicKey(nativePublicKeyFromSeed(seed));
  agent.seeds.set(did, seed);
  return did;
}

function signerOf(agent: SimAgent, role: 'agent' | 'parent' | 'new_key', did: string): StatementSigner {
  const seed = agent.seeds.get(did);
  if (seed === undefined) throw new Error(`no seed for ${did}`);
  return { role, key: did, sign: (message) => nativeSignEd25519(seed, message) };
}

/** The statement's time: now, or 1 ms after the agent's previous control statement. */
function nextTime(agent: SimAgent): { ms: number; time: string } {
  const ms = Math.max(Date.now(), agent.lastControlMs + 1);
  return { ms, time: formatTimestamp(ms) };
}

function sign(statement: Statement, signers: readonly StatementSigner[]): LogEntry {
  return { ...statement, signatures: signWithAll(statementSigningBytes(statement), signers) } as LogEntry;
}

/** Size of an entry's stored bytes (JCS), for batch sizing. */
export function entrySize(entry: LogEntry): number {
  return canonicalBytes(entry).length;
}

export interface PlanOptions {
  readonly seed: string;
  readonly tenant: string;
  readonly agents: number;
  readonly days: number;
  readonly random: SeededRandom;
  /** Share of agents registered as delegates of an earlier agent (0..1). */
  readonly delegatedShare: number;
}

/**
 * Plans `agents` agents: roots drawn from the demo catalogue's root templates, and about
 * `delegatedShare` of them delegates of an earlier agent of depth ≤ 1, with a subset of its
 * scopes. Agents come in an order where every parent precedes its children.
 */
export function planAgents(options: PlanOptions): SimAgent[] {
  const { random, tenant } = options;
  const prefix = tenant.slice(0, 8);
  const startMs = Date.now();
  const out: SimAgent[] = [];
  const parents: SimAgent[] = [];
  for (let i = 0; i < options.agents; i++) {
    const profile = DEMO_TENANTS[i % DEMO_TENANTS.length] as (typeof DEMO_TENANTS)[number];
    const delegate = random.chance(options.delegatedShare);
    const parent = delegate && parents.length > 0 ? random.pick(parents) : undefined;
    let template: AgentTemplate;
    let scopes: string[];
    if (parent === undefined) {
      template = random.pick(profile.roots);
      scopes = [...template.scopes];
    } else {
      template = random.pick(profile.delegates);
      const allowed = parent.registeredScopes.filter((s) => s !== '*:*');
      const shared = template.scopes.filter((s) => allowed.includes(s));
      scopes = shared.length > 0 ? shared : random.sample(allowed, Math.min(allowed.length, random.int(1, 2)));
      parent.children++;
    }
    const agent: SimAgent = {
      index: i,
      id: `maip:${prefix}:${newUlid(startMs, deriveSeed(options.seed, `agent-id/${i}`).subarray(0, 10))}`,
      tenant,
      template,
      parent,
      depth: parent === undefined ? 0 : parent.depth + 1,
      registeredScopes: scopes,
      seeds: new Map(),
      currentKey: '',
      scopes,
      children: 0,
      registered: false,
      status: 'active',
      lastControlMs: 0,
      roundsLeft: options.days,
      rotations: 0,
      version: 1,
      busy: false,
      factors: undefined,
    };
    agent.currentKey = addKey(agent, deriveSeed(options.seed, `agent-key/${i}/0`));
    out.push(agent);
    // A parent: shallow enough, not a leaf template, holding some scope other than `*:*`.
    if (agent.depth <= MAX_PARENT_DEPTH && template.leaf !== true && scopes.some((s) => s !== '*:*')) parents.push(agent);
  }
  // The counts of children were taken while planning; registration order is planning order.
  return out;
}

function envelope(agent: SimAgent, origin: string, time: string) {
  return { format: STATEMENT_FORMAT, origin, tenant: agent.tenant, subject: agent.id, time } as const;
}

function ownerName(agent: SimAgent): string {
  const first = FIRST_NAMES[agent.index % FIRST_NAMES.length] ?? 'Alex';
  const last = LAST_NAMES[Math.floor(agent.index / FIRST_NAMES.length) % LAST_NAMES.length] ?? 'Doe';
  return `${first} ${last}`;
}

/**
 * The statements registering `agent`: a root's `agent.registered` co-signed by `admin` (§4.5), or a
 * delegate's `delegation.granted` (signed by the parent's current key, §4.10) then its
 * `agent.registered` (signed by its own key).
 */
export function registrationStatements(agent: SimAgent, origin: string, admin: StatementSigner, seed: string): SimStatement[] {
  const profile = {
    display_name: `${agent.template.slug}-${String(agent.index).padStart(5, '0')}`,
    owner: ownerName(agent),
    description: agent.template.description,
    version: `1.${agent.version}.0`,
    purpose: agent.template.purpose,
    capabilities: [...agent.template.capabilities],
    scopes: [...agent.scopes],
  };
  const { ms, time } = nextTime(agent);
  const done = (): void => {
    agent.registered = true;
    agent.lastControlMs = ms;
  };
  const parent = agent.parent;
  if (parent === undefined) {
    const entry = sign({ ...envelope(agent, origin, time), type: 'agent.registered', body: { key: agent.currentKey, ...profile } }, [
      signerOf(agent, 'agent', agent.currentKey),
      admin,
    ]);
    return [{ entry, commit: done }];
  }
  const delegation = `del_${newUlid(ms, deriveSeed(seed, `delegation-id/${agent.index}`).subarray(0, 10))}`;
  const grant = sign(
    {
      format: STATEMENT_FORMAT,
      origin,
      tenant: agent.tenant,
      subject: delegation,
      time,
      type: 'delegation.granted',
      body: { parent: parent.id, child: agent.id, child_key: agent.currentKey, scopes: [...agent.scopes] },
    },
    [signerOf(parent, 'parent', parent.currentKey)],
  );
  const registered = sign(
    { ...envelope(agent, origin, time), type: 'agent.registered', body: { key: agent.currentKey, ...profile, parent: { agent: parent.id, delegation } } },
    [signerOf(agent, 'agent', agent.currentKey)],
  );
  return [
    { entry: grant, commit: () => undefined },
    { entry: registered, commit: done },
  ];
}

/** `agent.metadata_updated` (§4.6), signed by the agent: a new version. */
export function metadataStatement(agent: SimAgent, origin: string): SimStatement {
  const { ms, time } = nextTime(agent);
  const version = agent.version + 1;
  const entry = sign({ ...envelope(agent, origin, time), type: 'agent.metadata_updated', body: { version: `1.${version}.0` } }, [
    signerOf(agent, 'agent', agent.currentKey),
  ]);
  return {
    entry,
    commit: () => {
      agent.version = version;
      agent.lastControlMs = ms;
    },
  };
}

/** `agent.key_rotated` (§4.7) to the next derived key, signed by the current and the new key. */
export function rotationStatement(agent: SimAgent, origin: string, seed: string): SimStatement {
  const { ms, time } = nextTime(agent);
  const rotations = agent.rotations + 1;
  const newKey = addKey(agent, deriveSeed(seed, `agent-key/${agent.index}/${rotations}`));
  const entry = sign({ ...envelope(agent, origin, time), type: 'agent.key_rotated', body: { previous_key: agent.currentKey, new_key: newKey } }, [
    signerOf(agent, 'agent', agent.currentKey),
    signerOf(agent, 'new_key', newKey),
  ]);
  return {
    entry,
    commit: () => {
      agent.rotations = rotations;
      agent.currentKey = newKey;
      agent.lastControlMs = ms;
    },
  };
}

/**
 * `agent.scopes_changed` (§4.9) for a childless agent: narrowed to a random non-empty subset
 * (signed by the agent), or, when already narrowed, widened back to its registered scopes (signed
 * by `admin`). Undefined when the agent cannot change scopes (children, or a single scope).
 */
export function scopesStatement(agent: SimAgent, origin: string, admin: StatementSigner, random: SeededRandom): SimStatement | undefined {
  if (agent.children > 0) return undefined;
  const narrowed = agent.scopes.length < agent.registeredScopes.length;
  if (!narrowed && agent.registeredScopes.length < 2) return undefined;
  const scopes = narrowed ? [...agent.registeredScopes] : random.sample(agent.registeredScopes, random.int(1, agent.registeredScopes.length - 1));
  const { ms, time } = nextTime(agent);
  const entry = sign({ ...envelope(agent, origin, time), type: 'agent.scopes_changed', body: { scopes } }, [
    narrowed ? admin : signerOf(agent, 'agent', agent.currentKey),
  ]);
  return {
    entry,
    commit: () => {
      agent.scopes = scopes;
      agent.lastControlMs = ms;
    },
  };
}

/** Signs a session challenge's signing input with the key the registry named (one of the agent's). */
export function signChallenge(agent: SimAgent, key: string, signingInput: Uint8Array): Uint8Array | undefined {
  const seed = agent.seeds.get(key);
  return seed === undefined ? undefined : nativeSignEd25519(seed, signingInput);
}
