import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGoTime } from '../../../src/core/maip/go-time.ts';
import { MAIP_VERDICTS, maipExitCode, type MaipVerdict } from '../../../src/core/maip/verdict.ts';
import { verifyMaipBundle, verifyParsedMaipBundle } from '../../../src/core/maip/verify.ts';
import { parseMaipBundle } from '../../../src/core/maip/bundle.ts';
import { describeVectors, readVectorJson, vectorPath } from '../../helpers/vectors.ts';

interface ExpectedCase {
  verifier_exit_code: number;
  meaning: string;
  spec_expected_verdict: string;
}

/**
 * Evaluation time for the reference fixtures. expected.json says they "were generated on
 * 2026-11-26; valid ones expire about five years later", and gives no instant. We take noon UTC on
 * that day: after every created_at / not_before (03:24:14Z) and inside every validity window, so
 * the verdicts are those of a verification run on the day the bundles were made. 2030-01-01 is a
 * second instant inside the windows; 2031-12-01 is after every expiry (2031-11-25).
 */
const GENERATION_DAY = new Date('2026-11-26T12:00:00Z');
const LATER_IN_WINDOW = new Date('2030-01-01T00:00:00Z');
const AFTER_EXPIRY = new Date('2031-12-01T00:00:00Z');
const BEFORE_GENERATION = new Date('2026-11-25T00:00:00Z');

function fixtureText(name: string): string {
  return readFileSync(vectorPath('maip-reference', `${name}.json`), 'utf8');
}

/** "VALID (spec would also require …)" → VALID. */
function specVerdict(text: string): MaipVerdict {
  const verdict = text.split(' ')[0] as MaipVerdict;
  if (!MAIP_VERDICTS.includes(verdict)) throw new Error(`unknown verdict in expected.json: ${text}`);
  return verdict;
}

describeVectors('verifyMaipBundle on the MAIP reference fixtures', () => {
  const cases = Object.entries(readVectorJson<{ cases: Record<string, ExpectedCase> }>('maip-reference', 'expected.json').cases);

  it('covers every bundle in the folder', () => {
    expect(cases.map(([name]) => name).sort()).toEqual([
      'chain_broken_gap',
      'expired_receipt',
      'revoked_agent',
      'scope_widening_delegation',
      'tampered_payload_byte',
      'valid_cross_tenant',
      'valid_delegation_chain',
      'valid_registered_agent',
    ]);
  });

  describe.each(cases)('%s', (name, expected) => {
    it(`gives the spec verdict on the generation day and later in the window`, () => {
      const verdict = specVerdict(expected.spec_expected_verdict);
      const result = verifyMaipBundle(fixtureText(name), GENERATION_DAY);
      expect(result.verdict).toBe(verdict);
      expect(result.reasons.length === 0).toBe(verdict === 'VALID');
      expect(verifyMaipBundle(fixtureText(name), LATER_IN_WINDOW).verdict).toBe(verdict);
    });

    it('maps to the exit code the Go maip-verifier returned', () => {
      expect(maipExitCode(verifyMaipBundle(fixtureText(name), GENERATION_DAY).verdict)).toBe(expected.verifier_exit_code);
    });

    it('is EXPIRED after every validity window and before the bundle was made', () => {
      expect(verifyMaipBundle(fixtureText(name), AFTER_EXPIRY).verdict).toBe('EXPIRED');
      expect(verifyMaipBundle(fixtureText(name), BEFORE_GENERATION).verdict).toBe('EXPIRED');
    });
  });

  it('explains each failing fixture with the expected first reason', () => {
    const firstCode = (name: string) => verifyMaipBundle(fixtureText(name), GENERATION_DAY).reasons[0]?.split(':')[0];
    expect(firstCode('chain_broken_gap')).toBe('CHAIN_GAP');
    expect(firstCode('expired_receipt')).toBe('RECEIPT_EXPIRED');
    expect(firstCode('revoked_agent')).toBe('REVOKED');
    expect(firstCode('scope_widening_delegation')).toBe('SCOPE_WIDENING');
    expect(firstCode('tampered_payload_byte')).toBe('RECEIPT_SIGNATURE');
  });

  describe('at nanosecond precision', () => {
    const nanos = (text: string) => parseGoTime(text).unixNanos;

    it('keeps a receipt valid up to and including its expires_at, and EXPIRED one nanosecond later', () => {
      const expiry = nanos('2031-11-25T03:24:14.07344841Z');
      expect(verifyMaipBundle(fixtureText('valid_delegation_chain'), expiry).verdict).toBe('VALID');
      const after = verifyMaipBundle(fixtureText('valid_delegation_chain'), expiry + 1n);
      expect(after.verdict).toBe('EXPIRED');
      expect(after.reasons).toEqual(['RECEIPT_EXPIRED: "rcpt_01M8AY3QVV0G4VWWD0S8JGK94R" expired at 2031-11-25T03:24:14.07344841Z']);
    });

    it('accepts a delegation from its not_before inclusive (Go: !now.Before(not_before))', () => {
      const start = nanos('2026-11-26T03:24:14.075237919Z'); // the later delegation's not_before
      expect(verifyMaipBundle(fixtureText('valid_delegation_chain'), start).verdict).toBe('VALID');
      const early = verifyMaipBundle(fixtureText('valid_delegation_chain'), start - 1n);
      expect(early.verdict).toBe('EXPIRED');
      expect(early.reasons[0]).toMatch(/^NOT_YET_VALID: "del_01M8AY3QVVVDBRVYBQ41E5DWAT"/);
    });
  });

  it('verifies an already parsed bundle the same way', () => {
    for (const [name, expected] of cases) {
      const result = verifyParsedMaipBundle(parseMaipBundle(fixtureText(name)), GENERATION_DAY);
      expect(result.verdict, name).toBe(specVerdict(expected.spec_expected_verdict));
    }
  });
});

describe('maipExitCode', () => {
  it('uses the maip-verifier table (0 valid … 6 key mismatch, 10 otherwise)', () => {
    expect(MAIP_VERDICTS.map((verdict) => [verdict, maipExitCode(verdict)])).toEqual([
      ['VALID', 0],
      ['EXPIRED', 1],
      ['REVOKED', 2],
      ['SCOPE_VIOLATION', 3],
      ['CHAIN_BROKEN', 4],
      ['INVALID_SIGNATURE', 5],
      ['KEY_MISMATCH', 6],
      ['MALFORMED', 10],
    ]);
  });
});
