import { ProtocolError } from '../errors.ts';
import { base64UrlToBytes } from '../encoding/base64.ts';
import { utf8ToBytes } from '../encoding/utf8.ts';
import { verifyEd25519 } from '../crypto/ed25519.ts';
import { parseMaipBundle, type MaipBundle, type MaipDelegation, type MaipReceipt } from './bundle.ts';
import { delegationSigningInput, receiptSigningInput } from './canonical.ts';
import type { GoEscapeStyle, GoJsonOptions } from './go-json.ts';
import { isZeroGoTime, parseGoTime, toUnixNanos, type GoTime } from './go-time.ts';
import { explainScopeNarrowing, explainScopeSyntax } from './scope.ts';
import { MAIP_REASON_VERDICTS, type MaipReasonCode, type MaipVerdict, type MaipVerification } from './verdict.ts';

/**
 * Offline verification of a MAIP proof bundle as produced by MAIP's Go reference, at a given time.
 *
 * The checks run in the reference's order (`VerifyBundle`/`VerifyChain`, maip-formats §14) and the
 * verdict is that of the first failing check; every later failure found is still listed in
 * `reasons`. Our policy is stricter than the reference (maip-formats §17); the additions are marked
 * "policy" below:
 *  1. parse (`parseMaipBundle`: strict JSON, case-sensitive names, no unknown members, strict
 *     timestamps) .................................................................. MALFORMED
 *     policy: an agent listed twice in public_keys (Go: last wins) .................. MALFORMED
 *  2. every public key: unpadded base64url of exactly 32 bytes (Go: no length check, and a short key
 *     makes it panic); policy: `algorithm` is "Ed25519" ............................... KEY_MISMATCH
 *     policy: a pinned root key (options.roots) must match; with `requireKnownRoot`, the root must
 *     be pinned ...................................................................... KEY_MISMATCH
 *  3. every delegation's parent has a key ........................................... KEY_MISMATCH
 *  4. per delegation i, root first:
 *     depth == i+1 ................................................................. CHAIN_BROKEN
 *     depth <= maxDepth (3, the reference's MaxDelegationDepth; Go exits 10) ........ CHAIN_BROKEN
 *     parent == previous child ..................................................... CHAIN_BROKEN
 *     policy: previous child_public_key == the key that verifies this hop .......... KEY_MISMATCH
 *     now in [not_before, expires_at]; policy: status "expired" ........................ EXPIRED
 *     status "revoked"; policy: delegation id in options.revokedDelegationIds ......... REVOKED
 *     policy: signature_algorithm "Ed25519"; signature (Go reports key_mismatch) INVALID_SIGNATURE
 *     scopes ⊆ previous scopes; policy: first hop ⊆ the pinned root's scopes, strict
 *     scope syntax ............................................................... SCOPE_VIOLATION
 *     policy: validity window within the parent's, ± windowToleranceSeconds
 *     (R-DEL-006/007) ............................................................. CHAIN_BROKEN
 *  5. receipt issuer == leaf child ................................................. CHAIN_BROKEN
 *  6. scopes_used ⊆ leaf scopes; policy: also without a chain (syntax, and ⊆ the pinned root's
 *     scopes when known) ......................................................... SCOPE_VIOLATION
 *     policy: context.delegation_depth == chain length ............................. CHAIN_BROKEN
 *  7. the issuer has a key; policy: leaf child_public_key and signature.kid are that key
 *     ................................................................................ KEY_MISMATCH
 *  8. policy: signature.alg "Ed25519"; the receipt signature ................... INVALID_SIGNATURE
 *  9. receipt not expired (zero expires_at = permanent) ................................. EXPIRED
 *     policy: created_at not after now + clockSkew, and within every delegation's window EXPIRED
 * Delegation validity is judged at `now`, like the reference (not at the receipt's created_at), and
 * a revocation applies whenever it is present (the status flag is unsigned: an edit back to "active"
 * cannot be detected here; `revokedDelegationIds` is the way to bring a trusted revocation source).
 */

