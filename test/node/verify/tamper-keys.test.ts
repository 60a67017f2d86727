/**
 * Tamper suite, keys: a malicious or careless registry logs entries signed by a rotated key, by a
 * key after its compromise (reported before, or only later: the second pass of docs/protocol.md
 * §5.4), or re-signs an agent's statement with its own key. Tiles and checkpoints are consistent
 * (the registry signed them), so only the replay can catch these.
 */
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/core/log/statement.ts';
import type { VerificationResult } from '../../../src/node/verify/verify-evidence.ts';
import { atAfter, buildEvidence, craftEntry, makeWriter, replayedClaim, sessionStatement, verifyFiles } from './helpers.ts';

const profile = (scopes: string[]) => ({ display_name: 'agent', owner: 'team@example.com', capabilities: [], scopes });

function setup(seed: string) {
  const w = makeWriter(seed);
  const tenant = w.createTenant('Tenant');
  w.enrolAdmin(tenant, 'Admin');
  const agent = w.registerRoot(tenant, profile(['dataset:read', 'model:deploy']));
  w.authenticate(agent);
  return { w, tenant, agent };
}

async function run(w: ReturnType<typeof makeWriter>, entries: LogEntry[], bytes: Uint8Array[], skip: ReadonlySet<number> = new Set()): Promise<VerificationResult> {
  const evidence = await buildEvidence(w, bytes, entries, { claim: replayedClaim(w, entries, skip), checkpointSizes: [2] });
  return verifyFiles(evidence.files, { logKey: evidence.keys.logKey, at: atAfter({ entries }) });
}

function found(result: VerificationResult): string[] {
  return result.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}@${f.index ?? '-'}:${f.rule ?? ''}`);
}

describe('entries signed by keys that were no longer valid', () => {
  it('names an entry signed with a rotated-out key', async () => {
    const { w, agent } = setup('rotated');
    const old = w.agent(agent).currentKey;
    w.rotateKey(agent);
    const bad = craftEntry(sessionStatement(w, agent), [w.signer('agent', old)]);
    const entries = [...w.entries, bad.entry];
    const result = await run(w, entries, [...w.bytes, bad.bytes]);
    expect(found(result)).toEqual([`ENTRY_KEY_NOT_CURRENT@${entries.length - 1}:KEY_ROTATED`]);
    expect(result.firstBadEntry).toMatchObject({ index: entries.length - 1, type: 'session.authenticated', subject: agent });
  });

  it('names an entry signed with a key after its compromise was reported', async () => {
    const { w, agent } = setup('compromised-after');
    w.reportCompromise(agent);
    const key = w.agent(agent).currentKey;
    const bad = craftEntry(sessionStatement(w, agent), [w.signer('agent', key)]);
    const entries = [...w.entries, bad.entry];
    const result = await run(w, entries, [...w.bytes, bad.bytes]);
    expect(found(result)).toEqual([`ENTRY_KEY_NOT_CURRENT@${entries.length - 1}:KEY_COMPROMISED`]);
  });

  it('finds, in a second pass, entries signed at or after a compromise instant that was reported later', async () => {
    const { w, agent } = setup('compromised-late');
    const firstUse = w.entries.length;
    w.authenticate(agent);
    const compromisedAt = w.entries[firstUse]?.time as string;
    w.authenticate(agent);
    w.reportCompromise(agent, { compromisedAt });
    w.rotateKey(agent, { byAdmin: true });
    w.authenticate(agent);
    const skip = new Set([firstUse, firstUse + 1]);
    const result = await run(w, [...w.entries], [...w.bytes], skip);
    expect(found(result)).toEqual([`ENTRY_SIGNED_AFTER_COMPROMISE@${firstUse}:KEY_COMPROMISED`, `ENTRY_SIGNED_AFTER_COMPROMISE@${firstUse + 1}:KEY_COMPROMISED`]);
    expect(result.stats.secondPass).toBe(true);
  });

  it('does not count the compromise report signed by the stolen key itself', async () => {
    const { w, agent } = setup('self-report');
    const session = w.entries.length - 1;
    w.reportCompromise(agent, { compromisedAt: w.entries[session]?.time as string, byAgent: true });
    const result = await run(w, [...w.entries], [...w.bytes], new Set([session]));
    expect(found(result)).toEqual([`ENTRY_SIGNED_AFTER_COMPROMISE@${session}:KEY_COMPROMISED`]);
  });
});

describe('agent statements re-signed by the registry key', () => {
  it('names a session signed by the registry key claiming the agent role', async () => {
    const { w, agent } = setup('resigned-agent-role');
    const signer = w.signer('agent', w.registry.did);
    const bad = craftEntry(sessionStatement(w, agent), [signer]);
    const entries = [...w.entries, bad.entry];
    const result = await run(w, entries, [...w.bytes, bad.bytes]);
    expect(found(result)).toEqual([`ENTRY_SIGNER_NOT_AUTHORISED@${entries.length - 1}:NOT_AGENT_KEY`]);
  });

  it('names a session signed by the registry in its own role', async () => {
    const { w, agent } = setup('resigned-registry-role');
    const bad = craftEntry(sessionStatement(w, agent), [w.registrySigner()]);
    const entries = [...w.entries, bad.entry];
    const result = await run(w, entries, [...w.bytes, bad.bytes]);
    expect(found(result)).toEqual([`ENTRY_SIGNER_NOT_AUTHORISED@${entries.length - 1}:SIGNER_ROLES`]);
  });
});
