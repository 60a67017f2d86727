import { describe, expect, it } from 'vitest';
import { LogWriter } from '../../../src/core/log/log-writer.ts';
import type { LogEntry } from '../../../src/core/log/statement.ts';
import { expectRejected, sign } from './helpers.ts';


function scenario() {
  const w = new LogWriter({ seed: 'governance' });
  const tenant = w.createTenant('Acme');
  const admin1 = w.enrolAdmin(tenant, 'Alice');
  const admin2 = w.enrolAdmin(tenant, 'Bob');
  const root = w.registerRoot(tenant, { display_name: 'root', capabilities: [], scopes: ['dataset:*'] });
  return { w, tenant, admin1, admin2, root };
}

describe('tenant.created', () => {
  it('creates a tenant with the default one-admin policy', () => {
    const { w, tenant } = scenario();
    expect(w.tenant(tenant)).toMatchObject({ prefix: tenant.slice(0, 8), govSeq: 2, agentCount: 1 });
    expect(w.tenant(tenant).policy.thresholds).toEqual({ revoke: 1, suspend: 1, reinstate: 1, admin: 1, policy: 1 });
  });
  it('refuses a tenant id already used (TENANT_EXISTS)', () => {
    const { w, tenant } = scenario();
    expectRejected(w, sign(w.statement('tenant.created', tenant, tenant, { name: 'Again' }), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'TENANT_EXISTS');
  });
  it('refuses a tenant whose 8-hex prefix is taken (TENANT_PREFIX_TAKEN)', () => {
    const { w, tenant } = scenario();
    const twin = `${tenant.slice(0, 9)}0000-4000-8000-000000000000`;
    expectRejected(w, sign(w.statement('tenant.created', twin, twin, { name: 'Twin' }), [w.registrySigner()]), 'STATE_TRANSITION_INVALID', 'TENANT_PREFIX_TAKEN');
  });
  it('refuses a tenant not signed by the registry key', () => {
    const { w, admin1 } = scenario();
    const id = w.newTenantId();
    expectRejected(w, sign(w.statement('tenant.created', id, id, { name: 'X' }), [w.signer('admin', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
    expectRejected(w, sign(w.statement('tenant.created', id, id, { name: 'X' }), [w.signer('registry', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_REGISTRY_KEY');
  });
  it('refuses any statement for a tenant that does not exist (TENANT_UNKNOWN)', () => {
    const { w, admin1 } = scenario();
    const id = w.newTenantId();
    expectRejected(
      w,
      sign(w.statement('policy.quorum_set', id, id, { seq: 1, thresholds: { revoke: 1, suspend: 1, reinstate: 1, admin: 1, policy: 1 } }), [w.signer('admin', admin1)]),
      'STATE_TRANSITION_INVALID',
      'TENANT_UNKNOWN',
    );
  });
});

describe('admin.enrolled', () => {
  it('refuses a replay of an earlier enrolment (GOVERNANCE_SEQ)', () => {
    const { w } = scenario();
    expectRejected(w, w.entries[2] as LogEntry, 'STATE_TRANSITION_INVALID', 'GOVERNANCE_SEQ');
  });
  it('refuses enrolling an enrolled admin (ADMIN_ENROLLED)', () => {
    const { w, tenant, admin1, admin2 } = scenario();
    const st = w.statement('admin.enrolled', tenant, admin2, { seq: 3, name: 'Bob again' });
    expectRejected(w, sign(st, [w.signer('new_key', admin2), w.signer('admin', admin1)]), 'STATE_TRANSITION_INVALID', 'ADMIN_ENROLLED');
  });
  it('refuses an agent key as an admin key (KEY_REUSED)', () => {
    const { w, tenant, admin1, root } = scenario();
    const key = w.agent(root).currentKey;
    const st = w.statement('admin.enrolled', tenant, key, { seq: 3, name: 'Sneaky' });
    expectRejected(w, sign(st, [w.signer('new_key', key), w.signer('admin', admin1)]), 'STATE_TRANSITION_INVALID', 'KEY_REUSED');
  });
  it('refuses the registry enrolling admins once the tenant has one (SIGNER_ROLES)', () => {
    const { w, tenant } = scenario();
    const key = w.newKey().did;
    const st = w.statement('admin.enrolled', tenant, key, { seq: 3, name: 'Mallory' });
    expectRejected(w, sign(st, [w.signer('new_key', key), w.registrySigner()]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
  });
  it('refuses an enrolment without the new key proving possession (NEW_KEY_MISMATCH, SIGNER_ROLES)', () => {
    const { w, tenant, admin1 } = scenario();
    const key = w.newKey().did;
    const other = w.newKey().did;
    const st = w.statement('admin.enrolled', tenant, key, { seq: 3, name: 'Carol' });
    expectRejected(w, sign(st, [w.signer('new_key', other), w.signer('admin', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NEW_KEY_MISMATCH');
    expectRejected(w, sign(st, [w.signer('admin', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
  });
  it('refuses an enrolment authorised by an unknown key (ENTRY_UNKNOWN_SIGNER)', () => {
    const { w, tenant } = scenario();
    const key = w.newKey().did;
    const stranger = w.newKey().did;
    const st = w.statement('admin.enrolled', tenant, key, { seq: 3, name: 'Carol' });
    expectRejected(w, sign(st, [w.signer('new_key', key), w.signer('admin', stranger)]), 'ENTRY_UNKNOWN_SIGNER', 'UNKNOWN_ADMIN');
  });
  it("refuses another tenant's admin (NOT_TENANT_ADMIN)", () => {
    const { w, tenant } = scenario();
    const other = w.createTenant('Other');
    const otherAdmin = w.enrolAdmin(other, 'Olga');
    const key = w.newKey().did;
    const st = w.statement('admin.enrolled', tenant, key, { seq: 3, name: 'Carol' });
    expectRejected(w, sign(st, [w.signer('new_key', key), w.signer('admin', otherAdmin)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'NOT_TENANT_ADMIN');
  });
  it('refuses a removed admin (ADMIN_REMOVED) and lets the admin be re-enrolled with a new seq', () => {
    const { w, tenant, admin1, admin2 } = scenario();
    w.removeAdmin(tenant, admin2, 'left');
    const key = w.newKey().did;
    const st = w.statement('admin.enrolled', tenant, key, { seq: 4, name: 'Carol' });
    expectRejected(w, sign(st, [w.signer('new_key', key), w.signer('admin', admin2)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'ADMIN_REMOVED');
    const again = w.statement('admin.enrolled', tenant, admin2, { seq: 4, name: 'Bob is back' });
    w.append(again, [w.signer('new_key', admin2), w.signer('admin', admin1)]);
    expect(w.enrolledAdmins(tenant)).toEqual([admin1, admin2]);
  });
  it('needs the admin quorum of the policy in force (QUORUM_NOT_MET)', () => {
    const { w, tenant, admin1 } = scenario();
    w.setQuorum(tenant, { revoke: 1, suspend: 1, reinstate: 1, admin: 2, policy: 1 });
    const key = w.newKey().did;
    const st = w.statement('admin.enrolled', tenant, key, { seq: 4, name: 'Carol' });
    expectRejected(w, sign(st, [w.signer('new_key', key), w.signer('admin', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'QUORUM_NOT_MET');
    w.append(st, [w.signer('new_key', key), ...w.quorumSigners(tenant, 'admin')]);
    expect(w.enrolledAdmins(tenant)).toHaveLength(3);
  });
});

describe('admin.removed', () => {
  it('refuses removing an admin who is not enrolled (ADMIN_NOT_ENROLLED)', () => {
    const { w, tenant, admin1 } = scenario();
    const stranger = w.newKey().did;
    expectRejected(w, sign(w.statement('admin.removed', tenant, stranger, { seq: 3 }), [w.signer('admin', admin1)]), 'STATE_TRANSITION_INVALID', 'ADMIN_NOT_ENROLLED');
  });
  it('refuses leaving fewer admins than a threshold needs (QUORUM_UNREACHABLE)', () => {
    const { w, tenant, admin1, admin2 } = scenario();
    w.setQuorum(tenant, { revoke: 2, suspend: 1, reinstate: 1, admin: 1, policy: 1 });
    expectRejected(w, sign(w.statement('admin.removed', tenant, admin2, { seq: 4 }), [w.signer('admin', admin1)]), 'STATE_TRANSITION_INVALID', 'QUORUM_UNREACHABLE');
  });
  it('refuses removing the last admin (QUORUM_UNREACHABLE)', () => {
    const { w, tenant, admin1, admin2 } = scenario();
    w.removeAdmin(tenant, admin2);
    expectRejected(w, sign(w.statement('admin.removed', tenant, admin1, { seq: 4 }), [w.signer('admin', admin1)]), 'STATE_TRANSITION_INVALID', 'QUORUM_UNREACHABLE');
  });
});

describe('policy.quorum_set', () => {
  const thresholds = { revoke: 2, suspend: 1, reinstate: 2, admin: 1, policy: 2 };
  it('sets the thresholds and the seq', () => {
    const { w, tenant } = scenario();
    w.setQuorum(tenant, thresholds);
    expect(w.tenant(tenant).policy).toMatchObject({ thresholds, seq: 3, set: { index: w.entries.length - 1 } });
  });
  it('refuses a threshold above the number of enrolled admins (QUORUM_UNREACHABLE)', () => {
    const { w, tenant, admin1 } = scenario();
    const st = w.statement('policy.quorum_set', tenant, tenant, { seq: 3, thresholds: { ...thresholds, revoke: 3 } });
    expectRejected(w, sign(st, [w.signer('admin', admin1)]), 'STATE_TRANSITION_INVALID', 'QUORUM_UNREACHABLE');
  });
  it('is signed under the previous policy (QUORUM_NOT_MET) and cannot be replayed (GOVERNANCE_SEQ)', () => {
    const { w, tenant, admin1 } = scenario();
    w.setQuorum(tenant, thresholds);
    const old = w.entries[w.entries.length - 1] as LogEntry;
    const st = w.statement('policy.quorum_set', tenant, tenant, { seq: 4, thresholds: { ...thresholds, revoke: 1 } });
    expectRejected(w, sign(st, [w.signer('admin', admin1)]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'QUORUM_NOT_MET');
    w.append(st, w.quorumSigners(tenant, 'policy'));
    expectRejected(w, old, 'STATE_TRANSITION_INVALID', 'GOVERNANCE_SEQ');
  });
  it('refuses a policy signed by the registry (SIGNER_ROLES)', () => {
    const { w, tenant } = scenario();
    const st = w.statement('policy.quorum_set', tenant, tenant, { seq: 3, thresholds });
    expectRejected(w, sign(st, [w.registrySigner()]), 'ENTRY_SIGNER_NOT_AUTHORISED', 'SIGNER_ROLES');
  });
});
