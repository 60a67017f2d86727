/**
 * Number literals of a JSON text, by JSON Pointer (RFC 6901). A strict parse gives every number as
 * a float64, which loses the literal: `1`, `1.0` and `1e0` all become 1. Go's decoder does not treat
 * them alike: a Go `int` field accepts only an integer literal (strconv.ParseInt), so MAIP's
 * reference rejects `"depth": 1.0` as a parse error. This scan recovers the literal text for the
 * members a caller selects, so the bundle parser can apply Go's rule (maip-formats §14 step 1).
 *
 * Precondition: `text` has already been accepted by `parseJsonStrict` (valid RFC 8259), so the
 * scan only tracks structure and does not re-validate it.
 */

/** A path of member names and array indices from the root. */
export type JsonPath = ReadonlyArray<string | number>;

interface Frame {
  isArray: boolean;
  index: number;
  key: string;
  expectKey: boolean;
}

/**
 * Returns the literal text of every number whose path `select` accepts, keyed by JSON Pointer
 * (`/delegation_chain/0/depth`). Linear in the length of `text`; allocates a path only for numbers.
 */
export function collectNumberLiterals(text: string, select: (path: JsonPath) => boolean): Map<string, string> {
  const found = new Map<string, string>();
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const top = stack[stack.length - 1];
    if (c === '{' || c === '[') {
      stack.push({ isArray: c === '[', index: 0, key: '', expectKey: c === '{' });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      if (top !== undefined) {
        if (top.isArray) top.index++;
        else top.expectKey = true;
      }
      i++;
    } else if (c === ':') {
      if (top !== undefined) top.expectKey = false;
      i++;
    } else if (c === '"') {
      const end = endOfString(text, i);
      if (top !== undefined && !top.isArray && top.expectKey) top.key = JSON.parse(text.slice(i, end)) as string;
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end] as string)) end++;
      const path = stack.map((frame) => (frame.isArray ? frame.index : frame.key));
      if (select(path)) found.set(toPointer(path), text.slice(i, end));
      i = end;
    } else {
      i++; // whitespace and the letters of true / false / null
    }
  }
  return found;
}

/** RFC 6901 JSON Pointer of `path`. */
export function toPointer(path: JsonPath): string {
  return path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Index just past the closing quote of the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}
