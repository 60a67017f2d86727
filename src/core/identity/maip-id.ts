import { ProtocolError } from '../errors.ts';

/**
 * MAIP agent ids (maip-formats.md §2, §3) and the ULIDs inside them.
 *
 * Policy (ids are attacker-controlled input):
 * - a ULID is exactly 26 characters of Crockford base32 in canonical UPPER case (no I, L, O, U),
 *   first character 0–7 (the 48-bit timestamp fills 50 bits, the top two are zero). Lower case is
 *   refused, although Crockford decoding would fold it, so that one agent has one id string;
 * - `maip-agent:<ULID>` (Go reference `NewAgent`) is a plain id;
 * - `maip:<8 lowercase hex>:<ULID>` (`NewAgentWithTenant`, data-model 3.4.1 pattern
 *   `^maip:[a-f0-9]{8}:[A-Z0-9]{26}$` narrowed to Crockford) is a tenant id. Upper-case hex is refused
 *   on parsing; `formatMaipAgentId` lower-cases a tenant prefix as the Go reference does.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID = '[0-7][0-9A-HJKMNP-TV-Z]{25}';
const ULID_PATTERN = new RegExp(`^${ULID}$`);
const PLAIN_ID_PATTERN = new RegExp(`^maip-agent:(${ULID})$`);
const TENANT_ID_PATTERN = new RegExp(`^maip:([0-9a-f]{8}):(${ULID})$`);
const TENANT_PREFIX_INPUT = /^[0-9a-fA-F]{8}$/;
// The longest id ('maip:' + 8 + ':' + 26); checked before any regular expression runs.
const MAX_ID_LENGTH = 40;

export const ULID_LENGTH = 26;
export const ULID_RANDOM_BYTES = 10;
/** The largest ULID timestamp: 2^48 - 1 milliseconds. */
export const ULID_MAX_TIME_MS = 2 ** 48 - 1;

export type MaipAgentId =
  | { readonly kind: 'plain'; readonly tenantPrefix?: undefined; readonly ulid: string }
  | { readonly kind: 'tenant'; readonly tenantPrefix: string; readonly ulid: string };

/** Whether `value` is a canonical ULID (see the policy above). Never throws. */
export function isUlid(value: unknown): value is string {
  return typeof value === 'string' && value.length === ULID_LENGTH && ULID_PATTERN.test(value);
}

/**
 * A ULID from a millisecond timestamp and 10 random bytes: 10 characters of time, then 16 of
 * randomness, big-endian Crockford base32 (ULID spec). Deterministic in its inputs. Throws
 * INVALID_ARGUMENT unless `timeMs` is an integer in [0, 2^48 - 1] and `random` is 10 bytes.
 */
export function newUlid(timeMs: number, random: Uint8Array): string {
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || timeMs > ULID_MAX_TIME_MS) {
    throw new ProtocolError('INVALID_ARGUMENT', `ULID time must be an integer from 0 to ${ULID_MAX_TIME_MS}`);
  }
  if (!(random instanceof Uint8Array) || random.length !== ULID_RANDOM_BYTES) {
    throw new ProtocolError('INVALID_ARGUMENT', `ULID randomness must be ${ULID_RANDOM_BYTES} bytes`);
  }
  let time = '';
  // 48 bits do not fit JavaScript's 32-bit operators: divide instead.
  for (let rest = timeMs, k = 0; k < 10; k++, rest = Math.floor(rest / 32)) time = CROCKFORD[rest % 32]! + time;
  let randomness = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of random) {
    buffer = ((buffer << 8) | byte) & 0xfff; // at most 4 + 8 live bits
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      randomness += CROCKFORD[(buffer >>> bits) & 31]!;
    }
  }
  return time + randomness;
}

/** The millisecond timestamp in a ULID. Throws INVALID_ARGUMENT if `ulid` is not a canonical ULID. */
export function ulidTimeMs(ulid: string): number {
  if (!isUlid(ulid)) throw new ProtocolError('INVALID_ARGUMENT', 'not a canonical ULID');
  let time = 0;
  for (let k = 0; k < 10; k++) time = time * 32 + CROCKFORD.indexOf(ulid[k]!);
  return time;
}

/**
 * Splits a MAIP agent id into its kind, tenant prefix and ULID (see the policy above). Throws
 * MAIP_AGENT_ID_INVALID for anything else.
 */
export function parseMaipAgentId(id: string): MaipAgentId {
  if (typeof id !== 'string' || id.length > MAX_ID_LENGTH) throw invalid('not a MAIP agent id');
  const plain = PLAIN_ID_PATTERN.exec(id);
  if (plain !== null) return { kind: 'plain', ulid: plain[1]! };
  const tenant = TENANT_ID_PATTERN.exec(id);
  if (tenant !== null) return { kind: 'tenant', tenantPrefix: tenant[1]!, ulid: tenant[2]! };
  throw invalid("expected 'maip-agent:<ULID>' or 'maip:<8 lowercase hex>:<ULID>'");
}

/** Whether `value` is a MAIP agent id that `parseMaipAgentId` accepts. Never throws. */
export function isMaipAgentId(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseMaipAgentId(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * `maip-agent:<ulid>`, or `maip:<tenantPrefix lower-cased>:<ulid>` when a tenant prefix is given
 * (8 hex digits, either case, as Go `NewAgentWithTenant` takes them). Accepts a `MaipAgentId`, so
 * `formatMaipAgentId(parseMaipAgentId(id)) === id`. Throws MAIP_AGENT_ID_INVALID.
 */
export function formatMaipAgentId(parts: { readonly ulid: string; readonly tenantPrefix?: string | undefined }): string {
  if (!isUlid(parts.ulid)) throw invalid('not a canonical ULID');
  if (parts.tenantPrefix === undefined) return `maip-agent:${parts.ulid}`;
  if (typeof parts.tenantPrefix !== 'string' || !TENANT_PREFIX_INPUT.test(parts.tenantPrefix)) {
    throw invalid('a tenant prefix is 8 hex digits');
  }
  return `maip:${parts.tenantPrefix.toLowerCase()}:${parts.ulid}`;
}

function invalid(reason: string): ProtocolError {
  return new ProtocolError('MAIP_AGENT_ID_INVALID', `invalid MAIP agent id: ${reason}`);
}
