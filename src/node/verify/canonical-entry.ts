/**
 * What can be decided about entry bytes without the statement schemas: whether they are canonical
 * JSON, the signing bytes of a canonical entry, and whether its signatures verify. It is what the
 * verify pool's workers run on the entries of a sync (issue 4: they had spare time while the main
 * thread parsed), so its module graph stays free of zod and @noble, which every worker would pay
 * for (two verify workers took 59 MB of RSS, 88 MB with the parser's modules loaded).
 *
 * Canonical test (no JCS serialisation): `JSON.stringify(value) === text`, every object's member
 * names strictly ascending in UTF-16 order, nesting at most 16 deep, and no `\ud8xx`–`\udfxx` escape
 * in the text. For a value parsed from `text` those conditions imply `canonicalize(value) === text`:
 * JSON.stringify and RFC 8785 agree on numbers (ECMAScript Number::toString), on string escapes for
 * well-formed strings, and on member order once names are known to be sorted; a lone surrogate (the
 * only case where they differ) can only come from such an escape.
 *
 * Signing bytes: for an entry known to be canonical, JCS(entry without "signatures") is the stored
 * text with the `,"signatures":[…]` member cut out (RFC 8785 sorts members, and every member after
 * it, `subject`, `tenant`, `time`, `type`, is ASCII by schema), so it is two slices of the stored
 * bytes instead of a second serialisation. The cut is located arithmetically and checked byte for
 * byte; any surprise is reported (undefined) and the caller serialises.
 */
import { publicKeyFromDidKey } from '../../core/identity/did-key.ts';
import { MAX_ENTRY_BYTES } from '../../core/log/limits.ts';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const MAX_DEPTH = 16;
const LONE_SURROGATE_ESCAPE = /\\ud[89a-f]/;
const SIGNATURES_MEMBER = ',"signatures":[';
const TAIL_FIXED = ',"subject":"","tenant":"","time":"","type":""}'.length;
const SIGNATURE_FIXED = '{"key":"","role":"","sig":""}'.length;

/** The strict UTF-8 text of `bytes`; throws TypeError if they are not UTF-8. */
export function decodeEntryText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * The value of `bytes` if they are at most MAX_ENTRY_BYTES of strict UTF-8 holding canonical JSON
 * (the test above); undefined otherwise, including for bytes that are not JSON at all. Never throws.
 */
export function canonicalValue(bytes: Uint8Array): unknown {
  if (bytes.length > MAX_ENTRY_BYTES) return undefined;
  let text: string;
  let value: unknown;
  try {
    text = decoder.decode(bytes);
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === undefined || JSON.stringify(value) !== text || !namesSorted(value, 0) || LONE_SURROGATE_ESCAPE.test(text)) return undefined;
  return value;
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

/** The members of an entry the signing-bytes cut reads. */
export interface SignedEnvelope {
  readonly subject: string;
  readonly tenant: string;
  readonly time: string;
  readonly type: string;
  readonly signatures: readonly { readonly key: string; readonly role: string; readonly sig: string }[];
}

/**
 * JCS(entry without "signatures") cut from the canonical `bytes` that `entry` was parsed from (see
 * the module comment), or undefined when the bytes are not laid out as expected: the signatures
 * member and every member after it must be, byte for byte, those of `entry` with values of
 * printable ASCII needing no escape (any other value is left to the caller's serialisation).
 * Precondition: `bytes` are the canonical encoding of `entry` (the members before `signatures` are
 * not compared).
 */
export function cutSigningBytes(entry: SignedEnvelope, bytes: Uint8Array): Uint8Array | undefined {
  // Members after "signatures", in JCS order: `,"subject":"…","tenant":"…","time":"…","type":"…"}`.
  // Their values are ASCII without escapes by schema (ids, uuid, timestamp, type name), as are the
  // signature members (did:key, role, base64url), so every length is the string length.
  const tailLength = TAIL_FIXED + entry.subject.length + entry.tenant.length + entry.time.length + entry.type.length;
  let signaturesLength = SIGNATURES_MEMBER.length + entry.signatures.length; // "[" … "]" and the commas between
  for (const s of entry.signatures) signaturesLength += SIGNATURE_FIXED + s.key.length + s.role.length + s.sig.length;
  const end = bytes.length - tailLength;
  const start = end - signaturesLength;
  if (start <= 0 || signaturesMemberEnd(bytes, start, entry.signatures) !== end || tailEnd(bytes, end, entry) !== bytes.length) return undefined;
  const out = new Uint8Array(bytes.length - signaturesLength);
  out.set(bytes.subarray(0, start), 0);
  out.set(bytes.subarray(end), start);
  return out;
}

/** Where `,"signatures":[{"key":…,"role":…,"sig":…},…]` ends if `bytes` hold it from `at`, else -1. */
function signaturesMemberEnd(bytes: Uint8Array, at: number, signatures: SignedEnvelope['signatures']): number {
  let i = syntaxEnd(bytes, at, SIGNATURES_MEMBER);
  signatures.forEach((s, n) => {
    i = syntaxEnd(bytes, i, n === 0 ? '{"key":"' : ',{"key":"');
    i = syntaxEnd(bytes, valueEnd(bytes, i, s.key), '","role":"');
    i = syntaxEnd(bytes, valueEnd(bytes, i, s.role), '","sig":"');
    i = syntaxEnd(bytes, valueEnd(bytes, i, s.sig), '"}');
  });
  return syntaxEnd(bytes, i, ']');
}

/** Where `,"subject":…,"tenant":…,"time":…,"type":…}` ends if `bytes` hold it from `at`, else -1. */
function tailEnd(bytes: Uint8Array, at: number, entry: SignedEnvelope): number {
  let i = syntaxEnd(bytes, at, ',"subject":"');
  i = syntaxEnd(bytes, valueEnd(bytes, i, entry.subject), '","tenant":"');
  i = syntaxEnd(bytes, valueEnd(bytes, i, entry.tenant), '","time":"');
  i = syntaxEnd(bytes, valueEnd(bytes, i, entry.time), '","type":"');
  return syntaxEnd(bytes, valueEnd(bytes, i, entry.type), '"}');
}

/** Where `text` ends if `bytes` hold its characters (ASCII) from `at`, else -1 (also for `at` = -1). */
function syntaxEnd(bytes: Uint8Array, at: number, text: string): number {
  if (at < 0 || at + text.length > bytes.length) return -1;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return -1;
  return at + text.length;
}

/** syntaxEnd for a string value's characters, which must be printable ASCII other than `"` and `\`. */
function valueEnd(bytes: Uint8Array, at: number, value: string): number {
  if (at < 0 || at + value.length > bytes.length) return -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c || bytes[at + i] !== c) return -1;
  }
  return at + value.length;
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

