/**
 * A registry with two tenants built through the API, for the admin-channel and event-stream tests:
 * - tenant A (the default tenant): admins A1 (bootstrap) and A2, default policy (every threshold 1);
 * - tenant B: admins B1 and B2 and a 2-of-2 policy for revoke, suspend and reinstate.
 * Admin commands are signed here with any keys, windows and nonces (including invalid ones).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { bytesToBase64Url } from '../../../src/core/encoding/index.ts';
import { ADMIN_COMMAND_FORMAT, adminCommandSigningBytes, type AdminAction, type AdminCommand, type UnsignedAdminCommand } from '../../../src/core/log/admin-command.ts';
import type { EntrySignature } from '../../../src/core/log/signature.ts';
import { formatTimestamp } from '../../../src/core/log/time.ts';
import type { RegistryServerOptions } from '../../../src/server/registry-server.ts';
import { newAgentId, newDelegationId, newKey, signed, type TestKey } from '../helpers/keys.ts';
import { startTestRegistry, type TestRegistry } from '../helpers/registry-fixture.ts';

export interface WorldAgent {
  readonly id: string;
  readonly key: TestKey;
  readonly tenant: string;
}

export interface AdminWorld {
  readonly reg: TestRegistry;
  readonly tenantA: string;
  readonly tenantB: string;
  readonly a1: TestKey;
  readonly a2: TestKey;
  readonly b1: TestKey;
  readonly b2: TestKey;
}

/** Rate limits high enough for tests that send many admin commands from one address. */
export const OPEN_RATE_LIMITS = { admin: { ratePerSecond: 100_000, burst: 100_000 }, session: { ratePerSecond: 100_000, burst: 100_000 } } as const;

async function expectCreated(result: Promise<{ status: number; text: string; json: { index?: string } }>): Promise<void> {
  const answer = await result;
  expect(answer.status, answer.text).toBe(201);
}

/** Starts a registry and builds tenants A and B with their admins (see the module comment). */
export async function startAdminWorld(options: Partial<RegistryServerOptions> = {}): Promise<AdminWorld> {
  const reg = await startTestRegistry({ rateLimits: OPEN_RATE_LIMITS, ...options });
  const origin = reg.server.origin;
  const tenantA = reg.tenant;
  const a1 = reg.admin;
  const a2 = newKey();
  await expectCreated(
    reg.call('POST', `/v1/tenants/${tenantA}/admins`, {
      statement: signed(origin, 'admin.enrolled', tenantA, a2.did, { seq: 2, name: 'Admin A2' }, [a2.as('new_key'), a1.as('admin')]),
    }),
  );
  const created = await reg.operator('POST', '/v1/tenants', { name: 'Tenant B' });
  expect(created.status, created.text).toBe(201);
  const tenantB = created.json.tenant.id as string;
  const b1 = newKey();
  const b2 = newKey();
  const enrolB1 = signed(origin, 'admin.enrolled', tenantB, b1.did, { seq: 1, name: 'Admin B1' }, [b1.as('new_key')]);
  const first = await reg.call('POST', `/v1/tenants/${tenantB}/admins`, { statement: enrolB1 }, { token: reg.server.operatorToken });
  expect(first.status, first.text).toBe(201);
  await expectCreated(
    reg.call('POST', `/v1/tenants/${tenantB}/admins`, {
      statement: signed(origin, 'admin.enrolled', tenantB, b2.did, { seq: 2, name: 'Admin B2' }, [b2.as('new_key'), b1.as('admin')]),
    }),
  );
  const policy = signed(origin, 'policy.quorum_set', tenantB, tenantB, { seq: 3, thresholds: { revoke: 2, suspend: 2, reinstate: 2, admin: 1, policy: 1 } }, [b1.as('admin')]);
  await expectCreated(reg.call('POST', '/v1/statements', { statements: [policy] }));
  return { reg, tenantA, tenantB, a1, a2, b1, b2 };
}

