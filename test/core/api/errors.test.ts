import { describe, expect, it } from 'vitest';
import { AppError, describeAppError, type ApiTransportErrorCode } from '../../../src/core/api/errors.ts';

const TRANSPORT_CODES: readonly ApiTransportErrorCode[] = [
  'API_FORBIDDEN',
  'API_BAD_REQUEST',
  'API_INTERNAL',
  'API_UNAVAILABLE',
  'API_TRANSPORT',
  'API_BAD_RESPONSE',
];

describe('describeAppError', () => {
  it.each([...TRANSPORT_CODES, 'API_UNKNOWN_METHOD', 'API_BAD_ARGUMENTS', 'INPUT_TOO_LARGE', 'INVALID_ARGUMENT'])(
    'has its own words for %s',
    (code) => {
      const description = describeAppError(code);
      expect(description).not.toEqual(describeAppError('NO_SUCH_CODE'));
      for (const text of Object.values(description)) expect(text.length).toBeGreaterThan(10);
    },
  );

  it.each([
    ['ENTRY_BUNDLE_MALFORMED', 'data files'],
    ['ENTRY_BAD_SIGNATURE', 'log entry'],
    ['MAIP_AGENT_ID_INVALID', 'agent identifier'],
    ['MAIP_MALFORMED', 'MAIP bundle'],
    ['MERKLE_ROOT_MISMATCH', 'proof'],
    ['NOTE_UNVERIFIED', 'checkpoint'],
    ['ENCODING_INVALID_HEX', 'format'],
  ])('describes %s by its family', (code, words) => {
    expect(describeAppError(code).title).toContain(words);
  });

  it.each(['NO_SUCH_CODE', '', '__proto__', 'constructor', 'toString'])('falls back to a generic description for %j', (code) => {
    expect(describeAppError(code).title).toBe('Something went wrong');
  });
});

describe('AppError', () => {
  it('carries its code and cause', () => {
    const cause = new Error('inner');
    const error = new AppError('API_TRANSPORT', 'lost', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('API_TRANSPORT');
    expect(error.cause).toBe(cause);
  });
});
