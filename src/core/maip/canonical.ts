import { encodeGoCanonicalJson, type GoJsonOptions } from './go-json.ts';
import { GO_ZERO_TIME, parseGoTime } from './go-time.ts';
import type { MaipDelegation, MaipDelegationConstraints, MaipReceipt } from './bundle.ts';

/**
 * The exact bytes that MAIP's Go reference signs (maip-formats §6.2, §7.1). Go marshals a fixed
 * struct of the signed fields (its omitempty rules apply), decodes the result into
 * `map[string]interface{}` (every number becomes a float64) and re-encodes it with `canonicalJSON`
 * (`encodeGoCanonicalJson`). Everything else, including `signature`, `status`,
 * `signature_algorithm` and any member Go does not know, is outside the signature.
 */

/**
 * The receipt signing input (12 fields, §7.1): receipt_id, receipt_type, schema_version, issuer_id,
 * subject_id, subject_type, created_at, expires_at (always present: Go's zero time when the
 * receipt has none), nonce, context{tenant_id, delegation_chain_hash, delegation_depth,
 * scopes_used (null stays null)}, payload (null stays null), previous_receipt_id (omitted when
 * empty). Timestamps are written in Go's normal form. Throws MAIP_MALFORMED for an invalid
 * timestamp, GO_JSON_UNSUPPORTED_VALUE / JSON_TOO_DEEP for a payload Go could not encode.
 */
export function receiptSigningInput(receipt: MaipReceipt, options: GoJsonOptions = {}): string {
  const signed: Record<string, unknown> = {
    receipt_id: receipt.receipt_id,
    receipt_type: receipt.receipt_type,
    schema_version: receipt.schema_version,
    issuer_id: receipt.issuer_id,
    subject_id: receipt.subject_id,
    subject_type: receipt.subject_type,
    created_at: parseGoTime(receipt.created_at).text,
    // `omitempty` has no effect on a struct such as time.Time: the zero time is signed.
    expires_at: receipt.expires_at === null ? GO_ZERO_TIME.text : parseGoTime(receipt.expires_at).text,
    nonce: receipt.nonce,
    context: {
      tenant_id: receipt.context.tenant_id,
      delegation_chain_hash: receipt.context.delegation_chain_hash,
      delegation_depth: goInt(receipt.context.delegation_depth),
      scopes_used: receipt.context.scopes_used,
    },
    payload: receipt.payload === undefined ? null : receipt.payload,
  };
  if (receipt.previous_receipt_id !== null && receipt.previous_receipt_id !== '') {
    signed['previous_receipt_id'] = receipt.previous_receipt_id;
  }
  return encodeGoCanonicalJson(signed, options);
}

/**
 * The delegation signing input (13 fields, §6.2): delegation_id, parent_agent_id, child_agent_id,
 * child_public_key, depth, scopes (null stays null), constraints (omitted when null; its members
 * omitted when zero or empty, so {} stays {}), not_before, expires_at, issued_at, cross_tenant
 * (omitted when false), source_tenant and target_tenant (omitted when empty). Throws MAIP_MALFORMED
 * for an invalid timestamp.
 */
export function delegationSigningInput(delegation: MaipDelegation, options: GoJsonOptions = {}): string {
  const signed: Record<string, unknown> = {
    delegation_id: delegation.delegation_id,
    parent_agent_id: delegation.parent_agent_id,
    child_agent_id: delegation.child_agent_id,
    child_public_key: delegation.child_public_key,
    depth: goInt(delegation.depth),
    scopes: delegation.scopes,
    not_before: parseGoTime(delegation.not_before).text,
    expires_at: parseGoTime(delegation.expires_at).text,
    issued_at: parseGoTime(delegation.issued_at).text,
  };
  if (delegation.constraints !== null) signed['constraints'] = signedConstraints(delegation.constraints);
  if (delegation.cross_tenant) signed['cross_tenant'] = true;
  if (delegation.source_tenant !== '') signed['source_tenant'] = delegation.source_tenant;
  if (delegation.target_tenant !== '') signed['target_tenant'] = delegation.target_tenant;
  return encodeGoCanonicalJson(signed, options);
}

/** DelegationConstraints with Go's omitempty: 0 and empty or nil lists are left out. */
function signedConstraints(constraints: MaipDelegationConstraints): Record<string, unknown> {
  const signed: Record<string, unknown> = {};
  const { max_sub_delegations, allowed_environments, rate_limit_per_hour, ip_allowlist } = constraints;
  if (max_sub_delegations !== undefined && max_sub_delegations !== 0) signed['max_sub_delegations'] = goInt(max_sub_delegations);
  if (allowed_environments && allowed_environments.length > 0) signed['allowed_environments'] = allowed_environments;
  if (rate_limit_per_hour !== undefined && rate_limit_per_hour !== 0) signed['rate_limit_per_hour'] = goInt(rate_limit_per_hour);
  if (ip_allowlist && ip_allowlist.length > 0) signed['ip_allowlist'] = ip_allowlist;
  return signed;
}

/** A Go int has no negative zero: -0 is signed as 0. */
function goInt(value: number): number {
  return value + 0;
}
