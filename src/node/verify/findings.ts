/**
 * Findings of the independent verifier (issue 5): every problem the verifier reports is one finding
 * with a stable `code` from the table below, the check it belongs to (1–7), a severity, and where it
 * applies (entry index, agent, checkpoint). The codes are a contract with auditors' scripts and the
 * app: never rename one; add new ones.
 *
 * Severity policy:
 * - `error`: the evidence does not verify (a bad signature, a byte that is not what the signed root
 *   commits to, an entry the registry must never have logged, a claim that differs from the log).
 *   Any error makes the verdict `failed`.
 * - `warning`: the evidence verifies, but an auditor must look (the registry's conduct, hygiene,
 *   freshness, data not covered by a signed checkpoint).
 * - `info`: context (no claimed state to compare, replay stopped after missing data).
 */

export type FindingSeverity = 'error' | 'warning' | 'info';

/** The checks of issue 5: 1 checkpoint signatures, 2 append-only, 3 data, 4 entries, 5 claimed state, 6 policy, 7 freshness. */
export type CheckNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const CHECK_NAMES: Readonly<Record<CheckNumber, string>> = Object.freeze({
  1: 'checkpoint signatures',
  2: 'append-only history',
  3: 'tiles and roots recomputed',
  4: 'entries and signatures',
  5: 'claimed state',
  6: 'policy',
  7: 'coverage and freshness',
});

interface CodeInfo {
  readonly check: CheckNumber;
  readonly severity: FindingSeverity;
  readonly meaning: string;
}

