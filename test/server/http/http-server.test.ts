import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/server/http/http-server.ts';
import { Router } from '../../../src/server/http/router.ts';
import { call } from '../helpers/http.ts';

describe('createHttpServer', () => {
  let server: Server;
  let base: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const router = new Router().add(
      { method: 'GET', path: '/boom', handler: () => Promise.reject(new Error('disk on fire at /secret/path')) },
      { method: 'GET', path: '/slow', handler: () => new Promise(() => {}) },
      { method: 'POST', path: '/echo', maxBodyBytes: 64, handler: async (ctx) => ({ status: 200, json: { got: await ctx.readJson() } }) },
      {
        method: 'GET',
        path: '/events',
        handler: () => ({
          status: 200,
          stream: (response) => {
            response.write('id: 1\ndata: one\n\n');
            setTimeout(() => response.end('id: 2\ndata: two\n\n'), 10);
          },
        }),
      },
    );
    server = createHttpServer({ router, logger: { info() {}, warn() {}, error: (m) => void errors.push(m) }, handlerTimeoutMs: 100 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers an unexpected failure with 500 INTERNAL, logging the cause but not sending it', async () => {
    const result = await call(base, 'GET', '/boom');
    expect(result.status).toBe(500);
    expect(result.json).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
    expect(result.text).not.toContain('secret');
    expect(errors.some((line) => line.includes('GET /boom') && line.includes('disk on fire'))).toBe(true);
  });

  it('answers a handler that takes too long with 503 UNAVAILABLE', async () => {
    const result = await call(base, 'GET', '/slow');
    expect(result.status).toBe(503);
    expect(result.json.error.code).toBe('UNAVAILABLE');
  });

  it('enforces the route body limit (413) and parses strict JSON', async () => {
    expect((await call(base, 'POST', '/echo', { a: 'x'.repeat(100) })).status).toBe(413);
    expect((await call(base, 'POST', '/echo', { a: 1 })).json).toEqual({ got: { a: 1 } });
  });

  it('hands a streamed reply its response', async () => {
    const response = await fetch(`${base}/events`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toBe('id: 1\ndata: one\n\nid: 2\ndata: two\n\n');
  });
});
