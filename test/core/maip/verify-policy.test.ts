import { describe, expect, it } from 'vitest';
import { bytesToBase64Url } from '../../../src/core/encoding/base64.ts';
import { publicKeyFromSeed } from '../../../src/core/crypto/ed25519.ts';
import type { MaipBundle, MaipDelegation, MaipReceipt } from '../../../src/core/maip/bundle.ts';
import type { GoEscapeStyle } from '../../../src/core/maip/go-json.ts';
import { signMaipDelegation, signMaipReceipt } from '../../../src/core/maip/sign.ts';
import { verifyMaipBundle, type MaipVerifyOptions } from '../../../src/core/maip/verify.ts';

/**
 * Our stricter policy (maip-formats §17) on bundles signed here with test keys, so that each case
 * isolates one rule with otherwise valid signatures. Case names give the Go maip-verifier's verdict
 * where it differs. (The signer uses the same Go signing input that the reference fixtures verify
 * under, see verify.test.ts.)
 */

const NOW = new Date('2026-06-01T12:00:00Z');
const seed = (n: number) => new Uint8Array(32).fill(n);
const keyOf = (s: Uint8Array) => bytesToBase64Url(publicKeyFromSeed(s));
const agentId = (i: number) => `maip:a1b2c3d4:01M8AY3QVTC970JBKT72CAWN2${i}`;
const OTHER_SEED = seed(99);

interface Build {
  hops?: number;
  /** Edits delegation i before it is signed. */
  delegation?: (d: MaipDelegation, i: number) => MaipDelegation;
  /** Edits the receipt before it is signed. */
  receipt?: (r: MaipReceipt) => MaipReceipt;
  /** Edits the finished bundle object (after signing). */
  after?: (b: MaipBundle) => MaipBundle;
  escapes?: GoEscapeStyle;
  receiptSeed?: Uint8Array;
}

/** A reference-shaped bundle: root agent 0 delegates down to agent `hops`, which issues the receipt. */
function build({ hops = 2, delegation = (d) => d, receipt = (r) => r, after = (b) => b, escapes, receiptSeed }: Build = {}): string {
  const seeds = Array.from({ length: hops + 1 }, (_, i) => seed(i + 1));
  const chain: MaipDelegation[] = [];
  for (let i = 0; i < hops; i++) {
    const unsigned: MaipDelegation = {
      delegation_id: `del_01M8AY3QVV7K5PR55402TC6CS${i}`,
      parent_agent_id: agentId(i),
      child_agent_id: agentId(i + 1),
      child_public_key: keyOf(seeds[i + 1] as Uint8Array),
      depth: i + 1,
      scopes: ['model:deploy', 'receipt:create'],
      constraints: i === 0 ? { max_sub_delegations: 2 } : null,
      not_before: `2026-06-01T00:00:0${i}Z`,
      expires_at: `2027-06-01T00:00:0${i}Z`, // each hop outlives its parent by a second, as in Go
      issued_at: `2026-06-01T00:00:0${i}Z`,
      signature: '',
      signature_algorithm: 'Ed25519',
      status: 'active',
      cross_tenant: false,
      source_tenant: '',
      target_tenant: '',
    };
    chain.push(signMaipDelegation(delegation(unsigned, i), seeds[i] as Uint8Array, { escapes }));
  }
  const unsignedReceipt: MaipReceipt = {
    receipt_id: 'rcpt_01M8AY3QVV0G4VWWD0S8JGK94R',
    receipt_type: 'maip_action',
    schema_version: '1.0.0',
    issuer_id: agentId(hops),
    subject_id: 'llm-summarizer-v3',
    subject_type: 'model',
    created_at: '2026-06-01T00:01:00.5Z',
    expires_at: '2026-06-02T00:01:00.5Z',
    nonce: bytesToBase64Url(new Uint8Array(32).fill(7)),
    context: { tenant_id: 'a1b2c3d4', delegation_chain_hash: '', delegation_depth: hops, scopes_used: ['model:deploy'] },
    payload: { action: 'model:deploy', instance_count: 3 },
    previous_receipt_id: null,
    signature: { alg: '', kid: '', value: '' },
  };
  const signedReceipt = signMaipReceipt(receipt(unsignedReceipt), receiptSeed ?? (seeds[hops] as Uint8Array), { escapes });
  const bundle: MaipBundle = {
    maip_bundle_version: '1.0.0',
    created_at: '2026-06-01T00:02:00Z',
    receipt: signedReceipt,
    delegation_chain: chain,
    public_keys: seeds.map((s, i) => ({ agent_id: agentId(i), public_key: keyOf(s), algorithm: 'Ed25519' })),
    metadata: null,
  };
  const { metadata: _metadata, ...wire } = after(bundle);
  return JSON.stringify(wire);
}

