import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateTestLog } from '../../../src/core/log/fixtures.ts';
import { parseEntry, encodeEntry } from '../../../src/core/log/entry.ts';
import { signEd25519 } from '../../../src/core/crypto/ed25519.ts';
import { foldEntries } from '../../../src/core/registry/fold.ts';
import { SeededRandom } from '../../../src/core/log/prng.ts';
import { STATEMENT_TYPES } from '../../../src/core/log/types/index.ts';

describe('generateTestLog', () => {
  it('gives identical bytes for the same seed', () => {
    const a = generateTestLog({ seed: 'same', events: 30 });
    const b = generateTestLog({ seed: 'same', events: 30 });
    expect(b.bytes).toEqual(a.bytes);
    expect(b.config).toEqual(a.config);
  });

  it('gives different logs for different seeds', () => {
    const a = generateTestLog({ seed: 1, events: 5 });
    const b = generateTestLog({ seed: 2, events: 5 });
    expect(b.bytes[0]).not.toEqual(a.bytes[0]);
  });

  it('takes a pluggable signer without changing the bytes (deterministic Ed25519)', () => {
    let calls = 0;
    const sign = (seed: Uint8Array, message: Uint8Array): Uint8Array => {
      calls++;
      return signEd25519(seed, message);
    };
    const a = generateTestLog({ seed: 'signer', events: 10 });
    const b = generateTestLog({ seed: 'signer', events: 10, sign });
    expect(calls).toBeGreaterThan(0);
    expect(b.bytes).toEqual(a.bytes);
  });

  it('writes canonical entries that parse, verify and fold to the writer state', () => {
    const log = generateTestLog({ seed: 'replay', events: 60 });
    const parsed = log.bytes.map((bytes) => parseEntry(bytes));
    parsed.forEach((entry, i) => expect(encodeEntry(entry)).toEqual(log.bytes[i]));
    const state = foldEntries(log.config, parsed, { verifySignatures: true });
    expect(state).toEqual(log.writer.state);
  });

  it('reaches every depth up to 3 and every lifecycle event on a long run', () => {
    const log = generateTestLog({ seed: 'coverage', events: 250 });
    const depths = new Set([...log.writer.state.agents.values()].map((a) => a.depth));
    expect([...depths].sort()).toEqual([0, 1, 2, 3]);
    const types = new Set(log.entries.map((e) => e.type));
    expect([...types].sort()).toEqual([...STATEMENT_TYPES].sort());
    expect(log.entries.some((e) => e.type === 'agent.suspended' && e.body.by === 'registry')).toBe(true);
    expect(log.writer.state.statusActions.some((a) => a.action === 'revoke' && a.affected.length > 1)).toBe(true);
  });

  it('is clean: no key used after its compromise instant, no revoked parent with live children', () => {
    const state = generateTestLog({ seed: 'clean', events: 250 }).writer.state;
    for (const agent of state.agents.values()) {
      for (const key of agent.keys) expect(key.usedAfterCompromise ?? false).toBe(false);
      if (agent.status === 'revoked') {
        for (const child of agent.children) expect(state.agents.get(child)?.status).toBe('revoked');
      }
    }
  });
});

describe('generated logs (property)', () => {
  it('fold without error, with every signature verified, and fold deterministically', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 25 }),
        (seed, tenants, roots, events) => {
          const log = generateTestLog({ seed, tenants, rootAgentsPerTenant: roots, events, adminsPerTenant: 2 });
          const parsed = log.bytes.map((bytes) => parseEntry(bytes));
          const first = foldEntries(log.config, parsed, { verifySignatures: true });
          const second = foldEntries(log.config, parsed, { verifySignatures: false });
          expect(second).toEqual(first);
          expect(first.applied).toBe(log.entries.length);
        },
      ),
      { numRuns: 8, seed: 20260105 },
    );
  });
});

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and stays in range', () => {
    const a = new SeededRandom('x');
    const b = new SeededRandom('x');
    const seqA = Array.from({ length: 50 }, () => a.int(3, 9));
    expect(Array.from({ length: 50 }, () => b.int(3, 9))).toEqual(seqA);
    expect(seqA.every((v) => v >= 3 && v <= 9)).toBe(true);
    expect(new Set(seqA).size).toBeGreaterThan(3);
    expect(new SeededRandom('x').bytes(7)).toEqual(new SeededRandom('x').bytes(7));
  });
  it('throws INVALID_ARGUMENT for an empty range or pick', () => {
    expect(() => new SeededRandom(1).int(2, 1)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => new SeededRandom(1).pick([])).toThrowWithCode('INVALID_ARGUMENT');
  });
});