export interface MaipRootAgent {
  readonly agent_id: string;
  /** Pinned unpadded base64url key; the bundle's key for this agent must be exactly this. */
  readonly public_key?: string;
  /** The root's scopes: the first delegation (or, without a chain, scopes_used) must narrow them. */
  readonly scopes?: readonly string[];
}

export interface MaipVerifyOptions {
  /** Longest accepted chain. Default 3, the reference's MaxDelegationDepth (the spec says 8). */
  maxDepth?: number;
  /**
   * Which Go release's \b and \f escaping signatures were made with. Default 'either': try Go 1.22
   * and, when the signed text differs, Go 1.21 (both are genuine reference outputs of the same values).
   */
  escapes?: GoEscapeStyle | 'either';
  /** Known root agents (trust anchors). */
  roots?: readonly MaipRootAgent[];
  /** When true, the chain's root (or a chainless issuer) must be in `roots`. Default false. */
  requireKnownRoot?: boolean;
  /** Delegation ids revoked by a source the caller trusts. */
  revokedDelegationIds?: ReadonlySet<string>;
  /** How far in the future a receipt's created_at may be, in seconds. Default 300 (receipt-format). */
  clockSkewSeconds?: number;
  /** How far a child delegation's window may stick out of its parent's, in seconds. Default 300. */
  windowToleranceSeconds?: number;
  /** Largest bundle accepted, in UTF-8 bytes. Default 256 KiB (MAIP_MAX_BUNDLE_SIZE). */
  maxBytes?: number;
}

export const MAIP_REFERENCE_MAX_DEPTH = 3;
const DEFAULT_TOLERANCE_SECONDS = 300;
const NANOS_PER_SECOND = 1_000_000_000n;
/** Most reasons listed; the rest are counted in a final `TRUNCATED: n more`. */
export const MAIP_MAX_REASONS = 32;
const MAX_REASONS = MAIP_MAX_REASONS;

/**
 * Verifies an attacker-controlled MAIP bundle (text or UTF-8 bytes) at `now` (a Date, or a bigint
 * of nanoseconds since the Unix epoch). Never throws: bad input, bad options and internal errors
 * all come back as MALFORMED with a reason.
 */
export function verifyMaipBundle(
  json: string | Uint8Array,
  now: Date | bigint,
  options: MaipVerifyOptions = {},
): MaipVerification {
  let nowNanos: bigint;
  try {
    nowNanos = toUnixNanos(now);
    checkOptions(options);
  } catch (error) {
    return { verdict: 'MALFORMED', reasons: [`ARGUMENT: ${describe(error)}`] };
  }
  let bundle: MaipBundle;
  try {
    bundle = parseMaipBundle(json, { maxBytes: options.maxBytes });
  } catch (error) {
    const code = error instanceof ProtocolError ? error.code : 'INTERNAL';
    return { verdict: 'MALFORMED', reasons: [`PARSE: ${code}: ${describe(error)}`] };
  }
  try {
    return new BundleCheck(bundle, nowNanos, options).run();
  } catch (error) {
    // Unreachable for parsed bundles; kept so that no exception can escape.
    return { verdict: 'MALFORMED', reasons: [`INTERNAL: ${describe(error)}`] };
  }
}

/**
 * `verifyMaipBundle` for a bundle already returned by `parseMaipBundle` (the parse policy is not
 * re-checked on hand-built objects). Never throws: an invalid argument gives MALFORMED.
 */
export function verifyParsedMaipBundle(bundle: MaipBundle, now: Date | bigint, options: MaipVerifyOptions = {}): MaipVerification {
  try {
    checkOptions(options);
    return new BundleCheck(bundle, toUnixNanos(now), options).run();
  } catch (error) {
    return { verdict: 'MALFORMED', reasons: [`ARGUMENT: ${describe(error)}`] };
  }
}

