import { ProtocolError } from './errors.ts';
import { bytesToUtf8 } from './encoding/utf8.ts';

/**
 * Strict JSON parsing for attacker-controlled input (registry responses, bundles, statements).
 *
 * Policy:
 * - Grammar: RFC 8259 only. No comments, trailing commas, single quotes, leading zeros, `+1`, `.5`,
 *   `NaN`/`Infinity`, BOM (RFC 8259 §8.1 lets a parser ignore one; we do not), or whitespace other
 *   than space, tab, LF, CR. Anything else is JSON_MALFORMED with the offset (in UTF-16 code units of
 *   the text) in `details.offset`.
 * - I-JSON (RFC 7493): duplicate member names, compared after unescaping, are JSON_DUPLICATE_KEY
 *   (§2.3; a duplicate would let two readers see two different documents under one signature); a
 *   lone surrogate, raw or escaped, is JCS_LONE_SURROGATE (§2.1, and RFC 8785 §3.2.2.2 could not
 *   canonicalise it anyway); a number that overflows a double is JCS_NON_FINITE_NUMBER (§2.2).
 * - Limits: more than `maxDepth` nested arrays/objects (default 64, the root counts as 1) is
 *   JSON_TOO_DEEP; more than `maxBytes` UTF-8 bytes (default 16 MiB) is JSON_TOO_LARGE, checked before
 *   any parsing.
 * - Objects are built with a null prototype, so a member named `__proto__` (or `constructor`) is an
 *   ordinary own property: no prototype pollution, and no inherited names appear as members.
 *   `canonicalize` accepts these objects.
 * - The parser is a single left-to-right pass with an explicit stack: linear time, no recursion, no
 *   regular expressions.
 */

export interface JsonLimits {
  /** Maximum size of the input in UTF-8 bytes. Default `DEFAULT_JSON_MAX_BYTES`. */
  maxBytes?: number;
  /** Maximum number of nested arrays/objects. Default `DEFAULT_JSON_MAX_DEPTH`. */
  maxDepth?: number;
}

export const DEFAULT_JSON_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_JSON_MAX_DEPTH = 64;

/**
 * Parses `text` as strict RFC 8259 / I-JSON (see the policy above); objects come back with a null
 * prototype. Throws JSON_MALFORMED, JSON_DUPLICATE_KEY, JSON_TOO_DEEP, JSON_TOO_LARGE,
 * JCS_LONE_SURROGATE, JCS_NON_FINITE_NUMBER, or INVALID_ARGUMENT for a non-string or bad limits.
 */
export function parseJsonStrict(text: string, limits: JsonLimits = {}): unknown {
  const { maxBytes, maxDepth } = resolveLimits(limits);
  if (typeof text !== 'string') throw new ProtocolError('INVALID_ARGUMENT', 'parseJsonStrict expects a string');
  if (exceedsUtf8Length(text, maxBytes)) {
    throw new ProtocolError('JSON_TOO_LARGE', `JSON text is larger than ${maxBytes} bytes`, { details: { maxBytes } });
  }
  return new StrictJsonParser(text, maxDepth).parseDocument();
}

/**
 * Decodes `bytes` as strict UTF-8 (ENCODING_INVALID_UTF8 on any invalid sequence; a BOM is kept and
 * then rejected as JSON_MALFORMED), then parses like `parseJsonStrict`. `maxBytes` applies to
 * `bytes.length` before decoding. Offsets in errors are UTF-16 code units of the decoded text.
 */
export function parseJsonBytesStrict(bytes: Uint8Array, limits: JsonLimits = {}): unknown {
  const { maxBytes, maxDepth } = resolveLimits(limits);
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('INVALID_ARGUMENT', 'parseJsonBytesStrict expects a Uint8Array');
  if (bytes.length > maxBytes) {
    throw new ProtocolError('JSON_TOO_LARGE', `JSON text is larger than ${maxBytes} bytes`, { details: { maxBytes } });
  }
  return new StrictJsonParser(bytesToUtf8(bytes), maxDepth).parseDocument();
}

function resolveLimits(limits: JsonLimits): { maxBytes: number; maxDepth: number } {
  const maxBytes = limits.maxBytes ?? DEFAULT_JSON_MAX_BYTES;
  const maxDepth = limits.maxDepth ?? DEFAULT_JSON_MAX_DEPTH;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new ProtocolError('INVALID_ARGUMENT', 'maxBytes must be a non-negative integer');
  }
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 0) {
    throw new ProtocolError('INVALID_ARGUMENT', 'maxDepth must be a non-negative integer');
  }
  return { maxBytes, maxDepth };
}

