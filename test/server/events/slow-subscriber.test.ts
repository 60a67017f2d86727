import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/server/http/http-server.ts';
import { createEventRoutes } from '../../../src/server/events/event-routes.ts';
import { adminCommand, registerRoots, startAdminWorld, type AdminWorld, type WorldAgent } from '../admin/admin-world.ts';
import { connectSse, type SseClient } from './sse-client.ts';

// The same event stream as /v1/events, served a second time with a small per-subscriber buffer
// (32 KiB instead of 1 MiB) so that a real, non-reading connection reaches it in a few dozen events.
const SMALL_PATH = '/v1/events-small-buffer';
const SMALL_BUFFER = 32 * 1024;
// About 60 events fill the loopback socket buffers here; the bound only stops a broken test.
const MAX_ROUNDS = 400;

describe('GET /v1/events with a subscriber that stops reading', () => {
  let world: AdminWorld;
  let targets: WorldAgent[];
  const info: string[] = [];
  const errors: string[] = [];
  const clients: SseClient[] = [];
  const logger: Logger = { info: (m) => void info.push(m), warn: () => {}, error: (m) => void errors.push(m) };

  beforeAll(async () => {
    world = await startAdminWorld({ logger, routes: [createEventRoutes({ path: SMALL_PATH, maxBufferedBytes: SMALL_BUFFER })] });
    // 64 targets per command make each event one frame of 64 signed SETs (about 70 KB).
    targets = await registerRoots(world, world.tenantA, world.a1, 64);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    expect(errors).toEqual([]);
    await world.reg.close();
  });

  it('disconnects it instead of buffering without bound; it resumes from the log with Last-Event-ID', async () => {
    const base = world.reg.server.url;
    const slow = await connectSse(`${base}${SMALL_PATH}`);
    const healthy = await connectSse(`${base}/v1/events`);
    clients.push(slow, healthy);
    expect([slow.status, healthy.status]).toEqual([200, 200]);
    slow.pause();

    const ids = targets.map((t) => t.id);
    const indices: string[] = [];
    let dropped = false;
    for (let round = 0; round < MAX_ROUNDS && !dropped; round++) {
      const action = round % 2 === 0 ? 'suspend' : 'reinstate';
      const result = await world.reg.call('POST', '/v1/admin/commands', adminCommand(world, { action, tenant: world.tenantA, targets: ids }, [world.a1]));
      expect(result.status, result.text).toBe(201);
      indices.push(result.json.index as string);
      dropped = info.some((line) => line.includes('disconnected a subscriber'));
    }
    expect(dropped).toBe(true);
    // Two more events after the drop: the slow subscriber can only get them by resuming.
    for (const action of indices.length % 2 === 0 ? (['suspend', 'reinstate'] as const) : (['reinstate', 'suspend'] as const)) {
      const result = await world.reg.call('POST', '/v1/admin/commands', adminCommand(world, { action, tenant: world.tenantA, targets: ids }, [world.a1]));
      expect(result.status, result.text).toBe(201);
      indices.push(result.json.index as string);
    }

    // The server closed the slow connection: reading what was delivered ends the stream.
    slow.resume();
    await slow.ended;
    const delivered = slow.frames.map((f) => f.id as string);
    expect(delivered.length).toBeLessThan(indices.length);
    expect(delivered).toEqual(indices.slice(0, delivered.length));

    // Resuming after the last complete event delivers exactly the rest, byte-identical to the live stream.
    const last = delivered[delivered.length - 1];
    const resumed = await connectSse(`${base}${SMALL_PATH}`, last === undefined ? {} : { 'last-event-id': last });
    clients.push(resumed);
    const rest: string[] = [];
    while (rest.length < indices.length - delivered.length) rest.push(((await resumed.next()).id as string));
    expect([...delivered, ...rest]).toEqual(indices);

    // The subscriber that kept reading was never dropped and got every event.
    const all: string[] = [];
    while (all.length < indices.length) all.push((await healthy.next()).id as string);
    expect(all).toEqual(indices);
    expect(info.filter((line) => line.includes('disconnected a subscriber'))).toHaveLength(1);
  });
});