function checkOptions(options: MaipVerifyOptions): void {
  const { maxDepth, clockSkewSeconds, windowToleranceSeconds, maxBytes, escapes } = options;
  for (const [name, value] of Object.entries({ maxDepth, clockSkewSeconds, windowToleranceSeconds, maxBytes })) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new ProtocolError('INVALID_ARGUMENT', `${name} must be a non-negative integer`);
    }
  }
  if (escapes !== undefined && escapes !== 'go1.22' && escapes !== 'go1.21' && escapes !== 'either') {
    throw new ProtocolError('INVALID_ARGUMENT', "escapes must be 'go1.22', 'go1.21' or 'either'");
  }
}

interface ListedKey {
  readonly text: string;
  readonly bytes: Uint8Array | undefined; // undefined: listed but not a usable key (already reported)
}

class BundleCheck {
  private readonly bundle: MaipBundle;
  private readonly now: bigint;
  private readonly options: MaipVerifyOptions;
  private readonly reasons: string[] = [];
  private verdict: MaipVerdict = 'VALID';
  private suppressed = 0;
  private readonly keys = new Map<string, ListedKey>();

  constructor(bundle: MaipBundle, now: bigint, options: MaipVerifyOptions) {
    this.bundle = bundle;
    this.now = now;
    this.options = options;
  }

  run(): MaipVerification {
    if (!this.readKeys()) return this.result();
    this.checkRoot();
    const chain = this.bundle.delegation_chain;
    for (const [i, d] of chain.entries()) {
      if (!this.keys.has(d.parent_agent_id)) {
        this.add('KEY_MISSING', `no public key for parent agent ${show(d.parent_agent_id)} at chain index ${i}`);
      }
    }
    this.checkChain(chain);
    this.checkReceiptAgainstChain(chain);
    this.checkReceipt(chain);
    return this.result();
  }

  private result(): MaipVerification {
    const reasons = [...this.reasons];
    if (this.suppressed > 0) reasons.push(`TRUNCATED: ${this.suppressed} more`);
    return { verdict: this.verdict, reasons };
  }

  private add(code: MaipReasonCode, detail: string): void {
    if (this.verdict === 'VALID') this.verdict = MAIP_REASON_VERDICTS[code];
    // A hostile bundle can fail one check per entry; the list is capped, the count kept.
    if (this.reasons.length < MAX_REASONS) this.reasons.push(`${code}: ${detail}`);
    else this.suppressed++;
  }

  /** Step 2. Returns false when the key list itself is malformed (a duplicate agent). */
  private readKeys(): boolean {
    for (const entry of this.bundle.public_keys) {
      if (this.keys.has(entry.agent_id)) {
        this.add('KEY_DUPLICATE', `public_keys lists agent ${show(entry.agent_id)} more than once`);
        return false;
      }
      let bytes: Uint8Array | undefined;
      if (entry.algorithm !== 'Ed25519') {
        this.add('KEY_ALGORITHM', `key of ${show(entry.agent_id)} has algorithm ${show(entry.algorithm)}, not Ed25519`);
      } else {
        bytes = decodeKey(entry.public_key);
        if (bytes === undefined) {
          this.add('KEY_ENCODING', `key of ${show(entry.agent_id)} is not unpadded base64url of 32 bytes`);
        }
      }
      this.keys.set(entry.agent_id, { text: entry.public_key, bytes });
    }
    return true;
  }

  /** Policy: pinned roots (trust anchors). */
  private checkRoot(): void {
    const chain = this.bundle.delegation_chain;
    const rootId = chain[0]?.parent_agent_id ?? this.bundle.receipt.issuer_id;
    const root = this.rootAgent(rootId);
    if (root === undefined) {
      if (this.options.requireKnownRoot === true) this.add('UNTRUSTED_ROOT', `root agent ${show(rootId)} is not a known root`);
      return;
    }
    const listed = this.keys.get(rootId);
    if (root.public_key !== undefined && listed !== undefined && listed.text !== root.public_key) {
      this.add('ROOT_KEY', `the bundle's key for root ${show(rootId)} is not its pinned key`);
    }
  }

