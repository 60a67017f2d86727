import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRoot, type TestAgent } from '../helpers/agents.ts';
import { call, type CallResult, type Json } from '../helpers/http.ts';
import { newAgentId, newKey, signed } from '../helpers/keys.ts';
import { startTestRegistry, type TestRegistry } from '../helpers/registry-fixture.ts';
import { formatTimestamp } from '../../../src/core/log/time.ts';

interface BadCase {
  readonly name: string;
  readonly send: () => Promise<{ status: number; json?: Json }>;
  readonly status: number;
  readonly code?: string;
}

function chunkedPost(base: string, path: string, bytes: number): Promise<{ status: number; json: Json }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

function rawRequest(base: string, text: string): Promise<{ status: number }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0) }));
    socket.on('error', reject);
  });
}

describe('registry API: bad input', () => {
  let reg: TestRegistry;
  let agent: TestAgent;

  beforeAll(async () => {
    reg = await startTestRegistry({ limits: { maxStatementsPerRequest: 5 } });
    agent = await registerRoot(reg);
  });

  afterAll(async () => {
    expect(reg.errors).toEqual([]);
    await reg.close();
  });

  const post = (path: string, body: unknown, headers?: Record<string, string>): Promise<CallResult> =>
    reg.call('POST', path, body, headers === undefined ? {} : { headers });
  const raw = (path: string, text: string | Uint8Array, headers: Record<string, string> = {}): Promise<CallResult> =>
    reg.call('POST', path, undefined, { raw: text, headers });
  const metadata = (body: Record<string, unknown>, signerKey = agent.key, extra: Partial<{ origin: string; time: string }> = {}) =>
    signed(extra.origin ?? reg.server.origin, 'agent.metadata_updated', reg.tenant, agent.id, body as never, [signerKey.as('agent')], extra.time);

  const cases: BadCase[] = [
    { name: 'a body over the limit', send: () => raw('/v1/agents', `{"statement":"${'x'.repeat(1_100_000)}"}`), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { name: 'a chunked body over the limit', send: () => chunkedPost(reg.server.url, '/v1/agents', 2_000_000), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { name: 'malformed JSON', send: () => raw('/v1/agents', '{"statement":'), status: 400, code: 'JSON_MALFORMED' },
    { name: 'a duplicate member name', send: () => raw('/v1/agents', '{"statement":1,"statement":2}'), status: 400, code: 'JSON_DUPLICATE_KEY' },
    { name: 'invalid UTF-8', send: () => raw('/v1/agents', Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d)), status: 400, code: 'ENCODING_INVALID_UTF8' },
    { name: 'a lone surrogate', send: () => raw('/v1/agents', '{"statement":"\\ud800"}'), status: 400, code: 'JCS_LONE_SURROGATE' },
    { name: 'JSON nested too deep', send: () => raw('/v1/agents', `${'['.repeat(100)}${']'.repeat(100)}`), status: 400, code: 'JSON_TOO_DEEP' },
    { name: 'a non-JSON content type', send: () => raw('/v1/agents', '{}', { 'content-type': 'text/plain' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    { name: 'a body missing its member', send: () => post('/v1/agents', {}), status: 422, code: 'REQUEST_INVALID' },
    { name: 'an unknown body member', send: () => post('/v1/agents', { statement: {}, extra: 1 }), status: 422, code: 'REQUEST_INVALID' },
    { name: 'a statement that is not an entry', send: () => post('/v1/agents', { statement: { hello: 'world' } }), status: 422, code: 'ENTRY_MALFORMED' },
    {
      name: 'an unknown statement type',
      send: () => post('/v1/statements', { statements: [{ ...metadata({ version: '1' }), type: 'agent.teleported' }] }),
      status: 422,
      code: 'ENTRY_UNKNOWN_TYPE',
    },
    {
      name: 'a tampered signature',
      send: () => {
        const entry = metadata({ version: 'tampered' });
        const sig = entry.signatures[0]?.sig ?? '';
        const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
        return post(`/v1/agents/${agent.id}/metadata`, { statement: { ...entry, signatures: [{ ...entry.signatures[0], sig: flipped }] } });
      },
      status: 422,
      code: 'ENTRY_BAD_SIGNATURE',
    },
    { name: 'a signature by a stranger', send: () => post(`/v1/agents/${agent.id}/metadata`, { statement: metadata({ version: 's' }, newKey()) }), status: 403, code: 'ENTRY_UNKNOWN_SIGNER' },
    {
      name: 'another registry’s statement',
      send: () => post(`/v1/agents/${agent.id}/metadata`, { statement: metadata({ version: 'o' }, agent.key, { origin: 'registry.elsewhere/x' }) }),
      status: 422,
      code: 'ORIGIN_MISMATCH',
    },
    {
      name: 'a stale statement',
      send: () => post(`/v1/agents/${agent.id}/metadata`, { statement: metadata({ version: 't' }, agent.key, { time: formatTimestamp(Date.now() - 3_600_000) }) }),
      status: 422,
      code: 'STATEMENT_NOT_FRESH',
    },
    {
      name: 'a duplicate registration',
      send: () => {
        const key = newKey();
        const statement = signed(reg.server.origin, 'agent.registered', reg.tenant, agent.id, { key: key.did, display_name: 'd', capabilities: [], scopes: ['dataset:read'] }, [
          key.as('agent'),
          reg.admin.as('admin'),
        ]);
        return post('/v1/agents', { statement });
      },
      status: 409,
      code: 'STATE_TRANSITION_INVALID',
    },
    {
      name: 'a statement for an unknown agent',
      send: () => {
        const id = newAgentId(reg.tenant);
        return post(`/v1/agents/${id}/metadata`, { statement: signed(reg.server.origin, 'agent.metadata_updated', reg.tenant, id, { version: '1' }, [reg.admin.as('admin')]) });
      },
      status: 404,
      code: 'STATE_TRANSITION_INVALID',
    },
    {
      name: 'a registry-only statement type',
      send: () =>
        post('/v1/statements', {
          statements: [signed(reg.server.origin, 'tenant.created', reg.tenant, reg.tenant, { name: 'x' }, [reg.admin.as('registry')])],
        }),
      status: 403,
      code: 'STATEMENT_TYPE_NOT_ALLOWED',
    },
    { name: 'too many statements', send: () => post('/v1/statements', { statements: Array.from({ length: 6 }, () => metadata({ version: 'n' })) }), status: 422, code: 'REQUEST_INVALID' },
    { name: 'an operator endpoint without the token', send: () => post('/v1/tenants', { name: 'x' }), status: 401, code: 'OPERATOR_TOKEN_REQUIRED' },
    {
      name: 'a trust factor out of range',
      send: () => reg.operator('POST', `/v1/agents/${agent.id}/trust-signals`, { factors: { anomaly_score: 101 } }),
      status: 422,
      code: 'REQUEST_INVALID',
    },
    { name: 'a session for unknown scopes', send: () => post('/v1/sessions/challenge', { agent: agent.id, scopes: ['model:deploy'] }), status: 409, code: 'SCOPE_WIDENING' },
    { name: 'an unknown agent', send: () => reg.call('GET', `/v1/agents/${newAgentId(reg.tenant)}`), status: 404, code: 'AGENT_NOT_FOUND' },
    { name: 'an unknown route', send: () => reg.call('GET', '/v1/nothing-here'), status: 404, code: 'NOT_FOUND' },
    { name: 'a wrong method', send: () => reg.call('DELETE', '/v1/agents'), status: 405, code: 'METHOD_NOT_ALLOWED' },
    { name: 'a bad query parameter', send: () => reg.call('GET', '/v1/agents?limit=lots'), status: 422, code: 'REQUEST_INVALID' },
    { name: 'an unknown query parameter', send: () => reg.call('GET', '/v1/agents?colour=red'), status: 422, code: 'REQUEST_INVALID' },
    { name: 'a bad wait parameter', send: () => post(`/v1/agents/${agent.id}/metadata?wait=forever`, { statement: metadata({ version: 'w' }) }), status: 422, code: 'REQUEST_INVALID' },
    { name: 'a bad percent escape', send: () => reg.call('GET', '/v1/agents/%E0%A4%A'), status: 400, code: 'BAD_REQUEST' },
    { name: 'a malformed tile path', send: () => reg.call('GET', '/tile/0/x000/001'), status: 404, code: 'TILE_NOT_FOUND' },
    { name: 'an entry beyond the log', send: () => reg.call('GET', '/v1/entries/99999999'), status: 404, code: 'ENTRY_NOT_FOUND' },
    { name: 'a proof beyond the checkpoint', send: () => reg.call('GET', '/v1/proofs/consistency?first=1&second=99999999'), status: 422, code: 'SIZE_BEYOND_CHECKPOINT' },
    { name: 'an unknown challenge', send: () => post('/v1/sessions', { nonce: 'A'.repeat(43), signature: 'A'.repeat(86) }), status: 404, code: 'CHALLENGE_UNKNOWN' },
    { name: 'a request target that is not a path', send: () => rawRequest(reg.server.url, 'GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), status: 400 },
    { name: 'garbage instead of HTTP', send: () => rawRequest(reg.server.url, 'HELLO\r\n\r\n'), status: 400 },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with ${c.status}${c.code === undefined ? '' : ` ${c.code}`} and changes nothing`, async () => {
      const size = reg.server.sequencer.size;
      const state = structuredClone(reg.server.sequencer.state);
      const result = await c.send();
      expect(result.status).toBe(c.status);
      if (c.code !== undefined) expect(result.json?.error?.code).toBe(c.code);
      expect(reg.server.sequencer.size).toBe(size);
      expect(reg.server.sequencer.state).toEqual(state);
    });
  }

  it('answers HEAD for GET routes and lists the allowed methods on 405', async () => {
    const result = await call(reg.server.url, 'PUT', '/checkpoint');
    expect(result.status).toBe(405);
    expect(result.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('registry API: rate limits', () => {
  let reg: TestRegistry;

  beforeAll(async () => {
    reg = await startTestRegistry({ rateLimits: { session: { ratePerSecond: 0.01, burst: 2 }, admin: { ratePerSecond: 0.01, burst: 1 } } });
  });

  afterAll(async () => {
    await reg.close();
  });

  it('answers 429 with Retry-After once a client has used its session burst, and changes nothing', async () => {
    const agent = await registerRoot(reg);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await reg.call('POST', '/v1/sessions/challenge', { agent: agent.id })).status);
    const size = reg.server.sequencer.size;
    const limited = await reg.call('POST', '/v1/sessions', { nonce: 'A'.repeat(43), signature: 'A'.repeat(86) });
    expect(statuses).toEqual([201, 201, 429]);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(reg.server.sequencer.size).toBe(size);
  });

  it('limits the operator (admin) endpoints separately', async () => {
    expect((await reg.operator('POST', '/v1/tenants', { name: 'First' })).status).toBe(201);
    const limited = await reg.operator('POST', '/v1/tenants', { name: 'Second' });
    expect(limited.status).toBe(429);
    expect(reg.server.sequencer.state.tenants.size).toBe(2);
  });
});
