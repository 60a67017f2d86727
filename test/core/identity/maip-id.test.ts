import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMaipAgentId,
  isMaipAgentId,
  isUlid,
  newUlid,
  parseMaipAgentId,
  ULID_MAX_TIME_MS,
  ulidTimeMs,
} from '../../../src/core/identity/maip-id.ts';
import { describeVectors, readVectorJson, vectorPath } from '../../helpers/vectors.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Naive reference: the 128-bit number time(48) || random(80) written as 26 base-32 digits. */
function referenceUlid(timeMs: number, random: Uint8Array): string {
  let n = BigInt(timeMs);
  for (const byte of random) n = (n << 8n) | BigInt(byte);
  let out = '';
  for (let k = 0; k < 26; k++) {
    out = CROCKFORD[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

const SAMPLE_ULID = '01M8AY3QVS3XJTHGM7AZMPJ4NW';

describe('isUlid', () => {
  it.each([SAMPLE_ULID, '00000000000000000000000000', '7ZZZZZZZZZZZZZZZZZZZZZZZZZ', '01ARZ3NDEKTSV4RRFFQ69G5FAV'])('accepts %s', (ulid) => {
    expect(isUlid(ulid)).toBe(true);
  });

  it.each([
    ['a first character above 7 (overflows 48 bits)', '8ZZZZZZZZZZZZZZZZZZZZZZZZZ'],
    ['lower case', SAMPLE_ULID.toLowerCase()],
    ['I', `${SAMPLE_ULID.slice(0, -1)}I`],
    ['L', `${SAMPLE_ULID.slice(0, -1)}L`],
    ['O', `${SAMPLE_ULID.slice(0, -1)}O`],
    ['U', `${SAMPLE_ULID.slice(0, -1)}U`],
    ['25 characters', SAMPLE_ULID.slice(0, -1)],
    ['27 characters', `${SAMPLE_ULID}0`],
    ['a trailing newline', `${SAMPLE_ULID}\n`],
    ['a hyphen', `${SAMPLE_ULID.slice(0, -1)}-`],
    ['empty', ''],
  ])('refuses %s', (_name, value) => {
    expect(isUlid(value)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isUlid(undefined)).toBe(false);
    expect(isUlid(12)).toBe(false);
  });
});

describe('newUlid', () => {
  it('encodes the time in the first 10 characters (ULID spec example)', () => {
    expect(newUlid(1469918176385, new Uint8Array(10)).slice(0, 10)).toBe('01ARYZ6S41');
    expect(ulidTimeMs('01ARYZ6S41TSV4RRFFQ69G5FAV')).toBe(1469918176385);
  });

  it('covers the extremes', () => {
    expect(newUlid(0, new Uint8Array(10))).toBe('00000000000000000000000000');
    expect(newUlid(ULID_MAX_TIME_MS, new Uint8Array(10).fill(255))).toBe('7ZZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(newUlid(0, Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toBe('00000000000000000000000001');
    expect(newUlid(0, Uint8Array.from([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBe('0000000000G000000000000000');
  });

  it('agrees with the bigint reference, is deterministic and sorts by time', () => {
    const time = fc.integer({ min: 0, max: ULID_MAX_TIME_MS });
    const random = fc.uint8Array({ minLength: 10, maxLength: 10 });
    fc.assert(
      fc.property(time, time, random, (t1, t2, bytes) => {
        const ulid = newUlid(t1, bytes);
        expect(ulid).toBe(referenceUlid(t1, bytes));
        expect(newUlid(t1, bytes.slice())).toBe(ulid);
        expect(isUlid(ulid)).toBe(true);
        expect(ulidTimeMs(ulid)).toBe(t1);
        if (t1 < t2) expect(ulid < newUlid(t2, bytes)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a negative time', -1, 10],
    ['a fractional time', 1.5, 10],
    ['a time beyond 48 bits', ULID_MAX_TIME_MS + 1, 10],
    ['NaN', Number.NaN, 10],
    ['9 random bytes', 0, 9],
    ['11 random bytes', 0, 11],
  ])('throws INVALID_ARGUMENT for %s', (_name, timeMs, length) => {
    expect(() => newUlid(timeMs, new Uint8Array(length))).toThrowWithCode('INVALID_ARGUMENT');
  });

  it('throws INVALID_ARGUMENT for randomness that is not bytes', () => {
    expect(() => newUlid(0, new Array(10).fill(0) as unknown as Uint8Array)).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('ulidTimeMs', () => {
  it('throws INVALID_ARGUMENT for a non-canonical ULID', () => {
    expect(() => ulidTimeMs(SAMPLE_ULID.toLowerCase())).toThrowWithCode('INVALID_ARGUMENT');
  });
});

describe('parseMaipAgentId', () => {
  it('parses a plain id', () => {
    expect(parseMaipAgentId(`maip-agent:${SAMPLE_ULID}`)).toEqual({ kind: 'plain', ulid: SAMPLE_ULID });
  });

  it('parses a tenant id', () => {
    expect(parseMaipAgentId(`maip:a1b2c3d4:${SAMPLE_ULID}`)).toEqual({ kind: 'tenant', tenantPrefix: 'a1b2c3d4', ulid: SAMPLE_ULID });
  });

  describe('when the id is not a MAIP agent id', () => {
    it.each([
      ['empty', ''],
      ['a bare ULID', SAMPLE_ULID],
      ['a lower-case ULID', `maip-agent:${SAMPLE_ULID.toLowerCase()}`],
      ['a ULID with I', `maip-agent:${SAMPLE_ULID.slice(0, -1)}I`],
      ['a ULID above 48 bits', `maip-agent:8${SAMPLE_ULID.slice(1)}`],
      ['a short ULID', `maip-agent:${SAMPLE_ULID.slice(1)}`],
      ['an upper-case prefix', `MAIP-AGENT:${SAMPLE_ULID}`],
      ['an upper-case tenant', `maip:A1B2C3D4:${SAMPLE_ULID}`],
      ['a 7-digit tenant', `maip:a1b2c3d:${SAMPLE_ULID}`],
      ['a 9-digit tenant', `maip:a1b2c3d4e:${SAMPLE_ULID}`],
      ['a non-hex tenant (the spec example e5f6g7h8)', `maip:e5f6g7h8:${SAMPLE_ULID}`],
      ['a tenant id with no tenant', `maip::${SAMPLE_ULID}`],
      ['a spec example that breaks the pattern', 'maip:a1b2c3d4:01HXYZ_PARENT'],
      ['ROOT', 'maip:a1b2c3d4:ROOT'],
      ['a nested id', `maip:a1b2c3d4:maip-agent:${SAMPLE_ULID}`],
      ['a trailing newline', `maip-agent:${SAMPLE_ULID}\n`],
      ['leading whitespace', ` maip-agent:${SAMPLE_ULID}`],
      ['a receipt id', `rcpt_${SAMPLE_ULID}`],
      ['a very long string', `maip-agent:${SAMPLE_ULID}${'0'.repeat(100_000)}`],
    ])('throws MAIP_AGENT_ID_INVALID for %s', (_name, id) => {
      expect(() => parseMaipAgentId(id)).toThrowWithCode('MAIP_AGENT_ID_INVALID');
      expect(isMaipAgentId(id)).toBe(false);
    });

    it('throws MAIP_AGENT_ID_INVALID for a non-string', () => {
      expect(() => parseMaipAgentId(null as unknown as string)).toThrowWithCode('MAIP_AGENT_ID_INVALID');
      expect(isMaipAgentId({})).toBe(false);
    });
  });
});

describe('formatMaipAgentId', () => {
  it('writes plain and tenant ids, lower-casing the tenant like Go NewAgentWithTenant', () => {
    expect(formatMaipAgentId({ ulid: SAMPLE_ULID })).toBe(`maip-agent:${SAMPLE_ULID}`);
    expect(formatMaipAgentId({ ulid: SAMPLE_ULID, tenantPrefix: 'A1B2c3d4' })).toBe(`maip:a1b2c3d4:${SAMPLE_ULID}`);
  });

  it('inverts parseMaipAgentId', () => {
    for (const id of [`maip-agent:${SAMPLE_ULID}`, `maip:00ff00ff:${SAMPLE_ULID}`]) expect(formatMaipAgentId(parseMaipAgentId(id))).toBe(id);
  });

  it.each([
    ['a lower-case ULID', { ulid: SAMPLE_ULID.toLowerCase() }],
    ['a short tenant', { ulid: SAMPLE_ULID, tenantPrefix: 'a1b2c3' }],
    ['a non-hex tenant', { ulid: SAMPLE_ULID, tenantPrefix: 'e5f6g7h8' }],
    ['an empty tenant', { ulid: SAMPLE_ULID, tenantPrefix: '' }],
  ])('throws MAIP_AGENT_ID_INVALID for %s', (_name, parts) => {
    expect(() => formatMaipAgentId(parts)).toThrowWithCode('MAIP_AGENT_ID_INVALID');
  });
});

describeVectors('MAIP reference fixtures (maip-reference)', () => {
  const files = readdirSync(vectorPath('maip-reference')).filter((name) => name.endsWith('.json'));

  it('parses every agent id in the fixtures and formats it back', () => {
    const ids = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(vectorPath('maip-reference', file), 'utf8').matchAll(/"(maip(?:-agent)?:[^"]*)"/g)) ids.add(match[1] as string);
    }
    expect(ids.size).toBeGreaterThanOrEqual(10);
    const failures = [...ids].filter((id) => !isMaipAgentId(id) || formatMaipAgentId(parseMaipAgentId(id)) !== id);
    expect(failures).toEqual([]);
  });

  it('decodes each receipt ULID to the millisecond of its created_at', () => {
    interface Bundle {
      receipt?: { receipt_id: string; created_at: string };
    }
    const checked: string[] = [];
    for (const file of files) {
      const receipt = readVectorJson<Bundle>('maip-reference', file).receipt;
      if (receipt === undefined) continue;
      // Go RFC 3339 with up to 9 fractional digits, truncated to milliseconds.
      const match = /^(.{19})(?:\.(\d+))?Z$/.exec(receipt.created_at);
      expect(match).not.toBeNull();
      const ms = Date.parse(`${match?.[1] as string}Z`) + Number((match?.[2] ?? '').padEnd(3, '0').slice(0, 3));
      expect(ulidTimeMs(receipt.receipt_id.replace(/^rcpt_/, ''))).toBe(ms);
      checked.push(file);
    }
    expect(checked.length).toBeGreaterThanOrEqual(8);
  });
});
