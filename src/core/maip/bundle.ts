import { ProtocolError } from '../errors.ts';
import { parseJsonBytesStrict, parseJsonStrict } from '../json.ts';
import { base64UrlToBytes } from '../encoding/base64.ts';
import { bytesToUtf8 } from '../encoding/utf8.ts';
import { parseGoTime } from './go-time.ts';
import { collectNumberLiterals, toPointer, type JsonPath } from './number-literals.ts';

/**
 * MAIP proof bundles as MAIP's Go reference writes them (reference/bundle.go; maip-formats §8.1),
 * parsed under a stricter policy than Go's `encoding/json` (maip-formats §14 step 1, §17):
 * - strict RFC 8259 / I-JSON (`parseJsonStrict`): a duplicate member name is an error, where Go keeps
 *   the last one;
 * - member names are case-sensitive and unknown members are errors (Go matches names
 *   case-insensitively and ignores unknown ones, which would leave unsigned data in a "valid"
 *   bundle); `payload` alone is free-form;
 * - Go `int` fields must be integer literals (as Go requires) within ±(2^53 − 1) (Go allows int64);
 * - timestamps follow `parseGoTime` (strict RFC 3339) and stay strings;
 * - every member the reference always writes must be present: `receipt` (absent, Go panics),
 *   `delegation_chain` (may be null), `public_keys`, each receipt and delegation member; only
 *   `metadata`, `previous_receipt_id`, `constraints`, `cross_tenant`, `source_tenant`,
 *   `target_tenant` (Go's omitempty members) and a receipt's `expires_at` (null or absent = Go's zero
 *   time, "permanent") may be missing;
 * - versions must be "1.0.0", `receipt_type` one of the nine MAIP types, `status` one of
 *   active/expired/revoked, the nonce unpadded base64url of 32 bytes, identifiers non-empty.
 * Keys and signatures are checked by the verifier, which reports them with their own verdicts.
 */

export const MAIP_RECEIPT_TYPES = [
  'maip_genesis',
  'maip_delegation',
  'maip_action',
  'maip_revocation',
  'maip_dataset_attestation',
  'maip_model_attestation',
  'maip_approval',
  'maip_compliance',
  'maip_truth_claim',
] as const;
export type MaipReceiptType = (typeof MAIP_RECEIPT_TYPES)[number];

export const MAIP_DELEGATION_STATUSES = ['active', 'expired', 'revoked'] as const;
export type MaipDelegationStatus = (typeof MAIP_DELEGATION_STATUSES)[number];

export interface MaipReceiptContext {
  readonly tenant_id: string;
  readonly delegation_chain_hash: string;
  readonly delegation_depth: number;
  /** null is Go's nil slice, which is signed as null (not []). */
  readonly scopes_used: readonly string[] | null;
}

export interface MaipReceiptSignature {
  readonly alg: string;
  readonly kid: string;
  readonly value: string;
}

export interface MaipReceipt {
  readonly receipt_id: string;
  readonly receipt_type: MaipReceiptType;
  readonly schema_version: string;
  readonly issuer_id: string;
  readonly subject_id: string;
  readonly subject_type: string;
  readonly created_at: string;
  /** null: absent or JSON null in the bundle, i.e. Go's zero time (a permanent receipt). */
  readonly expires_at: string | null;
  readonly nonce: string;
  readonly context: MaipReceiptContext;
  /** Any JSON value (objects with a null prototype); null when the bundle says null. */
  readonly payload: unknown;
  /** null: absent or JSON null (Go's empty string, omitted from the signing input). */
  readonly previous_receipt_id: string | null;
  readonly signature: MaipReceiptSignature;
}

export interface MaipDelegationConstraints {
  readonly max_sub_delegations?: number;
  readonly allowed_environments?: readonly string[] | null;
  readonly rate_limit_per_hour?: number;
  readonly ip_allowlist?: readonly string[] | null;
}

export interface MaipDelegation {
  readonly delegation_id: string;
  readonly parent_agent_id: string;
  readonly child_agent_id: string;
  readonly child_public_key: string;
  readonly depth: number;
  readonly scopes: readonly string[] | null;
  /** null: absent or JSON null (Go's nil pointer, omitted); {} is signed as {}. */
  readonly constraints: MaipDelegationConstraints | null;
  readonly not_before: string;
  readonly expires_at: string;
  readonly issued_at: string;
  readonly signature: string;
  readonly signature_algorithm: string;
  readonly status: MaipDelegationStatus;
  readonly cross_tenant: boolean;
  readonly source_tenant: string;
  readonly target_tenant: string;
}

export interface MaipPublicKey {
  readonly agent_id: string;
  readonly public_key: string;
  readonly algorithm: string;
}