/** Registers `count` root agents of `tenant` in one request, co-signed by `admin`. */
export async function registerRoots(world: AdminWorld, tenant: string, admin: TestKey, count: number): Promise<WorldAgent[]> {
  const agents = Array.from({ length: count }, () => ({ id: newAgentId(tenant), key: newKey(), tenant }));
  const statements = agents.map((agent) =>
    signed(
      world.reg.server.origin,
      'agent.registered',
      tenant,
      agent.id,
      { key: agent.key.did, display_name: 'admin-test-agent', capabilities: [], scopes: ['dataset:read', 'dataset:write'] },
      [agent.key.as('agent'), admin.as('admin')],
    ),
  );
  await expectCreated(world.reg.call('POST', '/v1/statements', { statements }));
  return agents;
}

/** Grants a delegation from `parent` and registers a child under it; returns the child. */
export async function registerChild(world: AdminWorld, parent: WorldAgent): Promise<WorldAgent & { delegation: string }> {
  const origin = world.reg.server.origin;
  const child = { id: newAgentId(parent.tenant), key: newKey(), tenant: parent.tenant };
  const delegation = newDelegationId();
  const grant = signed(origin, 'delegation.granted', parent.tenant, delegation, { parent: parent.id, child: child.id, child_key: child.key.did, scopes: ['dataset:read'] }, [
    parent.key.as('parent'),
  ]);
  const register = signed(
    origin,
    'agent.registered',
    parent.tenant,
    child.id,
    { key: child.key.did, display_name: 'admin-test-child', capabilities: [], scopes: ['dataset:read'], parent: { agent: parent.id, delegation } },
    [child.key.as('agent')],
  );
  await expectCreated(world.reg.call('POST', '/v1/statements', { statements: [grant, register] }));
  return { ...child, delegation };
}

export interface CommandFields {
  readonly action: AdminAction;
  readonly tenant: string;
  readonly targets: readonly string[];
  readonly cascade?: boolean;
  readonly origin?: string;
  readonly issuedAt?: number;
  readonly expiresAt?: number;
  readonly nonce?: string;
  readonly detail?: string;
}

/** A fresh nonce (32 random bytes, base64url). */
export function newNonce(): string {
  return bytesToBase64Url(new Uint8Array(randomBytes(32)));
}

/** The unsigned command (defaults: issued now, valid 5 minutes, fresh nonce, no cascade). */
export function unsignedCommand(world: AdminWorld, fields: CommandFields): UnsignedAdminCommand {
  const issued = fields.issuedAt ?? Date.now();
  return {
    format: ADMIN_COMMAND_FORMAT,
    origin: fields.origin ?? world.reg.server.origin,
    tenant: fields.tenant,
    action: fields.action,
    targets: [...fields.targets],
    cascade: fields.cascade ?? false,
    reason: { code: 'administrative', detail: fields.detail ?? 'admin channel test' },
    issued_at: formatTimestamp(issued),
    expires_at: formatTimestamp(fields.expiresAt ?? issued + 5 * 60_000),
    nonce: fields.nonce ?? newNonce(),
  };
}

/** Signs `command` with every key in role admin, in canonical order, WITHOUT validating it. */
export function signWith(command: UnsignedAdminCommand, keys: readonly TestKey[]): AdminCommand {
  const message = adminCommandSigningBytes(command);
  const signatures: EntrySignature[] = keys
    .map((k) => ({ role: 'admin' as const, key: k.did, sig: bytesToBase64Url(k.as('admin').sign(message)) }))
    .sort((x, y) => (x.key < y.key ? -1 : 1));
  return { ...command, signatures };
}

/** Builds and signs a command. */
export function adminCommand(world: AdminWorld, fields: CommandFields, keys: readonly TestKey[]): AdminCommand {
  return signWith(unsignedCommand(world, fields), keys);
}
