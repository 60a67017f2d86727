import { describe, expect, it } from 'vitest';
import { generateTestLog } from '../../../src/core/log/fixtures.ts';
import { foldEntries } from '../../../src/core/registry/fold.ts';
import { createRegistryState } from '../../../src/core/registry/state.ts';
import { copyPlain } from '../../../src/server/log/plain-copy.ts';
import { applyAllOrNothing } from '../../../src/server/log/state-overlay.ts';

const log = generateTestLog({ seed: 'server-state-overlay', events: 300 });

describe('applyAllOrNothing', () => {
  it('folds a whole log in chunks to the state of the plain fold', () => {
    const state = createRegistryState(log.config);
    for (let start = 0; start < log.entries.length; start += 7) applyAllOrNothing(state, log.entries.slice(start, start + 7), start);
    expect(state).toEqual(foldEntries(log.config, log.entries, { verifySignatures: false }));
  });

  it('leaves the state unchanged when a later entry of the chunk is refused', () => {
    const state = createRegistryState(log.config);
    applyAllOrNothing(state, log.entries.slice(0, 20), 0);
    const before = structuredClone(state);
    // Entries 20..29 are valid next, but entry 3 again (an old governance/registration) is not.
    const chunk = [...log.entries.slice(20, 30), log.entries[3] as (typeof log.entries)[number]];
    expect(() => applyAllOrNothing(state, chunk, 20)).toThrow();
    expect(state).toEqual(before);
  });
});

describe('copyPlain', () => {
  it('deep-copies maps, sets, arrays and objects', () => {
    const value = { a: [1, { b: new Set(['x']) }], m: new Map([['k', { v: 1 }]]) };
    const copy = copyPlain(value);
    expect(copy).toEqual(value);
    (copy.m.get('k') as { v: number }).v = 2;
    expect((value.m.get('k') as { v: number }).v).toBe(1);
  });

  it('refuses class instances and functions', () => {
    expect(() => copyPlain({ d: new Date() })).toThrow(TypeError);
    expect(() => copyPlain({ f: () => 1 })).toThrow(TypeError);
  });
});