/** Whether the UTF-8 form of `text` is longer than `maxBytes`; stops counting once it is. */
function exceedsUtf8Length(text: string, maxBytes: number): boolean {
  // Every UTF-16 code unit is 1 to 3 UTF-8 bytes (a surrogate pair: 2 units, 4 bytes).
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
    if (bytes > maxBytes) return true;
  }
  return false;
}

/** One open array or object. `key` is the member name awaiting its value (objects only). */
interface Frame {
  readonly container: unknown[] | Record<string, unknown>;
  readonly isArray: boolean;
  key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;

// RFC 8259 §7: the two-character escapes.
const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

class StrictJsonParser {
  private readonly text: string;
  private readonly maxDepth: number;
  private pos = 0;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  /** RFC 8259 §2: JSON-text = ws value ws. Iterative: `stack` holds the open containers. */
  parseDocument(): unknown {
    const stack: Frame[] = [];
    for (;;) {
      let value: unknown;
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (stack.length >= this.maxDepth) {
          throw new ProtocolError('JSON_TOO_DEEP', `more than ${this.maxDepth} nested containers at offset ${this.pos}`, {
            details: { offset: this.pos, maxDepth: this.maxDepth },
          });
        }
        this.pos++;
        this.skipWhitespace();
        if (c === OPEN_BRACKET) {
          const array: unknown[] = [];
          if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) {
            this.pos++;
            value = array;
          } else {
            stack.push({ container: array, isArray: true, key: '' });
            continue;
          }
        } else {
          const object = Object.create(null) as Record<string, unknown>;
          if (this.text.charCodeAt(this.pos) === CLOSE_BRACE) {
            this.pos++;
            value = object;
          } else {
            stack.push({ container: object, isArray: false, key: this.readMemberName(object) });
            continue;
          }
        }
      } else {
        value = this.readScalar(c);
      }

