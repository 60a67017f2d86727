import { describe, expect, it } from 'vitest';
import type { ProtocolError } from '../../../src/core/errors.ts';
import { bytesToBase64Url, base64UrlToBytes } from '../../../src/core/encoding/base64.ts';
import { LogWriter } from '../../../src/core/log/log-writer.ts';
import { signStatement } from '../../../src/core/log/entry.ts';
import type { LogEntry } from '../../../src/core/log/statement.ts';
import { buildProtocolExample } from '../../../src/core/log/protocol-example.ts';
import { RegistryStateBuilder } from '../../../src/core/registry/builder.ts';
import { applyEntry, foldEntries } from '../../../src/core/registry/fold.ts';
import { createRegistryState } from '../../../src/core/registry/state.ts';
import { ancestorsOf, agentKeyRecord, descendantsOf } from '../../../src/core/registry/queries.ts';

const example = buildProtocolExample();

function errorOf(f: () => unknown): ProtocolError | undefined {
  try {
    f();
  } catch (error) {
    return error as ProtocolError;
  }
  return undefined;
}

describe('RegistryStateBuilder', () => {
  it('folds the example log and reports status changes', () => {
    const builder = new RegistryStateBuilder(example.config);
    const results = example.entries.map((entry, i) => builder.apply(entry, i));
    expect(results.map((r) => r.type)).toEqual(['tenant.created', 'admin.enrolled', 'agent.registered', 'agent.revoked']);
    expect(results[3]!.statusChanges).toEqual([{ agent: 'maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A', from: 'active', to: 'revoked' }]);
    expect(builder.state.applied).toBe(4);
    expect(builder.state.nextIndex).toBe(4);
  });

  it('refuses an index that does not increase (INVALID_ARGUMENT) but allows skipping a rejected entry', () => {
    const builder = new RegistryStateBuilder(example.config);
    builder.apply(example.entries[0]!, 0);
    expect(() => builder.apply(example.entries[1]!, 0)).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => builder.apply(example.entries[1]!, 1.5)).toThrowWithCode('INVALID_ARGUMENT');
    builder.apply(example.entries[1]!, 5);
    expect(builder.state.nextIndex).toBe(6);
  });

  it("refuses another registry's statements (ORIGIN_MISMATCH)", () => {
    const builder = new RegistryStateBuilder({ ...example.config, origin: 'registry.example/other' });
    expect(errorOf(() => builder.apply(example.entries[0]!, 0))?.details).toMatchObject({ index: 0, rule: 'ORIGIN_MISMATCH' });
  });

  it('verifies signatures by default (ENTRY_BAD_SIGNATURE with the index), and not when told they were verified', () => {
    const tampered = structuredClone(example.entries[0]!) as LogEntry;
    (tampered.body as { name: string }).name = 'Evil Corp';
    const verifying = new RegistryStateBuilder(example.config);
    const error = errorOf(() => verifying.apply(tampered, 0));
    expect(error?.code).toBe('ENTRY_BAD_SIGNATURE');
    expect(error?.details).toMatchObject({ index: 0, rule: 'BAD_SIGNATURE' });
    expect(verifying.state.tenants.size).toBe(0);
    const trusting = new RegistryStateBuilder(example.config, { verifySignatures: false });
    trusting.apply(tampered, 0);
    expect(trusting.state.tenants.get(tampered.tenant)?.name).toBe('Evil Corp');
  });

  it('catches a forged admin signature inside a logged command (ENTRY_BAD_SIGNATURE)', () => {
    const builder = new RegistryStateBuilder(example.config);
    example.entries.slice(0, 3).forEach((entry, i) => builder.apply(entry, i));
    const revoked = structuredClone(example.entries[3]!) as LogEntry & { body: { command: { signatures: { sig: string }[] } } };
    const sig = base64UrlToBytes(revoked.body.command.signatures[0]!.sig, 64);
    sig[0] = (sig[0] as number) ^ 0x80;
    revoked.body.command.signatures[0]!.sig = bytesToBase64Url(sig);
    // Re-sign the entry as the registry would have: only the admin signature is now wrong.
    const { signatures: _s, ...unsigned } = revoked;
    void _s;
    const writer = new LogWriter({ seed: 'x', origin: example.config.origin, registrySeed: new Uint8Array(32).fill(1) });
    const resigned = signStatement(unsigned as LogEntry, [writer.registrySigner()]);
    const error = errorOf(() => builder.apply(resigned, 3));
    expect(error?.code).toBe('ENTRY_BAD_SIGNATURE');
    expect(error?.details).toMatchObject({ index: 3, bad: [{ where: 'command' }] });
  });

  it('catches an agent statement re-signed by the registry key', () => {
    const w = new LogWriter({ seed: 'resign' });
    const tenant = w.createTenant('Acme');
    w.enrolAdmin(tenant, 'Alice');
    const agent = w.registerRoot(tenant, { display_name: 'a', capabilities: [], scopes: ['dataset:read'] });
    const session = w.authenticate(agent);
    const { signatures: _s, ...unsigned } = session;
    void _s;
    const forged = signStatement({ ...unsigned, time: w.tick() } as LogEntry, [w.registrySigner()]);
    expect(errorOf(() => w.builder.apply(forged, w.entries.length))?.details).toMatchObject({ rule: 'SIGNER_ROLES' });
    const relabelled = signStatement({ ...unsigned, time: w.tick() } as LogEntry, [w.signer('agent', w.registry.did)]);
    expect(errorOf(() => w.builder.apply(relabelled, w.entries.length))?.code).toBe('ENTRY_SIGNER_NOT_AUTHORISED');
  });

  it('check() validates without applying', () => {
    const builder = new RegistryStateBuilder(example.config);
    builder.check(example.entries[0]!, 0);
    expect(builder.state.tenants.size).toBe(0);
    expect(() => builder.check(example.entries[1]!, 0)).toThrowWithCode('STATE_TRANSITION_INVALID');
  });
});

