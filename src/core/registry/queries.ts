import type { AgentState, KeyRecord, RegistryState } from './state.ts';

/**
 * Read-only questions about a replayed state that verifiers, the replica and the server ask.
 */

/**
 * Every descendant of `agentId` (children, grandchildren, …) in breadth-first order, children in
 * registration order; the agent itself is not included. Unknown agent: [].
 */
export function descendantsOf(state: RegistryState, agentId: string): string[] {
  const out: string[] = [];
  const queue = [...(state.agents.get(agentId)?.children ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    out.push(id);
    for (const child of state.agents.get(id)?.children ?? []) queue.push(child);
  }
  return out;
}

/** The agent holding (or having held) `did` and that key's record, if the key is an agent key. */
export function agentKeyRecord(state: RegistryState, did: string): { agent: AgentState; record: KeyRecord } | undefined {
  const owner = state.keys.get(did);
  if (owner?.kind !== 'agent') return undefined;
  const agent = state.agents.get(owner.agent);
  const record = agent?.keys.find((k) => k.key === did);
  return agent === undefined || record === undefined ? undefined : { agent, record };
}

/**
 * Whether a statement claiming `time` may carry a signature by the key of `record`, as far as
 * compromise goes: not at or after its reported `compromisedAt`. Verifiers apply this in a second
 * pass with the FINAL state's key records, to catch entries signed after the compromise instant but
 * logged before the compromise was reported (which the fold could not refuse at the time).
 */
export function isKeyValidAt(record: KeyRecord, time: string): boolean {
  return record.compromisedAt === undefined || time < record.compromisedAt;
}

/** The ancestors of `agentId`, parent first, up to the root. */
export function ancestorsOf(state: RegistryState, agentId: string): string[] {
  const out: string[] = [];
  let current = state.agents.get(agentId)?.parent;
  while (current !== undefined && out.length <= 64) {
    out.push(current);
    current = state.agents.get(current)?.parent;
  }
  return out;
}
