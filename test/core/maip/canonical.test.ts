import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMaipBundle, type MaipDelegation, type MaipReceipt } from '../../../src/core/maip/bundle.ts';
import { delegationSigningInput, receiptSigningInput } from '../../../src/core/maip/canonical.ts';
import { describeVectors, vectorPath, vectorsDir } from '../../helpers/vectors.ts';

// The two signing inputs printed in maip-formats.md (§6.2 and §7.1), verbatim. They come from an
// earlier run of the same fixture generator (ids 01M8AXYSM…, 03:21:32) than the bundles in
// maip-reference/ (ids 01M8AY3QV…, 03:24:14): no stored fixture holds these exact records. The
// tests rebuild them from valid_delegation_chain.json, which has the same keys, scopes,
// constraints and payload, by substituting the ids, nonce and timestamps.
const DOC_DELEGATION_INPUT =
  '{"child_agent_id":"maip:a1b2c3d4:01M8AXYSM7JTCWFZYDV8FSBND9","child_public_key":"MfCwkObS1OlzQyAo7-yp5jK6gAzmUOmSBxvvIHnFNT0","constraints":{"allowed_environments":["production","staging"],"max_sub_delegations":2,"rate_limit_per_hour":500},"delegation_id":"del_01M8AXYSM8ZPD94QRZ7EMV9JAH","depth":1,"expires_at":"2031-11-25T03:21:32.04032845Z","issued_at":"2026-11-26T03:21:32.04032845Z","not_before":"2026-11-26T03:21:32.04032845Z","parent_agent_id":"maip:a1b2c3d4:01M8AXYSM7M3R1TDZ3G3G02G02","scopes":["model:deploy","model:evaluate","dataset:read","receipt:create"]}';
const DOC_RECEIPT_INPUT =
  '{"context":{"delegation_chain_hash":"","delegation_depth":2,"scopes_used":["model:deploy"],"tenant_id":"a1b2c3d4"},"created_at":"2026-11-26T03:21:32.040472945Z","expires_at":"2031-11-25T03:21:32.038986098Z","issuer_id":"maip:a1b2c3d4:01M8AXYSM71M9Z6K1E7AE33D58","nonce":"jtvL3zCKG96N5BC1JkJ73oM1rcJpnH9Gr8cZ4IamqVg","payload":{"action":"model:deploy","environment":"production","instance_count":3,"model_id":"llm-summarizer-v3","model_version":"3.2.1"},"receipt_id":"rcpt_01M8AXYSM830029VJ4T4BP3E2G","receipt_type":"maip_action","schema_version":"1.0.0","subject_id":"llm-summarizer-v3","subject_type":"model"}';

const docPath = path.resolve(vectorsDir, '..', 'docs', 'maip-formats.md');

function fixture(name: string): ReturnType<typeof parseMaipBundle> {
  return parseMaipBundle(readFileSync(vectorPath('maip-reference', `${name}.json`), 'utf8'));
}

