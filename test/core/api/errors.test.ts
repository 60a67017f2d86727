import { describe, expect, it } from 'vitest';
import { AppError, describeAppError, type ApiAppErrorCode, type ApiServiceErrorCode, type ApiTransportErrorCode } from '../../../src/core/api/errors.ts';

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

// Records keyed by the unions: the type checker fails this file when a code is added without a test.
const APP_CODES: Record<ApiAppErrorCode, true> = {
  APP_CANCELLED: true,
  APP_NO_SERVICES: true,
  APP_CLOSED: true,
  APP_NOT_FOUND: true,
  APP_JOB_UNKNOWN: true,
  APP_FINGERPRINT_MISMATCH: true,
  APP_KEY_MISMATCH: true,
  APP_KEY_REQUIRED: true,
  APP_BUSY: true,
  APP_DEMO_UNAVAILABLE: true,
  APP_UNSUPPORTED: true,
  APP_UPLOAD_UNKNOWN: true,
  APP_UPLOAD_OFFSET: true,
  APP_UPLOAD_BAD_DATA: true,
  APP_UPLOAD_TOO_LARGE: true,
  APP_UPLOAD_INCOMPLETE: true,
  APP_UPLOAD_LIMIT: true,
};

const SERVICE_CODES: Record<ApiServiceErrorCode, true> = {
  REPLICA_UNREADABLE: true,
  REPLICA_NEWER_THAN_CODE: true,
  REPLICA_ORIGIN_UNKNOWN: true,
  REPLICA_CORRUPT: true,
  REPLICA_CONCURRENT_WRITE: true,
  SYNC_LOG_KEY_REQUIRED: true,
  SYNC_LOG_KEY_MISMATCH: true,
  SYNC_CHECKPOINT_INVALID: true,
  SYNC_WITNESS_MISSING: true,
  SYNC_ROLLBACK: true,
  SYNC_FORK: true,
  SYNC_TILES_INCONSISTENT: true,
  SYNC_TREE_TOO_LARGE: true,
  SYNC_NETWORK: true,
  SYNC_TIMEOUT: true,
  SYNC_STALLED: true,
  SYNC_HTTP_STATUS: true,
  SYNC_BAD_RESPONSE: true,
  SYNC_RESPONSE_TOO_LARGE: true,
  SYNC_CANCELLED: true,
  EVIDENCE_MALFORMED: true,
};

describe('describeAppError for the app’s services', () => {
  const generic = describeAppError('NO_SUCH_CODE');
  const families = ['BUNDLE_SOMETHING_NEW', 'REPLICA_SOMETHING_NEW', 'VERIFY_SOMETHING_NEW', 'SYNC_SOMETHING_NEW', 'APP_UPLOAD_SOMETHING_NEW'].map(describeAppError);

  it.each(Object.keys(APP_CODES))('has its own words for %s', (code) => {
    const description = describeAppError(code);
    expect(description).not.toEqual(generic);
    expect(families).not.toContainEqual(description);
    for (const text of Object.values(description)) expect(text.length).toBeGreaterThan(10);
  });

  it.each(Object.keys(SERVICE_CODES))('has words for %s', (code) => {
    const description = describeAppError(code);
    expect(description).not.toEqual(generic);
    for (const text of Object.values(description)) expect(text.length).toBeGreaterThan(5);
  });

  it.each([
    ['SYNC_NETWORK', 'cannot be reached'],
    ['SYNC_CHECKPOINT_INVALID', 'signature'],
    ['SYNC_ROLLBACK', 'back in time'],
    ['SYNC_FORK', 'two different histories'],
    ['BUNDLE_MALFORMED', 'not a valid evidence bundle'],
    ['BUNDLE_BOMB', 'bundle cannot be used'],
    ['VERIFY_POOL_WORKER_FAILED', 'verification could not run'],
  ])('describes %s for people', (code, words) => {
    expect(describeAppError(code).title).toContain(words);
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
