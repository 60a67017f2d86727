import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../src/core/errors.ts';
import { errorReplyFor, HttpError, statusForProtocolError } from '../../../src/server/http/errors.ts';

describe('errorReplyFor', () => {
  it('keeps an HttpError status, code and details', () => {
    const reply = errorReplyFor(new HttpError(409, 'AGENT_NOT_ACTIVE', 'suspended', { details: { big: 2n ** 70n } }));
    expect(reply).toMatchObject({ status: 409, code: 'AGENT_NOT_ACTIVE', internal: false, details: { big: '1180591620717411303424' } });
  });

  it.each([
    ['JSON_MALFORMED', undefined, 400],
    ['JSON_TOO_LARGE', undefined, 413],
    ['ENTRY_MALFORMED', undefined, 422],
    ['ENTRY_BAD_SIGNATURE', undefined, 422],
    ['ENTRY_SIGNER_NOT_AUTHORISED', undefined, 403],
    ['STATE_TRANSITION_INVALID', 'AGENT_EXISTS', 409],
    ['STATE_TRANSITION_INVALID', 'AGENT_UNKNOWN', 404],
    ['TILE_PATH_INVALID', undefined, 404],
  ] as const)('maps %s (%s) to %i', (code, rule, status) => {
    expect(statusForProtocolError(code, rule)).toBe(status);
  });

  it('answers 500 INTERNAL, without the message, for anything unexpected', () => {
    expect(errorReplyFor(new Error('secret path /etc/x'))).toEqual({ status: 500, code: 'INTERNAL', message: 'internal error', internal: true });
    expect(errorReplyFor(new ProtocolError('INVALID_ARGUMENT', 'programmer error'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
