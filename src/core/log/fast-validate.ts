import { hasControlCharacter, isBase64Url, isFlag, isKnownGoodDidKey, isOrigin, isSessionId, isTenantId } from './fields.ts';
import { isScope } from './scope.ts';
import { MAX_SIGNATURES, SIGNER_ROLES } from './signature.ts';
import { isTimestamp } from './time.ts';
import { TRUST_BANDS } from '../trust/score.ts';

/**
 * A hand-written fast path for statement validation (docs/protocol.md §3), because the verifier
 * validates every entry of logs of millions and the zod schemas cost several microseconds each.
 *
 * Policy: each function here accepts a subset of what the zod schemas accept and, when it accepts,
 * returns a fresh value equal to the schema's output (same members, same member order). Anything it
 * is unsure of (an unknown body type, an unusual prototype, any failed check) returns `undefined`,
 * and the caller runs the schemas, which then produce the one error message and code. So the fast
 * path never decides a rejection, and its answers are the schemas' answers. All input here is
 * attacker-controlled; nothing in it throws.
 */

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether the own enumerable names of `value` are exactly `names` (in any order). */
function hasExactly(value: Plain, names: readonly string[]): boolean {
  // for…in without building an array; an inherited enumerable name fails the check (the schemas decide).
  let count = 0;
  for (const name in value) {
    if (!Object.hasOwn(value, name) || !names.includes(name)) return false;
    count += 1;
  }
  return count === names.length;
}

function boundedString(value: unknown, min: number, max: number): value is string {
  return typeof value === 'string' && value.length >= min && value.length <= max;
}

const ENVELOPE_NAMES = ['format', 'origin', 'type', 'tenant', 'subject', 'time', 'body'] as const;
const ENTRY_NAMES = [...ENVELOPE_NAMES, 'signatures'] as const;
const SIGNATURE_NAMES = ['role', 'key', 'sig'] as const;

/**
 * The statement envelope's schema output for `value` (`format`, `origin`, `type` (any string of at
 * most 64 characters: the caller checks the vocabulary), `tenant`, `subject`, `time`, `body` (the
 * same object) and, when `signed`, a fresh `signatures` array), or undefined (see the policy).
 */
export function fastEnvelope(value: unknown, signed: boolean, format: string): Plain | undefined {
  if (!isPlainObject(value) || !hasExactly(value, signed ? ENTRY_NAMES : ENVELOPE_NAMES)) return undefined;
  const { origin, type, tenant, subject, time, body } = value;
  if (
    value.format !== format ||
    !boundedString(origin, 0, 255) ||
    !isOrigin(origin) ||
    !boundedString(type, 0, 64) ||
    !boundedString(tenant, 0, 36) ||
    !isTenantId(tenant) ||
    !boundedString(subject, 1, 64) ||
    !isTimestamp(time) ||
    !isPlainObject(body)
  ) {
    return undefined;
  }
  if (!signed) return { format, origin, type, tenant, subject, time, body };
  const signatures = fastSignatures(value.signatures);
  if (signatures === undefined) return undefined;
  return { format, origin, type, tenant, subject, time, body, signatures };
}

function fastSignatures(value: unknown): Plain[] | undefined {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_SIGNATURES) return undefined;
  const out: Plain[] = [];
  let previous: string | undefined;
  for (const item of value as unknown[]) {
    if (!isPlainObject(item) || !hasExactly(item, SIGNATURE_NAMES)) return undefined;
    const { role, key, sig } = item;
    if (
      !(SIGNER_ROLES as readonly unknown[]).includes(role) ||
      !boundedString(key, 0, 64) ||
      !isKnownGoodDidKey(key) ||
      !boundedString(sig, 0, 86) ||
      !isBase64Url(sig, 64)
    ) {
      return undefined;
    }
    // signaturesSchema: strictly ascending by key (one signature per key).
    if (previous !== undefined && !(previous < key)) return undefined;
    previous = key;
    out.push({ role, key, sig });
  }
  return out;
}

/** The body schema's output for `body` of statement type `type`, or undefined (see the policy). Only the bulk types have a fast path. */
export function fastBody(type: string, body: Plain): Plain | undefined {
  switch (type) {
    case 'session.authenticated':
      return fastSessionAuthenticated(body);
    case 'trust.score_recorded':
      return fastTrustScoreRecorded(body);
    default:
      return undefined;
  }
}

/** A fresh copy of `value` if it is an array of `min`..`max` distinct items that all pass `ok`. */
function uniqueArray(value: unknown, min: number, max: number, ok: (item: unknown) => boolean): unknown[] | undefined {
  if (!Array.isArray(value) || value.length < min || value.length > max) return undefined;
  const out: unknown[] = [];
  for (const item of value as unknown[]) {
    if (!ok(item)) return undefined;
    out.push(item);
  }
  return new Set(out).size === out.length ? out : undefined;
}

const SESSION_NAMES = ['session_id', 'nonce', 'scopes', 'expires_at'] as const;
const isScopeItem = (item: unknown): boolean => boundedString(item, 0, 129) && isScope(item);

// types/session.ts sessionAuthenticatedBody.
function fastSessionAuthenticated(body: Plain): Plain | undefined {
  if (!hasExactly(body, SESSION_NAMES)) return undefined;
  const { session_id, nonce, expires_at } = body;
  if (!boundedString(session_id, 0, 27) || !isSessionId(session_id) || !boundedString(nonce, 0, 43) || !isBase64Url(nonce, 32)) return undefined;
  const scopes = uniqueArray(body.scopes, 1, 64, isScopeItem);
  if (scopes === undefined || !isTimestamp(expires_at)) return undefined;
  return { session_id, nonce, scopes, expires_at };
}

const TRUST_NAMES = ['factors', 'score', 'band', 'flags'] as const;
const TRUST_NAMES_WITH_REASON = [...TRUST_NAMES, 'reason'] as const;
const FACTOR_NAMES = ['behavioral_compliance', 'scope_adherence', 'anomaly_score', 'peer_attestations', 'session_hygiene'] as const;
const isPercent = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100;
const isFlagItem = (item: unknown): boolean => isFlag(item);

// types/trust.ts trustScoreRecordedBody.
function fastTrustScoreRecorded(body: Plain): Plain | undefined {
  const withReason = Object.hasOwn(body, 'reason');
  if (!hasExactly(body, withReason ? TRUST_NAMES_WITH_REASON : TRUST_NAMES)) return undefined;
  const { factors, score, band, reason } = body;
  if (!isPlainObject(factors) || !hasExactly(factors, FACTOR_NAMES)) return undefined;
  const { behavioral_compliance, scope_adherence, anomaly_score, peer_attestations, session_hygiene } = factors;
  if (
    !isPercent(behavioral_compliance) ||
    !isPercent(scope_adherence) ||
    !isPercent(anomaly_score) ||
    !isPercent(peer_attestations) ||
    !isPercent(session_hygiene) ||
    !isPercent(score) ||
    !(TRUST_BANDS as readonly unknown[]).includes(band)
  ) {
    return undefined;
  }
  const flags = uniqueArray(body.flags, 0, 16, isFlagItem);
  if (flags === undefined) return undefined;
  const out: Plain = {
    factors: { behavioral_compliance, scope_adherence, anomaly_score, peer_attestations, session_hygiene },
    score,
    band,
    flags,
  };
  if (withReason) {
    if (!boundedString(reason, 1, 1000) || hasControlCharacter(reason, true)) return undefined;
    out.reason = reason;
  }
  return out;
}
