/** Errors of the registry's storage and key files (not client input: the server fails to start). */
export type StoreErrorCode =
  | 'DB_UNREADABLE'
  | 'DB_NEWER_THAN_CODE'
  | 'DB_NOT_INITIALISED'
  | 'DB_LOCKED'
  | 'DB_INCONSISTENT'
  | 'KEY_FILE_MISSING'
  | 'KEY_FILE_INVALID';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
  }
}
