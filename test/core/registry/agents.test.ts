import { describe, expect, it } from 'vitest';
import { LogWriter } from '../../../src/core/log/log-writer.ts';
import { isKeyValidAt } from '../../../src/core/registry/queries.ts';
import { expectRejected, sign, profile } from './helpers.ts';


function scenario() {
  const w = new LogWriter({ seed: 'agents' });
  const tenant = w.createTenant('Acme');
  const admin = w.enrolAdmin(tenant, 'Alice');
  const root = w.registerRoot(tenant, profile(['dataset:*', 'model:deploy', 'receipt:create']));
  const { child, delegation } = w.delegate(root, profile(['dataset:read', 'model:deploy']));
  return { w, tenant, admin, root, child, delegation };
}

describe('agent.registered', () => {
  it('registers a root agent (admin- or registry-authorised) and a delegated one at depth 1', () => {
    const { w, tenant, root, child, delegation } = scenario();
    const byRegistry = w.registerRoot(tenant, profile(['receipt:read']), { byRegistry: true });
    expect(w.agent(root)).toMatchObject({ depth: 0, status: 'active', children: [child] });
    expect(w.agent(child)).toMatchObject({ depth: 1, parent: root, delegation, scopes: ['dataset:read', 'model:deploy'] });
    expect(w.agent(byRegistry).depth).toBe(0);
    expect(w.state.delegations.get(delegation)?.registered).toBeDefined();
    expect(w.state.keys.get(w.agent(child).currentKey)).toEqual({ kind: 'agent', agent: child });
  });
  it('refuses a duplicate agent id (AGENT_EXISTS)', () => {
    const { w, tenant, admin, root } = scenario();
    const key = w.newKey().did;
    const st = w.statement('agent.registered', tenant, root, { key, ...profile(['dataset:read']) });
    expectRejected(w, sign(st, [w.signer('agent', key), w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'AGENT_EXISTS');
  });
  it("refuses another agent's key (KEY_REUSED)", () => {
    const { w, tenant, admin, root } = scenario();
    const key = w.agent(root).currentKey;
    const st = w.statement('agent.registered', tenant, w.newAgentId(tenant), { key, ...profile(['dataset:read']) });
    expectRejected(w, sign(st, [w.signer('agent', key), w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'KEY_REUSED');
  });
  it('needs the registered key to sign (NEW_KEY_MISMATCH)', () => {
    const { w, tenant, admin } = scenario();
    const key = w.newKey().did;
    const other = w.newKey().did;
    const st = w.statement('agent.registered', tenant, w.newAgentId(tenant), { key, ...profile(['dataset:read']) });
    expectRejected(w, sign(st, [w.signer('agent', other), w.signer('admin', admin)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NEW_KEY_MISMATCH');
  });
  it('needs a root agent to be authorised by an enrolled admin or the registry', () => {
    const { w, tenant } = scenario();
    const key = w.newKey().did;
    const stranger = w.newKey().did;
    const st = w.statement('agent.registered', tenant, w.newAgentId(tenant), { key, ...profile(['dataset:read']) });
    expectRejected(w, sign(st, [w.signer('agent', key)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
    expectRejected(w, sign(st, [w.signer('agent', key), w.signer('admin', stranger)]), 'ENTRY_UNKNOWN_SIGNER', 'UNKNOWN_ADMIN');
    expectRejected(w, sign(st, [w.signer('agent', key), w.signer('registry', stranger)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_REGISTRY_KEY');
  });

  describe('when delegated', () => {
    function grant(w: LogWriter, parent: string, scopes: string[]) {
      const p = w.agent(parent);
      const key = w.newKey();
      const child = w.newAgentId(p.tenant);
      const delegation = w.newDelegationId();
      w.append(w.statement('delegation.granted', p.tenant, delegation, { parent, child, child_key: key.did, scopes }), [w.signer('parent', p.currentKey)]);
      const register = (body: Partial<{ key: string; scopes: string[]; delegation: string; child: string }> = {}) =>
        sign(
          w.statement('agent.registered', p.tenant, body.child ?? child, {
            key: body.key ?? key.did,
            ...profile(body.scopes ?? scopes),
            parent: { agent: parent, delegation: body.delegation ?? delegation },
          }),
          [w.signer('agent', body.key ?? key.did)],
        );
      return { key, child, delegation, register };
    }
    it('refuses an unknown delegation (DELEGATION_UNKNOWN)', () => {
      const { w, root } = scenario();
      const g = grant(w, root, ['dataset:read']);
      expectRejected(w, g.register({ delegation: w.newDelegationId() }), 'STATE_TRANSITION_INVALID', 'DELEGATION_UNKNOWN');
    });
    it('refuses a key other than the delegated one (DELEGATION_MISMATCH)', () => {
      const { w, root } = scenario();
      const g = grant(w, root, ['dataset:read']);
      expectRejected(w, g.register({ key: w.newKey().did }), 'STATE_TRANSITION_INVALID', 'DELEGATION_MISMATCH');
    });
    it('authorises one registration: the named child once (AGENT_EXISTS), no other child (DELEGATION_MISMATCH)', () => {
      const { w, root } = scenario();
      const g = grant(w, root, ['dataset:read']);
      const first = g.register();
      w.builder.apply(first, w.entries.length);
      w.entries.push(first);
      expectRejected(w, g.register(), 'STATE_TRANSITION_INVALID', 'AGENT_EXISTS');
      expectRejected(w, g.register({ child: w.newAgentId(w.agent(root).tenant) }), 'STATE_TRANSITION_INVALID', 'DELEGATION_MISMATCH');
    });
    it('refuses a revoked delegation (DELEGATION_REVOKED)', () => {
      const { w, root } = scenario();
      const g = grant(w, root, ['dataset:read']);
      w.revokeDelegation(g.delegation);
      expectRejected(w, g.register(), 'STATE_TRANSITION_INVALID', 'DELEGATION_REVOKED');
    });
    it('refuses a parent that is no longer active (PARENT_NOT_ACTIVE)', () => {
      const { w, root } = scenario();
      const g = grant(w, root, ['dataset:read']);
      w.executeCommand(w.adminCommand(w.agent(root).tenant, 'suspend', [root]));
      expectRejected(w, g.register(), 'STATE_TRANSITION_INVALID', 'PARENT_NOT_ACTIVE');
    });
    it('refuses scopes beyond the delegation (SCOPE_WIDENING)', () => {
      const { w, root } = scenario();
      const g = grant(w, root, ['dataset:read']);
      expectRejected(w, g.register({ scopes: ['dataset:read', 'dataset:write'] }), 'STATE_TRANSITION_INVALID', 'SCOPE_WIDENING');
    });
    it("refuses scopes the parent no longer holds although the delegation granted them (SCOPE_WIDENING)", () => {
      const { w, root } = scenario();
      const g = grant(w, root, ['receipt:create']);
      w.changeScopes(root, ['dataset:*', 'model:deploy']);
      expectRejected(w, g.register(), 'STATE_TRANSITION_INVALID', 'SCOPE_WIDENING');
    });
  });
});

describe('delegation.granted', () => {
  it('allows depth 3 and refuses depth 4 (DEPTH_EXCEEDED)', () => {
    const { w, child } = scenario();
    const d2 = w.delegate(child, profile(['dataset:read'])).child;
    const d3 = w.delegate(d2, profile(['dataset:read'])).child;
    expect(w.agent(d3).depth).toBe(3);
    const p = w.agent(d3);
    const st = w.statement('delegation.granted', p.tenant, w.newDelegationId(), { parent: d3, child: w.newAgentId(p.tenant), child_key: w.newKey().did, scopes: ['dataset:read'] });
    expectRejected(w, sign(st, [w.signer('parent', p.currentKey)]), 'STATE_TRANSITION_INVALID', 'DEPTH_EXCEEDED');
  });
  it('refuses widening the parent scopes (SCOPE_WIDENING) and passing on *:* (WILDCARD_DELEGATED)', () => {
    const { w, tenant, root } = scenario();
    const p = w.agent(root);
    const st = w.statement('delegation.granted', tenant, w.newDelegationId(), { parent: root, child: w.newAgentId(tenant), child_key: w.newKey().did, scopes: ['pipeline:execute'] });
    expectRejected(w, sign(st, [w.signer('parent', p.currentKey)]), 'STATE_TRANSITION_INVALID', 'SCOPE_WIDENING');
    const god = w.registerRoot(tenant, profile(['*:*']));
    const g = w.agent(god);
    const st2 = w.statement('delegation.granted', tenant, w.newDelegationId(), { parent: god, child: w.newAgentId(tenant), child_key: w.newKey().did, scopes: ['*:*'] });
    expectRejected(w, sign(st2, [w.signer('parent', g.currentKey)]), 'STATE_TRANSITION_INVALID', 'WILDCARD_DELEGATED');
  });
  it('refuses a used delegation id, an existing child, a bound key and a non-parent signer', () => {
    const { w, tenant, root, child, delegation } = scenario();
    const p = w.agent(root);
    const body = { parent: root, child: w.newAgentId(tenant), child_key: w.newKey().did, scopes: ['dataset:read'] };
    expectRejected(w, sign(w.statement('delegation.granted', tenant, delegation, body), [w.signer('parent', p.currentKey)]), 'STATE_TRANSITION_INVALID', 'DELEGATION_EXISTS');
    expectRejected(w, sign(w.statement('delegation.granted', tenant, w.newDelegationId(), { ...body, child }), [w.signer('parent', p.currentKey)]), 'STATE_TRANSITION_INVALID', 'AGENT_EXISTS');
    expectRejected(
      w,
      sign(w.statement('delegation.granted', tenant, w.newDelegationId(), { ...body, child_key: w.agent(child).currentKey }), [w.signer('parent', p.currentKey)]),
      'STATE_TRANSITION_INVALID',
      'KEY_REUSED',
    );
    expectRejected(w, sign(w.statement('delegation.granted', tenant, w.newDelegationId(), body), [w.signer('parent', w.agent(child).currentKey)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_AGENT_KEY');
    expectRejected(w, sign(w.statement('delegation.granted', tenant, w.newDelegationId(), body), [w.registrySigner()]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
  });
});

describe('delegation.revoked', () => {
  it('revokes the child and its whole subtree', () => {
    const { w, root, child, delegation } = scenario();
    const grandchild = w.delegate(child, profile(['dataset:read'])).child;
    w.revokeDelegation(delegation, 'no longer needed');
    expect(w.agent(child).status).toBe('revoked');
    expect(w.agent(grandchild).statusRecord).toMatchObject({ status: 'revoked', by: 'parent', cascadeFrom: child });
    expect(w.agent(root).status).toBe('active');
    expect(w.state.statusActions.at(-1)).toMatchObject({ by: 'parent', affected: [child, grandchild], delegation });
  });
  it('refuses revoking twice (DELEGATION_REVOKED), and admins revoke only through the admin channel (SIGNER_ROLES)', () => {
    const { w, tenant, admin, root, delegation } = scenario();
    const first = w.revokeDelegation(delegation);
    expectRejected(w, first, 'STATE_TRANSITION_INVALID', 'DELEGATION_REVOKED');
    const other = w.delegate(root, profile(['dataset:read'])).delegation;
    expectRejected(w, sign(w.statement('delegation.revoked', tenant, other, {}), [w.signer('admin', admin)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
  });
});

describe('agent.metadata_updated', () => {
  it('updates the profile, signed by the agent or an admin', () => {
    const { w, child } = scenario();
    w.updateMetadata(child, { version: '2.0.0', owner: 'team@example.com' });
    w.updateMetadata(child, { display_name: 'renamed', capabilities: ['x'] }, { byAdmin: true });
    expect(w.agent(child)).toMatchObject({ version: '2.0.0', owner: 'team@example.com', displayName: 'renamed', capabilities: ['x'] });
  });
  it('refuses a replayed or older control statement (STALE_CONTROL_STATEMENT)', () => {
    const { w, tenant, child } = scenario();
    const old = w.updateMetadata(child, { version: '2.0.0' });
    w.updateMetadata(child, { version: '3.0.0' });
    expectRejected(w, old, 'STATE_TRANSITION_INVALID', 'STALE_CONTROL_STATEMENT');
    const backdated = w.statement('agent.metadata_updated', tenant, child, { version: '4.0.0' }, w.agent(child).lastControlTime);
    expectRejected(w, sign(backdated, [w.signer('agent', w.agent(child).currentKey)]), 'STATE_TRANSITION_INVALID', 'STALE_CONTROL_STATEMENT');
  });
  it('refuses changes to a revoked agent (AGENT_REVOKED)', () => {
    const { w, tenant, admin, child } = scenario();
    w.executeCommand(w.adminCommand(tenant, 'revoke', [child]));
    expectRejected(w, sign(w.statement('agent.metadata_updated', tenant, child, { version: '9' }), [w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'AGENT_REVOKED');
  });
});

describe('agent.key_rotated', () => {
  it('rotates to the new key and retires the old one', () => {
    const { w, child } = scenario();
    const old = w.agent(child).currentKey;
    const next = w.rotateKey(child);
    expect(w.agent(child).currentKey).toBe(next);
    expect(w.agent(child).keys.map((k) => [k.key, k.retired !== undefined])).toEqual([
      [old, true],
      [next, false],
    ]);
  });
  it('refuses a statement signed with a rotated-out key (ENTRY_KEY_NOT_CURRENT)', () => {
    const { w, tenant, child } = scenario();
    const old = w.agent(child).currentKey;
    w.rotateKey(child);
    expectRejected(w, sign(w.statement('agent.scopes_changed', tenant, child, { scopes: ['dataset:read'] }), [w.signer('agent', old)]), 'ENTRY_KEY_NOT_CURRENT', 'KEY_ROTATED');
  });
  it('refuses a statement signed by a key bound to nothing (ENTRY_UNKNOWN_SIGNER)', () => {
    const { w, tenant, child } = scenario();
    const stranger = w.newKey().did;
    expectRejected(w, sign(w.statement('agent.scopes_changed', tenant, child, { scopes: ['dataset:read'] }), [w.signer('agent', stranger)]), 'ENTRY_UNKNOWN_SIGNER', 'UNKNOWN_KEY');
  });
  it("refuses rotating a revoked agent's key (AGENT_REVOKED)", () => {
    const { w, tenant, admin, child } = scenario();
    w.executeCommand(w.adminCommand(tenant, 'revoke', [child]));
    const key = w.newKey().did;
    const st = w.statement('agent.key_rotated', tenant, child, { previous_key: w.agent(child).currentKey, new_key: key });
    expectRejected(w, sign(st, [w.signer('admin', admin), w.signer('new_key', key)]), 'STATE_TRANSITION_INVALID', 'AGENT_REVOKED');
  });
  it('refuses a stale previous_key, a missing new-key signature and a bound new key', () => {
    const { w, tenant, admin, root, child } = scenario();
    const current = w.agent(child).currentKey;
    const key = w.newKey().did;
    const stale = w.statement('agent.key_rotated', tenant, child, { previous_key: w.agent(root).currentKey, new_key: key });
    expectRejected(w, sign(stale, [w.signer('agent', current), w.signer('new_key', key)]), 'STATE_TRANSITION_INVALID', 'PREVIOUS_KEY_NOT_CURRENT');
    const st = w.statement('agent.key_rotated', tenant, child, { previous_key: current, new_key: key });
    expectRejected(w, sign(st, [w.signer('agent', current)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
    const adminKey = w.statement('agent.key_rotated', tenant, child, { previous_key: current, new_key: admin });
    expectRejected(w, sign(adminKey, [w.signer('agent', current), w.signer('new_key', admin)]), 'STATE_TRANSITION_INVALID', 'KEY_REUSED');
  });
});

describe('agent.key_compromised', () => {
  it('kills the key at once: the agent cannot sign or self-rotate (KEY_COMPROMISED); an admin recovers it', () => {
    const { w, tenant, child } = scenario();
    const stolen = w.agent(child).currentKey;
    w.reportCompromise(child);
    const key = w.newKey().did;
    const selfRotate = w.statement('agent.key_rotated', tenant, child, { previous_key: stolen, new_key: key });
    expectRejected(w, sign(selfRotate, [w.signer('agent', stolen), w.signer('new_key', key)]), 'ENTRY_KEY_NOT_CURRENT', 'KEY_COMPROMISED');
    const session = w.statement('session.authenticated', tenant, child, {
      session_id: 'sess_AAAAAAAAAAAAAAAAAAAAAA',
      nonce: 'A'.repeat(43),
      scopes: ['dataset:read'],
      expires_at: '2027-01-01T00:00:00.000Z',
    });
    expectRejected(w, sign(session, [w.signer('agent', stolen)]), 'ENTRY_KEY_NOT_CURRENT', 'KEY_COMPROMISED');
    w.rotateKey(child, { byAdmin: true });
    w.authenticate(child);
    expect(w.agent(child).sessions.count).toBe(1);
  });
  it('flags entries signed after the compromise instant but logged before the report', () => {
    const { w, child } = scenario();
    const session = w.authenticate(child);
    const key = w.agent(child).currentKey;
    w.reportCompromise(child, { compromisedAt: '2026-01-05T09:00:00.000Z' });
    const record = w.agent(child).keys.find((k) => k.key === key)!;
    expect(record.usedAfterCompromise).toBe(true);
    expect(isKeyValidAt(record, session.time)).toBe(false);
    expect(isKeyValidAt(record, '2026-01-05T08:59:59.999Z')).toBe(true);
  });
  it('refuses a report from the future, for a foreign key, or twice', () => {
    const { w, tenant, admin, root, child } = scenario();
    const key = w.agent(child).currentKey;
    const future = w.statement('agent.key_compromised', tenant, child, { key, compromised_at: '2030-01-01T00:00:00.000Z' });
    expectRejected(w, sign(future, [w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'COMPROMISED_AT_IN_FUTURE');
    const foreign = w.statement('agent.key_compromised', tenant, child, { key: w.agent(root).currentKey, compromised_at: '2026-01-05T09:00:00.000Z' });
    expectRejected(w, sign(foreign, [w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'KEY_NOT_AGENTS');
    w.reportCompromise(child);
    const again = w.statement('agent.key_compromised', tenant, child, { key, compromised_at: '2026-01-05T09:00:00.000Z' });
    expectRejected(w, sign(again, [w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'KEY_ALREADY_COMPROMISED');
  });
});

describe('agent.scopes_changed', () => {
  it('lets an agent narrow its scopes but not widen them (SCOPE_WIDENING)', () => {
    const { w, tenant, child } = scenario();
    w.changeScopes(child, ['dataset:read']);
    const st = w.statement('agent.scopes_changed', tenant, child, { scopes: ['dataset:read', 'model:deploy'] });
    expectRejected(w, sign(st, [w.signer('agent', w.agent(child).currentKey)]), 'STATE_TRANSITION_INVALID', 'SCOPE_WIDENING');
  });
  it("lets an admin widen a root agent, but never a delegated agent beyond its parent (SCOPE_WIDENING, WILDCARD_DELEGATED)", () => {
    const { w, tenant, admin, root, child } = scenario();
    w.changeScopes(root, ['dataset:*', 'model:deploy', 'receipt:create', 'pipeline:execute'], { byAdmin: true });
    expect(w.agent(root).scopes).toContain('pipeline:execute');
    const st = w.statement('agent.scopes_changed', tenant, child, { scopes: ['dataset:read', 'pipeline:execute'] });
    expectRejected(w, sign(st, [w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'SCOPE_WIDENING');
    const god = w.statement('agent.scopes_changed', tenant, child, { scopes: ['*:*'] });
    expectRejected(w, sign(god, [w.signer('admin', admin)]), 'STATE_TRANSITION_INVALID', 'WILDCARD_DELEGATED');
  });
  it('refuses narrowing a parent below what a live child holds (CHILD_SCOPES_EXCEED)', () => {
    const { w, tenant, root } = scenario();
    const st = w.statement('agent.scopes_changed', tenant, root, { scopes: ['dataset:*'] });
    expectRejected(w, sign(st, [w.signer('agent', w.agent(root).currentKey)]), 'STATE_TRANSITION_INVALID', 'CHILD_SCOPES_EXCEED');
  });
});
