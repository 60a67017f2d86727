/**
 * Check 5: the registry's claimed state against the state replayed from the log, one finding per
 * difference (issue 5 §5). The replayed side is serialised with the same function a correct
 * registry uses (claimedStateFromRegistryState), so a faithful claim compares equal field by field.
 *
 * Comparison policy: scope and capability lists compare as sets (their order carries no meaning);
 * admins compare as sets; key histories compare in order (rotation order is meaning); an optional
 * member that is absent on one side and present on the other is a difference.
 */
import { makeFinding, type Finding, type FindingCode } from './findings.ts';
import type { ClaimedAgent, ClaimedDelegation, ClaimedState, ClaimedTenant } from './claimed-state.ts';

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined } | undefined;

function show(value: Json): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return set.size === b.length && b.every((x) => set.has(x));
}

function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function byIdMap<T extends { id: string }>(items: readonly T[], kind: string, findings: Finding[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.id)) findings.push(makeFinding('CLAIM_MALFORMED', { message: `the claimed state lists ${kind} ${item.id} twice` }));
    map.set(item.id, item);
  }
  return map;
}

/** Every difference between `claimed` and `replayed` (both in the claimed-state shape). */
export function diffClaimedState(claimed: ClaimedState, replayed: ClaimedState): Finding[] {
  const findings: Finding[] = [];
  diffRecords(claimed.tenants, replayed.tenants, 'tenant', findings, 'CLAIM_TENANT_MISSING', 'CLAIM_TENANT_EXTRA', diffTenant);
  diffRecords(claimed.agents, replayed.agents, 'agent', findings, 'CLAIM_AGENT_MISSING', 'CLAIM_AGENT_EXTRA', diffAgent);
  diffRecords(claimed.delegations, replayed.delegations, 'delegation', findings, 'CLAIM_DELEGATION_MISSING', 'CLAIM_DELEGATION_EXTRA', diffDelegation);
  return findings;
}

function diffRecords<T extends { id: string }>(
  claimed: readonly T[],
  replayed: readonly T[],
  kind: string,
  findings: Finding[],
  missing: FindingCode,
  extra: FindingCode,
  diffOne: (id: string, claim: T, log: T, out: Finding[]) => void,
): void {
  const claimedById = byIdMap(claimed, kind, findings);
  const replayedById = byIdMap(replayed, kind, []);
  const agentField = kind === 'agent' ? (id: string) => ({ agent: id }) : () => ({});
  for (const [id, log] of replayedById) {
    const claim = claimedById.get(id);
    if (claim === undefined) findings.push(makeFinding(missing, { message: `${kind} ${id} is in the log but missing from the claimed state`, subject: id, ...agentField(id) }));
    else diffOne(id, claim, log, findings);
  }
  for (const id of claimedById.keys()) {
    if (!replayedById.has(id)) findings.push(makeFinding(extra, { message: `the claimed state has ${kind} ${id}, which the log never created`, subject: id, ...agentField(id) }));
  }
}

function field(out: Finding[], code: FindingCode, kind: string, id: string, name: string, claim: Json, log: Json, agent?: string): void {
  out.push(
    makeFinding(code, {
      message: `${kind} ${id}: ${name} is ${show(claim)} in the claimed state but ${show(log)} in the log`,
      subject: id,
      ...(agent === undefined ? {} : { agent }),
    }),
  );
}

function diffTenant(id: string, claim: ClaimedTenant, log: ClaimedTenant, out: Finding[]): void {
  if (claim.name !== log.name) field(out, 'CLAIM_TENANT_FIELD', 'tenant', id, 'name', claim.name, log.name);
  if (claim.gov_seq !== log.gov_seq) field(out, 'CLAIM_TENANT_FIELD', 'tenant', id, 'gov_seq', claim.gov_seq, log.gov_seq);
  if (!sameSet(claim.admins, log.admins)) field(out, 'CLAIM_TENANT_FIELD', 'tenant', id, 'admins', [...claim.admins].sort(), [...log.admins].sort());
  if (!sameJson(claim.thresholds, log.thresholds)) field(out, 'CLAIM_TENANT_FIELD', 'tenant', id, 'thresholds', claim.thresholds, log.thresholds);
}

function diffAgent(id: string, claim: ClaimedAgent, log: ClaimedAgent, out: Finding[]): void {
  const f = (code: FindingCode, name: string, a: Json, b: Json): void => field(out, code, 'agent', id, name, a, b, id);
  if (claim.status !== log.status) f('CLAIM_AGENT_STATUS', 'status', claim.status, log.status);
  if (claim.status_since !== log.status_since) f('CLAIM_AGENT_STATUS', 'status_since', claim.status_since, log.status_since);
  if (!sameSet(claim.scopes, log.scopes)) f('CLAIM_AGENT_SCOPES', 'scopes', claim.scopes, log.scopes);
  if (claim.current_key !== log.current_key) f('CLAIM_AGENT_KEYS', 'current_key', claim.current_key, log.current_key);
  if (!sameJson(claim.keys, log.keys)) f('CLAIM_AGENT_KEYS', 'keys', claim.keys, log.keys);
  if (claim.owner !== log.owner) f('CLAIM_AGENT_OWNER', 'owner', claim.owner, log.owner);
  for (const name of ['display_name', 'description', 'version', 'purpose'] as const) {
    if (claim[name] !== log[name]) f('CLAIM_AGENT_PROFILE', name, claim[name], log[name]);
  }
  if (!sameSet(claim.capabilities, log.capabilities)) f('CLAIM_AGENT_PROFILE', 'capabilities', claim.capabilities, log.capabilities);
  for (const name of ['tenant', 'parent', 'delegation', 'depth'] as const) {
    if (claim[name] !== log[name]) f('CLAIM_AGENT_PARENT', name, claim[name], log[name]);
  }
}

function diffDelegation(id: string, claim: ClaimedDelegation, log: ClaimedDelegation, out: Finding[]): void {
  const f = (name: string, a: Json, b: Json): void => field(out, 'CLAIM_DELEGATION_FIELD', 'delegation', id, name, a, b);
  for (const name of ['tenant', 'parent', 'child', 'child_key', 'granted', 'registered', 'revoked'] as const) {
    if (claim[name] !== log[name]) f(name, claim[name], log[name]);
  }
  if (!sameSet(claim.scopes, log.scopes)) f('scopes', claim.scopes, log.scopes);
}
