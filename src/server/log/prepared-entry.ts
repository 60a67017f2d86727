/**
 * An entry ready for the sequencer: the validated statement object and its stored bytes (its JCS,
 * docs/protocol.md §3.1). Validation happens once, where the entry enters the server.
 */
import { ProtocolError } from '../../core/errors.ts';
import { parseEntry, signStatement } from '../../core/log/entry.ts';
import { MAX_ENTRY_BYTES, validateEntry, type LogEntry, type Statement } from '../../core/log/statement.ts';
import type { StatementSigner } from '../../core/log/signature.ts';
import { fastCanonicalBytes } from './fast-jcs.ts';

export interface PreparedEntry {
  readonly entry: LogEntry;
  /** JCS bytes of `entry`: the leaf data. */
  readonly bytes: Uint8Array;
}

/**
 * Validates a parsed value (attacker-controlled) as a signed entry and encodes it. Throws
 * ENTRY_MALFORMED (also for more than 65,535 bytes) or ENTRY_UNKNOWN_TYPE.
 */
export function prepareEntry(value: unknown): PreparedEntry {
  const entry = validateEntry(value);
  return { entry, bytes: encodeValidated(entry) };
}

/** Parses stored or submitted entry bytes (strict, canonical). Throws the codes of `parseEntry`. */
export function prepareEntryBytes(bytes: Uint8Array): PreparedEntry {
  return { entry: parseEntry(bytes), bytes };
}

/** Signs `statement` with `signers` (the registry's own statements) and encodes it. */
export function prepareSigned(statement: Statement, signers: readonly StatementSigner[]): PreparedEntry {
  const entry = signStatement(statement, signers);
  return { entry, bytes: encodeValidated(entry) };
}

/** The JCS bytes of an already validated entry. Throws ENTRY_MALFORMED above 65,535 bytes. */
export function encodeValidated(entry: LogEntry): Uint8Array {
  const bytes = fastCanonicalBytes(entry);
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new ProtocolError('ENTRY_MALFORMED', `an entry is at most ${MAX_ENTRY_BYTES} bytes, got ${bytes.length}`, {
      details: { rule: 'ENTRY_TOO_LARGE', size: bytes.length },
    });
  }
  return bytes;
}
