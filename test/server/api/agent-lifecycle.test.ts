import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlToBytes, bytesToBase64Url } from '../../../src/core/encoding/index.ts';
import { validateReceipt, verifyReceiptInclusion } from '../../../src/core/log/receipt.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { formatTimestamp } from '../../../src/core/log/time.ts';
import { delegate, registerRoot, type TestAgent } from '../helpers/agents.ts';
import { newAgentId, newDelegationId, newKey, signed } from '../helpers/keys.ts';
import { startTestRegistry, type TestRegistry } from '../helpers/registry-fixture.ts';

describe('registry API: the agent lifecycle', () => {
  let reg: TestRegistry;
  let root: TestAgent;
  let other: TestAgent;

  beforeAll(async () => {
    reg = await startTestRegistry();
    root = await registerRoot(reg, { display_name: 'invoice-triage', scopes: ['dataset:read', 'dataset:write', 'receipt:create'] });
    other = await registerRoot(reg, { display_name: 'ledger-scribe' }, { byAdmin: true });
  });

  afterAll(async () => {
    expect(reg.errors).toEqual([]);
    await reg.close();
  });

  describe('when an agent registers', () => {
    it('answers with the entry index and shows the agent', async () => {
      const detail = await reg.call('GET', `/v1/agents/${root.id}`);
      expect(detail.status).toBe(200);
      expect(detail.json).toMatchObject({ id: root.id, tenant: reg.tenant, display_name: 'invoice-triage', status: 'active', depth: 0, current_key: root.key.did });
      expect(detail.json.registered.index).toBe(String(root.index));
    });

    it('refuses the same agent id twice with 409 and changes nothing', async () => {
      const before = reg.server.sequencer.size;
      const statement = signed(reg.server.origin, 'agent.registered', reg.tenant, root.id, { key: newKey().did, display_name: 'dup', capabilities: [], scopes: ['dataset:read'] }, [
        newKey().as('agent'),
      ]);
      const result = await reg.operator('POST', '/v1/agents', { statement });
      expect(result.status).toBe(409);
      expect(result.json.error.code).toBe('STATE_TRANSITION_INVALID');
      expect(result.json.error.details.rule).toBe('AGENT_EXISTS');
      expect(reg.server.sequencer.size).toBe(before);
    });

    it('refuses a root agent with neither an admin signature nor the operator token (401)', async () => {
      const key = newKey();
      const statement = signed(reg.server.origin, 'agent.registered', reg.tenant, newAgentId(reg.tenant), { key: key.did, display_name: 'x', capabilities: [], scopes: ['dataset:read'] }, [
        key.as('agent'),
      ]);
      const result = await reg.call('POST', '/v1/agents', { statement });
      expect(result.status).toBe(401);
      expect(result.json.error.code).toBe('OPERATOR_TOKEN_REQUIRED');
    });
  });

  describe('when agents delegate', () => {
    const grant = (parent: TestAgent, scopes: string[]) => {
      const statement = signed(reg.server.origin, 'delegation.granted', reg.tenant, newDelegationId(), { parent: parent.id, child: newAgentId(reg.tenant), child_key: newKey().did, scopes }, [
        parent.key.as('parent'),
      ]);
      return reg.call('POST', '/v1/delegations', { statement });
    };

    it('registers a chain to depth 3 and refuses depth 4', async () => {
      const child = await delegate(reg, root, ['dataset:read', 'dataset:write']);
      const grandchild = await delegate(reg, child, ['dataset:read']);
      const great = await delegate(reg, grandchild, ['dataset:read']);
      const detail = await reg.call('GET', `/v1/agents/${great.id}`);
      expect(detail.json).toMatchObject({ depth: 3, parent: grandchild.id, delegation: great.delegation });
      const tooDeep = await grant(great, ['dataset:read']);
      expect(tooDeep.status).toBe(409);
      expect(tooDeep.json.error.details.rule).toBe('DEPTH_EXCEEDED');
      const delegationView = await reg.call('GET', `/v1/delegations/${child.delegation}`);
      expect(delegationView.json).toMatchObject({ parent: root.id, child: child.id, scopes: ['dataset:read', 'dataset:write'] });
    });

    it('refuses child scopes wider than the parent (409 SCOPE_WIDENING)', async () => {
      const child = await delegate(reg, other, ['dataset:read']);
      const wider = await grant(child, ['model:deploy']);
      expect(wider.status).toBe(409);
      expect(wider.json.error.details.rule).toBe('SCOPE_WIDENING');
    });
  });

  describe('when an agent changes its record', () => {
    it('narrows its scopes, and may not widen them itself', async () => {
      const agent = await registerRoot(reg, { scopes: ['dataset:read', 'model:deploy'] });
      const narrow = signed(reg.server.origin, 'agent.scopes_changed', reg.tenant, agent.id, { scopes: ['dataset:read'] }, [agent.key.as('agent')]);
      expect((await reg.call('POST', `/v1/agents/${agent.id}/scopes`, { statement: narrow })).status).toBe(201);
      const widen = signed(reg.server.origin, 'agent.scopes_changed', reg.tenant, agent.id, { scopes: ['dataset:read', 'model:deploy'] }, [agent.key.as('agent')]);
      const refused = await reg.call('POST', `/v1/agents/${agent.id}/scopes`, { statement: widen });
      expect(refused.status).toBe(409);
      expect(refused.json.error.details.rule).toBe('SCOPE_WIDENING');
      const byAdmin = signed(reg.server.origin, 'agent.scopes_changed', reg.tenant, agent.id, { scopes: ['dataset:read', 'model:deploy'] }, [reg.admin.as('admin')]);
      expect((await reg.call('POST', `/v1/agents/${agent.id}/scopes`, { statement: byAdmin })).status).toBe(201);
    });

    it('updates metadata', async () => {
      const statement = signed(reg.server.origin, 'agent.metadata_updated', reg.tenant, other.id, { version: '2.0.0', owner: 'ledger@example.com' }, [other.key.as('agent')]);
      expect((await reg.call('POST', `/v1/agents/${other.id}/metadata`, { statement })).status).toBe(201);
      expect((await reg.call('GET', `/v1/agents/${other.id}`)).json).toMatchObject({ version: '2.0.0', owner: 'ledger@example.com' });
    });

    it('refuses a statement whose subject is not the agent in the path (422 STATEMENT_MISMATCH)', async () => {
      const statement = signed(reg.server.origin, 'agent.metadata_updated', reg.tenant, other.id, { version: '3.0.0' }, [other.key.as('agent')]);
      const result = await reg.call('POST', `/v1/agents/${root.id}/metadata`, { statement });
      expect(result.status).toBe(422);
      expect(result.json.error.code).toBe('STATEMENT_MISMATCH');
    });

    it('rotates a key, after which the old key signs nothing', async () => {
      const agent = await registerRoot(reg);
      const next = newKey();
      const rotate = signed(reg.server.origin, 'agent.key_rotated', reg.tenant, agent.id, { previous_key: agent.key.did, new_key: next.did }, [
        agent.key.as('agent'),
        next.as('new_key'),
      ]);
      expect((await reg.call('POST', `/v1/agents/${agent.id}/keys`, { statement: rotate })).status).toBe(201);
      const stale = signed(reg.server.origin, 'agent.metadata_updated', reg.tenant, agent.id, { version: '9' }, [agent.key.as('agent')]);
      const refused = await reg.call('POST', `/v1/agents/${agent.id}/metadata`, { statement: stale });
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatchObject({ code: 'ENTRY_KEY_NOT_CURRENT', details: { rule: 'KEY_ROTATED' } });
      expect((await reg.call('GET', `/v1/agents/${agent.id}`)).json.current_key).toBe(next.did);
    });

    it('records a key compromise with its compromised_at', async () => {
      const agent = await registerRoot(reg);
      const compromisedAt = formatTimestamp(Date.now() - 3_600_000);
      const report = signed(reg.server.origin, 'agent.key_compromised', reg.tenant, agent.id, { key: agent.key.did, compromised_at: compromisedAt, reason: 'leaked' }, [
        reg.admin.as('admin'),
      ]);
      expect((await reg.call('POST', `/v1/agents/${agent.id}/keys/compromised`, { statement: report })).status).toBe(201);
      const detail = await reg.call('GET', `/v1/agents/${agent.id}`);
      expect(detail.json.keys[0]).toMatchObject({ key: agent.key.did, compromised_at: compromisedAt });
    });
  });

  describe('when an agent authenticates', () => {
    async function challenge(agent: TestAgent): Promise<{ nonce: string; signing_input: string; statement: { body: { session_id: string } } }> {
      const result = await reg.call('POST', '/v1/sessions/challenge', { agent: agent.id, scopes: ['dataset:read'], ttl_seconds: 600 });
      expect(result.status, result.text).toBe(201);
      return result.json;
    }

    it('logs session.authenticated and hands out a token that introspects as active', async () => {
      const c = await challenge(other);
      const signature = bytesToBase64Url(other.key.as('agent').sign(base64UrlToBytes(c.signing_input)));
      const done = await reg.call('POST', '/v1/sessions', { nonce: c.nonce, signature });
      expect(done.status, done.text).toBe(201);
      expect(done.json).toMatchObject({ session_id: c.statement.body.session_id, agent: other.id, scopes: ['dataset:read'] });
      const live = await reg.call('POST', '/v1/sessions/introspect', { token: done.json.token });
      expect(live.json).toMatchObject({ active: true, agent: other.id, session_id: c.statement.body.session_id });
      const list = await reg.call('GET', `/v1/agents/${other.id}/sessions`);
      expect(list.json.sessions[0]).toMatchObject({ session_id: c.statement.body.session_id, index: done.json.index });
      expect((await reg.call('POST', '/v1/sessions/introspect', { token: 'wst_nope' })).json).toEqual({ active: false });
    });

    it('refuses a wrong signature (422) and then the used challenge (404)', async () => {
      const c = await challenge(other);
      const signature = bytesToBase64Url(newKey().as('agent').sign(base64UrlToBytes(c.signing_input)));
      const before = reg.server.sequencer.size;
      const bad = await reg.call('POST', '/v1/sessions', { nonce: c.nonce, signature });
      expect(bad.status).toBe(422);
      expect(bad.json.error.code).toBe('ENTRY_BAD_SIGNATURE');
      const again = await reg.call('POST', '/v1/sessions', { nonce: c.nonce, signature });
      expect(again.status).toBe(404);
      expect(again.json.error.code).toBe('CHALLENGE_UNKNOWN');
      expect(reg.server.sequencer.size).toBe(before);
    });
  });

  describe('when trust signals arrive', () => {
    it('records scores with their factors and suspends automatically in 0–29', async () => {
      const agent = await registerRoot(reg);
      const healthy = await reg.operator('POST', `/v1/agents/${agent.id}/trust-signals`, {
        factors: { behavioral_compliance: 92, scope_adherence: 100, anomaly_score: 85, peer_attestations: 60, session_hygiene: 95 },
      });
      expect(healthy.status, healthy.text).toBe(201);
      expect(healthy.json).toMatchObject({ score: 90, band: 'full_autonomy' });
      expect(healthy.json.suspended).toBeUndefined();
      const drop = await reg.operator('POST', `/v1/agents/${agent.id}/trust-signals`, {
        factors: { behavioral_compliance: 10, scope_adherence: 20, anomaly_score: 5 },
        flags: ['volume_spike'],
        reason: 'burst of failed calls',
      });
      expect(drop.status, drop.text).toBe(201);
      expect(drop.json).toMatchObject({ band: 'suspension', factors: { peer_attestations: 60, session_hygiene: 95 } });
      expect(drop.json.entries.map((e: { type: string }) => e.type)).toEqual(['trust.score_recorded', 'agent.suspended']);
      const detail = await reg.call('GET', `/v1/agents/${agent.id}`);
      expect(detail.json.status_record).toMatchObject({ status: 'suspended', by: 'registry' });
      const history = await reg.call('GET', `/v1/agents/${agent.id}/trust`);
      expect(history.json.scores.map((s: { score: number }) => s.score)).toEqual([drop.json.score, 90]);
      const refused = await reg.call('POST', '/v1/sessions/challenge', { agent: agent.id });
      expect(refused.status).toBe(409);
      expect(refused.json.error.code).toBe('AGENT_NOT_ACTIVE');
    });

    it("needs all five factors for an agent's first score (422)", async () => {
      const agent = await registerRoot(reg);
      const result = await reg.operator('POST', `/v1/agents/${agent.id}/trust-signals`, { factors: { anomaly_score: 50 } });
      expect(result.status).toBe(422);
      expect(result.json.error.code).toBe('TRUST_FACTORS_INCOMPLETE');
    });
  });

  describe('when statements come in a batch', () => {
    it('logs them all or none', async () => {
      const agent = await registerRoot(reg);
      const ok = signed(reg.server.origin, 'agent.metadata_updated', reg.tenant, agent.id, { version: '1.1' }, [agent.key.as('agent')]);
      const bad = signed(reg.server.origin, 'agent.scopes_changed', reg.tenant, agent.id, { scopes: ['model:deploy'] }, [agent.key.as('agent')]);
      const before = reg.server.sequencer.size;
      const refused = await reg.call('POST', '/v1/statements', { statements: [ok, bad] });
      expect(refused.status).toBe(409);
      expect(refused.json.error.details).toMatchObject({ statement: 1, rule: 'SCOPE_WIDENING' });
      expect(reg.server.sequencer.size).toBe(before);
      expect((await reg.call('GET', `/v1/agents/${agent.id}`)).json.version).not.toBe('1.1');
      const accepted = await reg.call('POST', '/v1/statements', { statements: [ok] });
      expect(accepted.status).toBe(201);
    });
  });

  describe('when a write waits for its checkpoint', () => {
    it('answers with a receipt that verifies under the log key', async () => {
      const agent = await registerRoot(reg);
      const statement = signed(reg.server.origin, 'agent.metadata_updated', reg.tenant, agent.id, { purpose: 'Receipts.' }, [agent.key.as('agent')]);
      const result = await reg.call('POST', `/v1/agents/${agent.id}/metadata?wait=checkpoint`, { statement });
      expect(result.status).toBe(201);
      const receipt = validateReceipt(result.json.receipt);
      const opened = openCheckpoint(receipt.checkpoint, reg.server.logVerifierKey);
      const entry = await reg.call('GET', `/v1/entries/${receipt.index}`);
      const bytes = reg.server.sequencer.readEntry(Number(receipt.index)) as Uint8Array;
      expect(entry.json.entry).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
      expect(() => verifyReceiptInclusion(receipt, bytes, opened.checkpoint)).not.toThrow();
    });
  });

  describe('when the state is queried', () => {
    it('filters and pages the agent list', async () => {
      const all = await reg.call('GET', `/v1/agents?tenant=${reg.tenant}&limit=500`);
      expect(all.json.agents.length).toBe(reg.server.sequencer.state.agents.size);
      const page1 = await reg.call('GET', '/v1/agents?limit=3');
      expect(page1.json.agents).toHaveLength(3);
      const page2 = await reg.call('GET', `/v1/agents?limit=3&after=${page1.json.next}`);
      expect(page2.json.agents[0].id).toBe(all.json.agents[3].id);
      const suspended = await reg.call('GET', '/v1/agents?status=suspended');
      expect(suspended.json.agents.every((a: { status: string }) => a.status === 'suspended')).toBe(true);
      expect(suspended.json.agents.length).toBeGreaterThan(0);
      const depth3 = await reg.call('GET', '/v1/agents?depth=3');
      expect(depth3.json.agents).toHaveLength(1);
      const byName = await reg.call('GET', '/v1/agents?q=INVOICE');
      expect(byName.json.agents.map((a: { id: string }) => a.id)).toEqual([root.id]);
    });
  });
});
