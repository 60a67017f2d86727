import { z } from 'zod';
import { isEd25519DidKey } from '../identity/did-key.ts';
import { isUlid, parseMaipAgentId } from '../identity/maip-id.ts';
import { isScope } from './scope.ts';
import { isTimestamp } from './time.ts';

/**
 * The field types every statement is built from (docs/protocol.md §2). All are attacker-controlled
 * when parsed; each schema bounds its length before any costlier check runs.
 */

/** Registry origin: also the checkpoint origin and the log key's note name (C2SP tlog-checkpoint). */
// ASCII only, no space or '+', so it is a valid note key name, and it can never start with '{',
// which keeps a checkpoint's signed text from ever being mistaken for a statement's JCS bytes.
const ORIGIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~:/-]{0,254}$/;
const TENANT_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SESSION_ID_PATTERN = /^sess_[A-Za-z0-9_-]{22}$/;
const FLAG_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;

/** Whether `value` is a registry origin (see ORIGIN_PATTERN). Never throws. */
export function isOrigin(value: unknown): value is string {
  return typeof value === 'string' && ORIGIN_PATTERN.test(value);
}

/** Whether `value` is a tenant id: a lowercase UUID. Never throws. */
export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_PATTERN.test(value);
}

/** The 8-hex prefix of a tenant id, which MAIP agent ids of that tenant carry (`maip:<prefix>:<ULID>`). */
export function tenantPrefix(tenant: string): string {
  return tenant.slice(0, 8);
}

/** Whether `value` is a tenant-scoped MAIP agent id `maip:<8 lowercase hex>:<ULID>`. Never throws. */
export function isAgentId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  try {
    return parseMaipAgentId(value).kind === 'tenant';
  } catch {
    return false;
  }
}

/** Whether `value` is a delegation id `del_<ULID>`. Never throws. */
export function isDelegationId(value: unknown): value is string {
  return typeof value === 'string' && value.length === 30 && value.startsWith('del_') && isUlid(value.slice(4));
}

/** Whether `value` is a trust flag (what `flagSchema` accepts). Never throws. */
export function isFlag(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 48 && FLAG_PATTERN.test(value);
}

/** Whether `value` is a session id `sess_<base64url of 16 bytes>`. Never throws. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value) && isBase64Url(value.slice(5), 16);
}

/** Whether `value` is strict unpadded base64url of exactly `length` bytes. Never throws. */
export function isBase64Url(value: unknown, length: number): value is string {
  if (typeof value !== 'string' || value.length !== Math.ceil((length * 4) / 3)) return false;
  // What `base64UrlToBytes(value, length)` accepts, without decoding: at this length the decoded
  // length is always `length`, so only the alphabet and zero trailing bits (RFC 4648 §3.5) remain.
  let last = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    last = c < 128 ? (BASE64URL_VALUES[c] as number) : -1;
    if (last < 0) return false;
  }
  const rest = value.length % 4;
  return rest === 2 ? (last & 0x0f) === 0 : rest === 3 ? (last & 0x03) === 0 : true;
}

const BASE64URL_VALUES = ((): Int8Array => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

// did:key validation decodes base58 (about 7 µs); a log repeats the same few keys on most entries
// (the registry key, an agent's key on each session), so valid ones are remembered. Bounded: the set
// is dropped when full. Only successes are cached, so the answer never changes.
const goodDidKeys = new Set<string>();
const GOOD_DID_KEYS_MAX = 65_536;

/** `isEd25519DidKey` with a bounded memo of keys already found valid. Never throws. */
export function isKnownGoodDidKey(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (goodDidKeys.has(value)) return true;
  if (!isEd25519DidKey(value)) return false;
  if (goodDidKeys.size >= GOOD_DID_KEYS_MAX) goodDidKeys.clear();
  goodDidKeys.add(value);
  return true;
}

export const originSchema = z.string().max(255).refine(isOrigin, 'not a registry origin');
export const tenantIdSchema = z.string().max(36).refine(isTenantId, 'not a tenant id (lowercase UUID)');
export const agentIdSchema = z.string().max(40).refine(isAgentId, "not an agent id 'maip:<tenant8>:<ULID>'");
export const delegationIdSchema = z.string().max(30).refine(isDelegationId, "not a delegation id 'del_<ULID>'");
export const sessionIdSchema = z.string().max(27).refine(isSessionId, "not a session id 'sess_<16 bytes base64url>'");
export const didKeySchema = z.string().max(64).refine(isKnownGoodDidKey, 'not an Ed25519 did:key');
export const timestampSchema = z.string().max(24).refine(isTimestamp, 'not a timestamp YYYY-MM-DDTHH:MM:SS.sssZ');
/** 32 random bytes, base64url (43 characters), as MAIP nonces. */
export const nonceSchema = z.string().max(43).refine((v) => isBase64Url(v, 32), 'not a 32-byte base64url nonce');
/** A 64-byte Ed25519 signature R || S, base64url (86 characters). */
export const signatureValueSchema = z.string().max(86).refine((v) => isBase64Url(v, 64), 'not a 64-byte base64url signature');
export const scopeSchema = z.string().max(129).refine(isScope, "not a scope 'resource:action'");
export const flagSchema = z.string().max(48).regex(FLAG_PATTERN);

/**
 * Whether `text` holds a C0 control (U+0000–U+001F), DEL or a C1 control (U+007F–U+009F); with
 * `multiLine`, \n and \t are allowed. Human text in statements is shown to people: controls could
 * forge lines in terminals and reports.
 */
export function hasControlCharacter(text: string, multiLine: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? !(multiLine && (c === 0x0a || c === 0x09)) : c >= 0x7f && c <= 0x9f) return true;
  }
  return false;
}

/** Single-line human text of 1..max UTF-16 code units, no control characters. */
export function lineText(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !hasControlCharacter(v, false), 'control characters are not allowed');
}

/** Multi-line human text of 1..max UTF-16 code units; only \n and \t among controls. */
export function blockText(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !hasControlCharacter(v, true), 'control characters other than \\n and \\t are not allowed');
}

/** An array of 0..max distinct items (order kept: JCS does not sort arrays). */
export function uniqueArray<T extends z.ZodType>(item: T, min: number, max: number) {
  return z
    .array(item)
    .min(min)
    .max(max)
    .refine((values) => new Set(values as unknown[]).size === values.length, 'items must be distinct');
}

export const scopesSchema = uniqueArray(scopeSchema, 1, 64);
export const capabilitiesSchema = uniqueArray(lineText(128), 0, 64);
