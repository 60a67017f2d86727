import { describe, expect, it } from 'vitest';
import type { ProtocolError } from '../../../src/core/errors.ts';
import { generateTestLog } from '../../../src/core/log/fixtures.ts';
import { validateEntry, type LogEntry } from '../../../src/core/log/statement.ts';
import { STATEMENT_TYPES, type StatementType } from '../../../src/core/log/types/index.ts';
import { buildProtocolExample } from '../../../src/core/log/protocol-example.ts';

// One valid entry of every type, from a generated log (the generator is a correct registry).
const log = generateTestLog({ seed: 'schemas', events: 220 });
const sample = new Map<string, LogEntry>();
for (const entry of log.entries) {
  const key = entry.type === 'agent.suspended' ? `${entry.type}:${(entry.body as { by: string }).by}` : entry.type;
  if (!sample.has(key)) sample.set(key, entry);
}
const example = buildProtocolExample();

function get(type: string): LogEntry {
  const entry = sample.get(type) ?? sample.get(`${type}:admin`);
  if (entry === undefined) throw new Error(`the generated log has no ${type}`);
  return entry;
}

/** A deep copy of `entry` with `path` set to `value` (undefined deletes it). */
function mutate(entry: LogEntry, path: string, value: unknown): unknown {
  const copy = structuredClone(entry) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  const last = parts[parts.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function codeAndRule(value: unknown): [string | undefined, unknown] {
  try {
    validateEntry(value);
  } catch (error) {
    return [(error as ProtocolError).code, (error as ProtocolError).details?.rule];
  }
  return [undefined, undefined];
}

describe('validateEntry', () => {
  it('the sample covers every statement type and both kinds of suspension', () => {
    for (const type of STATEMENT_TYPES) expect(sample.has(type) || sample.has(`${type}:admin`), type).toBe(true);
    expect(sample.has('agent.suspended:registry')).toBe(true);
  });

  it('accepts every sampled entry unchanged', () => {
    for (const entry of sample.values()) expect(validateEntry(structuredClone(entry))).toEqual(entry);
  });

  const long = (n: number): string => 'x'.repeat(n);
  const envelopeCases: [string, unknown][] = [
    ['format', 'warden.statement/v2'],
    ['format', undefined],
    ['origin', 'registry example'],
    ['origin', 'a+b'],
    ['origin', '{registry}'],
    ['origin', ''],
    ['tenant', '7F3A9C2E-5B1D-4E8F-9A6B-0C4D2E1F3A5B'],
    ['tenant', '7f3a9c2e5b1d4e8f9a6b0c4d2e1f3a5b'],
    ['subject', ''],
    ['subject', long(65)],
    ['time', '2026-03-02T10:05:00Z'],
    ['time', 1_767_603_600_000],
    ['body', []],
    ['body', null],
    ['signatures', []],
    ['extra', 1],
    ['type', 7],
    ['signatures.0.role', 'owner'],
    ['signatures.0.key', 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'],
    ['signatures.0.sig', 'AAAA'],
    ['signatures.0.sig', `${'A'.repeat(85)}B`],
    ['signatures.0.extra', true],
  ];
  describe('when the envelope is malformed', () => {
    it.each(envelopeCases)('throws ENTRY_MALFORMED for %s = %j', (path, value) => {
      expect(() => validateEntry(mutate(example.entries[2] as LogEntry, path, value))).toThrowWithCode('ENTRY_MALFORMED');
    });
    it('throws ENTRY_MALFORMED for signatures out of key order or repeated', () => {
      const entry = example.entries[2] as LogEntry;
      const reversed = { ...structuredClone(entry), signatures: [...entry.signatures].reverse() };
      expect(() => validateEntry(reversed)).toThrowWithCode('ENTRY_MALFORMED');
      const repeated = { ...structuredClone(entry), signatures: [entry.signatures[0], entry.signatures[0]] };
      expect(() => validateEntry(repeated)).toThrowWithCode('ENTRY_MALFORMED');
    });
    it('throws ENTRY_UNKNOWN_TYPE for a type outside the vocabulary', () => {
      expect(() => validateEntry(mutate(example.entries[2] as LogEntry, 'type', 'agent.deleted'))).toThrowWithCode('ENTRY_UNKNOWN_TYPE');
      expect(() => validateEntry(mutate(example.entries[2] as LogEntry, 'type', 'toString'))).toThrowWithCode('ENTRY_UNKNOWN_TYPE');
    });
  });

  // [type, body path, bad value]: each must be refused by the body schema of its type.
  const bodyCases: [StatementType | 'agent.suspended:registry', string, unknown][] = [
    ['tenant.created', 'name', ''],
    ['tenant.created', 'name', long(129)],
    ['tenant.created', 'name', 'line\nbreak'],
    ['tenant.created', 'name', 5],
    ['tenant.created', 'extra', 'x'],
    ['admin.enrolled', 'seq', 0],
    ['admin.enrolled', 'seq', 1.5],
    ['admin.enrolled', 'seq', '1'],
    ['admin.enrolled', 'name', undefined],
    ['admin.enrolled', 'name', 'tab\there'],
    ['admin.removed', 'seq', -1],
    ['admin.removed', 'reason', ''],
    ['admin.removed', 'reason', 'nul\u0000'],
    ['policy.quorum_set', 'thresholds.revoke', 0],
    ['policy.quorum_set', 'thresholds.suspend', 17],
    ['policy.quorum_set', 'thresholds.policy', undefined],
    ['policy.quorum_set', 'thresholds.kill', 1],
    ['agent.registered', 'key', 'did:key:zabc'],
    ['agent.registered', 'key', 'did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc'],
    ['agent.registered', 'display_name', ''],
    ['agent.registered', 'display_name', long(257)],
    ['agent.registered', 'owner', null],
    ['agent.registered', 'owner', long(257)],
    ['agent.registered', 'description', long(2001)],
    ['agent.registered', 'version', long(65)],
    ['agent.registered', 'purpose', long(1001)],
    ['agent.registered', 'capabilities', undefined],
    ['agent.registered', 'capabilities', Array.from({ length: 65 }, (_, i) => `c${i}`)],
    ['agent.registered', 'capabilities', ['same', 'same']],
    ['agent.registered', 'scopes', []],
    ['agent.registered', 'scopes', ['*:read']],
    ['agent.registered', 'scopes', ['Dataset:read']],
    ['agent.registered', 'scopes', ['dataset:read', 'dataset:read']],
    ['agent.registered', 'scopes', Array.from({ length: 65 }, (_, i) => `r${i}:read`)],
    ['agent.registered', 'parent', { agent: 'maip-agent:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A', delegation: 'del_01JH2Z8Q4R5S6T7V8W9X0Y1Z2A' }],
    ['agent.registered', 'parent', { agent: 'maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A', delegation: 'att_01JH2Z8Q4R5S6T7V8W9X0Y1Z2A' }],
    ['agent.metadata_updated', 'version', ''],
    ['agent.metadata_updated', 'display_name', long(257)],
    ['agent.metadata_updated', 'kind', 'autonomous'],
    ['agent.key_rotated', 'new_key', 'did:key:z6Mk'],
    ['agent.key_rotated', 'previous_key', undefined],
    ['agent.key_compromised', 'compromised_at', '2026-01-01T00:00:00Z'],
    ['agent.key_compromised', 'compromised_at', '2026-02-30T00:00:00.000Z'],
    ['agent.key_compromised', 'key', 'did:web:example.com'],
    ['agent.scopes_changed', 'scopes', ['dataset:read ']],
    ['agent.scopes_changed', 'scopes', 'dataset:read'],
    ['delegation.granted', 'child_key', 'z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2'],
    ['delegation.granted', 'scopes', ['*:read']],
    ['delegation.granted', 'child', 'maip:7f3a9c2e:01jh2z8q4r5s6t7v8w9x0y1z2a'],
    ['delegation.granted', 'depth', 1],
    ['delegation.revoked', 'reason', long(1001)],
    ['delegation.revoked', 'extra', 1],
    ['session.authenticated', 'session_id', 'sess_short'],
    ['session.authenticated', 'session_id', 'sess_AAAAAAAAAAAAAAAAAAAAAB'],
    ['session.authenticated', 'nonce', 'A'.repeat(42)],
    ['session.authenticated', 'nonce', `${'A'.repeat(42)}B`],
    ['session.authenticated', 'expires_at', 'tomorrow'],
    ['session.authenticated', 'scopes', []],
    ['trust.score_recorded', 'factors.anomaly_score', 101],
    ['trust.score_recorded', 'factors.anomaly_score', 50.5],
    ['trust.score_recorded', 'factors.session_hygiene', -1],
    ['trust.score_recorded', 'factors.extra', 1],
    ['trust.score_recorded', 'factors.peer_attestations', undefined],
    ['trust.score_recorded', 'score', 101],
    ['trust.score_recorded', 'band', 'great'],
    ['trust.score_recorded', 'flags', ['Bad Flag']],
    ['trust.score_recorded', 'flags', ['unknown_ip', 'unknown_ip']],
    ['trust.score_recorded', 'flags', Array.from({ length: 17 }, (_, i) => `f${i}`)],
    ['agent.suspended:registry', 'score', 30],
    ['agent.suspended:registry', 'trigger', 'manual'],
    ['agent.suspended:registry', 'by', 'someone'],
    ['agent.suspended:registry', 'command', {}],
    ['agent.suspended', 'command.signatures', []],
    ['agent.suspended', 'command.extra', 1],
    ['agent.reinstated', 'command.targets', []],
    ['agent.reinstated', 'command.nonce', 'short'],
    ['agent.reinstated', 'command.cascade', 'yes'],
    ['agent.revoked', 'command.reason.code', 'bored'],
    ['agent.revoked', 'command.reason', 'because'],
    ['agent.revoked', 'command.format', 'warden.statement/v1'],
    ['agent.revoked', 'command.issued_at', '2026-03-02T11:00:00Z'],
    ['agent.revoked', 'by', 'registry'],
  ];
  describe('when a body field is invalid', () => {
    it.each(bodyCases)('%s: throws ENTRY_MALFORMED for body.%s = %j', (type, path, value) => {
      const [code] = codeAndRule(mutate(get(type), `body.${path}`, value));
      expect(code).toBe('ENTRY_MALFORMED');
    });
  });

  // Cross-field rules that need no state: [type, path, value, rule].
  const structuralCases: [StatementType, string, unknown, string][] = [
    ['tenant.created', 'subject', '7f3a9c2e-5b1d-4e8f-9a6b-0c4d2e1f3a5c', 'SUBJECT_NOT_TENANT'],
    ['admin.enrolled', 'subject', 'maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A', 'SUBJECT_NOT_DID_KEY'],
    ['agent.registered', 'subject', 'maip:00000000:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A', 'SUBJECT_NOT_TENANT_AGENT'],
    ['delegation.granted', 'subject', 'maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A', 'SUBJECT_NOT_DELEGATION'],
  ];
  describe('when fields of one entry disagree', () => {
    it.each(structuralCases)('%s: %s = %j breaks %s', (type, path, value, rule) => {
      expect(codeAndRule(mutate(get(type), path, value))).toEqual(['ENTRY_MALFORMED', rule]);
    });

    const revoked = example.entries[3] as LogEntry;
    it.each([
      ['body.command.action', 'suspend', 'COMMAND_ACTION_MISMATCH'],
      ['body.command.origin', 'registry.example/other', 'COMMAND_ORIGIN_MISMATCH'],
      ['body.command.tenant', '7f3a9c2e-5b1d-4e8f-9a6b-0c4d2e1f3a5c', 'COMMAND_TENANT_MISMATCH'],
      ['body.command.targets', ['maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2B', 'maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A'], 'SUBJECT_NOT_FIRST_TARGET'],
      ['body.command.targets', ['maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A', 'maip:00000000:01JH2Z8Q4R5S6T7V8W9X0Y1Z2B'], 'COMMAND_TARGET_TENANT'],
      ['body.command.expires_at', '2026-03-02T11:10:00.001Z', 'COMMAND_VALIDITY_WINDOW'],
      ['body.command.expires_at', '2026-03-02T11:00:00.000Z', 'COMMAND_VALIDITY_WINDOW'],
      ['body.command.signatures.0.role', 'registry', 'COMMAND_SIGNER_ROLE'],
    ] as const)('agent.revoked: %s = %j breaks %s', (path, value, rule) => {
      expect(codeAndRule(mutate(revoked, path, value))).toEqual(['ENTRY_MALFORMED', rule]);
    });

    it('refuses a parent or a delegation in another tenant', () => {
      const child = [...log.entries].find((e) => e.type === 'agent.registered' && e.body.parent !== undefined) as LogEntry;
      expect(codeAndRule(mutate(child, 'body.parent.agent', 'maip:00000000:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A'))).toEqual(['ENTRY_MALFORMED', 'PARENT_OTHER_TENANT']);
      expect(codeAndRule(mutate(get('delegation.granted'), 'body.child', 'maip:00000000:01JH2Z8Q4R5S6T7V8W9X0Y1Z2A'))).toEqual([
        'ENTRY_MALFORMED',
        'DELEGATION_OTHER_TENANT',
      ]);
    });
  });
});