export interface MaipBundleMetadata {
  readonly bundler_id?: string;
  readonly purpose?: string;
  readonly notes?: string;
}

export interface MaipBundle {
  readonly maip_bundle_version: string;
  readonly created_at: string;
  readonly receipt: MaipReceipt;
  /** Root to leaf; empty when the bundle has [] or null (a depth-0 issuer). */
  readonly delegation_chain: readonly MaipDelegation[];
  readonly public_keys: readonly MaipPublicKey[];
  readonly metadata: MaipBundleMetadata | null;
}

export interface MaipParseLimits {
  /** Default `MAIP_MAX_BUNDLE_BYTES`. */
  maxBytes?: number;
  /** Maximum nesting of arrays/objects, the whole bundle counted. Default 64. */
  maxDepth?: number;
}

/** MAIP_MAX_BUNDLE_SIZE (delegation-chain.md): 256 KB. */
export const MAIP_MAX_BUNDLE_BYTES = 256 * 1024;
const DEFAULT_MAX_DEPTH = 64;

/**
 * Parses an attacker-controlled MAIP proof bundle (UTF-8 bytes or text) under the policy above.
 * Throws ProtocolError: the JSON codes of `parseJsonStrict` (JSON_MALFORMED, JSON_DUPLICATE_KEY,
 * JSON_TOO_DEEP, JSON_TOO_LARGE, JCS_LONE_SURROGATE, JCS_NON_FINITE_NUMBER, ENCODING_INVALID_UTF8)
 * and MAIP_MALFORMED (with `details.path`, a JSON Pointer) for everything structural.
 */
export function parseMaipBundle(json: string | Uint8Array, limits: MaipParseLimits = {}): MaipBundle {
  const jsonLimits = { maxBytes: limits.maxBytes ?? MAIP_MAX_BUNDLE_BYTES, maxDepth: limits.maxDepth ?? DEFAULT_MAX_DEPTH };
  let text: string;
  let root: unknown;
  if (typeof json === 'string') {
    text = json;
    root = parseJsonStrict(json, jsonLimits);
  } else if (json instanceof Uint8Array) {
    root = parseJsonBytesStrict(json, jsonLimits);
    text = bytesToUtf8(json); // proven valid UTF-8 (and within the size limit) by the strict parse
  } else {
    throw new ProtocolError('INVALID_ARGUMENT', 'parseMaipBundle expects a string or a Uint8Array');
  }
  const reader = new BundleReader(collectNumberLiterals(text, isGoIntPath));
  return reader.bundle(root);
}

const GO_INT_CONSTRAINTS = new Set(['max_sub_delegations', 'rate_limit_per_hour']);

/** The members that the reference decodes into a Go `int`. */
function isGoIntPath(path: JsonPath): boolean {
  if (path.length === 3 && path[0] === 'receipt') return path[1] === 'context' && path[2] === 'delegation_depth';
  if (path[0] !== 'delegation_chain' || typeof path[1] !== 'number') return false;
  if (path.length === 3) return path[2] === 'depth';
  return path.length === 4 && path[2] === 'constraints' && GO_INT_CONSTRAINTS.has(path[3] as string);
}

type Json = Record<string, unknown>;

/** Walks the parsed value; `literals` holds the text of the Go-int members by JSON Pointer. */
class BundleReader {
  private readonly literals: Map<string, string>;

  constructor(literals: Map<string, string>) {
    this.literals = literals;
  }

  bundle(value: unknown): MaipBundle {
    const o = this.object(value, [], {
      required: ['maip_bundle_version', 'created_at', 'receipt', 'delegation_chain', 'public_keys'],
      optional: ['metadata'],
    });
    const version = this.string(o, 'maip_bundle_version', []);
    if (version !== '1.0.0') throw fail(['maip_bundle_version'], `unsupported bundle version ${JSON.stringify(version.slice(0, 32))}`);
    const chain = o['delegation_chain'];
    const keys = this.array(o['public_keys'], ['public_keys']);
    const metadata = o['metadata'];
    return {
      maip_bundle_version: version,
      created_at: this.time(o, 'created_at', []),
      receipt: this.receipt(o['receipt']),
      delegation_chain: chain === null ? [] : this.array(chain, ['delegation_chain']).map((d, i) => this.delegation(d, i)),
      public_keys: keys.map((k, i) => this.publicKey(k, ['public_keys', i])),
      metadata: metadata === undefined || metadata === null ? null : this.metadata(metadata),
    };
  }