  private rootAgent(agentId: string): MaipRootAgent | undefined {
    return this.options.roots?.find((root) => root.agent_id === agentId);
  }

  /** Step 4 (`VerifyChain`), with the policy additions. */
  private checkChain(chain: readonly MaipDelegation[]): void {
    const maxDepth = this.options.maxDepth ?? MAIP_REFERENCE_MAX_DEPTH;
    for (const [i, d] of chain.entries()) {
      const prev = chain[i - 1];
      if (d.depth !== i + 1) {
        this.add('DEPTH_MISMATCH', `${show(d.delegation_id)} at chain index ${i} has depth ${d.depth}, expected ${i + 1}`);
      }
      if (i + 1 > maxDepth) {
        // The remaining delegations are not examined: a long chain must not buy signature work.
        this.add('DEPTH_EXCEEDED', `the chain has ${chain.length} delegations, more than the limit ${maxDepth}`);
        return;
      }
      const parentKey = this.keys.get(d.parent_agent_id);
      if (prev !== undefined) {
        if (d.parent_agent_id !== prev.child_agent_id) {
          this.add('CHAIN_GAP',
            `parent ${show(d.parent_agent_id)} of ${show(d.delegation_id)} is not the child ${show(prev.child_agent_id)} of ${show(prev.delegation_id)}`,
          );
        } else if (parentKey !== undefined) {
          this.checkBinding(prev, parentKey, `the signer of ${show(d.delegation_id)}`);
        }
      }
      this.checkDelegationTime(d);
      this.checkRevocation(d);
      this.checkDelegationSignature(d, parentKey);
      this.checkDelegationScopes(d, prev);
      if (prev !== undefined) this.checkWindow(d, prev);
    }
  }

  /** Policy: the key a delegation names for its child is the key that child then signs with. */
  private checkBinding(d: MaipDelegation, childKey: ListedKey, role: string): void {
    if (decodeKey(d.child_public_key) === undefined) {
      this.add('KEY_BINDING', `child_public_key of ${show(d.delegation_id)} is not unpadded base64url of 32 bytes`);
    } else if (d.child_public_key !== childKey.text) {
      this.add('KEY_BINDING',
        `child_public_key of ${show(d.delegation_id)} does not match the key listed for ${show(d.child_agent_id)}, ${role}`,
      );
    }
  }

  private checkDelegationTime(d: MaipDelegation): void {
    const notBefore = parseGoTime(d.not_before);
    const expiresAt = parseGoTime(d.expires_at);
    if (this.now < notBefore.unixNanos) {
      this.add('NOT_YET_VALID', `${show(d.delegation_id)} is valid from ${notBefore.text}`);
    } else if (this.now > expiresAt.unixNanos) {
      this.add('DELEGATION_EXPIRED', `${show(d.delegation_id)} expired at ${expiresAt.text}`);
    } else if (d.status === 'expired') {
      this.add('STATUS_EXPIRED', `${show(d.delegation_id)} has status "expired"`);
    }
  }

  private checkRevocation(d: MaipDelegation): void {
    if (d.status === 'revoked') {
      this.add('REVOKED', `${show(d.delegation_id)} has status "revoked"`);
    } else if (this.options.revokedDelegationIds?.has(d.delegation_id) === true) {
      this.add('REVOKED_EXTERNAL', `${show(d.delegation_id)} is on the caller's revocation list`);
    }
  }

  private checkDelegationSignature(d: MaipDelegation, parentKey: ListedKey | undefined): void {
    if (d.signature_algorithm !== 'Ed25519') {
      this.add('SIG_ALGORITHM', `${show(d.delegation_id)} has signature_algorithm ${show(d.signature_algorithm)}`);
      return;
    }
    if (parentKey?.bytes === undefined) return; // missing or unusable key: already reported
    const outcome = this.verifySignature(parentKey.bytes, d.signature, (o) => delegationSigningInput(d, o));
    if (outcome !== 'valid') {
      this.add('DELEGATION_SIGNATURE', `${show(d.delegation_id)}: ${outcome} (key of ${show(d.parent_agent_id)})`);
    }
  }

