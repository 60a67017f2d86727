/**
 * Every error code of evidence bundles, in one place, with what it means (docs/protocol.md §12.5).
 * They are ProtocolError codes (src/core/errors.ts): a bundle is untrusted input, and its reader
 * never lets a foreign exception escape. Codes are a contract (the CLI, the app and tests key on
 * them); messages are for people.
 *
 * Reading a bundle (open-bundle.ts, zip-reader.ts) refuses a hostile or broken container with one
 * of the first eleven codes BEFORE anything is written to a replica. What the container holds
 * (signatures, tiles, entries) is then checked by the sync engine and reported with its own codes
 * (src/node/replica/replica-error.ts).
 */
import { ProtocolError, type ProtocolErrorCode } from '../../core/errors.ts';

export const BUNDLE_ERROR_CODES = [
  /** The bundle file cannot be opened or read (I/O). */
  'BUNDLE_UNREADABLE',
  /** The file, its member count, its central directory or a member's declared size is over its limit. */
  'BUNDLE_TOO_LARGE',
  /**
   * A compression bomb: a member declares a compression ratio over the cap, the declared sizes add
   * up to more than the total cap, a member inflates to more than it declared, or members overlap.
   */
  'BUNDLE_BOMB',
  /** A member name that is absolute, path-traversing, uses "\", a drive letter, NUL or control bytes, or is not in the layout. */
  'BUNDLE_BAD_NAME',
  /** Two members (or two manifest rows) with the same name. */
  'BUNDLE_DUPLICATE_MEMBER',
  /** The members and manifest.json disagree: a hash, a size, a member missing or extra, or the checkpoint it names. */
  'BUNDLE_MANIFEST_MISMATCH',
  /** The file ends before its zip structure does (no end of central directory, data past the end). */
  'BUNDLE_TRUNCATED',
  /** Not a well-formed bundle: garbage, inconsistent zip headers, a bad CRC-32, bad deflate data, a malformed manifest. */
  'BUNDLE_MALFORMED',
  /** Zip64, encryption, multi-disk archives, a compression method other than store/deflate, a newer format. */
  'BUNDLE_UNSUPPORTED',
  /** A tile or entry bundle that the bundle's own tree size requires is missing (import). */
  'BUNDLE_INCOMPLETE',
  /** Import: the replica has an unfinished sync past every checkpoint of the bundle. */
  'BUNDLE_SYNC_PENDING',
  /** Export: no checkpoint of that size was verified by the replica. */
  'BUNDLE_CHECKPOINT_UNKNOWN',
  /** Export: the bundle file cannot be written. */
  'BUNDLE_WRITE_FAILED',
] as const satisfies readonly ProtocolErrorCode[];

export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[number];

/** A ProtocolError with a bundle code. */
export function createBundleError(code: BundleErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown): ProtocolError {
  return new ProtocolError(code, message, {
    ...(details === undefined ? {} : { details }),
    ...(cause === undefined ? {} : { cause }),
  });
}
