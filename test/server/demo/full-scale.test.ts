import { describe, expect, it } from 'vitest';
import { parseEntry } from '../../../src/core/log/entry.ts';
import { RegistryStateBuilder } from '../../../src/core/registry/builder.ts';
import { nativeEd25519Backend } from '../../../src/node/crypto/native-ed25519.ts';
import { DEMO_ORIGIN, buildNativeDemo, nativeRegistrySigner } from './demo-fixture.ts';

// The one full-size build (issue 3: about 2,000 agents, tens of thousands of entries): what the
// server seeds on first start. The other demo tests use small scales.
describe('buildDemoLog at scale 1', () => {
  it('builds about 2,000 agents and 30,000–60,000 entries that fold with every signature verified', () => {
    const log = buildNativeDemo('full-scale', 1);
    const { summary } = log;
    expect(summary.entries).toBe(log.entries.length);
    expect(summary.entries).toBeGreaterThanOrEqual(30_000);
    expect(summary.entries).toBeLessThanOrEqual(60_000);
    expect(summary.agents.total).toBeGreaterThanOrEqual(1_900);
    expect(summary.agents.total).toBeLessThanOrEqual(2_100);
    expect(summary.tenants).toHaveLength(3);
    expect(summary.tenants.every((t) => t.admins.length === 2)).toBe(true);
    expect(summary.agents.maxDepth).toBe(3);
    expect(summary.compromisedKeys).toHaveLength(2);
    expect(summary.suddenDrops.filter((d) => d.suspensionIndex !== undefined).length).toBeGreaterThanOrEqual(3);
    expect(summary.adminCommands.revoke).toBeGreaterThanOrEqual(5);
    expect(summary.adminCommands.suspend).toBeGreaterThanOrEqual(5);
    expect(summary.adminCommands.reinstate).toBeGreaterThanOrEqual(3);

    const builder = new RegistryStateBuilder({ origin: DEMO_ORIGIN, registryKey: nativeRegistrySigner().key }, { backend: nativeEd25519Backend });
    log.entries.forEach((bytes, index) => builder.apply(parseEntry(bytes), index));
    expect(builder.state.agents.size).toBe(summary.agents.total);
    expect(builder.state.totals.sessions).toBe(summary.sessions);
    expect(builder.state.totals.trustScores).toBe(summary.trustScores);
    expect(builder.state.statusActions.filter((a) => a.by === 'registry')).toHaveLength(summary.automaticSuspensions);
  });
});
