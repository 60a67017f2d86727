import { describe, expect, it } from 'vitest';
import type { SignatureCheck } from '../../../src/core/log/verify-signatures.ts';
import { verifyEd25519Native } from '../../../src/node/crypto/native-ed25519.ts';
import { applySignatureResults, judgeEntries, prepareEntries, type CheckedEntry } from '../../../src/node/replica/entry-checks.ts';
import { entrySignatureVerdict, SIGNATURE_INVALID, SIGNATURES_VALID, VERDICT_UNDECIDED } from '../../../src/node/verify/canonical-entry.ts';
import { makeLog } from '../verify/helpers.ts';

// The sync's split of the work (verify-pool workers judge the raw bytes, this thread runs the
// schemas) must judge every entry exactly as the whole path on one thread: same entry (members and
// their order), same failure. Both are computed here on the main thread with the native verifier.

const log = makeLog({ seed: 'entry-checks', events: 120 });
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

type Input = { index: number; bytes: Uint8Array };

const verifyAll = (checks: readonly SignatureCheck[]): Uint8Array =>
  Uint8Array.from(checks, (c) => (verifyEd25519Native(c.publicKey, c.message, c.signature) ? 1 : 0));

const summary = (item: CheckedEntry): string => JSON.stringify({ index: item.index, entry: item.entry ?? null, failure: item.failure ?? null });

function onOneThread(entries: readonly Input[]): string[] {
  const checks: SignatureCheck[] = [];
  const items = prepareEntries(entries, checks);
  applySignatureResults(items, verifyAll(checks));
  return items.map(summary);
}

const verdictsOf = (entries: readonly Input[]): Uint8Array => Uint8Array.from(entries, (e) => entrySignatureVerdict(e.bytes, verifyEd25519Native));

// As the sync does: the undecided entries' checks are verified first, then each entry is parsed as
// the fold reaches it.
function split(entries: readonly Input[]): string[] {
  const checks: SignatureCheck[] = [];
  const { judged, undecided } = judgeEntries(entries, verdictsOf(entries), checks);
  applySignatureResults(undecided, verifyAll(checks));
  return Array.from({ length: judged.length }, (_, i) => summary(judged.at(i)));
}

const inputs = (list: readonly Uint8Array[]): Input[] => list.map((bytes, index) => ({ index, bytes }));

describe('judgeEntries', () => {
  it('judges every entry of a generated log as the one-thread path does (admin commands included)', () => {
    const entries = inputs(log.bytes);
    expect(split(entries)).toEqual(onOneThread(entries));
    expect(onOneThread(entries).every((s) => s.includes('"failure":null'))).toBe(true);
    expect(log.entries.some((e) => (e.body as { by?: string }).by === 'admin')).toBe(true);
  });

  it('judges single-bit flips of sampled entries as the one-thread path does: bad signatures, bad schemas, bad JSON', () => {
    const mutated: Uint8Array[] = [];
    for (const index of [0, 5, 17, 40, 77]) {
      const bytes = log.bytes[index] as Uint8Array;
      for (let offset = 0; offset < bytes.length; offset += 2) {
        const copy = bytes.slice();
        copy[offset] = (copy[offset] as number) ^ (offset % 3 === 0 ? 0x01 : 0x20);
        mutated.push(copy);
      }
    }
    const entries = inputs(mutated);
    const expected = onOneThread(entries);
    expect(split(entries)).toEqual(expected);
    // The flips reach every kind of outcome, so the comparison covers each.
    expect(expected.some((s) => s.includes('ENTRY_BAD_SIGNATURE'))).toBe(true);
    expect(expected.some((s) => s.includes('ENTRY_MALFORMED'))).toBe(true);
    expect(expected.some((s) => s.includes('ENTRY_NOT_CANONICAL'))).toBe(true);
  });

  it.each([
    ['whitespace', (t: string) => t.replace('":', '": ')],
    ['unsorted members', (t: string) => t.replace('{"body":', '{"zzz":1,"body":')],
    ['a lone surrogate escape', (t: string) => t.replace('"format"', '"format","x":"\\ud800"')],
    ['a BOM', (t: string) => `\ufeff${t}`],
    ['truncation', (t: string) => t.slice(0, -1)],
    ['no signatures', (t: string) => t.replace(/,"signatures":\[[^\]]*\]/, ',"signatures":[]')],
    ['a short signature', (t: string) => t.replace(/"sig":"[A-Za-z0-9_-]{4}/, '"sig":"')],
    ['a key that is no did:key', (t: string) => t.replace(/"key":"did:key:z6Mk/, '"key":"did:key:z6Mx')],
  ])('judges entries with %s as the one-thread path does', (_name, mutate) => {
    const entries = inputs(log.bytes.slice(0, 30).map((b) => utf8(mutate(text(b)))));
    expect(split(entries)).toEqual(onOneThread(entries));
  });

  it('judges bytes that are not an entry at all as the one-thread path does', () => {
    const entries = inputs([new Uint8Array(0), Uint8Array.of(0xff, 0xfe), utf8('null'), utf8('[]'), utf8('{"body":{},"signatures":[{}]}'), new Uint8Array(65_536)]);
    expect(split(entries)).toEqual(onOneThread(entries));
  });

  it('refuses verdicts that do not match the entries (a bug, not a finding), before any entry is asked for', () => {
    const entries = inputs(log.bytes.slice(0, 2));
    expect(() => judgeEntries(entries, Uint8Array.of(1), [])).toThrow(/1 verdicts for 2 entries/);
    expect(() => judgeEntries(entries, Uint8Array.of(1, 7), [])).toThrow(/no verdict/);
  });

  it('prepares the undecided entries at once and parses the others only when asked', () => {
    const garbage = utf8('{"not":"an entry"');
    const entries = inputs([log.bytes[0] as Uint8Array, garbage, log.bytes[1] as Uint8Array]);
    const verdicts = verdictsOf(entries);
    // The garbage is judged undecided by the workers' test; give the third entry a failed signature.
    expect(Array.from(verdicts)).toEqual([SIGNATURES_VALID, VERDICT_UNDECIDED, SIGNATURES_VALID]);
    verdicts[2] = SIGNATURE_INVALID;
    const checks: SignatureCheck[] = [];
    const { judged, undecided } = judgeEntries(entries, verdicts, checks);
    expect(undecided).toHaveLength(1);
    expect(undecided[0]?.failure?.code).toBe('ENTRY_MALFORMED');
    expect(judged.at(1)).toBe(undecided[0]);
    expect(judged.at(0).entry).toEqual(log.entries[0]);
    expect(judged.at(0).failure).toBeUndefined();
    expect(judged.at(2).failure?.code).toBe('ENTRY_BAD_SIGNATURE');
    // Asked again, an entry is parsed again: an equal, new object.
    expect(judged.at(0)).not.toBe(judged.at(0));
    expect(judged.at(0).entry).toEqual(judged.at(0).entry);
  });
});
