import { ProtocolError } from './errors.ts';
import { utf8ToBytes } from './encoding/utf8.ts';

/**
 * RFC 8785 JSON Canonicalization Scheme over a JSON-compatible JavaScript value.
 *
 * - Objects: members sorted by UTF-16 code units of their names (JavaScript's default string
 *   order, RFC 8785 §3.2.3); `undefined` members are dropped like JSON.stringify does.
 * - Numbers: ECMAScript Number-to-String (RFC 8785 §3.2.2.3); -0 → 0; NaN/±Infinity throw
 *   JCS_NON_FINITE_NUMBER.
 * - Strings: the RFC 8785 §3.2.2.2 escapes; a lone surrogate throws JCS_LONE_SURROGATE.
 * - Anything else (bigint, function, symbol, a class instance other than Array) throws
 *   JCS_UNSUPPORTED_VALUE. Nesting deeper than `MAX_DEPTH` throws JSON_TOO_DEEP.
 */
export function canonicalize(value: unknown): string {
  return serialize(value, 0);
}

/** UTF-8 bytes of `canonicalize(value)`: what gets hashed and signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8ToBytes(canonicalize(value));
}

export const MAX_DEPTH = 64;

function serialize(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new ProtocolError('JSON_TOO_DEEP', `nesting deeper than ${MAX_DEPTH}`);
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new ProtocolError('JCS_NON_FINITE_NUMBER', `${value} has no JSON form`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      return serializeString(value);
    case 'object':
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? 'null' : serialize(item, depth + 1))).join(',')}]`;
      }
      if (!isPlainObject(value)) throw new ProtocolError('JCS_UNSUPPORTED_VALUE', 'only plain objects can be canonicalised');
      return serializeObject(value as Record<string, unknown>, depth);
    default:
      throw new ProtocolError('JCS_UNSUPPORTED_VALUE', `a ${typeof value} has no JSON form`);
  }
}

function serializeObject(object: Record<string, unknown>, depth: number): string {
  const keys = Object.keys(object).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    members.push(`${serializeString(key)}:${serialize(member, depth + 1)}`);
  }
  return `{${members.join(',')}}`;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const SHORT_ESCAPES: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

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
      throw new ProtocolError('JCS_LONE_SURROGATE', `lone surrogate at offset ${i}`);
    }
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += text.slice(start, i) + (SHORT_ESCAPES[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`);
    start = i + 1;
  }
  return `${out}${text.slice(start)}"`;
}
