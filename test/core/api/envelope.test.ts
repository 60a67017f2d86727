import { describe, expect, it } from 'vitest';
import { failEnvelope, MAX_ERROR_MESSAGE_LENGTH, okEnvelope, unwrapEnvelope } from '../../../src/core/api/envelope.ts';

describe('unwrapEnvelope', () => {
  it('returns the value of an ok envelope that matches the contract', () => {
    expect(unwrapEnvelope('app.ping', okEnvelope({ message: 'hi' }))).toEqual({ message: 'hi' });
  });

  it('throws an AppError with the code of a failure envelope', () => {
    expect(() => unwrapEnvelope('app.ping', failEnvelope('API_BAD_ARGUMENTS', 'no'))).toThrowWithCode('API_BAD_ARGUMENTS');
  });

  describe('when the answer is not a well-formed envelope', () => {
    it.each([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'ok'],
      ['no ok field', { value: { message: 'hi' } }],
      ['ok not boolean', { ok: 'true', value: { message: 'hi' } }],
      ['an extra field', { ok: true, value: { message: 'hi' }, debug: 1 }],
      ['a failure without error', { ok: false }],
      ['a malformed code', { ok: false, error: { code: 'lower case', message: 'x' } }],
      ['an overlong message', { ok: false, error: { code: 'API_INTERNAL', message: 'x'.repeat(MAX_ERROR_MESSAGE_LENGTH + 1) } }],
    ])('throws API_BAD_RESPONSE for %s', (_label, raw) => {
      expect(() => unwrapEnvelope('app.ping', raw)).toThrowWithCode('API_BAD_RESPONSE');
    });

    it('throws API_BAD_RESPONSE when the value does not match the contract', () => {
      expect(() => unwrapEnvelope('app.info', okEnvelope({ name: 'x', version: '1.0.0', runtime: 'node' }))).toThrowWithCode('API_BAD_RESPONSE');
    });
  });
});

describe('failEnvelope', () => {
  it('cuts messages to MAX_ERROR_MESSAGE_LENGTH', () => {
    const envelope = failEnvelope('API_INTERNAL', 'x'.repeat(MAX_ERROR_MESSAGE_LENGTH * 2));
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.message).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
  });
});
