/**
 * The bytes an entry's signatures cover, JCS(statement) (docs/protocol.md §3.1), cut out of the
 * entry's stored bytes instead of canonicalising the statement a second time (a hot path: every
 * ingested entry).
 *
 * Why this is exact: JCS sorts members, so JCS(entry) is
 *   P + ',"signatures":' + JCS(signatures) + S,  with S = ',"subject":…,"tenant":…,"time":…,"type":…}'
 * and JCS(statement) is P + S (P ends with the `origin` member, which sorts just before
 * `signatures`). S and the signatures member (members key, role, sig in JCS order) are rebuilt
 * here (JSON.stringify of strings is the RFC 8785 §3.2.2.2 string form) and must match the stored
 * bytes at exactly those offsets; if they do not (they always do for bytes made by
 * `encodeValidated`), the statement is canonicalised instead.
 */
import { statementSigningBytes } from '../../core/log/statement.ts';
import type { PreparedEntry } from './prepared-entry.ts';

const encoder = new TextEncoder();

function matchesAt(bytes: Uint8Array, at: number, part: Uint8Array): boolean {
  for (let i = 0; i < part.length; i++) if (bytes[at + i] !== part[i]) return false;
  return true;
}

/** JCS of `prepared.entry` without `signatures`, from `prepared.bytes` (see the module comment). */
export function statementBytesOf(prepared: PreparedEntry): Uint8Array {
  const { entry, bytes } = prepared;
  const s = (value: string) => JSON.stringify(value);
  const suffix = encoder.encode(`,"subject":${s(entry.subject)},"tenant":${s(entry.tenant)},"time":${s(entry.time)},"type":${s(entry.type)}}`);
  const signatures = entry.signatures.map((g) => `{"key":${s(g.key)},"role":${s(g.role)},"sig":${s(g.sig)}}`).join(',');
  const member = encoder.encode(`,"signatures":[${signatures}]`);
  const cut = bytes.length - suffix.length - member.length;
  if (cut > 0 && matchesAt(bytes, cut, member) && matchesAt(bytes, cut + member.length, suffix)) {
    const out = new Uint8Array(cut + suffix.length);
    out.set(bytes.subarray(0, cut), 0);
    out.set(suffix, cut);
    return out;
  }
  return statementSigningBytes(entry);
}