      // The value is complete: store it, then close every container that ends right after it.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          this.skipWhitespace();
          if (this.pos !== this.text.length) this.fail('unexpected text after the JSON value');
          return value;
        }
        if (frame.isArray) (frame.container as unknown[]).push(value);
        // Safe for "__proto__": the object has no prototype, so this defines an own property.
        else (frame.container as Record<string, unknown>)[frame.key] = value;
        this.skipWhitespace();
        const next = this.text.charCodeAt(this.pos);
        if (next === COMMA) {
          this.pos++;
          if (!frame.isArray) {
            this.skipWhitespace();
            frame.key = this.readMemberName(frame.container as Record<string, unknown>);
          }
          break;
        }
        if (next === (frame.isArray ? CLOSE_BRACKET : CLOSE_BRACE)) {
          this.pos++;
          stack.pop();
          value = frame.container;
          continue;
        }
        this.fail(frame.isArray ? "expected ',' or ']'" : "expected ',' or '}'");
      }
    }
  }

  /** A string, number or literal starting at `this.pos` (whose first code unit is `c`). */
  private readScalar(c: number): unknown {
    if (c === QUOTE) return this.readString();
    if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) return this.readNumber();
    if (this.readLiteral('true')) return true;
    if (this.readLiteral('false')) return false;
    if (this.readLiteral('null')) return null;
    return this.fail(this.pos >= this.text.length ? 'unexpected end of input' : 'expected a JSON value');
  }

  private readLiteral(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  /** `"name" ws ":"` inside an object; rejects a name the object already has (I-JSON §2.3). */
  private readMemberName(object: Record<string, unknown>): string {
    const start = this.pos;
    if (this.text.charCodeAt(start) !== QUOTE) this.fail('expected a member name');
    const key = this.readString();
    // Compared after unescaping, so "a" and "\u0061" collide.
    if (Object.hasOwn(object, key)) {
      // The name is attacker-sized: report at most 64 code units of it.
      const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
      throw new ProtocolError('JSON_DUPLICATE_KEY', `duplicate member name ${JSON.stringify(shown)} at offset ${start}`, {
        details: { offset: start, key: shown },
      });
    }
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== COLON) this.fail("expected ':'");
    this.pos++;
    return key;
  }

  /** RFC 8259 §7. `this.pos` is at the opening quote. */
  private readString(): string {
    const text = this.text;
    const opening = this.pos;
    let i = opening + 1;
    let start = i;
    let out = '';
    for (;;) {
      if (i >= text.length) this.fail('unterminated string', opening);
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return out + text.slice(start, i);
      }
      if (c === BACKSLASH) {
        out += text.slice(start, i);
        const escape = text.charCodeAt(i + 1);
        const simple = SIMPLE_ESCAPES[escape];
        if (simple !== undefined) {
          out += simple;
          i += 2;
        } else if (escape === 0x75 /* u */) {
          const decoded = this.readUnicodeEscape(i);
          out += decoded;
          // One code unit came from 6 characters, an escaped surrogate pair from 12.
          i += 6 * decoded.length;
        } else {
          this.fail('invalid escape', i);
        }
        start = i;
        continue;
      }
      if (c < 0x20) this.fail('unescaped control character in string', i);
      if (c >= 0xd800 && c <= 0xdfff) {
        // A raw surrogate must be the high half of a raw pair.
        const low = text.charCodeAt(i + 1);
        if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) this.loneSurrogate(i);
        i += 2;
        continue;
      }
      i++;
    }
  }

  /**
   * Decodes the `\uXXXX` escape at `at`; a high surrogate must be followed by an escaped low one
   * (RFC 8259 §7), and the pair decodes to two code units. Anything else surrogate is lone.
   */
  private readUnicodeEscape(at: number): string {
    const unit = this.hex4(at + 2);
    if (unit < 0) this.fail('invalid \\u escape', at);
    if (unit < 0xd800 || unit > 0xdfff) return String.fromCharCode(unit);
    if (unit >= 0xdc00) this.loneSurrogate(at);
    if (this.text.charCodeAt(at + 6) !== BACKSLASH || this.text.charCodeAt(at + 7) !== 0x75) this.loneSurrogate(at);
    const low = this.hex4(at + 8);
    if (low < 0) this.fail('invalid \\u escape', at + 6);
    if (low < 0xdc00 || low > 0xdfff) this.loneSurrogate(at);
    return String.fromCharCode(unit, low);
  }

  /** The value of the four hex digits at `at`, or -1. */
  private hex4(at: number): number {
    if (at + 4 > this.text.length) return -1;
    let value = 0;
    for (let k = at; k < at + 4; k++) {
      const c = this.text.charCodeAt(k);
      const digit =
        c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (digit < 0) return -1;
      value = (value << 4) | digit;
    }
    return value;
  }

  /** RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
  private readNumber(): number {
    const text = this.text;
    const start = this.pos;
    let i = start;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    const first = text.charCodeAt(i);
    if (first === DIGIT_0) i++;
    else if (first >= DIGIT_1 && first <= DIGIT_9) i = this.skipDigits(i + 1);
    else this.fail('invalid number', start);
    const integerEnd = i;
    if (text.charCodeAt(i) === DOT) {
      if (!isDigit(text.charCodeAt(i + 1))) this.fail('invalid number: no digit after the decimal point', start);
      i = this.skipDigits(i + 1);
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      if (!isDigit(text.charCodeAt(i))) this.fail('invalid number: no digit in the exponent', start);
      i = this.skipDigits(i);
    }
    this.pos = i;
    const digitsStart = negative ? start + 1 : start;
    if (i === integerEnd && i - digitsStart <= 15) {
      // Fast path: an integer below 10^15 is exact in a double, so summing digits gives Number()'s result.
      let value = 0;
      for (let k = digitsStart; k < i; k++) value = value * 10 + (text.charCodeAt(k) - DIGIT_0);
      return negative ? -value : value;
    }
    // The grammar above is a subset of StringNumericLiteral, so Number() rounds it correctly.
    const value = Number(text.slice(start, i));
    if (!Number.isFinite(value)) {
      throw new ProtocolError('JCS_NON_FINITE_NUMBER', `number at offset ${start} is out of the double range`, {
        details: { offset: start },
      });
    }
    return value;
  }

  private skipDigits(from: number): number {
    let i = from;
    while (isDigit(this.text.charCodeAt(i))) i++;
    return i;
  }

  /** RFC 8259 §2: ws = *( %x20 / %x09 / %x0A / %x0D ). */
  private skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.pos = i;
  }

  private loneSurrogate(offset: number): never {
    throw new ProtocolError('JCS_LONE_SURROGATE', `lone surrogate in string at offset ${offset}`, { details: { offset } });
  }

  private fail(reason: string, offset: number = this.pos): never {
    throw new ProtocolError('JSON_MALFORMED', `${reason} at offset ${offset}`, { details: { offset } });
  }
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}
