/**
 * Key names of signed notes (c2sp.org/signed-note "Signatures"; Go golang.org/x/mod/sumdb/note
 * `isValidName`): non-empty, well-formed Unicode (UTF-8 on the wire), no Unicode space and no "+".
 */

// Go's unicode.IsSpace: the Unicode White_Space property. JavaScript's /\s/ differs (it adds U+FEFF
// and omits U+0085), so the set is spelled out here.
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

// A JavaScript string can hold a lone surrogate, which has no UTF-8 encoding (Go: invalid UTF-8).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True iff `name` is a valid note key name (also used for vkeys, skeys and signature lines). */
export function isValidKeyName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    !name.includes('+') &&
    !UNICODE_SPACE.test(name) &&
    !LONE_SURROGATE.test(name)
  );
}

/** True iff `text` has no lone surrogate, i.e. it encodes to UTF-8 without replacement characters. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