describeVectors('signing inputs printed in maip-formats.md', () => {
  it.skipIf(!existsSync(docPath))('are quoted verbatim by this test (skipped where ../shared/docs/maip-formats.md is absent)', () => {
    const doc = readFileSync(docPath, 'utf8');
    expect(doc).toContain(DOC_DELEGATION_INPUT);
    expect(doc).toContain(DOC_RECEIPT_INPUT);
  });

  it('§6.2: the delegation input is reproduced byte for byte from valid_delegation_chain', () => {
    const [first] = fixture('valid_delegation_chain').delegation_chain;
    if (first === undefined) throw new Error('fixture has no delegation');
    const delegation: MaipDelegation = {
      ...first,
      delegation_id: 'del_01M8AXYSM8ZPD94QRZ7EMV9JAH',
      parent_agent_id: 'maip:a1b2c3d4:01M8AXYSM7M3R1TDZ3G3G02G02',
      child_agent_id: 'maip:a1b2c3d4:01M8AXYSM7JTCWFZYDV8FSBND9',
      // Written with a trailing zero and a +00:00 zone: the signed text is Go's normal form.
      not_before: '2026-11-26T03:21:32.040328450Z',
      issued_at: '2026-11-26T03:21:32.04032845+00:00',
      expires_at: '2031-11-25T03:21:32.04032845Z',
    };
    expect(delegationSigningInput(delegation)).toBe(DOC_DELEGATION_INPUT);
  });

  it('§7.1: the receipt input is reproduced byte for byte from valid_delegation_chain', () => {
    const receipt: MaipReceipt = {
      ...fixture('valid_delegation_chain').receipt,
      receipt_id: 'rcpt_01M8AXYSM830029VJ4T4BP3E2G',
      issuer_id: 'maip:a1b2c3d4:01M8AXYSM71M9Z6K1E7AE33D58',
      created_at: '2026-11-26T03:21:32.040472945Z',
      expires_at: '2031-11-25T03:21:32.038986098Z',
      nonce: 'jtvL3zCKG96N5BC1JkJ73oM1rcJpnH9Gr8cZ4IamqVg',
    };
    expect(receiptSigningInput(receipt)).toBe(DOC_RECEIPT_INPUT);
  });

  it('gives the cross-tenant members their signed form (cross_tenant true, both tenants)', () => {
    const [delegation] = fixture('valid_cross_tenant').delegation_chain;
    if (delegation === undefined) throw new Error('fixture has no delegation');
    expect(delegationSigningInput(delegation)).toBe(
      '{"child_agent_id":"maip:f9e8d7c6:01M8AY3QW0YE3ECDJZWN25N67P","child_public_key":"W_wXYfBB-HDSWxw7CDdrvRBd942rExFKFp1kXnsCPFw","cross_tenant":true,"delegation_id":"del_01M8AY3QW0EA9CWR9H594ASFAZ","depth":1,"expires_at":"2031-11-25T03:24:14.080779594Z","issued_at":"2026-11-26T03:24:14.080779594Z","not_before":"2026-11-26T03:24:14.080779594Z","parent_agent_id":"maip:a1b2c3d4:01M8AY3QW0XRW82Q7GR08XE1RN","scopes":["dataset:read"],"source_tenant":"a1b2c3d4","target_tenant":"f9e8d7c6"}',
    );
  });
});

const BASE_DELEGATION: MaipDelegation = {
  delegation_id: 'del_1',
  parent_agent_id: 'maip-agent:P',
  child_agent_id: 'maip-agent:C',
  child_public_key: 'k',
  depth: 1,
  scopes: ['a:b'],
  constraints: null,
  not_before: '2026-01-01T00:00:00Z',
  expires_at: '2027-01-01T00:00:00Z',
  issued_at: '2026-01-01T00:00:00Z',
  signature: 'unsigned-member',
  signature_algorithm: 'unsigned-member',
  status: 'revoked',
  cross_tenant: false,
  source_tenant: '',
  target_tenant: '',
};
const TAIL = '"delegation_id":"del_1","depth":1,"expires_at":"2027-01-01T00:00:00Z","issued_at":"2026-01-01T00:00:00Z","not_before":"2026-01-01T00:00:00Z","parent_agent_id":"maip-agent:P","scopes":["a:b"]}';

