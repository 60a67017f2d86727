/**
 * Tamper suite, the claimed state: the registry's claim edited in each field is caught with the
 * right code (check 5), against the state replayed from an untouched log.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimedState } from '../../../src/node/verify/claimed-state.ts';
import { atAfter, correctClaim, evidenceOf, makeLog, verifyFiles } from './helpers.ts';

const log = makeLog({ seed: 'tamper-claim', events: 120 });
const honest = correctClaim(log.writer, log.entries);
const enc = (t: string): Uint8Array => new TextEncoder().encode(t);

async function verifyClaim(claim: ClaimedState | string): Promise<string[]> {
  const evidence = await evidenceOf(log, { claim: false });
  evidence.files.set('claimed-state.json', enc(typeof claim === 'string' ? claim : JSON.stringify(claim)));
  const result = await verifyFiles(evidence.files, { logKey: evidence.keys.logKey, at: atAfter(log) });
  return result.findings.filter((f) => f.check === 5).map((f) => `${f.code}:${f.severity}${f.agent === undefined ? '' : `:${f.agent}`}`);
}

function edit(change: (c: ClaimedState) => void): ClaimedState {
  const copy = structuredClone(honest) as ClaimedState;
  change(copy);
  return copy;
}

const agent = honest.agents.find((a) => a.status === 'active' && a.owner !== undefined) as ClaimedState['agents'][number];
const find = (c: ClaimedState) => c.agents.find((a) => a.id === agent.id) as ClaimedState['agents'][number];

describe('the claimed state in the evidence', () => {
  it('matches the replay when it is honest', async () => {
    expect(await verifyClaim(honest)).toEqual([]);
  });

  it.each([
    ['status', (c: ClaimedState) => (find(c).status = 'revoked'), 'CLAIM_AGENT_STATUS'],
    ['scopes', (c: ClaimedState) => (find(c).scopes = ['*:*']), 'CLAIM_AGENT_SCOPES'],
    ['keys', (c: ClaimedState) => (find(c).current_key = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'), 'CLAIM_AGENT_KEYS'],
    ['owner', (c: ClaimedState) => (find(c).owner = 'nobody@example.com'), 'CLAIM_AGENT_OWNER'],
    ['profile', (c: ClaimedState) => (find(c).display_name = 'innocent'), 'CLAIM_AGENT_PROFILE'],
    ['parent', (c: ClaimedState) => (find(c).depth += 1), 'CLAIM_AGENT_PARENT'],
    ['agent list (one hidden)', (c: ClaimedState) => c.agents.splice(c.agents.indexOf(find(c)), 1), 'CLAIM_AGENT_MISSING'],
  ])('names the agent whose %s was edited', async (_name, change, code) => {
    expect(await verifyClaim(edit(change))).toEqual([`${code}:error:${agent.id}`]);
  });

  it.each([
    ['a delegation hidden', (c: ClaimedState) => c.delegations.shift(), 'CLAIM_DELEGATION_MISSING:error'],
    ['a delegation edited', (c: ClaimedState) => ((c.delegations[0] as ClaimedState['delegations'][number]).child_key = 'did:key:z6Mkx'), 'CLAIM_DELEGATION_FIELD:error'],
    ['an admin added', (c: ClaimedState) => (c.tenants[0] as ClaimedState['tenants'][number]).admins.push('did:key:z6Mkx'), 'CLAIM_TENANT_FIELD:error'],
    ['the quorum policy', (c: ClaimedState) => ((c.tenants[0] as ClaimedState['tenants'][number]).thresholds.revoke += 1), 'CLAIM_TENANT_FIELD:error'],
  ])('names %s', async (_name, change, code) => {
    expect(await verifyClaim(edit(change))).toEqual([code]);
  });

  it('refuses a claim for another origin, one beyond the log, and one that is not a claimed state', async () => {
    expect(await verifyClaim(edit((c) => (c.origin = 'other.example/log')))).toEqual(['CLAIM_ORIGIN:error']);
    expect(await verifyClaim(edit((c) => (c.tree_size = String(log.entries.length + 1))))).toEqual(['CLAIM_TREE_SIZE:error']);
    expect(await verifyClaim('{"format":"warden.claimed-state/v1"}')).toEqual(['CLAIM_MALFORMED:error']);
  });

  it('compares a claim made at an earlier size with the replay at that size', async () => {
    const earlier = correctClaim(log.writer, log.entries.slice(0, 50), 50);
    expect(await verifyClaim(earlier)).toEqual([]);
    expect(await verifyClaim({ ...earlier, tree_size: '51' })).not.toEqual([]);
  });
});
