/**
 * Tamper suite, entries in storage: a byte changed, an entry deleted, duplicated, reordered or
 * appended after the newest checkpoint, with the tiles and checkpoints left as they were (what a
 * corrupted or edited evidence directory looks like). Each mutation must be named with the right
 * code at the right index.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../../../src/core/log/entry.ts';
import { decodeEntryBundle, encodeEntryBundle } from '../../../src/core/tiles/entry-bundle.ts';
import type { VerificationResult } from '../../../src/node/verify/verify-evidence.ts';
import { atAfter, editStoredBundle, editStoredEntry, evidenceOf, flipBit, makeLog, replaceAscii, verifyFiles, type Evidence } from './helpers.ts';

const log = makeLog({ seed: 'tamper-entries', events: 90 });
let base: Evidence;

beforeAll(async () => {
  base = await evidenceOf(log);
});

function copyFiles(): Map<string, Uint8Array> {
  return new Map(base.files);
}

async function verify(files: Map<string, Uint8Array>): Promise<VerificationResult> {
  return verifyFiles(files, { logKey: base.keys.logKey, at: atAfter(log) });
}

function has(result: VerificationResult, code: string, index: number): boolean {
  return result.findings.some((f) => f.code === code && f.index === index && f.severity !== 'info');
}

function labels(result: VerificationResult): string[] {
  return result.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}@${f.index ?? '-'}`);
}

const indexOfType = (type: string, nth = 0): number => log.entries.map((e, i) => [e.type, i] as const).filter(([t]) => t === type)[nth]?.[1] ?? -1;
const text = (i: number): string => new TextDecoder().decode(log.bytes[i]);

/** The byte offset of the `n`th character of the value of `"member":"` in entry `i`. */
function offsetIn(i: number, member: string, n: number): number {
  const t = text(i);
  const at = t.indexOf(`"${member}":"`);
  if (at < 0) throw new Error(`${member} not in entry ${i}`);
  return new TextEncoder().encode(t.slice(0, at + member.length + 4 + n)).length;
}

