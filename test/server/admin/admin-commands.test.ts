import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64UrlToBytes, equalBytes } from '../../../src/core/encoding/index.ts';
import { canonicalBytes } from '../../../src/core/jcs.ts';
import type { AdminCommand } from '../../../src/core/log/admin-command.ts';
import { validateReceipt, verifyReceiptInclusion } from '../../../src/core/log/receipt.ts';
import { openCheckpoint } from '../../../src/core/note/open-checkpoint.ts';
import { hashLeaf } from '../../../src/core/merkle/hash.ts';
import { adminCommandRoutes } from '../../../src/server/admin/admin-routes.ts';
import type { Route, RouteContext } from '../../../src/server/http/router.ts';
import { getBytes, type CallResult, type Json } from '../helpers/http.ts';
import { newAgentId, newKey } from '../helpers/keys.ts';
import { adminCommand, newNonce, registerChild, registerRoots, signWith, startAdminWorld, unsignedCommand, type AdminWorld, type WorldAgent } from './admin-world.ts';

const MINUTE = 60_000;

describe('POST /v1/admin/commands', () => {
  let world: AdminWorld;
  let rootsA: WorldAgent[];
  let rootsB: WorldAgent[];

  const send = (command: unknown): Promise<CallResult> => world.reg.call('POST', '/v1/admin/commands', command);
  const status = async (agent: string): Promise<string> => (await world.reg.call('GET', `/v1/agents/${agent}`)).json.status as string;
  const claimedState = async (): Promise<Uint8Array> => (await getBytes(world.reg.server.url, '/v1/state')).bytes;

  /** Verifies a receipt answer: the checkpoint under the log key, the leaf, the inclusion proof. */
  const expectVerifiedReceipt = (answer: Json): void => {
    const receipt = validateReceipt(answer.receipt);
    const entryBytes = canonicalBytes(answer.entry);
    expect(receipt.index).toBe(answer.index);
    expect(receipt.leaf_hash).toBe(answer.leaf_hash);
    const opened = openCheckpoint(receipt.checkpoint, world.reg.server.logVerifierKey);
    expect(opened.checkpoint.size).toBeGreaterThan(BigInt(receipt.index));
    verifyReceiptInclusion(receipt, entryBytes, { origin: opened.checkpoint.origin, size: opened.checkpoint.size, rootHash: opened.checkpoint.rootHash });
    expect(equalBytes(hashLeaf(entryBytes), base64UrlToBytes(receipt.leaf_hash, 32))).toBe(true);
  };

  /**
   * Sends `command` and expects the refusal `code` with `httpStatus`, and that nothing changed: the
   * log did not grow and the claimed state is byte-identical.
   */
  const expectRefused = async (command: unknown, httpStatus: number, code: string, raw?: string): Promise<CallResult> => {
    const sizeBefore = world.reg.server.sequencer.size;
    const before = await claimedState();
    const result = raw === undefined ? await send(command) : await world.reg.call('POST', '/v1/admin/commands', undefined, { raw });
    expect(result.status, result.text).toBe(httpStatus);
    expect(result.json.error.code).toBe(code);
    expect(world.reg.server.sequencer.size).toBe(sizeBefore);
    expect(equalBytes(await claimedState(), before)).toBe(true);
    return result;
  };

  beforeAll(async () => {
    world = await startAdminWorld();
    rootsA = await registerRoots(world, world.tenantA, world.a1, 12);
    rootsB = await registerRoots(world, world.tenantB, world.b1, 4);
  });

  afterAll(async () => {
    expect(world.reg.errors).toEqual([]);
    await world.reg.close();
  });

  describe('when a command is accepted', () => {
    it('revokes with cascade, answers 201 with a receipt that verifies, and the descendants are revoked', async () => {
      const root = rootsA[0] as WorldAgent;
      const child = await registerChild(world, root);
      const grandchild = await registerChild(world, child);
      const command = adminCommand(world, { action: 'revoke', tenant: world.tenantA, targets: [root.id], cascade: true }, [world.a1]);
      const result = await send(command);
      expect(result.status, result.text).toBe(201);
      expect(result.json).toMatchObject({ action: 'revoke', tenant: world.tenantA, affected: [root.id, child.id, grandchild.id] });
      expect(result.json.entry).toMatchObject({ type: 'agent.revoked', subject: root.id, body: { by: 'admin', command } });
      expectVerifiedReceipt(result.json);
      const stored = await world.reg.call('GET', `/v1/entries/${result.json.index}`);
      expect(stored.json.leaf_hash).toBe(result.json.leaf_hash);
      expect([await status(root.id), await status(child.id), await status(grandchild.id)]).toEqual(['revoked', 'revoked', 'revoked']);
      const detail = await world.reg.call('GET', `/v1/agents/${grandchild.id}`);
      expect(detail.json.status_record).toMatchObject({ status: 'revoked', by: 'admin', cascade_from: root.id });
    });

    it('without cascade changes the targets only', async () => {
      const root = rootsA[1] as WorldAgent;
      const child = await registerChild(world, root);
      const result = await send(adminCommand(world, { action: 'revoke', tenant: world.tenantA, targets: [root.id] }, [world.a2]));
      expect(result.status, result.text).toBe(201);
      expect(result.json.affected).toEqual([root.id]);
      expect([await status(root.id), await status(child.id)]).toEqual(['revoked', 'active']);
    });

    it('suspends, then reinstates, each with a verified receipt', async () => {
      const target = rootsA[2] as WorldAgent;
      const suspended = await send(adminCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [target.id] }, [world.a1, world.a2]));
      expect(suspended.status, suspended.text).toBe(201);
      expect(suspended.json.entry.type).toBe('agent.suspended');
      expectVerifiedReceipt(suspended.json);
      expect(await status(target.id)).toBe('suspended');
      const reinstated = await send(adminCommand(world, { action: 'reinstate', tenant: world.tenantA, targets: [target.id] }, [world.a1]));
      expect(reinstated.status, reinstated.text).toBe(201);
      expect(reinstated.json.entry.type).toBe('agent.reinstated');
      expectVerifiedReceipt(reinstated.json);
      expect(await status(target.id)).toBe('active');
    });

    it('meets a 2-of-2 policy with both admins of the tenant', async () => {
      const target = rootsB[0] as WorldAgent;
      const result = await send(adminCommand(world, { action: 'revoke', tenant: world.tenantB, targets: [target.id] }, [world.b1, world.b2]));
      expect(result.status, result.text).toBe(201);
      expectVerifiedReceipt(result.json);
      expect(await status(target.id)).toBe('revoked');
    });

    it('accepts any JSON spelling of the command (signatures cover its canonical form)', async () => {
      const target = rootsA[3] as WorldAgent;
      const command = adminCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [target.id] }, [world.a1]);
      const spelled = JSON.stringify(command, null, 2).replace('"format"', '"\\u0066ormat"');
      const result = await world.reg.call('POST', '/v1/admin/commands', undefined, { raw: spelled });
      expect(result.status, result.text).toBe(201);
      expect(await status(target.id)).toBe('suspended');
    });
  });

  describe('when the same command is sent again', () => {
    it('answers 200 with the same entry and receipt, and logs nothing', async () => {
      const target = rootsA[4] as WorldAgent;
      const command = adminCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [target.id] }, [world.a1]);
      const first = await send(command);
      expect(first.status, first.text).toBe(201);
      const size = world.reg.server.sequencer.size;
      const again = await send(command);
      expect(again.status, again.text).toBe(200);
      expect(again.json).toEqual(first.json);
      expect(world.reg.server.sequencer.size).toBe(size);
    });

    it('logs a command sent several times at once exactly once', async () => {
      const target = rootsA[5] as WorldAgent;
      const command = adminCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [target.id] }, [world.a2]);
      const size = world.reg.server.sequencer.size;
      const answers = await Promise.all(Array.from({ length: 4 }, () => send(command)));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.json.index)).size).toBe(1);
      expect(answers[1]?.json.receipt).toEqual(answers[0]?.json.receipt);
      expect(world.reg.server.sequencer.size).toBe(size + 1);
    });

    it('logs a command submitted several times in ONE group commit exactly once', async () => {
      // The route's handler called directly, three times in one tick: the three submissions reach
      // the sequencer's same batch, so the duplicates meet the used nonce before the ledger row exists.
      const [route] = adminCommandRoutes(world.reg.server.context);
      const target = rootsA[9] as WorldAgent;
      const command = adminCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [target.id] }, [world.a1]);
      const ctx = { readJson: () => Promise.resolve(structuredClone(command)) } as unknown as RouteContext;
      const size = world.reg.server.sequencer.size;
      const replies = await Promise.all([0, 1, 2].map(() => (route as Route).handler(ctx)));
      expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(replies.map((r) => (r.json as Json).index)).size).toBe(1);
      expect(world.reg.server.sequencer.size).toBe(size + 1);
      expect(await status(target.id)).toBe('suspended');
    });
  });

  describe('when a command is refused, nothing changes', () => {
    const fresh = (fields: Partial<Parameters<typeof adminCommand>[1]> = {}) =>
      unsignedCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [(rootsA[6] as WorldAgent).id], ...fields });

    it('a signature that does not verify: 403 ADMIN_BAD_SIGNATURE', async () => {
      const command = signWith(fresh(), [world.a1]);
      const tampered: AdminCommand = { ...command, reason: { code: 'administrative', detail: 'not what was signed' } };
      const result = await expectRefused(tampered, 403, 'ADMIN_BAD_SIGNATURE');
      expect(result.json.error.details.bad).toEqual([world.a1.did]);
    });

    it('a signer the registry does not know: 403 ADMIN_UNKNOWN_ADMIN (UNKNOWN_ADMIN)', async () => {
      const result = await expectRefused(signWith(fresh(), [newKey()]), 403, 'ADMIN_UNKNOWN_ADMIN');
      expect(result.json.error.details.rule).toBe('UNKNOWN_ADMIN');
    });

    it("an admin of another tenant: 403 ADMIN_UNKNOWN_ADMIN (NOT_TENANT_ADMIN)", async () => {
      const result = await expectRefused(signWith(fresh(), [world.b1]), 403, 'ADMIN_UNKNOWN_ADMIN');
      expect(result.json.error.details.rule).toBe('NOT_TENANT_ADMIN');
    });

    it("an agent's key signing as an admin: 403 ADMIN_UNKNOWN_ADMIN", async () => {
      await expectRefused(signWith(fresh(), [(rootsA[7] as WorldAgent).key]), 403, 'ADMIN_UNKNOWN_ADMIN');
    });

    it('one signature on the 2-of-2 tenant: 403 ADMIN_QUORUM_NOT_MET, and the nonce stays usable', async () => {
      const target = rootsB[1] as WorldAgent;
      const nonce = newNonce();
      const unsigned = unsignedCommand(world, { action: 'suspend', tenant: world.tenantB, targets: [target.id], nonce });
      const result = await expectRefused(signWith(unsigned, [world.b1]), 403, 'ADMIN_QUORUM_NOT_MET');
      expect(result.json.error.details).toMatchObject({ required: 2, got: 1 });
      expect(await status(target.id)).toBe('active');
      const quorate = await send(signWith(unsigned, [world.b1, world.b2]));
      expect(quorate.status, quorate.text).toBe(201);
      expect(await status(target.id)).toBe('suspended');
    });

    it('an expired command: 422 ADMIN_COMMAND_EXPIRED', async () => {
      const issuedAt = Date.now() - 20 * MINUTE;
      await expectRefused(signWith(fresh({ issuedAt, expiresAt: issuedAt + 9 * MINUTE }), [world.a1]), 422, 'ADMIN_COMMAND_EXPIRED');
    });

    it('an expiry more than 10 minutes ahead: 422 ADMIN_COMMAND_EXPIRY_TOO_FAR', async () => {
      await expectRefused(signWith(fresh({ expiresAt: Date.now() + 30 * MINUTE }), [world.a1]), 422, 'ADMIN_COMMAND_EXPIRY_TOO_FAR');
    });

    it('a validity window longer than 10 minutes: 422 ADMIN_COMMAND_EXPIRY_TOO_FAR', async () => {
      const issuedAt = Date.now() - 5 * MINUTE;
      await expectRefused(signWith(fresh({ issuedAt, expiresAt: issuedAt + 11 * MINUTE }), [world.a1]), 422, 'ADMIN_COMMAND_EXPIRY_TOO_FAR');
    });

    it('a command issued in the future beyond the clock skew: 422 ADMIN_COMMAND_NOT_YET_VALID', async () => {
      const issuedAt = Date.now() + 5 * MINUTE;
      await expectRefused(signWith(fresh({ issuedAt, expiresAt: issuedAt + 4 * MINUTE }), [world.a1]), 422, 'ADMIN_COMMAND_NOT_YET_VALID');
    });

    it('a nonce already used by another command: 409 ADMIN_REPLAYED', async () => {
      const nonce = newNonce();
      const accepted = await send(signWith(unsignedCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [(rootsA[8] as WorldAgent).id], nonce }), [world.a1]));
      expect(accepted.status, accepted.text).toBe(201);
      await expectRefused(signWith(fresh({ nonce }), [world.a1]), 409, 'ADMIN_REPLAYED');
      // The same command re-signed by a different set of admins is a different command too.
      const resigned = signWith(unsignedCommand(world, { action: 'suspend', tenant: world.tenantA, targets: [(rootsA[8] as WorldAgent).id], nonce }), [world.a1, world.a2]);
      await expectRefused(resigned, 409, 'ADMIN_REPLAYED');
    });

    it("another registry's origin: 422 ADMIN_WRONG_ORIGIN", async () => {
      await expectRefused(signWith(fresh({ origin: 'registry.example/other' }), [world.a1]), 422, 'ADMIN_WRONG_ORIGIN');
    });

    it('a target that does not exist: 404 ADMIN_UNKNOWN_TARGET', async () => {
      const result = await expectRefused(signWith(fresh({ targets: [newAgentId(world.tenantA)] }), [world.a1]), 404, 'ADMIN_UNKNOWN_TARGET');
      expect(result.json.error.details.agents).toHaveLength(1);
    });

    it("another tenant's agent as a target: 404 ADMIN_UNKNOWN_TARGET", async () => {
      const result = await expectRefused(signWith(fresh({ targets: [(rootsB[2] as WorldAgent).id] }), [world.a1]), 404, 'ADMIN_UNKNOWN_TARGET');
      expect(result.json.error.details.rule).toBe('COMMAND_TARGET_TENANT');
    });

    it('a target the action does not apply to: 409 ADMIN_TARGET_STATUS', async () => {
      const result = await expectRefused(signWith(fresh({ action: 'reinstate' }), [world.a1]), 409, 'ADMIN_TARGET_STATUS');
      expect(result.json.error.details).toMatchObject({ status: 'active' });
    });

    it('a tenant that does not exist: 404 TENANT_NOT_FOUND', async () => {
      const tenant = 'deadbeef-0000-4000-8000-000000000000';
      await expectRefused(signWith(fresh({ tenant, targets: [newAgentId(tenant)] }), [world.a1]), 404, 'TENANT_NOT_FOUND');
    });

    it('malformed JSON: 400 JSON_MALFORMED', async () => {
      await expectRefused(undefined, 400, 'JSON_MALFORMED', '{"format": "warden.admin-command/v1",');
    });

    it('a duplicate member name: 400 JSON_DUPLICATE_KEY', async () => {
      const command = signWith(fresh(), [world.a1]);
      const raw = JSON.stringify(command).replace('{', `{"cascade":true,`);
      await expectRefused(undefined, 400, 'JSON_DUPLICATE_KEY', raw);
    });

    it('a body that is not a command (missing nonce, unknown member): 422 ADMIN_COMMAND_MALFORMED', async () => {
      const { nonce: _nonce, ...withoutNonce } = signWith(fresh(), [world.a1]);
      const missing = await expectRefused(withoutNonce, 422, 'ADMIN_COMMAND_MALFORMED');
      expect(missing.json.error.details.issues.length).toBeGreaterThan(0);
      await expectRefused({ ...signWith(fresh(), [world.a1]), extra: 1 }, 422, 'ADMIN_COMMAND_MALFORMED');
      await expectRefused([1, 2, 3], 422, 'ADMIN_COMMAND_MALFORMED');
    });

    it('a signature in a role other than admin: 422 ADMIN_COMMAND_MALFORMED', async () => {
      const command = signWith(fresh(), [world.a1]);
      const result = await expectRefused({ ...command, signatures: command.signatures.map((s) => ({ ...s, role: 'registry' })) }, 422, 'ADMIN_COMMAND_MALFORMED');
      expect(result.json.error.details.rule).toBe('COMMAND_SIGNER_ROLE');
    });

    it('a body over 16 KiB: 413 PAYLOAD_TOO_LARGE', async () => {
      const command = signWith(fresh(), [world.a1]);
      const raw = JSON.stringify({ ...command, padding: 'x'.repeat(17 * 1024) });
      await expectRefused(undefined, 413, 'PAYLOAD_TOO_LARGE', raw);
    });

    it('a body that is not JSON: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const result = await world.reg.call('POST', '/v1/admin/commands', undefined, { raw: 'revoke everything', headers: { 'content-type': 'text/plain' } });
      expect(result.status).toBe(415);
      expect(result.json.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });
});