  private checkDelegationScopes(d: MaipDelegation, prev: MaipDelegation | undefined): void {
    if (prev !== undefined) {
      const problem = explainScopeNarrowing(prev.scopes, d.scopes);
      if (problem !== undefined) {
        this.add('SCOPE_WIDENING', `${show(d.delegation_id)}: ${problem} by ${show(prev.delegation_id)}`);
      }
      return;
    }
    const rootScopes = this.rootAgent(d.parent_agent_id)?.scopes;
    const problem = rootScopes === undefined ? explainScopeSyntax(d.scopes) : explainScopeNarrowing(rootScopes, d.scopes);
    if (problem !== undefined) {
      this.add(rootScopes === undefined ? 'SCOPE_SYNTAX' : 'SCOPE_ROOT', `${show(d.delegation_id)}: ${problem}`);
    }
  }

  /**
   * Policy R-DEL-006/007: a child delegation lives within its parent's validity window, give or
   * take `windowToleranceSeconds`. The tolerance is needed for genuine reference chains: Go's
   * CreateDelegation computes each expiry from its own creation time, so a child made microseconds
   * after its parent with the same TTL outlives it by those microseconds (every multi-hop fixture).
   */
  private checkWindow(d: MaipDelegation, prev: MaipDelegation): void {
    const tolerance = BigInt(this.options.windowToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * NANOS_PER_SECOND;
    const starts = parseGoTime(d.not_before).unixNanos + tolerance < parseGoTime(prev.not_before).unixNanos;
    const outlives = parseGoTime(d.expires_at).unixNanos > parseGoTime(prev.expires_at).unixNanos + tolerance;
    if (starts || outlives) {
      this.add('VALIDITY_WINDOW',
        `${show(d.delegation_id)} ${starts ? 'starts before' : 'outlives'} its parent delegation ${show(prev.delegation_id)}`,
      );
    }
  }

  /** Steps 5 and 6: the receipt against the leaf (or, without a chain, against a pinned root). */
  private checkReceiptAgainstChain(chain: readonly MaipDelegation[]): void {
    const receipt = this.bundle.receipt;
    const leaf = chain[chain.length - 1];
    const scopesUsed = receipt.context.scopes_used;
    if (leaf !== undefined) {
      if (receipt.issuer_id !== leaf.child_agent_id) {
        this.add('ISSUER_NOT_LEAF', `receipt issuer ${show(receipt.issuer_id)} is not the leaf agent ${show(leaf.child_agent_id)}`);
      }
      if (scopesUsed !== null && scopesUsed.length > 0) {
        const problem = explainScopeNarrowing(leaf.scopes, scopesUsed);
        if (problem !== undefined) this.add('RECEIPT_SCOPE', `${problem} by ${show(leaf.delegation_id)}`);
      }
    } else {
      // Policy: the reference skips scopes entirely when there is no chain.
      const rootScopes = this.rootAgent(receipt.issuer_id)?.scopes;
      const problem = rootScopes === undefined ? explainScopeSyntax(scopesUsed) : explainScopeNarrowing(rootScopes, scopesUsed);
      if (problem !== undefined) {
        this.add(rootScopes === undefined ? 'SCOPE_SYNTAX' : 'RECEIPT_SCOPE', `receipt scopes_used: ${problem}`);
      }
    }
    if (receipt.context.delegation_depth !== chain.length) {
      this.add('CONTEXT_DEPTH',
        `receipt context.delegation_depth is ${receipt.context.delegation_depth} but the chain has ${chain.length} delegations`,
      );
    }
  }

  /** Steps 7 to 9. */
  private checkReceipt(chain: readonly MaipDelegation[]): void {
    const receipt = this.bundle.receipt;
    const issuerKey = this.keys.get(receipt.issuer_id);
    if (issuerKey === undefined) {
      this.add('KEY_MISSING', `no public key for receipt issuer ${show(receipt.issuer_id)}`);
    } else {
      const leaf = chain[chain.length - 1];
      if (leaf !== undefined && leaf.child_agent_id === receipt.issuer_id) {
        this.checkBinding(leaf, issuerKey, 'the receipt issuer');
      }
      if (receipt.signature.kid !== issuerKey.text) {
        this.add('KID_MISMATCH', `receipt signature.kid is not the key listed for issuer ${show(receipt.issuer_id)}`);
      }
    }
    this.checkReceiptSignature(receipt, issuerKey);
    this.checkReceiptTime(receipt, chain);
  }

  private checkReceiptSignature(receipt: MaipReceipt, issuerKey: ListedKey | undefined): void {
    if (receipt.signature.alg !== 'Ed25519') {
      this.add('SIG_ALGORITHM', `receipt signature.alg is ${show(receipt.signature.alg)}`);
      return;
    }
    if (issuerKey?.bytes === undefined) return;
    const outcome = this.verifySignature(issuerKey.bytes, receipt.signature.value, (o) => receiptSigningInput(receipt, o));
    if (outcome !== 'valid') {
      this.add('RECEIPT_SIGNATURE', `${show(receipt.receipt_id)}: ${outcome} (key of ${show(receipt.issuer_id)})`);
    }
  }

  private checkReceiptTime(receipt: MaipReceipt, chain: readonly MaipDelegation[]): void {
    const createdAt = parseGoTime(receipt.created_at);
    const expiresAt: GoTime | undefined = receipt.expires_at === null ? undefined : parseGoTime(receipt.expires_at);
    if (expiresAt !== undefined && !isZeroGoTime(expiresAt) && this.now > expiresAt.unixNanos) {
      this.add('RECEIPT_EXPIRED', `${show(receipt.receipt_id)} expired at ${expiresAt.text}`);
    }
    const skew = BigInt(this.options.clockSkewSeconds ?? DEFAULT_TOLERANCE_SECONDS) * NANOS_PER_SECOND;
    if (createdAt.unixNanos > this.now + skew) {
      this.add('RECEIPT_NOT_YET_VALID', `${show(receipt.receipt_id)} was created in the future (${createdAt.text})`);
    }
    for (const d of chain) {
      const from = parseGoTime(d.not_before).unixNanos;
      const until = parseGoTime(d.expires_at).unixNanos;
      if (createdAt.unixNanos < from || createdAt.unixNanos > until) {
        this.add('RECEIPT_OUTSIDE_DELEGATION', `${show(receipt.receipt_id)} was created outside the validity of ${show(d.delegation_id)}`);
      }
    }
  }

  /**
   * Ed25519 over the Go signing input. With escapes 'either', a failure under Go 1.22's \b \f is
   * retried with Go 1.21's \u0008 \u000c when (and only when) that changes the signed text.
   */
  private verifySignature(key: Uint8Array, signatureText: string, input: (options: GoJsonOptions) => string): string {
    let signature: Uint8Array;
    try {
      signature = base64UrlToBytes(signatureText, 64);
    } catch {
      return 'signature is not unpadded base64url of 64 bytes';
    }
    const style = this.options.escapes ?? 'either';
    const first = input({ escapes: style === 'go1.21' ? 'go1.21' : 'go1.22' });
    if (verifyEd25519(key, utf8ToBytes(first), signature)) return 'valid';
    if (style === 'either') {
      const legacy = input({ escapes: 'go1.21' });
      if (legacy !== first && verifyEd25519(key, utf8ToBytes(legacy), signature)) return 'valid';
    }
    return 'signature does not verify';
  }
}

function decodeKey(text: string): Uint8Array | undefined {
  try {
    return base64UrlToBytes(text, 32);
  } catch {
    return undefined;
  }
}

/** Attacker-controlled text in a reason: quoted and bounded. */
function show(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** An error's message for a reason, bounded (parser messages may quote attacker-controlled text). */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
