import { describe, expect, it } from 'vitest';
import { Router, type Route } from '../../../src/server/http/router.ts';
import { HttpError } from '../../../src/server/http/errors.ts';

const reply = () => ({ status: 200 });
const routes: Route[] = [
  { method: 'GET', path: '/v1/agents', handler: reply },
  { method: 'POST', path: '/v1/agents', handler: reply },
  { method: 'GET', path: '/v1/agents/:id', handler: reply },
  { method: 'POST', path: '/v1/agents/:id/keys', handler: reply },
  { method: 'GET', path: '/tile/*', handler: reply },
];

describe('Router', () => {
  const router = new Router().add(...routes);

  it('matches parameters, decoded', () => {
    const match = router.match('GET', '/v1/agents/maip%3Aabc');
    expect(match).toMatchObject({ kind: 'found', params: { id: 'maip:abc' } });
  });

  it('serves HEAD from GET routes', () => {
    expect(router.match('HEAD', '/v1/agents').kind).toBe('found');
  });

  it('captures the rest of the path with *', () => {
    expect(router.match('GET', '/tile/0/x001/234.p/5')).toMatchObject({ kind: 'found', params: { '*': '0/x001/234.p/5' } });
    expect(router.match('GET', '/tile').kind).toBe('not-found');
  });

  it('tells a wrong method (with what is allowed) from an unknown path', () => {
    expect(router.match('DELETE', '/v1/agents')).toEqual({ kind: 'wrong-method', allow: ['GET', 'HEAD', 'POST'] });
    expect(router.match('GET', '/v1/agents/x/y/z').kind).toBe('not-found');
    expect(router.match('GET', '/v1/agents//keys').kind).toBe('not-found');
  });

  it('refuses a bad percent escape with 400', () => {
    expect(() => router.match('GET', '/v1/agents/%E0%A4%A')).toThrow(HttpError);
  });

  it('refuses a duplicate route', () => {
    expect(() => new Router().add(...routes, { method: 'GET', path: '/v1/agents', handler: reply })).toThrow();
  });
});
