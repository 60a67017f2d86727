/**
 * Preparing stored or fetched entry bytes for the fold: strict parse (canonical JCS, schemas:
 * src/core/log/entry.ts, through the verifier's faster path with the same verdicts,
 * src/node/verify/entry-parse.ts) and the list of Ed25519 checks each parsed entry needs (signing
 * bytes cut from the stored bytes), so that signatures can be verified in bulk elsewhere (worker threads)
 * and the outcome handed to the fold. Used by the sync and by `warden db check`, so both judge an
 * entry the same way.
 */
import { isProtocolError } from '../../core/errors.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { SignatureCheck } from '../../core/log/verify-signatures.ts';
import { parseEntryFast, signatureChecksOf } from '../verify/entry-parse.ts';
import type { FoldFailure, FoldItem } from './fold-session.ts';

export interface CheckedEntry {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly entry?: LogEntry;
  failure?: FoldFailure;
  /** This entry's checks are `checks[start, end)` of the list `prepareEntries` filled. */
  readonly checks: readonly [start: number, end: number];
}

/**
 * Parses each entry and appends its signature checks to `checks`. A parse failure (any
 * ProtocolError: ENTRY_MALFORMED, ENTRY_NOT_CANONICAL, ENTRY_UNKNOWN_TYPE, DID_KEY_INVALID…) becomes
 * the entry's `failure`; anything else is a bug and is rethrown.
 */
export function prepareEntries(entries: Iterable<{ index: number; bytes: Uint8Array }>, checks: SignatureCheck[]): CheckedEntry[] {
  const out: CheckedEntry[] = [];
  for (const { index, bytes } of entries) {
    const start = checks.length;
    try {
      const entry = parseEntryFast(bytes);
      for (const check of signatureChecksOf(entry, bytes)) checks.push(check);
      out.push({ index, bytes, entry, checks: [start, checks.length] });
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      checks.length = start;
      const rule = typeof error.details?.['rule'] === 'string' ? error.details['rule'] : undefined;
      out.push({ index, bytes, failure: { code: error.code, message: error.message, ...(rule === undefined ? {} : { rule }) }, checks: [start, start] });
    }
  }
  return out;
}

/** Marks every entry with a failed signature (results: 1 valid, 0 invalid, per check) as ENTRY_BAD_SIGNATURE. */
export function applySignatureResults(entries: readonly CheckedEntry[], results: Uint8Array): void {
  for (const item of entries) {
    if (item.failure !== undefined) continue;
    for (let k = item.checks[0]; k < item.checks[1]; k++) {
      if (results[k] !== 1) {
        item.failure = { code: 'ENTRY_BAD_SIGNATURE', rule: 'BAD_SIGNATURE', message: `entry ${item.index}: a signature does not verify` };
        break;
      }
    }
  }
}

/** The fold's input for a checked entry. */
export function toFoldItem(item: CheckedEntry): FoldItem {
  return { index: item.index, ...(item.entry === undefined ? {} : { entry: item.entry }), ...(item.failure === undefined ? {} : { failure: item.failure }) };
}
