/**
 * Fold rejections as findings. The state fold (src/core/registry) names the first rule an entry
 * breaks (docs/protocol.md §5.3, `details.rule`). Many of the policies an auditor asks about
 * (issue 5 §6: scope widening, delegation depth, activity after suspension or revocation, trust
 * scores that do not match their factors, shared keys, quorum) are rules the fold enforces, so a log
 * that breaks one has an entry the registry must never have logged: it is reported under the policy
 * check with the entry's index, not only as a generic transition failure. Timestamp rules map to
 * check 7. Everything else keeps the fold's own code under check 4.
 */
import { ProtocolError } from '../../core/errors.ts';
import type { RegistryState } from '../../core/registry/state.ts';
import { makeFinding, type Finding, type FindingCode } from './findings.ts';

const RULE_FINDINGS: Readonly<Record<string, FindingCode>> = {
  SCOPE_WIDENING: 'POLICY_SCOPE_WIDENING',
  WILDCARD_DELEGATED: 'POLICY_SCOPE_WIDENING',
  CHILD_SCOPES_EXCEED: 'POLICY_SCOPE_WIDENING',
  DEPTH_EXCEEDED: 'POLICY_DELEGATION_DEPTH',
  AGENT_NOT_ACTIVE: 'POLICY_ACTIVITY_AFTER_SUSPENSION',
  AGENT_REVOKED: 'POLICY_ACTIVITY_AFTER_REVOCATION',
  TRUST_SCORE_MISMATCH: 'POLICY_TRUST_SCORE_MISMATCH',
  AUTO_SUSPENSION_UNJUSTIFIED: 'POLICY_SUSPENSION_UNJUSTIFIED',
  KEY_REUSED: 'POLICY_SHARED_KEY',
  QUORUM_NOT_MET: 'POLICY_QUORUM_NOT_MET',
  STALE_CONTROL_STATEMENT: 'CONTROL_STATEMENT_STALE',
  COMMAND_NOT_FRESH: 'COMMAND_NOT_FRESH',
};

const FOLD_CODES = new Set<string>([
  'ENTRY_BAD_SIGNATURE',
  'ENTRY_UNKNOWN_SIGNER',
  'ENTRY_SIGNER_NOT_AUTHORISED',
  'ENTRY_KEY_NOT_CURRENT',
  'STATE_TRANSITION_INVALID',
]);

/**
 * The finding for a rejection thrown by `RegistryStateBuilder.apply` on the entry at `index`
 * (state: the state the entry was refused in, unchanged). Anything that is not a fold rejection is
 * rethrown: it is a defect, not evidence.
 */
export function findingForRejection(error: unknown, index: number, state: RegistryState): Finding {
  if (!(error instanceof ProtocolError) || !FOLD_CODES.has(error.code)) throw error;
  const details = error.details ?? {};
  const rule = typeof details.rule === 'string' ? details.rule : undefined;
  const type = typeof details.type === 'string' ? details.type : undefined;
  const subject = typeof details.subject === 'string' ? details.subject : undefined;
  let code: FindingCode = RULE_FINDINGS[rule ?? ''] ?? (error.code as FindingCode);
  let agent = typeof details.agent === 'string' ? details.agent : undefined;
  if (rule === 'PARENT_NOT_ACTIVE' && typeof details.parent === 'string') {
    // A suspended or revoked parent delegating or having a child registered: activity after the fact.
    agent = details.parent;
    code = state.agents.get(details.parent)?.status === 'revoked' ? 'POLICY_ACTIVITY_AFTER_REVOCATION' : 'POLICY_ACTIVITY_AFTER_SUSPENSION';
  }
  if (agent === undefined && subject !== undefined && subject.startsWith('maip:')) agent = subject;
  return makeFinding(code, {
    message: error.message,
    index,
    ...(type === undefined ? {} : { type }),
    ...(subject === undefined ? {} : { subject }),
    ...(agent === undefined ? {} : { agent }),
    ...(rule === undefined ? {} : { rule }),
  });
}