/** The bytes with the first scope's last character changed (still a valid scope). */
function editScope(bytes: Uint8Array): Uint8Array {
  return new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/("scopes":\["[^"]*?)(.)"/, (_m, head: string, last: string) => `${head}${last === 'z' ? 'y' : 'z'}"`));
}

/** The bytes with the base64url character at `offset` replaced by another one. */
function swapChar(bytes: Uint8Array, offset: number): Uint8Array {
  const out = bytes.slice();
  out[offset] = out[offset] === 0x41 ? 0x42 : 0x41;
  return out;
}

/** What the core parser says about bytes: the code it throws, or that they parse (so a signature must fail). */
function expectedCode(bytes: Uint8Array): string {
  try {
    parseEntry(bytes);
    return 'ENTRY_BAD_SIGNATURE';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('a flipped bit in each kind of field of a stored entry', () => {
  const session = (): number => indexOfType('session.authenticated', 1);
  const score = (): number => indexOfType('trust.score_recorded', 1);
  const cases: [string, () => number, (i: number) => Uint8Array, string | null][] = [
    ['the signature value (another base64url character)', session, (i) => swapChar(log.bytes[i] as Uint8Array, offsetIn(i, 'sig', 20)), 'ENTRY_BAD_SIGNATURE'],
    ['the signature value (a bit flipped out of the base64url alphabet)', session, (i) => flipBit(log.bytes[i] as Uint8Array, offsetIn(i, 'sig', 20), 6), null],
    ['the statement time', session, (i) => flipBit(log.bytes[i] as Uint8Array, offsetIn(i, 'time', 20)), 'ENTRY_BAD_SIGNATURE'],
    ['the subject (agent ULID)', session, (i) => replaceAscii(log.bytes[i] as Uint8Array, `"subject":"${log.entries[i]?.subject}"`, `"subject":"${(log.entries[i]?.subject ?? '').slice(0, -1)}${(log.entries[i]?.subject ?? '').endsWith('0') ? '1' : '0'}"`), 'ENTRY_BAD_SIGNATURE'],
    ['a body string (the session nonce)', session, (i) => swapChar(log.bytes[i] as Uint8Array, offsetIn(i, 'nonce', 10)), 'ENTRY_BAD_SIGNATURE'],
    ['a body string (a scope)', session, (i) => editScope(log.bytes[i] as Uint8Array), null],
    ['a body number (a trust factor)', score, (i) => replaceAscii(log.bytes[i] as Uint8Array, '"anomaly_score":', '"anomaly_score":1'), null],
    ['the tenant id (outside its prefix)', session, (i) => flipBit(log.bytes[i] as Uint8Array, offsetIn(i, 'tenant', 30)), null],
    ['the origin', session, (i) => flipBit(log.bytes[i] as Uint8Array, offsetIn(i, 'origin', 3), 1), 'ENTRY_BAD_SIGNATURE'],
    ['the statement type', session, (i) => replaceAscii(log.bytes[i] as Uint8Array, '"session.authenticated"', '"session.authenticatee"'), 'ENTRY_UNKNOWN_TYPE'],
    ['the format', session, (i) => replaceAscii(log.bytes[i] as Uint8Array, 'warden.statement/v1', 'warden.statement/v0'), 'ENTRY_MALFORMED'],
    ['a member name', session, (i) => replaceAscii(log.bytes[i] as Uint8Array, '"body":', '"bodx":'), 'ENTRY_MALFORMED'],
    ['a signer role', session, (i) => replaceAscii(log.bytes[i] as Uint8Array, '"role":"agent"', '"role":"agenu"'), 'ENTRY_MALFORMED'],
    ['a signer key', session, (i) => flipBit(log.bytes[i] as Uint8Array, offsetIn(i, 'key', 30)), null],
    ['the JSON structure', session, (i) => flipBit(log.bytes[i] as Uint8Array, 0), 'ENTRY_MALFORMED'],
    ['a character into invalid UTF-8', session, (i) => flipBit(log.bytes[i] as Uint8Array, offsetIn(i, 'time', 2), 7), 'ENTRY_MALFORMED'],
    ['spacing (valid JSON, not canonical)', session, (i) => replaceAscii(log.bytes[i] as Uint8Array, '"format":', '"format": '), 'ENTRY_NOT_CANONICAL'],
  ];

  it.each(cases)('%s: named at its index, with the leaf hash mismatch and the broken roots', async (_name, pick, mutate, code) => {
    const index = pick();
    expect(index).toBeGreaterThan(0);
    const mutated = mutate(index);
    const expected = code ?? expectedCode(mutated);
    const files = copyFiles();
    editStoredEntry(files, index, () => mutated);
    const result = await verify(files);
    expect(result.verdict).toBe('failed');
    expect(has(result, expected, index), `${expected}@${index} in ${labels(result).join(' ')}`).toBe(true);
    expect(has(result, 'TILE_HASH_MISMATCH', index)).toBe(true);
    expect(result.findings.some((f) => f.code === 'CHECKPOINT_ROOT_MISMATCH')).toBe(true);
    // The stored tiles still link the signed checkpoints: the fault is in the entries, not a fork.
    expect(result.findings.some((f) => f.code === 'CHECKPOINT_INCONSISTENT')).toBe(false);
    expect(result.firstBadEntry?.index).toBe(index);
  });
});

describe('entries deleted, duplicated, reordered or appended in storage', () => {
  const i = 40;

  it('names a deleted entry at its index', async () => {
    const files = copyFiles();
    editStoredBundle(files, i, (entries, k) => entries.filter((_, j) => j !== k));
    const result = await verify(files);
    expect(has(result, 'TILE_HASH_MISMATCH', i), labels(result).join(' ')).toBe(true);
    expect(result.findings.some((f) => f.code === 'TILE_MALFORMED')).toBe(true);
    expect(result.firstBadEntry?.index).toBe(i);
  });

  it('names a duplicated entry at the index of the copy', async () => {
    const files = copyFiles();
    editStoredBundle(files, i, (entries, k) => [...entries.slice(0, k + 1), entries[k] as Uint8Array, ...entries.slice(k + 1)]);
    const result = await verify(files);
    expect(has(result, 'TILE_HASH_MISMATCH', i + 1), labels(result).join(' ')).toBe(true);
    expect(result.firstBadEntry?.index).toBe(i + 1);
  });

  it('names two reordered entries at the first of them', async () => {
    const files = copyFiles();
    editStoredBundle(files, i, (entries, k) => entries.map((e, j) => (j === k ? (entries[k + 1] as Uint8Array) : j === k + 1 ? (entries[k] as Uint8Array) : e)));
    const result = await verify(files);
    expect(has(result, 'TILE_HASH_MISMATCH', i), labels(result).join(' ')).toBe(true);
    expect(result.firstBadEntry?.index).toBe(i);
  });

  it('reports an entry appended after the newest checkpoint (no signed root covers it)', async () => {
    const files = copyFiles();
    const n = log.entries.length;
    const path = `tile/entries/000.p/${n}`;
    const entries = decodeEntryBundle(files.get(path) as Uint8Array);
    files.delete(path);
    files.set(`tile/entries/000.p/${n + 1}`, encodeEntryBundle([...entries, log.bytes[3] as Uint8Array]));
    const result = await verify(files);
    expect(result.findings.filter((f) => f.code === 'ENTRIES_BEYOND_CHECKPOINT').map((f) => [f.index, f.severity])).toEqual([[n, 'warning']]);
    expect(labels(result)).toEqual([]);
  });
});
