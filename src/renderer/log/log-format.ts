/**
 * Pure helpers of the Log screen: JSON re-indented for reading without changing a single token,
 * and the time inputs' local values as RFC 3339 UTC bounds.
 */

/**
 * `text` (one JSON value, e.g. an entry's JCS bytes) indented by two spaces for reading. Tokens are
 * copied exactly — numbers are never parsed, so no digit changes (JSON.parse would round large
 * integers) — only whitespace outside strings is replaced. Returns null when `text` is not
 * balanced JSON (then the exact bytes are shown instead). The input is registry data: treated as
 * hostile, never evaluated.
 */
export function prettyJson(text: string): string | null {
  let out = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  const stack: string[] = [];
  const newline = () => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inString) {
      out += ch;
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    switch (ch) {
      case '"':
        inString = true;
        out += ch;
        break;
      case '{':
      case '[': {
        stack.push(ch === '{' ? '}' : ']');
        const close = ch === '{' ? '}' : ']';
        const next = nextSignificant(text, i + 1);
        if (text[next] === close) {
          out += ch + close;
          stack.pop();
          i = next;
        } else {
          depth++;
          out += ch + newline();
        }
        break;
      }
      case '}':
      case ']':
        if (stack.pop() !== ch) return null;
        depth--;
        out += newline() + ch;
        break;
      case ',':
        if (stack.length === 0) return null;
        out += ',' + newline();
        break;
      case ':':
        out += ': ';
        break;
      case ' ':
      case '\n':
      case '\r':
      case '\t':
        break;
      default:
        out += ch;
    }
  }
  return inString || stack.length > 0 ? null : out;
}

function nextSignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

/**
 * A `datetime-local` input's value (local time, `2026-11-26T10:05` or with seconds) as RFC 3339 UTC
 * (`2026-11-26T09:05:00Z`), or null when empty or not a time.
 */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** A jump-to-index field's text as an entry index, or null when it is not a non-negative integer. */
export function parseIndexInput(value: string): number | null {
  const text = value.trim().replace(/[,_\s]/g, '');
  if (!/^(0|[1-9]\d{0,15})$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