describe('applyEntry', () => {
  it('returns a new state and leaves its argument untouched', () => {
    const empty = createRegistryState(example.config);
    const snapshot = structuredClone(empty);
    const next = applyEntry(empty, example.entries[0]!, 0);
    expect(empty).toEqual(snapshot);
    expect(next.tenants.size).toBe(1);
    expect(next).not.toBe(empty);
  });
  it('throws for an illegal entry and leaves the state untouched', () => {
    const state = applyEntry(createRegistryState(example.config), example.entries[0]!, 0);
    const snapshot = structuredClone(state);
    expect(() => applyEntry(state, example.entries[2]!, 1)).toThrowWithCode('ENTRY_UNKNOWN_SIGNER');
    expect(state).toEqual(snapshot);
  });
});

describe('foldEntries', () => {
  it('names the first entry the registry must never have accepted', () => {
    const entries = [...example.entries];
    entries.splice(1, 1); // drop the admin enrolment: the agent's authoriser is now unknown
    expect(errorOf(() => foldEntries(example.config, entries))?.details).toMatchObject({ index: 1, type: 'agent.registered', rule: 'UNKNOWN_ADMIN' });
  });
  it('refuses a duplicated entry', () => {
    const entries = [...example.entries.slice(0, 3), example.entries[2]!];
    expect(errorOf(() => foldEntries(example.config, entries))?.details).toMatchObject({ index: 3, rule: 'AGENT_EXISTS' });
  });
});

describe('createRegistryState', () => {
  it('throws INVALID_ARGUMENT for a bad origin or registry key', () => {
    expect(() => createRegistryState({ origin: 'has space', registryKey: example.config.registryKey })).toThrowWithCode('INVALID_ARGUMENT');
    expect(() => createRegistryState({ origin: 'ok', registryKey: 'did:key:nope' })).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('queries', () => {
  it('walks descendants breadth-first and ancestors up to the root', () => {
    const w = new LogWriter({ seed: 'queries' });
    const tenant = w.createTenant('Acme');
    w.enrolAdmin(tenant, 'Alice');
    const p = (scopes: string[]) => ({ display_name: 'a', capabilities: [], scopes });
    const root = w.registerRoot(tenant, p(['dataset:*']));
    const a = w.delegate(root, p(['dataset:read'])).child;
    const b = w.delegate(root, p(['dataset:read'])).child;
    const a1 = w.delegate(a, p(['dataset:read'])).child;
    expect(descendantsOf(w.state, root)).toEqual([a, b, a1]);
    expect(ancestorsOf(w.state, a1)).toEqual([a, root]);
    expect(agentKeyRecord(w.state, w.agent(a1).currentKey)?.agent.id).toBe(a1);
    expect(agentKeyRecord(w.state, w.registry.did)).toBeUndefined();
  });
});
