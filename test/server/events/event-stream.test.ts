import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../src/core/note/vkey.ts';
import { publicKeyFromDidKey } from '../../../src/core/identity/did-key.ts';
import { formatTimestamp } from '../../../src/core/log/time.ts';
import { createEventRoutes } from '../../../src/server/events/event-routes.ts';
import { verifySecurityEventToken } from '../../../src/server/events/security-event-token.ts';
import { CREDENTIAL_CHANGE, SESSION_REVOKED, TOKEN_CLAIMS_CHANGE } from '../../../src/server/events/security-events.ts';
import type { Json } from '../helpers/http.ts';
import { signed } from '../helpers/keys.ts';
import { adminCommand, registerChild, registerRoots, startAdminWorld, type AdminWorld, type WorldAgent } from '../admin/admin-world.ts';
import { connectSse, type SseClient, type SseFrame } from './sse-client.ts';

interface OpenedEvent {
  readonly frame: SseFrame;
  readonly data: Json;
  /** The verified claims of each SET. */
  readonly sets: Json[];
}

describe('GET /v1/events', () => {
  let world: AdminWorld;
  let roots: WorldAgent[];
  let rootsB: WorldAgent[];
  let live: SseClient;
  const clients: SseClient[] = [];
  // A subscriber pins the log key (C2SP vkey) and checks SETs with it: the same Ed25519 key.
  let pinnedKey: Uint8Array;

  const subscribe = async (query = '', headers: Record<string, string> = {}): Promise<SseClient> => {
    const client = await connectSse(`${world.reg.server.url}/v1/events${query}`, headers);
    expect(client.status).toBe(200);
    clients.push(client);
    return client;
  };
  const open = (frame: SseFrame): OpenedEvent => {
    expect(frame.event).toBe('security-event');
    const data = JSON.parse(frame.data) as Json;
    expect(frame.id).toBe(data.index);
    const sets = (data.sets as string[]).map((token) => {
      const { header, claims } = verifySecurityEventToken(token, pinnedKey);
      expect(header).toEqual({ alg: 'EdDSA', kid: world.reg.server.registryKey, typ: 'secevent+jwt' });
      expect(claims).toMatchObject({ iss: world.reg.server.origin, txn: data.index });
      expect(claims.warden_log).toMatchObject({ index: data.index, leaf_hash: data.leaf_hash, entry_type: data.type });
      return claims;
    });
    return { frame, data, sets };
  };
  const subjects = (event: OpenedEvent): string[] => event.sets.map((s) => s.sub_id.user.id as string);
  const command = async (fields: Parameters<typeof adminCommand>[1], keys = [world.a1]): Promise<Json> => {
    const result = await world.reg.call('POST', '/v1/admin/commands', adminCommand(world, fields, keys));
    expect(result.status, result.text).toBe(201);
    return result.json;
  };

  beforeAll(async () => {
    world = await startAdminWorld({ routes: [createEventRoutes({ path: '/v1/events-for-two', maxSubscribers: 2 })] });
    pinnedKey = parseVerifierKey(world.reg.server.logVerifierKey).publicKey;
    expect(pinnedKey).toEqual(publicKeyFromDidKey(world.reg.server.registryKey));
    roots = await registerRoots(world, world.tenantA, world.a1, 12);
    rootsB = await registerRoots(world, world.tenantB, world.b1, 2);
    live = await subscribe();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    expect(world.reg.errors).toEqual([]);
    await world.reg.close();
  });

  it('pushes a signed session-revoked event per revoked agent, carrying the log index and leaf hash', async () => {
    const root = roots[0] as WorldAgent;
    const child = await registerChild(world, root);
    const answer = await command({ action: 'revoke', tenant: world.tenantA, targets: [root.id], cascade: true, detail: 'key leaked' });
    const event = open(await live.next());
    expect(event.data).toMatchObject({ index: answer.index, leaf_hash: answer.leaf_hash, type: 'agent.revoked', tenant: world.tenantA });
    expect(subjects(event)).toEqual([root.id, child.id]);
    const [first, second] = event.sets as [Json, Json];
    expect(first.sub_id).toEqual({ format: 'complex', user: { format: 'opaque', id: root.id }, tenant: { format: 'opaque', id: world.tenantA } });
    expect(first.events[SESSION_REVOKED]).toMatchObject({ initiating_entity: 'admin', reason_admin: { en: 'administrative: key leaked' } });
    expect(first.events[SESSION_REVOKED].event_timestamp).toBe(Math.floor(Date.parse(answer.entry.time) / 1000));
    expect(first.warden_log).toEqual({ index: answer.index, leaf_hash: answer.leaf_hash, entry_type: 'agent.revoked', status: 'revoked' });
    expect(second.warden_log.cascade).toBe(true);
    expect(new Set(event.sets.map((s) => s.jti)).size).toBe(2);
    // Checked against the log: the entry at that index has that leaf hash, and the receipt agrees.
    const stored = await world.reg.call('GET', `/v1/entries/${event.data.index}`);
    expect(stored.json.leaf_hash).toBe(event.data.leaf_hash);
    expect(answer.receipt.leaf_hash).toBe(event.data.leaf_hash);
  });

  it('pushes suspensions as session-revoked and reinstatements as token-claims-change', async () => {
    const target = roots[1] as WorldAgent;
    await command({ action: 'suspend', tenant: world.tenantA, targets: [target.id] });
    const suspended = open(await live.next());
    expect(suspended.sets[0].events[SESSION_REVOKED]).toMatchObject({ initiating_entity: 'admin' });
    expect(suspended.sets[0].warden_log.status).toBe('suspended');
    await command({ action: 'reinstate', tenant: world.tenantA, targets: [target.id] });
    const reinstated = open(await live.next());
    expect(reinstated.sets[0].events[TOKEN_CLAIMS_CHANGE]).toMatchObject({ initiating_entity: 'admin', claims: { warden_status: 'active' } });
  });

  it('pushes a key compromise as credential-change, an automatic suspension as policy, a delegation revocation as user', async () => {
    const agent = roots[2] as WorldAgent;
    const statement = signed(world.reg.server.origin, 'agent.key_compromised', world.tenantA, agent.id, { key: agent.key.did, compromised_at: formatTimestamp(Date.now() - 60_000) }, [
      agent.key.as('agent'),
    ]);
    expect((await world.reg.call('POST', '/v1/statements', { statements: [statement] })).status).toBe(201);
    const compromised = open(await live.next());
    expect(compromised.data.type).toBe('agent.key_compromised');
    expect(compromised.sets[0].events[CREDENTIAL_CHANGE]).toMatchObject({
      initiating_entity: 'user',
      credential_type: 'did-key',
      change_type: 'revoke',
      friendly_name: agent.key.did,
    });

    const scored = roots[3] as WorldAgent;
    const factors = { behavioral_compliance: 0, scope_adherence: 0, anomaly_score: 0, peer_attestations: 0, session_hygiene: 0 };
    expect((await world.reg.operator('POST', `/v1/agents/${scored.id}/trust-signals`, { factors })).status).toBe(201);
    const automatic = open(await live.next());
    expect(automatic.data.type).toBe('agent.suspended');
    expect(automatic.sets[0].events[SESSION_REVOKED]).toMatchObject({ initiating_entity: 'policy' });

    const parent = roots[4] as WorldAgent;
    const child = await registerChild(world, parent);
    const revoke = signed(world.reg.server.origin, 'delegation.revoked', world.tenantA, child.delegation, { reason: 'contract ended' }, [parent.key.as('parent')]);
    expect((await world.reg.call('POST', '/v1/statements', { statements: [revoke] })).status).toBe(201);
    const delegation = open(await live.next());
    expect(subjects(delegation)).toEqual([child.id]);
    expect(delegation.sets[0].events[SESSION_REVOKED]).toMatchObject({ initiating_entity: 'user' });
  });

  it('resumes with Last-Event-ID: exactly the missed events, byte-identical to the live ones, then live', async () => {
    const early = await subscribe();
    await command({ action: 'suspend', tenant: world.tenantA, targets: [(roots[5] as WorldAgent).id] });
    const seen = await early.next();
    const seenLive = await live.next();
    expect(seen.raw).toBe(seenLive.raw);
    early.close();
    await command({ action: 'suspend', tenant: world.tenantA, targets: [(roots[6] as WorldAgent).id] });
    await command({ action: 'revoke', tenant: world.tenantA, targets: [(roots[7] as WorldAgent).id] });
    const missed = [await live.next(), await live.next()];

    const resumed = await subscribe('', { 'last-event-id': seen.id as string });
    expect([(await resumed.next()).raw, (await resumed.next()).raw]).toEqual(missed.map((f) => f.raw));
    const byQuery = await subscribe(`?last_event_id=${seen.id as string}`);
    expect([(await byQuery.next()).raw, (await byQuery.next()).raw]).toEqual(missed.map((f) => f.raw));

    await command({ action: 'suspend', tenant: world.tenantA, targets: [(roots[8] as WorldAgent).id] });
    const next = await live.next();
    expect((await resumed.next()).raw).toBe(next.raw);
    expect((await byQuery.next()).raw).toBe(next.raw);
  });

  it('filters by tenant', async () => {
    const onlyB = await subscribe(`?tenant=${world.tenantB}`);
    await command({ action: 'suspend', tenant: world.tenantA, targets: [(roots[9] as WorldAgent).id] });
    await command({ action: 'suspend', tenant: world.tenantB, targets: [(rootsB[0] as WorldAgent).id] }, [world.b1, world.b2]);
    expect(open(await live.next()).data.tenant).toBe(world.tenantA);
    const liveB = open(await live.next());
    const filtered = open(await onlyB.next());
    expect(filtered.data.tenant).toBe(world.tenantB);
    expect(filtered.frame.raw).toBe(liveB.frame.raw);
  });

  it('serves an HTTP/1.0 client a close-delimited stream (no chunk framing) with the same frames', async () => {
    const url = new URL(world.reg.server.url);
    const socket = connect(Number(url.port), url.hostname);
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.write('GET /v1/events HTTP/1.0\r\nAccept: text/event-stream\r\n\r\n');
    try {
      while (!text.includes(': warden security events')) await new Promise((resolve) => setTimeout(resolve, 10));
      await command({ action: 'suspend', tenant: world.tenantA, targets: [(roots[10] as WorldAgent).id] });
      const frame = await live.next();
      while (!text.includes(frame.raw)) await new Promise((resolve) => setTimeout(resolve, 10));
      const [head, body] = text.split('\r\n\r\n') as [string, string];
      expect(head.toLowerCase()).not.toContain('transfer-encoding');
      expect(body.startsWith(': warden security events\nretry: 2000\n\n')).toBe(true);
      expect(body.endsWith(Buffer.from(frame.raw, 'utf8').toString('latin1'))).toBe(true);
    } finally {
      socket.destroy();
    }
  });

  it('refuses subscribers beyond its limit with 503 EVENTS_TOO_MANY_SUBSCRIBERS, and takes one again when one leaves', async () => {
    const url = `${world.reg.server.url}/v1/events-for-two`;
    const first = await connectSse(url);
    const second = await connectSse(url);
    clients.push(first, second);
    const third = await connectSse(url);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 503]);
    expect(JSON.parse(third.body as string).error.code).toBe('EVENTS_TOO_MANY_SUBSCRIBERS');
    first.close();
    await first.ended;
    let again = await connectSse(url);
    // The server sees the close a moment after the client: retry until the slot is free.
    for (let attempt = 0; again.status === 503 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      again = await connectSse(url);
    }
    clients.push(again);
    expect(again.status).toBe(200);
  });

  it('refuses a cursor that is not an index of this log, and unknown parameters (422)', async () => {
    for (const cursor of [String(world.reg.server.sequencer.size + 10), 'abc', '-1', '01']) {
      const refused = await connectSse(`${world.reg.server.url}/v1/events`, { 'last-event-id': cursor });
      expect(refused.status).toBe(422);
      expect(JSON.parse(refused.body as string).error.code).toBe('EVENTS_CURSOR_INVALID');
    }
    const unknown = await connectSse(`${world.reg.server.url}/v1/events?since=3`);
    expect(unknown.status).toBe(422);
    expect(JSON.parse(unknown.body as string).error.code).toBe('REQUEST_INVALID');
    const noTenant = await connectSse(`${world.reg.server.url}/v1/events?tenant=deadbeef-0000-4000-8000-000000000000`);
    expect(noTenant.status).toBe(404);
  });
});