/** Every finding code: its check, its default severity and what it means. */
export const FINDING_CODES = {
  // 1. checkpoint signatures
  CHECKPOINT_MALFORMED: { check: 1, severity: 'error', meaning: 'a stored checkpoint is not a well-formed signed note or checkpoint text' },
  CHECKPOINT_BAD_SIGNATURE: { check: 1, severity: 'error', meaning: 'a signature line by the pinned log key does not verify (forged or altered checkpoint)' },
  CHECKPOINT_NOT_SIGNED: { check: 1, severity: 'error', meaning: 'a stored checkpoint carries no signature by the pinned log key' },
  CHECKPOINT_ORIGIN_MISMATCH: { check: 1, severity: 'error', meaning: "a checkpoint's origin line is not the pinned log key's name" },
  WITNESS_BAD_SIGNATURE: { check: 1, severity: 'error', meaning: "a pinned witness's cosignature does not verify" },
  WITNESS_POLICY_NOT_MET: { check: 1, severity: 'error', meaning: 'fewer pinned witnesses cosigned the checkpoint than the witness policy requires (warning for older checkpoints)' },
  NO_VALID_CHECKPOINT: { check: 1, severity: 'error', meaning: 'no stored checkpoint verifies under the pinned log key: nothing can be verified' },
  // 2. append-only
  CHECKPOINT_FORK: { check: 2, severity: 'error', meaning: 'two validly signed checkpoints have the same size and different roots' },
  CHECKPOINT_INCONSISTENT: { check: 2, severity: 'error', meaning: 'the consistency proof computed from the data does not link two consecutive checkpoints' },
  CHECKPOINT_ROLLBACK: { check: 2, severity: 'error', meaning: 'a checkpoint presented as newer (seen later, or the latest) is smaller than one seen before it' },
  COSIGNATURE_TIME_ORDER: { check: 2, severity: 'warning', meaning: 'a witness cosigned a larger checkpoint at an earlier time than a smaller one' },
  // 3. tiles and roots
  TILE_MISSING: { check: 3, severity: 'error', meaning: 'an entry bundle or hash tile needed for the newest checkpoint is not in the evidence' },
  TILE_MALFORMED: { check: 3, severity: 'error', meaning: 'a tile or entry bundle has the wrong size or framing' },
  TILE_HASH_MISMATCH: { check: 3, severity: 'error', meaning: 'a stored hash differs from the hash recomputed from the entries (index = first leaf it covers)' },
  CHECKPOINT_ROOT_MISMATCH: { check: 3, severity: 'error', meaning: "a checkpoint's root differs from the root recomputed from the entries" },
  CHECKPOINT_DATA_MISSING: { check: 3, severity: 'error', meaning: "a checkpoint's root cannot be recomputed: the entries it covers are missing" },
  ENTRIES_BEYOND_CHECKPOINT: { check: 3, severity: 'warning', meaning: 'the evidence holds entries past the newest checkpoint: no signed root covers them' },
  EVIDENCE_UNSTABLE: { check: 3, severity: 'error', meaning: 'the evidence returned different bytes when read a second time' },
  // 4. entries
  ENTRY_MALFORMED: { check: 4, severity: 'error', meaning: 'an entry does not parse (size, UTF-8, JSON, schema or structural rule)' },
  ENTRY_NOT_CANONICAL: { check: 4, severity: 'error', meaning: 'an entry is valid JSON but not its RFC 8785 canonical bytes' },
  ENTRY_UNKNOWN_TYPE: { check: 4, severity: 'error', meaning: 'an entry has a statement type outside the protocol' },
  ENTRY_BAD_SIGNATURE: { check: 4, severity: 'error', meaning: 'a signature of the entry (or of its admin command) does not verify' },
  ENTRY_UNKNOWN_SIGNER: { check: 4, severity: 'error', meaning: 'an entry is signed by a key bound to nothing in the registry' },
  ENTRY_SIGNER_NOT_AUTHORISED: { check: 4, severity: 'error', meaning: 'an entry is signed by a known key that was not entitled to sign it' },
  ENTRY_KEY_NOT_CURRENT: { check: 4, severity: 'error', meaning: 'an entry is signed by a key that was rotated out or reported compromised' },
  ENTRY_SIGNED_AFTER_COMPROMISE: { check: 4, severity: 'error', meaning: "an entry is signed by a key at or after the key's reported compromise instant (protocol §5.4, second pass)" },
  STATE_TRANSITION_INVALID: { check: 4, severity: 'error', meaning: 'an entry breaks a state-transition rule of the protocol (§5.2); details name the rule' },
  REPLAY_STOPPED: { check: 4, severity: 'info', meaning: 'the replay stopped because entries are missing; later entries were not folded' },
  // 5. claimed state
  CLAIM_MISSING: { check: 5, severity: 'info', meaning: 'the evidence holds no claimed state to compare' },
  CLAIM_MALFORMED: { check: 5, severity: 'error', meaning: 'the claimed state is not valid warden.claimed-state/v1 JSON' },
  CLAIM_ORIGIN: { check: 5, severity: 'error', meaning: 'the claimed state names another origin' },
  CLAIM_TREE_SIZE: { check: 5, severity: 'error', meaning: 'the claimed state is at a tree size the verified log does not reach' },
  CLAIM_TENANT_MISSING: { check: 5, severity: 'error', meaning: 'a tenant in the log is missing from the claimed state' },
  CLAIM_TENANT_EXTRA: { check: 5, severity: 'error', meaning: 'the claimed state has a tenant the log does not' },
  CLAIM_TENANT_FIELD: { check: 5, severity: 'error', meaning: "a tenant's name, admins, quorum policy or governance seq differs from the log" },
  CLAIM_AGENT_MISSING: { check: 5, severity: 'error', meaning: 'an agent in the log is missing from the claimed state' },
  CLAIM_AGENT_EXTRA: { check: 5, severity: 'error', meaning: 'the claimed state has an agent the log does not' },
  CLAIM_AGENT_STATUS: { check: 5, severity: 'error', meaning: "an agent's status (or the entry that set it) differs from the log" },
  CLAIM_AGENT_SCOPES: { check: 5, severity: 'error', meaning: "an agent's scopes differ from the log" },
  CLAIM_AGENT_KEYS: { check: 5, severity: 'error', meaning: "an agent's current key or key history differs from the log" },
  CLAIM_AGENT_OWNER: { check: 5, severity: 'error', meaning: "an agent's owner differs from the log" },
  CLAIM_AGENT_PROFILE: { check: 5, severity: 'error', meaning: "an agent's display name, description, version, purpose or capabilities differ from the log" },
  CLAIM_AGENT_PARENT: { check: 5, severity: 'error', meaning: "an agent's tenant, parent, delegation or depth differs from the log" },
  CLAIM_DELEGATION_MISSING: { check: 5, severity: 'error', meaning: 'a delegation in the log is missing from the claimed state' },
  CLAIM_DELEGATION_EXTRA: { check: 5, severity: 'error', meaning: 'the claimed state has a delegation the log does not' },
  CLAIM_DELEGATION_FIELD: { check: 5, severity: 'error', meaning: "a delegation's parent, child, key, scopes or lifecycle differs from the log" },
  // 6. policy
  POLICY_SCOPE_WIDENING: { check: 6, severity: 'error', meaning: 'a delegation, registration, scope change or session widens scopes beyond what the parent or agent holds' },
  POLICY_DELEGATION_DEPTH: { check: 6, severity: 'error', meaning: 'a delegation chain is deeper than the limit (error past the protocol limit, warning past a stricter configured one)' },
  POLICY_ACTIVITY_AFTER_SUSPENSION: { check: 6, severity: 'error', meaning: 'a session or delegation by an agent while it was suspended' },
  POLICY_ACTIVITY_AFTER_REVOCATION: { check: 6, severity: 'error', meaning: 'a statement by or about an agent after it was revoked' },
  POLICY_REVOCATION_NOT_CASCADED: { check: 6, severity: 'warning', meaning: 'an agent was revoked while descendants stayed live (non-cascading revocation)' },
  POLICY_SUSPENSION_OVERDUE: { check: 6, severity: 'warning', meaning: 'an agent stayed active with a trust score in 0–29 for longer than the configured grace' },
  POLICY_SUSPENSION_UNJUSTIFIED: { check: 6, severity: 'error', meaning: "the registry suspended an agent on its own without a latest score in 0–29" },
  POLICY_TRUST_SCORE_MISMATCH: { check: 6, severity: 'error', meaning: 'a recorded trust score or band differs from the one recomputed from its factors' },
  POLICY_NO_OWNER: { check: 6, severity: 'warning', meaning: 'a live agent has no owner' },
  POLICY_DORMANT_AGENT: { check: 6, severity: 'warning', meaning: 'an active agent has signed nothing for longer than the configured period' },
  POLICY_SHARED_KEY: { check: 6, severity: 'error', meaning: 'one public key is bound to several principals' },
  POLICY_QUORUM_NOT_MET: { check: 6, severity: 'error', meaning: 'an admin command or governance statement lacks the quorum of the policy in force' },
  // 7. coverage and freshness
  CHECKPOINT_GAP: { check: 7, severity: 'warning', meaning: 'consecutive checkpoints are further apart (in time or entries) than configured' },
  CHECKPOINT_STALE: { check: 7, severity: 'warning', meaning: 'the newest checkpoint is older than the configured age at the verification time' },
  TIMESTAMP_BACKWARDS: { check: 7, severity: 'warning', meaning: "the registry's clock goes backwards between two registry-built statements" },
  TIMESTAMP_IN_FUTURE: { check: 7, severity: 'warning', meaning: 'a statement time or cosignature time lies after the verification time' },
  CONTROL_STATEMENT_STALE: { check: 7, severity: 'error', meaning: 'a control statement is not newer than the previous one about the same agent (replay)' },
  COMMAND_NOT_FRESH: { check: 7, severity: 'error', meaning: 'an admin command was logged outside its validity window' },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

/** One problem found. JSON-ready (strings and numbers only) so that records are canonical. */
export interface Finding {
  readonly check: CheckNumber;
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  readonly message: string;
  /** The log entry (or first leaf) it concerns. */
  readonly index?: number;
  readonly type?: string;
  readonly subject?: string;
  readonly agent?: string;
  /** The checkpoint it concerns: its source name and tree size (decimal). */
  readonly source?: string;
  readonly size?: string;
  /** The protocol rule broken (fold rejections, docs/protocol.md §5.3). */
  readonly rule?: string;
}

export interface FindingInit {
  readonly message: string;
  readonly severity?: FindingSeverity;
  readonly index?: number;
  readonly type?: string;
  readonly subject?: string;
  readonly agent?: string;
  readonly source?: string;
  readonly size?: bigint | string;
  readonly rule?: string;
}

/** A finding with `code`'s check and (unless overridden) default severity; absent fields are left out. */
export function makeFinding(code: FindingCode, init: FindingInit): Finding {
  const info: CodeInfo = FINDING_CODES[code];
  const finding: { -readonly [K in keyof Finding]: Finding[K] } = {
    check: info.check,
    code,
    severity: init.severity ?? info.severity,
    message: init.message,
  };
  if (init.index !== undefined) finding.index = init.index;
  if (init.type !== undefined) finding.type = init.type;
  if (init.subject !== undefined) finding.subject = init.subject;
  if (init.agent !== undefined) finding.agent = init.agent;
  if (init.source !== undefined) finding.source = init.source;
  if (init.size !== undefined) finding.size = init.size.toString();
  if (init.rule !== undefined) finding.rule = init.rule;
  return finding;
}

/**
 * The order findings are reported in (and recorded in): by check, then entry index (findings
 * without an index first), then code, then the rest, so that the same evidence always gives the
 * same list whatever order the work was done in.
 */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.check !== b.check) return a.check - b.check;
  const ai = a.index ?? -1;
  const bi = b.index ?? -1;
  if (ai !== bi) return ai - bi;
  return (
    compareStrings(a.code, b.code) ||
    compareDecimal(a.size ?? '', b.size ?? '') ||
    compareStrings(a.source ?? '', b.source ?? '') ||
    compareStrings(a.agent ?? '', b.agent ?? '') ||
    compareStrings(a.message, b.message)
  );
}

/** Decimal strings (tree sizes) in numeric order. */
function compareDecimal(a: string, b: string): number {
  return a.length - b.length || compareStrings(a, b);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
