import { ProtocolError } from '../errors.ts';

/**
 * Go's `encoding/json` float64 encoder (`floatEncoder.encode` with bits = 64), which MAIP's Go
 * reference applies to every number it signs: its canonical form decodes the signing struct into
 * `map[string]interface{}`, so every number has been through float64 (maip-formats §6.3).
 *
 * Go's rules: the shortest decimal that round-trips (strconv precision -1); format 'f' (no exponent)
 * when 1e-6 <= |x| < 1e21 or x is ±0, otherwise 'e' with at least two exponent digits, after which
 * a negative two-digit exponent with a leading zero is shortened (`1e-07` → `1e-7`). -0 stays "-0".
 */

/**
 * Formats `x` exactly as Go's `json.Marshal(float64(x))`. Precondition: `x` is finite; NaN and
 * ±Infinity throw GO_JSON_UNSUPPORTED_VALUE (Go's json.UnsupportedValueError).
 */
export function formatGoFloat64(x: number): string {
  if (!Number.isFinite(x)) {
    throw new ProtocolError('GO_JSON_UNSUPPORTED_VALUE', `json: unsupported value: ${x}`);
  }
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { negative, digits, exponent } = shortestDecimal(x);
  const abs = Math.abs(x);
  const body = abs < 1e-6 || abs >= 1e21 ? formatE(digits, exponent) : formatF(digits, exponent);
  return negative ? `-${body}` : body;
}

/**
 * The shortest round-tripping decimal digits of `x` (non-zero, finite) and the decimal exponent
 * of the first digit: x = 0.d1d2… × 10^(exponent+1). ECMAScript's Number::toString picks the same
 * shortest digits as Go's strconv (the closest of the shortest candidates), and `toExponential()`
 * without an argument exposes them without 'f'/'e' switching.
 */
function shortestDecimal(x: number): { negative: boolean; digits: string; exponent: number } {
  const text = Math.abs(x).toExponential(); // "d.ddde±n" or "de±n"
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e);
  const digits = mantissa.replace('.', '');
  return { negative: x < 0, digits, exponent: Number(text.slice(e + 1)) };
}

/** strconv 'f' with precision -1: all significant digits, no exponent, no trailing zeros after '.'. */
function formatF(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (exponent >= digits.length - 1) return digits + '0'.repeat(exponent - (digits.length - 1));
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** strconv 'e' with precision -1, then encoding/json's "e-07 → e-7" clean-up. */
function formatE(digits: string, exponent: number): string {
  const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  const sign = exponent < 0 ? '-' : '+';
  const magnitude = Math.abs(exponent);
  // strconv pads the exponent to two digits; encoding/json then drops the pad of negative ones only.
  const exp = magnitude < 10 && sign === '+' ? `0${magnitude}` : String(magnitude);
  return `${mantissa}e${sign}${exp}`;
}
