import { describe, expect, it, vi } from 'vitest';
import { buildWardenApi } from '../../../src/core/api/client.ts';
import { API_METHOD_NAMES } from '../../../src/core/api/methods.ts';

describe('buildWardenApi', () => {
  it('exposes one function per contract method and nothing else', () => {
    const api = buildWardenApi(() => Promise.resolve(null)) as unknown as Record<string, Record<string, unknown>>;
    const exposed = Object.entries(api).flatMap(([domain, verbs]) => Object.keys(verbs).map((verb) => `${domain}.${verb}`));
    expect(exposed.sort()).toEqual([...API_METHOD_NAMES].sort());
    for (const verbs of Object.values(api)) for (const fn of Object.values(verbs)) expect(typeof fn).toBe('function');
  });

  it('forwards the method name and the arguments, with {} for omitted arguments', async () => {
    const call = vi.fn(() => Promise.resolve('answer'));
    const api = buildWardenApi(call);
    await expect(api.app.ping({ message: 'hi' })).resolves.toBe('answer');
    await api.app.info();
    expect(call.mock.calls).toEqual([
      ['app.ping', { message: 'hi' }],
      ['app.info', {}],
    ]);
  });

  it('freezes every level so page script cannot swap a method', () => {
    const api = buildWardenApi(() => Promise.resolve(null));
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
  });
});