function check(text: string, options?: MaipVerifyOptions, now: Date | bigint = NOW) {
  const result = verifyMaipBundle(text, now, options);
  return { verdict: result.verdict, first: result.reasons[0]?.split(':')[0] ?? '', reasons: result.reasons };
}

describe('verifyMaipBundle policy (bundles signed with test keys)', () => {
  it.each([0, 1, 2, 3])('accepts a well-formed chain of %i hops', (hops) => {
    expect(check(build({ hops }))).toMatchObject({ verdict: 'VALID', reasons: [] });
  });

  describe('depth limit', () => {
    it('reports 4 hops as CHAIN_BROKEN / DEPTH_EXCEEDED (Go: depth_exceeded, exit 10)', () => {
      expect(check(build({ hops: 4 }))).toMatchObject({ verdict: 'CHAIN_BROKEN', first: 'DEPTH_EXCEEDED' });
    });

    it('follows maxDepth when the caller sets it (the spec says 8)', () => {
      expect(check(build({ hops: 4 }), { maxDepth: 8 }).verdict).toBe('VALID');
      expect(check(build({ hops: 2 }), { maxDepth: 1 })).toMatchObject({ verdict: 'CHAIN_BROKEN', first: 'DEPTH_EXCEEDED' });
    });
  });

  describe('key binding (Go: 0, child_public_key is never checked)', () => {
    it('reports a leaf child_public_key that is not the receipt issuer key', () => {
      const text = build({ delegation: (d, i) => (i === 1 ? { ...d, child_public_key: keyOf(OTHER_SEED) } : d) });
      const result = check(text);
      expect(result).toMatchObject({ verdict: 'KEY_MISMATCH', first: 'KEY_BINDING' });
      expect(result.reasons[0]).toContain('"del_01M8AY3QVV7K5PR55402TC6CS1"');
      expect(result.reasons[0]).toContain('the receipt issuer');
    });

    it('reports a middle child_public_key that is not the key that signs the next hop', () => {
      const text = build({ delegation: (d, i) => (i === 0 ? { ...d, child_public_key: keyOf(OTHER_SEED) } : d) });
      expect(check(text)).toMatchObject({ verdict: 'KEY_MISMATCH', first: 'KEY_BINDING' });
    });

    it('reports a child_public_key that is not a strict 32-byte key', () => {
      const text = build({ delegation: (d, i) => (i === 1 ? { ...d, child_public_key: `${d.child_public_key}=` } : d) });
      expect(check(text)).toMatchObject({ verdict: 'KEY_MISMATCH', first: 'KEY_BINDING' });
    });

    it('reports a receipt signed by a key other than the listed issuer key (kid names the signer)', () => {
      expect(check(build({ receiptSeed: OTHER_SEED }))).toMatchObject({ verdict: 'KEY_MISMATCH', first: 'KID_MISMATCH' });
    });
  });

  it('reports a delegation signed by a key other than its parent as INVALID_SIGNATURE (Go: key_mismatch, 6)', () => {
    const text = build({
      after: (b) => ({ ...b, delegation_chain: b.delegation_chain.map((d, i) => (i === 0 ? signMaipDelegation(d, OTHER_SEED) : d)) }),
    });
    expect(check(text)).toMatchObject({ verdict: 'INVALID_SIGNATURE', first: 'DELEGATION_SIGNATURE' });
  });

  describe('validity windows (R-DEL-006/007; Go: not checked)', () => {
    it('reports a child that outlives its parent by more than the tolerance', () => {
      const text = build({ delegation: (d, i) => (i === 1 ? { ...d, expires_at: '2027-06-03T00:00:00Z' } : d) });
      expect(check(text)).toMatchObject({ verdict: 'CHAIN_BROKEN', first: 'VALIDITY_WINDOW' });
    });

    it('reports a child that starts before its parent by more than the tolerance', () => {
      const text = build({ delegation: (d, i) => (i === 1 ? { ...d, not_before: '2026-05-31T00:00:00Z' } : d) });
      expect(check(text)).toMatchObject({ verdict: 'CHAIN_BROKEN', first: 'VALIDITY_WINDOW' });
    });

    it('tolerates the creation-time gap of genuine reference chains, unless the tolerance is 0', () => {
      expect(check(build()).verdict).toBe('VALID'); // each hop outlives its parent by 1 s
      expect(check(build(), { windowToleranceSeconds: 0 })).toMatchObject({ verdict: 'CHAIN_BROKEN', first: 'VALIDITY_WINDOW' });
    });

    it('reports a receipt created before a delegation of its chain was valid', () => {
      const text = build({ delegation: (d, i) => (i === 1 ? { ...d, not_before: '2026-06-01T00:02:00Z' } : d) });
      expect(check(text)).toMatchObject({ verdict: 'EXPIRED', first: 'RECEIPT_OUTSIDE_DELEGATION' });
    });

    it('reports a receipt created in the future beyond the clock skew', () => {
      const text = build({ receipt: (r) => ({ ...r, created_at: '2026-06-01T12:10:00Z' }) });
      expect(check(text)).toMatchObject({ verdict: 'EXPIRED', first: 'RECEIPT_NOT_YET_VALID' });
      expect(check(text, { clockSkewSeconds: 3600 }).verdict).toBe('VALID');
    });
  });

  describe('scopes', () => {
    it('reports a chainless receipt whose scopes_used are malformed (Go: 0)', () => {
      const text = build({ hops: 0, receipt: (r) => ({ ...r, context: { ...r.context, scopes_used: ['inference'] } }) });
      expect(check(text)).toMatchObject({ verdict: 'SCOPE_VIOLATION', first: 'SCOPE_SYNTAX' });
    });

    it('checks a chainless receipt against the root scopes when they are known', () => {
      const text = build({ hops: 0 });
      const roots = (scopes: string[]) => ({ roots: [{ agent_id: agentId(0), scopes }] });
      expect(check(text, roots(['dataset:read']))).toMatchObject({ verdict: 'SCOPE_VIOLATION', first: 'RECEIPT_SCOPE' });
      expect(check(text, roots(['model:*'])).verdict).toBe('VALID');
    });

    it('checks the first hop against the root scopes when they are known (Go: not checked)', () => {
      const roots = (scopes: string[]) => ({ roots: [{ agent_id: agentId(0), scopes }] });
      expect(check(build(), roots(['model:deploy']))).toMatchObject({ verdict: 'SCOPE_VIOLATION', first: 'SCOPE_ROOT' });
      expect(check(build(), roots(['*:*'])).verdict).toBe('VALID');
    });

    it('reports a malformed first-hop scope even without root scopes', () => {
      const text = build({ delegation: (d) => ({ ...d, scopes: [' model:deploy', 'receipt:create', 'model:deploy'] }) });
      expect(check(text)).toMatchObject({ verdict: 'SCOPE_VIOLATION', first: 'SCOPE_SYNTAX' });
    });

    it('accepts a wildcard chain: *:* then R:* then R:x', () => {
      const scopes = [['*:*'], ['model:*'], ['model:deploy']];
      const text = build({ hops: 3, delegation: (d, i) => ({ ...d, scopes: scopes[i] ?? [] }) });
      expect(check(text).verdict).toBe('VALID');
    });
  });

  describe('trust anchors', () => {
    it('accepts a root whose pinned key matches, and reports one that does not', () => {
      expect(check(build(), { roots: [{ agent_id: agentId(0), public_key: keyOf(seed(1)) }], requireKnownRoot: true }).verdict).toBe('VALID');
      expect(check(build(), { roots: [{ agent_id: agentId(0), public_key: keyOf(OTHER_SEED) }] })).toMatchObject({
        verdict: 'KEY_MISMATCH',
        first: 'ROOT_KEY',
      });
    });

    it('reports an unknown root when a known root is required (Go: any self-made root works)', () => {
      expect(check(build(), { roots: [{ agent_id: agentId(9) }], requireKnownRoot: true })).toMatchObject({
        verdict: 'KEY_MISMATCH',
        first: 'UNTRUSTED_ROOT',
      });
      expect(check(build({ hops: 0 }), { requireKnownRoot: true })).toMatchObject({ verdict: 'KEY_MISMATCH', first: 'UNTRUSTED_ROOT' });
    });
  });

  it('reports a signed context.delegation_depth that does not match the chain (Go: never checked)', () => {
    const text = build({ receipt: (r) => ({ ...r, context: { ...r.context, delegation_depth: 1 } }) });
    expect(check(text)).toMatchObject({ verdict: 'CHAIN_BROKEN', first: 'CONTEXT_DEPTH' });
  });

  it('reports a delegation on the caller revocation list as REVOKED', () => {
    const options = { revokedDelegationIds: new Set(['del_01M8AY3QVV7K5PR55402TC6CS0']) };
    expect(check(build(), options)).toMatchObject({ verdict: 'REVOKED', first: 'REVOKED_EXTERNAL' });
  });

  describe('receipt expiry', () => {
    it('treats the zero time, written or absent, as permanent', () => {
      const later = new Date('2100-01-01T00:00:00Z');
      const zero = build({ hops: 0, receipt: (r) => ({ ...r, expires_at: '0001-01-01T00:00:00Z' }) });
      expect(check(zero, {}, later).verdict).toBe('VALID');
      // null or absent: signed as the zero time, exactly as Go decodes them.
      const withNull = build({ hops: 0, receipt: (r) => ({ ...r, expires_at: null }) });
      expect(withNull).toContain('"expires_at":null,');
      expect(check(withNull, {}, later).verdict).toBe('VALID');
      expect(check(withNull.replace('"expires_at":null,', ''), {}, later).verdict).toBe('VALID');
      expect(check(withNull.replace('"expires_at":null,', '"expires_at":"0001-01-01T00:00:00Z",'), {}, later).verdict).toBe('VALID');
    });
  });

  describe('Go string and number encoding in signed members', () => {
    const payload = { '<b>': 'Q&A\u2028', '😀': 1, '\ufb33': [Number('12345678901234567890'), 1e-7, 1e21, 0.1], nested: { z: null, a: true } };

    it('verifies a payload that only the Go encoding signs correctly', () => {
      const text = build({ receipt: (r) => ({ ...r, payload }) });
      expect(check(text).verdict).toBe('VALID');
    });

    it('signs -0 as "-0", unlike 0 (JSON.stringify writes -0 as 0, so the text is patched)', () => {
      const text = build({ receipt: (r) => ({ ...r, payload: { negative_zero: -0 } }) });
      expect(check(text.replace('"negative_zero":0', '"negative_zero":-0')).verdict).toBe('VALID');
      expect(check(text.replace('"negative_zero":0', '"negative_zero":-0.0')).verdict).toBe('VALID');
      expect(check(text)).toMatchObject({ verdict: 'INVALID_SIGNATURE', first: 'RECEIPT_SIGNATURE' });
    });

    it('keeps precision the Go way: 12345678901234567890 and 12345678901234567000 sign alike', () => {
      const text = build({ receipt: (r) => ({ ...r, payload }) }).replace('12345678901234567000', '12345678901234567890');
      expect(check(text).verdict).toBe('VALID');
    });

    describe('when a signed string holds \\b or \\f', () => {
      const control = (escapes: GoEscapeStyle) => build({ escapes, receipt: (r) => ({ ...r, subject_id: 'a\bb\fc' }) });

      it('accepts Go 1.22 and Go 1.21 signatures by default', () => {
        expect(check(control('go1.22')).verdict).toBe('VALID');
        expect(check(control('go1.21')).verdict).toBe('VALID');
      });

      it('accepts only the chosen Go release when one is set', () => {
        expect(check(control('go1.22'), { escapes: 'go1.22' }).verdict).toBe('VALID');
        expect(check(control('go1.21'), { escapes: 'go1.22' })).toMatchObject({ verdict: 'INVALID_SIGNATURE', first: 'RECEIPT_SIGNATURE' });
        expect(check(control('go1.21'), { escapes: 'go1.21' }).verdict).toBe('VALID');
        expect(check(control('go1.22'), { escapes: 'go1.21' }).verdict).toBe('INVALID_SIGNATURE');
      });
    });

    it('signs the Go normal form of a timestamp, whatever form the bundle uses', () => {
      const text = build({ receipt: (r) => ({ ...r, created_at: '2026-06-01T00:01:00.500000000+00:00' }) });
      expect(check(text).verdict).toBe('VALID');
      expect(check(text.replace('2026-06-01T00:01:00.500000000+00:00', '2026-06-01T00:01:00.5Z')).verdict).toBe('VALID');
    });
  });

  it('verifies cross-tenant delegations with their signed tenant members', () => {
    const cross = (d: MaipDelegation) => ({ ...d, cross_tenant: true, source_tenant: 'a1b2c3d4', target_tenant: 'f9e8d7c6' });
    const text = build({ hops: 1, delegation: cross });
    expect(check(text).verdict).toBe('VALID');
    expect(check(text.replace('"target_tenant":"f9e8d7c6"', '"target_tenant":"00000000"'))).toMatchObject({
      verdict: 'INVALID_SIGNATURE',
      first: 'DELEGATION_SIGNATURE',
    });
    expect(check(text.replace('"cross_tenant":true,', ''))).toMatchObject({ verdict: 'INVALID_SIGNATURE', first: 'DELEGATION_SIGNATURE' });
  });
});
