/** Registering agents through the API, for tests. */
import { expect } from 'vitest';
import type { StatementBodies } from '../../../src/core/log/types/index.ts';
import type { TestRegistry } from './registry-fixture.ts';
import { newAgentId, newDelegationId, newKey, signed, type TestKey } from './keys.ts';

export interface TestAgent {
  readonly id: string;
  key: TestKey;
  readonly index: number;
}

type Profile = Partial<Omit<StatementBodies['agent.registered'], 'key' | 'parent'>>;

const profileOf = (profile: Profile): Omit<StatementBodies['agent.registered'], 'key' | 'parent'> => ({
  display_name: 'test-agent',
  owner: 'team@example.com',
  capabilities: ['classify'],
  scopes: ['dataset:read', 'receipt:create'],
  ...profile,
});

/** Registers a root agent: co-signed by the registry for the operator, or by the bootstrap admin. */
export async function registerRoot(reg: TestRegistry, profile: Profile = {}, options: { byAdmin?: boolean } = {}): Promise<TestAgent> {
  const key = newKey();
  const id = newAgentId(reg.tenant);
  const signers = options.byAdmin === true ? [key.as('agent'), reg.admin.as('admin')] : [key.as('agent')];
  const statement = signed(reg.server.origin, 'agent.registered', reg.tenant, id, { key: key.did, ...profileOf(profile) }, signers);
  const result = options.byAdmin === true ? await reg.call('POST', '/v1/agents', { statement }) : await reg.operator('POST', '/v1/agents', { statement });
  expect(result.status, result.text).toBe(201);
  return { id, key, index: Number(result.json.index) };
}

/** Grants a delegation from `parent` and registers the child under it (two requests). */
export async function delegate(reg: TestRegistry, parent: TestAgent, scopes: string[]): Promise<TestAgent & { delegation: string }> {
  const key = newKey();
  const id = newAgentId(reg.tenant);
  const delegation = newDelegationId();
  const grant = signed(reg.server.origin, 'delegation.granted', reg.tenant, delegation, { parent: parent.id, child: id, child_key: key.did, scopes }, [
    parent.key.as('parent'),
  ]);
  const granted = await reg.call('POST', '/v1/delegations', { statement: grant });
  expect(granted.status, granted.text).toBe(201);
  const statement = signed(
    reg.server.origin,
    'agent.registered',
    reg.tenant,
    id,
    { key: key.did, ...profileOf({ scopes }), parent: { agent: parent.id, delegation } },
    [key.as('agent')],
  );
  const registered = await reg.call('POST', '/v1/agents', { statement });
  expect(registered.status, registered.text).toBe(201);
  return { id, key, index: Number(registered.json.index), delegation };
}
