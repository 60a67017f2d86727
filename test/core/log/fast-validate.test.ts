import { describe, expect, it } from 'vitest';
import { fastBody, fastEnvelope } from '../../../src/core/log/fast-validate.ts';
import { generateTestLog } from '../../../src/core/log/fixtures.ts';
import { STATEMENT_FORMAT } from '../../../src/core/log/statement.ts';
import { isTimestamp } from '../../../src/core/log/time.ts';
import { BODY_SCHEMAS, isStatementType } from '../../../src/core/log/types/index.ts';

const log = generateTestLog({ seed: 'fast-validate', tenants: 2, rootAgentsPerTenant: 4, events: 200 });
const plain = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
const session = plain(log.entries.find((e) => e.type === 'session.authenticated'));
const score = plain(log.entries.find((e) => e.type === 'trust.score_recorded'));

describe('fastBody', () => {
  it('returns what the body schema returns, member order included, for every entry of a test log', () => {
    const differing: string[] = [];
    log.entries.forEach((entry, i) => {
      const body = plain(entry.body);
      const fast = fastBody(entry.type, body);
      if (fast === undefined) {
        if (entry.type === 'session.authenticated' || entry.type === 'trust.score_recorded') differing.push(`${i} ${entry.type}: no fast answer`);
        return;
      }
      const schema = BODY_SCHEMAS[entry.type].parse(body);
      if (JSON.stringify(fast) !== JSON.stringify(schema)) differing.push(`${i} ${entry.type}`);
    });
    expect(differing).toEqual([]);
  });

  describe('when the body breaks its schema', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['session: extra member', { ...(session.body as object), extra: 1 }],
      ['session: missing nonce', { ...(session.body as object), nonce: undefined }],
      ['session: nonce with trailing bits', { ...(session.body as object), nonce: `${'A'.repeat(42)}B` }],
      ['session: duplicate scopes', { ...(session.body as object), scopes: ['dataset:read', 'dataset:read'] }],
      ['session: no scopes', { ...(session.body as object), scopes: [] }],
      ['session: 30 February', { ...(session.body as object), expires_at: '2026-02-30T00:00:00.000Z' }],
      ['score: 101', { ...(score.body as object), score: 101 }],
      ['score: fractional factor', { ...(score.body as object), factors: { ...((score.body as { factors: object }).factors), anomaly_score: 1.5 } }],
      ['score: unknown band', { ...(score.body as object), band: 'panic' }],
      ['score: bad flag', { ...(score.body as object), flags: ['Volume'] }],
      ['score: control character in reason', { ...(score.body as object), reason: 'a\u0007b' }],
      ['score: empty reason', { ...(score.body as object), reason: '' }],
    ];
    it('gives no fast answer, and the schema refuses it too', () => {
      const wrong: string[] = [];
      for (const [name, body] of cases) {
        const type = name.startsWith('session') ? 'session.authenticated' : 'trust.score_recorded';
        const clean = plain(body);
        if (fastBody(type, clean) !== undefined || BODY_SCHEMAS[type].safeParse(clean).success) wrong.push(name);
      }
      expect(wrong).toEqual([]);
    });
  });

  it('gives no fast answer for the other statement types', () => {
    const entry = log.entries.find((e) => e.type === 'agent.registered');
    expect(entry).toBeDefined();
    expect(fastBody('agent.registered', plain(entry?.body))).toBeUndefined();
  });
});

describe('fastEnvelope', () => {
  it('returns a fresh envelope with the schema member order for a valid entry', () => {
    const fast = fastEnvelope(session, true, STATEMENT_FORMAT);
    expect(fast).toEqual(session);
    expect(Object.keys(fast ?? {})).toEqual(['format', 'origin', 'type', 'tenant', 'subject', 'time', 'body', 'signatures']);
    expect(fast?.signatures).not.toBe(session.signatures);
    expect(isStatementType(fast?.type)).toBe(true);
  });

  describe('when the envelope breaks its schema', () => {
    const signatures = session.signatures as Record<string, unknown>[];
    const first = signatures[0] as Record<string, unknown>;
    const inherited = Object.assign(Object.create({ extra: 1 }) as object, session);
    const cases: [string, unknown, boolean][] = [
      ['extra member', { ...session, extra: 1 }, true],
      ['signatures on an unsigned statement', session, false],
      ['no signatures', { ...session, signatures: [] }, true],
      ['17 signatures', { ...session, signatures: Array.from({ length: 17 }, () => first) }, true],
      ['duplicate signature keys', { ...session, signatures: [first, first] }, true],
      ['unknown role', { ...session, signatures: [{ ...first, role: 'owner' }] }, true],
      ['short signature', { ...session, signatures: [{ ...first, sig: 'AAAA' }] }, true],
      ['other format', { ...session, format: 'warden.admin-command/v1' }, true],
      ['bad time', { ...session, time: '2026-01-01T00:00:00Z' }, true],
      ['empty subject', { ...session, subject: '' }, true],
      ['array body', { ...session, body: [] }, true],
      ['unusual prototype', inherited, true],
    ];
    for (const [name, value, signed] of cases) {
      it(`gives no fast answer: ${name}`, () => {
        expect(fastEnvelope(value, signed, STATEMENT_FORMAT)).toBeUndefined();
      });
    }
  });
});

describe('isTimestamp', () => {
  // The definition it replaced: the pattern, then a Date round trip.
  const reference = (value: string): boolean => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
    const ms = Date.parse(value);
    return Number.isFinite(ms) && ms >= 0 && new Date(ms).toISOString() === value;
  };

  it('agrees with the pattern and Date round trip on calendar edges', () => {
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    const differing: string[] = [];
    for (const year of [0, 1969, 1970, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          for (const [hour, minute, second] of [[0, 0, 0], [23, 59, 59], [24, 0, 0], [12, 60, 0], [12, 0, 60]] as const) {
            const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.999Z`;
            if (isTimestamp(value) !== reference(value)) differing.push(value);
          }
        }
      }
    }
    expect(differing).toEqual([]);
  });
});
