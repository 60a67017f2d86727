import { ProtocolError } from '../errors.ts';
import { canonicalBytes, canonicalize } from '../jcs.ts';
import { parseJsonStrict } from '../json.ts';
import { bytesToUtf8 } from '../encoding/utf8.ts';
import { hashLeaf } from '../merkle/hash.ts';
import {
  MAX_ENTRY_BYTES,
  statementSigningBytes,
  validateEntry,
  validateStatement,
  type LogEntry,
  type Statement,
} from './statement.ts';
import { signWithAll, type StatementSigner } from './signature.ts';

/**
 * Log entries as bytes (docs/protocol.md §3.1): an entry's stored bytes are exactly the UTF-8 JCS
 * (RFC 8785) of the signed statement, and the Merkle leaf is SHA-256(0x00 || those bytes)
 * (RFC 9162 §2.1.1).
 *
 * Policy for parsing (attacker-controlled bytes): at most 65,535 bytes; strict UTF-8; strict I-JSON
 * (no duplicate names, no lone surrogates); the bytes must equal the JCS of the parsed value, byte
 * for byte (whitespace, member order, escapes and number forms all have one accepted spelling); then
 * the envelope and body schemas. Failure codes: ENTRY_MALFORMED (size, UTF-8, JSON, schema),
 * ENTRY_NOT_CANONICAL (valid JSON in another spelling), ENTRY_UNKNOWN_TYPE.
 */

const JSON_LIMITS = { maxBytes: MAX_ENTRY_BYTES, maxDepth: 16 } as const;

/**
 * Parses one entry from its stored bytes (see the policy above). Returns the typed entry. Signatures
 * are NOT verified here (see `verifyEntrySignatures`), nor is anything that depends on registry
 * state (see `RegistryStateBuilder`).
 */
export function parseEntry(bytes: Uint8Array): LogEntry {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('INVALID_ARGUMENT', 'parseEntry expects a Uint8Array');
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new ProtocolError('ENTRY_MALFORMED', `an entry is at most ${MAX_ENTRY_BYTES} bytes, got ${bytes.length}`, {
      details: { rule: 'ENTRY_TOO_LARGE', size: bytes.length },
    });
  }
  let text: string;
  try {
    text = bytesToUtf8(bytes);
  } catch (error) {
    throw new ProtocolError('ENTRY_MALFORMED', 'entry is not valid UTF-8', { cause: error, details: { cause: 'ENCODING_INVALID_UTF8' } });
  }
  const value = parseCanonicalJson(text);
  return validateEntry(value);
}

/**
 * JSON.parse (native, fast) and a byte-exact comparison with the JCS of the result. If both agree
 * the text is canonical I-JSON: JCS output never repeats a member name, never carries whitespace and
 * spells each value one way. Only when they disagree does the strict parser run, to tell malformed
 * input (ENTRY_MALFORMED, with the JSON code in `details.cause`) from a non-canonical spelling of
 * valid JSON (ENTRY_NOT_CANONICAL).
 */
function parseCanonicalJson(text: string): unknown {
  let value: unknown;
  let canonical: string | undefined;
  try {
    value = JSON.parse(text);
    canonical = canonicalize(value, { maxDepth: JSON_LIMITS.maxDepth });
  } catch {
    canonical = undefined;
  }
  if (canonical === text) return value;
  let strict: unknown;
  try {
    strict = parseJsonStrict(text, JSON_LIMITS);
    canonical = canonicalize(strict, { maxDepth: JSON_LIMITS.maxDepth });
  } catch (error) {
    throw new ProtocolError('ENTRY_MALFORMED', 'entry is not strict JSON', {
      cause: error,
      details: { cause: (error as { code?: unknown }).code },
    });
  }
  throw new ProtocolError('ENTRY_NOT_CANONICAL', 'entry bytes are not the JCS (RFC 8785) form of their value', {
    details: { offset: firstDifference(text, canonical) },
  });
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

/**
 * The stored bytes of an entry: validates it (as `validateEntry`) and returns its JCS bytes. Throws
 * ENTRY_MALFORMED (also with `details.rule = 'ENTRY_TOO_LARGE'` above 65,535 bytes) or
 * ENTRY_UNKNOWN_TYPE.
 */
export function encodeEntry(entry: LogEntry): Uint8Array {
  const bytes = canonicalBytes(validateEntry(entry));
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new ProtocolError('ENTRY_MALFORMED', `an entry is at most ${MAX_ENTRY_BYTES} bytes, got ${bytes.length}`, {
      details: { rule: 'ENTRY_TOO_LARGE', size: bytes.length },
    });
  }
  return bytes;
}

/**
 * Signs `statement` with every signer (Ed25519 over `statementSigningBytes`) and returns the entry,
 * signatures in canonical order. Validates the statement first and the size of the result. Throws
 * ENTRY_MALFORMED / ENTRY_UNKNOWN_TYPE for an invalid statement, INVALID_ARGUMENT for bad signers.
 */
export function signStatement(statement: Statement, signers: readonly StatementSigner[]): LogEntry {
  const valid = validateStatement(statement);
  const signatures = signWithAll(statementSigningBytes(valid), signers);
  const entry = { ...valid, signatures } as LogEntry;
  encodeEntry(entry);
  return entry;
}

/** The RFC 9162 leaf hash of an entry's stored bytes: SHA-256(0x00 || bytes). */
export function entryLeafHash(bytes: Uint8Array): Uint8Array {
  return hashLeaf(bytes);
}
