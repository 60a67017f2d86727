/**
 * Options of the independent verifier and their defaults. Every option that can change a result is
 * written into the verification record (record.ts) in normalised form, so that a second auditor can
 * re-perform the verification with the same options.
 *
 * Time policy: time-relative checks use `at` when given. Without it, dormancy and overdue
 * suspensions are judged at the log's own end (its latest statement time), so the record stays a
 * pure function of the evidence and options; only check 7's wall-clock questions (the newest
 * checkpoint's age, times in the future) use the clock, and the record then says `"at": null`.
 * Pass `at` (CLI `--at`) for a record that is byte-identical whenever it is re-performed.
 */
import { ProtocolError } from '../../core/errors.ts';
import { formatTimestamp, timestampMs } from '../../core/log/time.ts';
import { MAX_DELEGATION_DEPTH } from '../../core/registry/rules.ts';
import { formatVerifierKey, KEY_TYPE_ED25519, parseVerifierKey, type NoteKeyType, type VerifierKey } from '../../core/note/vkey.ts';

export interface PolicyThresholds {
  /** Deepest delegation accepted without a warning (the protocol's own limit is 3). */
  readonly maxDelegationDepth: number;
  /** How long an active agent may stay with its latest trust score in 0–29 before it must be suspended. */
  readonly suspensionGraceMs: number;
  /** An active agent that signed nothing for this long is dormant. */
  readonly dormantAfterMs: number;
  /** The newest checkpoint may be at most this old at the verification time. */
  readonly maxCheckpointAgeMs: number;
  /** Consecutive checkpoints may cover at most this span of statement times. */
  readonly maxCheckpointGapMs: number;
  /** Consecutive checkpoints may be at most this many entries apart (null: no limit). */
  readonly maxCheckpointGapEntries: number | null;
  /** Tolerated clock skew before a time counts as in the future. */
  readonly clockSkewMs: number;
}

export const DEFAULT_POLICY: Readonly<PolicyThresholds> = Object.freeze({
  maxDelegationDepth: MAX_DELEGATION_DEPTH,
  suspensionGraceMs: 60 * 60 * 1000,
  dormantAfterMs: 90 * 24 * 60 * 60 * 1000,
  maxCheckpointAgeMs: 24 * 60 * 60 * 1000,
  maxCheckpointGapMs: 24 * 60 * 60 * 1000,
  maxCheckpointGapEntries: null,
  clockSkewMs: 2 * 60 * 1000,
});

export interface SampleOptions {
  /** Number of entries to draw (1–10,000). */
  readonly count: number;
  /** Any text; the same seed draws the same entries. */
  readonly seed: string;
}

export interface VerifyOptions {
  /** The pinned log key: a C2SP verifier key `<origin>+<key id>+<base64>` (type 0x01). */
  readonly logKey: string | VerifierKey;
  /** Pinned witness keys (type 0x04 cosigners or 0x01 note signers). */
  readonly witnesses?: readonly (string | VerifierKey)[];
  /** How many pinned witnesses must cosign the newest checkpoint (default: all of them). */
  readonly witnessPolicy?: number;
  /** Verification time, RFC 3339 (see the time policy above). */
  readonly at?: string;
  readonly sample?: SampleOptions;
  readonly policy?: Partial<PolicyThresholds>;
  /** Findings kept per code (the counts stay exact); default 1,000. */
  readonly maxFindingsPerCode?: number;
}