describe('delegationSigningInput', () => {
  it('signs the 13 fields only: not signature, signature_algorithm or status', () => {
    expect(delegationSigningInput(BASE_DELEGATION)).toBe(`{"child_agent_id":"maip-agent:C","child_public_key":"k",${TAIL}`);
  });

  describe('when constraints are present', () => {
    it('omits null constraints but signs an empty object as {}', () => {
      expect(delegationSigningInput({ ...BASE_DELEGATION, constraints: {} })).toContain('"child_public_key":"k","constraints":{},');
    });

    it('omits zero numbers and empty or null lists (Go omitempty)', () => {
      const input = delegationSigningInput({
        ...BASE_DELEGATION,
        constraints: { max_sub_delegations: 0, rate_limit_per_hour: 0, allowed_environments: [], ip_allowlist: null },
      });
      expect(input).toContain('"constraints":{},');
    });

    it('signs every non-empty member in byte order', () => {
      const input = delegationSigningInput({
        ...BASE_DELEGATION,
        constraints: { max_sub_delegations: 2, rate_limit_per_hour: 5, allowed_environments: ['prod'], ip_allowlist: ['10.0.0.0/8'] },
      });
      expect(input).toContain(
        '"constraints":{"allowed_environments":["prod"],"ip_allowlist":["10.0.0.0/8"],"max_sub_delegations":2,"rate_limit_per_hour":5},',
      );
    });
  });

  it('signs null scopes as null and a depth of -0 as 0 (a Go int)', () => {
    const input = delegationSigningInput({ ...BASE_DELEGATION, scopes: null, depth: -0 });
    expect(input).toContain('"depth":0,');
    expect(input).toContain('"scopes":null}');
  });

  it('omits cross_tenant when false and empty tenants, signs them otherwise', () => {
    const input = delegationSigningInput({ ...BASE_DELEGATION, cross_tenant: true, source_tenant: 's', target_tenant: '' });
    expect(input).toContain('"cross_tenant":true,');
    expect(input).toContain('"source_tenant":"s"');
    expect(input).not.toContain('target_tenant');
  });

  it('throws MAIP_MALFORMED for an invalid timestamp', () => {
    expect(() => delegationSigningInput({ ...BASE_DELEGATION, expires_at: 'tomorrow' })).toThrowWithCode('MAIP_MALFORMED');
  });
});

const BASE_RECEIPT: MaipReceipt = {
  receipt_id: 'rcpt_1',
  receipt_type: 'maip_genesis',
  schema_version: '1.0.0',
  issuer_id: 'maip-agent:I',
  subject_id: 's',
  subject_type: 'agent',
  created_at: '2026-01-01T00:00:00.100Z',
  expires_at: null,
  nonce: 'n',
  context: { tenant_id: '', delegation_chain_hash: '', delegation_depth: 0, scopes_used: [] },
  payload: null,
  previous_receipt_id: null,
  signature: { alg: 'x', kid: 'y', value: 'z' },
};

describe('receiptSigningInput', () => {
  it('signs a missing expires_at as the zero time, a null payload as null, and omits an empty previous_receipt_id', () => {
    expect(receiptSigningInput(BASE_RECEIPT)).toBe(
      '{"context":{"delegation_chain_hash":"","delegation_depth":0,"scopes_used":[],"tenant_id":""},"created_at":"2026-01-01T00:00:00.1Z","expires_at":"0001-01-01T00:00:00Z","issuer_id":"maip-agent:I","nonce":"n","payload":null,"receipt_id":"rcpt_1","receipt_type":"maip_genesis","schema_version":"1.0.0","subject_id":"s","subject_type":"agent"}',
    );
    expect(receiptSigningInput({ ...BASE_RECEIPT, previous_receipt_id: '' })).not.toContain('previous_receipt_id');
  });

  it('signs a non-empty previous_receipt_id', () => {
    expect(receiptSigningInput({ ...BASE_RECEIPT, previous_receipt_id: 'rcpt_0' })).toContain('"previous_receipt_id":"rcpt_0","receipt_id"');
  });

  it('signs scopes_used null and [] differently', () => {
    const withNull = receiptSigningInput({ ...BASE_RECEIPT, context: { ...BASE_RECEIPT.context, scopes_used: null } });
    expect(withNull).toContain('"scopes_used":null');
    expect(receiptSigningInput(BASE_RECEIPT)).toContain('"scopes_used":[]');
  });

  it('re-encodes the payload the Go way (sorted by UTF-8, HTML-escaped, float64 numbers)', () => {
    const payload = { z: '<&>', '😀': Number('12345678901234567890'), '\ufb33': -0, a: [1e21, 1e-7, '\u2028'] };
    expect(receiptSigningInput({ ...BASE_RECEIPT, payload })).toContain(
      '"payload":{"a":[1e+21,1e-7,"\\u2028"],"z":"\\u003c\\u0026\\u003e","\ufb33":-0,"😀":12345678901234567000}',
    );
  });

  it('signs none of the signature members', () => {
    expect(receiptSigningInput(BASE_RECEIPT)).not.toContain('signature');
  });
});
