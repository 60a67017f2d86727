import { describe, expect, it } from 'vitest';
import { entryLeafHash } from '../../../src/core/log/entry.ts';
import { buildProtocolExample, EXAMPLE_AGENT, EXAMPLE_ORIGIN, EXAMPLE_TENANT } from '../../../src/core/log/protocol-example.ts';
import type { LogEntry } from '../../../src/core/log/statement.ts';
import { bytesToBase64Url } from '../../../src/core/encoding/index.ts';
import { isEventEntry, securityEventClaims, SESSION_REVOKED } from '../../../src/server/events/security-events.ts';

describe('securityEventClaims', () => {
  const example = buildProtocolExample();
  const revoked = example.entries[3] as LogEntry;
  const leafHash = entryLeafHash(example.bytes[3] as Uint8Array);

  it('describes the worked example revocation (docs/protocol.md §10) as one session-revoked SET', () => {
    const [claims, ...rest] = securityEventClaims({ index: 3, leafHash, entry: revoked, affected: [EXAMPLE_AGENT] }, EXAMPLE_ORIGIN);
    expect(rest).toEqual([]);
    expect(claims).toEqual({
      iss: EXAMPLE_ORIGIN,
      jti: '3-0',
      iat: 1772449201,
      txn: '3',
      sub_id: { format: 'complex', user: { format: 'opaque', id: EXAMPLE_AGENT }, tenant: { format: 'opaque', id: EXAMPLE_TENANT } },
      events: {
        [SESSION_REVOKED]: {
          event_timestamp: 1772449201,
          initiating_entity: 'admin',
          reason_admin: { en: 'key_compromise: Key found in a public repository.' },
        },
      },
      warden_log: { index: '3', leaf_hash: bytesToBase64Url(leafHash), entry_type: 'agent.revoked', status: 'revoked' },
    });
  });

  it('marks agents other than the targets as cascaded, one SET each in the given order', () => {
    const descendant = 'maip:7f3a9c2e:01JH2Z8Q4R5S6T7V8W9X0Y1Z2B';
    const sets = securityEventClaims({ index: 3, leafHash, entry: revoked, affected: [EXAMPLE_AGENT, descendant] }, EXAMPLE_ORIGIN);
    expect(sets.map((s) => [(s.sub_id as { user: { id: string } }).user.id, (s.warden_log as { cascade?: boolean }).cascade])).toEqual([
      [EXAMPLE_AGENT, undefined],
      [descendant, true],
    ]);
    expect(sets.map((s) => s.jti)).toEqual(['3-0', '3-1']);
  });
});

describe('isEventEntry', () => {
  it('is true for status changes that changed someone and for key compromises only', () => {
    expect(isEventEntry('agent.revoked', 1)).toBe(true);
    expect(isEventEntry('agent.suspended', 2)).toBe(true);
    expect(isEventEntry('agent.reinstated', 1)).toBe(true);
    expect(isEventEntry('delegation.revoked', 3)).toBe(true);
    expect(isEventEntry('delegation.revoked', 0)).toBe(false);
    expect(isEventEntry('agent.key_compromised', 0)).toBe(true);
    expect(isEventEntry('agent.key_rotated', 0)).toBe(false);
    expect(isEventEntry('trust.score_recorded', 0)).toBe(false);
  });
});
