import { describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../../src/core/api/contract.ts';
import { AppError } from '../../../src/core/api/errors.ts';
import { invokeMethod } from '../../../src/core/api/invoke.ts';
import { ProtocolError } from '../../../src/core/errors.ts';

// Only app.info and app.ping are called here; the other methods are never reached.
const handlers = {
  'app.info': () => ({ name: 'Agent Warden', version: '1.2.3', runtime: 'browser' }),
  'app.ping': ({ message }: { message: string }) => ({ message }),
} as unknown as ApiHandlers;

function withHandler<M extends keyof ApiHandlers>(method: M, handler: unknown): ApiHandlers {
  return { ...handlers, [method]: handler } as ApiHandlers;
}

describe('invokeMethod', () => {
  it('returns the handler result in an ok envelope', async () => {
    await expect(invokeMethod('app.ping', { message: 'hi' }, handlers)).resolves.toEqual({ ok: true, value: { message: 'hi' } });
  });

  describe('when the method is not in the contract', () => {
    it.each(['app.unknown', '__proto__', 'constructor', 'hasOwnProperty', '', 'app.info/../x', 42, null])(
      'answers API_UNKNOWN_METHOD for %j',
      async (method) => {
        const envelope = await invokeMethod(method, {}, handlers);
        expect(envelope).toMatchObject({ ok: false, error: { code: 'API_UNKNOWN_METHOD' } });
      },
    );
  });

  describe('when the arguments do not match the contract', () => {
    it.each([
      ['missing', undefined],
      ['null', null],
      ['an array', []],
      ['a string', 'hi'],
      ['a missing field', {}],
      ['a wrong type', { message: 1 }],
      ['an extra key', { message: 'hi', admin: true }],
    ])('answers API_BAD_ARGUMENTS for %s, without calling the handler', async (_label, args) => {
      const ping = vi.fn();
      const envelope = await invokeMethod('app.ping', args, withHandler('app.ping', ping));
      expect(envelope).toMatchObject({ ok: false, error: { code: 'API_BAD_ARGUMENTS' } });
      expect(ping).not.toHaveBeenCalled();
    });

    it('names the field but never echoes its value', async () => {
      const envelope = await invokeMethod('app.ping', { message: 12345678 }, handlers);
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) {
        expect(envelope.error.message).toContain('message');
        expect(envelope.error.message).not.toContain('12345678');
      }
    });
  });

  describe('when the handler fails', () => {
    it('keeps the code and message of a ProtocolError', async () => {
      const failing = withHandler('app.ping', () => {
        throw new ProtocolError('NOTE_UNVERIFIED', 'no known key verified the note');
      });
      await expect(invokeMethod('app.ping', { message: 'x' }, failing)).resolves.toEqual({
        ok: false,
        error: { code: 'NOTE_UNVERIFIED', message: 'no known key verified the note' },
      });
    });

    it('keeps the code of an AppError from a rejected promise', async () => {
      const failing = withHandler('app.ping', () => Promise.reject(new AppError('API_FORBIDDEN', 'no')));
      await expect(invokeMethod('app.ping', { message: 'x' }, failing)).resolves.toMatchObject({ ok: false, error: { code: 'API_FORBIDDEN' } });
    });

    it('hides an uncoded error behind API_INTERNAL and reports it', async () => {
      const onInternalError = vi.fn();
      const failing = withHandler('app.ping', () => {
        throw new TypeError('/home/user/secret path');
      });
      const envelope = await invokeMethod('app.ping', { message: 'x' }, failing, { onInternalError });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'API_INTERNAL' } });
      expect(JSON.stringify(envelope)).not.toContain('secret');
      expect(onInternalError).toHaveBeenCalledWith('app.ping', expect.any(TypeError));
    });

    it('answers API_INTERNAL even when the error reporter throws', async () => {
      const failing = withHandler('app.ping', () => {
        throw new Error('boom');
      });
      const envelope = await invokeMethod('app.ping', { message: 'x' }, failing, {
        onInternalError: () => {
          throw new Error('logger down');
        },
      });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'API_INTERNAL' } });
    });

    it('answers API_INTERNAL when no handler is registered', async () => {
      const partial = { 'app.info': handlers['app.info'] } as unknown as ApiHandlers;
      await expect(invokeMethod('app.ping', { message: 'x' }, partial)).resolves.toMatchObject({ ok: false, error: { code: 'API_INTERNAL' } });
    });
  });

  describe('when the handler returns a result outside the contract', () => {
    it('answers API_INTERNAL rather than passing it on', async () => {
      const wrong = withHandler('app.info', () => ({ name: 'Agent Warden', version: 'not-a-version', runtime: 'browser' }));
      await expect(invokeMethod('app.info', {}, wrong)).resolves.toMatchObject({ ok: false, error: { code: 'API_INTERNAL' } });
    });

    it('strips keys the contract does not name (a private key never crosses)', async () => {
      const leaky = withHandler('app.info', () => ({ name: 'Agent Warden', version: '1.2.3', runtime: 'browser', privateKey: 'abc' }));
      await expect(invokeMethod('app.info', {}, leaky)).resolves.toEqual({
        ok: true,
        value: { name: 'Agent Warden', version: '1.2.3', runtime: 'browser' },
      });
    });
  });
});
