import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../../../src/core/api/contract.ts';
import { createApiHandlers } from '../../../src/node/bridge/handlers.ts';
import { startBridgeServer, type BridgeServer } from '../../../src/node/bridge/server.ts';
import { createRendererFixture, type RendererFixture } from './fixture.ts';
import { rawRequest, type RawRequest, type RawResponse } from './http-client.ts';

const MAX_BODY = 4096;

describe('startBridgeServer', () => {
  let fixture: RendererFixture;
  let bridge: BridgeServer;
  let internalErrors: unknown[];

  beforeAll(async () => {
    fixture = createRendererFixture();
    internalErrors = [];
    const handlers: ApiHandlers = {
      ...createApiHandlers({ name: 'Agent Warden', version: '0.1.0', runtime: 'browser' }),
      'app.ping': ({ message }) => {
        if (message === 'crash') throw new Error('handler crashed');
        return { message };
      },
    };
    bridge = await startBridgeServer({
      rendererDir: fixture.dir,
      handlers,
      maxBodyBytes: MAX_BODY,
      onInternalError: (_method, error) => internalErrors.push(error),
    });
  });

  afterAll(async () => {
    await bridge.close();
    fixture.remove();
  });

  const host = () => new URL(bridge.origin).host;
  const send = (options: RawRequest): Promise<RawResponse> =>
    rawRequest(bridge.origin, { ...options, headers: { host: host(), ...options.headers } });
  const call = (method: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    send({
      method: 'POST',
      path: `/__warden/api/${method}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bridge.token}`, ...headers },
      body,
    });
  const errorCode = (response: RawResponse): unknown => (JSON.parse(response.body) as { error?: { code?: unknown } }).error?.code;

  it('listens on 127.0.0.1 and prints a URL with a launch code in its fragment', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#launch=[A-Za-z0-9_-]{43}$/);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  describe('static files', () => {
    it('serves index.html with the bridge script injected and the security headers', async () => {
      const response = await send({ path: '/' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<script src="/__warden/bridge.js"></script>');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).toMatch(/sandbox allow-scripts allow-same-origin allow-downloads$/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('serves assets with their content types, and HEAD without a body', async () => {
      expect((await send({ path: '/assets/app.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect((await send({ path: '/assets/app.css?v=1' })).headers['content-type']).toBe('text/css; charset=utf-8');
      const head = await send({ method: 'HEAD', path: '/assets/app.js' });
      expect(head.status).toBe(200);
      expect(head.body).toBe('');
    });

    it('serves the bridge script without a token', async () => {
      const response = await send({ path: '/__warden/bridge.js' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.body).toContain('"app.info"');
    });

    it.each([
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets%5c..%5c..%5csecret.txt',
      '/.env',
      '/link-out.txt',
      '/assets/',
      '/index.html%00',
      '/missing.html',
      '/__warden/unknown',
    ])('answers 404 for %j without revealing anything', async (path) => {
      const response = await send({ path });
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('secret');
    });

    it('refuses other verbs on static files with 405', async () => {
      expect((await send({ method: 'POST', path: '/index.html', body: '{}' })).status).toBe(405);
      expect((await send({ method: 'DELETE', path: '/assets/app.js' })).status).toBe(405);
    });

    it('refuses an absolute-form request target with 400', async () => {
      expect((await send({ path: `${bridge.origin}/index.html` })).status).toBe(400);
    });
  });

  describe('the Host header (DNS rebinding)', () => {
    it('answers to 127.0.0.1:<port> and localhost:<port>, in any case', async () => {
      const port = new URL(bridge.origin).port;
      expect((await send({ path: '/', headers: { host: `localhost:${port}` } })).status).toBe(200);
      expect((await send({ path: '/', headers: { host: `LOCALHOST:${port}` } })).status).toBe(200);
    });

    it.each(['evil.example', 'evil.example:80', '127.0.0.1', '127.0.0.1:1', 'localhost', 'localhost.evil.example', '127.0.0.1.nip.io'])(
      'refuses Host %j with 403, for pages and for the API',
      async (badHost) => {
        expect((await send({ path: '/', headers: { host: badHost } })).status).toBe(403);
        const api = await call('app.info', '{}', { host: badHost });
        expect(api.status).toBe(403);
        expect(errorCode(api)).toBe('API_FORBIDDEN');
      },
    );
  });

  describe('the API', () => {
    it('answers a valid call with its envelope', async () => {
      const response = await call('app.info', '{}');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(response.body)).toEqual({ ok: true, value: { name: 'Agent Warden', version: '0.1.0', runtime: 'browser' } });
    });

    describe('when the token is missing or wrong', () => {
      it.each([
        ['no Authorization header', {}],
        ['a wrong token', { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
        ['a lowercase scheme', { authorization: 'bearer TOKEN' }],
        ['the token without a scheme', { authorization: 'TOKEN' }],
        ['Basic auth', { authorization: 'Basic dXNlcjpwYXNz' }],
        ['a token with trailing garbage', { authorization: 'Bearer TOKEN x' }],
      ])('refuses %s with 403', async (_label, headers: Record<string, string>) => {
        const authorization = headers.authorization?.replace('TOKEN', bridge.token);
        const response = await send({
          method: 'POST',
          path: '/__warden/api/app.info',
          headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
          body: '{}',
        });
        expect(response.status).toBe(403);
        expect(errorCode(response)).toBe('API_FORBIDDEN');
      });

      it('refuses the token in the query string', async () => {
        const response = await send({
          method: 'POST',
          path: `/__warden/api/app.info?token=${bridge.token}`,
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(response.status).toBe(403);
      });
    });

    it('refuses a cross-origin browser request with 403 even with the token', async () => {
      expect((await call('app.info', '{}', { origin: 'https://evil.example' })).status).toBe(403);
      expect((await call('app.info', '{}', { origin: 'null' })).status).toBe(403);
      expect((await call('app.info', '{}', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await call('app.info', '{}', { origin: bridge.origin, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    });

    it('refuses a non-JSON content type with 415', async () => {
      const response = await call('app.info', '{}', { 'content-type': 'text/plain' });
      expect(response.status).toBe(415);
      expect(errorCode(response)).toBe('API_BAD_REQUEST');
    });

    it('refuses GET with 405', async () => {
      const response = await send({ path: '/__warden/api/app.info', headers: { authorization: `Bearer ${bridge.token}` } });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('POST');
    });

    describe('when the body is too large', () => {
      it('answers 413 INPUT_TOO_LARGE from the declared length', async () => {
        const response = await call('app.ping', JSON.stringify({ message: 'x'.repeat(MAX_BODY) }));
        expect(response.status).toBe(413);
        expect(errorCode(response)).toBe('INPUT_TOO_LARGE');
      });

      it('answers 413 INPUT_TOO_LARGE for a chunked body without a length', async () => {
        const response = await send({
          method: 'POST',
          path: '/__warden/api/app.ping',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bridge.token}` },
          body: JSON.stringify({ message: 'x'.repeat(MAX_BODY * 2) }),
          chunked: true,
        });
        expect(response.status).toBe(413);
        expect(errorCode(response)).toBe('INPUT_TOO_LARGE');
      });
    });

    describe('when the body is not strict JSON', () => {
      it.each([
        ['empty', '', 'JSON_MALFORMED'],
        ['truncated', '{"message":', 'JSON_MALFORMED'],
        ['single quotes', "{'message':'x'}", 'JSON_MALFORMED'],
        ['a trailing comma', '{"message":"x",}', 'JSON_MALFORMED'],
        ['a BOM', '\ufeff{"message":"x"}', 'JSON_MALFORMED'],
        ['trailing garbage', '{"message":"x"} {}', 'JSON_MALFORMED'],
        ['duplicate keys', '{"message":"x","message":"y"}', 'JSON_DUPLICATE_KEY'],
        ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'ENCODING_INVALID_UTF8'],
        ['too deep', '['.repeat(100) + ']'.repeat(100), 'JSON_TOO_DEEP'],
      ])('answers 400 with a code for %s', async (_label, body, code) => {
        const response = await call('app.ping', body);
        expect(response.status).toBe(400);
        expect(errorCode(response)).toBe(code);
      });
    });

    it.each(['app.unknown', '__proto__', 'constructor', '', 'app.info%00', 'APP.INFO'])(
      'answers an unknown method %j with an API_UNKNOWN_METHOD envelope',
      async (method) => {
        const response = await call(method, '{}');
        expect(response.status).toBe(200);
        expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'API_UNKNOWN_METHOD' } });
      },
    );

    it.each([
      ['null', 'null'],
      ['an array', '[]'],
      ['a missing field', '{}'],
      ['an extra field', '{"message":"x","admin":true}'],
      ['a prototype key', '{"message":"x","__proto__":{"admin":true}}'],
      ['a wrong type', '{"message":1}'],
    ])('answers invalid arguments (%s) with an API_BAD_ARGUMENTS envelope', async (_label, body) => {
      const response = await call('app.ping', body);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'API_BAD_ARGUMENTS' } });
    });

    it('answers a crashing handler with an API_INTERNAL envelope and keeps serving', async () => {
      const crashed = await call('app.ping', '{"message":"crash"}');
      expect(JSON.parse(crashed.body)).toMatchObject({ ok: false, error: { code: 'API_INTERNAL' } });
      expect(crashed.body).not.toContain('handler crashed');
      expect(internalErrors).toHaveLength(1);
      expect(JSON.parse((await call('app.ping', '{"message":"ok"}')).body)).toEqual({ ok: true, value: { message: 'ok' } });
    });
  });

  describe('the launch-code exchange', () => {
    const launch = (code: unknown) =>
      send({ method: 'POST', path: '/__warden/launch', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    const codeOf = (url: string) => new URL(url).hash.slice('#launch='.length);

    it('gives the session token for a fresh code, once', async () => {
      const code = codeOf(bridge.createLaunchUrl());
      const first = await launch(code);
      expect(first.status).toBe(200);
      expect(JSON.parse(first.body)).toEqual({ ok: true, value: { token: bridge.token } });
      const replay = await launch(code);
      expect(replay.status).toBe(403);
      expect(errorCode(replay)).toBe('API_FORBIDDEN');
    });

    it.each([['an unknown code', 'A'.repeat(43)], ['the session token', 'TOKEN'], ['a malformed code', '../../x'], ['a number', 7]])(
      'refuses %s with 403',
      async (_label, code) => {
        const response = await launch(code === 'TOKEN' ? bridge.token : code);
        expect(response.status).toBe(403);
      },
    );
  });
});

describe('startBridgeServer options', () => {
  const handlers = createApiHandlers({ name: 'Agent Warden', version: '0.1.0', runtime: 'browser' });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'localhost'])('refuses to listen on %j', async (host) => {
    const fixture = createRendererFixture();
    try {
      await expect(startBridgeServer({ rendererDir: fixture.dir, handlers, host })).rejects.toThrow(/only listens on/);
    } finally {
      fixture.remove();
    }
  });

  it('refuses a renderer folder without index.html', async () => {
    await expect(startBridgeServer({ rendererDir: '/nonexistent/renderer', handlers })).rejects.toThrow(/npm run build/);
  });
});
