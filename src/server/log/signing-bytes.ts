/**
 * The bytes an entry's signatures cover, JCS(statement) (docs/protocol.md §3.1), cut out of the
 * entry's stored bytes instead of canonicalising the statement a second time (a hot path: every
 * ingested entry). The cut is the one the sync's verify workers make (src/node/verify/
 * canonical-entry.ts `cutSigningBytes`): its precondition, bytes that are the canonical encoding of
 * the entry, holds for every PreparedEntry (encoded by `encodeValidated`, or parsed strictly from
 * canonical bytes). Where the bytes are not laid out as expected, the statement is canonicalised.
 */
import { statementSigningBytes } from '../../core/log/statement.ts';
import { cutSigningBytes } from '../../node/verify/canonical-entry.ts';
import type { PreparedEntry } from './prepared-entry.ts';

/** JCS of `prepared.entry` without `signatures`, from `prepared.bytes` (see the module comment). */
export function statementBytesOf(prepared: PreparedEntry): Uint8Array {
  return cutSigningBytes(prepared.entry, prepared.bytes) ?? statementSigningBytes(prepared.entry);
}
