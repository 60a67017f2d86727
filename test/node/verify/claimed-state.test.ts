import { describe, expect, it } from 'vitest';
import { foldEntries } from '../../../src/core/registry/fold.ts';
import {
  claimedStateFromRegistryState,
  encodeClaimedState,
  parseClaimedState,
  type ClaimedState,
} from '../../../src/node/verify/claimed-state.ts';
import { diffClaimedState } from '../../../src/node/verify/claim-diff.ts';
import { makeLog } from './helpers.ts';

const log = makeLog({ seed: 'claimed-state', events: 150 });
const state = foldEntries(log.config, log.entries, { verifySignatures: false });
const claim = claimedStateFromRegistryState(state, log.entries.length);

function edited(edit: (c: ClaimedState) => void): ClaimedState {
  const copy = structuredClone(claim) as ClaimedState;
  edit(copy);
  return copy;
}

const someAgent = (c: ClaimedState) => c.agents.find((a) => a.parent !== undefined && a.owner !== undefined && a.keys.length >= 1) as ClaimedState['agents'][number];

describe('claimedStateFromRegistryState', () => {
  it('lists every tenant, agent and delegation, sorted by id, and round-trips through canonical JSON', () => {
    expect(claim.tree_size).toBe(String(log.entries.length));
    expect(claim.agents.length).toBe(state.agents.size);
    expect(claim.delegations.length).toBe(state.delegations.size);
    expect(claim.agents.map((a) => a.id)).toEqual([...claim.agents.map((a) => a.id)].sort());
    expect(parseClaimedState(encodeClaimedState(claim))).toEqual(claim);
  });
});

describe('parseClaimedState', () => {
  it.each([
    ['not JSON', '{'],
    ['a duplicate member', '{"format":"warden.claimed-state/v1","format":"x"}'],
    ['another format', JSON.stringify({ ...claim, format: 'other/v1' })],
    ['an unknown member', JSON.stringify({ ...claim, extra: true })],
    ['a null where a member is optional', JSON.stringify({ ...claim, agents: [{ ...claim.agents[0], owner: null }] })],
    ['a numeric tree size', JSON.stringify({ ...claim, tree_size: 5 })],
    ['a tree size past 2^64', JSON.stringify({ ...claim, tree_size: '18446744073709551616' })],
  ])('refuses %s', (_name, text) => {
    expect(() => parseClaimedState(new TextEncoder().encode(text))).toThrow();
  });
});

describe('diffClaimedState', () => {
  it('finds nothing between a faithful claim and the replay', () => {
    expect(diffClaimedState(claim, claim)).toEqual([]);
  });

  it('compares scopes, capabilities and admins as sets', () => {
    const shuffled = edited((c) => {
      for (const a of c.agents) {
        a.scopes.reverse();
        a.capabilities.reverse();
      }
      for (const t of c.tenants) t.admins.reverse();
    });
    expect(diffClaimedState(shuffled, claim)).toEqual([]);
  });

  const cases: [string, (c: ClaimedState) => void, string][] = [
    ['status', (c) => (someAgent(c).status = someAgent(c).status === 'revoked' ? 'active' : 'revoked'), 'CLAIM_AGENT_STATUS'],
    ['status_since', (c) => (someAgent(c).status_since += 1), 'CLAIM_AGENT_STATUS'],
    ['scopes', (c) => someAgent(c).scopes.push('extra:scope'), 'CLAIM_AGENT_SCOPES'],
    ['current key', (c) => (someAgent(c).current_key = claim.agents[0]?.current_key === someAgent(c).current_key ? 'did:key:x' : (claim.agents[0]?.current_key as string)), 'CLAIM_AGENT_KEYS'],
    ['key history', (c) => (someAgent(c).keys[0] = { ...(someAgent(c).keys[0] as ClaimedState['agents'][number]['keys'][number]), compromised_at: '2026-01-01T00:00:00.000Z' }), 'CLAIM_AGENT_KEYS'],
    ['owner', (c) => (someAgent(c).owner = 'someone-else@example.com'), 'CLAIM_AGENT_OWNER'],
    ['owner removed', (c) => delete someAgent(c).owner, 'CLAIM_AGENT_OWNER'],
    ['display name', (c) => (someAgent(c).display_name = 'renamed'), 'CLAIM_AGENT_PROFILE'],
    ['capabilities', (c) => someAgent(c).capabilities.push('fly'), 'CLAIM_AGENT_PROFILE'],
    ['parent', (c) => (someAgent(c).parent = 'maip:00000000:00000000000000000000000000'), 'CLAIM_AGENT_PARENT'],
    ['depth', (c) => (someAgent(c).depth += 1), 'CLAIM_AGENT_PARENT'],
    ['an agent removed', (c) => c.agents.splice(c.agents.indexOf(someAgent(c)), 1), 'CLAIM_AGENT_MISSING'],
    ['an agent invented', (c) => c.agents.push({ ...someAgent(c), id: 'maip:ffffffff:7ZZZZZZZZZZZZZZZZZZZZZZZZZ' }), 'CLAIM_AGENT_EXTRA'],
    ['a delegation removed', (c) => c.delegations.pop(), 'CLAIM_DELEGATION_MISSING'],
    ['a delegation invented', (c) => c.delegations.push({ ...(c.delegations[0] as ClaimedState['delegations'][number]), id: 'del_7ZZZZZZZZZZZZZZZZZZZZZZZZZ' }), 'CLAIM_DELEGATION_EXTRA'],
    ['a delegation revoked', (c) => (c.delegations[0] as ClaimedState['delegations'][number]).revoked = 1, 'CLAIM_DELEGATION_FIELD'],
    ['a delegation widened', (c) => (c.delegations[0] as ClaimedState['delegations'][number]).scopes.push('*:*'), 'CLAIM_DELEGATION_FIELD'],
    ['a tenant admin', (c) => (c.tenants[0] as ClaimedState['tenants'][number]).admins.pop(), 'CLAIM_TENANT_FIELD'],
    ['a quorum threshold', (c) => ((c.tenants[0] as ClaimedState['tenants'][number]).thresholds.revoke += 1), 'CLAIM_TENANT_FIELD'],
    ['a tenant name', (c) => ((c.tenants[0] as ClaimedState['tenants'][number]).name = 'x'), 'CLAIM_TENANT_FIELD'],
    ['a tenant removed', (c) => c.tenants.pop(), 'CLAIM_TENANT_MISSING'],
    ['a tenant invented', (c) => c.tenants.push({ ...(c.tenants[0] as ClaimedState['tenants'][number]), id: '00000000-0000-4000-8000-000000000000' }), 'CLAIM_TENANT_EXTRA'],
    ['a duplicated agent', (c) => c.agents.push(someAgent(c)), 'CLAIM_MALFORMED'],
  ];
  it.each(cases)('reports a claim with %s edited, once', (_name, edit, code) => {
    const findings = diffClaimedState(edited(edit), claim);
    expect(findings.map((f) => f.code)).toEqual([code]);
    expect(findings[0]?.check).toBe(5);
  });
});