export interface NormalisedOptions {
  readonly logKey: VerifierKey;
  readonly logKeyText: string;
  readonly witnesses: readonly VerifierKey[];
  readonly witnessTexts: readonly string[];
  readonly witnessPolicy: number;
  /** Milliseconds, or undefined when not given. */
  readonly atMs: number | undefined;
  readonly at: string | null;
  readonly sample: SampleOptions | null;
  readonly policy: PolicyThresholds;
  readonly maxFindingsPerCode: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 time (any offset, any fraction) to milliseconds, truncating below the
 * millisecond. Throws INVALID_ARGUMENT.
 */
export function parseRfc3339(text: string): number {
  const match = RFC3339.exec(text);
  if (match === null) throw new ProtocolError('INVALID_ARGUMENT', `"${text.slice(0, 40)}" is not an RFC 3339 time such as 2026-03-02T10:05:00Z`);
  const fraction = (match[7] ?? '').slice(1, 4).padEnd(3, '0');
  const base = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${fraction}Z`;
  const ms = Date.parse(base);
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== base) throw new ProtocolError('INVALID_ARGUMENT', `"${text.slice(0, 40)}" is not a valid date`);
  const offset = match[8] as string;
  if (offset === 'Z' || offset === 'z') return ms;
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return ms - sign * minutes * 60_000;
}

/** The key parsed, and its canonical vkey text (lowercase key ID) for the record. */
function vkeyText(key: VerifierKey | string): { key: VerifierKey; text: string } {
  const parsed = typeof key === 'string' ? parseVerifierKey(key) : key;
  return { key: parsed, text: formatVerifierKey(parsed.name, parsed.type as NoteKeyType, parsed.publicKey) };
}

function nonNegativeInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ProtocolError('INVALID_ARGUMENT', `${name} must be a non-negative integer`);
  }
  return value;
}

/**
 * Checks and completes the options. Throws VKEY_MALFORMED for a bad key, INVALID_ARGUMENT for
 * anything else out of range (a log key that is not Ed25519, a witness policy above the number of
 * witnesses, a bad time, sample or threshold).
 */
export function normaliseOptions(options: VerifyOptions): NormalisedOptions {
  const log = vkeyText(options.logKey);
  if (log.key.type !== KEY_TYPE_ED25519) throw new ProtocolError('INVALID_ARGUMENT', 'the log key must be an Ed25519 (type 0x01) verifier key');
  const witnesses = (options.witnesses ?? []).map(vkeyText);
  const witnessPolicy = options.witnessPolicy ?? witnesses.length;
  nonNegativeInteger('witnessPolicy', witnessPolicy);
  if (witnessPolicy > witnesses.length) {
    throw new ProtocolError('INVALID_ARGUMENT', `a witness policy of ${witnessPolicy} needs at least ${witnessPolicy} pinned witnesses (got ${witnesses.length})`);
  }
  const atMs = options.at === undefined ? undefined : parseRfc3339(options.at);
  if (atMs !== undefined) formatTimestamp(atMs);
  let sample: SampleOptions | null = null;
  if (options.sample !== undefined) {
    const { count, seed } = options.sample;
    if (!Number.isSafeInteger(count) || count < 1 || count > 10_000) throw new ProtocolError('INVALID_ARGUMENT', 'sample count must be 1-10000');
    if (typeof seed !== 'string' || seed.length === 0 || seed.length > 256) throw new ProtocolError('INVALID_ARGUMENT', 'sample seed must be 1-256 characters');
    sample = { count, seed };
  }
  const given = options.policy ?? {};
  const policy: PolicyThresholds = {
    maxDelegationDepth: nonNegativeInteger('maxDelegationDepth', given.maxDelegationDepth ?? DEFAULT_POLICY.maxDelegationDepth),
    suspensionGraceMs: nonNegativeInteger('suspensionGraceMs', given.suspensionGraceMs ?? DEFAULT_POLICY.suspensionGraceMs),
    dormantAfterMs: nonNegativeInteger('dormantAfterMs', given.dormantAfterMs ?? DEFAULT_POLICY.dormantAfterMs),
    maxCheckpointAgeMs: nonNegativeInteger('maxCheckpointAgeMs', given.maxCheckpointAgeMs ?? DEFAULT_POLICY.maxCheckpointAgeMs),
    maxCheckpointGapMs: nonNegativeInteger('maxCheckpointGapMs', given.maxCheckpointGapMs ?? DEFAULT_POLICY.maxCheckpointGapMs),
    maxCheckpointGapEntries:
      given.maxCheckpointGapEntries === undefined || given.maxCheckpointGapEntries === null
        ? DEFAULT_POLICY.maxCheckpointGapEntries
        : nonNegativeInteger('maxCheckpointGapEntries', given.maxCheckpointGapEntries),
    clockSkewMs: nonNegativeInteger('clockSkewMs', given.clockSkewMs ?? DEFAULT_POLICY.clockSkewMs),
  };
  const maxFindingsPerCode = nonNegativeInteger('maxFindingsPerCode', options.maxFindingsPerCode ?? 1000);
  return {
    logKey: log.key,
    logKeyText: log.text,
    witnesses: witnesses.map((w) => w.key),
    witnessTexts: witnesses.map((w) => w.text),
    witnessPolicy,
    atMs,
    at: atMs === undefined ? null : formatTimestamp(atMs),
    sample,
    policy,
    maxFindingsPerCode,
  };
}

/** Milliseconds of a protocol timestamp that is known to be valid (entry fields). */
export function msOf(timestamp: string): number {
  return timestampMs(timestamp);
}