  private receipt(value: unknown): MaipReceipt {
    const at = ['receipt'];
    const o = this.object(value, at, {
      required: [
        'receipt_id', 'receipt_type', 'schema_version', 'issuer_id', 'subject_id', 'subject_type',
        'created_at', 'nonce', 'context', 'payload', 'signature',
      ],
      optional: ['expires_at', 'previous_receipt_id'],
    });
    const type = this.string(o, 'receipt_type', at);
    if (!(MAIP_RECEIPT_TYPES as readonly string[]).includes(type)) throw fail([...at, 'receipt_type'], 'unknown receipt type');
    const schemaVersion = this.string(o, 'schema_version', at);
    if (schemaVersion !== '1.0.0') throw fail([...at, 'schema_version'], 'unsupported schema version');
    const nonce = this.string(o, 'nonce', at);
    try {
      base64UrlToBytes(nonce, 32);
    } catch (error) {
      throw fail([...at, 'nonce'], 'not unpadded base64url of 32 bytes', error);
    }
    const sig = this.object(o['signature'], [...at, 'signature'], { required: ['alg', 'kid', 'value'], optional: [] });
    const previous = o['previous_receipt_id'];
    return {
      receipt_id: this.id(o, 'receipt_id', at),
      receipt_type: type as MaipReceiptType,
      schema_version: schemaVersion,
      issuer_id: this.id(o, 'issuer_id', at),
      subject_id: this.string(o, 'subject_id', at),
      subject_type: this.string(o, 'subject_type', at),
      created_at: this.time(o, 'created_at', at),
      expires_at: o['expires_at'] === undefined || o['expires_at'] === null ? null : this.time(o, 'expires_at', at),
      nonce,
      context: this.context(o['context']),
      payload: o['payload'],
      previous_receipt_id: previous === undefined || previous === null ? null : this.string(o, 'previous_receipt_id', at),
      signature: {
        alg: this.string(sig, 'alg', [...at, 'signature']),
        kid: this.string(sig, 'kid', [...at, 'signature']),
        value: this.string(sig, 'value', [...at, 'signature']),
      },
    };
  }

  private context(value: unknown): MaipReceiptContext {
    const at = ['receipt', 'context'];
    const o = this.object(value, at, {
      required: ['tenant_id', 'delegation_chain_hash', 'delegation_depth', 'scopes_used'],
      optional: [],
    });
    return {
      tenant_id: this.string(o, 'tenant_id', at),
      delegation_chain_hash: this.string(o, 'delegation_chain_hash', at),
      delegation_depth: this.goInt(o, 'delegation_depth', at),
      scopes_used: this.stringsOrNull(o['scopes_used'], [...at, 'scopes_used']),
    };
  }

  private delegation(value: unknown, index: number): MaipDelegation {
    const at: JsonPath = ['delegation_chain', index];
    const o = this.object(value, at, {
      required: [
        'delegation_id', 'parent_agent_id', 'child_agent_id', 'child_public_key', 'depth', 'scopes',
        'not_before', 'expires_at', 'issued_at', 'signature', 'signature_algorithm', 'status',
      ],
      optional: ['constraints', 'cross_tenant', 'source_tenant', 'target_tenant'],
    });
    const status = this.string(o, 'status', at);
    if (!(MAIP_DELEGATION_STATUSES as readonly string[]).includes(status)) throw fail([...at, 'status'], 'unknown delegation status');
    const crossTenant = o['cross_tenant'];
    if (crossTenant !== undefined && typeof crossTenant !== 'boolean') throw fail([...at, 'cross_tenant'], 'expected a boolean');
    const constraints = o['constraints'];
    return {
      delegation_id: this.id(o, 'delegation_id', at),
      parent_agent_id: this.id(o, 'parent_agent_id', at),
      child_agent_id: this.id(o, 'child_agent_id', at),
      child_public_key: this.string(o, 'child_public_key', at),
      depth: this.goInt(o, 'depth', at),
      scopes: this.stringsOrNull(o['scopes'], [...at, 'scopes']),
      constraints: constraints === undefined || constraints === null ? null : this.constraints(constraints, [...at, 'constraints']),
      not_before: this.time(o, 'not_before', at),
      expires_at: this.time(o, 'expires_at', at),
      issued_at: this.time(o, 'issued_at', at),
      signature: this.string(o, 'signature', at),
      signature_algorithm: this.string(o, 'signature_algorithm', at),
      status: status as MaipDelegationStatus,
      cross_tenant: crossTenant === true,
      source_tenant: o['source_tenant'] === undefined ? '' : this.string(o, 'source_tenant', at),
      target_tenant: o['target_tenant'] === undefined ? '' : this.string(o, 'target_tenant', at),
    };
  }

