/**
 * Parsing log entries for bulk verification: the same verdicts as `parseEntry`
 * (src/core/log/entry.ts, docs/protocol.md §3.2), with less work per entry, because the verifier
 * parses every entry of a log of millions.
 *
 * Fast path: the canonical test of canonical-entry.ts (strict UTF-8, native JSON.parse, no JCS
 * serialisation), then the schemas (`validateEntry`). Whenever the canonical test is not passed,
 * the entry goes through `parseEntry` itself, which names the failure (ENTRY_MALFORMED,
 * ENTRY_NOT_CANONICAL, ENTRY_UNKNOWN_TYPE). Signing bytes are cut from the stored bytes
 * (canonical-entry.ts), serialised only when the cut does not fit.
 */
import { ProtocolError } from '../../core/errors.ts';
import { base64UrlToBytes } from '../../core/encoding/base64.ts';
import { parseEntry } from '../../core/log/entry.ts';
import { statementSigningBytes, validateEntry, type LogEntry } from '../../core/log/statement.ts';
import { collectSignatureChecks, type SignatureCheck } from '../../core/log/verify-signatures.ts';
import { canonicalValue, cutSigningBytes, decodeEntryText, publicKeyOf } from './canonical-entry.ts';

export { publicKeyOf } from './canonical-entry.ts';

/** `parseEntry(bytes)`, faster on canonical entries (see the module comment). Same results and codes. */
export function parseEntryFast(bytes: Uint8Array): LogEntry {
  const value = canonicalValue(bytes);
  return value === undefined ? parseEntry(bytes) : validateEntry(value);
}

/**
 * The entry in `bytes`, which the caller knows to be canonical (canonical-entry.ts said so, on this
 * thread or a worker): `parseEntryFast` without repeating the canonical test. Throws what
 * `validateEntry` throws.
 */
export function parseCanonicalEntry(bytes: Uint8Array): LogEntry {
  return validateEntry(JSON.parse(decodeEntryText(bytes)));
}

/**
 * JCS(entry without "signatures") for `entry` parsed from the canonical `bytes` (see the module
 * comment); equal to `statementSigningBytes(entry)`.
 */
export function signingBytesOf(entry: LogEntry, bytes: Uint8Array): Uint8Array {
  return cutSigningBytes(entry, bytes) ?? statementSigningBytes(entry);
}

/**
 * Every signature check of `entry` (as `collectSignatureChecks`), with the statement's signing bytes
 * cut from the stored bytes. Admin-command bodies (rare) go through the core collector. Throws
 * DID_KEY_INVALID like it (not for validated entries).
 */
export function signatureChecksOf(entry: LogEntry, bytes: Uint8Array): SignatureCheck[] {
  if ((entry.body as { by?: unknown }).by === 'admin') return collectSignatureChecks(entry);
  const message = signingBytesOf(entry, bytes);
  return entry.signatures.map((s) => ({
    where: 'entry' as const,
    role: s.role,
    key: s.key,
    publicKey: publicKeyOf(s.key),
    message,
    // The schema admitted only strict base64url of exactly 64 bytes (86 characters), so the native
    // decoder gives the same bytes as the strict one.
    signature: s.sig.length === 86 ? Buffer.from(s.sig, 'base64url') : base64UrlToBytes(s.sig, 64),
  }));
}

/** What can be said about unparseable entry bytes, for a finding: its type and subject if legible. */
export function describeRawEntry(bytes: Uint8Array): { type?: string; subject?: string } {
  try {
    const value = JSON.parse(decodeEntryText(bytes)) as { type?: unknown; subject?: unknown };
    const out: { type?: string; subject?: string } = {};
    if (typeof value.type === 'string') out.type = value.type.slice(0, 64);
    if (typeof value.subject === 'string') out.subject = value.subject.slice(0, 64);
    return out;
  } catch {
    return {};
  }
}

/** A ProtocolError's code and rule, for findings. Non-protocol errors are reported as ENTRY_MALFORMED. */
export function describeParseError(error: unknown): { code: 'ENTRY_MALFORMED' | 'ENTRY_NOT_CANONICAL' | 'ENTRY_UNKNOWN_TYPE'; rule?: string; message: string } {
  if (error instanceof ProtocolError && (error.code === 'ENTRY_NOT_CANONICAL' || error.code === 'ENTRY_UNKNOWN_TYPE' || error.code === 'ENTRY_MALFORMED')) {
    const rule = error.details?.rule ?? error.details?.cause;
    return typeof rule === 'string' ? { code: error.code, rule, message: error.message } : { code: error.code, message: error.message };
  }
  return { code: 'ENTRY_MALFORMED', message: error instanceof Error ? error.message : String(error) };
}
