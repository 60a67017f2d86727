/**
 * RFC 8785 (JCS) for the plain data of validated entries, on the hot path of ingest. The portable
 * `canonicalize` (src/core/jcs.ts) escapes strings character by character in JavaScript; for the
 * values entries hold, the same bytes come from the engine's JSON.stringify:
 * - strings: RFC 8785 §3.2.2.2 IS the ECMAScript JSON.stringify string form for well-formed strings
 *   (a lone surrogate, which JCS refuses, makes this fall back to `canonicalBytes`);
 * - numbers: safe integers only (statements hold no others), whose JSON.stringify form is the §3.2.2.3
 *   Number::toString form (-0 prints as 0);
 * - objects: members sorted by UTF-16 code units (§3.2.3), `undefined` members skipped;
 * - arrays, booleans, null as JSON.
 * Anything else (a float, a non-plain object) falls back to `canonicalBytes`, so the result is always
 * exactly `canonicalBytes(value)` (tested on every statement type).
 */
import { canonicalBytes } from '../../core/jcs.ts';

const encoder = new TextEncoder();

class NotFast extends Error {}

function serialize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new NotFast();
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new NotFast();
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + serialize(value[i]);
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new NotFast();
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        out += `${first ? '' : ','}${serialize(key)}:${serialize(member)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new NotFast();
  }
}

/** `canonicalBytes(value)`, faster for plain JSON data (see the module comment). Throws what it throws. */
export function fastCanonicalBytes(value: unknown): Uint8Array {
  try {
    return encoder.encode(serialize(value));
  } catch (error) {
    if (error instanceof NotFast || error instanceof RangeError) return canonicalBytes(value);
    throw error;
  }
}