  private constraints(value: unknown, at: JsonPath): MaipDelegationConstraints {
    const o = this.object(value, at, {
      required: [],
      optional: ['max_sub_delegations', 'allowed_environments', 'rate_limit_per_hour', 'ip_allowlist'],
    });
    const result: {
      max_sub_delegations?: number;
      allowed_environments?: readonly string[] | null;
      rate_limit_per_hour?: number;
      ip_allowlist?: readonly string[] | null;
    } = {};
    if (o['max_sub_delegations'] !== undefined) result.max_sub_delegations = this.goInt(o, 'max_sub_delegations', at);
    if (o['rate_limit_per_hour'] !== undefined) result.rate_limit_per_hour = this.goInt(o, 'rate_limit_per_hour', at);
    if (o['allowed_environments'] !== undefined) {
      result.allowed_environments = this.stringsOrNull(o['allowed_environments'], [...at, 'allowed_environments']);
    }
    if (o['ip_allowlist'] !== undefined) result.ip_allowlist = this.stringsOrNull(o['ip_allowlist'], [...at, 'ip_allowlist']);
    return result;
  }

  private publicKey(value: unknown, at: JsonPath): MaipPublicKey {
    const o = this.object(value, at, { required: ['agent_id', 'public_key', 'algorithm'], optional: [] });
    return {
      agent_id: this.id(o, 'agent_id', at),
      public_key: this.string(o, 'public_key', at),
      algorithm: this.string(o, 'algorithm', at),
    };
  }

  private metadata(value: unknown): MaipBundleMetadata {
    const at = ['metadata'];
    const o = this.object(value, at, { required: [], optional: ['bundler_id', 'purpose', 'notes'] });
    const result: { bundler_id?: string; purpose?: string; notes?: string } = {};
    for (const key of ['bundler_id', 'purpose', 'notes'] as const) {
      if (o[key] !== undefined) result[key] = this.string(o, key, at);
    }
    return result;
  }

  /** An object with exactly the allowed member names (case-sensitive). */
  private object(value: unknown, at: JsonPath, members: { required: string[]; optional: string[] }): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw fail(at, value === undefined ? 'missing' : 'expected an object');
    }
    const o = value as Json;
    const allowed = new Set([...members.required, ...members.optional]);
    for (const key of Object.keys(o)) {
      if (allowed.has(key)) continue;
      const near = [...allowed].find((name) => name.toLowerCase() === key.toLowerCase());
      const hint = near === undefined ? '' : ` (member names are case-sensitive: Go would read it as "${near}")`;
      throw fail([...at, key], `unknown member${hint}`);
    }
    for (const key of members.required) {
      if (!Object.hasOwn(o, key)) throw fail([...at, key], 'missing');
    }
    return o;
  }

  private array(value: unknown, at: JsonPath): unknown[] {
    if (!Array.isArray(value)) throw fail(at, value === undefined ? 'missing' : 'expected an array');
    return value;
  }

  private string(o: Json, key: string, at: JsonPath): string {
    const value = o[key];
    if (typeof value !== 'string') throw fail([...at, key], value === undefined ? 'missing' : 'expected a string');
    return value;
  }

  private id(o: Json, key: string, at: JsonPath): string {
    const value = this.string(o, key, at);
    if (value === '') throw fail([...at, key], 'must not be empty');
    return value;
  }

  private time(o: Json, key: string, at: JsonPath): string {
    const value = this.string(o, key, at);
    try {
      parseGoTime(value);
    } catch (error) {
      throw fail([...at, key], error instanceof Error ? error.message : 'invalid timestamp', error);
    }
    return value;
  }

  private stringsOrNull(value: unknown, at: JsonPath): readonly string[] | null {
    if (value === null) return null;
    const items = this.array(value, at);
    items.forEach((item, i) => {
      if (typeof item !== 'string') throw fail([...at, i], 'expected a string');
    });
    return items as string[];
  }

  /**
   * A Go `int`: Go's decoder takes only an integer literal (no fraction, no exponent); we also bound
   * it to the exactly representable doubles. -0 is Go's int 0.
   */
  private goInt(o: Json, key: string, at: JsonPath): number {
    const path = [...at, key];
    const value = o[key];
    if (typeof value !== 'number') throw fail(path, value === undefined ? 'missing' : 'expected an integer');
    const literal = this.literals.get(toPointer(path));
    if (literal === undefined || !/^-?(?:0|[1-9][0-9]*)$/.test(literal)) throw fail(path, 'expected an integer literal');
    if (!Number.isSafeInteger(value)) throw fail(path, 'integer out of range');
    return value === 0 ? 0 : value;
  }
}

function fail(path: JsonPath, why: string, cause?: unknown): ProtocolError {
  // Member names are attacker-controlled and may be huge: bound what goes into the message.
  const full = toPointer(path) || '/';
  const pointer = full.length > 160 ? `${full.slice(0, 160)}…` : full;
  return new ProtocolError('MAIP_MALFORMED', `${pointer}: ${why}`, { details: { path: pointer }, cause });
}
