/**
 * Property: an untouched log, as a correct registry writes it, never gets a finding at error
 * severity, whatever its shape (issue 5: at least 1,000 random logs). Logs are small so that the
 * suite stays fast; their shapes vary in tenants, admins and quorum, agents, lifecycle events,
 * checkpoint history and witnessing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atAfter, errorLabels, evidenceOf, makeLog, verifyFiles } from './helpers.ts';

describe('verifyEvidence on random untouched logs', () => {
  it('reports no error on 1,000 random logs', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          tenants: fc.integer({ min: 1, max: 3 }),
          admins: fc.integer({ min: 1, max: 3 }),
          roots: fc.integer({ min: 0, max: 3 }),
          events: fc.integer({ min: 0, max: 30 }),
          every: fc.integer({ min: 1, max: 40 }),
          witness: fc.boolean(),
        }),
        async ({ seed, tenants, admins, roots, events, every, witness }) => {
          runs++;
          const log = makeLog({ seed: `property-${seed}`, tenants, adminsPerTenant: admins, rootAgentsPerTenant: roots, events });
          const sizes: number[] = [];
          for (let s = every; s < log.entries.length; s += every) sizes.push(s);
          const evidence = await evidenceOf(log, { checkpointSizes: sizes, witness });
          const result = await verifyFiles(evidence.files, {
            logKey: evidence.keys.logKey,
            ...(witness ? { witnesses: [evidence.keys.witnessKey] } : {}),
            at: atAfter(log),
          });
          expect(errorLabels(result)).toEqual([]);
        },
      ),
      { numRuns: 1000, seed: 20_260_105 },
    );
    expect(runs).toBe(1000);
  });
});
