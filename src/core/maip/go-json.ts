import { ProtocolError } from '../errors.ts';
import { formatGoFloat64 } from './go-float.ts';

/**
 * The "simplified JCS" of MAIP's Go reference (`canonicalJSON` in reference/receipt.go, shared by
 * receipts and delegations; maip-formats §6.3). It is NOT RFC 8785:
 * - object keys are sorted with Go's `sort.Strings`, i.e. by UTF-8 bytes (= code points), where
 *   JCS sorts by UTF-16 code units (the two differ for U+E000–U+FFFF against astral characters);
 * - arrays keep their order; scalars are `json.Marshal`ed: numbers as float64 (`formatGoFloat64`),
 *   strings with Go's HTML-safe escaping (`<` `>` `&` → \u003c \u003e \u0026, U+2028/2029 escaped,
 *   \n \r \t short, other controls \u00xx in lowercase hex);
 * - \b and \f are `\b`/`\f` from Go 1.22 on and `\u0008`/`\u000c` up to Go 1.21 (`GoEscapeStyle`);
 * - Go has decoded every string before re-encoding it, so a lone surrogate (which Go's decoder
 *   turns into U+FFFD) is written as a raw U+FFFD.
 */

/** Which Go release's escaping of U+0008 and U+000C to reproduce. */
export type GoEscapeStyle = 'go1.22' | 'go1.21';

export interface GoJsonOptions {
  /** Default 'go1.22' (`\b`, `\f`). */
  escapes?: GoEscapeStyle;
}

/** Nesting limit of the encoder: it recurses, and its input may come from a hostile document. */
export const GO_JSON_MAX_DEPTH = 256;

/**
 * Go's `canonicalJSON(v)` for a decoded JSON value: null, boolean, finite number, string, array or
 * plain object (any prototype-less or Object-prototype object). Throws GO_JSON_UNSUPPORTED_VALUE for
 * anything else (NaN, ±Infinity, bigint, undefined, class instances, two keys that collide once lone
 * surrogates become U+FFFD) and JSON_TOO_DEEP beyond `GO_JSON_MAX_DEPTH` levels.
 */
export function encodeGoCanonicalJson(value: unknown, options: GoJsonOptions = {}): string {
  const legacy = (options.escapes ?? 'go1.22') === 'go1.21';
  return encodeValue(value, legacy, 0);
}

/** Go's `json.Marshal(s)` for a string (HTML-safe escaping, see the module comment). */
export function encodeGoString(text: string, options: GoJsonOptions = {}): string {
  return quote(text, (options.escapes ?? 'go1.22') === 'go1.21');
}

/**
 * Orders two well-formed strings as Go's `sort.Strings` orders their UTF-8 bytes, i.e. by code
 * point. Precondition: no lone surrogates (callers replace them with U+FFFD first).
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * Moves surrogates (which start astral code points) above U+E000–U+FFFF, so comparing UTF-16 units
 * at the first difference gives code-point order.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

function encodeValue(value: unknown, legacy: boolean, depth: number): string {
  if (depth > GO_JSON_MAX_DEPTH) throw new ProtocolError('JSON_TOO_DEEP', `nesting deeper than ${GO_JSON_MAX_DEPTH}`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatGoFloat64(value);
    case 'string':
      return quote(value, legacy);
    case 'object':
      if (Array.isArray(value)) {
        const items: string[] = [];
        for (const item of value as unknown[]) items.push(encodeValue(item, legacy, depth + 1));
        return `[${items.join(',')}]`;
      }
      if (!isPlainObject(value)) throw new ProtocolError('GO_JSON_UNSUPPORTED_VALUE', 'only plain objects can be encoded');
      return encodeObject(value as Record<string, unknown>, legacy, depth);
    default:
      throw new ProtocolError('GO_JSON_UNSUPPORTED_VALUE', `a ${typeof value} has no JSON form`);
  }
}

function encodeObject(object: Record<string, unknown>, legacy: boolean, depth: number): string {
  // Go's map keys have been through its decoder: a lone surrogate is already U+FFFD there.
  const members = new Map<string, unknown>();
  for (const key of Object.keys(object)) {
    const goKey = toWellFormed(key);
    if (members.has(goKey)) {
      throw new ProtocolError('GO_JSON_UNSUPPORTED_VALUE', 'two member names are equal once lone surrogates become U+FFFD');
    }
    members.set(goKey, object[key]);
  }
  const keys = [...members.keys()].sort(compareGoStrings);
  const parts: string[] = [];
  for (const key of keys) parts.push(`${quote(key, legacy)}:${encodeValue(members.get(key), legacy, depth + 1)}`);
  return `{${parts.join(',')}}`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const HEX = '0123456789abcdef';

/** Go 1.22 `appendString(…, escapeHTML=true)`; `legacy` gives the Go ≤ 1.21 \b and \f. */
function quote(text: string, legacy: boolean): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let escape: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26) {
      escape = asciiEscape(c, legacy);
    } else if (c === 0x2028 || c === 0x2029) {
      escape = `\\u${c.toString(16)}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      escape = '\ufffd'; // raw U+FFFD, as Go's decoder left it
    }
    if (escape === undefined) continue;
    out += text.slice(start, i) + escape;
    start = i + 1;
  }
  return `${out}${text.slice(start)}"`;
}

function asciiEscape(c: number, legacy: boolean): string {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x08:
      return legacy ? '\\u0008' : '\\b';
    case 0x0c:
      return legacy ? '\\u000c' : '\\f';
    default:
      // Other controls and the HTML-sensitive <, >, &.
      return `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
  }
}

function toWellFormed(text: string): string {
  return text.replace(/[\ud800-\udfff]/gu, '\ufffd');
}
