/**
 * MAIP reference proof bundles (truthlocks/maip Go reference; docs: maip-formats.md): parsing,
 * the Go signing inputs, Go's canonical JSON and timestamps, and verification at a given time.
 */
export {
  parseMaipBundle,
  MAIP_MAX_BUNDLE_BYTES,
  MAIP_RECEIPT_TYPES,
  MAIP_DELEGATION_STATUSES,
  type MaipBundle,
  type MaipBundleMetadata,
  type MaipDelegation,
  type MaipDelegationConstraints,
  type MaipDelegationStatus,
  type MaipParseLimits,
  type MaipPublicKey,
  type MaipReceipt,
  type MaipReceiptContext,
  type MaipReceiptSignature,
  type MaipReceiptType,
} from './bundle.ts';
export { delegationSigningInput, receiptSigningInput } from './canonical.ts';
export { compareGoStrings, encodeGoCanonicalJson, encodeGoString, GO_JSON_MAX_DEPTH, type GoEscapeStyle, type GoJsonOptions } from './go-json.ts';
export { formatGoFloat64 } from './go-float.ts';
export { GO_ZERO_TIME, isZeroGoTime, parseGoTime, toUnixNanos, type GoTime } from './go-time.ts';
export { explainScopeNarrowing, explainScopeSyntax, parseMaipScope, scopeGrants, type MaipScope } from './scope.ts';
export { signMaipDelegation, signMaipReceipt } from './sign.ts';
export {
  maipExitCode,
  MAIP_REASON_VERDICTS,
  MAIP_VERDICTS,
  type MaipReasonCode,
  type MaipVerdict,
  type MaipVerification,
} from './verdict.ts';
export {
  MAIP_MAX_REASONS,
  MAIP_REFERENCE_MAX_DEPTH,
  verifyMaipBundle,
  verifyParsedMaipBundle,
  type MaipRootAgent,
  type MaipVerifyOptions,
} from './verify.ts';
