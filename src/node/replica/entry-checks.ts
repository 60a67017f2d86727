/**
 * Preparing stored or fetched entry bytes for the fold: strict parse (canonical JCS, schemas:
 * src/core/log/entry.ts, through the verifier's faster path with the same verdicts,
 * src/node/verify/entry-parse.ts) and the list of Ed25519 checks each parsed entry needs (signing
 * bytes cut from the stored bytes), so that signatures can be verified in bulk elsewhere (worker threads)
 * and the outcome handed to the fold. Used by the sync and by `warden db check`, so both judge an
 * entry the same way.
 *
 * The sync's entries phase splits the work instead (`judgeEntries`): the verify pool's
 * workers test that each entry is canonical and verify its signatures from the raw bytes
 * (canonical-entry.ts), and this thread only runs the schemas on the entries they judged; an entry
 * they left undecided takes the path above. The outcome is the same per entry (tested), and
 * `warden db check`, which keeps the path above, cross-checks the derived rows of a sync.
 */
import { isProtocolError } from '../../core/errors.ts';
import type { LogEntry } from '../../core/log/statement.ts';
import type { SignatureCheck } from '../../core/log/verify-signatures.ts';
import { SIGNATURE_INVALID, SIGNATURES_VALID, VERDICT_UNDECIDED } from '../verify/canonical-entry.ts';
import { parseCanonicalEntry, parseEntryFast, signatureChecksOf } from '../verify/entry-parse.ts';
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
      checks.length = start;
      out.push({ index, bytes, failure: parseFailure(error), checks: [start, start] });
    }
  }
  return out;
}

/** The fold failure of a parse error: any ProtocolError; anything else is a bug and is rethrown. */
function parseFailure(error: unknown): FoldFailure {
  if (!isProtocolError(error)) throw error;
  const rule = typeof error.details?.['rule'] === 'string' ? error.details['rule'] : undefined;
  return { code: error.code, message: error.message, ...(rule === undefined ? {} : { rule }) };
}

/**
 * Entries judged by the verify pool (`judgeEntries`), each parsed when it is asked for: `at(i)` is
 * the checked entry of position `i`, parsed then (an undecided one was prepared by `judgeEntries`
 * and is returned as it is). Parsing again gives an equal entry, so ask once.
 */
export interface JudgedEntries {
  readonly length: number;
  at(i: number): CheckedEntry;
}

/**
 * Splits the verdicts of `entries` (one byte each, canonical-entry.ts `entrySignatureVerdict`,
 * judged by the verify pool): an undecided entry goes through `prepareEntries` now, its checks
 * appended to `checks`, and is listed in `undecided`, for the caller to verify those checks and
 * apply the results (`applySignatureResults(undecided, …)`); an entry with a verdict is parsed with
 * the schemas only (it passed the canonical test) when `judged.at` asks for it, and fails with
 * ENTRY_BAD_SIGNATURE on verdict 0 when the schemas accept it. A verdict count that does not match,
 * or a byte that is no verdict, is a bug (Error, thrown here).
 *
 * Why later: the sync judges a few chunks ahead of its fold (entry-phase.ts). Parsed at once, each
 * waiting entry's objects outlived several young-generation collections of the fold's thread and
 * were copied and promoted; parsed as the fold reaches it, an entry's objects die young.
 */
export function judgeEntries(
  entries: readonly { index: number; bytes: Uint8Array }[],
  verdicts: Uint8Array,
  checks: SignatureCheck[],
): { judged: JudgedEntries; undecided: CheckedEntry[] } {
  if (verdicts.length !== entries.length) throw new Error(`${verdicts.length} verdicts for ${entries.length} entries`);
  const undecided: CheckedEntry[] = [];
  const prepared = new Map<number, CheckedEntry>();
  for (let i = 0; i < entries.length; i++) {
    const verdict = verdicts[i];
    if (verdict === VERDICT_UNDECIDED) {
      const [item] = prepareEntries([entries[i] as { index: number; bytes: Uint8Array }], checks) as [CheckedEntry];
      prepared.set(i, item);
      undecided.push(item);
    } else if (verdict !== SIGNATURES_VALID && verdict !== SIGNATURE_INVALID) {
      throw new Error(`entry ${(entries[i] as { index: number }).index}: ${String(verdict)} is no verdict`);
    }
  }
  const at = (i: number): CheckedEntry => {
    const done = prepared.get(i);
    if (done !== undefined) return done;
    const { index, bytes } = entries[i] as { index: number; bytes: Uint8Array };
    return judgedEntry(index, bytes, verdicts[i] === SIGNATURE_INVALID);
  };
  return { judged: { length: entries.length, at }, undecided };
}

/** The checked entry of canonical `bytes` at `index`, whose signatures the verify pool judged (`badSignatureVerdict`: one failed). */
function judgedEntry(index: number, bytes: Uint8Array, badSignatureVerdict: boolean): CheckedEntry {
  let entry: LogEntry;
  try {
    entry = parseCanonicalEntry(bytes);
  } catch (error) {
    return { index, bytes, failure: parseFailure(error), checks: [0, 0] };
  }
  const item: CheckedEntry = { index, bytes, entry, checks: [0, 0] };
  if (badSignatureVerdict) item.failure = badSignature(index);
  return item;
}

function badSignature(index: number): FoldFailure {
  return { code: 'ENTRY_BAD_SIGNATURE', rule: 'BAD_SIGNATURE', message: `entry ${index}: a signature does not verify` };
}

/** Marks every entry with a failed signature (results: 1 valid, 0 invalid, per check) as ENTRY_BAD_SIGNATURE. */
export function applySignatureResults(entries: readonly CheckedEntry[], results: Uint8Array): void {
  for (const item of entries) {
    if (item.failure !== undefined) continue;
    for (let k = item.checks[0]; k < item.checks[1]; k++) {
      if (results[k] !== 1) {
        item.failure = badSignature(item.index);
        break;
      }
    }
  }
}

/** The fold's input for a checked entry. */
export function toFoldItem(item: CheckedEntry): FoldItem {
  return { index: item.index, ...(item.entry === undefined ? {} : { entry: item.entry }), ...(item.failure === undefined ? {} : { failure: item.failure }) };
}
