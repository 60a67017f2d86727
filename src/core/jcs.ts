import { ProtocolError } from './errors.ts';
import { utf8ToBytes } from './encoding/utf8.ts';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) over a JSON-compatible JavaScript value: the bytes
 * that get hashed and signed.
 *
 * Policy (what is accepted, and why):
 * - Objects must be plain (prototype `Object.prototype` or `null`, as `parseJsonStrict` builds
 *   them); their own enumerable string-keyed members are sorted by UTF-16 code units (RFC 8785
 *   §3.2.3, JavaScript's default string order). A member whose value is `undefined` is dropped and an
 *   `undefined` array element becomes `null`, as `JSON.stringify` does (so optional TypeScript
 *   fields need no cleaning); a hole in a sparse array also becomes `null`.
 * - Numbers use ECMAScript Number::toString (RFC 8785 §3.2.2.3); -0 → `0`; NaN/±Infinity throw
 *   JCS_NON_FINITE_NUMBER (RFC 8785 §3.2.2.3, I-JSON).
 * - Strings use the RFC 8785 §3.2.2.2 escapes; a lone surrogate (in a value or a member name)
 *   throws JCS_LONE_SURROGATE: it has no UTF-8 form, and replacing it would make two values share one
 *   signature.
 * - Anything else (bigint, function, symbol, Date, Map, class instances, boxed primitives) throws
 *   JCS_UNSUPPORTED_VALUE; `toJSON` is never called.
 * - More than `maxDepth` nested containers (default 64, the same bound as `parseJsonStrict`) throws
 *   JSON_TOO_DEEP; this also stops cyclic values. No foreign exception escapes (a throwing getter or
 *   proxy trap is rethrown as JCS_UNSUPPORTED_VALUE).
 */

export const MAX_DEPTH = 64;
/** The largest `maxDepth` a caller may ask for: serialisation recurses once per container. */
export const MAX_DEPTH_LIMIT = 1000;

export interface CanonicalizeOptions {
  /** Maximum number of nested arrays/objects (the root container counts as 1). Default `MAX_DEPTH`, at most `MAX_DEPTH_LIMIT`. */
  maxDepth?: number;
}

/**
 * The RFC 8785 canonical JSON text of `value`.
 * Throws JCS_NON_FINITE_NUMBER, JCS_LONE_SURROGATE, JCS_UNSUPPORTED_VALUE, JSON_TOO_DEEP, or
 * INVALID_ARGUMENT for a bad `maxDepth`.
 */
export function canonicalize(value: unknown, options: CanonicalizeOptions = {}): string {
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 0 || maxDepth > MAX_DEPTH_LIMIT) {
    throw new ProtocolError('INVALID_ARGUMENT', `maxDepth must be an integer from 0 to ${MAX_DEPTH_LIMIT}`);
  }
  try {
    return serialize(value, 0, maxDepth);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    // A getter or proxy trap threw, or the output outgrew the engine's string limit.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError('JCS_UNSUPPORTED_VALUE', `value cannot be canonicalised: ${reason}`, { cause: error });
  }
}

/** UTF-8 bytes of `canonicalize(value, options)`: what gets hashed and signed. Same failure codes. */
export function canonicalBytes(value: unknown, options: CanonicalizeOptions = {}): Uint8Array {
  return utf8ToBytes(canonicalize(value, options));
}

/** `depth` = number of containers enclosing `value`. */
function serialize(value: unknown, depth: number, maxDepth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value);
    case 'string':
      return serializeString(value);
    case 'object':
      if (depth >= maxDepth) {
        throw new ProtocolError('JSON_TOO_DEEP', `more than ${maxDepth} nested containers`, { details: { maxDepth } });
      }
      if (Array.isArray(value)) return serializeArray(value, depth + 1, maxDepth);
      if (!isPlainObject(value)) {
        throw new ProtocolError('JCS_UNSUPPORTED_VALUE', 'only plain objects and arrays can be canonicalised');
      }
      return serializeObject(value as Record<string, unknown>, depth + 1, maxDepth);
    default:
      throw new ProtocolError('JCS_UNSUPPORTED_VALUE', `a ${typeof value} has no JSON form`);
  }
}

function serializeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new ProtocolError('JCS_NON_FINITE_NUMBER', `${value} has no JSON form`);
  // RFC 8785 §3.2.2.3: the ECMAScript Number::toString algorithm, which String() implements; -0 → "0".
  return Object.is(value, -0) ? '0' : String(value);
}

function serializeArray(array: readonly unknown[], depth: number, maxDepth: number): string {
  // An index loop, not map(): map skips holes and would emit "[,1]".
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (i > 0) out += ',';
    out += item === undefined ? 'null' : serialize(item, depth, maxDepth);
  }
  return `${out}]`;
}

function serializeObject(object: Record<string, unknown>, depth: number, maxDepth: number): string {
  // RFC 8785 §3.2.3: sort by UTF-16 code units, which is Array.prototype.sort's default order (and
  // that of `>` on strings). The keys of a value parsed from canonical text (every log entry, twice
  // per entry in sync and verification) are in that order already: sort only when they are not.
  const keys = Object.keys(object);
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${serializeString(key)}:${serialize(member, depth, maxDepth)}`;
  }
  return `${out}}`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// RFC 8785 §3.2.2.2: these seven get their short escape; other controls get \u00xx in lowercase hex.
const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

function serializeString(text: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      throw new ProtocolError('JCS_LONE_SURROGATE', `lone surrogate at offset ${i}`, { details: { offset: i } });
    }
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += text.slice(start, i) + (SHORT_ESCAPES[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`);
    start = i + 1;
  }
  return `${out}${text.slice(start)}"`;
}