/** Verdicts of `entrySignatureVerdict`, one byte per entry on the wire (entry-batch.ts). */
export const SIGNATURE_INVALID = 0;
export const SIGNATURES_VALID = 1;
export const VERDICT_UNDECIDED = 2;
export type EntryVerdict = typeof SIGNATURE_INVALID | typeof SIGNATURES_VALID | typeof VERDICT_UNDECIDED;

type Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

/**
 * The signatures of the entry in `bytes`, checked without the schemas: SIGNATURES_VALID if the bytes
 * are canonical (above) and every signature verifies with `verify` over the cut signing bytes,
 * SIGNATURE_INVALID if one does not, VERDICT_UNDECIDED for anything this does not handle (bytes
 * that are not canonical JSON or not shaped like an entry, an admin-command body, whose signatures
 * cover the command, an unusual signature or key, a cut that does not fit), which the caller then
 * judges with the schemas (entry-parse.ts).
 *
 * The verdict holds for an entry that the schemas accept: its members are then the strings read
 * here, its keys decode to the same bytes and its signatures are strict base64url of 86 characters,
 * so it equals what `signatureChecksOf` would find. For an entry they refuse, the refusal is what
 * counts and the verdict is not used. Never throws.
 */
export function entrySignatureVerdict(bytes: Uint8Array, verify: Verify): EntryVerdict {
  const value = canonicalValue(bytes);
  if (!isEntryShaped(value) || (value.body as { by?: unknown }).by === 'admin') return VERDICT_UNDECIDED;
  const message = cutSigningBytes(value, bytes);
  if (message === undefined) return VERDICT_UNDECIDED;
  const keys: Uint8Array[] = [];
  const signatures: Uint8Array[] = [];
  for (const s of value.signatures) {
    if (s.sig.length !== 86) return VERDICT_UNDECIDED;
    const signature = Buffer.from(s.sig, 'base64url');
    if (signature.length !== 64) return VERDICT_UNDECIDED;
    try {
      keys.push(publicKeyOf(s.key));
    } catch {
      return VERDICT_UNDECIDED;
    }
    signatures.push(signature);
  }
  for (let i = 0; i < keys.length; i++) {
    if (!verify(keys[i] as Uint8Array, message, signatures[i] as Uint8Array)) return SIGNATURE_INVALID;
  }
  return SIGNATURES_VALID;
}

function isEntryShaped(value: unknown): value is SignedEnvelope & { readonly body: object } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v['subject'] !== 'string' || typeof v['tenant'] !== 'string' || typeof v['time'] !== 'string' || typeof v['type'] !== 'string') return false;
  if (typeof v['body'] !== 'object' || v['body'] === null || !Array.isArray(v['signatures'])) return false;
  for (const s of v['signatures'] as unknown[]) {
    if (typeof s !== 'object' || s === null) return false;
    const { key, role, sig } = s as Record<string, unknown>;
    if (typeof key !== 'string' || typeof role !== 'string' || typeof sig !== 'string') return false;
  }
  return true;
}
