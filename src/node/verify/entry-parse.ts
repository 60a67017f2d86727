/**
 * Parsing log entries for bulk verification: the same verdicts as `parseEntry`
 * (src/core/log/entry.ts, docs/protocol.md §3.2), with less work per entry, because the verifier
 * parses every entry of a log of millions.
 *
 * Fast path: strict UTF-8 decode, native JSON.parse, then a canonical-form test that needs no JCS
 * serialisation: `JSON.stringify(value) === text` and every object's member names strictly
 * ascending in UTF-16 order, nesting at most 16 deep, and no `\ud8xx`–`\udfxx` escape in the text.
 * For a value parsed from `text` those conditions imply `canonicalize(value) === text`: JSON.stringify
 * and RFC 8785 agree on numbers (ECMAScript Number::toString), on string escapes for well-formed
 * strings, and on member order once names are known to be sorted; a lone surrogate (the only case
 * where they differ) can only come from such an escape. Whenever the fast test is not passed, the
 * entry goes through `parseEntry` itself, which names the failure (ENTRY_MALFORMED,
 * ENTRY_NOT_CANONICAL, ENTRY_UNKNOWN_TYPE). Either way `validateEntry` checks the schema.
 *
 * Signing bytes: for an entry known to be canonical, JCS(entry without "signatures") is the stored
 * text with the `,"signatures":[…]` member cut out (RFC 8785 sorts members, and every member after
 * it, `subject`, `tenant`, `time`, `type`, is ASCII), so it is two slices of the stored bytes
 * instead of a second serialisation. The cut is located arithmetically and checked byte for byte;
 * any surprise falls back to `statementSigningBytes`.
 */
import { ProtocolError } from '../../core/errors.ts';
import { base64UrlToBytes } from '../../core/encoding/base64.ts';
import { parseEntry } from '../../core/log/entry.ts';
import { MAX_ENTRY_BYTES, statementSigningBytes, validateEntry, type LogEntry } from '../../core/log/statement.ts';
import { publicKeyFromDidKey } from '../../core/identity/did-key.ts';
import { collectSignatureChecks, type SignatureCheck } from '../../core/log/verify-signatures.ts';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const MAX_DEPTH = 16;
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/;
const SIGNATURES_MEMBER = ',"signatures":[';
const SIGNATURES_MEMBER_BYTES = new TextEncoder().encode(SIGNATURES_MEMBER);
const TAIL_FIXED = ',"subject":"","tenant":"","time":"","type":""}'.length;
const SIGNATURE_FIXED = '{"key":"","role":"","sig":""}'.length;

/** `parseEntry(bytes)`, faster on canonical entries (see the module comment). Same results and codes. */
export function parseEntryFast(bytes: Uint8Array): LogEntry {
  if (bytes.length > MAX_ENTRY_BYTES) return parseEntry(bytes);
  let text: string;
  let value: unknown;
  try {
    text = decoder.decode(bytes);
    value = JSON.parse(text);
  } catch {
    return parseEntry(bytes);
  }
  if (JSON.stringify(value) !== text || !namesSorted(value, 0) || LONE_SURROGATE_ESCAPE.test(text)) return parseEntry(bytes);
  return validateEntry(value);
}

/** Every object's member names strictly ascending (UTF-16 code units) and depth ≤ 16. */
function namesSorted(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!namesSorted(item, depth + 1)) return false;
    return true;
  }
  // for…in walks a JSON.parse object's own names in property order without building an array.
  let previous: string | undefined;
  for (const name in value) {
    if (previous !== undefined && !(previous < name)) return false;
    previous = name;
    if (!namesSorted((value as Record<string, unknown>)[name], depth + 1)) return false;
  }
  return true;
}

/**
 * JCS(entry without "signatures") for `entry` parsed from the canonical `bytes` (see the module
 * comment); equal to `statementSigningBytes(entry)`.
 */
export function signingBytesOf(entry: LogEntry, bytes: Uint8Array): Uint8Array {
  // Members after "signatures", in JCS order: `,"subject":"…","tenant":"…","time":"…","type":"…"}`.
  // Their values are ASCII without escapes by schema (ids, uuid, timestamp, type name), as are the
  // signature members (did:key, role, base64url), so every length is the string length.
  const tailLength = TAIL_FIXED + entry.subject.length + entry.tenant.length + entry.time.length + entry.type.length;
  let signaturesLength = SIGNATURES_MEMBER.length + entry.signatures.length; // "[" … "]" and the commas between
  for (const s of entry.signatures) signaturesLength += SIGNATURE_FIXED + s.key.length + s.role.length + s.sig.length;
  const end = bytes.length - tailLength;
  const start = end - signaturesLength;
  if (start <= 0 || bytes[end - 1] !== 0x5d || bytes[end] !== 0x2c || !startsWith(bytes, start, SIGNATURES_MEMBER_BYTES)) {
    return statementSigningBytes(entry);
  }
  const out = new Uint8Array(bytes.length - signaturesLength);
  out.set(bytes.subarray(0, start), 0);
  out.set(bytes.subarray(end), start);
  return out;
}

function startsWith(bytes: Uint8Array, offset: number, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[offset + i] !== prefix[i]) return false;
  return true;
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

// Public keys of the did:keys seen, shared read-only (the verify pool copies them into its chunks).
// The only cache on this path: the core's memo (cachedPublicKeyFromDidKey) would hold a second copy
// of every key. The keys sit 32 bytes apiece in slabs of KEYS_PER_SLAB, and a lookup returns a view
// of its slot: a Uint8Array and an ArrayBuffer of their own per key cost about 200 bytes of heap
// more, some 10 MB at 48,000 agents (issue 4's memory goal). A slot is written once and never
// again: past MAX_PUBLIC_KEYS the cache starts over with new slabs, and an old slab lives as long as
// a view of it, so a key handed out never changes under its holder (a reused slot could otherwise
// swap one signer's key for another's between a check's parse and its verification).
const KEYS_PER_SLAB = 4096;
const MAX_PUBLIC_KEYS = 65_536;
let slabs: Uint8Array[] = [];
let slotOfKey = new Map<string, number>();

/** The 32-byte public key of `did` (a view: do not write to it). Throws DID_KEY_INVALID as publicKeyFromDidKey. */
export function publicKeyOf(did: string): Uint8Array {
  let slot = slotOfKey.get(did);
  if (slot === undefined) {
    const key = publicKeyFromDidKey(did);
    if (slotOfKey.size >= MAX_PUBLIC_KEYS) {
      slabs = [];
      slotOfKey = new Map();
    }
    slot = slotOfKey.size;
    if (slot % KEYS_PER_SLAB === 0) slabs.push(new Uint8Array(KEYS_PER_SLAB * 32));
    (slabs[slabs.length - 1] as Uint8Array).set(key, (slot % KEYS_PER_SLAB) * 32);
    slotOfKey.set(did, slot);
  }
  const offset = (slot % KEYS_PER_SLAB) * 32;
  return (slabs[Math.floor(slot / KEYS_PER_SLAB)] as Uint8Array).subarray(offset, offset + 32);
}

/** What can be said about unparseable entry bytes, for a finding: its type and subject if legible. */
export function describeRawEntry(bytes: Uint8Array): { type?: string; subject?: string } {
  try {
    const value = JSON.parse(decoder.decode(bytes)) as { type?: unknown; subject?: unknown };
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
